//! The `Composio` object: construction, derived clients, key rotation, the operation groups and
//! the raw request.

use std::collections::HashMap;
use std::sync::Arc;

use composio::runtime::{block_on_shared, run_on_shared};
use composio::{ClientOptions, Credential, RawRequest};

use crate::config::ComposioOverrides;
use crate::error::{invalid_argument, ComposioError};
use crate::options::ComposioConfig;

/// A Composio API client. Cheap to share between threads and coroutines; derived clients
/// (`withApiKey`, `withOptions`) share its connection pool.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Composio {
    pub(crate) client: composio::Client,
}

#[uniffi::export]
impl Composio {
    /// A client from `config`; unset keys and base URL are read from the environment.
    #[uniffi::constructor(default(config = None))]
    pub fn new(config: Option<ComposioConfig>) -> Result<Arc<Self>, ComposioError> {
        Self::build(config.unwrap_or_default().into_options()?)
    }

    /// A client configured entirely from `COMPOSIO_API_KEY`, `COMPOSIO_ORG_API_KEY`, `COMPOSIO_BASE_URL`.
    #[uniffi::constructor]
    pub fn from_env() -> Result<Arc<Self>, ComposioError> {
        Self::build(ComposioConfig::default().into_options()?)
    }

    /// A client for another project (another project key), sharing this client's connections.
    pub fn with_api_key(&self, api_key: String) -> Result<Arc<Self>, ComposioError> {
        Ok(Self::wrap(self.client.with_api_key(&api_key)?))
    }

    /// A client with other timeouts, retries or auth scheme, sharing this client's connections.
    pub fn with_options(&self, overrides: ComposioOverrides) -> Arc<Self> {
        Self::wrap(self.client.with_options(overrides.into()))
    }

    /// The same client whose toolsets move files as `settings` says (each toolset may override it).
    pub fn with_files(
        &self,
        settings: crate::agent::FileSettings,
    ) -> Result<Arc<Self>, ComposioError> {
        Ok(Self::wrap(self.client.with_files(settings.into_options()?)))
    }

    /// Replaces the project key for every later call of this client (key rotation).
    pub fn set_api_key(&self, api_key: String) -> Result<(), ComposioError> {
        Ok(self.client.set_api_key(&api_key)?)
    }

    /// Replaces the user key for every later call of this client.
    pub fn set_user_api_key(&self, user_api_key: String) -> Result<(), ComposioError> {
        Ok(self.client.set_user_api_key(&user_api_key)?)
    }

    /// Replaces the organization key for every later call of this client.
    pub fn set_org_api_key(&self, org_api_key: String) -> Result<(), ComposioError> {
        Ok(self.client.set_org_api_key(&org_api_key)?)
    }

    /// Any endpoint, with the same auth, retries and errors. `body` is JSON text; the result is
    /// the response's JSON text. `credential` defaults to the project key.
    #[uniffi::method(default(query = None, body = None, credential = None))]
    pub async fn request(
        &self,
        method: String,
        path: String,
        query: Option<HashMap<String, String>>,
        body: Option<String>,
        credential: Option<Credential>,
    ) -> Result<String, ComposioError> {
        let (client, request) = (
            self.client.clone(),
            raw(method, path, query, body, credential)?,
        );
        Ok(run_on_shared(async move { client.request(&request).await })
            .await?
            .to_string())
    }

    /// The blocking form of `request`.
    #[uniffi::method(default(query = None, body = None, credential = None))]
    pub fn request_blocking(
        &self,
        method: String,
        path: String,
        query: Option<HashMap<String, String>>,
        body: Option<String>,
        credential: Option<Credential>,
    ) -> Result<String, ComposioError> {
        let (client, request) = (
            self.client.clone(),
            raw(method, path, query, body, credential)?,
        );
        Ok(block_on_shared(async move { client.request(&request).await })?.to_string())
    }
}

impl Composio {
    fn build(options: ClientOptions) -> Result<Arc<Self>, ComposioError> {
        Ok(Self::wrap(composio::Client::new(options)?))
    }

    fn wrap(client: composio::Client) -> Arc<Self> {
        Arc::new(Self { client })
    }

    /// The core client, for the generated operation groups.
    pub(crate) fn core(&self) -> &composio::Client {
        &self.client
    }
}

impl std::fmt::Debug for Composio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.client.fmt(f)
    }
}

fn raw(
    method: String,
    path: String,
    query: Option<HashMap<String, String>>,
    body: Option<String>,
    credential: Option<Credential>,
) -> Result<RawRequest, ComposioError> {
    let body = body
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|e| invalid_argument(format!("request: body is not valid JSON: {e}")))?;
    let mut query: Vec<_> = query.unwrap_or_default().into_iter().collect();
    query.sort();
    Ok(RawRequest {
        method,
        path,
        query,
        body,
        credential: credential.unwrap_or(Credential::Project),
    })
}
