//! Keys never leak: not to plain http, not to another origin, not into Debug, errors or logs.

mod common;

use composio::{Client, ClientOptions, Credential, ErrorKind, RawRequest, ToolListParams};
use serde_json::json;

#[tokio::test]
async fn refuses_plain_http_to_a_non_loopback_host_before_sending() {
    let client = Client::new(ClientOptions {
        api_key: Some("ak_secretsecret".into()),
        base_url: Some("http://composio.example:9".into()),
        ..ClientOptions::default()
    })
    .unwrap();
    let err = client
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("plain http"), "{err}");
    assert!(!err.to_string().contains("secretsecret"));
}

#[tokio::test]
async fn never_follows_a_redirect_to_another_origin() {
    let emu = common::emulator().await;
    let elsewhere = common::emulator().await;
    common::reset(&elsewhere).await;
    let target = format!(
        "{}/api/v3.1/tools",
        elsewhere.base_url.trim_end_matches('/')
    );
    common::fault(
        &emu,
        json!({"method": "GET", "path": "/api/v3.1/tools", "count": 1, "redirect_to": target}),
    )
    .await;
    let err = common::client(&emu)
        .tools()
        .list(&Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ApiStatus, "{err}");
    assert_eq!(err.status(), Some(307));
    assert_eq!(common::count(&elsewhere, "GET /api/v3.1/tools").await, 0);
}

#[tokio::test]
async fn follows_a_redirect_within_the_origin() {
    let emu = common::emulator().await;
    let target = format!("{}/api/v3/tools", emu.base_url.trim_end_matches('/'));
    common::fault(
        &emu,
        json!({"method": "GET", "path": "/api/v3.1/tools", "count": 1, "redirect_to": target}),
    )
    .await;
    let page = common::client(&emu)
        .tools()
        .list(&Default::default())
        .await
        .unwrap();
    assert!(!page.items.is_empty());
}

#[tokio::test]
async fn raw_requests_stay_on_the_configured_origin() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    for path in [
        "http://evil.example/api",
        "//evil.example/api",
        "api/v3.1/tools",
    ] {
        let err = client.request(&RawRequest::get(path)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration, "{path}");
    }
    let tools = client
        .request(&RawRequest {
            query: vec![("limit".into(), "2".into())],
            ..RawRequest::get("/api/v3.1/tools")
        })
        .await
        .unwrap();
    assert_eq!(tools["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn raw_request_uses_the_chosen_credential() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let projects = client
        .request(&RawRequest {
            credential: Credential::Org,
            ..RawRequest::get("/api/v3/org/owner/project/list")
        })
        .await
        .unwrap();
    assert!(projects["data"].is_array());
    let err = client
        .request(&RawRequest::get("/api/v3/org/owner/project/list"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
}

#[test]
fn rejects_keys_with_whitespace_or_control_characters() {
    for bad in ["ak_abc def", "ak_abc\n", "ak_\u{7}bell", ""] {
        let err = Client::new(ClientOptions {
            api_key: Some(bad.into()),
            ..ClientOptions::default()
        })
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(!err.to_string().contains("abc"), "{err}");
    }
}

#[test]
fn credentials_cannot_be_smuggled_in_default_headers() {
    let err = Client::new(ClientOptions {
        default_headers: vec![("X-API-Key".into(), "ak_sneaky123".into())],
        ..ClientOptions::default()
    })
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(!err.to_string().contains("sneaky"));
}

#[tokio::test]
async fn debug_and_errors_show_masked_keys_only() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let debug = format!("{client:?} {:?}", common::options(&emu));
    assert!(
        !debug.contains(&emu.api_key) && !debug.contains(&emu.org_api_key),
        "{debug}"
    );
    assert!(debug.contains("ak_***"));

    let details = client.projects().get(&emu.project_id).await.unwrap();
    let debug = format!("{details:?}");
    assert!(!debug.contains(&emu.api_key), "{debug}");

    let bad = client.with_api_key("ak_wrongwrongwrong").unwrap();
    let err = bad.tools().list(&Default::default()).await.unwrap_err();
    let text = format!(
        "{err} {err:?} {} {:?} {:?}",
        err.body().unwrap_or(""),
        err.suggested_fix(),
        err.errors()
    );
    assert!(!text.contains("wrongwrongwrong"), "{text}");
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn server_echoing_a_key_is_redacted_from_the_error() {
    let emu = common::emulator().await;
    let k = &emu.api_key;
    let body = format!(
        "{{\"error\": {{\"message\": \"bad key {k}\", \"status\": 400, \"suggested_fix\": \"use {k}\", \"errors\": [\"{k}\"]}}}}"
    );
    common::fault(&emu, json!({"path": "/api/v3.1/tools", "count": 1, "status": 400, "body_kind": "raw", "body": body})).await;
    let err = common::client(&emu)
        .tools()
        .list(&Default::default())
        .await
        .unwrap_err();
    let text = format!("{err} {err:?} {}", err.body().unwrap_or(""));
    assert!(!text.contains(&emu.api_key), "{text}");
    assert_eq!(err.message(), "bad key ak_***");
    assert_eq!(err.suggested_fix(), Some("use ak_***"));
    assert_eq!(err.errors(), ["ak_***"]);
}
