//! Kotlin and Swift binding of composio-rs through uniffi. Thin by design: records and enums of the
//! models come from the core (`composio` with its `uniffi` feature); this crate adds the client
//! object, its operation groups (each operation async and `*Blocking`), pagers and the error enum.

// The error enum is large (every field of the core error, by value: uniffi cannot lower a box),
// and errors are the rare path; boxing it would only move the allocation.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!("composio_client");

mod agent;
mod client;
mod config;
mod error;
mod generated;
mod keys;
mod options;
mod pages;
mod realtime;
mod resources;
mod session;
mod session_files;
mod webhooks;

pub use agent::{tool_definition, Toolset, ToolsetParams};
pub use client::Composio;
pub use config::ComposioOverrides;
pub use error::ComposioError;
pub use generated::*;
pub use options::ComposioConfig;
pub use realtime::TriggerSubscription;
pub use session::{Session, SessionMcp, SessionParams, SessionToolsetParams, Sessions};
pub use session_files::SessionFiles;
pub use webhooks::{operations, verify_webhook, OperationInfo};

// Nested JSON in the core's records crosses as JSON text (custom types defined in the core).
use composio::{JsonObject, JsonValue};
uniffi::use_remote_type!(composio::JsonValue);
uniffi::use_remote_type!(composio::JsonObject);
