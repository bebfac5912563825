//! Catalogue endpoints: tools list/filters/pagination, versions per API prefix, get, execute, toolkits.

mod common;

use std::collections::HashSet;

use common::setup;
use serde_json::{json, Value};

const TOOL_FIELDS: [&str; 14] = [
    "slug",
    "name",
    "description",
    "toolkit",
    "input_parameters",
    "no_auth",
    "available_versions",
    "version",
    "output_parameters",
    "scopes",
    "tags",
    "is_deprecated",
    "deprecated",
    "toolkit",
];

#[tokio::test]
async fn the_whole_catalogue_takes_two_pages_of_1000() {
    let ctx = setup().await;
    let first = ctx
        .get("/api/v3.1/tools?limit=1000", &ctx.project())
        .await
        .json;
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 1000);
    let total = first["total_items"].as_u64().unwrap();
    assert!(total >= 1050, "{total}");
    assert_eq!(first["total_pages"], 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = ctx
        .get(
            &format!("/api/v3.1/tools?limit=1000&cursor={cursor}"),
            &ctx.project(),
        )
        .await
        .json;
    assert_eq!(second["next_cursor"], Value::Null);
    assert_eq!(second["current_page"], 2);
    let all: Vec<&Value> = items
        .iter()
        .chain(second["items"].as_array().unwrap())
        .collect();
    assert_eq!(all.len() as u64, total);
    let slugs: HashSet<&str> = all.iter().map(|t| t["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs.len() as u64, total);
    for tool in &all {
        for field in TOOL_FIELDS {
            assert!(
                tool.get(field).is_some(),
                "{field} missing in {}",
                tool["slug"]
            );
        }
        assert_eq!(tool["input_parameters"]["type"], "object");
        assert!(tool["output_parameters"]["properties"]["data"].is_object());
        assert!(tool["deprecated"]["toolkit"]["logo"].is_string());
    }
    // Sorted by toolkit then slug, so the order is stable between pages and runs.
    let keys: Vec<(String, String)> = all
        .iter()
        .map(|t| {
            (
                t["toolkit"]["slug"].as_str().unwrap().into(),
                t["slug"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    assert!(all.iter().any(
        |t| t["input_parameters"]["properties"]["filters"]["properties"]["labels"]["type"]
            == "array"
    ));

    let page = ctx.get("/api/v3.1/tools", &ctx.project()).await.json;
    assert_eq!(page["items"].as_array().unwrap().len(), 20);
    let github = ctx
        .get(
            "/api/v3.1/tools?toolkit_slug=github&limit=1",
            &ctx.project(),
        )
        .await
        .json;
    assert!(github["total_items"].as_u64().unwrap() >= 400);
}

#[tokio::test]
async fn tool_filters() {
    let ctx = setup().await;
    let ctx = &ctx;
    let get = |q: &str| {
        let path = format!("/api/v3.1/tools?limit=1000&{q}");
        let headers = ctx.project();
        async move { ctx.get(&path, &headers).await.json }
    };
    let picked = get("tool_slugs=GITHUB_CREATE_ISSUE,slack_list_messages").await;
    let slugs: Vec<&str> = picked["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["GITHUB_CREATE_ISSUE", "SLACK_LIST_MESSAGES"]);

    let important = get("important=true").await;
    assert!(important["total_items"].as_u64().unwrap() > 10);
    let tagged = get("tags=important,nonexistent").await;
    assert_eq!(tagged["total_items"], important["total_items"]);
    assert!(tagged["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["tags"].as_array().unwrap().contains(&json!("important"))));

    let search = get("search=PULL_request&toolkit_slug=github").await;
    assert!(search["total_items"].as_u64().unwrap() >= 20);
    assert!(search["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["slug"].as_str().unwrap().contains("PULL_REQUEST")));
    assert_eq!(
        get("query=pull_request&toolkit_slug=github").await["total_items"],
        search["total_items"]
    );

    let all = get("").await["total_items"].as_u64().unwrap();
    let live = get("include_deprecated=false").await;
    assert!(live["total_items"].as_u64().unwrap() < all);
    assert!(live["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["is_deprecated"] == false));

    let no_auth = get("toolkit_slug=composio_search").await;
    assert!(no_auth["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["no_auth"] == true));
    ctx.get("/api/v3.1/tools?important=maybe", &ctx.project())
        .await
        .assert_error(400, "Request_InvalidQuery");
}

#[tokio::test]
async fn versions_differ_between_v3_and_v3_1() {
    let ctx = setup().await;
    let p = ctx.project();
    let v31 = ctx
        .get("/api/v3.1/tools/GITHUB_CREATE_ISSUE", &p)
        .await
        .json;
    assert_eq!(v31["version"], "20251020_00");
    assert_eq!(
        v31["available_versions"],
        json!(["20250901_00", "20251020_00"])
    );
    let v3 = ctx.get("/api/v3/tools/GITHUB_CREATE_ISSUE", &p).await.json;
    assert_eq!(v3["version"], "00000000_00");
    assert_eq!(
        ctx.get("/api/v3/tools/GITHUB_CREATE_ISSUE?version=latest", &p)
            .await
            .json["version"],
        "20251020_00"
    );
    assert_eq!(
        ctx.get(
            "/api/v3.1/tools/GITHUB_CREATE_ISSUE?version=20250901_00",
            &p
        )
        .await
        .json["version"],
        "20250901_00"
    );
    ctx.get(
        "/api/v3.1/tools/GITHUB_CREATE_ISSUE?version=19990101_00",
        &p,
    )
    .await
    .assert_error(404, "Tool_VersionNotFound");

    let list3 = ctx.get("/api/v3/tools?limit=2", &p).await.json;
    assert!(list3["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["version"] == "00000000_00"));
    let list31 = ctx.get("/api/v3.1/tools?limit=2", &p).await.json;
    assert!(list31["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["version"] == "20251020_00"));
    let pinned = ctx
        .get(
            "/api/v3.1/tools?toolkit_slug=github&limit=1&toolkit_versions=20250901_00",
            &p,
        )
        .await
        .json;
    assert_eq!(pinned["items"][0]["version"], "20250901_00");
    let keyed = ctx
        .get(
            "/api/v3/tools?toolkit_slug=github&limit=1&toolkit_versions[github]=latest",
            &p,
        )
        .await
        .json;
    assert_eq!(keyed["items"][0]["version"], "20251020_00");
    let unknown = ctx
        .get(
            "/api/v3/tools?toolkit_slug=github&limit=1&toolkit_versions=nope",
            &p,
        )
        .await;
    unknown.assert_error(400, "Tool_InvalidVersion");
    assert_eq!(
        unknown.json["error"]["message"],
        "Unknown toolkit version \"nope\""
    );

    let body = json!({"arguments": {"owner": "o", "repo": "r", "title": "t"}});
    let e3 = ctx
        .post(
            "/api/v3/tools/execute/GITHUB_CREATE_ISSUE",
            &p,
            body.clone(),
        )
        .await
        .json;
    assert_eq!(e3["data"]["version"], "00000000_00");
    let e31 = ctx
        .post("/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE", &p, body)
        .await
        .json;
    assert_eq!(e31["data"]["version"], "20251020_00");
}

#[tokio::test]
async fn unknown_tool_is_a_2401_envelope() {
    let ctx = setup().await;
    let r = ctx.get("/api/v3.1/tools/GITHUB_NOPE", &ctx.project()).await;
    r.assert_error(404, "Tool_ToolNotFound");
    let error = &r.json["error"];
    assert_eq!(error["message"], "Tool GITHUB_NOPE not found");
    assert_eq!(error["code"], 2401);
    assert_eq!(error["suggested_fix"], "Check your input.");
    assert!(error["request_id"].as_str().unwrap().starts_with("req_"));
    ctx.post(
        "/api/v3.1/tools/execute/GITHUB_NOPE",
        &ctx.project(),
        json!({}),
    )
    .await
    .assert_error(404, "Tool_ToolNotFound");
}

#[tokio::test]
async fn execute_echoes_and_validates() {
    let ctx = setup().await;
    let p = ctx.project();
    let path = "/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE";
    let args =
        json!({"owner": "acme", "repo": "app", "title": "Bug", "metadata": {"labels": ["x"]}});
    let r = ctx
        .post(path, &p, json!({"arguments": args, "user_id": "user-1"}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["successful"], true);
    assert_eq!(r.json["error"], Value::Null);
    assert_eq!(r.json["session_info"], Value::Null);
    assert!(r.json["log_id"].as_str().unwrap().starts_with("log_"));
    assert_eq!(r.json["data"]["tool"], "GITHUB_CREATE_ISSUE");
    assert_eq!(r.json["data"]["arguments"], args);
    assert_eq!(r.json["data"]["user_id"], "user-1");

    let r = ctx
        .post(
            path,
            &p,
            json!({"arguments": {"owner": "acme", "repo": "app"}}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["successful"], false);
    assert_eq!(r.json["error"], "Missing required argument: title");
    assert_eq!(r.json["data"], json!({}));

    let text = ctx.post(path, &p, json!({"text": "open an issue"})).await;
    assert_eq!(text.json["successful"], true);
    assert_eq!(text.json["data"]["text"], "open an issue");

    ctx.post(path, &p, json!({"arguments": {}, "text": "both"}))
        .await
        .assert_error(400, "Tool_InvalidArguments");
    ctx.post(path, &p, json!({"arguments": [1]}))
        .await
        .assert_error(400, "Tool_InvalidArguments");
    ctx.post(path, &p, json!({"text": 5}))
        .await
        .assert_error(400, "Tool_InvalidArguments");
    ctx.post(path, &p, json!([1, 2]))
        .await
        .assert_error(400, "Request_InvalidBody");
    ctx.post(path, &ctx.org(), json!({}))
        .await
        .assert_error(403, "Auth_Forbidden");
}

#[tokio::test]
async fn toolkits_list_and_detail() {
    let ctx = setup().await;
    let p = ctx.project();
    let list = ctx.get("/api/v3.1/toolkits?limit=100", &p).await.json;
    let items = list["items"].as_array().unwrap();
    assert!(items.len() >= 12);
    assert_eq!(list["next_cursor"], Value::Null);
    let tools_total: u64 = items
        .iter()
        .map(|t| t["meta"]["tools_count"].as_u64().unwrap())
        .sum();
    let catalogue = ctx.get("/api/v3.1/tools?limit=1", &p).await.json;
    assert_eq!(json!(tools_total), catalogue["total_items"]);
    for t in items {
        for field in [
            "slug",
            "name",
            "auth_schemes",
            "composio_managed_auth_schemes",
            "is_local_toolkit",
            "no_auth",
        ] {
            assert!(t.get(field).is_some(), "{field}");
        }
        assert!(t["deprecated"]["toolkitId"].is_string());
        assert!(t["meta"]["categories"][0]["id"].is_string());
        assert!(t["meta"]["description"].is_string());
    }
    let paged = ctx.get("/api/v3.1/toolkits?limit=5", &p).await.json;
    assert_eq!(paged["items"].as_array().unwrap().len(), 5);
    assert!(paged["next_cursor"].is_string());

    let search = ctx.get("/api/v3.1/toolkits?search=GIT", &p).await.json;
    assert_eq!(search["items"][0]["slug"], "github");
    let category = ctx
        .get("/api/v3.1/toolkits?category=communication", &p)
        .await
        .json;
    assert!(category["total_items"].as_u64().unwrap() >= 3);

    let detail = ctx.get("/api/v3/toolkits/github", &p).await.json;
    assert_eq!(detail["enabled"], true);
    assert_eq!(detail["meta"]["categories"][0]["slug"], "developer-tools");
    assert_eq!(
        detail["meta"]["available_versions"],
        json!(["20250901_00", "20251020_00"])
    );
    assert_eq!(detail["deprecated"]["rawProxyInfoByAuthSchemes"], json!([]));
    assert!(detail["base_url"].is_string());
    let r = ctx.get("/api/v3/toolkits/nope", &p).await;
    r.assert_error(404, "Toolkit_NotFound");
    assert_eq!(r.json["error"]["code"], 2501);
}
