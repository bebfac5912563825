//! The async client: configuration, credentials and the shared connection pool.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::auth::{Credential, Keys, UserScope, CREDENTIAL_HEADERS};
use crate::config::{
    AuthScheme, CallSettings, ClientOptions, OptionOverrides, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_ORG_API_KEY,
    ENV_USER_API_KEY,
};
use crate::error::{Error, Result};
use crate::key_provider::{KeyProvider, KeySource};
use crate::secret::ApiKey;

/// The Composio API client. Cheap to clone: clones share the connection pool and the credentials
/// (so [`Client::set_api_key`] rotates the key for every clone).
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) keys: Arc<Keys>,
    pub(crate) settings: CallSettings,
    /// How toolsets move files unless they say otherwise (`with_files`).
    pub(crate) files: Option<Arc<crate::file_options::FileOptions>>,
}

pub(crate) struct Shared {
    pub http: reqwest::Client,
    pub base_url: Url,
    /// The base URL without a trailing slash, so operation paths can be appended.
    pub base_prefix: String,
    pub default_headers: HeaderMap,
    pub toolkit_versions: crate::versions::ToolkitVersions,
}

impl Client {
    /// A client with exactly these options (unset keys stay unset; see [`Client::from_env`]).
    pub fn new(options: ClientOptions) -> Result<Self> {
        crate::tls::install_crypto_provider();
        let providers = &options.key_providers;
        let project = key_source(options.api_key.as_deref(), &providers.api_key, ENV_API_KEY)?;
        let org = key_source(
            options.org_api_key.as_deref(),
            &providers.org_api_key,
            ENV_ORG_API_KEY,
        )?;
        let user = key_source(
            options.user_api_key.as_deref(),
            &providers.user_api_key,
            ENV_USER_API_KEY,
        )?;
        let scope = user_scope(options.org_id, options.project_id)?;
        let base_url = parse_base_url(options.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let default_headers = build_default_headers(&options.default_headers)?;
        let http = reqwest::Client::builder()
            .user_agent(user_agent(options.user_agent_suffix.as_deref()))
            .connect_timeout(options.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .redirect(same_origin_redirects_only())
            .pool_idle_timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| Error::configuration(format!("could not build the HTTP client: {e}")))?;
        let base_prefix = base_url.as_str().trim_end_matches('/').to_string();
        Ok(Self {
            shared: Arc::new(Shared {
                http,
                base_url,
                base_prefix,
                default_headers,
                toolkit_versions: options.toolkit_versions,
            }),
            keys: Arc::new(Keys::new(project, org, user, scope)),
            settings: CallSettings {
                auth_scheme: options.auth_scheme.unwrap_or_default(),
                timeout: options.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: options.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            },
            files: None,
        })
    }

    /// A client configured from `COMPOSIO_API_KEY`, `COMPOSIO_ORG_API_KEY` and `COMPOSIO_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        Self::new(ClientOptions::from_env())
    }

    /// A client for another project that shares this client's connection pool and settings.
    pub fn with_api_key(&self, api_key: &str) -> Result<Self> {
        let key = ApiKey::new(api_key, ENV_API_KEY)?;
        Ok(Self {
            shared: self.shared.clone(),
            keys: Arc::new(Keys::new(
                Some(KeySource::Fixed(key)),
                self.keys.source(Credential::Org),
                self.keys.source(Credential::User),
                self.keys.scope.clone(),
            )),
            settings: self.settings,
            files: self.files.clone(),
        })
    }

    /// The same client (pool and credentials shared) with other timeouts, retries or auth scheme.
    pub fn with_options(&self, overrides: OptionOverrides) -> Self {
        let mut settings = self.settings;
        settings.timeout = overrides.timeout.unwrap_or(settings.timeout);
        settings.max_retries = overrides.max_retries.unwrap_or(settings.max_retries);
        settings.auth_scheme = overrides.auth_scheme.unwrap_or(settings.auth_scheme);
        Self {
            shared: self.shared.clone(),
            keys: self.keys.clone(),
            settings,
            files: self.files.clone(),
        }
    }

    /// The same client whose toolsets move files as `files` says (each toolset may still override it).
    pub fn with_files(&self, files: crate::file_options::FileOptions) -> Self {
        Self {
            files: Some(Arc::new(files)),
            ..self.clone()
        }
    }

    /// Replaces the project key of this client and every clone of it, for calls that start afterwards.
    pub fn set_api_key(&self, api_key: &str) -> Result<()> {
        let key = ApiKey::new(api_key, ENV_API_KEY)?;
        self.keys.set(Credential::Project, KeySource::Fixed(key));
        Ok(())
    }

    /// Replaces the user key of this client and every clone of it.
    pub fn set_user_api_key(&self, user_api_key: &str) -> Result<()> {
        let key = ApiKey::new(user_api_key, ENV_USER_API_KEY)?;
        self.keys.set(Credential::User, KeySource::Fixed(key));
        Ok(())
    }

    /// Replaces the organization key of this client and every clone of it.
    pub fn set_org_api_key(&self, org_api_key: &str) -> Result<()> {
        let key = ApiKey::new(org_api_key, ENV_ORG_API_KEY)?;
        self.keys.set(Credential::Org, KeySource::Fixed(key));
        Ok(())
    }

    pub fn base_url(&self) -> &str {
        self.shared.base_url.as_str()
    }

    pub fn settings(&self) -> CallSettings {
        self.settings
    }

    pub fn auth_scheme(&self) -> AuthScheme {
        self.settings.auth_scheme
    }

    /// The versions the generated requests fill in when a call names none.
    pub(crate) fn toolkit_versions(&self) -> &crate::versions::ToolkitVersions {
        &self.shared.toolkit_versions
    }

    /// Whether a key for this credential is configured.
    pub fn has_credential(&self, credential: Credential) -> bool {
        self.keys.has(credential)
    }

    /// Makes a function the source of a credential's key, asked once per call from now on (for this client and
    /// every clone of it).
    pub fn set_key_provider(&self, credential: Credential, provider: KeyProvider) {
        self.keys.set(credential, KeySource::Provider(provider));
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url.as_str())
            .field("api_key", &self.keys.describe(Credential::Project))
            .field("org_api_key", &self.keys.describe(Credential::Org))
            .field("user_api_key", &self.keys.describe(Credential::User))
            .field("settings", &self.settings)
            .finish()
    }
}

/// A credential's key or provider; both is a configuration error.
fn key_source(
    key: Option<&str>,
    provider: &Option<KeyProvider>,
    what: &str,
) -> Result<Option<KeySource>> {
    match (key, provider) {
        (Some(_), Some(_)) => Err(Error::configuration(format!(
            "{what}: give a key or a key provider, not both"
        ))),
        (Some(key), None) => Ok(Some(KeySource::Fixed(ApiKey::new(key, what)?))),
        (None, Some(provider)) => Ok(Some(KeySource::Provider(provider.clone()))),
        (None, None) => Ok(None),
    }
}

/// A user key's scope: the organization and project ids together, or neither.
fn user_scope(org_id: Option<String>, project_id: Option<String>) -> Result<Option<UserScope>> {
    let checked = |name: &str, id: String| {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::configuration(format!(
                "{name} must be a non-empty id of visible ASCII characters"
            )));
        }
        Ok(id)
    };
    match (org_id, project_id) {
        (None, None) => Ok(None),
        (Some(org_id), Some(project_id)) => Ok(Some(UserScope {
            org_id: checked("org_id", org_id)?,
            project_id: checked("project_id", project_id)?,
        })),
        _ => Err(Error::configuration(
            "org_id and project_id scope a user API key together: pass both or neither",
        )),
    }
}

fn parse_base_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw)
        .map_err(|e| Error::configuration(format!("invalid base URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::configuration(format!(
            "base URL {raw:?} must be an http:// or https:// URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::configuration(format!(
            "base URL {raw:?} must not carry a query, fragment or user info"
        )));
    }
    Ok(url)
}

fn build_default_headers(headers: &[(String, String)]) -> Result<HeaderMap> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::configuration(format!("invalid header name {name:?}")))?;
        if CREDENTIAL_HEADERS.contains(&name.as_str()) {
            return Err(Error::configuration(format!(
                "pass credentials as api_key / org_api_key / user_api_key (its scope as org_id / project_id), not as the default header {name}"
            )));
        }
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::configuration(format!("invalid value for header {name}")))?;
        map.append(name, value);
    }
    Ok(map)
}

fn user_agent(suffix: Option<&str>) -> String {
    let base = concat!("composio-rs/", env!("CARGO_PKG_VERSION"));
    match suffix {
        Some(s) if !s.is_empty() => format!("{base} {s}"),
        _ => base.to_string(),
    }
}

/// Follows redirects within the configured origin only: a credential header is never sent to
/// another origin, so a cross-origin redirect is returned to the caller as an error instead.
fn same_origin_redirects_only() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if attempt.previous().len() > 5 {
            attempt.error("too many redirects")
        } else if first.as_ref() == Some(&attempt.url().origin()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}
