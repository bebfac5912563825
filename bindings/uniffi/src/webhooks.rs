//! Functions of the package that make no request: webhook verification and the list of operations.

use std::collections::HashMap;

use composio::WebhookEvent;

use crate::error::ComposioError;

/// Verifies a webhook Composio sent (standard-webhooks signing) and returns its event. `body` is the raw
/// request body as received; `headers` the request's headers (names in any case); `secret` the project's
/// `webhook_secret`; `tolerance_seconds` the allowed age of `webhook-timestamp` (300 is usual); `now`
/// (Unix seconds) is for tests. A `WebhookVerification` error's slug says which check failed.
#[uniffi::export(default(tolerance_seconds = 300, now = None))]
pub fn verify_webhook(
    body: Vec<u8>,
    headers: HashMap<String, String>,
    secret: String,
    tolerance_seconds: u64,
    now: Option<i64>,
) -> Result<WebhookEvent, ComposioError> {
    let pairs: Vec<(String, String)> = headers.into_iter().collect();
    Ok(composio::verify_webhook(
        &body,
        &pairs,
        &secret,
        tolerance_seconds,
        now,
    )?)
}

/// An operation of the client: its name, the spec operation it implements, whether it is a helper.
#[derive(Debug, Clone, uniffi::Record)]
pub struct OperationInfo {
    pub name: String,
    pub spec: String,
    pub helper: bool,
}

/// Every operation of the client (every operation of the spec is among them).
#[uniffi::export]
pub fn operations() -> Vec<OperationInfo> {
    composio::dynamic::OPERATIONS
        .iter()
        .map(|op| OperationInfo {
            name: op.name.to_string(),
            spec: op.spec.to_string(),
            helper: op.helper,
        })
        .collect()
}
