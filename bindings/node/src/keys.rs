//! A key given as a JavaScript function (`apiKey: () => vault.read(...)`): a core key provider that calls it on
//! the event loop once per call. The package wraps the user's function so it resolves to `{"key"}` or
//! `{"error"}` text and never rejects; the reference is weak, so it never keeps the process alive.

use std::sync::Arc;

use composio::{Credential, KeyProvider};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunction;
use serde_json::Value;

/// Not callee-handled, weak.
pub type KeyFunction = ThreadsafeFunction<(), Promise<String>, (), Status, false, true>;

pub(crate) fn credential(name: &str) -> composio::Result<Credential> {
    match name {
        "project" => Ok(Credential::Project),
        "org" => Ok(Credential::Org),
        "user" => Ok(Credential::User),
        other => Err(composio::Error::configuration(format!(
            "unknown credential {other:?}: project, org or user"
        ))),
    }
}

pub(crate) fn provider(function: KeyFunction) -> KeyProvider {
    let function = Arc::new(function);
    KeyProvider::new(move || {
        let function = function.clone();
        async move {
            let promise = function
                .call_async(())
                .await
                .map_err(|e| format!("the key function could not be called: {}", e.reason))?;
            let text = promise
                .await
                .map_err(|e| format!("the key function failed: {}", e.reason))?;
            let reply: Value = serde_json::from_str(&text)
                .map_err(|e| format!("the key function's answer is not JSON: {e}"))?;
            match (reply.get("key").and_then(Value::as_str), reply.get("error")) {
                (Some(key), _) => Ok(key.to_string()),
                (None, Some(Value::String(error))) => Err(error.clone()),
                _ => Err("the key function gave no key".to_string()),
            }
        }
    })
}
