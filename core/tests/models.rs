//! Models keep unknown fields and tolerate missing optional ones; v3 and v3.1 version defaults differ.

mod common;

use composio::{Credential, RawRequest, ToolListParams};
use serde_json::json;

#[tokio::test]
async fn unknown_fields_stay_reachable_and_missing_ones_default() {
    let emu = common::emulator().await;
    let body = json!({
        "items": [{"slug": "NEW_TOOL", "name": "New", "brand_new_field": {"x": 1}}],
        "next_cursor": null, "total_pages": 1.0, "current_page": 1, "total_items": 1, "page_extra": true
    });
    common::fault(&emu, json!({"path": "/api/v3.1/tools", "count": 1, "status": 200, "body_kind": "raw", "body": body.to_string()})).await;
    let page = common::client(&emu)
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap();
    assert_eq!(page.total_pages, 1);
    let tool = &page.items[0];
    assert_eq!(tool.slug, "NEW_TOOL");
    assert_eq!(tool.extra["brand_new_field"], json!({"x": 1}));
    assert!(tool.tags.is_empty() && !tool.is_deprecated);
    // What was received is what serializes back out, unknown fields included.
    assert_eq!(
        serde_json::to_value(tool).unwrap()["brand_new_field"],
        json!({"x": 1})
    );
}

#[tokio::test]
async fn every_spec_field_of_a_tool_is_filled() {
    let emu = common::emulator().await;
    let tool = common::client(&emu)
        .tools()
        .get("GITHUB_CREATE_ISSUE", None)
        .await
        .unwrap();
    assert!(!tool.name.is_empty() && !tool.description.is_empty());
    assert_eq!(tool.toolkit.slug, "github");
    assert_eq!(tool.input_parameters["type"], "object");
    assert!(tool.input_parameters["properties"].is_object());
    assert!(!tool.available_versions.is_empty());
    assert_eq!(tool.version, *tool.available_versions.last().unwrap());
    assert!(tool.deprecated.is_some());
    assert!(
        tool.extra.is_empty(),
        "unexpected fields: {:?}",
        tool.extra.keys().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn v3_pins_the_base_version_and_v3_1_means_latest() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let old = client
        .request(&RawRequest {
            credential: Credential::Project,
            ..RawRequest::get("/api/v3/tools/GITHUB_CREATE_ISSUE")
        })
        .await
        .unwrap();
    assert_eq!(old["version"], "00000000_00");
    let latest = client
        .tools()
        .get("GITHUB_CREATE_ISSUE", None)
        .await
        .unwrap();
    assert_ne!(latest.version, "00000000_00");
}

#[tokio::test]
async fn project_models_cover_the_spec() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let details = client.projects().get(&emu.project_id).await.unwrap();
    let p = &details.project;
    assert_eq!(
        (p.id.as_str(), p.name.as_str()),
        (emu.project_id.as_str(), "default")
    );
    assert!(!p.org_id.is_empty() && !p.email.is_empty() && !p.created_at.is_empty());
    assert_eq!(p.webhook_version, "V3");
    assert!(p.extra.is_empty(), "unexpected fields: {:?}", p.extra);
    assert_eq!(details.api_keys[0].key, emu.api_key);
    let settings = client.project_settings().get().await.unwrap();
    assert!(settings.extra.is_empty(), "{:?}", settings.extra);
    let toolkit = client.toolkits().get("github").await.unwrap();
    assert!(toolkit.enabled.is_some() && toolkit.meta.tools_count > 0);
    assert!(
        toolkit.extra.is_empty() && toolkit.meta.extra.is_empty(),
        "{:?} {:?}",
        toolkit.extra,
        toolkit.meta.extra
    );
}
