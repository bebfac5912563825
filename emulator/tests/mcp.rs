//! MCP servers and their instances: create (plain and custom), page-number lists, list by app, update, generate,
//! instances, delete.

mod common;

use common::{setup, Ctx, Resp};
use reqwest::Method;
use serde_json::{json, Value};

const SERVERS: &str = "/api/v3.1/mcp/servers";

fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
            }
        })
}

async fn create(ctx: &Ctx, body: Value) -> Value {
    let r = ctx.post(SERVERS, &ctx.project(), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json
}

fn names(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

async fn patch(ctx: &Ctx, path: &str, body: Value) -> Resp {
    ctx.send(Method::PATCH, path, &ctx.project(), Some(body))
        .await
}

#[tokio::test]
async fn an_mcp_servers_life() {
    let ctx = setup().await;
    let p = ctx.project();

    // Create: toolkits come from the auth configs, the URL from the id.
    let server = create(
        &ctx,
        json!({"name": "GitHub Server", "auth_config_ids": ["ac_githubmanaged", "ac_slackmanaged"],
               "allowed_tools": ["GITHUB_GET_ISSUE"]}),
    )
    .await;
    let id = server["id"].as_str().unwrap().to_string();
    assert!(is_uuid(&id), "{id}");
    let url = format!("{}/v3/mcp/{id}", ctx.emu.base_url);
    assert_eq!(server["mcp_url"], url.as_str());
    assert_eq!(server["name"], "GitHub Server");
    assert_eq!(
        server["auth_config_ids"],
        json!(["ac_githubmanaged", "ac_slackmanaged"])
    );
    assert_eq!(server["toolkits"], json!(["github", "slack"]));
    assert_eq!(
        server["toolkit_icons"]["github"],
        "https://logos.composio.dev/api/github"
    );
    assert_eq!(server["allowed_tools"], json!(["GITHUB_GET_ISSUE"]));
    assert_eq!(
        server["commands"]["cursor"],
        format!("npx @composio/mcp@latest setup \"{url}\" --client cursor")
    );
    assert!(server["commands"]["claude"].is_string() && server["commands"]["windsurf"].is_string());
    assert_eq!(server["server_instance_count"], 0);
    assert_eq!(server["managed_auth_via_composio"], false);
    assert_eq!(server["created_at"], server["updated_at"]);
    assert!(server.get("deleted").is_none());

    // Create errors.
    for (body, status, slug) in [
        (
            json!({"name": "abc", "auth_config_ids": []}),
            400,
            "MCP_InvalidRequest",
        ),
        (
            json!({"name": "bad_name!", "auth_config_ids": []}),
            400,
            "MCP_InvalidRequest",
        ),
        (json!({"name": "No Configs"}), 400, "MCP_InvalidRequest"),
        (
            json!({"name": "Unknown Config", "auth_config_ids": ["ac_nope"]}),
            404,
            "AuthConfig_NotFound",
        ),
        (
            json!({"name": "Auth App", "auth_config_ids": [], "no_auth_apps": ["github"]}),
            400,
            "MCP_InvalidRequest",
        ),
        (
            json!({"name": "GitHub Server", "auth_config_ids": []}),
            409,
            "MCP_ServerNameConflict",
        ),
    ] {
        let r = ctx.post(SERVERS, &p, body.clone()).await;
        r.assert_error(status, slug);
        if status == 400 {
            assert_eq!(r.json["error"]["code"], 4001, "{body}");
        }
    }
    let r = ctx
        .post(
            &format!("{SERVERS}/custom"),
            &p,
            json!({"name": "Custom Bad", "toolkits": ["nope"]}),
        )
        .await;
    r.assert_error(400, "MCP_InvalidRequest");
    let r = ctx
        .post(
            &format!("{SERVERS}/custom"),
            &p,
            json!({"name": "Custom Bad", "auth_config_ids": ["ac_nope"]}),
        )
        .await;
    r.assert_error(400, "MCP_InvalidRequest");

    // Custom: toolkits named outright; allowed_tools and custom_tools merge.
    let r = ctx
        .post(
            &format!("{SERVERS}/custom"),
            &p,
            json!({"name": "Custom Server", "toolkits": ["Gmail", "composio_search"],
                   "allowed_tools": ["GMAIL_GET_EMAIL"], "custom_tools": ["MY_TOOL"],
                   "managed_auth_via_composio": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["toolkits"], json!(["gmail", "composio_search"]));
    assert_eq!(r.json["auth_config_ids"], json!([]));
    assert_eq!(
        r.json["allowed_tools"],
        json!(["GMAIL_GET_EMAIL", "MY_TOOL"])
    );
    assert_eq!(r.json["managed_auth_via_composio"], true);
    let custom = r.json["id"].as_str().unwrap().to_string();
    let third = create(
        &ctx,
        json!({"name": "Another GitHub", "auth_config_ids": ["ac_githubmanaged"],
               "no_auth_apps": ["composio_search"]}),
    )
    .await;
    assert_eq!(third["toolkits"], json!(["github", "composio_search"]));

    // Lists: page numbers, newest change first.
    let page = ctx.get(&format!("{SERVERS}?limit=2"), &p).await.json;
    assert_eq!(names(&page), ["Another GitHub", "Custom Server"]);
    assert_eq!(
        (page["total_pages"].clone(), page["current_page"].clone()),
        (json!(2), json!(1))
    );
    assert!(page.get("next_cursor").is_none());
    let page = ctx
        .get(&format!("{SERVERS}?limit=2&page_no=2"), &p)
        .await
        .json;
    assert_eq!(names(&page), ["GitHub Server"]);
    assert_eq!(page["current_page"], 2);
    let page = ctx
        .get(&format!("{SERVERS}?limit=2&page_no=3"), &p)
        .await
        .json;
    assert_eq!(names(&page), Vec::<&str>::new());
    assert_eq!(
        (page["total_pages"].clone(), page["current_page"].clone()),
        (json!(2), json!(3))
    );
    let page = ctx.get(SERVERS, &p).await.json;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert_eq!(page["items"][0]["server_instance_count"], 0);
    let asc = ctx
        .get(
            &format!("{SERVERS}?order_by=created_at&order_direction=asc"),
            &p,
        )
        .await
        .json;
    assert_eq!(
        names(&asc),
        ["GitHub Server", "Custom Server", "Another GitHub"]
    );
    let by_name = ctx.get(&format!("{SERVERS}?name=GITHUB"), &p).await.json;
    assert_eq!(names(&by_name), ["Another GitHub", "GitHub Server"]);
    let by_toolkit = ctx
        .get(&format!("{SERVERS}?toolkits=slack,gmail"), &p)
        .await
        .json;
    assert_eq!(names(&by_toolkit), ["Custom Server", "GitHub Server"]);
    let by_config = ctx
        .get(&format!("{SERVERS}?auth_config_ids=ac_slackmanaged"), &p)
        .await
        .json;
    assert_eq!(names(&by_config), ["GitHub Server"]);
    for query in [
        "page_no=-1",
        "limit=2.5",
        "order_by=name",
        "order_direction=up",
    ] {
        let r = ctx.get(&format!("{SERVERS}?{query}"), &p).await;
        assert_eq!(r.status, 400, "{query}: {}", r.text);
    }

    // By app (also under /api/v3).
    let github = ctx.get("/api/v3/mcp/app/github", &p).await.json;
    assert_eq!(names(&github), ["Another GitHub", "GitHub Server"]);
    let search = ctx
        .get("/api/v3/mcp/app/composio_search?limit=1", &p)
        .await
        .json;
    assert_eq!(names(&search), ["Another GitHub"]);
    assert_eq!(search["total_pages"], 2);
    ctx.get("/api/v3/mcp/app/nope", &p)
        .await
        .assert_error(404, "Toolkit_NotFound");

    // Get; another project cannot see it.
    let got = ctx.get(&format!("/api/v3.1/mcp/{id}"), &p).await.json;
    assert_eq!(got["deleted"], false);
    assert_eq!(got["mcp_url"], url.as_str());
    let other = vec![("x-api-key", ctx.emu.other_api_key.clone())];
    ctx.get(&format!("/api/v3.1/mcp/{id}"), &other)
        .await
        .assert_error(404, "MCP_ServerNotFound");
    let r = ctx.get("/api/v3.1/mcp/nope", &p).await;
    r.assert_error(404, "MCP_ServerNotFound");
    assert_eq!(r.json["error"]["message"], "MCP server nope not found");

    // Update: only what is given; the server moves to the front of the list.
    let r = patch(
        &ctx,
        &format!("/api/v3.1/mcp/{id}"),
        json!({"name": "Renamed Server", "toolkits": ["notion"], "auth_config_ids": ["ac_githubmanaged"]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["name"], "Renamed Server");
    assert_eq!(r.json["toolkits"], json!(["github", "notion"]));
    assert_eq!(r.json["allowed_tools"], json!(["GITHUB_GET_ISSUE"]));
    assert_eq!(r.json["deleted"], false);
    assert_ne!(r.json["updated_at"], server["updated_at"]);
    assert_eq!(r.json["created_at"], server["created_at"]);
    let page = ctx.get(SERVERS, &p).await.json;
    assert_eq!(names(&page)[0], "Renamed Server");
    patch(
        &ctx,
        &format!("/api/v3.1/mcp/{id}"),
        json!({"name": "Custom Server"}),
    )
    .await
    .assert_error(409, "MCP_ServerNameConflict");
    patch(&ctx, &format!("/api/v3.1/mcp/{id}"), json!({"name": "x"}))
        .await
        .assert_error(400, "MCP_InvalidRequest");
    patch(
        &ctx,
        &format!("/api/v3.1/mcp/{id}"),
        json!({"auth_config_ids": ["ac_nope"]}),
    )
    .await
    .assert_error(404, "AuthConfig_NotFound");
    patch(&ctx, "/api/v3.1/mcp/nope", json!({}))
        .await
        .assert_error(404, "MCP_ServerNotFound");

    // Instances: the user needs an ACTIVE account on every auth config of the server.
    let instances = format!("{SERVERS}/{id}/instances");
    let r = ctx.post(&instances, &p, json!({"user_id": "user-1"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(is_uuid(r.json["id"].as_str().unwrap()));
    assert_eq!(r.json["instance_id"], "user-1");
    assert_eq!(r.json["mcp_server_id"], id.as_str());
    assert!(r.json["created_at"].is_string() && r.json["updated_at"].is_string());
    ctx.post(&instances, &p, json!({"user_id": "user-1"}))
        .await
        .assert_error(409, "MCP_InstanceConflict");
    let r = ctx.post(&instances, &p, json!({"user_id": "user-2"})).await;
    r.assert_error(403, "MCP_MissingConnectedAccounts");
    assert_eq!(
        r.json["error"]["message"],
        "User user-2 has no active connected account for auth config(s) ac_githubmanaged"
    );
    ctx.post(&instances, &p, json!({"user_id": ""}))
        .await
        .assert_error(400, "MCP_InvalidRequest");
    ctx.post(
        &format!("{SERVERS}/nope/instances"),
        &p,
        json!({"user_id": "user-1"}),
    )
    .await
    .assert_error(404, "MCP_ServerNotFound");
    // A server without auth configs takes any user.
    for user in ["alice", "bob"] {
        let r = ctx
            .post(
                &format!("{SERVERS}/{custom}/instances"),
                &p,
                json!({"user_id": user}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let list = ctx.get(&instances, &p).await.json;
    assert_eq!(list["server_id"], id.as_str());
    assert_eq!(list["server_name"], "Renamed Server");
    assert_eq!(
        (list["total_pages"].clone(), list["current_page"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(list["instances"][0]["instance_id"], "user-1");
    let list = ctx
        .get(&format!("{SERVERS}/{custom}/instances?limit=1"), &p)
        .await
        .json;
    assert_eq!(list["instances"][0]["instance_id"], "bob");
    assert_eq!(list["total_pages"], 2);
    let list = ctx
        .get(&format!("{SERVERS}/{custom}/instances?search=ALI"), &p)
        .await
        .json;
    assert_eq!(list["instances"].as_array().unwrap().len(), 1);
    let list = ctx
        .get(
            &format!("{SERVERS}/{custom}/instances?order_direction=asc&page_no=2&limit=1"),
            &p,
        )
        .await
        .json;
    assert_eq!(list["instances"][0]["instance_id"], "bob");
    let got = ctx.get(&format!("/api/v3.1/mcp/{id}"), &p).await.json;
    assert_eq!(got["server_instance_count"], 1);

    // Generate: one URL per connected account (all users) and per user (all accounts).
    let r = ctx
        .post(
            &format!("{SERVERS}/generate"),
            &p,
            json!({"mcp_server_id": id, "user_ids": ["user-1", "a b"],
                   "connected_account_ids": ["ca_default_1"], "managed_auth_by_composio": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["mcp_url"], url.as_str());
    assert_eq!(
        r.json["connected_account_urls"],
        json!([format!("{url}?include_composio_helper_actions=true&connected_account_ids=ca_default_1&user_id=user-1,a%20b")])
    );
    assert_eq!(
        r.json["user_ids_url"],
        json!([
            format!("{url}?include_composio_helper_actions=true&connected_account_ids=ca_default_1&user_id=user-1"),
            format!("{url}?include_composio_helper_actions=true&connected_account_ids=ca_default_1&user_id=a%20b"),
        ])
    );
    let r = ctx
        .post(
            &format!("{SERVERS}/generate"),
            &p,
            json!({"mcp_server_id": id, "user_ids": ["u"]}),
        )
        .await;
    assert_eq!(r.json["user_ids_url"], json!([format!("{url}?user_id=u")]));
    assert_eq!(r.json["connected_account_urls"], json!([]));
    ctx.post(
        &format!("{SERVERS}/generate"),
        &p,
        json!({"mcp_server_id": "nope"}),
    )
    .await
    .assert_error(404, "MCP_ServerNotFound");
    ctx.post(&format!("{SERVERS}/generate"), &p, json!({}))
        .await
        .assert_error(400, "MCP_InvalidRequest");

    // Deleting an instance deletes the user's accounts on the server's auth configs.
    let r = ctx
        .send(Method::DELETE, &format!("{instances}/user-1"), &p, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["deleted_connected_accounts"], 1);
    assert!(r.json["message"].is_string());
    ctx.get("/api/v3.1/connected_accounts/ca_default_1", &p)
        .await
        .assert_error(404, "ConnectedAccount_NotFound");
    let gmail = ctx
        .get("/api/v3.1/connected_accounts/ca_default_3", &p)
        .await;
    assert_eq!(gmail.status, 200, "accounts on other auth configs stay");
    ctx.send(Method::DELETE, &format!("{instances}/user-1"), &p, None)
        .await
        .assert_error(404, "MCP_InstanceNotFound");

    // Delete: soft, then 404 everywhere; the name is free again.
    let r = ctx
        .send(Method::DELETE, &format!("/api/v3.1/mcp/{id}"), &p, None)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"id": id, "deleted": true}))
    );
    ctx.get(&format!("/api/v3.1/mcp/{id}"), &p)
        .await
        .assert_error(404, "MCP_ServerNotFound");
    ctx.send(Method::DELETE, &format!("/api/v3.1/mcp/{id}"), &p, None)
        .await
        .assert_error(404, "MCP_ServerNotFound");
    ctx.get(&instances, &p)
        .await
        .assert_error(404, "MCP_ServerNotFound");
    assert_eq!(
        ctx.get(SERVERS, &p).await.json["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    create(
        &ctx,
        json!({"name": "Renamed Server", "auth_config_ids": []}),
    )
    .await;
}

#[tokio::test]
async fn mcp_routes_need_a_project_key() {
    let ctx = setup().await;
    ctx.get(SERVERS, &[])
        .await
        .assert_error(401, "Auth_InvalidApiKey");
    ctx.get(SERVERS, &ctx.org())
        .await
        .assert_error(403, "Auth_Forbidden");
}
