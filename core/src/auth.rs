//! Credentials: which one an operation needs, the keys a client holds (rotatable, shared by its clones), the
//! one header a request carries, and the rule that a key never travels over plain http except to loopback.

use std::sync::RwLock;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::config::{AuthScheme, ENV_API_KEY, ENV_ORG_API_KEY, ENV_USER_API_KEY};
use crate::error::{Error, Result};
use crate::key_provider::KeySource;
use crate::secret::ApiKey;

/// Header names that carry a credential or its scope: never accepted as default headers.
pub(crate) const CREDENTIAL_HEADERS: [&str; 6] = [
    "x-api-key",
    "x-org-api-key",
    "x-user-api-key",
    "x-org-id",
    "x-project-id",
    "authorization",
];

/// Which credential an operation needs. A request carries exactly that one credential header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Credential {
    /// The project API key (`x-api-key` or `Authorization: Bearer`).
    Project,
    /// The organization API key (`x-org-api-key`).
    Org,
    /// A user API key (`x-user-api-key`, with `x-org-id` and `x-project-id` when the client has a scope).
    User,
    /// Either: the project key when the client holds one, else the user key.
    ProjectOrUser,
    /// No credential at all.
    None,
}

/// The project a user key acts on: `x-org-id` and `x-project-id`, given together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserScope {
    pub org_id: String,
    pub project_id: String,
}

/// The key a request carries, and which credential it is.
pub(crate) struct SentKey {
    pub credential: Credential,
    pub key: ApiKey,
}

/// One credential of a client: its key or provider, and the key the provider gave last (kept for scrubbing).
#[derive(Default)]
struct Slot {
    source: Option<KeySource>,
    last_provided: Option<ApiKey>,
}

/// The keys of a client and its clones.
#[derive(Default)]
pub(crate) struct Keys {
    project: RwLock<Slot>,
    org: RwLock<Slot>,
    user: RwLock<Slot>,
    pub scope: Option<UserScope>,
}

const HELD: [Credential; 3] = [Credential::Project, Credential::Org, Credential::User];

impl Keys {
    pub fn new(
        project: Option<KeySource>,
        org: Option<KeySource>,
        user: Option<KeySource>,
        scope: Option<UserScope>,
    ) -> Self {
        let slot = |source| {
            RwLock::new(Slot {
                source,
                last_provided: None,
            })
        };
        Self {
            project: slot(project),
            org: slot(org),
            user: slot(user),
            scope,
        }
    }

    fn slot(&self, credential: Credential) -> Option<&RwLock<Slot>> {
        match credential {
            Credential::Project => Some(&self.project),
            Credential::Org => Some(&self.org),
            Credential::User => Some(&self.user),
            Credential::ProjectOrUser | Credential::None => None,
        }
    }

    /// The key or provider held for a credential.
    pub fn source(&self, credential: Credential) -> Option<KeySource> {
        let slot = self.slot(credential)?;
        slot.read()
            .unwrap_or_else(|e| e.into_inner())
            .source
            .clone()
    }

    pub fn has(&self, credential: Credential) -> bool {
        self.source(credential).is_some()
    }

    /// Replaces one key (or provider), for every clone of the client, for calls that start afterwards.
    pub fn set(&self, credential: Credential, source: KeySource) {
        if let Some(slot) = self.slot(credential) {
            slot.write().unwrap_or_else(|e| e.into_inner()).source = Some(source);
        }
    }

    /// The key to send now: the fixed one, or what the provider gives (within `limit`).
    pub(crate) async fn resolve(
        &self,
        credential: Credential,
        limit: Duration,
    ) -> Result<Option<ApiKey>> {
        let provider = match self.source(credential) {
            None => return Ok(None),
            Some(KeySource::Fixed(key)) => return Ok(Some(key)),
            Some(KeySource::Provider(provider)) => provider,
        };
        let key = provider.key(option_name(credential), limit).await?;
        if let Some(slot) = self.slot(credential) {
            slot.write()
                .unwrap_or_else(|e| e.into_inner())
                .last_provided = Some(key.clone());
        }
        Ok(Some(key))
    }

    /// Every key held or last provided, for scrubbing server text before it reaches a message.
    pub fn known(&self) -> Vec<ApiKey> {
        let mut keys = Vec::new();
        for slot in HELD.into_iter().filter_map(|c| self.slot(c)) {
            let slot = slot.read().unwrap_or_else(|e| e.into_inner());
            if let Some(KeySource::Fixed(key)) = &slot.source {
                keys.push(key.clone());
            }
            keys.extend(slot.last_provided.clone());
        }
        keys
    }

    /// How `Debug` shows a credential: the masked key, `provider`, or nothing.
    pub fn describe(&self, credential: Credential) -> Option<String> {
        self.source(credential).map(|source| match source {
            KeySource::Fixed(key) => key.masked(),
            KeySource::Provider(_) => "provider".to_string(),
        })
    }
}

/// The client option that holds a credential, as messages name it.
fn option_name(credential: Credential) -> &'static str {
    match credential {
        Credential::Org => "org_api_key",
        Credential::User => "user_api_key",
        _ => "api_key",
    }
}

/// The key an operation needs for `url`, checked before anything is sent: present, and not about to travel over
/// plain http to anything but a loopback host. `ProjectOrUser` is the project key when the client holds one. A
/// provider is asked here, once per call, within `limit`.
pub(crate) async fn key_for(
    keys: &Keys,
    operation: &str,
    credential: Credential,
    url: &Url,
    limit: Duration,
) -> Result<Option<SentKey>> {
    let either = credential == Credential::ProjectOrUser;
    let credential = match credential {
        Credential::None => return Ok(None),
        Credential::ProjectOrUser if !keys.has(Credential::Project) => Credential::User,
        Credential::ProjectOrUser => Credential::Project,
        credential => credential,
    };
    if !keys.has(credential) {
        return Err(missing_key(operation, credential, either));
    }
    if url.scheme() == "http" && !is_loopback(url) {
        return Err(Error::configuration(format!(
            "refusing to send a credential over plain http to {}; use https (plain http is allowed only for loopback hosts)",
            url.host_str().unwrap_or("?")
        )));
    }
    let Some(key) = keys.resolve(credential, limit).await? else {
        return Err(missing_key(operation, credential, either));
    };
    Ok(Some(SentKey { credential, key }))
}

/// The headers of a request's one credential: the key, and the user key's scope when it has one.
pub(crate) fn headers(
    sent: &SentKey,
    scheme: AuthScheme,
    scope: Option<&UserScope>,
) -> Vec<(HeaderName, HeaderValue)> {
    let key = sent.key.expose();
    let mut out = match (sent.credential, scheme) {
        (Credential::Org, _) => vec![("x-org-api-key", key.to_string())],
        (Credential::User, _) => vec![("x-user-api-key", key.to_string())],
        (_, AuthScheme::Bearer) => vec![("authorization", format!("Bearer {key}"))],
        (_, AuthScheme::ApiKeyHeader) => vec![("x-api-key", key.to_string())],
    };
    if let (Credential::User, Some(scope)) = (sent.credential, scope) {
        out.push(("x-org-id", scope.org_id.clone()));
        out.push(("x-project-id", scope.project_id.clone()));
    }
    out.into_iter()
        .map(|(name, text)| {
            // Keys and ids are validated to be visible ASCII, so this cannot fail; keep it total anyway.
            let mut value =
                HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""));
            value.set_sensitive(true);
            (HeaderName::from_static(name), value)
        })
        .collect()
}

fn missing_key(operation: &str, credential: Credential, either: bool) -> Error {
    let (what, var) = match credential {
        Credential::Org => ("an organization API key", ENV_ORG_API_KEY),
        Credential::User if either => (
            "a project API key or a user API key",
            "COMPOSIO_API_KEY or COMPOSIO_USER_API_KEY",
        ),
        Credential::User => ("a user API key", ENV_USER_API_KEY),
        _ => ("a project API key", ENV_API_KEY),
    };
    Error::configuration(format!(
        "{operation} needs {what}: pass it to the client or set {var}"
    ))
}

/// True for hosts where plain http cannot be observed by anyone else: localhost and loopback addresses.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
