//! The Pusher protocol (version 7) as Composio's live trigger events use it: frames, chunk reassembly, the event
//! envelopes (the V3 one webhooks carry, and the legacy one of older projects), filters and repeat suppression.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::{json, Value};

use crate::error::Result;
use crate::webhooks::{event_from_payload, TriggerMetadata, WebhookEvent};

pub(crate) const ESTABLISHED: &str = "pusher:connection_established";
pub(crate) const SUCCEEDED: &str = "pusher_internal:subscription_succeeded";
pub(crate) const TRIGGER: &str = "trigger_to_client";
pub(crate) const CHUNKED_TRIGGER: &str = "chunked-trigger_to_client";
const TRIGGER_MESSAGE: &str = "composio.trigger.message";
/// How many reassemblies may be under way at once, and how large one may grow (a sender that never says
/// `final` must not grow memory without bound).
const MAX_PENDING_CHUNKED: usize = 64;
const MAX_CHUNKED_BYTES: usize = 16 * 1024 * 1024;
/// How many recent event ids are remembered to drop repeats (a reconnect may deliver one again).
const SEEN_CAPACITY: usize = 4096;

/// A frame: its event, channel and data (`data` arrives as JSON text; it is parsed when it holds JSON).
#[derive(Debug)]
pub(crate) struct Frame {
    pub event: String,
    pub channel: Option<String>,
    pub data: Value,
}

pub(crate) fn parse_frame(text: &str) -> Option<Frame> {
    let mut value: Value = serde_json::from_str(text).ok()?;
    let event = value.get("event")?.as_str()?.to_string();
    let channel = value
        .get("channel")
        .and_then(Value::as_str)
        .map(str::to_string);
    let data = match value.get_mut("data").map(Value::take) {
        Some(Value::String(inner)) => serde_json::from_str(&inner).unwrap_or(Value::String(inner)),
        Some(other) => other,
        None => Value::Null,
    };
    Some(Frame {
        event,
        channel,
        data,
    })
}

pub(crate) fn subscribe_frame(channel: &str, auth: &str) -> String {
    json!({"event": "pusher:subscribe", "data": {"channel": channel, "auth": auth}}).to_string()
}

pub(crate) fn ping_frame() -> String {
    json!({"event": "pusher:ping", "data": {}}).to_string()
}

pub(crate) fn pong_frame() -> String {
    json!({"event": "pusher:pong", "data": {}}).to_string()
}

/// Chunks of large events (`{id, index, chunk, final}`) until each is whole.
#[derive(Default)]
pub(crate) struct Chunks {
    pending: HashMap<String, (BTreeMap<u64, String>, usize)>,
}

impl Chunks {
    /// Adds a chunk; returns the id and the whole text once its final chunk is in. Malformed chunks are dropped.
    pub fn add(&mut self, data: &Value) -> Option<(String, String)> {
        let id = data.get("id")?.as_str()?.to_string();
        let index = data.get("index")?.as_u64()?;
        let chunk = data.get("chunk")?.as_str()?;
        let last = data.get("final").and_then(Value::as_bool).unwrap_or(false);
        if !self.pending.contains_key(&id) && self.pending.len() >= MAX_PENDING_CHUNKED {
            // The oldest reassembly is unknowable from a map; dropping any one bounds memory.
            let victim = self.pending.keys().next().cloned()?;
            self.pending.remove(&victim);
        }
        let (parts, size) = self.pending.entry(id.clone()).or_default();
        *size += chunk.len();
        parts.insert(index, chunk.to_string());
        if *size > MAX_CHUNKED_BYTES {
            self.pending.remove(&id);
            return None;
        }
        if !last {
            return None;
        }
        let (parts, _) = self.pending.remove(&id)?;
        Some((id, parts.into_values().collect()))
    }

    /// A dropped connection loses the rest of any event in flight.
    pub fn clear(&mut self) {
        self.pending.clear();
    }
}

/// The recent event ids, to deliver each event once.
#[derive(Default)]
pub(crate) struct Seen {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl Seen {
    /// True the first time an id is offered (an empty id is always new: nothing to compare).
    pub fn first_time(&mut self, id: &str) -> bool {
        if id.is_empty() {
            return true;
        }
        if !self.ids.insert(id.to_string()) {
            return false;
        }
        self.order.push_back(id.to_string());
        if self.order.len() > SEEN_CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        true
    }
}

/// A live event's envelope as a `WebhookEvent`: the V3 envelope (`{id, type, timestamp, metadata, data}`, what
/// webhooks carry) or the legacy one (`{appName, payload, metadata: {nanoId, triggerName, connection}}`).
pub(crate) fn event_from_envelope(envelope: Value) -> Result<WebhookEvent> {
    if envelope.get("type").and_then(Value::as_str).is_some() {
        let id = text(&envelope, &["id"]).unwrap_or_default();
        let timestamp = envelope
            .get("timestamp")
            .and_then(Value::as_str)
            .and_then(unix_seconds)
            .unwrap_or_else(now_seconds);
        return event_from_payload(envelope, &id, timestamp);
    }
    let metadata = TriggerMetadata {
        log_id: None,
        trigger_slug: text(&envelope, &["metadata", "triggerName"]),
        trigger_id: text(&envelope, &["metadata", "nanoId"]),
        connected_account_id: text(
            &envelope,
            &["metadata", "connection", "connectedAccountNanoId"],
        ),
        auth_config_id: text(&envelope, &["metadata", "connection", "authConfigNanoId"]),
        user_id: text(&envelope, &["metadata", "connection", "clientUniqueUserId"]),
    };
    Ok(WebhookEvent {
        webhook_id: String::new(),
        timestamp: now_seconds(),
        event_type: TRIGGER_MESSAGE.to_string(),
        metadata: Some(metadata),
        data: envelope.get("payload").cloned().unwrap_or(Value::Null),
        payload: envelope,
    })
}

fn text(value: &Value, path: &[&str]) -> Option<String> {
    let mut v = value;
    for key in path {
        v = v.get(*key)?;
    }
    v.as_str().map(str::to_string)
}

fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` as Unix seconds.
fn unix_seconds(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number =
        |from: usize, len: usize| -> Option<i64> { text.get(from..from + len)?.parse().ok() };
    if bytes.len() < 19 || bytes[4] != b'-' || bytes[10] != b'T' {
        return None;
    }
    let (y, m, d) = (number(0, 4)?, number(5, 2)?, number(8, 2)?);
    let (hh, mm, ss) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" | "" => 0,
        zone if zone.len() == 6 => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            sign * (zone.get(1..3)?.parse::<i64>().ok()? * 3600
                + zone.get(4..6)?.parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// Which events a subscription delivers: every field given must match (case-insensitively); none given: all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TriggerFilters {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub trigger_slug: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub trigger_id: Option<String>,
    /// The toolkit, as the start of the trigger slug names it (`github` for `GITHUB_COMMIT_EVENT`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub toolkit: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub user_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub auth_config_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub connected_account_id: Option<String>,
}

impl TriggerFilters {
    pub fn matches(&self, event: &WebhookEvent) -> bool {
        let meta = event.metadata.clone().unwrap_or_default();
        let toolkit = match event.payload.get("appName").and_then(Value::as_str) {
            Some(app) => Some(app.to_string()),
            None => meta
                .trigger_slug
                .as_deref()
                .and_then(|s| s.split_once('_'))
                .map(|(kit, _)| kit.to_string()),
        };
        let checks = [
            (&self.trigger_slug, meta.trigger_slug),
            (&self.trigger_id, meta.trigger_id),
            (&self.toolkit, toolkit),
            (&self.user_id, meta.user_id),
            (&self.auth_config_id, meta.auth_config_id),
            (&self.connected_account_id, meta.connected_account_id),
        ];
        checks.into_iter().all(|(want, got)| match want {
            None => true,
            Some(want) => got.is_some_and(|got| !got.is_empty() && got.eq_ignore_ascii_case(want)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_are_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            unix_seconds("2026-12-07T12:00:00.123Z"),
            Some(1_796_644_800)
        );
        assert_eq!(
            unix_seconds("2026-12-07T13:00:00+01:00"),
            Some(1_796_644_800)
        );
        assert_eq!(unix_seconds("yesterday"), None);
    }

    #[test]
    fn chunks_reassemble_in_index_order_whatever_the_arrival_order() {
        let mut chunks = Chunks::default();
        assert!(chunks
            .add(&json!({"id": "e", "index": 1, "chunk": "lo", "final": false}))
            .is_none());
        let whole = chunks.add(&json!({"id": "e", "index": 0, "chunk": "hel", "final": false}));
        assert!(whole.is_none());
        let whole = chunks.add(&json!({"id": "e", "index": 2, "chunk": "!", "final": true}));
        assert_eq!(whole, Some(("e".to_string(), "hello!".to_string())));
        assert!(chunks.add(&json!({"index": 0})).is_none());
    }

    #[test]
    fn repeats_are_seen_once() {
        let mut seen = Seen::default();
        assert!(seen.first_time("a"));
        assert!(!seen.first_time("a"));
        assert!(seen.first_time(""));
        assert!(seen.first_time(""));
    }

    #[test]
    fn legacy_envelopes_become_trigger_messages() {
        let event = event_from_envelope(json!({
            "appName": "github",
            "payload": {"n": 1},
            "metadata": {"nanoId": "ti_1", "triggerName": "GITHUB_COMMIT_EVENT",
                         "connection": {"connectedAccountNanoId": "ca_1", "authConfigNanoId": "ac_1", "clientUniqueUserId": "u1"}}
        }))
        .unwrap();
        assert_eq!(event.event_type, TRIGGER_MESSAGE);
        assert_eq!(event.data, json!({"n": 1}));
        let filters = TriggerFilters {
            toolkit: Some("GITHUB".into()),
            user_id: Some("u1".into()),
            ..Default::default()
        };
        assert!(filters.matches(&event));
        let other = TriggerFilters {
            trigger_id: Some("ti_2".into()),
            ..Default::default()
        };
        assert!(!other.matches(&event));
    }
}
