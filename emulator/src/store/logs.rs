//! Logs: one entry per tool execution (`POST /tools/execute/{slug}`) and one per trigger event fired, kept per
//! project in the order they happened. The routes in `routes/logs.rs` render them in the two shapes the API
//! has: the public `logs/tool_execution` one and the dashboard's `internal/action_execution` one.

use serde_json::{json, Value};

use crate::clock::format_rfc3339_ms;
use crate::store::Store;

/// One tool execution.
#[derive(Debug, Clone)]
pub struct ToolLog {
    pub id: String,
    pub project_id: String,
    pub request_id: String,
    pub tool_slug: String,
    pub toolkit_slug: String,
    pub version: String,
    pub user_id: Option<String>,
    pub connected_account_id: Option<String>,
    pub auth_config_id: Option<String>,
    pub session_id: Option<String>,
    /// `connected_account`, `custom_auth` or `no_auth`.
    pub credential_source: &'static str,
    pub arguments: Value,
    pub data: Value,
    pub error: Option<String>,
    pub at_ms: u64,
}

/// One trigger event and what its deliveries did.
#[derive(Debug, Clone)]
pub struct TriggerLog {
    pub id: String,
    pub project_id: String,
    pub trigger_id: String,
    pub trigger_slug: String,
    pub toolkit_slug: String,
    pub user_id: String,
    pub connected_account_id: String,
    pub auth_config_id: String,
    pub payload: Value,
    /// The deliveries' outcome (the first's `{webhook_id, attempts, delivered, status}` and every one's under
    /// `deliveries`), filled in once it is known.
    pub outcome: Option<Value>,
    pub at_ms: u64,
}

impl ToolLog {
    pub fn successful(&self) -> bool {
        self.error.is_none()
    }

    fn status(&self) -> &'static str {
        if self.successful() {
            "success"
        } else {
            "failed"
        }
    }

    fn message(&self) -> String {
        match &self.error {
            None => format!("Executed {}", self.tool_slug),
            Some(e) => format!("{} failed: {e}", self.tool_slug),
        }
    }

    /// The value a `logs/tool_execution` filter compares (`None` for a field this log does not have).
    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "tool_slug" => Some(&self.tool_slug),
            "toolkit_slug" => Some(&self.toolkit_slug),
            "connected_account_id" => self.connected_account_id.as_deref(),
            "auth_config_id" => self.auth_config_id.as_deref(),
            "status" => Some(self.status()),
            "user_id" => self.user_id.as_deref(),
            "session_id" => self.session_id.as_deref(),
            "request_id" => Some(&self.request_id),
            "log_id" => Some(&self.id),
            _ => None,
        }
    }

    /// An entry of `POST /logs/tool_execution`.
    pub fn entry_json(&self) -> Value {
        json!({
            "id": self.id,
            "timestamp": format_rfc3339_ms(self.at_ms),
            "type": "tool_execution",
            "status": self.status(),
            "level": if self.successful() { "info" } else { "error" },
            "message": self.message(),
            "metadata": {"credential_source": self.credential_source, "instant_charge": null},
            "metrics": {"duration_ms": 1, "tool_slug": self.tool_slug, "toolkit_slug": self.toolkit_slug},
            "parent": null,
        })
    }

    /// `GET /logs/tool_execution/{id}`.
    pub fn detail_json(&self) -> Value {
        let mut body = self.entry_json();
        body["context"] =
            json!({"request_id": self.request_id, "session_id": self.session_id, "trace_id": null});
        body["source"] = json!({"framework": null, "host": "emulator", "language": null});
        body["timings"] = json!({"start_time": self.at_ms, "end_time": self.at_ms + 1});
        body["data"] = json!({
            "arguments": self.arguments,
            "response": {"data": self.data, "error": self.error, "successful": self.successful()},
            "user_id": self.user_id,
            "connected_account_id": self.connected_account_id,
            "version": self.version,
        });
        body
    }

    /// An entry of `POST /internal/action_execution/logs`.
    pub fn action_entry_json(&self) -> Value {
        json!({
            "id": self.id,
            "actionKey": self.tool_slug,
            "appKey": self.toolkit_slug,
            "app": {"name": self.toolkit_slug, "icon": ""},
            "connectedAccountId": self.connected_account_id.clone().unwrap_or_default(),
            "entityId": self.user_id.clone().unwrap_or_default(),
            "status": self.status(),
            "executionTime": 1,
            "minimalResponse": self.error.clone().unwrap_or_else(|| "ok".to_string()),
            "createdAt": self.at_ms,
            "credentialSource": self.credential_source,
            "instantCharge": null,
            "metadata": null,
        })
    }

    /// The value an `internal/action_execution` search param compares, by the field names of `fields`.
    pub fn action_field(&self, name: &str) -> Option<&str> {
        match name {
            "actionKey" => Some(&self.tool_slug),
            "appKey" => Some(&self.toolkit_slug),
            "connectedAccountId" => self.connected_account_id.as_deref(),
            "entityId" => self.user_id.as_deref(),
            "status" => Some(self.status()),
            "id" => Some(&self.id),
            _ => None,
        }
    }

    /// `GET /internal/action_execution/log/{id}`.
    pub fn action_detail_json(&self) -> Value {
        let status = if self.successful() {
            "success"
        } else {
            "error"
        };
        json!({
            "actionLogId": self.id,
            "actionId": self.tool_slug,
            "status": status,
            "app": {"name": self.toolkit_slug, "uniqueId": self.toolkit_slug, "icon": ""},
            "version": self.version,
            "connection": {
                "id": self.connected_account_id.clone().unwrap_or_default(),
                "entity": self.user_id.clone().unwrap_or_default(),
            },
            "session": {"id": self.session_id},
            "executionMetadata": {"request_id": self.request_id},
            "steps": [{
                "type": "tool_execution",
                "startTime": self.at_ms,
                "endTime": self.at_ms + 1,
                "totalDuration": 1,
                "status": if self.successful() { "success" } else { "error" },
                "message": self.message(),
            }],
            "payloadReceived": self.arguments,
            "response": {"data": self.data, "error": self.error, "successful": self.successful()},
            "startTime": self.at_ms,
            "endTime": self.at_ms + 1,
            "totalDuration": "1ms",
            "error": self.error.as_ref().map_or(json!({}), |e| json!({"message": e})),
            "credentialSource": self.credential_source,
        })
    }
}

/// The fields `internal/action_execution/logs` searches on, in one group.
pub fn action_fields() -> Value {
    let field = |id: &str, name: &str, kind: &str| json!({"id": id, "displayName": name, "type": kind, "regex": null});
    json!({
        "fields": {
            "action_execution": [
                field("id", "Log id", "string"),
                field("actionKey", "Tool", "string"),
                field("appKey", "Toolkit", "string"),
                field("connectedAccountId", "Connected account", "string"),
                field("entityId", "User", "string"),
                field("status", "Status", "enum"),
            ]
        }
    })
}

impl TriggerLog {
    pub fn status(&self) -> &'static str {
        let delivered = self
            .outcome
            .as_ref()
            .and_then(|o| o["deliveries"].as_array())
            .is_some_and(|all| all.iter().any(|d| d["delivered"] == true));
        if delivered {
            "success"
        } else {
            "error"
        }
    }

    /// The value a trigger log search param compares.
    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "id" => Some(&self.id),
            "triggerId" | "triggerNanoId" => Some(&self.trigger_id),
            "triggerName" => Some(&self.trigger_slug),
            "appName" => Some(&self.toolkit_slug),
            "entityId" | "userId" => Some(&self.user_id),
            "connectionId" => Some(&self.connected_account_id),
            "clientId" => Some(&self.project_id),
            "status" => Some(self.status()),
            _ => None,
        }
    }

    /// A trigger log, with the payloads (as text, like the API) when `payload` is set.
    pub fn to_json(&self, payload: bool) -> Value {
        let at = format_rfc3339_ms(self.at_ms);
        let text = |v: &Value| payload.then(|| v.to_string());
        let response = self.outcome.as_ref().map(|o| o.to_string());
        json!({
            "id": self.id,
            "connectionId": self.connected_account_id,
            "clientId": self.project_id,
            "entityId": self.user_id,
            "status": self.status(),
            "appName": self.toolkit_slug,
            "createdAt": at,
            "type": "trigger",
            "meta": {
                "id": self.id,
                "type": "trigger",
                "createdAt": at,
                "updatedAt": at,
                "provider": self.toolkit_slug,
                "clientId": self.project_id,
                "connectionId": self.connected_account_id,
                "triggerId": self.trigger_id,
                "triggerNanoId": self.trigger_id,
                "triggerName": self.trigger_slug,
                "triggerProviderPayload": text(&self.payload),
                "triggerClientPayload": text(&self.payload),
                "triggerClientResponse": if payload { response } else { None },
                "triggerClientError": match self.status() {
                    "success" => None,
                    _ => Some("not delivered".to_string()),
                },
            },
        })
    }
}

impl Store {
    pub fn record_tool_log(&mut self, mut log: ToolLog) {
        log.at_ms = self.next_ms();
        self.tool_logs.push(log);
    }

    /// Records a trigger event; returns its log id, for the outcome once delivery is done.
    pub fn record_trigger_log(&mut self, mut log: TriggerLog) -> String {
        log.at_ms = self.next_ms();
        let id = log.id.clone();
        self.trigger_logs.push(log);
        id
    }

    pub fn set_trigger_outcome(&mut self, id: &str, outcome: Value) {
        if let Some(log) = self.trigger_logs.iter_mut().find(|l| l.id == id) {
            log.outcome = Some(outcome);
        }
    }
}
