//! Keys given as functions: asked once per call (so a rotated key is used from the next call on), bounded by the
//! client's timeout, and a failing or silent provider is a typed error before anything is sent.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use composio::{Client, ClientOptions, ErrorKind, KeyProvider, KeyProviders, ToolListParams};

fn with_provider(emu: &composio_emulator::Emulator, provider: KeyProvider) -> ClientOptions {
    ClientOptions {
        api_key: None,
        key_providers: KeyProviders {
            api_key: Some(provider),
            ..Default::default()
        },
        max_retries: Some(0),
        ..common::options(emu)
    }
}

fn one_tool() -> ToolListParams {
    ToolListParams {
        limit: Some(1),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_provider_is_asked_once_per_call_and_a_rotated_key_is_used_from_the_next_call() {
    let emu = common::emulator().await;
    let current = Arc::new(Mutex::new(emu.api_key.clone()));
    let asked = Arc::new(AtomicUsize::new(0));
    let (key, count) = (current.clone(), asked.clone());
    let provider = KeyProvider::new(move || {
        count.fetch_add(1, Ordering::SeqCst);
        let key = key.lock().unwrap().clone();
        async move { Ok(key) }
    });
    let client = Client::new(with_provider(&emu, provider)).unwrap();
    let info = client.auth().session_info().await.unwrap();
    assert_eq!(info.project["nano_id"], emu.project_id.as_str());
    *current.lock().unwrap() = emu.other_api_key.clone();
    let info = client.auth().session_info().await.unwrap();
    assert_eq!(info.project["nano_id"], emu.other_project_id.as_str());
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    assert!(format!("{client:?}").contains("provider"));
    assert!(!format!("{client:?}").contains(&emu.api_key));
}

#[tokio::test]
async fn a_failing_provider_is_a_configuration_error_and_nothing_is_sent() {
    let emu = common::emulator().await;
    common::reset(&emu).await;
    let provider = KeyProvider::blocking(|| Err("the vault is sealed".to_string()));
    let client = Client::new(with_provider(&emu, provider)).unwrap();
    let error = client.tools().list(&one_tool()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration);
    assert!(error.to_string().contains("the vault is sealed"), "{error}");
    assert_eq!(common::count(&emu, "GET /api/v3.1/tools").await, 0);
}

#[tokio::test]
async fn a_provider_that_never_answers_is_bounded_by_the_timeout() {
    let emu = common::emulator().await;
    let provider = KeyProvider::new(std::future::pending);
    let client = Client::new(ClientOptions {
        timeout: Some(Duration::from_millis(100)),
        ..with_provider(&emu, provider)
    })
    .unwrap();
    let error = client.tools().list(&one_tool()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration);
    assert!(error.to_string().contains("within 100 ms"), "{error}");
}

#[tokio::test]
async fn a_provided_key_is_checked_like_any_key() {
    let emu = common::emulator().await;
    let provider = KeyProvider::blocking(|| Ok("ak_with a space".to_string()));
    let client = Client::new(with_provider(&emu, provider)).unwrap();
    let error = client.tools().list(&one_tool()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration);
    assert!(!error.to_string().contains("with a space"), "{error}");
}

#[tokio::test]
async fn a_key_and_a_provider_for_one_credential_is_refused() {
    let emu = common::emulator().await;
    let options = ClientOptions {
        api_key: Some(emu.api_key.clone()),
        ..with_provider(&emu, KeyProvider::blocking(|| Ok("ak_x".to_string())))
    };
    let error = Client::new(options).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Configuration);
    assert!(error.to_string().contains("not both"), "{error}");
}

#[tokio::test]
async fn set_key_provider_switches_every_clone() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let clone = client.clone();
    let other = emu.other_api_key.clone();
    client.set_key_provider(
        composio::Credential::Project,
        KeyProvider::blocking(move || Ok(other.clone())),
    );
    let info = clone.auth().session_info().await.unwrap();
    assert_eq!(info.project["nano_id"], emu.other_project_id.as_str());
}
