//! Auth configs, connected accounts as state, the link flow and the admin status route.

mod common;

use common::{setup, Ctx};
use reqwest::Method;
use serde_json::{json, Value};

const CONFIGS: &str = "/api/v3.1/auth_configs";
const ACCOUNTS: &str = "/api/v3.1/connected_accounts";

async fn create_config(ctx: &Ctx, body: Value) -> String {
    let r = ctx.post(CONFIGS, &ctx.project(), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json["auth_config"]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn auth_configs_crud() {
    let ctx = setup().await;
    let p = ctx.project();
    let r = ctx
        .post(CONFIGS, &p, json!({"toolkit": {"slug": "github"}}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["toolkit"]["slug"], "github");
    let id = r.json["auth_config"]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("ac_") && id.len() == 15, "{id}");
    assert!(id[3..]
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    assert_eq!(r.json["auth_config"]["auth_scheme"], "OAUTH2");
    assert_eq!(r.json["auth_config"]["is_composio_managed"], true);

    let custom = create_config(
        &ctx,
        json!({"toolkit": {"slug": "github"}, "auth_config": {"type": "use_custom_auth",
            "authScheme": "API_KEY", "name": "My Key Config", "credentials": {"api_key": "sk_live_123456789"}}}),
    )
    .await;
    let got = ctx.get(&format!("{CONFIGS}/{custom}"), &p).await.json;
    assert_eq!(got["type"], "custom");
    assert_eq!(got["name"], "My Key Config");
    assert_eq!(got["auth_scheme"], "API_KEY");
    assert_eq!(got["status"], "ENABLED");
    assert_eq!(got["no_of_connections"], 0);
    assert_eq!(got["credentials"]["api_key"], "sk_l****");
    assert_eq!(
        got["deprecated_params"]["default_connector_id"],
        Value::Null
    );
    assert!(got.get("proxy_config").is_none());
    let managed = ctx.get(&format!("{CONFIGS}/{id}"), &p).await.json;
    assert_eq!(managed["type"], "default");
    assert_eq!(managed["name"], "GitHub Auth Config");

    // Newest first; seeded managed configs are there too.
    let list = ctx
        .get(&format!("{CONFIGS}?toolkit_slug=github"), &p)
        .await
        .json;
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [custom.as_str(), id.as_str(), "ac_githubmanaged"]);
    let searched = ctx.get(&format!("{CONFIGS}?search=my key"), &p).await.json;
    assert_eq!(searched["total_items"], 1);
    let custom_only = ctx
        .get(&format!("{CONFIGS}?is_composio_managed=false"), &p)
        .await
        .json;
    assert_eq!(custom_only["total_items"], 1);

    // Disable hides it unless show_disabled.
    let r = ctx
        .send(
            Method::PATCH,
            &format!("{CONFIGS}/{custom}/DISABLED"),
            &p,
            None,
        )
        .await;
    assert_eq!((r.status, r.json.clone()), (200, json!({})));
    let hidden = ctx.get(&format!("{CONFIGS}?search=my key"), &p).await.json;
    assert_eq!(hidden["total_items"], 0);
    let shown = ctx
        .get(&format!("{CONFIGS}?search=my key&show_disabled=true"), &p)
        .await
        .json;
    assert_eq!(shown["items"][0]["status"], "DISABLED");
    ctx.send(
        Method::PATCH,
        &format!("{CONFIGS}/{custom}/PAUSED"),
        &p,
        None,
    )
    .await
    .assert_error(400, "AuthConfig_InvalidRequest");

    // Update merges credentials.
    let r = ctx
        .send(
            Method::PATCH,
            &format!("{CONFIGS}/{custom}"),
            &p,
            Some(json!({"type": "custom", "credentials": {"region": "eu"},
                "tool_access_config": {"tools_available_for_execution": ["GITHUB_GET_ISSUE"]}})),
        )
        .await;
    assert_eq!((r.status, r.json.clone()), (200, json!({})));
    let got = ctx.get(&format!("{CONFIGS}/{custom}"), &p).await.json;
    assert_eq!(got["credentials"]["region"], "eu");
    assert_eq!(got["credentials"]["api_key"], "sk_l****");
    assert_eq!(
        got["tool_access_config"]["tools_available_for_execution"],
        json!(["GITHUB_GET_ISSUE"])
    );
    ctx.send(
        Method::PATCH,
        &format!("{CONFIGS}/{custom}"),
        &p,
        Some(json!({"type": "default"})),
    )
    .await
    .assert_error(400, "AuthConfig_InvalidRequest");

    // Errors.
    ctx.post(CONFIGS, &p, json!({"toolkit": {"slug": "nope"}}))
        .await
        .assert_error(404, "Toolkit_NotFound");
    ctx.post(CONFIGS, &p, json!({"toolkit": {"slug": "trello"}}))
        .await
        .assert_error(400, "AuthConfig_NoManagedAuth");
    ctx.post(
        CONFIGS,
        &p,
        json!({"toolkit": {"slug": "github"}, "auth_config": {"type": "use_custom_auth"}}),
    )
    .await
    .assert_error(400, "AuthConfig_InvalidRequest");
    ctx.post(CONFIGS, &p, json!({}))
        .await
        .assert_error(400, "AuthConfig_InvalidRequest");

    // Another project cannot see it; delete, then 404.
    let other = vec![("x-api-key", ctx.emu.other_api_key.clone())];
    let r = ctx.get(&format!("{CONFIGS}/{custom}"), &other).await;
    r.assert_error(404, "AuthConfig_NotFound");
    assert_eq!(
        r.json["error"]["message"],
        format!("Auth config {custom} not found")
    );
    let r = ctx
        .send(Method::DELETE, &format!("{CONFIGS}/{custom}"), &p, None)
        .await;
    assert_eq!((r.status, r.json.clone()), (200, json!({})));
    ctx.get(&format!("{CONFIGS}/{custom}"), &p)
        .await
        .assert_error(404, "AuthConfig_NotFound");
}

#[tokio::test]
async fn link_flow_activates_the_account() {
    let ctx = setup().await;
    let p = ctx.project();
    let config = create_config(&ctx, json!({"toolkit": {"slug": "slack"}})).await;
    let r = ctx
        .post(
            &format!("{ACCOUNTS}/link"),
            &p,
            json!({"auth_config_id": config, "user_id": "alice"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["connected_account_id"].as_str().unwrap().to_string();
    let token = r.json["link_token"].as_str().unwrap();
    let redirect = r.json["redirect_url"].as_str().unwrap();
    assert_eq!(redirect, format!("{}/link/{token}", ctx.emu.base_url));
    assert!(r.json["expires_at"].as_str().unwrap().ends_with('Z'));
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(account["status"], "INITIATED");
    assert_eq!(account["user_id"], "alice");
    assert_eq!(account["toolkit"]["slug"], "slack");
    assert_eq!(account["auth_config"]["id"], config.as_str());
    let before = account["updated_at"].clone();

    // The browser opens the link: no credential, a page, and the account is ACTIVE.
    let page = ctx.http.get(redirect).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains(&id));
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(account["status"], "ACTIVE");
    assert_ne!(account["updated_at"], before);
    let again = ctx.get(&format!("/link/{token}"), &[]).await;
    again.assert_error(410, "Link_AlreadyUsed");
    ctx.get("/link/lk_nope", &[])
        .await
        .assert_error(404, "Link_NotFound");
    let configs = ctx.get(&format!("{CONFIGS}/{config}"), &p).await.json;
    assert_eq!(configs["no_of_connections"], 1);

    // With a callback: a redirect carrying the result.
    let r = ctx
        .post(
            &format!("{ACCOUNTS}/link"),
            &p,
            json!({"auth_config_id": config, "user_id": "bob", "callback_url": "https://app.example/done?x=1"}),
        )
        .await;
    let id = r.json["connected_account_id"].as_str().unwrap();
    let visit = ctx
        .http
        .get(r.json["redirect_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(visit.status(), 302);
    assert_eq!(
        visit.headers()["location"],
        format!("https://app.example/done?x=1&status=success&connected_account_id={id}").as_str()
    );

    // An expired link: 410 and the account EXPIRED.
    let r = ctx
        .post(
            &format!("{ACCOUNTS}/link"),
            &p,
            json!({"auth_config_id": config, "user_id": "carol"}),
        )
        .await;
    let id = r.json["connected_account_id"].as_str().unwrap();
    ctx.admin(
        Method::POST,
        "/_emulator/clock",
        Some(json!({"advance_ms": 600_001})),
    )
    .await;
    ctx.get(
        &format!("/link/{}", r.json["link_token"].as_str().unwrap()),
        &[],
    )
    .await
    .assert_error(410, "Link_Expired");
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(account["status"], "EXPIRED");

    // Errors.
    ctx.post(
        &format!("{ACCOUNTS}/link"),
        &p,
        json!({"auth_config_id": config, "user_id": ""}),
    )
    .await
    .assert_error(400, "ConnectedAccount_InvalidRequest");
    ctx.post(
        &format!("{ACCOUNTS}/link"),
        &p,
        json!({"auth_config_id": "ac_nope", "user_id": "a"}),
    )
    .await
    .assert_error(404, "AuthConfig_NotFound");
    let other = vec![("x-api-key", ctx.emu.other_api_key.clone())];
    ctx.post(
        &format!("{ACCOUNTS}/link"),
        &other,
        json!({"auth_config_id": config, "user_id": "a"}),
    )
    .await
    .assert_error(404, "AuthConfig_NotFound");
    ctx.send(
        Method::PATCH,
        &format!("{CONFIGS}/{config}/DISABLED"),
        &p,
        None,
    )
    .await;
    ctx.post(
        &format!("{ACCOUNTS}/link"),
        &p,
        json!({"auth_config_id": config, "user_id": "a"}),
    )
    .await
    .assert_error(400, "AuthConfig_Disabled");
}

#[tokio::test]
async fn initiate_status_refresh_and_delete() {
    let ctx = setup().await;
    let p = ctx.project();
    let key_config = create_config(
        &ctx,
        json!({"toolkit": {"slug": "linear"}, "auth_config": {"type": "use_custom_auth", "authScheme": "API_KEY"}}),
    )
    .await;
    let r = ctx
        .post(
            ACCOUNTS,
            &p,
            json!({"auth_config": {"id": key_config},
                "connection": {"user_id": "dave", "state": {"authScheme": "API_KEY", "val": {"status": "ACTIVE", "api_key": "lin_api_abcdefghijkl"}}}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["status"], "ACTIVE");
    assert_eq!(r.json["redirect_url"], Value::Null);
    assert_eq!(r.json["connectionData"]["authScheme"], "API_KEY");
    assert_eq!(r.json["connectionData"]["val"]["api_key"], "lin_****");
    assert!(r.json["deprecated"]["uuid"].is_string());
    let key_account = r.json["id"].as_str().unwrap().to_string();
    let refreshed = ctx
        .post(&format!("{ACCOUNTS}/{key_account}/refresh"), &p, json!({}))
        .await
        .json;
    assert_eq!(
        refreshed,
        json!({"id": key_account, "status": "ACTIVE", "redirect_url": null})
    );

    let oauth = ctx
        .post(
            ACCOUNTS,
            &p,
            json!({"auth_config": {"id": "ac_githubmanaged"}, "connection": {}}),
        )
        .await;
    assert_eq!(oauth.status, 201, "{}", oauth.text);
    assert_eq!(oauth.json["status"], "INITIATED");
    let id = oauth.json["id"].as_str().unwrap().to_string();
    assert!(oauth.json["redirect_url"]
        .as_str()
        .unwrap()
        .contains("/link/lk_"));
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(account["user_id"], "default");

    // Refresh: a new link, the old one no longer works.
    let old = oauth.json["redirect_url"].as_str().unwrap();
    let refreshed = ctx
        .post(&format!("{ACCOUNTS}/{id}/refresh"), &p, json!({}))
        .await
        .json;
    assert_eq!(refreshed["status"], "INITIATED");
    let new = refreshed["redirect_url"].as_str().unwrap();
    assert_ne!(new, old);
    assert_eq!(ctx.http.get(old).send().await.unwrap().status(), 410);
    assert_eq!(ctx.http.get(new).send().await.unwrap().status(), 200);

    // Disable / enable.
    let path = format!("{ACCOUNTS}/{id}/status");
    let r = ctx
        .send(Method::PATCH, &path, &p, Some(json!({"enabled": false})))
        .await;
    assert_eq!(r.json, json!({"success": true}));
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(
        (&account["status"], &account["is_disabled"]),
        (&json!("INACTIVE"), &json!(true))
    );
    ctx.send(Method::PATCH, &path, &p, Some(json!({"enabled": true})))
        .await;
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(
        (&account["status"], &account["is_disabled"]),
        (&json!("ACTIVE"), &json!(false))
    );
    ctx.send(Method::PATCH, &path, &p, Some(json!({})))
        .await
        .assert_error(400, "ConnectedAccount_InvalidRequest");

    // Delete.
    let r = ctx
        .send(Method::DELETE, &format!("{ACCOUNTS}/{id}"), &p, None)
        .await;
    assert_eq!(r.json, json!({"success": true}));
    ctx.get(&format!("{ACCOUNTS}/{id}"), &p)
        .await
        .assert_error(404, "ConnectedAccount_NotFound");
    ctx.send(Method::DELETE, &format!("{ACCOUNTS}/{id}"), &p, None)
        .await
        .assert_error(404, "ConnectedAccount_NotFound");

    // The seeded three are still there, newest created first.
    let list = ctx
        .get(&format!("{ACCOUNTS}?user_ids=user-1,user-2"), &p)
        .await
        .json;
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ca_default_3", "ca_default_2", "ca_default_1"]);
}

/// `state.val` holds what the spec's schema for the account's scheme and status requires, and only values of the
/// types the spec gives its fields (the others stay in the deprecated `data`).
#[tokio::test]
async fn account_state_follows_the_spec_schema() {
    let ctx = setup().await;
    let p = ctx.project();
    let seeded = |n: u32| format!("{ACCOUNTS}/ca_default_{n}");
    // ACTIVE OAuth2 needs an access token: the emulator never had one, so it shows masked.
    let active = ctx.get(&seeded(1), &p).await.json;
    assert_eq!(
        active["state"],
        json!({"authScheme": "OAUTH2", "val": {"status": "ACTIVE", "access_token": "****"}})
    );
    assert_eq!(active["data"], json!({}));
    let failed = ctx.get(&seeded(3), &p).await.json;
    assert_eq!(failed["state"]["val"], json!({"status": "FAILED"}));
    // INITIATED OAuth2 needs a redirect URL: the account's own link, which completes it.
    let waiting = ctx.get(&seeded(2), &p).await.json;
    let url = waiting["state"]["val"]["redirectUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/link/lk_", ctx.emu.base_url)),
        "{url}"
    );
    assert_eq!(ctx.http.get(url).send().await.unwrap().status(), 200);
    assert_eq!(ctx.get(&seeded(2), &p).await.json["status"], "ACTIVE");

    let r = ctx
        .post(
            &format!("{ACCOUNTS}/link"),
            &p,
            json!({"auth_config_id": "ac_githubmanaged", "user_id": "u", "connection_data":
                {"subdomain": 7, "long_redirect_url": "yes", "region": "eu", "extra": 1}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["connected_account_id"].as_str().unwrap();
    let account = ctx.get(&format!("{ACCOUNTS}/{id}"), &p).await.json;
    assert_eq!(
        account["state"]["val"],
        json!({"status": "INITIATED", "region": "eu", "extra": 1, "redirectUrl": r.json["redirect_url"]})
    );
    assert_eq!(
        account["data"],
        json!({"subdomain": 7, "long_redirect_url": "yes", "region": "eu", "extra": 1})
    );

    // BASIC needs a username: "" when none was given; the password shows masked.
    let basic = create_config(
        &ctx,
        json!({"toolkit": {"slug": "jira"}, "auth_config": {"type": "use_custom_auth", "authScheme": "BASIC"}}),
    )
    .await;
    let r = ctx
        .post(
            ACCOUNTS,
            &p,
            json!({"auth_config": {"id": basic}, "connection": {"data": {"password": "hunter2-hunter2"}}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.json["connectionData"],
        json!({"authScheme": "BASIC", "val": {"status": "ACTIVE", "username": "", "password": "hunt****"}})
    );
}

/// Enabling a trigger instance whose account is not ACTIVE is a 400: the spec documents no 422 on manage (found by
/// scripts/fuzz-emulator.sh).
#[tokio::test]
async fn enabling_a_trigger_of_an_inactive_account_is_a_400() {
    let ctx = setup().await;
    let p = ctx.project();
    let r = ctx
        .post(
            "/api/v3/trigger_instances/GITHUB_COMMIT_EVENT/upsert",
            &p,
            json!({"connected_account_id": "ca_default_1", "trigger_config": {"owner": "o", "repo": "r"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let manage = format!(
        "/api/v3/trigger_instances/manage/{}",
        r.json["trigger_id"].as_str().unwrap()
    );
    let r = ctx
        .send(
            Method::PATCH,
            &manage,
            &p,
            Some(json!({"status": "disable"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    ctx.admin(
        Method::POST,
        "/_emulator/connected_accounts/ca_default_1/status",
        Some(json!({"status": "INITIATED"})),
    )
    .await;
    ctx.send(
        Method::PATCH,
        &manage,
        &p,
        Some(json!({"status": "enable"})),
    )
    .await
    .assert_error(400, "ConnectedAccount_NotActive");
}

#[tokio::test]
async fn admin_sets_an_account_status() {
    let ctx = setup().await;
    let p = ctx.project();
    let r = ctx
        .send(
            Method::POST,
            "/_emulator/connected_accounts/ca_default_1/status",
            &[],
            Some(json!({"status": "FAILED", "status_reason": "token revoked"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["status"], "FAILED");
    let account = ctx.get(&format!("{ACCOUNTS}/ca_default_1"), &p).await.json;
    assert_eq!(account["status"], "FAILED");
    assert_eq!(account["status_reason"], "token revoked");
    // Admin routes are outside the request-id middleware, so check status and slug only.
    let r = ctx
        .send(
            Method::POST,
            "/_emulator/connected_accounts/ca_nope/status",
            &[],
            Some(json!({"status": "FAILED"})),
        )
        .await;
    assert_eq!(
        (r.status, &r.json["error"]["slug"]),
        (404, &json!("ConnectedAccount_NotFound"))
    );
    let r = ctx
        .send(
            Method::POST,
            "/_emulator/connected_accounts/ca_default_1/status",
            &[],
            Some(json!({"status": "BROKEN"})),
        )
        .await;
    assert_eq!(
        (r.status, &r.json["error"]["slug"]),
        (400, &json!("Emulator_InvalidRequest"))
    );
}

#[tokio::test]
async fn execute_needs_an_active_account() {
    let ctx = setup().await;
    let p = ctx.project();
    let issue = "/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE";
    let args = json!({"owner": "o", "repo": "r", "title": "t"});
    let ok = ctx
        .post(issue, &p, json!({"arguments": args, "user_id": "user-1"}))
        .await;
    assert_eq!(ok.json["successful"], true, "{}", ok.text);

    let r = ctx
        .post(issue, &p, json!({"arguments": args, "user_id": "user-2"}))
        .await;
    r.assert_error(404, "ConnectedAccount_NoActiveAccount");
    assert_eq!(
        r.json["error"]["message"],
        "No active connected account of user user-2 for toolkit github"
    );
    assert_eq!(r.json["error"]["code"], 1102);
    // Slack's only account is INITIATED.
    ctx.post(
        "/api/v3.1/tools/execute/SLACK_CREATE_MESSAGE",
        &p,
        json!({"arguments": {"title": "x"}}),
    )
    .await
    .assert_error(404, "ConnectedAccount_NoActiveAccount");
    // Named accounts: another toolkit's, a FAILED one, an unknown one.
    ctx.post(
        issue,
        &p,
        json!({"arguments": args, "connected_account_id": "ca_default_2"}),
    )
    .await
    .assert_error(400, "ConnectedAccount_ToolkitMismatch");
    let r = ctx
        .post(
            "/api/v3.1/tools/execute/GMAIL_CREATE_EMAIL",
            &p,
            json!({"arguments": {"title": "x"}, "connected_account_id": "ca_default_3"}),
        )
        .await;
    r.assert_error(422, "ConnectedAccount_NotActive");
    assert_eq!(
        r.json["error"]["message"],
        "Connected account ca_default_3 is FAILED, not ACTIVE"
    );
    ctx.post(
        issue,
        &p,
        json!({"arguments": args, "connected_account_id": "ca_nope"}),
    )
    .await
    .assert_error(404, "ConnectedAccount_NotFound");
    // custom_auth_params needs no account; a no-auth toolkit needs none either.
    let custom = ctx
        .post(
            issue,
            &p,
            json!({"arguments": args, "user_id": "nobody", "custom_auth_params": {"parameters": []}}),
        )
        .await;
    assert_eq!(custom.json["successful"], true, "{}", custom.text);
    let search = ctx
        .post(
            "/api/v3.1/tools/execute/COMPOSIO_SEARCH_CREATE_WEB",
            &p,
            json!({"arguments": {"title": "q"}, "user_id": "nobody"}),
        )
        .await;
    assert_eq!(search.json["successful"], true, "{}", search.text);
    // A disabled account no longer counts; the admin route can fail one.
    ctx.send(
        Method::PATCH,
        &format!("{ACCOUNTS}/ca_default_1/status"),
        &p,
        Some(json!({"enabled": false})),
    )
    .await;
    ctx.post(issue, &p, json!({"arguments": args, "user_id": "user-1"}))
        .await
        .assert_error(404, "ConnectedAccount_NoActiveAccount");
    ctx.send(
        Method::PATCH,
        &format!("{ACCOUNTS}/ca_default_1/status"),
        &p,
        Some(json!({"enabled": true})),
    )
    .await;
    ctx.admin(
        Method::POST,
        "/_emulator/connected_accounts/ca_default_1/status",
        Some(json!({"status": "EXPIRED"})),
    )
    .await;
    ctx.post(
        issue,
        &p,
        json!({"arguments": args, "connected_account_id": "ca_default_1"}),
    )
    .await
    .assert_error(422, "ConnectedAccount_NotActive");
    // text: null is not a string.
    ctx.post(issue, &p, json!({"text": null, "user_id": "user-1"}))
        .await
        .assert_error(400, "Tool_InvalidArguments");
}

#[tokio::test]
async fn proxy_and_input() {
    let ctx = setup().await;
    let p = ctx.project();
    let proxy = "/api/v3.1/tools/execute/proxy";
    let r = ctx
        .post(
            proxy,
            &p,
            json!({"endpoint": "/user/repos", "method": "POST", "connected_account_id": "ca_default_1",
                "body": {"name": "x"}, "parameters": [{"name": "page", "value": "2", "type": "query"},
                {"name": "X-Trace", "value": "t1", "type": "header"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json,
        json!({"data": {"method": "POST", "endpoint": "/user/repos", "query": {"page": "2"},
            "headers": {"X-Trace": "t1"}, "body": {"name": "x"}}, "status": 200, "headers": {}})
    );
    ctx.post(proxy, &p, json!({"endpoint": "/x", "method": "GET"}))
        .await
        .assert_error(400, "Proxy_InvalidRequest");
    ctx.post(
        proxy,
        &p,
        json!({"endpoint": "/x", "method": "TRACE", "connected_account_id": "ca_default_1"}),
    )
    .await
    .assert_error(400, "Proxy_InvalidRequest");
    ctx.post(
        proxy,
        &p,
        json!({"endpoint": "/x", "method": "GET", "connected_account_id": "ca_default_2"}),
    )
    .await
    .assert_error(422, "ConnectedAccount_NotActive");
    let custom = ctx
        .post(
            proxy,
            &p,
            json!({"endpoint": "/x", "method": "GET", "custom_connection_data": {"authScheme": "API_KEY", "toolkitSlug": "github", "val": {}}}),
        )
        .await;
    assert_eq!(custom.json["data"]["body"], Value::Null);

    let input = ctx
        .post(
            "/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE/input",
            &p,
            json!({"text": "open a bug"}),
        )
        .await;
    assert_eq!(input.status, 200, "{}", input.text);
    assert_eq!(
        input.json,
        json!({"arguments": {"owner": "open a bug", "repo": "open a bug", "title": "open a bug"}})
    );
    ctx.post(
        "/api/v3.1/tools/execute/GITHUB_NOPE/input",
        &p,
        json!({"text": "x"}),
    )
    .await
    .assert_error(404, "Tool_ToolNotFound");
    ctx.post(
        "/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE/input",
        &p,
        json!({}),
    )
    .await
    .assert_error(400, "Tool_InvalidArguments");
}
