//! Trigger types, trigger instances, and signed webhook delivery to a receiver running inside the test.

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::{setup, Ctx};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Sha256;

const TYPES: &str = "/api/v3.1/triggers_types";
const INSTANCES: &str = "/api/v3.1/trigger_instances";

/// What a receiver got: one entry per HTTP request.
#[derive(Clone, Default)]
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    /// Statuses to answer, in order; 200 once they run out.
    script: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    fn got(&self) -> Vec<(HeaderMap, Bytes)> {
        self.got.lock().unwrap().clone()
    }
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    r.got.lock().unwrap().push((headers, body));
    let code = r.script.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(code).unwrap()
}

/// A webhook receiver on 127.0.0.1:0 answering `script` then 200s.
async fn receiver(script: &[u16]) -> Receiver {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let r = Receiver {
        url: format!("http://{addr}/hooks/composio?source=emulator"),
        script: Arc::new(Mutex::new(script.iter().copied().collect())),
        ..Receiver::default()
    };
    let app = Router::new()
        .route("/hooks/composio", post(receive))
        .with_state(r.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    r
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).unwrap().to_str().unwrap()
}

/// Admin routes are outside the request-id middleware, so check status and slug only.
fn assert_admin_error(r: &common::Resp, status: u16, slug: &str) {
    assert_eq!(
        (r.status, &r.json["error"]["slug"]),
        (status, &json!(slug)),
        "{}",
        r.text
    );
}

/// Standard Webhooks verification, written independently of the emulator: HMAC-SHA256 keyed with the secret's
/// UTF-8 bytes over "{id}.{timestamp}.{raw body}", base64, `v1,` prefix.
fn assert_signed(secret: &str, headers: &HeaderMap, body: &[u8]) {
    let id = header(headers, "webhook-id");
    let timestamp = header(headers, "webhook-timestamp");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let expected = format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()));
    assert_eq!(header(headers, "webhook-signature"), expected);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let ts: u64 = timestamp.parse().unwrap();
    assert!(now.abs_diff(ts) < 300, "timestamp {ts} vs now {now}");
}

async fn set_webhook(ctx: &Ctx, url: &str) -> String {
    let r = ctx
        .post(
            &format!("/_emulator/projects/{}/webhook", ctx.emu.project_id),
            &[],
            json!({ "url": url }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["webhook_url"], url);
    r.json["webhook_secret"].as_str().unwrap().to_string()
}

async fn upsert(ctx: &Ctx, slug: &str, body: Value) -> common::Resp {
    ctx.post(&format!("{INSTANCES}/{slug}/upsert"), &ctx.project(), body)
        .await
}

async fn github_trigger(ctx: &Ctx) -> String {
    let r = upsert(
        ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": "octocat", "repo": "hello"}}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["trigger_id"].as_str().unwrap().to_string()
}

async fn fire(ctx: &Ctx, id: &str, body: Value) -> common::Resp {
    ctx.post(&format!("/_emulator/triggers/{id}/fire"), &[], body)
        .await
}

async fn active(ctx: &Ctx, query: &str) -> Value {
    let r = ctx
        .get(&format!("{INSTANCES}/active{query}"), &ctx.project())
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

#[tokio::test]
async fn trigger_types_catalogue() {
    let ctx = setup().await;
    let p = ctx.project();
    let all = ctx.get(TYPES, &p).await;
    assert_eq!(all.status, 200, "{}", all.text);
    let total = all.json["total_items"].as_u64().unwrap();
    assert!(total >= 4);
    for item in all.json["items"].as_array().unwrap() {
        for field in [
            "slug",
            "name",
            "description",
            "instructions",
            "type",
            "toolkit",
            "config",
            "payload",
            "version",
        ] {
            assert!(item.get(field).is_some(), "{field} in {item}");
        }
        assert!(["webhook", "poll"].contains(&item["type"].as_str().unwrap()));
        assert!(item["toolkit"]["name"].is_string() && item["toolkit"]["logo"].is_string());
    }

    let github = ctx
        .get(&format!("{TYPES}?toolkit_slugs=github&limit=2"), &p)
        .await
        .json;
    assert_eq!(github["items"].as_array().unwrap().len(), 2);
    assert!(github["next_cursor"].is_string());
    let both = ctx
        .get(&format!("{TYPES}?toolkit_slugs=github,gmail"), &p)
        .await
        .json;
    let slugs: Vec<&str> = both["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"GITHUB_COMMIT_EVENT") && slugs.contains(&"GMAIL_NEW_GMAIL_MESSAGE"));
    assert!(!slugs.contains(&"SLACK_RECEIVE_MESSAGE"));

    let commit = ctx
        .get(&format!("{TYPES}/github_commit_event"), &p)
        .await
        .json;
    assert_eq!(commit["slug"], "GITHUB_COMMIT_EVENT");
    assert_eq!(commit["type"], "webhook");
    assert_eq!(commit["config"]["required"], json!(["owner", "repo"]));
    assert_eq!(commit["config"]["properties"]["owner"]["type"], "string");
    assert_eq!(commit["payload"]["type"], "object");
    assert_eq!(commit["version"], "20251020_00");
    let gmail = ctx
        .get(
            &format!("{TYPES}/GMAIL_NEW_GMAIL_MESSAGE?toolkit_versions=20250901_00"),
            &p,
        )
        .await
        .json;
    assert_eq!(gmail["type"], "poll");
    assert_eq!(gmail["version"], "20250901_00");
    ctx.get(&format!("{TYPES}/NOPE_EVENT"), &p)
        .await
        .assert_error(404, "TriggerType_NotFound");
    ctx.get(&format!("{TYPES}?toolkit_versions=1999"), &p)
        .await
        .assert_error(400, "TriggerType_InvalidVersion");

    let names = ctx.get(&format!("{TYPES}/list/enum"), &p).await;
    assert_eq!(names.status, 200);
    let names = names.json.as_array().unwrap().clone();
    assert_eq!(names.len() as u64, total);
    assert!(names.contains(&json!("SLACK_RECEIVE_MESSAGE")));
    assert!(names.contains(&json!("GITHUB_STAR_ADDED_EVENT")));

    // The toolkit's triggers_count agrees with the catalogue, on both prefixes.
    let toolkit = ctx.get("/api/v3/toolkits/github", &p).await.json;
    let github_all = ctx
        .get("/api/v3/triggers_types?toolkit_slugs=github", &p)
        .await
        .json;
    assert_eq!(toolkit["meta"]["triggers_count"], github_all["total_items"]);
    ctx.get(TYPES, &[])
        .await
        .assert_error(401, "Auth_InvalidApiKey");
}

#[tokio::test]
async fn trigger_instances_lifecycle() {
    let ctx = setup().await;
    let p = ctx.project();
    let id = github_trigger(&ctx).await;
    assert!(id.starts_with("ti_") && id.len() == 15, "{id}");
    assert!(id[3..]
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));

    // Upsert: the same slug and account update the instance (same id); the deprecated names work too.
    let again = upsert(
        &ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connectedAuthId": "ca_default_1", "triggerConfig": {"owner": "octocat", "repo": "world"}}),
    )
    .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json["trigger_id"], id.as_str());
    let uuid = again.json["deprecated"]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let star = upsert(
        &ctx,
        "GITHUB_STAR_ADDED_EVENT",
        json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": "o", "repo": "r"}}),
    )
    .await;
    let star = star.json["trigger_id"].as_str().unwrap().to_string();
    assert_ne!(star, id);

    let list = active(&ctx, "").await;
    assert_eq!(list["total_items"], 2);
    let item = &list["items"][1];
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["uuid"], uuid.as_str());
    assert_eq!(item["trigger_name"], "GITHUB_COMMIT_EVENT");
    assert_eq!(item["triggerName"], "GITHUB_COMMIT_EVENT");
    assert_eq!(item["connected_account_id"], "ca_default_1");
    assert_eq!(item["connectedAccountId"], "ca_default_1");
    assert_eq!(item["user_id"], "user-1");
    assert_eq!(
        item["trigger_config"],
        json!({"owner": "octocat", "repo": "world"})
    );
    assert_eq!(item["triggerConfig"], item["trigger_config"]);
    assert_eq!(item["state"], json!({}));
    assert!(item["connected_account_uuid"].is_string());
    assert_eq!(item["disabled_at"], Value::Null);
    assert_eq!(item["disabledAt"], Value::Null);
    assert_eq!(item["updatedAt"], item["updated_at"]);
    assert!(item["deprecated"]["createdAt"].is_string());
    assert_eq!(list["items"][0]["id"], star.as_str(), "newest first");

    // Filters, camelCase aliases, pages.
    let by_id = active(&ctx, &format!("?trigger_ids={id}")).await;
    assert_eq!(by_id["total_items"], 1);
    let by_alias = active(&ctx, &format!("?triggerIds={star}")).await;
    assert_eq!(by_alias["items"][0]["id"], star.as_str());
    let by_name = active(&ctx, "?trigger_names=github_star_added_event").await;
    assert_eq!(by_name["total_items"], 1);
    assert_eq!(
        active(&ctx, "?connected_account_ids=ca_default_3").await["total_items"],
        0
    );
    assert_eq!(
        active(&ctx, "?auth_config_ids=ac_githubmanaged").await["total_items"],
        2
    );
    assert_eq!(
        active(&ctx, "?authConfigIds=ac_slackmanaged").await["total_items"],
        0
    );
    let first = active(&ctx, "?limit=1").await;
    assert_eq!(first["total_pages"], 2);
    let second = active(&ctx, "?limit=1&page=2").await;
    assert_eq!(second["items"][0]["id"], id.as_str());
    assert_eq!(second["current_page"], 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    assert_eq!(
        active(&ctx, &format!("?limit=1&cursor={cursor}")).await["items"][0]["id"],
        id.as_str()
    );

    // Disable / enable / delete.
    let manage = format!("{INSTANCES}/manage/{id}");
    let r = ctx
        .send(
            Method::PATCH,
            &manage,
            &p,
            Some(json!({"status": "disable"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"status": "success"}));
    assert_eq!(active(&ctx, "").await["total_items"], 1);
    let shown = active(&ctx, &format!("?show_disabled=true&trigger_ids={id}")).await;
    assert!(shown["items"][0]["disabled_at"].is_string());
    assert_eq!(
        shown["items"][0]["disabledAt"],
        shown["items"][0]["disabled_at"]
    );
    assert_eq!(active(&ctx, "?showDisabled=true").await["total_items"], 2);
    ctx.send(
        Method::PATCH,
        &manage,
        &p,
        Some(json!({"status": "disable"})),
    )
    .await
    .assert_error(409, "TriggerInstance_AlreadyInState");
    ctx.send(Method::PATCH, &manage, &p, Some(json!({"status": "pause"})))
        .await
        .assert_error(400, "TriggerInstance_InvalidRequest");
    let r = ctx
        .send(
            Method::PATCH,
            &manage,
            &p,
            Some(json!({"status": "enable"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(active(&ctx, "").await["total_items"], 2);
    let r = ctx.send(Method::DELETE, &manage, &p, None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"trigger_id": id}));
    ctx.send(Method::DELETE, &manage, &p, None)
        .await
        .assert_error(404, "TriggerInstance_NotFound");
    ctx.send(
        Method::PATCH,
        &manage,
        &p,
        Some(json!({"status": "enable"})),
    )
    .await
    .assert_error(404, "TriggerInstance_NotFound");

    // Another project sees none of them; the v3 prefix shares the state.
    let other = ctx
        .get(
            &format!("{INSTANCES}/active"),
            &[("x-api-key", ctx.emu.other_api_key.clone())],
        )
        .await;
    assert_eq!(other.json["total_items"], 0);
    let v3 = ctx.get("/api/v3/trigger_instances/active", &p).await;
    assert_eq!(v3.json["total_items"], 1);
    ctx.send(
        Method::DELETE,
        &format!("{INSTANCES}/manage/{star}"),
        &[("x-api-key", ctx.emu.other_api_key.clone())],
        None,
    )
    .await
    .assert_error(404, "TriggerInstance_NotFound");
}

#[tokio::test]
async fn upsert_errors() {
    let ctx = setup().await;
    let r = upsert(
        &ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": "octocat"}}),
    )
    .await;
    r.assert_error(400, "TriggerInstance_InvalidConfig");
    assert!(r.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("repo"));
    upsert(
        &ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": 1, "repo": "r"}}),
    )
    .await
    .assert_error(400, "TriggerInstance_InvalidConfig");
    upsert(
        &ctx,
        "GMAIL_NEW_GMAIL_MESSAGE",
        json!({"connected_account_id": "ca_default_1"}),
    )
    .await
    .assert_error(400, "ConnectedAccount_ToolkitMismatch");
    upsert(
        &ctx,
        "SLACK_RECEIVE_MESSAGE",
        json!({"connected_account_id": "ca_default_2"}),
    )
    .await
    .assert_error(422, "ConnectedAccount_NotActive");
    upsert(
        &ctx,
        "GMAIL_NEW_GMAIL_MESSAGE",
        json!({"connected_account_id": "ca_default_3"}),
    )
    .await
    .assert_error(422, "ConnectedAccount_NotActive");
    upsert(
        &ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connected_account_id": "ca_other-default_1", "trigger_config": {"owner": "o", "repo": "r"}}),
    )
    .await
    .assert_error(404, "ConnectedAccount_NotFound");
    upsert(
        &ctx,
        "NO_SUCH_TRIGGER",
        json!({"connected_account_id": "ca_default_1"}),
    )
    .await
    .assert_error(404, "TriggerType_NotFound");
    upsert(&ctx, "GITHUB_COMMIT_EVENT", json!({"trigger_config": {}}))
        .await
        .assert_error(400, "TriggerInstance_InvalidRequest");
    upsert(
        &ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connected_account_id": "ca_default_1", "trigger_config": "x"}),
    )
    .await
    .assert_error(400, "TriggerInstance_InvalidRequest");
    upsert(
        &ctx,
        "GITHUB_COMMIT_EVENT",
        json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": "o", "repo": "r"},
               "toolkit_versions": 3}),
    )
    .await
    .assert_error(400, "TriggerInstance_InvalidRequest");
    // A config with no required fields may be empty.
    ctx.admin(
        Method::POST,
        "/_emulator/connected_accounts/ca_default_2/status",
        Some(json!({"status": "ACTIVE"})),
    )
    .await;
    let r = upsert(
        &ctx,
        "SLACK_RECEIVE_MESSAGE",
        json!({"connected_account_id": "ca_default_2", "toolkit_versions": {"slack": "latest"}, "version": "latest"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn fire_delivers_a_signed_event() {
    let ctx = setup().await;
    let hook = receiver(&[]).await;
    let secret = set_webhook(&ctx, &hook.url).await;
    assert!(
        secret.starts_with("whsec_") && secret.len() == 38,
        "{secret}"
    );
    // The project routes show the URL and the secret; setting the URL again keeps the secret.
    let project = ctx
        .get(
            &format!("/api/v3.1/org/owner/project/{}", ctx.emu.project_id),
            &ctx.org(),
        )
        .await
        .json;
    assert_eq!(project["webhook_url"], hook.url.as_str());
    assert_eq!(project["webhook_secret"], secret.as_str());
    assert_eq!(set_webhook(&ctx, &hook.url).await, secret);

    let id = github_trigger(&ctx).await;
    let data = json!({"id": "abc123", "message": "Fix the build", "author": "octocat"});
    let r = fire(&ctx, &id, json!({ "data": data })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["attempts"], 1);
    assert_eq!(r.json["delivered"], true);
    assert_eq!(r.json["status"], 200);

    let got = hook.got();
    assert_eq!(
        got.len(),
        1,
        "delivery finished before the admin call answered"
    );
    let (headers, body) = &got[0];
    assert_eq!(header(headers, "content-type"), "application/json");
    assert_eq!(
        header(headers, "webhook-id"),
        r.json["webhook_id"].as_str().unwrap()
    );
    assert_eq!(header(headers, "x-composio-webhook-version"), "V3");
    assert_eq!(header(headers, "x-composio-delivery-attempt"), "1");
    assert_signed(&secret, headers, body);

    let event: Value = serde_json::from_slice(body).unwrap();
    let webhook_id = header(headers, "webhook-id");
    assert!(webhook_id.starts_with("msg_"));
    assert_eq!(event["id"], webhook_id);
    assert_eq!(event["type"], "composio.trigger.message");
    assert!(event["timestamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!(event["data"], data);
    let meta = &event["metadata"];
    assert!(meta["log_id"].as_str().unwrap().starts_with("log_"));
    assert_eq!(meta["trigger_slug"], "GITHUB_COMMIT_EVENT");
    assert_eq!(meta["trigger_id"], id.as_str());
    assert_eq!(meta["connected_account_id"], "ca_default_1");
    assert_eq!(meta["auth_config_id"], "ac_githubmanaged");
    assert_eq!(meta["user_id"], "user-1");

    // Without data: a deterministic sample from the payload schema.
    let r = fire(&ctx, &id, json!({})).await;
    assert_eq!(r.json["delivered"], true);
    let r2 = ctx
        .send(
            Method::POST,
            &format!("/_emulator/triggers/{id}/fire"),
            &[],
            None,
        )
        .await;
    assert_eq!(r2.json["delivered"], true);
    let got = hook.got();
    assert_eq!(got.len(), 3);
    let a: Value = serde_json::from_slice(&got[1].1).unwrap();
    let b: Value = serde_json::from_slice(&got[2].1).unwrap();
    assert_eq!(a["data"], b["data"]);
    assert_ne!(a["id"], b["id"]);
    let payload = ctx
        .get(&format!("{TYPES}/GITHUB_COMMIT_EVENT"), &ctx.project())
        .await
        .json["payload"]
        .clone();
    for field in payload["required"].as_array().unwrap() {
        assert!(a["data"].get(field.as_str().unwrap()).is_some(), "{field}");
    }
}

#[tokio::test]
async fn a_5xx_is_retried_with_the_same_message() {
    let ctx = setup().await;
    let hook = receiver(&[500]).await;
    let secret = set_webhook(&ctx, &hook.url).await;
    let id = github_trigger(&ctx).await;
    let r = fire(&ctx, &id, json!({"data": {"n": 1}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["attempts"], 2);
    assert_eq!(r.json["delivered"], true);
    assert_eq!(r.json["status"], 200);
    let got = hook.got();
    assert_eq!(got.len(), 2);
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        assert_eq!(header(&got[0].0, name), header(&got[1].0, name), "{name}");
    }
    assert_eq!(got[0].1, got[1].1, "the same bytes");
    assert_eq!(header(&got[0].0, "x-composio-delivery-attempt"), "1");
    assert_eq!(header(&got[1].0, "x-composio-delivery-attempt"), "2");
    assert_signed(&secret, &got[1].0, &got[1].1);

    // Always 5xx: three attempts, then it gives up. A 4xx is not retried.
    let failing = receiver(&[503, 502, 500, 500]).await;
    set_webhook(&ctx, &failing.url).await;
    let r = fire(&ctx, &id, json!({})).await;
    let outcome = json!({"webhook_id": r.json["webhook_id"], "attempts": 3, "delivered": false, "status": 500});
    let mut expected = outcome.clone();
    expected["deliveries"] = json!([outcome]);
    expected["realtime"] = json!(0);
    assert_eq!(r.json, expected);
    assert_eq!(failing.got().len(), 3);
    let refusing = receiver(&[410]).await;
    set_webhook(&ctx, &refusing.url).await;
    let r = fire(&ctx, &id, json!({})).await;
    assert_eq!(
        (r.json["attempts"].clone(), r.json["status"].clone()),
        (json!(1), json!(410))
    );
    assert_eq!(r.json["delivered"], false);

    // Nobody listening: three attempts, no status.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    set_webhook(&ctx, &format!("http://127.0.0.1:{port}/")).await;
    let r = fire(&ctx, &id, json!({})).await;
    assert_eq!(r.json["attempts"], 3);
    assert_eq!(r.json["delivered"], false);
    assert_eq!(r.json["status"], Value::Null);
}

#[tokio::test]
async fn webhook_admin_errors() {
    let ctx = setup().await;
    let hook = receiver(&[]).await;
    let id = github_trigger(&ctx).await;
    assert_admin_error(
        &fire(&ctx, &id, json!({})).await,
        400,
        "Webhook_NotConfigured",
    );
    let path = format!("/_emulator/projects/{}/webhook", ctx.emu.project_id);
    for bad in [
        json!({"url": "https://127.0.0.1/x"}),
        json!({"url": "http://example.com/x"}),
        json!({"url": "http://192.168.1.1/x"}),
        json!({"url": 5}),
        json!({}),
    ] {
        assert_admin_error(
            &ctx.post(&path, &[], bad).await,
            400,
            "Emulator_InvalidRequest",
        );
    }
    let r = ctx
        .post(
            "/_emulator/projects/proj_nope/webhook",
            &[],
            json!({"url": hook.url}),
        )
        .await;
    assert_admin_error(&r, 404, "Project_NotFound");
    assert_admin_error(
        &fire(&ctx, "ti_nope", json!({})).await,
        404,
        "TriggerInstance_NotFound",
    );
    set_webhook(&ctx, &hook.url).await;
    assert_admin_error(
        &fire(&ctx, &id, json!({"data": [1]})).await,
        400,
        "Emulator_InvalidRequest",
    );
    ctx.send(
        Method::PATCH,
        &format!("{INSTANCES}/manage/{id}"),
        &ctx.project(),
        Some(json!({"status": "disable"})),
    )
    .await;
    assert_admin_error(
        &fire(&ctx, &id, json!({})).await,
        409,
        "TriggerInstance_Disabled",
    );
    assert!(hook.got().is_empty(), "a user's disable sends nothing");
    // null clears the URL; the secret stays.
    let r = ctx.post(&path, &[], json!({"url": null})).await;
    assert_eq!(r.json["webhook_url"], Value::Null);
    assert!(r.json["webhook_secret"].is_string());
}

#[tokio::test]
async fn an_expired_account_sends_events_and_disables_its_triggers() {
    let ctx = setup().await;
    let hook = receiver(&[]).await;
    let secret = set_webhook(&ctx, &hook.url).await;
    let id = github_trigger(&ctx).await;
    let status = "/_emulator/connected_accounts/ca_default_1/status";
    let account = ctx
        .admin(
            Method::POST,
            status,
            Some(json!({"status": "EXPIRED", "status_reason": "Refresh token revoked"})),
        )
        .await;
    assert_eq!(account["status"], "EXPIRED");

    let got = hook.got();
    assert_eq!(got.len(), 2, "sent before the admin call answered");
    for (headers, body) in &got {
        assert_signed(&secret, headers, body);
    }
    let expired: Value = serde_json::from_slice(&got[0].1).unwrap();
    assert_eq!(expired["type"], "composio.connected_account.expired");
    assert_eq!(expired["id"], header(&got[0].0, "webhook-id"));
    assert_eq!(
        expired["metadata"]["project_id"],
        ctx.emu.project_id.as_str()
    );
    assert_eq!(expired["metadata"]["org_id"], ctx.emu.org_id.as_str());
    let data = &expired["data"];
    assert_eq!(data["id"], "ca_default_1");
    assert_eq!(data["user_id"], "user-1");
    assert_eq!(data["toolkit"]["slug"], "github");
    assert_eq!(data["auth_config"]["id"], "ac_githubmanaged");
    assert_eq!(data["status"], "EXPIRED");
    assert_eq!(data["status_reason"], "Refresh token revoked");

    let disabled: Value = serde_json::from_slice(&got[1].1).unwrap();
    assert_eq!(disabled["type"], "composio.trigger.disabled");
    assert_eq!(disabled["data"]["id"], id.as_str());
    assert_eq!(disabled["data"]["trigger_name"], "GITHUB_COMMIT_EVENT");
    assert_eq!(disabled["data"]["connected_account_id"], "ca_default_1");
    assert_eq!(disabled["data"]["disabled_reason"], "connection_expired");
    assert!(disabled["data"]["disabled_at"].is_string());

    assert_eq!(active(&ctx, "").await["total_items"], 0);
    assert_admin_error(
        &fire(&ctx, &id, json!({})).await,
        409,
        "TriggerInstance_Disabled",
    );
    // Expired again: no new events.
    ctx.admin(Method::POST, status, Some(json!({"status": "EXPIRED"})))
        .await;
    assert_eq!(hook.got().len(), 2);
    // ACTIVE again: the trigger Composio disabled comes back by itself.
    ctx.admin(Method::POST, status, Some(json!({"status": "ACTIVE"})))
        .await;
    let list = active(&ctx, "").await;
    assert_eq!(list["items"][0]["id"], id.as_str());
    assert_eq!(list["items"][0]["disabled_at"], Value::Null);
    assert_eq!(fire(&ctx, &id, json!({})).await.json["delivered"], true);

    // A user-disabled trigger stays disabled when the account comes back.
    ctx.send(
        Method::PATCH,
        &format!("{INSTANCES}/manage/{id}"),
        &ctx.project(),
        Some(json!({"status": "disable"})),
    )
    .await;
    ctx.admin(Method::POST, status, Some(json!({"status": "EXPIRED"})))
        .await;
    ctx.admin(Method::POST, status, Some(json!({"status": "ACTIVE"})))
        .await;
    assert_eq!(active(&ctx, "").await["total_items"], 0);
    // Only the account event this time: the trigger was already disabled.
    let types: Vec<Value> = hook
        .got()
        .iter()
        .map(|(_, b)| serde_json::from_slice::<Value>(b).unwrap()["type"].clone())
        .collect();
    assert_eq!(types.last().unwrap(), "composio.connected_account.expired");
    assert_eq!(types.len(), 4);
}

#[tokio::test]
async fn a_deleted_account_takes_its_triggers_along() {
    let ctx = setup().await;
    let id = github_trigger(&ctx).await;
    let r = ctx
        .send(
            Method::DELETE,
            "/api/v3.1/connected_accounts/ca_default_1",
            &ctx.project(),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(active(&ctx, "?show_disabled=true").await["total_items"], 0);
    ctx.send(
        Method::DELETE,
        &format!("{INSTANCES}/manage/{id}"),
        &ctx.project(),
        None,
    )
    .await
    .assert_error(404, "TriggerInstance_NotFound");
}
