//! The agent layer: a user's tools in a model API's format, and the running of the calls the model makes.
//!
//! ```no_run
//! # async fn demo(client: composio::Client, response: serde_json::Value) -> composio::Result<()> {
//! use composio::agent::{Format, ToolsetOptions};
//! let toolset = client.toolset(ToolsetOptions {
//!     user_id: "user-42".into(),
//!     toolkits: vec!["github".into()],
//!     format: Format::OpenAi,
//!     ..Default::default()
//! }).await?;
//! // hand `toolset.definitions()` to the model as its tools; then, with the model's response:
//! let messages = toolset.handle(&response).await?; // append these and call the model again
//! # Ok(()) }
//! ```

mod calls;
mod fetch;
mod files;
mod format;
mod gemini;
mod hooks;
mod names;
mod options;
mod run;
mod strict;
mod toolset;

pub use crate::file_options::{FileMode, FileOptions};
pub use calls::{extract as extract_calls, outputs, Arguments, CallResult, ToolCall};
pub use format::{definition, tool_definition, Format, ToolSpec};
pub use gemini::gemini as gemini_schema;
pub use hooks::{hook, CustomTool, Hook, HookResult, Modifier, ModifierKind, ToolFilter, ToolInfo};
pub use names::{provider_name, MAX_NAME_LEN};
pub use options::{ToolsetOptions, DEFAULT_MAX_CONCURRENCY};
pub use strict::strict as strict_schema;
pub use toolset::Toolset;
