//! Credentials: which header carries which key, scoping, rotation, tenants, revoked keys.

mod common;

use composio::{AuthScheme, Client, ClientOptions, CreateProjectParams, ErrorKind, ToolListParams};
use serde_json::Value;

fn header<'a>(entry: &'a Value, name: &str) -> Option<&'a str> {
    entry["headers"][name].as_str()
}

#[tokio::test]
async fn project_calls_carry_exactly_the_project_key_header() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    common::client(&emu)
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap();
    let log = common::request_log(&emu).await;
    let entry = log
        .iter()
        .find(|e| e["path"] == "/api/v3.1/tools")
        .expect("logged");
    assert_eq!(header(entry, "x-api-key"), Some("ak_***"));
    assert_eq!(header(entry, "authorization"), None);
    assert_eq!(header(entry, "x-org-api-key"), None);
    assert!(header(entry, "user-agent")
        .unwrap()
        .starts_with("composio-rs/"));
}

#[tokio::test]
async fn bearer_scheme_sends_authorization_only() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    let client = Client::new(ClientOptions {
        auth_scheme: Some(AuthScheme::Bearer),
        ..common::options(&emu)
    })
    .unwrap();
    client.project_settings().get().await.unwrap();
    let log = common::request_log(&emu).await;
    let entry = log
        .iter()
        .find(|e| e["path"] == "/api/v3/org/project/config")
        .unwrap();
    assert_eq!(header(entry, "authorization"), Some("Bearer ak_***"));
    assert_eq!(header(entry, "x-api-key"), None);
}

#[tokio::test]
async fn org_calls_carry_only_the_org_key() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    common::client(&emu)
        .projects()
        .list(&Default::default())
        .await
        .unwrap();
    let log = common::request_log(&emu).await;
    let entry = log
        .iter()
        .find(|e| e["path"] == "/api/v3.1/org/owner/project/list")
        .unwrap();
    assert_eq!(header(entry, "x-org-api-key"), Some("oak_***"));
    assert_eq!(header(entry, "x-api-key"), None);
    assert_eq!(header(entry, "authorization"), None);
}

#[tokio::test]
async fn a_project_key_sees_only_its_own_project() {
    let emu = common::emulator().await;
    let mine = common::client(&emu).project_settings().get().await.unwrap();
    let other = common::client(&emu)
        .with_api_key(&emu.other_api_key)
        .unwrap();
    let theirs = other.project_settings().get().await.unwrap();
    assert_eq!(mine.display_name.as_deref(), Some("default"));
    assert_eq!(theirs.display_name.as_deref(), Some("other-default"));
}

#[tokio::test]
async fn rotating_the_key_of_a_live_client_affects_its_clones() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let clone = client.clone();
    client.set_api_key(&emu.other_api_key).unwrap();
    let settings = clone.project_settings().get().await.unwrap();
    assert_eq!(settings.display_name.as_deref(), Some("other-default"));
}

#[tokio::test]
async fn tenant_clients_share_a_pool_but_not_keys() {
    let emu = common::emulator().await;
    let base = common::client(&emu);
    let tenant = base.with_api_key(&emu.other_api_key).unwrap();
    let (a, b) = tokio::join!(
        base.project_settings().get(),
        tenant.project_settings().get()
    );
    assert_eq!(a.unwrap().display_name.as_deref(), Some("default"));
    assert_eq!(b.unwrap().display_name.as_deref(), Some("other-default"));
    // Rotating the tenant's key leaves the base client alone.
    tenant.set_api_key("ak_revokedrevoked").unwrap();
    assert!(base.project_settings().get().await.is_ok());
    assert_eq!(
        tenant.project_settings().get().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
}

#[tokio::test]
async fn keys_of_a_deleted_project_stop_working_at_once() {
    let emu = common::emulator().await;
    let admin = common::client(&emu);
    let created = admin
        .projects()
        .create(&CreateProjectParams {
            name: common::unique("doomed"),
            should_create_api_key: true,
            config: None,
        })
        .await
        .unwrap();
    let tenant = admin
        .with_api_key(created.api_key.as_deref().unwrap())
        .unwrap();
    tenant.project_settings().get().await.unwrap();
    assert_eq!(
        admin.projects().delete(&created.id).await.unwrap().status,
        "success"
    );
    let err = tenant.project_settings().get().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(
        admin.projects().get(&created.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn regenerating_a_key_revokes_the_old_one() {
    let emu = common::emulator().await;
    let admin = common::client(&emu);
    let created = admin
        .projects()
        .create(&CreateProjectParams {
            name: common::unique("rotate"),
            should_create_api_key: true,
            config: None,
        })
        .await
        .unwrap();
    let old = admin
        .with_api_key(created.api_key.as_deref().unwrap())
        .unwrap();
    let fresh = admin
        .projects()
        .regenerate_api_key(&created.id)
        .await
        .unwrap();
    assert!(fresh.api_key.key.starts_with("ak_"));
    assert_eq!(
        old.project_settings().get().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
    let new = admin.with_api_key(&fresh.api_key.key).unwrap();
    new.project_settings().get().await.unwrap();
    let details = admin.projects().get(&created.id).await.unwrap();
    assert_eq!(details.api_keys.len(), 1);
    assert_eq!(details.api_keys[0].key, fresh.api_key.key);
}

#[tokio::test]
async fn mixed_up_and_read_only_keys_are_rejected() {
    let emu = common::emulator().await;
    // The org key sent where a project key belongs (a user who mixed them up).
    let client = Client::new(ClientOptions {
        api_key: Some(emu.org_api_key.clone()),
        ..common::options(&emu)
    })
    .unwrap();
    let err = client.tools().list(&Default::default()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
    let readonly = Client::new(ClientOptions {
        org_api_key: Some(emu.readonly_org_api_key.clone()),
        ..common::options(&emu)
    })
    .unwrap();
    let err = readonly
        .projects()
        .delete(&emu.project_id)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.status(), Some(403));
    assert!(readonly.projects().list(&Default::default()).await.is_ok());
}

/// The operations that take either key send the project key when there is one, else the user key with its scope;
/// the scope is both ids or neither, checked when the client is made.
#[tokio::test]
async fn a_user_key_travels_with_its_scope_and_only_without_a_project_key() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    let user = Client::new(ClientOptions {
        api_key: None,
        user_api_key: Some(emu.user_api_key.clone()),
        org_id: Some(emu.org_id.clone()),
        project_id: Some(emu.project_id.clone()),
        ..common::options(&emu)
    })
    .unwrap();
    user.tools().list(&ToolListParams::default()).await.unwrap();
    common::client(&emu)
        .toolkits()
        .list(&Default::default())
        .await
        .unwrap();
    let log = common::request_log(&emu).await;
    let tools = log.iter().find(|e| e["path"] == "/api/v3.1/tools").unwrap();
    assert_eq!(header(tools, "x-user-api-key"), Some("uak_***"));
    assert_eq!(header(tools, "x-org-id"), Some(emu.org_id.as_str()));
    assert_eq!(header(tools, "x-project-id"), Some(emu.project_id.as_str()));
    assert_eq!(header(tools, "x-api-key"), None);
    let toolkits = log
        .iter()
        .find(|e| e["path"] == "/api/v3.1/toolkits")
        .unwrap();
    assert_eq!(header(toolkits, "x-api-key"), Some("ak_***"));
    assert_eq!(header(toolkits, "x-user-api-key"), None);
    assert_eq!(header(toolkits, "x-org-id"), None);

    let half = Client::new(ClientOptions {
        user_api_key: Some(emu.user_api_key.clone()),
        org_id: Some(emu.org_id.clone()),
        ..common::options(&emu)
    })
    .unwrap_err();
    assert_eq!(half.kind(), ErrorKind::Configuration);
    assert!(half.to_string().contains("both or neither"), "{half}");
    let as_header = Client::new(ClientOptions {
        default_headers: vec![("x-project-id".into(), emu.project_id.clone())],
        ..common::options(&emu)
    })
    .unwrap_err();
    assert_eq!(as_header.kind(), ErrorKind::Configuration);
}
