//! The remaining reads: tool enum, toolkit categories, changelog and multi, session info, get-nanoid.

mod common;

use common::setup;
use serde_json::{json, Value};

#[tokio::test]
async fn tool_enum_and_toolkit_reads() {
    let ctx = setup().await;
    let p = ctx.project();
    let slugs = ctx.get("/api/v3.1/tools/enum", &p).await;
    assert_eq!(slugs.status, 200, "{}", slugs.text);
    let slugs = slugs.json.as_array().unwrap().clone();
    let tools = ctx.get("/api/v3.1/tools?limit=1", &p).await.json;
    assert_eq!(slugs.len() as u64, tools["total_items"].as_u64().unwrap());
    assert!(slugs.contains(&json!("GITHUB_CREATE_ISSUE")));
    assert!(slugs.iter().all(Value::is_string));
    // /tools/enum is not the tool "ENUM".
    assert_eq!(ctx.get("/api/v3/tools/enum", &p).await.status, 200);

    let categories = ctx.get("/api/v3.1/toolkits/categories", &p).await;
    assert_eq!(categories.status, 200, "{}", categories.text);
    let items = categories.json["items"].as_array().unwrap();
    assert!(items.contains(&json!({"name": "Developer Tools", "id": "developer-tools"})));
    let ids: Vec<&str> = items.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "unique, sorted by id");
    assert_eq!(categories.json["total_items"], ids.len());
    let first = ctx
        .get("/api/v3.1/toolkits/categories?limit=2", &p)
        .await
        .json;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert!(first["next_cursor"].is_string());

    let changelog = ctx.get("/api/v3.1/toolkits/changelog", &p).await;
    assert_eq!(changelog.status, 200, "{}", changelog.text);
    let github = changelog.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "github")
        .unwrap()
        .clone();
    assert_eq!(github["name"], "GitHub");
    assert_eq!(github["display_name"], "GitHub");
    assert_eq!(github["versions"][0]["version"], "20251020_00");
    assert!(github["versions"][0]["changelog"].is_string());
    assert_eq!(
        ctx.get("/api/v3.1/toolkits/changelog", &p).await.json,
        changelog.json,
        "deterministic"
    );
}

#[tokio::test]
async fn toolkits_multi() {
    let ctx = setup().await;
    let p = ctx.project();
    let multi = |body: Value| {
        let (ctx, p) = (&ctx, p.clone());
        async move { ctx.post("/api/v3.1/toolkits/multi", &p, body).await }
    };
    let all = multi(json!({})).await;
    assert_eq!(all.status, 200, "{}", all.text);
    let list = ctx.get("/api/v3.1/toolkits", &p).await.json;
    assert_eq!(all.json, list, "no filters: the same page as GET /toolkits");

    let some = multi(json!({"toolkits": ["GitHub", "slack", "nope"]}))
        .await
        .json;
    let slugs: Vec<&str> = some["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["github", "slack"]);
    assert!(some["items"][0]["meta"]["tools_count"].is_number());
    assert_eq!(some["items"][0]["deprecated"]["toolkitId"], "tk_github");

    let communication = multi(json!({"category": "communication", "sort_by": "alphabetically"}))
        .await
        .json;
    let names: Vec<&str> = communication["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Slack") && names.contains(&"Gmail"));
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);

    let managed = multi(json!({"managed_by": "composio"})).await.json;
    assert!(managed["items"].as_array().unwrap().iter().all(|t| !t
        ["composio_managed_auth_schemes"]
        .as_array()
        .unwrap()
        .is_empty()));
    // "project": toolkits with a custom auth config in the project.
    assert_eq!(
        multi(json!({"managed_by": "project"})).await.json["total_items"],
        0
    );
    let r = ctx
        .post(
            "/api/v3.1/auth_configs",
            &p,
            json!({"toolkit": {"slug": "notion"}, "auth_config": {"type": "use_custom_auth",
                "authScheme": "API_KEY", "credentials": {"api_key": "secret_123456789"}}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let mine = multi(json!({"managed_by": "project"})).await.json;
    assert_eq!(mine["items"][0]["slug"], "notion");
    assert_eq!(mine["total_items"], 1);

    // usage: the project's seeded accounts (github, slack, gmail) come first.
    let by_usage = multi(json!({"sort_by": "usage", "limit": 3})).await.json;
    let top: Vec<&str> = by_usage["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["github", "gmail", "slack"]);
    let cursor = by_usage["next_cursor"].as_str().unwrap().to_string();
    let next = multi(json!({"sort_by": "usage", "limit": 3, "cursor": cursor}))
        .await
        .json;
    assert_eq!(next["current_page"], 2);

    for bad in [
        json!({"managed_by": "me"}),
        json!({"sort_by": "size"}),
        json!({"toolkits": "github"}),
        json!({"limit": "3"}),
    ] {
        multi(bad).await.assert_error(400, "Toolkit_InvalidRequest");
    }
    multi(json!({"cursor": "zzz"}))
        .await
        .assert_error(400, "Request_InvalidPagination");
}

#[tokio::test]
async fn session_info() {
    let ctx = setup().await;
    let r = ctx.get("/api/v3.1/auth/session/info", &ctx.project()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let project = &r.json["project"];
    assert_eq!(project["nano_id"], ctx.emu.project_id.as_str());
    assert_eq!(project["name"], "default");
    assert_eq!(project["org"]["id"], ctx.emu.org_id.as_str());
    assert!(project["auto_id"].is_number());
    for field in [
        "id",
        "org_id",
        "email",
        "created_at",
        "updated_at",
        "webhook_version",
    ] {
        assert!(project[field].is_string(), "{field}");
    }
    assert_eq!(project["webhook_url"], Value::Null);
    let key = &r.json["api_key"];
    assert_eq!(key["project_id"], ctx.emu.project_id.as_str());
    let shown = key["key"].as_str().unwrap();
    assert!(shown.ends_with("****") && shown.len() == 8, "{shown}");
    assert!(ctx.emu.api_key.starts_with(&shown[..4]));
    assert_eq!(key["deleted"], false);
    assert_eq!(key["deleted_at"], Value::Null);
    assert_eq!(key["org_member_id"], r.json["org_member"]["id"]);
    assert!(r.json["org_member"]["email"].is_string());
    // Bearer works the same; an org key is a project endpoint's 403.
    let bearer = ctx
        .get(
            "/api/v3/auth/session/info",
            &[("authorization", format!("Bearer {}", ctx.emu.api_key))],
        )
        .await;
    assert_eq!(bearer.json["api_key"]["key"], key["key"]);
    ctx.get("/api/v3.1/auth/session/info", &ctx.org())
        .await
        .assert_error(403, "Auth_Forbidden");
}

#[tokio::test]
async fn migration_nanoids() {
    let ctx = setup().await;
    let p = ctx.project();
    let nanoid = |uuid: String, kind: &str| {
        let (ctx, p, kind) = (&ctx, p.clone(), kind.to_string());
        async move {
            ctx.get(
                &format!("/api/v3.1/migration/get-nanoid?uuid={uuid}&type={kind}"),
                &p,
            )
            .await
        }
    };
    let config = ctx
        .get("/api/v3.1/auth_configs/ac_githubmanaged", &p)
        .await
        .json;
    let r = nanoid(config["uuid"].as_str().unwrap().into(), "AUTH_CONFIG").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"nanoid": "ac_githubmanaged"}));

    let trigger = ctx
        .post(
            "/api/v3.1/trigger_instances/GITHUB_COMMIT_EVENT/upsert",
            &p,
            json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": "o", "repo": "r"}}),
        )
        .await
        .json;
    let uuid = trigger["deprecated"]["uuid"].as_str().unwrap().to_string();
    let r = nanoid(uuid.clone(), "TRIGGER_INSTANCE").await;
    assert_eq!(r.json["nanoid"], trigger["trigger_id"]);
    let item = ctx.get("/api/v3.1/trigger_instances/active", &p).await.json["items"][0].clone();
    let r = nanoid(
        item["connected_account_uuid"].as_str().unwrap().into(),
        "CONNECTED_ACCOUNT",
    )
    .await;
    assert_eq!(r.json["nanoid"], "ca_default_1");

    // The right uuid under the wrong type, or an unknown one: 404.
    nanoid(uuid.clone(), "AUTH_CONFIG")
        .await
        .assert_error(404, "Migration_NotFound");
    nanoid(
        "00000000-0000-4000-8000-000000000000".into(),
        "CONNECTED_ACCOUNT",
    )
    .await
    .assert_error(404, "Migration_NotFound");
    nanoid("not-a-uuid".into(), "AUTH_CONFIG")
        .await
        .assert_error(400, "Migration_InvalidRequest");
    nanoid(uuid.clone(), "PROJECT")
        .await
        .assert_error(400, "Migration_InvalidRequest");
    // Another project's resources are not found.
    let other = ctx
        .get(
            &format!("/api/v3.1/migration/get-nanoid?uuid={uuid}&type=TRIGGER_INSTANCE"),
            &[("x-api-key", ctx.emu.other_api_key.clone())],
        )
        .await;
    other.assert_error(404, "Migration_NotFound");
}
