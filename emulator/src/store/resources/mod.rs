//! Per-project resources kept in the store: auth configs, connected accounts, their link tokens and file uploads,
//! with their JSON forms. Every lookup takes the project id, so one project never sees another's resources. The
//! accounts' lookups, JSON, state checks and links are in `accounts`.

mod accounts;

pub use accounts::link_url;

use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::ids::uuid;
use crate::store::catalogue::{catalogue, logo, Toolkit};
use crate::store::{Project, Store};

pub const AUTH_SCHEMES: [&str; 13] = [
    "OAUTH2",
    "OAUTH1",
    "API_KEY",
    "BASIC",
    "BILLCOM_AUTH",
    "BEARER_TOKEN",
    "GOOGLE_SERVICE_ACCOUNT",
    "NO_AUTH",
    "BASIC_WITH_JWT",
    "CALCOM_AUTH",
    "SERVICE_ACCOUNT",
    "SAML",
    "DCR_OAUTH",
];
/// Schemes whose connection goes through a browser redirect (a link), not through credentials given up front.
pub const OAUTH_SCHEMES: [&str; 3] = ["OAUTH2", "OAUTH1", "DCR_OAUTH"];
pub const ACCOUNT_STATUSES: [&str; 6] = [
    "INITIALIZING",
    "INITIATED",
    "ACTIVE",
    "FAILED",
    "EXPIRED",
    "INACTIVE",
];
/// How long a link token is valid.
pub const LINK_TTL_MS: u64 = 10 * 60 * 1000;

/// (toolkit, user, status), in creation order: the three accounts every project starts with.
const SEEDED: [(&str, &str, &str); 3] = [
    ("github", "user-1", "ACTIVE"),
    ("slack", "user-2", "INITIATED"),
    ("gmail", "user-1", "FAILED"),
];
const SEEDED_CONFIG_AT: &str = "2025-11-01T09:00:00.000Z";

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub id: String,
    pub uuid: String,
    pub project_id: String,
    pub toolkit: String,
    pub name: String,
    pub auth_scheme: String,
    pub managed: bool,
    pub credentials: Map<String, Value>,
    pub proxy_config: Option<Value>,
    pub enabled: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
    /// `restrict_to_following_tools`, the same list as `tool_access_config.tools_available_for_execution`.
    pub restrict: Vec<String>,
    pub creation_tools: Vec<String>,
    pub shared_credentials: Option<Map<String, Value>>,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub uuid: String,
    pub project_id: String,
    pub toolkit: String,
    pub user_id: String,
    pub auth_config_id: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub disabled: bool,
    /// The status an account had when it was disabled, given back when it is enabled again.
    pub status_before_disable: Option<String>,
    /// Credentials and connection data as given; rendered masked.
    pub data: Map<String, Value>,
    /// The current API's `alias` (unique per user and toolkit in the project).
    pub alias: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub token: String,
    pub project_id: String,
    pub account_id: String,
    pub expires_ms: u64,
    pub callback_url: Option<String>,
    pub used: bool,
    /// A newer link of the same account (refresh) replaces this one.
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub struct Upload {
    pub id: String,
    pub key: String,
    pub token: String,
    pub project_id: String,
    pub toolkit_slug: String,
    pub tool_slug: String,
    pub filename: String,
    pub mimetype: String,
    /// Lowercase hex.
    pub md5: String,
    pub content: Option<Bytes>,
    pub seq: u64,
}

pub fn find_toolkit(slug: &str) -> Option<&'static Toolkit> {
    catalogue()
        .toolkits
        .iter()
        .find(|t| t.slug.eq_ignore_ascii_case(slug))
}

/// The schemes Composio manages for a toolkit (OAuth2 only, as `GET /toolkits` says).
pub fn managed_schemes(toolkit: &Toolkit) -> Vec<&'static str> {
    toolkit
        .auth_schemes
        .iter()
        .copied()
        .filter(|s| *s == "OAUTH2")
        .collect()
}

pub fn default_name(toolkit: &str) -> String {
    let name = find_toolkit(toolkit).map(|t| t.name).unwrap_or(toolkit);
    format!("{name} Auth Config")
}

/// Whether a field name looks like it holds a secret (`api_key`, `access_token`, `client_secret`, `password`, …).
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "secret",
        "token",
        "password",
        "key",
        "credential",
        "basic_encoded",
        "verifier",
    ]
    .iter()
    .any(|s| key.contains(s))
}

/// `ghp_abcdef123` → `ghp_****`; strings of 8 characters or fewer → `****`.
pub fn mask_string(value: &str) -> String {
    if value.chars().count() <= 8 {
        "****".to_string()
    } else {
        format!("{}****", value.chars().take(4).collect::<String>())
    }
}

/// Masks the string values of secret-looking fields, recursively; other values are shown as they are.
pub fn masked(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) if is_secret_key(k) => Value::String(mask_string(s)),
                Value::Object(inner) => Value::Object(masked(inner)),
                other => other.clone(),
            };
            (k.clone(), v)
        })
        .collect()
}

impl AuthConfig {
    pub fn kind(&self) -> &'static str {
        if self.managed {
            "default"
        } else {
            "custom"
        }
    }

    pub fn status(&self) -> &'static str {
        if self.enabled {
            "ENABLED"
        } else {
            "DISABLED"
        }
    }

    pub fn to_json(&self, connections: usize) -> Value {
        let mut out = json!({
            "id": self.id,
            "uuid": self.uuid,
            "type": self.kind(),
            "toolkit": {"slug": self.toolkit, "logo": logo(&self.toolkit)},
            "name": self.name,
            "auth_scheme": self.auth_scheme,
            "is_composio_managed": self.managed,
            "credentials": masked(&self.credentials),
            "status": self.status(),
            "created_by": self.created_by,
            "created_at": self.created_at,
            "last_updated_at": self.updated_at,
            "no_of_connections": connections,
            "expected_input_fields": [],
            "restrict_to_following_tools": self.restrict,
            "tool_access_config": {
                "tools_for_connected_account_creation": self.creation_tools,
                "tools_available_for_execution": self.restrict,
            },
            "deprecated_params": {"default_connector_id": null},
        });
        if let Some(proxy) = &self.proxy_config {
            let mut proxy = proxy.clone();
            if let Some(Value::String(key)) = proxy.get("proxy_auth_key") {
                proxy["proxy_auth_key"] = json!(mask_string(key));
            }
            out["proxy_config"] = proxy;
        }
        if let Some(shared) = &self.shared_credentials {
            out["shared_credentials"] = Value::Object(masked(shared));
        }
        out
    }
}

impl Store {
    /// Every project starts with three Composio-managed auth configs `ac_<toolkit>managed` and three accounts
    /// `ca_<project name>_{1,2,3}` on them.
    pub fn seed_connections(&mut self, project: &Project) {
        for (toolkit, _, _) in SEEDED {
            let seq = self.next_seq();
            self.auth_configs.push(AuthConfig {
                id: format!("ac_{toolkit}managed"),
                uuid: uuid(),
                project_id: project.id.clone(),
                toolkit: toolkit.to_string(),
                name: default_name(toolkit),
                auth_scheme: "OAUTH2".to_string(),
                managed: true,
                credentials: Map::new(),
                proxy_config: None,
                enabled: true,
                created_by: project.email.clone(),
                created_at: SEEDED_CONFIG_AT.to_string(),
                updated_at: SEEDED_CONFIG_AT.to_string(),
                seq,
                restrict: vec![],
                creation_tools: vec![],
                shared_credentials: None,
            });
        }
        for (i, (toolkit, user, status)) in SEEDED.into_iter().enumerate() {
            let seq = self.next_seq();
            let created = format!("2025-11-0{}T10:00:00.000Z", i + 1);
            self.accounts.push(Account {
                id: format!("ca_{}_{}", project.name, i + 1),
                uuid: uuid(),
                project_id: project.id.clone(),
                toolkit: toolkit.to_string(),
                user_id: user.to_string(),
                auth_config_id: format!("ac_{toolkit}managed"),
                status: status.to_string(),
                status_reason: (status == "FAILED").then(|| "The user denied access".to_string()),
                disabled: false,
                status_before_disable: None,
                data: Map::new(),
                alias: None,
                created_at: created.clone(),
                updated_at: created,
                seq,
            });
            if status == "INITIATED" {
                let id = format!("ca_{}_{}", project.name, i + 1);
                self.issue_link(&project.id, &id, None);
            }
        }
    }

    /// A fresh auth config id, unique in the process.
    pub fn new_auth_config_id(&self) -> String {
        loop {
            let id = format!("ac_{}", random_alnum(12, true));
            if !self.auth_configs.iter().any(|c| c.id == id) {
                return id;
            }
        }
    }

    pub fn new_account_id(&self) -> String {
        loop {
            let id = format!("ca_{}", random_alnum(12, true));
            if !self.accounts.iter().any(|a| a.id == id) {
                return id;
            }
        }
    }

    pub fn auth_config(&self, project_id: &str, id: &str) -> ApiResult<&AuthConfig> {
        self.auth_configs
            .iter()
            .find(|c| c.project_id == project_id && c.id == id)
            .ok_or_else(|| ApiError::auth_config_not_found(id))
    }

    pub fn auth_config_mut(&mut self, project_id: &str, id: &str) -> ApiResult<&mut AuthConfig> {
        self.auth_configs
            .iter_mut()
            .find(|c| c.project_id == project_id && c.id == id)
            .ok_or_else(|| ApiError::auth_config_not_found(id))
    }

    pub fn connections_of(&self, config: &AuthConfig) -> usize {
        self.accounts
            .iter()
            .filter(|a| a.project_id == config.project_id && a.auth_config_id == config.id)
            .count()
    }

    pub fn auth_config_json(&self, config: &AuthConfig) -> Value {
        config.to_json(self.connections_of(config))
    }
}
