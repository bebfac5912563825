//! Credentials: which one an operation needs, the keys a client holds (rotatable, shared by its clones), the
//! one header a request carries, and the rule that a key never travels over plain http except to loopback.

use std::sync::RwLock;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use url::Url;

use crate::config::{AuthScheme, ENV_API_KEY, ENV_ORG_API_KEY};
use crate::error::{Error, Result};
use crate::secret::ApiKey;

/// Header names that carry a credential: never accepted as default headers.
pub(crate) const CREDENTIAL_HEADERS: [&str; 3] = ["x-api-key", "x-org-api-key", "authorization"];

/// Which credential an operation needs. A request carries exactly that one credential header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Credential {
    /// The project API key (`x-api-key` or `Authorization: Bearer`).
    Project,
    /// The organization API key (`x-org-api-key`).
    Org,
    /// No credential at all.
    None,
}

/// The keys of a client and its clones.
#[derive(Default)]
pub(crate) struct Keys {
    project: RwLock<Option<ApiKey>>,
    org: RwLock<Option<ApiKey>>,
}

impl Keys {
    pub fn new(project: Option<ApiKey>, org: Option<ApiKey>) -> Self {
        Self {
            project: RwLock::new(project),
            org: RwLock::new(org),
        }
    }

    fn slot(&self, credential: Credential) -> Option<&RwLock<Option<ApiKey>>> {
        match credential {
            Credential::Project => Some(&self.project),
            Credential::Org => Some(&self.org),
            Credential::None => None,
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
        [Credential::Project, Credential::Org]
            .into_iter()
            .filter_map(|c| self.get(c))
            .collect()
    }
}

/// The key an operation needs for `url`, checked before anything is sent: present, and not about to travel over
/// plain http to anything but a loopback host.
pub(crate) fn key_for(
    keys: &Keys,
    operation: &str,
    credential: Credential,
    url: &Url,
) -> Result<Option<ApiKey>> {
    let key = match credential {
        Credential::None => return Ok(None),
        credential => keys
            .get(credential)
            .ok_or_else(|| missing_key(operation, credential))?,
    };
    if url.scheme() == "http" && !is_loopback(url) {
        return Err(Error::configuration(format!(
            "refusing to send a credential over plain http to {}; use https (plain http is allowed only for loopback hosts)",
            url.host_str().unwrap_or("?")
        )));
    }
    Ok(Some(key))
}

/// The one credential header of a request.
pub(crate) fn header(
    credential: Credential,
    scheme: AuthScheme,
    key: &ApiKey,
) -> (HeaderName, HeaderValue) {
    let (name, text) = match (credential, scheme) {
        (Credential::Org, _) => (
            "x-org-api-key".parse().expect("static header name"),
            key.expose().to_string(),
        ),
        (_, AuthScheme::Bearer) => (AUTHORIZATION, format!("Bearer {}", key.expose())),
        (_, AuthScheme::ApiKeyHeader) => (
            "x-api-key".parse().expect("static header name"),
            key.expose().to_string(),
        ),
    };
    // Keys are validated to be visible ASCII-free of controls, so this cannot fail; keep it total anyway.
    let mut value = HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""));
    value.set_sensitive(true);
    (name, value)
}

fn missing_key(operation: &str, credential: Credential) -> Error {
    let (what, var) = match credential {
        Credential::Org => ("an organization API key", ENV_ORG_API_KEY),
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
