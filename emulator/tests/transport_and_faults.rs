//! Request ids, rate-limit headers, routing errors, the admin routes and every fault kind; also `spawn()` and the
//! binary's JSON line.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

use common::setup;
use reqwest::Method;
use serde_json::{json, Value};

const TOOLS: &str = "/api/v3.1/tools";

#[tokio::test]
async fn request_id_and_rate_limit_headers() {
    let ctx = setup().await;
    let mut headers = ctx.project();
    headers.push(("x-request-id", "client-chosen-42".into()));
    let r = ctx.get(&format!("{TOOLS}?limit=1"), &headers).await;
    assert_eq!(r.header("x-request-id"), Some("client-chosen-42"));
    let err = ctx.get("/api/v3.1/tools/NOPE", &headers).await;
    assert_eq!(err.json["error"]["request_id"], "client-chosen-42");

    let first = ctx.get(&format!("{TOOLS}?limit=1"), &ctx.project()).await;
    let id = first.header("x-request-id").unwrap();
    assert!(
        id.starts_with("req_") && id.len() == 20 && id[4..].chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(first.header("x-ratelimit"), Some("1000"));
    assert_eq!(first.header("x-ratelimit-window-size"), Some("60"));
    let before: u32 = first
        .header("x-ratelimit-remaining")
        .unwrap()
        .parse()
        .unwrap();
    let second = ctx.get(&format!("{TOOLS}?limit=1"), &ctx.project()).await;
    let after: u32 = second
        .header("x-ratelimit-remaining")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(after + 1, before);
    assert_ne!(second.header("x-request-id"), first.header("x-request-id"));
    // Errors carry the headers too.
    assert_eq!(
        ctx.get(TOOLS, &[]).await.header("x-ratelimit"),
        Some("1000")
    );
}

#[tokio::test]
async fn unknown_routes_and_methods_are_envelopes() {
    let ctx = setup().await;
    ctx.get("/api/v3.1/nothing/here", &ctx.project())
        .await
        .assert_error(404, "Route_NotFound");
    ctx.get("/elsewhere", &[])
        .await
        .assert_error(404, "Route_NotFound");
    let r = ctx.send(Method::DELETE, TOOLS, &ctx.project(), None).await;
    r.assert_error(405, "Route_MethodNotAllowed");
    assert_eq!(
        r.json["error"]["message"],
        "Method DELETE is not allowed on /api/v3.1/tools"
    );
}

#[tokio::test]
async fn envelope_fault_with_retry_headers_counts_down() {
    let ctx = setup().await;
    let added = ctx
        .admin(
            Method::POST,
            "/_emulator/faults",
            Some(json!({"method": "GET", "path": TOOLS, "count": 2,
            "status": 503, "retry_after": "1", "retry_after_ms": 10, "should_retry": "false"})),
        )
        .await;
    assert_eq!(added["status"], "ok");
    // Another method and path are not affected.
    assert_eq!(
        ctx.get("/api/v3/tools?limit=1", &ctx.project())
            .await
            .status,
        200
    );
    for _ in 0..2 {
        let r = ctx.get(TOOLS, &ctx.project()).await;
        r.assert_error(503, "Emulator_InjectedFault");
        assert_eq!(r.json["error"]["message"], "Injected fault");
        assert_eq!(r.header("retry-after"), Some("1"));
        assert_eq!(r.header("retry-after-ms"), Some("10"));
        assert_eq!(r.header("x-should-retry"), Some("false"));
    }
    assert_eq!(ctx.get(TOOLS, &ctx.project()).await.status, 200);
    let counts = ctx.admin(Method::GET, "/_emulator/counts", None).await;
    assert_eq!(counts["GET /api/v3.1/tools"], 3);
    assert_eq!(counts["GET /api/v3/tools"], 1);

    ctx.admin(
        Method::POST,
        "/_emulator/faults",
        Some(json!({"path": TOOLS})),
    )
    .await;
    ctx.get(TOOLS, &ctx.project())
        .await
        .assert_error(500, "Emulator_InjectedFault");
    let r = ctx
        .send(
            Method::POST,
            "/_emulator/faults",
            &[],
            Some(json!({"path": "x", "count": 1})),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = ctx
        .send(
            Method::POST,
            "/_emulator/faults",
            &[],
            Some(json!({"path": "/x", "body_kind": "weird"})),
        )
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn raw_bodies_and_redirects() {
    let ctx = setup().await;
    let faults = [
        json!({"path": TOOLS, "status": 429, "body": "{\"message\": \"Rate limit exceeded. Limit: 5 requests per 1 minutes\"}", "body_kind": "raw", "retry_after": 2}),
        json!({"path": TOOLS, "status": 502, "body": "<html>Bad gateway</html>"}),
        json!({"path": TOOLS, "redirect_to": "http://127.0.0.2:9/api/v3.1/tools"}),
    ];
    for f in faults {
        ctx.admin(Method::POST, "/_emulator/faults", Some(f)).await;
    }
    let r = ctx.get(TOOLS, &ctx.project()).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.json["message"],
        "Rate limit exceeded. Limit: 5 requests per 1 minutes"
    );
    assert_eq!(r.header("retry-after"), Some("2"));
    let r = ctx.get(TOOLS, &ctx.project()).await;
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(r.text, "<html>Bad gateway</html>");
    let r = ctx.get(TOOLS, &ctx.project()).await;
    assert_eq!(r.status, 307);
    assert_eq!(
        r.header("location"),
        Some("http://127.0.0.2:9/api/v3.1/tools")
    );
    assert!(r.header("x-request-id").is_some());
}

#[tokio::test]
async fn truncated_and_reset_break_the_connection() {
    let ctx = setup().await;
    ctx.admin(
        Method::POST,
        "/_emulator/faults",
        Some(json!({"path": TOOLS, "status": 200, "body_kind": "truncated"})),
    )
    .await;
    let response = ctx
        .http
        .get(ctx.url(TOOLS))
        .header("x-api-key", &ctx.emu.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(111));
    assert!(
        response.bytes().await.is_err(),
        "a truncated body must fail to read"
    );

    ctx.admin(
        Method::POST,
        "/_emulator/faults",
        Some(json!({"path": TOOLS, "body_kind": "reset"})),
    )
    .await;
    let err = ctx
        .http
        .get(ctx.url(TOOLS))
        .header("x-api-key", &ctx.emu.api_key)
        .send()
        .await;
    assert!(
        err.is_err(),
        "reset must fail before any response: {:?}",
        err.map(|r| r.status())
    );

    assert_eq!(ctx.get(TOOLS, &ctx.project()).await.status, 200);
    assert_eq!(
        ctx.admin(Method::GET, "/_emulator/counts", None).await["GET /api/v3.1/tools"],
        3
    );
}

#[tokio::test]
async fn delay_only_slows_the_real_answer() {
    let ctx = setup().await;
    ctx.admin(
        Method::POST,
        "/_emulator/faults",
        Some(json!({"path": TOOLS, "delay_ms": 150})),
    )
    .await;
    let started = Instant::now();
    let r = ctx.get(&format!("{TOOLS}?limit=1"), &ctx.project()).await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(r.status, 200);
    assert_eq!(r.json["items"].as_array().unwrap().len(), 1);
    // A client-side timeout shorter than the delay fails.
    ctx.admin(
        Method::POST,
        "/_emulator/faults",
        Some(json!({"path": TOOLS, "delay_ms": 2000, "status": 500})),
    )
    .await;
    let timed_out = ctx
        .http
        .get(ctx.url(TOOLS))
        .header("x-api-key", &ctx.emu.api_key)
        .timeout(Duration::from_millis(100))
        .send()
        .await;
    assert!(timed_out.unwrap_err().is_timeout());
}

#[tokio::test]
async fn request_log_masks_credentials_and_reset_clears() {
    let ctx = setup().await;
    ctx.get(&format!("{TOOLS}?limit=1&tags=a,b"), &ctx.project())
        .await;
    let bearer = vec![("authorization", format!("Bearer {}", ctx.emu.api_key))];
    ctx.get(TOOLS, &bearer).await;
    ctx.get("/api/v3/org/owner/project/list", &ctx.org()).await;
    let log = ctx.admin(Method::GET, "/_emulator/requests", None).await;
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], TOOLS);
    assert_eq!(log[0]["query"], "limit=1&tags=a,b");
    assert_eq!(log[0]["headers"]["x-api-key"], "ak_***");
    assert_eq!(log[1]["query"], Value::Null);
    assert_eq!(log[1]["headers"]["authorization"], "Bearer ak_***");
    assert_eq!(log[2]["headers"]["x-org-api-key"], "oak_***");
    let dump = serde_json::to_string(&log).unwrap();
    assert!(!dump.contains(&ctx.emu.api_key) && !dump.contains(&ctx.emu.org_api_key));

    ctx.admin(
        Method::POST,
        "/_emulator/faults",
        Some(json!({"path": TOOLS})),
    )
    .await;
    assert_eq!(
        ctx.admin(Method::POST, "/_emulator/reset", None).await["status"],
        "ok"
    );
    assert_eq!(
        ctx.admin(Method::GET, "/_emulator/requests", None).await,
        json!([])
    );
    assert_eq!(
        ctx.admin(Method::GET, "/_emulator/counts", None).await,
        json!({})
    );
    assert_eq!(
        ctx.admin(Method::GET, "/_emulator/faults", None).await,
        json!([])
    );
    // Data survives a reset.
    assert_eq!(ctx.get(TOOLS, &ctx.project()).await.status, 200);
}

/// One blocking HTTP/1.1 request with a std socket (no async runtime on this thread).
fn blocking_get(base_url: &str, path: &str, api_key: &str) -> String {
    let addr = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nx-api-key: {api_key}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn spawn_serves_from_its_own_thread_and_stops_on_drop() {
    let emu = composio_emulator::Emulator::spawn().unwrap();
    let answer = blocking_get(&emu.base_url, "/api/v3.1/tools?limit=1", &emu.api_key);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(!format!("{emu:?}").contains(&emu.api_key));
    assert_eq!(emu.info_json()["project_id"], emu.project_id.as_str());
    let addr = emu.base_url.trim_start_matches("http://").to_string();
    drop(emu);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "the port is closed once drop returns"
    );
}

#[test]
fn binary_prints_one_json_line() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_composio-emulator"))
        .args(["--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let answer = blocking_get(
        info["base_url"].as_str().unwrap(),
        "/api/v3.1/tools?limit=1",
        info["api_key"].as_str().unwrap(),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    for (field, prefix) in [
        ("org_id", "org_"),
        ("org_api_key", "oak_"),
        ("readonly_org_api_key", "oak_"),
        ("project_id", "proj_"),
        ("api_key", "ak_"),
        ("other_org_api_key", "oak_"),
        ("other_project_id", "proj_"),
        ("other_api_key", "ak_"),
    ] {
        assert!(info[field].as_str().unwrap().starts_with(prefix), "{field}");
    }
}
