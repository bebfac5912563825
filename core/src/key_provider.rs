//! Keys asked for on every call: a function (a secrets manager's rotating key) instead of a fixed string.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::secret::ApiKey;

type KeyFuture = Pin<Box<dyn Future<Output = std::result::Result<String, String>> + Send>>;

/// A function that gives the key to send, called once per call (its retries reuse the key). It answers the key or
/// a message saying why it has none; either way within the client's timeout. `Debug` shows no key.
#[derive(Clone)]
pub struct KeyProvider(Arc<dyn Fn() -> KeyFuture + Send + Sync>);

impl KeyProvider {
    /// A provider whose answer may take a while (an HTTP call to a secrets manager).
    pub fn new<F, Fut>(provide: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<String, String>> + Send + 'static,
    {
        Self(Arc::new(move || Box::pin(provide())))
    }

    /// A provider that blocks while it works (an app's function in another language): run on a thread of its
    /// own, never on the runtime's workers.
    pub fn blocking<F>(provide: F) -> Self
    where
        F: Fn() -> std::result::Result<String, String> + Send + Sync + 'static,
    {
        let provide = Arc::new(provide);
        Self::new(move || {
            let provide = provide.clone();
            crate::runtime::on_own_thread(move || provide())
        })
    }

    /// The key it gives now, checked like any key; `what` names the option (`api_key`) in messages.
    pub(crate) async fn key(&self, what: &str, limit: Duration) -> Result<ApiKey> {
        let answer = tokio::time::timeout(limit, (self.0)()).await.map_err(|_| {
            Error::configuration(format!(
                "the {what} provider gave no key within {} ms",
                limit.as_millis()
            ))
        })?;
        let key = answer.map_err(|reason| {
            Error::configuration(format!("the {what} provider failed: {reason}"))
        })?;
        ApiKey::new(key, &format!("the key the {what} provider gave"))
    }
}

impl fmt::Debug for KeyProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyProvider(..)")
    }
}

impl PartialEq for KeyProvider {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A credential as a client holds it: a fixed key, or a provider asked on every call.
#[derive(Debug, Clone, PartialEq)]
pub enum KeySource {
    Fixed(ApiKey),
    Provider(KeyProvider),
}

/// The providers of a client's options, one per credential; a provider replaces that credential's key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyProviders {
    pub api_key: Option<KeyProvider>,
    pub org_api_key: Option<KeyProvider>,
    pub user_api_key: Option<KeyProvider>,
}
