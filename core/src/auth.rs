//! Credentials: which one an operation needs, the keys a client holds (rotatable, shared by its clones), the
//! one header a request carries, and the rule that a key never travels over plain http except to loopback.

use std::sync::RwLock;

use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::config::{AuthScheme, ENV_API_KEY, ENV_ORG_API_KEY, ENV_USER_API_KEY};
use crate::error::{Error, Result};
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

/// The keys of a client and its clones.
#[derive(Default)]
pub(crate) struct Keys {
    project: RwLock<Option<ApiKey>>,
    org: RwLock<Option<ApiKey>>,
    user: RwLock<Option<ApiKey>>,
    pub scope: Option<UserScope>,
}

impl Keys {
    pub fn new(
        project: Option<ApiKey>,
        org: Option<ApiKey>,
        user: Option<ApiKey>,
        scope: Option<UserScope>,
    ) -> Self {
        Self {
            project: RwLock::new(project),
            org: RwLock::new(org),
            user: RwLock::new(user),
            scope,
        }
    }

    fn slot(&self, credential: Credential) -> Option<&RwLock<Option<ApiKey>>> {
        match credential {
            Credential::Project => Some(&self.project),
            Credential::Org => Some(&self.org),
            Credential::User => Some(&self.user),
            Credential::ProjectOrUser | Credential::None => None,
        }
    }

    pub fn get(&self, credential: Credential) -> Option<ApiKey> {
        let slot = self.slot(credential)?;
        slot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces one key, for every clone of the client, for calls that start afterwards.
    pub fn set(&self, credential: Credential, key: ApiKey) {
        if let Some(slot) = self.slot(credential) {
            *slot.write().unwrap_or_else(|e| e.into_inner()) = Some(key);
        }
    }

    /// Every key held, for scrubbing server text before it reaches a message.
    pub fn known(&self) -> Vec<ApiKey> {
        [Credential::Project, Credential::Org, Credential::User]
            .into_iter()
            .filter_map(|c| self.get(c))
            .collect()
    }
}

/// The key an operation needs for `url`, checked before anything is sent: present, and not about to travel over
/// plain http to anything but a loopback host. `ProjectOrUser` is the project key when the client holds one.
pub(crate) fn key_for(
    keys: &Keys,
    operation: &str,
    credential: Credential,
    url: &Url,
) -> Result<Option<SentKey>> {
    let either = credential == Credential::ProjectOrUser;
    let credential = match credential {
        Credential::None => return Ok(None),
        Credential::ProjectOrUser if keys.get(Credential::Project).is_none() => Credential::User,
        Credential::ProjectOrUser => Credential::Project,
        credential => credential,
    };
    let Some(key) = keys.get(credential) else {
        return Err(missing_key(operation, credential, either));
    };
    if url.scheme() == "http" && !is_loopback(url) {
        return Err(Error::configuration(format!(
            "refusing to send a credential over plain http to {}; use https (plain http is allowed only for loopback hosts)",
            url.host_str().unwrap_or("?")
        )));
    }
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
