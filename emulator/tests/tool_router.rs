//! Tool router sessions: create, get, link → the browser → execute, meta tools, the toolkits page, the legacy create.

mod common;

use common::{setup, Ctx};
use serde_json::{json, Value};

const SESSIONS: &str = "/api/v3.1/tool_router/session";

async fn session(ctx: &Ctx, body: Value) -> Value {
    let r = ctx.post(SESSIONS, &ctx.project(), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json
}

async fn run(ctx: &Ctx, id: &str, op: &str, body: Value) -> Value {
    let r = ctx
        .post(&format!("{SESSIONS}/{id}/{op}"), &ctx.project(), body)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json["log_id"].as_str().unwrap().starts_with("log_"));
    r.json
}

const ISSUE_ARGS: &str = r#"{"owner": "octo", "repo": "hello", "issue_id": "1"}"#;

fn issue_args() -> Value {
    serde_json::from_str(ISSUE_ARGS).unwrap()
}

#[tokio::test]
async fn a_tool_router_session() {
    let ctx = setup().await;
    let p = ctx.project();
    let created = session(
        &ctx,
        json!({"user_id": "alice", "toolkits": {"enable": ["GitHub", "composio_search", "slack"]},
               "manage_connections": {"callback_url": "https://app.example/cb"},
               "tools": {"slack": {"disable": ["SLACK_DELETE_MESSAGE"]}}}),
    )
    .await;
    let id = created["session_id"].as_str().unwrap().to_string();
    assert!(
        id.len() == 16
            && id.starts_with("trs_")
            && id[4..].chars().all(|c| c.is_ascii_alphanumeric()),
        "{id}"
    );
    assert_eq!(
        created["mcp"],
        json!({"type": "http", "url": format!("{}/tool_router/v3/{id}/mcp", ctx.emu.base_url)})
    );
    assert_eq!(created["tool_router_tools"].as_array().unwrap().len(), 8);
    assert_eq!(
        created["config"],
        json!({
            "user_id": "alice",
            "toolkits": {"enabled": ["github", "composio_search", "slack"]},
            "manage_connections": {"enabled": true, "callback_url": "https://app.example/cb"},
            "tools": {"slack": {"disabled": ["SLACK_DELETE_MESSAGE"]}},
            "workbench": {"proxy_execution_enabled": true},
            "instant": false,
            "preload": {"tools": []},
            "search": {"enable": true},
            "execute": {"enable_multi_execute": true},
        })
    );
    assert_eq!(created["config_version"], json!(1));
    let tools = ctx.get(&format!("{SESSIONS}/{id}/tools"), &p).await;
    assert_eq!(tools.status, 200);
    let slugs: Vec<&str> = tools.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs.len(), 8);
    assert!(slugs.contains(&"COMPOSIO_SEARCH_TOOLS"), "{slugs:?}");
    let got = ctx.get(&format!("{SESSIONS}/{id}"), &p).await;
    assert_eq!((got.status, &got.json), (200, &created));
    ctx.get(&format!("{SESSIONS}/trs_nope12345678"), &p)
        .await
        .assert_error(404, "ToolRouterSession_NotFound");
    ctx.get(&format!("{SESSIONS}/nope"), &p)
        .await
        .assert_error(400, "ToolRouterSession_InvalidRequest");
    let other = vec![("x-api-key", ctx.emu.other_api_key.clone())];
    ctx.get(&format!("{SESSIONS}/{id}"), &other)
        .await
        .assert_error(404, "ToolRouterSession_NotFound");

    // Before any connection: the tool runs into the execute rule, answered as the result's error.
    let before = run(
        &ctx,
        &id,
        "execute",
        json!({"tool_slug": "GITHUB_GET_ISSUE", "arguments": issue_args()}),
    )
    .await;
    assert_eq!(before["data"], json!({}));
    assert_eq!(
        before["error"],
        "No active connected account of user alice for toolkit github"
    );

    // Link: the managed auth config, the session's callback, the ordinary link page.
    let link = ctx
        .post(
            &format!("{SESSIONS}/{id}/link"),
            &p,
            json!({"toolkit": "github"}),
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.text);
    let account = link.json["connected_account_id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = link.json["link_token"].as_str().unwrap();
    let redirect = link.json["redirect_url"].as_str().unwrap();
    assert_eq!(redirect, format!("{}/link/{token}", ctx.emu.base_url));
    let shown = ctx
        .get(&format!("/api/v3.1/connected_accounts/{account}"), &p)
        .await
        .json;
    assert_eq!(shown["status"], "INITIATED");
    assert_eq!(shown["user_id"], "alice");
    assert_eq!(shown["auth_config"]["id"], "ac_githubmanaged");
    let page = ctx.http.get(redirect).send().await.unwrap();
    assert_eq!(page.status(), 302);
    assert_eq!(
        page.headers()["location"],
        format!("https://app.example/cb?status=success&connected_account_id={account}").as_str()
    );

    // Execute now works, as alice, with that account.
    let done = run(
        &ctx,
        &id,
        "execute",
        json!({"tool_slug": "github_get_issue", "arguments": issue_args()}),
    )
    .await;
    assert_eq!(done["error"], Value::Null);
    assert_eq!(done["data"]["tool"], "GITHUB_GET_ISSUE");
    assert_eq!(done["data"]["user_id"], "alice");
    assert_eq!(done["data"]["connected_account_id"], account.as_str());
    assert_eq!(done["data"]["arguments"], issue_args());
    let missing = run(
        &ctx,
        &id,
        "execute",
        json!({"tool_slug": "GITHUB_GET_ISSUE"}),
    )
    .await;
    assert_eq!(missing["error"], "Missing required argument: owner");
    let no_auth = run(
        &ctx,
        &id,
        "execute",
        json!({"tool_slug": "COMPOSIO_SEARCH_GET_WEB", "arguments": {"web_id": "w"}}),
    )
    .await;
    assert_eq!(no_auth["error"], Value::Null);
    assert_eq!(no_auth["data"]["connected_account_id"], Value::Null);

    // What the session does not offer.
    let exec = format!("{SESSIONS}/{id}/execute");
    ctx.post(&exec, &p, json!({"tool_slug": "GMAIL_GET_EMAIL"}))
        .await
        .assert_error(403, "ToolRouterSession_ToolkitNotAllowed");
    ctx.post(&exec, &p, json!({"tool_slug": "SLACK_DELETE_MESSAGE"}))
        .await
        .assert_error(403, "ToolRouterSession_ToolNotAllowed");
    ctx.post(&exec, &p, json!({"tool_slug": "NOPE_TOOL"}))
        .await
        .assert_error(404, "Tool_ToolNotFound");
    ctx.post(&exec, &p, json!({}))
        .await
        .assert_error(400, "ToolRouterSession_InvalidRequest");
    ctx.post(
        &exec,
        &p,
        json!({"tool_slug": "GITHUB_GET_ISSUE", "arguments": []}),
    )
    .await
    .assert_error(400, "ToolRouterSession_InvalidRequest");
    ctx.post(
        &format!("{SESSIONS}/trs_nope12345678/execute"),
        &p,
        json!({"tool_slug": "GITHUB_GET_ISSUE"}),
    )
    .await
    .assert_error(404, "ToolRouterSession_NotFound");
    let links = format!("{SESSIONS}/{id}/link");
    ctx.post(&links, &p, json!({"toolkit": "gmail"}))
        .await
        .assert_error(403, "ToolRouterSession_ToolkitNotAllowed");
    ctx.post(&links, &p, json!({"toolkit": "composio_search"}))
        .await
        .assert_error(400, "ToolRouterSession_InvalidRequest");
    ctx.post(&links, &p, json!({"toolkit": "nope"}))
        .await
        .assert_error(404, "Toolkit_NotFound");
    ctx.post(
        &links,
        &p,
        json!({"toolkit": "github", "callback_url": "not a uri"}),
    )
    .await
    .assert_error(400, "ToolRouterSession_InvalidRequest");

    // Meta tools.
    let meta = |slug: &str, arguments: Value| json!({"slug": slug, "arguments": arguments});
    let found = run(
        &ctx,
        &id,
        "execute_meta",
        meta("COMPOSIO_SEARCH_TOOLS", json!({"query": "get issue"})),
    )
    .await;
    assert_eq!(found["error"], Value::Null);
    let results = found["data"]["results"].as_array().unwrap();
    assert_eq!(results[0]["tool_slug"], "GITHUB_GET_ISSUE");
    assert!(results
        .iter()
        .all(|r| r["toolkit"] == "github" && r["tool_slug"].as_str().unwrap().contains("ISSUE")));
    assert_eq!(
        found["data"]["toolkit_connection_statuses"],
        json!([{"toolkit": "github", "connected": true, "no_auth": false, "status": "ACTIVE",
                "connected_account_id": account}])
    );
    let none = run(
        &ctx,
        &id,
        "execute_meta",
        meta("COMPOSIO_SEARCH_TOOLS", json!({"query": "email"})),
    )
    .await;
    assert_eq!(
        none["data"]["total_results"], 0,
        "gmail is not in the session"
    );
    let empty = run(
        &ctx,
        &id,
        "execute_meta",
        meta("COMPOSIO_SEARCH_TOOLS", json!({})),
    )
    .await;
    assert!(empty["error"].as_str().unwrap().contains("query"));
    let connections = run(
        &ctx,
        &id,
        "execute_meta",
        meta("COMPOSIO_MANAGE_CONNECTIONS", json!({})),
    )
    .await;
    // A connected toolkit is reported as it is; one not connected gets a link (an INITIATED account).
    let toolkits = &connections["data"]["toolkits"];
    assert_eq!(
        toolkits[0],
        json!({"toolkit": "github", "connected": true, "no_auth": false, "status": "ACTIVE", "connected_account_id": account})
    );
    let slack = &toolkits[1];
    assert_eq!(
        (&slack["toolkit"], &slack["connected"], &slack["status"]),
        (&json!("slack"), &json!(false), &json!("INITIATED"))
    );
    assert!(
        slack["redirect_url"]
            .as_str()
            .unwrap()
            .contains("/link/lk_"),
        "{slack}"
    );
    let pending = slack["connected_account_id"].clone();
    // Asked again, the same pending account gets a fresh link: no second account.
    let again = run(
        &ctx,
        &id,
        "execute_meta",
        meta(
            "COMPOSIO_MANAGE_CONNECTIONS",
            json!({"toolkits": ["slack"]}),
        ),
    )
    .await;
    let relinked = &again["data"]["toolkits"][0];
    assert_eq!(relinked["connected_account_id"], pending);
    assert_ne!(relinked["redirect_url"], slack["redirect_url"]);
    let schemas = run(
        &ctx,
        &id,
        "execute_meta",
        meta(
            "COMPOSIO_GET_TOOL_SCHEMAS",
            json!({"tool_slugs": ["GITHUB_GET_ISSUE", "GMAIL_GET_EMAIL"]}),
        ),
    )
    .await;
    assert_eq!(
        schemas["data"]["tool_schemas"][0]["tool_slug"],
        "GITHUB_GET_ISSUE"
    );
    assert_eq!(
        schemas["data"]["tool_schemas"][0]["input_parameters"]["required"],
        json!(["owner", "repo", "issue_id"])
    );
    assert_eq!(schemas["data"]["not_found"], json!(["GMAIL_GET_EMAIL"]));
    let multi = run(
        &ctx,
        &id,
        "execute_meta",
        meta(
            "COMPOSIO_MULTI_EXECUTE_TOOL",
            json!({"tools": [
                {"tool_slug": "GITHUB_GET_ISSUE", "arguments": issue_args()},
                {"tool_slug": "SLACK_GET_MESSAGE", "arguments": {"message_id": "m"}},
            ]}),
        ),
    )
    .await;
    assert_eq!(multi["error"], Value::Null);
    assert_eq!(multi["data"]["results"][0]["error"], Value::Null);
    assert_eq!(
        multi["data"]["results"][0]["data"]["connected_account_id"],
        account.as_str()
    );
    assert_eq!(
        multi["data"]["results"][1]["error"],
        "No active connected account of user alice for toolkit slack"
    );
    let bash = run(
        &ctx,
        &id,
        "execute_meta",
        meta("COMPOSIO_REMOTE_BASH_TOOL", json!({"command": "ls"})),
    )
    .await;
    assert_eq!(
        bash["data"],
        json!({"tool": "COMPOSIO_REMOTE_BASH_TOOL", "arguments": {"command": "ls"}})
    );
    ctx.post(
        &format!("{SESSIONS}/{id}/execute_meta"),
        &p,
        meta("COMPOSIO_NOPE", json!({})),
    )
    .await
    .assert_error(400, "ToolRouterSession_InvalidRequest");

    // The toolkits page: the session's toolkits in catalogue order, with alice's connection.
    let kits = format!("{SESSIONS}/{id}/toolkits");
    let page = ctx.get(&kits, &p).await.json;
    let slugs: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["composio_search", "github", "slack"]);
    assert_eq!(page["total_items"], 3);
    let github = &page["items"][1];
    assert_eq!(github["name"], "GitHub");
    assert_eq!(github["enabled"], true);
    assert_eq!(github["is_no_auth"], false);
    assert_eq!(github["composio_managed_auth_schemes"], json!(["OAUTH2"]));
    assert_eq!(
        github["meta"]["logo"],
        "https://logos.composio.dev/api/github"
    );
    assert_eq!(github["connected_account"]["id"], account.as_str());
    assert_eq!(github["connected_account"]["status"], "ACTIVE");
    assert_eq!(github["connected_account"]["user_id"], "alice");
    assert_eq!(
        github["connected_account"]["auth_config"],
        json!({"id": "ac_githubmanaged", "auth_scheme": "OAUTH2", "is_composio_managed": true})
    );
    assert_eq!(page["items"][0]["is_no_auth"], true);
    // The link COMPOSIO_MANAGE_CONNECTIONS started above: slack's account waits for the user.
    assert_eq!(page["items"][2]["connected_account"]["status"], "INITIATED");
    let connected = ctx.get(&format!("{kits}?is_connected=true"), &p).await.json;
    assert_eq!(connected["total_items"], 1);
    let first = ctx.get(&format!("{kits}?limit=2"), &p).await.json;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = ctx
        .get(&format!("{kits}?limit=2&cursor={cursor}"), &p)
        .await
        .json;
    assert_eq!(second["items"][0]["slug"], "slack");
    assert_eq!(second["next_cursor"], Value::Null);
    let gmail = ctx.get(&format!("{kits}?toolkits=gmail"), &p).await.json;
    assert_eq!(gmail["items"][0]["slug"], "gmail");
    assert_eq!(gmail["items"][0]["enabled"], false);
    let searched = ctx
        .get(&format!("{kits}?search=team%20messaging"), &p)
        .await
        .json;
    assert_eq!(searched["items"][0]["slug"], "slack");
    assert_eq!(searched["total_items"], 1);
    ctx.get(&format!("{kits}?cursor=bad"), &p)
        .await
        .assert_error(400, "Request_InvalidPagination");
}

#[tokio::test]
async fn session_options_and_errors() {
    let ctx = setup().await;
    let p = ctx.project();

    // The seeded user-1 runs GitHub with ca_default_1; an override to the FAILED Gmail account fails the run.
    let s = session(
        &ctx,
        json!({"user_id": "user-1", "connected_accounts": {"gmail": "ca_default_3"},
               "manage_connections": {"enable": false}, "tags": {"disable": ["destructiveHint"]},
               "workbench": {"enable_proxy_execution": false, "auto_offload_threshold": 5000}}),
    )
    .await;
    let id = s["session_id"].as_str().unwrap();
    assert!(!s["tool_router_tools"]
        .as_array()
        .unwrap()
        .contains(&json!("COMPOSIO_MANAGE_CONNECTIONS")));
    assert_eq!(
        s["config"]["connected_accounts"],
        json!({"gmail": "ca_default_3"})
    );
    assert_eq!(s["config"]["manage_connections"], json!({"enabled": false}));
    assert_eq!(
        s["config"]["tags"],
        json!({"disabled": ["destructiveHint"]})
    );
    assert_eq!(
        s["config"]["workbench"],
        json!({"proxy_execution_enabled": false, "auto_offload_threshold": 5000})
    );
    let done = run(
        &ctx,
        id,
        "execute",
        json!({"tool_slug": "GITHUB_GET_ISSUE", "arguments": issue_args()}),
    )
    .await;
    assert_eq!(done["data"]["connected_account_id"], "ca_default_1");
    let failed = run(
        &ctx,
        id,
        "execute",
        json!({"tool_slug": "GMAIL_GET_EMAIL", "arguments": {"email_id": "e"}}),
    )
    .await;
    assert_eq!(
        failed["error"],
        "Connected account ca_default_3 is FAILED, not ACTIVE"
    );
    ctx.post(
        &format!("{SESSIONS}/{id}/execute"),
        &p,
        json!({"tool_slug": "GITHUB_DELETE_ISSUE"}),
    )
    .await
    .assert_error(403, "ToolRouterSession_ToolNotAllowed");
    ctx.post(
        &format!("{SESSIONS}/{id}/execute_meta"),
        &p,
        json!({"slug": "COMPOSIO_MANAGE_CONNECTIONS"}),
    )
    .await
    .assert_error(403, "ToolRouterSession_ToolNotAllowed");
    ctx.post(
        &format!("{SESSIONS}/{id}/link"),
        &p,
        json!({"toolkit": "gmail"}),
    )
    .await
    .assert_error(400, "ToolRouterSession_InvalidRequest");

    // Linking a toolkit without a managed auth config creates one, as toolkits.authorize does.
    let r = ctx
        .post(
            &format!("{SESSIONS}/{id}/link"),
            &p,
            json!({"toolkit": "notion"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let configs = ctx
        .get("/api/v3.1/auth_configs?toolkit_slug=notion", &p)
        .await
        .json;
    assert_eq!(configs["total_items"], 1);
    assert_eq!(configs["items"][0]["is_composio_managed"], true);
    let account = ctx
        .get(
            &format!(
                "/api/v3.1/connected_accounts/{}",
                r.json["connected_account_id"].as_str().unwrap()
            ),
            &p,
        )
        .await
        .json;
    assert_eq!(account["auth_config"]["id"], configs["items"][0]["id"]);
    ctx.post(
        &format!("{SESSIONS}/{id}/link"),
        &p,
        json!({"toolkit": "trello"}),
    )
    .await
    .assert_error(404, "ToolRouterSession_NoAuthConfig");

    // Bad bodies.
    for body in [
        json!({}),
        json!({"user_id": ""}),
        json!({"user_id": "u", "toolkits": {"enable": ["nope"]}}),
        json!({"user_id": "u", "toolkits": {"enable": [], "disable": []}}),
        json!({"user_id": "u", "toolkits": ["github"]}),
        json!({"user_id": "u", "tags": ["fastHint"]}),
        json!({"user_id": "u", "auth_configs": {"github": "ac_slackmanaged"}}),
        json!({"user_id": "u", "auth_configs": {"github": "ac_nope"}}),
        json!({"user_id": "u", "connected_accounts": {"slack": "ca_default_1"}}),
        json!({"user_id": "u", "manage_connections": {"foo": true}}),
        json!({"user_id": "u", "workbench": {"auto_offload_threshold": 0}}),
        json!({"user_id": "u", "tools": {"github": {"enable": ["X"], "disable": ["Y"]}}}),
    ] {
        let r = ctx.post(SESSIONS, &p, body.clone()).await;
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        r.assert_error(400, "ToolRouterSession_InvalidRequest");
        assert_eq!(r.json["error"]["code"], 4101);
    }

    // A session's auth config override: link and execute use it.
    let custom = ctx
        .post(
            "/api/v3.1/auth_configs",
            &p,
            json!({"toolkit": {"slug": "github"}, "auth_config": {"type": "use_custom_auth",
                   "authScheme": "API_KEY", "credentials": {"api_key": "k"}}}),
        )
        .await
        .json["auth_config"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let s = session(
        &ctx,
        json!({"user_id": "user-1", "auth_configs": {"github": custom}}),
    )
    .await;
    let id = s["session_id"].as_str().unwrap();
    let none = run(
        &ctx,
        id,
        "execute",
        json!({"tool_slug": "GITHUB_GET_ISSUE", "arguments": issue_args()}),
    )
    .await;
    assert_eq!(
        none["error"],
        "No active connected account of user user-1 for toolkit github"
    );
    let r = ctx
        .post(
            &format!("{SESSIONS}/{id}/link"),
            &p,
            json!({"toolkit": "github"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let account = r.json["connected_account_id"].as_str().unwrap().to_string();
    let page = ctx
        .http
        .get(r.json["redirect_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let done = run(
        &ctx,
        id,
        "execute",
        json!({"tool_slug": "GITHUB_GET_ISSUE", "arguments": issue_args()}),
    )
    .await;
    assert_eq!(done["data"]["connected_account_id"], account.as_str());
}

#[tokio::test]
async fn legacy_labs_sessions() {
    let ctx = setup().await;
    let p = ctx.project();
    let body = json!({"user_id": "bob", "config": {"toolkits": [{"toolkit": "github", "auth_config_id": "ac_githubmanaged"}]}});
    let r = ctx
        .post("/api/v3/labs/tool_router/session", &p, body.clone())
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["session_id"].as_str().unwrap();
    assert!(id.starts_with("trs_"));
    let url = format!("{}/tool_router/v3/{id}/mcp", ctx.emu.base_url);
    assert_eq!(r.json["chat_session_mcp_url"], url.as_str());
    assert_eq!(
        r.json["tool_router_instance_mcp_url"],
        format!("{url}?user_id=bob")
    );
    let got = ctx
        .get(&format!("/api/v3/tool_router/session/{id}"), &p)
        .await
        .json;
    assert_eq!(got["config"]["user_id"], "bob");
    assert_eq!(got["config"]["toolkits"], json!({"enabled": ["github"]}));
    assert_eq!(
        got["config"]["auth_configs"],
        json!({"github": "ac_githubmanaged"})
    );
    ctx.post("/api/v3/labs/tool_router/session", &p, body)
        .await
        .assert_error(409, "ToolRouterSession_Conflict");
    let r = ctx
        .post(
            "/api/v3/labs/tool_router/session",
            &p,
            json!({"user_id": "bob", "config": {"manually_manage_connections": true}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    for body in [
        json!({}),
        json!({"user_id": "bob", "config": {"toolkits": [{"toolkit": "nope"}]}}),
        json!({"user_id": "bob", "config": {"toolkits": [{"toolkit": "github", "auth_config_id": "ac_slackmanaged"}]}}),
    ] {
        ctx.post("/api/v3/labs/tool_router/session", &p, body)
            .await
            .assert_error(400, "ToolRouterSession_InvalidRequest");
    }
}
