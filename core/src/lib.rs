//! `composio`: the Rust core of composio-rs, a client for the Composio platform API.
//!
//! ```no_run
//! # async fn demo() -> composio::Result<()> {
//! let client = composio::Client::from_env()?;
//! let page = client.tools().list(&composio::ToolListParams {
//!     toolkit_slug: Some("github".into()),
//!     limit: Some(5),
//!     ..Default::default()
//! }).await?;
//! for tool in page.items {
//!     println!("{} — {}", tool.slug, tool.name);
//! }
//! # Ok(()) }
//! ```

pub mod agent;
mod auth;
pub mod blocking;
mod checks;
mod client;
mod config;
pub mod decode;
pub mod dynamic;
mod error;
#[cfg(feature = "uniffi")]
pub mod ffi;
mod file_options;
mod generated;
mod key_provider;
pub mod models;
mod pagination;
pub mod realtime;
mod resources;
mod retry;
pub mod runtime;
mod secret;
pub mod session;
mod tls;
mod transport;
mod versions;
pub mod webhooks;

pub use auth::Credential;
pub use client::Client;
pub use config::{
    AuthScheme, CallSettings, ClientOptions, DurationUnit, OptionOverrides, OptionSpelling,
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ENV_API_KEY,
    ENV_BASE_URL, ENV_ORG_API_KEY,
};
pub use error::{Error, ErrorKind, Result};
pub use generated::options::KEY_OPTIONS;
pub use key_provider::{KeyProvider, KeyProviders, KeySource};
pub use models::*;
pub use pagination::Pager;
pub use resources::*;
pub use secret::{mask, ApiKey};
pub use session::{Session, SessionFiles, SessionMcp, Sessions};
pub use versions::ToolkitVersions;
pub use webhooks::{verify_webhook, TriggerMetadata, WebhookEvent};

// uniffi's scaffolding must sit at the crate root.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("composio");
#[cfg(feature = "uniffi")]
pub use ffi::{JsonObject, JsonValue};
