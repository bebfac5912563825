//! Webhook subscriptions, the current API's way of delivering events: a project's subscriptions, each with its URL,
//! the event types it wants and a signing secret of its own. Deliveries go to every subscription whose
//! `enabled_events` has the event's type, signed with that subscription's secret (besides the project's webhook
//! URL, the older way).

use serde_json::{json, Value};

use crate::delivery::{self, parse_loopback};
use crate::delivery::{Pending, ACCOUNT_EXPIRED, TRIGGER_DISABLED, TRIGGER_MESSAGE};
use crate::store::Store;

pub const VERSIONS: [&str; 3] = ["V1", "V2", "V3"];

/// (event type, description, the payload versions that carry it).
pub const EVENT_TYPES: [(&str, &str, &[&str]); 3] = [
    (
        TRIGGER_MESSAGE,
        "A trigger fired: its event's data.",
        &["V1", "V2", "V3"],
    ),
    (ACCOUNT_EXPIRED, "A connected account expired.", &["V3"]),
    (
        TRIGGER_DISABLED,
        "A trigger was disabled (its account expired).",
        &["V3"],
    ),
];

#[derive(Debug, Clone)]
pub struct WebhookSubscription {
    /// `ws_` + 12 letters and digits.
    pub id: String,
    pub project_id: String,
    pub url: String,
    pub version: String,
    pub enabled_events: Vec<String>,
    pub secret: String,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
}

impl WebhookSubscription {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "webhook_url": self.url,
            "version": self.version,
            "enabled_events": self.enabled_events,
            "secret": self.secret,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

/// The deliveries of one event to the project's subscriptions that want it. A subscription whose URL the
/// emulator cannot reach (anything but loopback `http://`) is kept and shown but sent nothing.
pub fn deliveries(
    store: &Store,
    project_id: &str,
    kind: &str,
    metadata: &Value,
    data: &Value,
) -> Vec<Pending> {
    store
        .webhook_subscriptions
        .iter()
        .filter(|s| s.project_id == project_id && s.enabled_events.iter().any(|e| e == kind))
        .filter(|s| parse_loopback(&s.url).is_ok())
        .map(|s| Pending {
            url: s.url.clone(),
            secret: s.secret.clone(),
            event: delivery::event(kind, metadata.clone(), data.clone()),
        })
        .collect()
}

/// A toolkit provider's webhook endpoint for one OAuth app of a project (`/webhook_endpoints`).
#[derive(Debug, Clone)]
pub struct WebhookEndpoint {
    /// `we_` + 12 letters and digits.
    pub id: String,
    pub project_id: String,
    pub toolkit_slug: String,
    pub client_id: String,
    /// None until configured (POST `/{id}`).
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
    pub created_at: String,
}
