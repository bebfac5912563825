//! Client options, their defaults, and what the environment supplies.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::secret::mask;

pub const DEFAULT_BASE_URL: &str = "https://backend.composio.dev";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_MAX_RETRIES: u32 = 2;

pub const ENV_API_KEY: &str = "COMPOSIO_API_KEY";
pub const ENV_ORG_API_KEY: &str = "COMPOSIO_ORG_API_KEY";
pub const ENV_USER_API_KEY: &str = "COMPOSIO_USER_API_KEY";
pub const ENV_BASE_URL: &str = "COMPOSIO_BASE_URL";

/// How the project key travels: `x-api-key` (the documented preference) or `Authorization: Bearer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AuthScheme {
    #[default]
    ApiKeyHeader,
    Bearer,
}

impl AuthScheme {
    /// Accepts `x-api-key` / `api_key` / `header` and `bearer` (any case).
    pub fn parse(value: &str) -> Result<Self> {
        match value.to_ascii_lowercase().as_str() {
            "x-api-key" | "api_key" | "api-key" | "header" => Ok(Self::ApiKeyHeader),
            "bearer" | "authorization" => Ok(Self::Bearer),
            _ => Err(Error::configuration(format!(
                "unknown auth scheme {value:?}; use \"x-api-key\" or \"bearer\""
            ))),
        }
    }
}

/// Everything a client can be configured with. `None` means "the default" (or the env var, with
/// [`ClientOptions::or_env`]).
#[derive(Clone, Default)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub org_api_key: Option<String>,
    /// A user API key, for the operations that take one (`x-user-api-key`).
    pub user_api_key: Option<String>,
    /// The organization and project a user key acts on (`x-org-id`, `x-project-id`): both or neither.
    pub org_id: Option<String>,
    pub project_id: Option<String>,
    pub base_url: Option<String>,
    pub auth_scheme: Option<AuthScheme>,
    /// Per attempt, including reading the body.
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub default_headers: Vec<(String, String)>,
    /// Appended to the user agent by bindings, e.g. `python/3.11`.
    pub user_agent_suffix: Option<String>,
    /// The toolkit versions `tools.list`, `tools.get` and `tools.execute` use when a call names none
    /// (empty: none is sent, and the API uses the latest).
    pub toolkit_versions: crate::versions::ToolkitVersions,
    /// Functions asked for a key on every call, instead of `api_key`, `org_api_key` or `user_api_key` (giving both
    /// for one credential is a configuration error).
    pub key_providers: crate::key_provider::KeyProviders,
}

impl ClientOptions {
    /// Options read from `COMPOSIO_API_KEY`, `COMPOSIO_ORG_API_KEY`, `COMPOSIO_USER_API_KEY`, `COMPOSIO_BASE_URL`.
    pub fn from_env() -> Self {
        Self::default().or_env()
    }

    /// Fills every unset key and the base URL from the environment (empty variables count as unset).
    pub fn or_env(mut self) -> Self {
        fn var(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        }
        // A credential with a provider takes nothing from the environment.
        let providers = &self.key_providers;
        if providers.api_key.is_none() {
            self.api_key = self.api_key.or_else(|| var(ENV_API_KEY));
        }
        if providers.org_api_key.is_none() {
            self.org_api_key = self.org_api_key.or_else(|| var(ENV_ORG_API_KEY));
        }
        if providers.user_api_key.is_none() {
            self.user_api_key = self.user_api_key.or_else(|| var(ENV_USER_API_KEY));
        }
        self.base_url = self.base_url.or_else(|| var(ENV_BASE_URL));
        self
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &self.api_key.as_deref().map(mask))
            .field("org_api_key", &self.org_api_key.as_deref().map(mask))
            .field("user_api_key", &self.user_api_key.as_deref().map(mask))
            .field("org_id", &self.org_id)
            .field("project_id", &self.project_id)
            .field("base_url", &self.base_url)
            .field("auth_scheme", &self.auth_scheme)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("toolkit_versions", &self.toolkit_versions)
            .field("key_providers", &self.key_providers)
            .finish_non_exhaustive()
    }
}

/// Per-call knobs that a derived client may change without a new connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSettings {
    pub auth_scheme: AuthScheme,
    pub timeout: Duration,
    pub max_retries: u32,
}

/// What `with_options` may change: `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionOverrides {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub auth_scheme: Option<AuthScheme>,
}

/// How a binding spells the option names of its options object: `connect_timeout` or `connectTimeout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionSpelling {
    Snake,
    Camel,
}

/// The unit of the durations in a binding's options object (seconds in Python, milliseconds in Node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    Seconds,
    Milliseconds,
}

/// The value decoders of `ClientOptions::from_json` (generated from api/options.toml), one per option type.
pub(crate) mod decode {
    use std::time::Duration;

    use serde_json::Value;

    use super::{AuthScheme, DurationUnit};
    use crate::error::{Error, Result};
    use crate::versions::ToolkitVersions;

    fn wrong(name: &str, want: &str) -> Error {
        Error::configuration(format!("the client option {name} must be {want}"))
    }

    pub fn text(name: &str, value: &Value) -> Result<String> {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| wrong(name, "text"))
    }

    pub fn duration(name: &str, value: &Value, unit: DurationUnit) -> Result<Duration> {
        let (scale, unit_name) = match unit {
            DurationUnit::Seconds => (1.0, "seconds"),
            DurationUnit::Milliseconds => (1000.0, "milliseconds"),
        };
        value
            .as_f64()
            .and_then(|n| Duration::try_from_secs_f64(n / scale).ok())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| wrong(name, &format!("a positive number of {unit_name}")))
    }

    pub fn count(name: &str, value: &Value) -> Result<u32> {
        value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| wrong(name, "a whole number from 0"))
    }

    /// Name → value pairs, sorted by name (so a client's requests do not depend on a map's order).
    pub fn headers(name: &str, value: &Value) -> Result<Vec<(String, String)>> {
        let Value::Object(map) = value else {
            return Err(wrong(name, "an object of header names to text"));
        };
        let mut pairs = map
            .iter()
            .map(|(k, v)| Ok((k.clone(), text(name, v)?)))
            .collect::<Result<Vec<_>>>()?;
        pairs.sort();
        Ok(pairs)
    }

    pub fn auth_scheme(name: &str, value: &Value) -> Result<AuthScheme> {
        AuthScheme::parse(&text(name, value)?)
    }

    pub fn toolkit_versions(value: &Value) -> Result<ToolkitVersions> {
        ToolkitVersions::from_json(value)
    }
}
