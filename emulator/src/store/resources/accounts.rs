//! Connected accounts in the store: lookups, their JSON (state masked and checked per scheme and status), their
//! link tokens, deletion, and the account a call runs with.

use super::*;

impl Store {
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
