//! `from_env` reads COMPOSIO_* variables. One test in its own binary: the environment is process-wide.

mod common;

use composio::{Client, ErrorKind};

#[tokio::test]
async fn from_env_reads_keys_and_base_url() {
    let emu = common::emulator().await;
    std::env::set_var("COMPOSIO_API_KEY", &emu.api_key);
    std::env::set_var("COMPOSIO_ORG_API_KEY", &emu.org_api_key);
    std::env::set_var("COMPOSIO_BASE_URL", &emu.base_url);
    let client = Client::from_env().unwrap();
    assert_eq!(
        client.base_url().trim_end_matches('/'),
        emu.base_url.trim_end_matches('/')
    );
    client.project_settings().get().await.unwrap();
    client.projects().list(&Default::default()).await.unwrap();

    std::env::remove_var("COMPOSIO_API_KEY");
    std::env::set_var("COMPOSIO_ORG_API_KEY", "");
    let client = Client::from_env().unwrap();
    let err = client.tools().list(&Default::default()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("COMPOSIO_API_KEY"), "{err}");
    let err = client
        .projects()
        .list(&Default::default())
        .await
        .unwrap_err();
    assert!(err.message().contains("COMPOSIO_ORG_API_KEY"), "{err}");

    std::env::remove_var("COMPOSIO_BASE_URL");
    assert_eq!(
        Client::from_env().unwrap().base_url(),
        "https://backend.composio.dev/"
    );
}
