//! What Node's sessions need from the core beyond the operations: the session options' shorthands read as the
//! API takes them, and the headers an MCP client sends to a session's URL.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::IntoNapi;
use crate::{calls, parse_args, NativeClient};

/// A session's options as JSON text (`toolkits` as a list, `manage_connections` as a boolean, ...), in the API's
/// shapes.
#[napi]
pub fn session_config(config: String) -> Result<String> {
    let config = parse_args(&config)
        .and_then(composio::session::session_config)
        .into_napi()?;
    Ok(config.to_string())
}

#[napi]
impl NativeClient {
    /// `{header: value}` as JSON text for an MCP client of a session (the project key, from its provider when
    /// it has one).
    #[napi]
    pub async fn mcp_headers(&self) -> Result<String> {
        let client = self.client.clone();
        let headers = calls::run(0, async move { client.mcp_headers().await }).await?;
        Ok(serde_json::Value::from_iter(
            headers
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v))),
        )
        .to_string())
    }
}
