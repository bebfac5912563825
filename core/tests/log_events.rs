//! The library's log events. One global subscriber for this whole binary: a scoped (thread-local)
//! subscriber races with tracing's per-callsite interest cache when other tests run in parallel.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use composio::{Client, ClientOptions, ErrorKind, ExecuteParams, ToolListParams};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every event of this library (target `composio`, not `composio_emulator`) as text.
fn captured() -> String {
    static SINK: OnceLock<Captured> = OnceLock::new();
    let sink = SINK.get_or_init(|| {
        let sink = Captured::default();
        let writer = sink.clone();
        let filter = tracing_subscriber::EnvFilter::new("composio_emulator=off,composio=trace");
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        sink
    });
    String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
}

#[tokio::test]
async fn events_name_the_call_but_not_the_key_or_query_values() {
    captured();
    let emu = common::emulator().await;
    let params = ToolListParams {
        search: Some("supersecretsearch".into()),
        ..Default::default()
    };
    common::client(&emu).tools().list(&params).await.unwrap();
    let logs = captured();
    assert!(
        logs.contains("tools.list") && logs.contains("request_id"),
        "{logs}"
    );
    assert!(!logs.contains(&emu.api_key), "{logs}");
    assert!(!logs.contains("supersecretsearch"), "{logs}");
}

/// With nothing listening no server can count attempts, so they are counted from the events.
#[tokio::test]
async fn execution_is_retried_when_the_connection_was_refused() {
    captured();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(ClientOptions {
        api_key: Some("ak_nothinglistens".into()),
        base_url: Some(format!("http://127.0.0.1:{port}")),
        ..ClientOptions::default()
    })
    .unwrap();
    let err = client
        .tools()
        .execute("ANY_TOOL", &ExecuteParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    let request_id = err.request_id().unwrap().to_string();
    let logs = captured();
    let attempts = logs
        .lines()
        .filter(|l| l.contains(&request_id) && l.contains("request attempt"))
        .count();
    assert_eq!(attempts, 3, "{logs}");
}
