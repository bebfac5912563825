//! A key given as an object of the app's (`ApiKeyProvider`): called on a thread of its own once per call, so a
//! rotated key is used from the next call on. What it throws fails that call with a configuration error.

use std::sync::Arc;

use composio::{Credential, KeyProvider};

use crate::client::Composio;

/// Gives the key to send; called once per call, within the call's timeout.
#[uniffi::export(with_foreign)]
pub trait ApiKeyProvider: Send + Sync {
    fn api_key(&self) -> Result<String, ApiKeyProviderError>;
}

/// What a provider throws when it has no key; any other exception is reported the same way.
#[derive(Debug, uniffi::Error)]
pub enum ApiKeyProviderError {
    Failed { reason: String },
}

impl std::fmt::Display for ApiKeyProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Failed { reason } => f.write_str(reason),
        }
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ApiKeyProviderError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

pub(crate) fn provider(app: Arc<dyn ApiKeyProvider>) -> KeyProvider {
    // Run on a thread of its own: the provider may block (a call to a secrets manager).
    KeyProvider::blocking(move || app.api_key().map_err(|e| e.to_string()))
}

#[uniffi::export]
impl Composio {
    /// Makes `provider` the source of a credential's key (project, org or user), asked once per call from now on.
    pub fn set_key_provider(&self, credential: Credential, provider: Arc<dyn ApiKeyProvider>) {
        self.client
            .set_key_provider(credential, self::provider(provider));
    }
}
