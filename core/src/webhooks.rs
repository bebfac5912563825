//! Verifying the webhooks Composio sends (no HTTP call): the standard-webhooks scheme. Headers
//! `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (space-separated `v1,<base64>`
//! values); the signature is base64(HMAC-SHA256(key = the secret's UTF-8 bytes, message =
//! `{id}.{timestamp}.{raw body}`)), compared in constant time with each `v1` value. Every failure is a
//! `webhook_verification` error whose slug says which check failed; no message ever contains the secret.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;

use crate::error::{Error, ErrorKind, Result};

/// The default tolerance between the `webhook-timestamp` and now: 5 minutes, either way.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

/// A verified webhook: the event Composio sent, typed where its `type` is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WebhookEvent {
    /// The `webhook-id` header: the same on every delivery attempt of one event (use it to drop repeats).
    pub webhook_id: String,
    /// The `webhook-timestamp` header, Unix seconds.
    pub timestamp: i64,
    /// The payload's `type`: `composio.trigger.message`, `composio.connected_account.expired`,
    /// `composio.trigger.disabled`, or any other (kept as sent).
    #[serde(rename = "type")]
    pub event_type: String,
    /// For trigger messages: which trigger, account and user the event is about.
    pub metadata: Option<TriggerMetadata>,
    /// The payload's `data` (the trigger's event, the expired account, ...); null when absent.
    pub data: Value,
    /// The whole payload, for fields this type does not name.
    pub payload: Value,
}

/// The `metadata` of a `composio.trigger.message`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TriggerMetadata {
    pub log_id: Option<String>,
    pub trigger_slug: Option<String>,
    pub trigger_id: Option<String>,
    pub connected_account_id: Option<String>,
    pub auth_config_id: Option<String>,
    pub user_id: Option<String>,
}

/// Verifies a webhook and parses its event. `headers` are the request's headers (names in any case);
/// `now` is the current Unix time in seconds (`None`: the system clock; tests pass a fixed one).
pub fn verify_webhook(
    body: &[u8],
    headers: &[(String, String)],
    secret: &str,
    tolerance_seconds: u64,
    now: Option<i64>,
) -> Result<WebhookEvent> {
    if secret.is_empty() {
        return Err(failure(
            "Webhook_MissingSecret",
            "the webhook secret is empty",
        ));
    }
    let id = header(headers, "webhook-id")?;
    let timestamp_text = header(headers, "webhook-timestamp")?;
    let signatures = header(headers, "webhook-signature")?;
    let timestamp: i64 = timestamp_text.trim().parse().map_err(|_| {
        failure(
            "Webhook_InvalidTimestamp",
            format!(
                "webhook-timestamp is not Unix seconds: {:?}",
                clip(timestamp_text)
            ),
        )
    })?;
    let now = now.unwrap_or_else(unix_now);
    let skew = now.abs_diff(timestamp);
    if skew > tolerance_seconds {
        let direction = if timestamp < now {
            "old"
        } else {
            "in the future"
        };
        return Err(failure(
            "Webhook_TimestampOutOfTolerance",
            format!(
                "webhook-timestamp is {skew} s {direction}, beyond the tolerance of {tolerance_seconds} s (a replay, or a clock out of sync)"
            ),
        ));
    }
    check_signature(body, id, timestamp_text.trim(), signatures, secret)?;
    parse_event(body, id, timestamp)
}

fn check_signature(
    body: &[u8],
    id: &str,
    timestamp: &str,
    signatures: &str,
    secret: &str,
) -> Result<()> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| {
        failure(
            "Webhook_MissingSecret",
            "the webhook secret cannot key HMAC-SHA256",
        )
    })?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let engine = base64::engine::general_purpose::STANDARD;
    let mut versions_seen = 0;
    for candidate in signatures.split_whitespace() {
        let Some((version, value)) = candidate.split_once(',') else {
            continue;
        };
        if version != "v1" {
            continue;
        }
        versions_seen += 1;
        let Ok(given) = engine.decode(value) else {
            continue;
        };
        // `verify_slice` compares in constant time.
        if mac.clone().verify_slice(&given).is_ok() {
            return Ok(());
        }
    }
    if versions_seen == 0 {
        return Err(failure(
            "Webhook_InvalidSignature",
            "webhook-signature has no v1 signature (expected space-separated `v1,<base64>` values)",
        ));
    }
    Err(failure(
        "Webhook_InvalidSignature",
        format!(
            "no v1 signature of webhook-signature ({versions_seen} given) matches the body: the body was changed (it must be the raw bytes as received, not re-serialized JSON) or the secret is not this project's"
        ),
    ))
}

fn parse_event(body: &[u8], id: &str, timestamp: i64) -> Result<WebhookEvent> {
    let payload: Value = serde_json::from_slice(body).map_err(|e| {
        failure(
            "Webhook_MalformedPayload",
            format!("the signed body is not JSON: {e}"),
        )
    })?;
    event_from_payload(payload, id, timestamp)
}

/// The event of a parsed payload (a webhook's body, or a live event's envelope).
pub(crate) fn event_from_payload(payload: Value, id: &str, timestamp: i64) -> Result<WebhookEvent> {
    let Value::Object(map) = &payload else {
        return Err(failure(
            "Webhook_MalformedPayload",
            "the event is not a JSON object",
        ));
    };
    let event_type = match map.get("type") {
        Some(Value::String(t)) => t.clone(),
        _ => {
            return Err(failure(
                "Webhook_MalformedPayload",
                "the event has no string `type`",
            ))
        }
    };
    let metadata = match map.get("metadata") {
        Some(Value::Object(m)) => {
            let field = |name: &str| m.get(name).and_then(Value::as_str).map(str::to_string);
            Some(TriggerMetadata {
                log_id: field("log_id"),
                trigger_slug: field("trigger_slug"),
                trigger_id: field("trigger_id"),
                connected_account_id: field("connected_account_id"),
                auth_config_id: field("auth_config_id"),
                user_id: field("user_id"),
            })
        }
        _ if event_type == "composio.trigger.message" => {
            return Err(failure(
                "Webhook_MalformedPayload",
                "a composio.trigger.message has no `metadata` object",
            ))
        }
        _ => None,
    };
    let data = map.get("data").cloned().unwrap_or(Value::Null);
    Ok(WebhookEvent {
        webhook_id: id.to_string(),
        timestamp,
        event_type,
        metadata,
        data,
        payload,
    })
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Result<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            failure(
                "Webhook_MissingHeader",
                format!("the {name} header is missing or empty"),
            )
        })
}

fn failure(slug: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::WebhookVerification, message)
        .with_operation("verify_webhook")
        .with_slug(Some(slug.to_string()))
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
