//! Trigger types (a small fixed catalogue) and trigger instances (per-project state tied to connected accounts).

use std::collections::HashSet;
use std::sync::OnceLock;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::errors::ApiError;
use crate::ids::random_alnum;
use crate::store::catalogue::logo;
use crate::store::resources::find_toolkit;
use crate::store::Store;

/// Why Composio itself disabled a trigger (the `disabled_reason` of `composio.trigger.disabled`).
pub const CONNECTION_EXPIRED: &str = "connection_expired";

pub struct TriggerTypeDef {
    pub slug: &'static str,
    pub toolkit: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub instructions: &'static str,
    /// `webhook` or `poll`.
    pub kind: &'static str,
    /// (name, JSON type, description, default) of each config property.
    pub config: &'static [(
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    )],
    pub required: &'static [&'static str],
    /// (name, JSON type, description, example) of each payload property; every one is required.
    pub payload: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const OWNER_REPO: &[(&str, &str, &str, Option<&str>)] = &[
    ("owner", "string", "Owner of the repository", None),
    ("repo", "string", "Repository name", None),
];

#[rustfmt::skip]
pub const TRIGGER_TYPES: &[TriggerTypeDef] = &[
    TriggerTypeDef {
        slug: "GITHUB_COMMIT_EVENT", toolkit: "github", name: "Commit Event",
        description: "Triggered when a new commit is pushed to a repository.",
        instructions: "Give the repository's owner and name. Composio registers a webhook on the repository.",
        kind: "webhook", config: OWNER_REPO, required: &["owner", "repo"],
        payload: &[
            ("id", "string", "SHA of the commit", "6dcb09b5b57875f334f61aebed695e2e4193db5e"),
            ("message", "string", "Commit message", "Fix the build"),
            ("author", "string", "Login of the commit author", "octocat"),
            ("timestamp", "string", "When the commit was made", "2025-11-01T10:00:00Z"),
            ("url", "string", "Web address of the commit", "https://github.com/octocat/hello-world/commit/6dcb09b"),
        ],
    },
    TriggerTypeDef {
        slug: "GITHUB_PULL_REQUEST_EVENT", toolkit: "github", name: "Pull Request Event",
        description: "Triggered when a pull request is opened, closed or changed.",
        instructions: "Give the repository's owner and name. Composio registers a webhook on the repository.",
        kind: "webhook", config: OWNER_REPO, required: &["owner", "repo"],
        payload: &[
            ("action", "string", "What happened to the pull request", "opened"),
            ("number", "integer", "Pull request number", "42"),
            ("title", "string", "Pull request title", "Add a README"),
            ("author", "string", "Login of the pull request author", "octocat"),
            ("url", "string", "Web address of the pull request", "https://github.com/octocat/hello-world/pull/42"),
        ],
    },
    TriggerTypeDef {
        slug: "GITHUB_STAR_ADDED_EVENT", toolkit: "github", name: "Star Added Event",
        description: "Triggered when someone stars a repository.",
        instructions: "Give the repository's owner and name. Composio registers a webhook on the repository.",
        kind: "webhook", config: OWNER_REPO, required: &["owner", "repo"],
        payload: &[
            ("action", "string", "Always created", "created"),
            ("repository_name", "string", "Full name of the repository", "octocat/hello-world"),
            ("repository_url", "string", "Web address of the repository", "https://github.com/octocat/hello-world"),
            ("starred_at", "string", "When the star was added", "2025-11-01T10:00:00Z"),
            ("starred_by", "string", "Login of who starred it", "hubot"),
        ],
    },
    TriggerTypeDef {
        slug: "GMAIL_NEW_GMAIL_MESSAGE", toolkit: "gmail", name: "New Gmail Message Received Trigger",
        description: "Triggered when a new message arrives in the mailbox.",
        instructions: "Composio polls the mailbox every `interval` minutes (15 at least with Composio-managed auth).",
        kind: "poll",
        config: &[
            ("interval", "integer", "Minutes between two polls", Some("15")),
            ("labelIds", "string", "Only messages with this label", Some("INBOX")),
            ("query", "string", "Gmail search query the messages must match", None),
            ("userId", "string", "The mailbox, `me` for the connected user", Some("me")),
        ],
        required: &[],
        payload: &[
            ("message_id", "string", "Gmail message id", "18c2f8a3b4d5e6f7"),
            ("thread_id", "string", "Gmail thread id", "18c2f8a3b4d5e6f7"),
            ("sender", "string", "From header", "Ada Lovelace <ada@example.com>"),
            ("subject", "string", "Subject header", "Hello from the emulator"),
            ("message_text", "string", "Plain-text body", "This is a sample message."),
            ("message_timestamp", "string", "When the message arrived", "2025-11-01T10:00:00Z"),
            ("labelIds", "array", "Labels of the message", "INBOX"),
        ],
    },
    TriggerTypeDef {
        slug: "LINEAR_ISSUE_CREATED_TRIGGER", toolkit: "linear", name: "Issue Created",
        description: "Triggered when an issue is created in a Linear team.",
        instructions: "Give the id of the team to watch.",
        kind: "webhook",
        config: &[("team_id", "string", "Id of the Linear team", None)],
        required: &["team_id"],
        payload: &[
            ("id", "string", "Issue id", "9cfb482a-81e3-4154-b5b9-2c805e70a02d"),
            ("identifier", "string", "Human-readable issue key", "ENG-123"),
            ("title", "string", "Issue title", "Crash on start"),
            ("url", "string", "Web address of the issue", "https://linear.app/acme/issue/ENG-123"),
        ],
    },
    TriggerTypeDef {
        slug: "SLACK_CHANNEL_CREATED", toolkit: "slack", name: "Channel Created",
        description: "Triggered when a channel is created in the workspace.",
        instructions: "No configuration needed.",
        kind: "webhook", config: &[], required: &[],
        payload: &[
            ("channel_id", "string", "Id of the new channel", "C0123456789"),
            ("channel_name", "string", "Name of the new channel", "general"),
            ("creator", "string", "Id of the user who created it", "U0123456789"),
        ],
    },
    TriggerTypeDef {
        slug: "SLACK_RECEIVE_MESSAGE", toolkit: "slack", name: "Receive Message",
        description: "Triggered when a message is posted in a channel the app can read.",
        instructions: "Optionally give a channel id to receive only that channel's messages.",
        kind: "webhook",
        config: &[("channel_id", "string", "Only messages of this channel", None)],
        required: &[],
        payload: &[
            ("channel", "string", "Channel id", "C0123456789"),
            ("user", "string", "Id of the sender", "U0123456789"),
            ("text", "string", "Message text", "Hello, world"),
            ("ts", "string", "Message timestamp", "1730455200.000100"),
            ("team_id", "string", "Workspace id", "T0123456789"),
        ],
    },
];

/// The trigger types of one toolkit (for its `triggers_count`).
pub fn count_for(toolkit: &str) -> usize {
    TRIGGER_TYPES
        .iter()
        .filter(|t| t.toolkit == toolkit)
        .count()
}

pub fn find_type(slug: &str) -> Option<&'static TriggerTypeDef> {
    TRIGGER_TYPES
        .iter()
        .find(|t| t.slug.eq_ignore_ascii_case(slug))
}

fn prop(kind: &str, description: &str, name: &str) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("description".into(), json!(description));
    p.insert("title".into(), json!(title_of(name)));
    p.insert("type".into(), json!(kind));
    if kind == "array" {
        p.insert("items".into(), json!({"type": "string"}));
    }
    p
}

fn title_of(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c == '_' {
            out.push(' ');
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

fn default_value(kind: &str, raw: &str) -> Value {
    match kind {
        "integer" => raw.parse::<i64>().map(Value::from).unwrap_or(json!(raw)),
        _ => json!(raw),
    }
}

fn example_value(kind: &str, raw: &str) -> Value {
    match kind {
        "integer" => raw.parse::<i64>().map(Value::from).unwrap_or(json!(0)),
        "array" => json!([raw]),
        _ => json!(raw),
    }
}

impl TriggerTypeDef {
    /// The `config` JSON schema: properties and required.
    pub fn config_schema(&self) -> Value {
        let mut properties = Map::new();
        for (name, kind, description, default) in self.config {
            let mut p = prop(kind, description, name);
            if let Some(raw) = default {
                p.insert("default".into(), default_value(kind, raw));
            }
            if *name == "interval" {
                p.insert("minimum".into(), json!(1));
            }
            properties.insert((*name).into(), Value::Object(p));
        }
        let title = if self.kind == "poll" {
            "PollConfigSchema"
        } else {
            "WebhookConfigSchema"
        };
        json!({"properties": properties, "required": self.required, "title": title, "type": "object"})
    }

    /// The `payload` JSON schema: every property required, each with one example.
    pub fn payload_schema(&self) -> Value {
        let mut properties = Map::new();
        for (name, kind, description, example) in self.payload {
            let mut p = prop(kind, description, name);
            p.insert("examples".into(), json!([example_value(kind, example)]));
            properties.insert((*name).into(), Value::Object(p));
        }
        let required: Vec<&str> = self.payload.iter().map(|(n, ..)| *n).collect();
        let title = format!("{}Payload", title_of(self.name).replace(' ', ""));
        json!({"properties": properties, "required": required, "title": title, "type": "object"})
    }

    /// A deterministic event `data` built from the payload schema's examples.
    pub fn sample_data(&self) -> Value {
        let data: Map<String, Value> = self
            .payload
            .iter()
            .map(|(name, kind, _, example)| ((*name).to_string(), example_value(kind, example)))
            .collect();
        Value::Object(data)
    }

    pub fn to_json(&self, version: &str) -> Value {
        let toolkit_name = find_toolkit(self.toolkit).map_or(self.toolkit, |t| t.name);
        json!({
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "instructions": self.instructions,
            "type": self.kind,
            "toolkit": {"slug": self.toolkit, "name": toolkit_name, "logo": logo(self.toolkit)},
            "config": self.config_schema(),
            "payload": self.payload_schema(),
            "version": version,
        })
    }

    /// Checks a trigger config against the schema: required fields present (not null) and known fields of the
    /// right type. Unknown fields are kept as given.
    pub fn check_config(&self, config: &Map<String, Value>) -> Result<(), String> {
        for field in self.required {
            if config.get(*field).map_or(true, Value::is_null) {
                return Err(format!(
                    "trigger_config is missing required field {field} (trigger {} requires {})",
                    self.slug,
                    self.required.join(", ")
                ));
            }
        }
        for (name, kind, ..) in self.config {
            let Some(value) = config.get(*name).filter(|v| !v.is_null()) else {
                continue;
            };
            let ok = match *kind {
                "string" => value.is_string(),
                "integer" => value
                    .as_i64()
                    .is_some_and(|n| *name != "interval" || n >= 1),
                "array" => value.is_array(),
                _ => true,
            };
            if !ok {
                let what = if *name == "interval" {
                    "an integer of at least 1"
                } else {
                    match *kind {
                        "string" => "a string",
                        "integer" => "an integer",
                        _ => "an array",
                    }
                };
                return Err(format!("trigger_config.{name} must be {what}"));
            }
        }
        Ok(())
    }
}

/// Every trigger slug, in catalogue order (toolkit, then slug).
pub fn all_slugs() -> &'static [&'static str] {
    static SLUGS: OnceLock<Vec<&'static str>> = OnceLock::new();
    SLUGS.get_or_init(|| TRIGGER_TYPES.iter().map(|t| t.slug).collect())
}

#[derive(Debug, Clone)]
pub struct TriggerInstance {
    pub id: String,
    pub uuid: String,
    pub project_id: String,
    pub slug: String,
    pub connected_account_id: String,
    pub auth_config_id: String,
    pub user_id: String,
    pub config: Map<String, Value>,
    pub disabled_at: Option<String>,
    /// Set when Composio (not the user) disabled it: `connection_expired`.
    pub disabled_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
}

impl TriggerInstance {
    pub fn enabled(&self) -> bool {
        self.disabled_at.is_none()
    }
}

pub fn instance_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        2602,
        "TriggerInstance_NotFound",
        format!("Trigger instance {id} not found"),
    )
    .with_fix("Check your input.")
}

impl Store {
    /// Brings trigger instances up to date with their accounts: instances of deleted accounts disappear, and
    /// those Composio disabled because the account expired come back once the account is ACTIVE again.
    pub fn reconcile_triggers(&mut self) {
        let live: HashSet<(&str, &str)> = self
            .accounts
            .iter()
            .map(|a| (a.project_id.as_str(), a.id.as_str()))
            .collect();
        let active: HashSet<(&str, &str)> = self
            .accounts
            .iter()
            .filter(|a| a.status == "ACTIVE" && !a.disabled)
            .map(|a| (a.project_id.as_str(), a.id.as_str()))
            .collect();
        let mut revived = Vec::new();
        self.trigger_instances.retain(|t| {
            let key = (t.project_id.as_str(), t.connected_account_id.as_str());
            if t.disabled_reason.as_deref() == Some(CONNECTION_EXPIRED) && active.contains(&key) {
                revived.push(t.id.clone());
            }
            live.contains(&key)
        });
        if revived.is_empty() {
            return;
        }
        let now = self.now();
        for t in self
            .trigger_instances
            .iter_mut()
            .filter(|t| revived.contains(&t.id))
        {
            t.disabled_at = None;
            t.disabled_reason = None;
            t.updated_at = now.clone();
        }
    }

    pub fn new_trigger_id(&self) -> String {
        loop {
            let id = format!("ti_{}", random_alnum(12, true));
            if !self.trigger_instances.iter().any(|t| t.id == id) {
                return id;
            }
        }
    }

    pub fn trigger(&self, project_id: &str, id: &str) -> Result<&TriggerInstance, ApiError> {
        self.trigger_instances
            .iter()
            .find(|t| t.project_id == project_id && t.id == id)
            .ok_or_else(|| instance_not_found(id))
    }

    pub fn trigger_mut(
        &mut self,
        project_id: &str,
        id: &str,
    ) -> Result<&mut TriggerInstance, ApiError> {
        self.trigger_instances
            .iter_mut()
            .find(|t| t.project_id == project_id && t.id == id)
            .ok_or_else(|| instance_not_found(id))
    }

    /// An instance as `GET /trigger_instances/active` lists it.
    pub fn trigger_json(&self, t: &TriggerInstance) -> Value {
        let account_uuid = self
            .accounts
            .iter()
            .find(|a| a.project_id == t.project_id && a.id == t.connected_account_id)
            .map(|a| a.uuid.clone())
            .unwrap_or_default();
        json!({
            "uuid": t.uuid,
            "id": t.id,
            "connected_account_id": t.connected_account_id,
            "trigger_name": t.slug,
            "connected_account_uuid": account_uuid,
            "user_id": t.user_id,
            "trigger_config": t.config,
            "state": {},
            "updated_at": t.updated_at,
            "disabled_at": t.disabled_at,
            "disabledAt": t.disabled_at,
            "connectedAccountId": t.connected_account_id,
            "triggerName": t.slug,
            "updatedAt": t.updated_at,
            "triggerConfig": t.config,
            "deprecated": {"createdAt": t.created_at},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_and_samples_agree() {
        for t in TRIGGER_TYPES {
            let schema = t.payload_schema();
            let sample = t.sample_data();
            for name in schema["required"].as_array().unwrap() {
                assert!(sample.get(name.as_str().unwrap()).is_some(), "{}", t.slug);
            }
            assert!(find_toolkit(t.toolkit).is_some(), "{}", t.slug);
        }
        let mut sorted = all_slugs().to_vec();
        sorted.sort_by_key(|s| (find_type(s).unwrap().toolkit, *s));
        assert_eq!(sorted, all_slugs(), "catalogue order: toolkit, then slug");
    }

    #[test]
    fn config_check_names_the_missing_field() {
        let github = find_type("GITHUB_COMMIT_EVENT").unwrap();
        let mut config = Map::new();
        config.insert("owner".into(), json!("octocat"));
        let err = github.check_config(&config).unwrap_err();
        assert!(err.contains("repo"), "{err}");
        config.insert("repo".into(), json!("hello"));
        assert!(github.check_config(&config).is_ok());
        let gmail = find_type("GMAIL_NEW_GMAIL_MESSAGE").unwrap();
        let mut bad = Map::new();
        bad.insert("interval".into(), json!("soon"));
        assert!(gmail.check_config(&bad).is_err());
    }
}
