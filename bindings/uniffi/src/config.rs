//! The client's configuration as a record with every field optional (`ComposioConfig()` reads
//! everything from the environment), and the overrides a derived client may change.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use composio::{AuthScheme, ClientOptions, OptionOverrides};

/// Options of a client. Unset keys and base URL come from `COMPOSIO_API_KEY`,
/// `COMPOSIO_ORG_API_KEY`, `COMPOSIO_USER_API_KEY` and `COMPOSIO_BASE_URL`; `toString()` masks the keys.
#[derive(Clone, Default, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct ComposioConfig {
    #[uniffi(default)]
    pub api_key: Option<String>,
    #[uniffi(default)]
    pub org_api_key: Option<String>,
    /// A user API key, for the operations that take one.
    #[uniffi(default)]
    pub user_api_key: Option<String>,
    /// The organization and project the user key acts on: both or neither.
    #[uniffi(default)]
    pub org_id: Option<String>,
    #[uniffi(default)]
    pub project_id: Option<String>,
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// `API_KEY_HEADER` (`x-api-key`, the default) or `BEARER`.
    #[uniffi(default)]
    pub auth_scheme: Option<AuthScheme>,
    /// Per attempt, reading the body included (default 60 s).
    #[uniffi(default)]
    pub timeout: Option<Duration>,
    /// Default 5 s.
    #[uniffi(default)]
    pub connect_timeout: Option<Duration>,
    /// Retries after the first attempt (default 2).
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    /// Sent with every request; credential headers are refused here.
    #[uniffi(default)]
    pub default_headers: HashMap<String, String>,
    /// Toolkit slug → version used by `tools.list`, `tools.get` and `tools.execute` when a call names
    /// none; the key `*` is every other toolkit. Empty: the API's latest.
    #[uniffi(default)]
    pub toolkit_versions: HashMap<String, String>,
}

impl ComposioConfig {
    pub(crate) fn into_options(self) -> composio::Result<ClientOptions> {
        let mut default_headers: Vec<_> = self.default_headers.into_iter().collect();
        default_headers.sort();
        Ok(ClientOptions {
            api_key: self.api_key,
            org_api_key: self.org_api_key,
            user_api_key: self.user_api_key,
            org_id: self.org_id,
            project_id: self.project_id,
            base_url: self.base_url,
            auth_scheme: self.auth_scheme,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_retries: self.max_retries,
            default_headers,
            user_agent_suffix: Some("uniffi".to_string()),
            toolkit_versions: composio::ToolkitVersions::new(self.toolkit_versions)?,
            key_providers: Default::default(),
        }
        .or_env())
    }
}

impl fmt::Debug for ComposioConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ComposioConfig")
            .field("api_key", &self.api_key.as_deref().map(composio::mask))
            .field(
                "org_api_key",
                &self.org_api_key.as_deref().map(composio::mask),
            )
            .field(
                "user_api_key",
                &self.user_api_key.as_deref().map(composio::mask),
            )
            .field("org_id", &self.org_id)
            .field("project_id", &self.project_id)
            .field("base_url", &self.base_url)
            .field("auth_scheme", &self.auth_scheme)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &self.default_headers.keys())
            .finish()
    }
}

/// What `withOptions` may change on a derived client; unset fields keep their value.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct ComposioOverrides {
    #[uniffi(default)]
    pub timeout: Option<Duration>,
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    #[uniffi(default)]
    pub auth_scheme: Option<AuthScheme>,
}

impl From<ComposioOverrides> for OptionOverrides {
    fn from(o: ComposioOverrides) -> Self {
        OptionOverrides {
            timeout: o.timeout,
            max_retries: o.max_retries,
            auth_scheme: o.auth_scheme,
        }
    }
}
