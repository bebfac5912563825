//! Retries: which failures are retried, how many times, with one request id; never a non-idempotent call once sent.

mod common;

use composio::{ErrorKind, ExecuteParams, ToolListParams};
use serde_json::json;

const TOOLS: &str = "GET /api/v3.1/tools";

#[tokio::test]
async fn one_request_id_across_all_attempts() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    common::fault(
        &emu,
        json!({"path": "/api/v3.1/tools", "count": 2, "status": 503, "retry_after_ms": "1"}),
    )
    .await;
    common::client(&emu)
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap();
    let ids: Vec<String> = common::request_log(&emu)
        .await
        .iter()
        .filter(|e| e["path"] == "/api/v3.1/tools")
        .map(|e| e["headers"]["x-request-id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids.iter().all(|id| id == &ids[0] && id.starts_with("req_")),
        "{ids:?}"
    );
}

#[tokio::test]
async fn retryable_statuses_are_retried_and_others_are_not() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    for (status, attempts) in [
        (408, 2),
        (409, 2),
        (429, 2),
        (500, 2),
        (400, 1),
        (401, 1),
        (404, 1),
        (422, 1),
    ] {
        common::reset(&emu).await;
        common::fault(
            &emu,
            json!({"path": "/api/v3.1/tools", "count": 1, "status": status, "retry_after_ms": "1"}),
        )
        .await;
        let result = client.tools().list(&ToolListParams::default()).await;
        assert_eq!(result.is_ok(), attempts == 2, "status {status}");
        assert_eq!(
            common::count(&emu, TOOLS).await,
            attempts,
            "status {status}"
        );
    }
}

#[tokio::test]
async fn x_should_retry_true_overrides_the_status_rule() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    common::fault(&emu, json!({"path": "/api/v3.1/tools", "count": 1, "status": 400, "should_retry": "true", "retry_after_ms": "1"})).await;
    common::client(&emu)
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap();
    assert_eq!(common::count(&emu, TOOLS).await, 2);
}

#[tokio::test]
async fn a_cut_off_body_is_retried_for_reads() {
    let emu = common::emulator().await;
    for kind in ["truncated", "reset"] {
        common::reset(&emu).await;
        common::fault(
            &emu,
            json!({"path": "/api/v3.1/tools", "count": 1, "status": 200, "body_kind": kind}),
        )
        .await;
        let page = common::client(&emu)
            .tools()
            .list(&ToolListParams::default())
            .await;
        assert!(page.is_ok(), "{kind}: {page:?}");
        assert_eq!(common::count(&emu, TOOLS).await, 2, "{kind}");
    }
}

/// Without retries a cut-off body is a connection error on a 2xx, and keeps its status's kind otherwise.
#[tokio::test]
async fn a_cut_off_body_without_retries_is_typed_by_its_status() {
    let emu = common::emulator().await;
    let client = common::client_without_retries(&emu);
    for (status, kind) in [(200, ErrorKind::Connection), (503, ErrorKind::Server)] {
        let fault = json!({"path": "/api/v3.1/tools", "count": 1, "status": status, "body_kind": "truncated"});
        common::fault(&emu, fault).await;
        let err = client
            .tools()
            .list(&ToolListParams::default())
            .await
            .unwrap_err();
        assert_eq!((err.kind(), err.status()), (kind, Some(status)), "{err}");
    }
}

#[tokio::test]
async fn execution_is_not_retried_after_a_cut_off_response() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    let path = "/api/v3.1/tools/execute/GITHUB_STAR_REPOSITORY";
    common::fault(&emu, json!({"method": "POST", "path": path, "count": 1, "status": 200, "body_kind": "truncated"})).await;
    let err = common::client(&emu)
        .tools()
        .execute("GITHUB_STAR_REPOSITORY", &ExecuteParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert_eq!(common::count(&emu, &format!("POST {path}")).await, 1);
}

#[tokio::test]
async fn retry_after_is_reported_on_the_error() {
    let emu = common::emulator().await;
    common::fault(
        &emu,
        json!({"path": "/api/v3.1/tools", "count": 1, "status": 429, "retry_after": "42"}),
    )
    .await;
    let client = common::client_without_retries(&emu);
    let err = client
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(42)));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn per_call_settings_come_from_with_options() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    common::fault(
        &emu,
        json!({"path": "/api/v3.1/tools", "count": 5, "status": 503, "retry_after_ms": "1"}),
    )
    .await;
    let client = common::client(&emu).with_options(composio::OptionOverrides {
        max_retries: Some(4),
        ..Default::default()
    });
    assert!(client
        .tools()
        .list(&ToolListParams::default())
        .await
        .is_err());
    assert_eq!(common::count(&emu, TOOLS).await, 5);
}
