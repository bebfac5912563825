//! Realtime credentials and channel auth: the current API's (user key) and the official SDKs' internal routes
//! (project key) name the same app and sign the same way.

mod common;

use common::setup;
use serde_json::json;

#[tokio::test]
async fn both_routes_sign_the_projects_channel_alike() {
    let ctx = setup().await;
    let user = vec![("x-user-api-key", ctx.emu.user_api_key.clone())];
    let project = ctx.project();
    let channel = format!("private-{}_triggers", ctx.emu.project_id);
    let body = json!({"socket_id": "1234.5678", "channel_name": channel});

    let by_user = ctx.get("/api/v3.1/cli/realtime/credentials", &user).await;
    let by_project = ctx
        .get("/api/v3/internal/sdk/realtime/credentials", &project)
        .await;
    assert_eq!(by_user.status, 200, "{}", by_user.text);
    assert_eq!(by_user.json, by_project.json);
    let key = by_user.json["pusher_key"].as_str().unwrap().to_string();

    let signed = ctx
        .post("/api/v3.1/cli/realtime/auth", &user, body.clone())
        .await;
    let again = ctx
        .post("/api/v3/internal/sdk/realtime/auth", &project, body.clone())
        .await;
    assert_eq!(signed.json, again.json);
    let auth = signed.json["auth"].as_str().unwrap();
    let (auth_key, signature) = auth.split_once(':').unwrap();
    assert_eq!(auth_key, key);
    assert!(
        signature.len() == 64 && signature.chars().all(|c| c.is_ascii_hexdigit()),
        "{auth}"
    );

    // Each route takes its own key only.
    ctx.get("/api/v3.1/cli/realtime/credentials", &project)
        .await
        .assert_error(403, "Auth_Forbidden");
    ctx.post("/api/v3/internal/sdk/realtime/auth", &user, body)
        .await
        .assert_error(403, "Auth_Forbidden");
}
