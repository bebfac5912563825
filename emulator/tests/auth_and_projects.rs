//! Credential rules, project lifecycle and project config, over real HTTP.

mod common;

use common::{setup, Ctx};
use reqwest::Method;
use serde_json::{json, Value};

const UNAUTHORIZED: &str = "Invalid API key provided";
const FORBIDDEN: &str = "The API key doesn't have permission to perform this action";
const CONFIG: &str = "/api/v3/org/project/config";
const NEW: &str = "/api/v3/org/owner/project/new";
const LIST: &str = "/api/v3/org/owner/project/list";

fn key(name: &'static str, value: &str) -> Vec<(&'static str, String)> {
    vec![(name, value.to_string())]
}

async fn raw_post(
    ctx: &Ctx,
    path: &str,
    headers: &[(&str, String)],
    body: &'static str,
) -> common::Resp {
    let mut request = ctx
        .http
        .post(ctx.url(path))
        .body(body)
        .header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    common::Resp {
        status,
        headers,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

#[tokio::test]
async fn missing_invalid_and_double_credentials_are_401() {
    let ctx = setup().await;
    for path in ["/api/v3.1/tools", LIST] {
        let r = ctx.get(path, &[]).await;
        r.assert_error(401, "Auth_InvalidApiKey");
        assert_eq!(r.json["error"]["message"], UNAUTHORIZED);
    }
    ctx.get("/api/v3.1/tools", &key("x-api-key", "ak_nope"))
        .await
        .assert_error(401, "Auth_InvalidApiKey");
    ctx.get(LIST, &key("x-org-api-key", "oak_nope"))
        .await
        .assert_error(401, "Auth_InvalidApiKey");
    ctx.get("/api/v3.1/tools", &key("authorization", "Basic abc"))
        .await
        .assert_error(401, "Auth_InvalidApiKey");

    let both = vec![
        ("x-api-key", ctx.emu.api_key.clone()),
        ("authorization", format!("Bearer {}", ctx.emu.api_key)),
    ];
    let r = ctx.get("/api/v3.1/tools", &both).await;
    r.assert_error(401, "Auth_MultipleCredentials");
    assert_eq!(r.json["error"]["message"], UNAUTHORIZED);
    let mixed = vec![
        ("x-api-key", ctx.emu.api_key.clone()),
        ("x-org-api-key", ctx.emu.org_api_key.clone()),
    ];
    ctx.get(LIST, &mixed)
        .await
        .assert_error(401, "Auth_MultipleCredentials");
    ctx.get(CONFIG, &mixed)
        .await
        .assert_error(401, "Auth_MultipleCredentials");

    let bearer = key("authorization", &format!("Bearer {}", ctx.emu.api_key));
    assert_eq!(
        ctx.get("/api/v3.1/tools?limit=1", &bearer).await.status,
        200
    );
}

#[tokio::test]
async fn valid_keys_without_permission_are_403() {
    let ctx = setup().await;
    let r = ctx.get(CONFIG, &ctx.org()).await;
    r.assert_error(403, "Auth_Forbidden");
    assert_eq!(r.json["error"]["message"], FORBIDDEN);
    ctx.get(LIST, &ctx.project())
        .await
        .assert_error(403, "Auth_Forbidden");
    ctx.post(NEW, &ctx.project(), json!({"name": "abc"}))
        .await
        .assert_error(403, "Auth_Forbidden");

    let ro = key("x-org-api-key", &ctx.emu.readonly_org_api_key);
    assert_eq!(ctx.get(LIST, &ro).await.status, 200);
    let project = format!("/api/v3/org/owner/project/{}", ctx.emu.project_id);
    assert_eq!(ctx.get(&project, &ro).await.status, 200);
    ctx.post(NEW, &ro, json!({"name": "readonly"}))
        .await
        .assert_error(403, "Auth_Forbidden");
    ctx.send(Method::DELETE, &project, &ro, None)
        .await
        .assert_error(403, "Auth_Forbidden");
    ctx.post(&format!("{project}/regenerate_api_key"), &ro, json!({}))
        .await
        .assert_error(403, "Auth_Forbidden");
    // Nothing changed.
    assert_eq!(ctx.get(CONFIG, &ctx.project()).await.status, 200);
}

#[tokio::test]
async fn keys_are_scoped_to_their_project_and_org() {
    let ctx = setup().await;
    let other = format!("/api/v3/org/owner/project/{}", ctx.emu.other_project_id);
    ctx.get(&other, &ctx.org())
        .await
        .assert_error(404, "Project_NotFound");
    ctx.send(Method::DELETE, &other, &ctx.org(), None)
        .await
        .assert_error(404, "Project_NotFound");
    ctx.post(
        &format!("{other}/regenerate_api_key"),
        &ctx.org(),
        json!({}),
    )
    .await
    .assert_error(404, "Project_NotFound");
    let theirs = key("x-org-api-key", &ctx.emu.other_org_api_key);
    assert_eq!(ctx.get(&other, &theirs).await.json["name"], "other-default");
    let list = ctx.get(LIST, &ctx.org()).await.json;
    assert!(list["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["org_id"] == ctx.emu.org_id.as_str()));

    let mine = ctx.get(CONFIG, &ctx.project()).await.json;
    assert_eq!(mine["display_name"], "default");
    let other_config = ctx
        .get(CONFIG, &key("x-api-key", &ctx.emu.other_api_key))
        .await
        .json;
    assert_eq!(other_config["display_name"], "other-default");
}

#[tokio::test]
async fn create_validates_names_and_rejects_duplicates() {
    let ctx = setup().await;
    let r = ctx
        .post(
            NEW,
            &ctx.org(),
            json!({"name": "with-key", "should_create_api_key": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json["id"].as_str().unwrap().starts_with("proj_"));
    assert_eq!(r.json["name"], "with-key");
    let new_key = r.json["api_key"].as_str().unwrap().to_string();
    assert!(new_key.starts_with("ak_"));
    let cfg = ctx.get(CONFIG, &key("x-api-key", &new_key)).await;
    assert_eq!(cfg.json["display_name"], "with-key");

    let r = ctx.post(NEW, &ctx.org(), json!({"name": "no_key"})).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["api_key"], Value::Null);

    for bad in [
        json!({}),
        json!({"name": 5}),
        json!({"name": "ab"}),
        json!({"name": "has space"}),
        json!({"name": "x".repeat(76)}),
    ] {
        let r = ctx.post(NEW, &ctx.org(), bad.clone()).await;
        r.assert_error(400, "Project_InvalidName");
        assert!(
            !r.json["error"]["errors"].as_array().unwrap().is_empty(),
            "{bad}"
        );
    }
    assert_eq!(
        ctx.post(NEW, &ctx.org(), json!({"name": "x".repeat(75)}))
            .await
            .status,
        200
    );
    ctx.post(NEW, &ctx.org(), json!({"name": "no_key"}))
        .await
        .assert_error(409, "Project_NameConflict");
    ctx.post(NEW, &ctx.org(), json!({"name": "default"}))
        .await
        .assert_error(409, "Project_NameConflict");
    // Names are unique per organisation only.
    let theirs = key("x-org-api-key", &ctx.emu.other_org_api_key);
    assert_eq!(
        ctx.post(NEW, &theirs, json!({"name": "no_key"}))
            .await
            .status,
        200
    );

    raw_post(&ctx, NEW, &ctx.org(), "{not json")
        .await
        .assert_error(400, "Request_InvalidBody");
    raw_post(&ctx, NEW, &ctx.org(), "[1]")
        .await
        .assert_error(400, "Request_InvalidBody");
    let r = ctx
        .post(
            NEW,
            &ctx.org(),
            json!({"name": "flagged", "should_create_api_key": "yes"}),
        )
        .await;
    r.assert_error(400, "Project_InvalidRequest");
    // Unknown config properties are accepted and ignored (the schema does not forbid them); wrong types are not.
    let r = ctx
        .post(
            NEW,
            &ctx.org(),
            json!({"name": "cfg", "config": {"bogus": 1}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = ctx
        .post(
            NEW,
            &ctx.org(),
            json!({"name": "cfg2", "config": {"is_2FA_enabled": "yes"}}),
        )
        .await;
    r.assert_error(400, "Project_InvalidConfig");

    let r = ctx
        .post(
            NEW,
            &ctx.org(),
            json!({"name": "configured", "should_create_api_key": true,
            "config": {"is_2FA_enabled": true, "log_visibility_setting": "dont_store_data"}}),
        )
        .await;
    let k = key("x-api-key", r.json["api_key"].as_str().unwrap());
    let cfg = ctx.get(CONFIG, &k).await.json;
    assert_eq!(cfg["is_2FA_enabled"], true);
    assert_eq!(cfg["log_visibility_setting"], "dont_store_data");
    assert_eq!(cfg["mask_secret_keys_in_connected_account"], true);
}

#[tokio::test]
async fn list_is_newest_first_and_paginates() {
    let ctx = setup().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let r = ctx
            .post(NEW, &ctx.org(), json!({"name": format!("project-{i}")}))
            .await;
        created.push(r.json["id"].as_str().unwrap().to_string());
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("{LIST}?limit=3&cursor={c}"),
            None => format!("{LIST}?limit=3"),
        };
        let page = ctx.get(&path, &ctx.org()).await.json;
        pages += 1;
        assert_eq!(page["total_items"], 8);
        assert_eq!(page["total_pages"], 3);
        assert_eq!(page["current_page"], pages);
        for p in page["data"].as_array().unwrap() {
            for field in [
                "id",
                "org_id",
                "name",
                "email",
                "created_at",
                "updated_at",
                "webhook_version",
                "deleted",
            ] {
                assert!(!p[field].is_null(), "{field}");
            }
            for field in ["webhook_url", "event_webhook_url", "webhook_secret"] {
                assert!(p[field].is_null(), "{field}");
            }
            seen.push((
                p["id"].as_str().unwrap().to_string(),
                p["created_at"].as_str().unwrap().to_string(),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 8);
    assert_eq!(seen[0].0, created[6]);
    assert_eq!(seen[7].0, ctx.emu.project_id);
    assert!(
        seen.windows(2).all(|w| w[0].1 > w[1].1),
        "created_at strictly decreasing"
    );
    // The docs alias serves the same list.
    assert_eq!(
        ctx.get("/api/v3.1/org/projects?limit=1", &ctx.org())
            .await
            .json["data"][0]["id"],
        created[6].as_str()
    );
}

#[tokio::test]
async fn limit_and_cursor_are_validated() {
    let ctx = setup().await;
    // The spec sets no minimum: limit=0 means the default page size.
    let zero = ctx.get(&format!("{LIST}?limit=0"), &ctx.org()).await;
    assert_eq!(zero.status, 200, "{}", zero.text);
    for bad in [
        "limit=-1",
        "limit=1001",
        "limit=abc",
        "limit=2.5",
        "cursor=bogus",
        "cursor=cur_000000ff",
    ] {
        ctx.get(&format!("{LIST}?{bad}"), &ctx.org())
            .await
            .assert_error(400, "Request_InvalidPagination");
    }
    assert_eq!(
        ctx.get(&format!("{LIST}?limit=1000"), &ctx.org())
            .await
            .status,
        200
    );
    let page = ctx.get(LIST, &ctx.org()).await.json;
    assert_eq!(page["next_cursor"], Value::Null);
    assert_eq!(page["current_page"], 1);
}

#[tokio::test]
async fn delete_and_regenerate_retire_keys_at_once() {
    let ctx = setup().await;
    let r = ctx
        .post(
            NEW,
            &ctx.org(),
            json!({"name": "doomed", "should_create_api_key": true}),
        )
        .await;
    let id = r.json["id"].as_str().unwrap().to_string();
    let first = key("x-api-key", r.json["api_key"].as_str().unwrap());
    let project = format!("/api/v3/org/owner/project/{id}");

    let detail = ctx.get(&project, &ctx.org()).await.json;
    assert_eq!(detail["api_keys"].as_array().unwrap().len(), 1);
    assert_eq!(detail["api_keys"][0]["key"], first[0].1.as_str());

    let regen = ctx
        .post(
            &format!("{project}/regenerate_api_key"),
            &ctx.org(),
            json!({}),
        )
        .await;
    assert_eq!(regen.status, 200);
    assert!(regen.json["message"].is_string());
    let second = key("x-api-key", regen.json["api_key"]["key"].as_str().unwrap());
    assert!(regen.json["api_key"]["id"]
        .as_str()
        .unwrap()
        .starts_with("key_"));
    ctx.get(CONFIG, &first)
        .await
        .assert_error(401, "Auth_InvalidApiKey");
    assert_eq!(ctx.get(CONFIG, &second).await.status, 200);
    let keys = ctx.get(&project, &ctx.org()).await.json["api_keys"].clone();
    assert_eq!(keys.as_array().unwrap().len(), 1);
    assert_eq!(keys[0]["key"], second[0].1.as_str());

    let deleted = ctx.send(Method::DELETE, &project, &ctx.org(), None).await;
    assert_eq!(deleted.json, json!({"status": "success"}));
    ctx.get(CONFIG, &second)
        .await
        .assert_error(401, "Auth_InvalidApiKey");
    ctx.get(&project, &ctx.org())
        .await
        .assert_error(404, "Project_NotFound");
    let list = ctx.get(LIST, &ctx.org()).await.json;
    assert!(list["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != id.as_str()));
    // The name is free again.
    assert_eq!(
        ctx.post(NEW, &ctx.org(), json!({"name": "doomed"}))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn config_patch_merges_and_validates() {
    let ctx = setup().await;
    let initial = ctx.get(CONFIG, &ctx.project()).await.json;
    assert_eq!(
        initial,
        json!({"is_2FA_enabled": false, "mask_secret_keys_in_connected_account": true,
               "log_visibility_setting": "show_all", "logo_url": "", "display_name": "default",
               "require_mcp_api_key": false})
    );
    let patched = ctx
        .send(
            Method::PATCH,
            CONFIG,
            &ctx.project(),
            Some(json!({"is_2FA_enabled": true})),
        )
        .await;
    assert_eq!(patched.json["is_2FA_enabled"], true);
    assert_eq!(patched.json["display_name"], "default");
    let patched = ctx
        .send(
            Method::PATCH,
            CONFIG,
            &ctx.project(),
            Some(json!({"log_visibility_setting": "dont_store_data"})),
        )
        .await;
    assert_eq!(patched.json["is_2FA_enabled"], true);
    assert_eq!(patched.json["log_visibility_setting"], "dont_store_data");

    let r = ctx
        .send(
            Method::PATCH,
            CONFIG,
            &ctx.project(),
            Some(json!({"nope": true, "display_name": "default"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["display_name"], "default");
    assert!(r.json.get("nope").is_none());
    for bad in [
        json!({"is_2FA_enabled": "yes"}),
        json!({"log_visibility_setting": "all"}),
        json!({"display_name": 3}),
    ] {
        let r = ctx
            .send(Method::PATCH, CONFIG, &ctx.project(), Some(bad))
            .await;
        r.assert_error(400, "Project_InvalidConfig");
        assert!(r.json["error"]["errors"].is_array());
    }
    let r = ctx
        .http
        .patch(ctx.url(CONFIG))
        .header("x-api-key", &ctx.emu.api_key)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Unchanged by the rejected patches; the other project untouched.
    assert_eq!(ctx.get(CONFIG, &ctx.project()).await.json, patched.json);
    let other = ctx
        .get(CONFIG, &key("x-api-key", &ctx.emu.other_api_key))
        .await
        .json;
    assert_eq!(other["is_2FA_enabled"], false);
}
