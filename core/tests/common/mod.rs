//! Test helpers: a started emulator, clients for it, and its admin routes (faults, counters, request log).
#![allow(dead_code)]

use composio::{Client, ClientOptions, Credential, RawRequest};
use composio_emulator::Emulator;
use serde_json::{json, Value};

pub async fn emulator() -> Emulator {
    Emulator::start().await.expect("the emulator starts")
}

pub fn options(emu: &Emulator) -> ClientOptions {
    ClientOptions {
        api_key: Some(emu.api_key.clone()),
        org_api_key: Some(emu.org_api_key.clone()),
        base_url: Some(emu.base_url.clone()),
        ..ClientOptions::default()
    }
}

pub fn client(emu: &Emulator) -> Client {
    Client::new(options(emu)).expect("client builds")
}

/// A client for the emulator that makes exactly one attempt per call.
pub fn client_without_retries(emu: &Emulator) -> Client {
    Client::new(ClientOptions {
        max_retries: Some(0),
        ..options(emu)
    })
    .expect("client builds")
}

/// Admin routes take no credential; they go through our own raw request on purpose.
pub async fn admin(emu: &Emulator, method: &str, path: &str, body: Option<Value>) -> Value {
    let admin = Client::new(ClientOptions {
        base_url: Some(emu.base_url.clone()),
        max_retries: Some(0),
        ..ClientOptions::default()
    })
    .unwrap();
    let request = RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: Vec::new(),
        body,
        credential: Credential::None,
    };
    admin.request(&request).await.expect("admin route answers")
}

pub async fn fault(emu: &Emulator, fault: Value) {
    admin(emu, "POST", "/_emulator/faults", Some(fault)).await;
}

pub async fn reset(emu: &Emulator) {
    admin(emu, "POST", "/_emulator/reset", Some(json!({}))).await;
}

/// Requests the emulator received for `"METHOD /path"` since the last reset.
pub async fn count(emu: &Emulator, route: &str) -> u64 {
    admin(emu, "GET", "/_emulator/counts", None).await[route]
        .as_u64()
        .unwrap_or(0)
}

pub async fn request_log(emu: &Emulator) -> Vec<Value> {
    admin(emu, "GET", "/_emulator/requests", None)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A name no other test uses, for resources that must be unique.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{:08x}", fastrand_u32())
}

fn fastrand_u32() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    nanos ^ NEXT.fetch_add(0x9E37_79B9, Ordering::Relaxed)
}

/// A request a test's webhook receiver got: its headers and raw body.
pub type Received = (Vec<(String, String)>, Vec<u8>);

/// A minimal HTTP receiver on 127.0.0.1 for webhooks: answers every POST with 200 and keeps each request.
pub async fn webhook_receiver() -> (String, std::sync::Arc<std::sync::Mutex<Vec<Received>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/composio", listener.local_addr().unwrap());
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                let (head_end, length) = loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    data.extend_from_slice(&buf[..n]);
                    if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&data[..end]).to_string();
                        let length = head
                            .lines()
                            .filter_map(|l| l.split_once(':'))
                            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                            .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while data.len() < head_end + length {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    data.extend_from_slice(&buf[..n]);
                }
                let head = String::from_utf8_lossy(&data[..head_end]).to_string();
                let headers = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect();
                let body = data[head_end..(head_end + length).min(data.len())].to_vec();
                store.lock().unwrap().push((headers, body));
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    (url, received)
}

/// A directory of its own under the system's temporary directory, removed when dropped.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "composio-{label}-{}-{n}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
