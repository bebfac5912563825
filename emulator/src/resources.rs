//! Per-project resources kept in the store: auth configs, connected accounts, their link tokens and file uploads,
//! with their JSON forms. Every lookup takes the project id, so one project never sees another's resources.

use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::catalogue::{catalogue, logo, Toolkit};
use crate::errors::{ApiError, ApiResult};
use crate::state::{random_alnum, random_hex, Project, Store};

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

pub fn uuid() -> String {
    let hex = random_hex(32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..]
    )
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

    pub fn account(&self, project_id: &str, id: &str) -> ApiResult<&Account> {
        self.accounts
            .iter()
            .find(|a| a.project_id == project_id && a.id == id)
            .ok_or_else(|| ApiError::connected_account_not_found(id))
    }

    pub fn account_mut(&mut self, project_id: &str, id: &str) -> ApiResult<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|a| a.project_id == project_id && a.id == id)
            .ok_or_else(|| ApiError::connected_account_not_found(id))
    }

    /// The account as the API shows it (list items and `GET /connected_accounts/{id}`).
    pub fn account_json(&self, account: &Account) -> Value {
        let config = self
            .auth_configs
            .iter()
            .find(|c| c.project_id == account.project_id && c.id == account.auth_config_id);
        let scheme = config.map(|c| c.auth_scheme.as_str()).unwrap_or("OAUTH2");
        let data = masked(&account.data);
        let val = self.state_val(account, scheme, &data);
        json!({
            "toolkit": {"slug": account.toolkit},
            "auth_config": {
                "id": account.auth_config_id,
                "auth_scheme": scheme,
                "is_composio_managed": config.is_some_and(|c| c.managed),
                "is_disabled": config.is_some_and(|c| !c.enabled),
            },
            "id": account.id,
            "user_id": account.user_id,
            "status": account.status,
            "created_at": account.created_at,
            "updated_at": account.updated_at,
            "state": {"authScheme": scheme, "val": val},
            "data": data,
            "params": {},
            "status_reason": account.status_reason,
            "is_disabled": account.disabled,
            "alias": account.alias,
        })
    }

    /// `state.val` as the spec's schema for the scheme and status has it: the account's (masked) data, less values
    /// of another type than the spec gives their field, then `status` and the fields that status requires. A
    /// required secret the emulator never got shows as `****`, another required field as `""`; `redirectUrl` and
    /// `authUri` are the URL of the account's newest link.
    fn state_val(
        &self,
        account: &Account,
        scheme: &str,
        data: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut val: Map<String, Value> = data
            .iter()
            .filter(|(k, v)| fits_state_field(k, v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        val.insert("status".into(), json!(account.status));
        for field in required_state_fields(scheme, &account.status) {
            if matches!(*field, "redirectUrl" | "authUri") {
                val.insert(field.to_string(), json!(self.newest_link_url(account)));
            } else if !val.contains_key(*field) {
                let placeholder = if is_secret_key(field) { "****" } else { "" };
                val.insert(field.to_string(), json!(placeholder));
            }
        }
        val
    }

    /// The URL of the account's newest link (`…/link/unissued`, which answers 404, when it never had one).
    fn newest_link_url(&self, account: &Account) -> String {
        let host = if self.host.is_empty() {
            "127.0.0.1"
        } else {
            &self.host
        };
        let token = self
            .links
            .iter()
            .rev()
            .find(|l| l.project_id == account.project_id && l.account_id == account.id)
            .map_or("unissued", |l| l.token.as_str());
        link_url(host, token)
    }

    /// Issues a link token for an account, revoking its older links. Returns the token and its expiry (ms).
    pub fn issue_link(
        &mut self,
        project_id: &str,
        account_id: &str,
        callback_url: Option<String>,
    ) -> (String, u64) {
        for link in self
            .links
            .iter_mut()
            .filter(|l| l.project_id == project_id && l.account_id == account_id)
        {
            link.revoked = true;
        }
        let token = format!("lk_{}", random_alnum(24, false));
        let expires_ms = self.now_ms() + LINK_TTL_MS;
        self.links.push(Link {
            token: token.clone(),
            project_id: project_id.to_string(),
            account_id: account_id.to_string(),
            expires_ms,
            callback_url,
            used: false,
            revoked: false,
        });
        (token, expires_ms)
    }

    /// Removes an account and its links.
    pub fn delete_account(&mut self, project_id: &str, id: &str) {
        self.accounts
            .retain(|a| !(a.project_id == project_id && a.id == id));
        self.links
            .retain(|l| !(l.project_id == project_id && l.account_id == id));
    }
}

/// The fields besides `status` that the spec requires in `state.val` for an auth scheme and account status (the
/// `oneOf` of `state` on `GET /connected_accounts/{id}`). Some pairs have no schema at all (`API_KEY`, `BASIC`,
/// `BEARER_TOKEN`, `GOOGLE_SERVICE_ACCOUNT` and `SERVICE_ACCOUNT` are never `FAILED` or `EXPIRED` in the spec);
/// only the admin status route can make one.
fn required_state_fields(scheme: &str, status: &str) -> &'static [&'static str] {
    let live = matches!(status, "ACTIVE" | "INACTIVE");
    let waiting = status == "INITIATED";
    match scheme {
        "OAUTH1" if waiting => &[
            "oauth_token",
            "authUri",
            "oauth_token_secret",
            "redirectUrl",
        ],
        "OAUTH1" if live => &["oauth_token", "oauth_token_secret"],
        "OAUTH2" | "GOOGLE_SERVICE_ACCOUNT" | "BILLCOM_AUTH" if waiting => &["redirectUrl"],
        "OAUTH2" if live => &["access_token"],
        "DCR_OAUTH" if waiting => &["client_id", "redirectUrl"],
        "DCR_OAUTH" if live => &["client_id", "access_token"],
        "BASIC" if live => &["username"],
        "BEARER_TOKEN" if live => &["token"],
        "GOOGLE_SERVICE_ACCOUNT" if live => &["credentials_json"],
        "BILLCOM_AUTH" if live => &["sessionId", "devKey"],
        "BASIC_WITH_JWT" if !waiting && status != "INITIALIZING" => &["username", "password"],
        "SERVICE_ACCOUNT" if live => &["application_id", "installation_id", "private_key"],
        _ => &[],
    }
}

/// The `state.val` fields the spec types as plain strings (in every scheme and status that names them).
const STRING_STATE_FIELDS: [&str; 55] = [
    "subdomain",
    "your-domain",
    "region",
    "shop",
    "account_url",
    "COMPANYDOMAIN",
    "extension",
    "form_api_base_url",
    "instanceEndpoint",
    "api_url",
    "borneo_dashboard_url",
    "proxy_username",
    "proxy_password",
    "domain",
    "version",
    "dc",
    "site_name",
    "instanceName",
    "account_id",
    "your_server",
    "server_location",
    "base_url",
    "oauth_token",
    "authUri",
    "oauth_token_secret",
    "redirectUrl",
    "callbackUrl",
    "oauth_verifier",
    "consumer_key",
    "callback_url",
    "error",
    "error_description",
    "expired_at",
    "code_verifier",
    "finalRedirectUri",
    "webhook_signature",
    "access_token",
    "id_token",
    "token_type",
    "generic_api_key",
    "api_key",
    "bearer_token",
    "basic_encoded",
    "username",
    "password",
    "token",
    "composio_link_redirect_url",
    "credentials_json",
    "sessionId",
    "devKey",
    "application_id",
    "installation_id",
    "private_key",
    "client_id",
    "client_secret",
];

/// Whether a value may stand in `state.val` under this name: of the type the spec gives the field (any value for
/// a name the spec does not list: `additionalProperties` is open).
fn fits_state_field(key: &str, value: &Value) -> bool {
    match key {
        "long_redirect_url" => value.is_boolean(),
        "refresh_token" => value.is_string() || value.is_null(),
        "client_id_issued_at" | "client_secret_expires_at" => value.is_number(),
        "state_prefix" => value.as_str().is_some_and(|s| s.chars().count() <= 40),
        "authed_user" => value.as_object().is_some_and(|user| {
            ["access_token", "scope"]
                .iter()
                .all(|k| user.get(*k).map_or(true, Value::is_string))
        }),
        key if STRING_STATE_FIELDS.contains(&key) => value.is_string(),
        _ => true,
    }
}

/// The URL of the emulator's own link page for a token, on the host the client used.
pub fn link_url(host: &str, token: &str) -> String {
    format!("http://{host}/link/{token}")
}

impl Store {
    /// The account a call runs with: the one named (it must be the project's, for `toolkit` when given, ACTIVE and
    /// enabled) or else the newest ACTIVE, enabled account of `user_id` (of any user when absent) for `toolkit`.
    pub fn usable_account(
        &self,
        project_id: &str,
        toolkit: Option<&str>,
        account_id: Option<&str>,
        user_id: Option<&str>,
    ) -> ApiResult<&Account> {
        let usable = |a: &Account| a.status == "ACTIVE" && !a.disabled;
        if let Some(id) = account_id {
            let account = self.account(project_id, id)?;
            if let Some(toolkit) = toolkit.filter(|t| *t != account.toolkit) {
                return Err(ApiError::bad_request(
                    "ConnectedAccount_ToolkitMismatch",
                    format!(
                        "Connected account {id} belongs to toolkit {}, not {toolkit}",
                        account.toolkit
                    ),
                ));
            }
            if !usable(account) {
                return Err(ApiError::account_not_active(id, &account.status));
            }
            return Ok(account);
        }
        let toolkit = toolkit.unwrap_or("");
        self.accounts
            .iter()
            .filter(|a| {
                a.project_id == project_id
                    && a.toolkit == toolkit
                    && user_id.map_or(true, |u| a.user_id == u)
                    && usable(a)
            })
            .max_by_key(|a| a.seq)
            .ok_or_else(|| ApiError::no_active_account(toolkit, user_id))
    }
}
