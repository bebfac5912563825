//! Test helpers: a started emulator, clients for it, and its admin routes (faults, counters, request log).
#![allow(dead_code)]

use composio::{Client, ClientOptions, Credential, RawRequest};
use composio_emulator::Emulator;
use serde_json::{json, Value};

pub async fn emulator() -> Emulator {
    Emulator::start().await.expect("the emulator starts")
}

pub fn options(emu: &Emulator) -> ClientOptions {
    ClientOptions {
        api_key: Some(emu.api_key.clone()),
        org_api_key: Some(emu.org_api_key.clone()),
        base_url: Some(emu.base_url.clone()),
        ..ClientOptions::default()
    }
}

pub fn client(emu: &Emulator) -> Client {
    Client::new(options(emu)).expect("client builds")
}

/// A client for the emulator that makes exactly one attempt per call.
pub fn client_without_retries(emu: &Emulator) -> Client {
    Client::new(ClientOptions {
        max_retries: Some(0),
        ..options(emu)
    })
    .expect("client builds")
}

/// Admin routes take no credential; they go through our own raw request on purpose.
pub async fn admin(emu: &Emulator, method: &str, path: &str, body: Option<Value>) -> Value {
    let admin = Client::new(ClientOptions {
        base_url: Some(emu.base_url.clone()),
        max_retries: Some(0),
        ..ClientOptions::default()
    })
    .unwrap();
    let request = RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: Vec::new(),
        body,
        credential: Credential::None,
    };
    admin.request(&request).await.expect("admin route answers")
}

pub async fn fault(emu: &Emulator, fault: Value) {
    admin(emu, "POST", "/_emulator/faults", Some(fault)).await;
}

pub async fn reset(emu: &Emulator) {
    admin(emu, "POST", "/_emulator/reset", Some(json!({}))).await;
}

/// Requests the emulator received for `"METHOD /path"` since the last reset.
pub async fn count(emu: &Emulator, route: &str) -> u64 {
    admin(emu, "GET", "/_emulator/counts", None).await[route]
        .as_u64()
        .unwrap_or(0)
}

pub async fn request_log(emu: &Emulator) -> Vec<Value> {
    admin(emu, "GET", "/_emulator/requests", None)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A name no other test uses, for resources that must be unique.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{:08x}", fastrand_u32())
}

fn fastrand_u32() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    nanos ^ NEXT.fetch_add(0x9E37_79B9, Ordering::Relaxed)
}
