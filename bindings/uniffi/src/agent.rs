//! The agent layer for Kotlin and Swift: `client.toolset(ToolsetParams(...))` → a `Toolset` whose definitions,
//! model responses and results cross as JSON text. Modifiers and custom tools are objects implementing
//! `ToolCallback`; each callback runs on a thread of its own, and whatever it throws fails only its call.

use std::sync::Arc;
use std::time::Duration;

use composio::agent::{
    Arguments, CustomTool, FileMode, FileOptions, Format, Hook, Modifier, ModifierKind, ToolFilter,
    ToolInfo, ToolsetOptions,
};
use composio::runtime::{block_on_shared, run_on_shared};
use serde_json::Value;

use crate::client::Composio;
use crate::error::{invalid_argument, ComposioError};

/// A function of the app's, called with a tool's slug and toolkit and a JSON value, returning JSON text:
/// for a modifier, the changed tool, request or result; for a custom tool, its result.
#[uniffi::export(with_foreign)]
pub trait ToolCallback: Send + Sync {
    fn call(
        &self,
        tool_slug: String,
        toolkit: Option<String>,
        value_json: String,
    ) -> Result<String, ToolCallbackError>;
}

/// What a callback throws to fail its call; any other exception is reported the same way.
#[derive(Debug, uniffi::Error)]
pub enum ToolCallbackError {
    Failed { reason: String },
}

impl std::fmt::Display for ToolCallbackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Failed { reason } => f.write_str(reason),
        }
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ToolCallbackError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ToolModifierKind {
    /// While the toolset is built: the tool (`description`, `input_parameters`, …) in and out.
    Schema,
    /// Before a call: `{arguments, user_id, connected_account_id}` in and out.
    BeforeExecute,
    /// After a call: `{successful, data, error}` in and out.
    AfterExecute,
}

#[derive(uniffi::Record)]
pub struct ToolModifier {
    pub kind: ToolModifierKind,
    /// Tool slugs it applies to (with `toolkits` empty too: every tool).
    #[uniffi(default)]
    pub tools: Vec<String>,
    #[uniffi(default)]
    pub toolkits: Vec<String>,
    pub callback: Arc<dyn ToolCallback>,
}

/// A local tool: `callback` gets `{arguments, user_id, connected_account_id, account}` and returns its result.
#[derive(uniffi::Record)]
pub struct ToolsetCustomTool {
    pub slug: String,
    #[uniffi(default)]
    pub description: String,
    /// JSON Schema of the arguments, as JSON text.
    pub input_schema_json: String,
    #[uniffi(default)]
    pub toolkit: Option<String>,
    pub callback: Arc<dyn ToolCallback>,
}

/// The options of `toolset`; see the README's agent section.
#[derive(uniffi::Record)]
pub struct ToolsetParams {
    pub user_id: String,
    #[uniffi(default)]
    pub toolkits: Vec<String>,
    #[uniffi(default)]
    pub tools: Vec<String>,
    #[uniffi(default)]
    pub search: Option<String>,
    #[uniffi(default)]
    pub tags: Vec<String>,
    #[uniffi(default)]
    pub scopes: Vec<String>,
    #[uniffi(default)]
    pub limit: Option<u32>,
    /// `openai`, `openai_responses`, `anthropic`, `gemini` or `mcp`.
    #[uniffi(default = "openai")]
    pub format: String,
    #[uniffi(default = false)]
    pub strict: bool,
    #[uniffi(default)]
    pub connected_account_id: Option<String>,
    #[uniffi(default)]
    pub max_concurrency: Option<u32>,
    /// How long one call may take (default: the client's timeout).
    #[uniffi(default)]
    pub timeout: Option<Duration>,
    #[uniffi(default)]
    pub modifiers: Vec<ToolModifier>,
    #[uniffi(default)]
    pub custom_tools: Vec<ToolsetCustomTool>,
    /// `auto`: file inputs take local paths inside `upload_dirs`, file outputs are saved into `download_dir`
    /// (default: the client's `withFiles`, else `off`).
    #[uniffi(default)]
    pub files: Option<String>,
    #[uniffi(default)]
    pub upload_dirs: Option<Vec<String>>,
    #[uniffi(default)]
    pub download_dir: Option<String>,
}

/// How a client's toolsets move files (`Composio.withFiles`): with `files` `auto`, a `file_uploadable` input
/// takes a local path inside one of `upload_dirs` (any other is refused in the call's result) and a
/// `file_downloadable` output is saved into `download_dir` (default: `composio-downloads` in the temporary
/// directory).
#[derive(uniffi::Record)]
pub struct FileSettings {
    #[uniffi(default = "auto")]
    pub files: String,
    #[uniffi(default)]
    pub upload_dirs: Vec<String>,
    #[uniffi(default)]
    pub download_dir: Option<String>,
}

impl FileSettings {
    pub(crate) fn into_options(self) -> Result<FileOptions, ComposioError> {
        Ok(FileOptions {
            mode: FileMode::parse(&self.files)?,
            upload_dirs: self.upload_dirs.into_iter().map(Into::into).collect(),
            download_dir: self.download_dir.map(Into::into),
        })
    }
}

/// A tool of a toolset: its slug, toolkit, and the name the model sees.
#[derive(uniffi::Record)]
pub struct ToolsetTool {
    pub slug: String,
    pub toolkit: Option<String>,
    pub name: String,
}

fn foreign_hook(callback: Arc<dyn ToolCallback>) -> Hook {
    Arc::new(move |info: ToolInfo, value: Value| {
        let callback = callback.clone();
        Box::pin(composio::runtime::on_own_thread(move || {
            callback
                .call(info.slug, info.toolkit, value.to_string())
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    serde_json::from_str::<Value>(&text)
                        .map_err(|e| format!("the callback returned text that is not JSON: {e}"))
                })
        }))
    })
}

impl ToolsetParams {
    pub(crate) fn into_options(self) -> Result<ToolsetOptions, ComposioError> {
        let mut custom_tools = Vec::with_capacity(self.custom_tools.len());
        for t in self.custom_tools {
            let input_schema = serde_json::from_str(&t.input_schema_json).map_err(|e| {
                invalid_argument(format!(
                    "the input schema of custom tool {} is not JSON: {e}",
                    t.slug
                ))
            })?;
            custom_tools.push(CustomTool {
                slug: t.slug,
                description: t.description,
                input_schema,
                toolkit: t.toolkit,
                run: foreign_hook(t.callback),
            });
        }
        let modifiers = self
            .modifiers
            .into_iter()
            .map(|m| Modifier {
                kind: match m.kind {
                    ToolModifierKind::Schema => ModifierKind::Schema,
                    ToolModifierKind::BeforeExecute => ModifierKind::BeforeExecute,
                    ToolModifierKind::AfterExecute => ModifierKind::AfterExecute,
                },
                filter: ToolFilter {
                    tools: m.tools,
                    toolkits: m.toolkits,
                },
                hook: foreign_hook(m.callback),
            })
            .collect();
        Ok(ToolsetOptions {
            user_id: self.user_id,
            session_id: None,
            toolkits: self.toolkits,
            tools: self.tools,
            search: self.search,
            tags: self.tags,
            scopes: self.scopes,
            limit: self.limit.map(|l| l as usize),
            format: Format::parse(&self.format)?,
            strict: self.strict,
            connected_account_id: self.connected_account_id,
            max_concurrency: self.max_concurrency.map(|c| c as usize),
            timeout: self.timeout,
            files: self.files.as_deref().map(FileMode::parse).transpose()?,
            upload_dirs: self
                .upload_dirs
                .map(|dirs| dirs.into_iter().map(Into::into).collect()),
            download_dir: self.download_dir.map(Into::into),
            modifiers,
            custom_tools,
        })
    }
}

/// One user's tools in one format.
#[derive(uniffi::Object)]
pub struct Toolset {
    inner: composio::agent::Toolset,
}

impl From<composio::agent::Toolset> for Toolset {
    fn from(inner: composio::agent::Toolset) -> Self {
        Self { inner }
    }
}

fn text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

#[uniffi::export]
impl Toolset {
    /// The definitions to hand the model, as a JSON array.
    pub fn definitions_json(&self) -> String {
        text(&self.inner.definitions())
    }

    /// Every tool as frameworks that take JSON Schema want it: a JSON array of
    /// `{name, description, parameters, strict}`.
    pub fn json_schemas_json(&self) -> String {
        text(&self.inner.json_schemas())
    }

    pub fn tools(&self) -> Vec<ToolsetTool> {
        self.inner
            .tools()
            .map(|t| ToolsetTool {
                slug: t.slug.clone(),
                toolkit: t.toolkit.clone(),
                name: t.name.clone(),
            })
            .collect()
    }

    pub fn format(&self) -> String {
        self.inner.format().as_str().to_string()
    }

    /// Runs every tool call of a model response (JSON text); returns the messages to append (a JSON array).
    pub async fn handle(&self, response_json: String) -> Result<String, ComposioError> {
        let toolset = self.inner.clone();
        run_on_shared(async move { handle(&toolset, &response_json).await })
            .await
            .map_err(Into::into)
    }

    pub fn handle_blocking(&self, response_json: String) -> Result<String, ComposioError> {
        let toolset = self.inner.clone();
        block_on_shared(async move { handle(&toolset, &response_json).await }).map_err(Into::into)
    }

    /// Runs one call by the name the model sees, with the arguments as the model sent them (JSON text); the
    /// result is `{successful, data, error}` as JSON text, never an error.
    pub async fn execute(&self, name: String, arguments_json: String) -> String {
        let toolset = self.inner.clone();
        run_on_shared(async move {
            Ok(toolset
                .execute(&name, Arguments::Text(arguments_json))
                .await)
        })
        .await
        .map(|r| text(&r.to_json()))
        .unwrap_or_else(|e| text(&composio::agent::CallResult::failed(e.to_string()).to_json()))
    }

    pub fn execute_blocking(&self, name: String, arguments_json: String) -> String {
        let toolset = self.inner.clone();
        block_on_shared(async move {
            Ok(toolset
                .execute(&name, Arguments::Text(arguments_json))
                .await)
        })
        .map(|r| text(&r.to_json()))
        .unwrap_or_else(|e| text(&composio::agent::CallResult::failed(e.to_string()).to_json()))
    }
}

async fn handle(
    toolset: &composio::agent::Toolset,
    response_json: &str,
) -> composio::Result<String> {
    let response: Value = serde_json::from_str(response_json)
        .map_err(|e| composio::Error::configuration(format!("the response is not JSON: {e}")))?;
    Ok(text(&toolset.handle(&response).await?))
}

#[uniffi::export]
impl Composio {
    /// The tools `params` selects, for `params.userId`, in `params.format`: every page of every selection.
    pub async fn toolset(&self, params: ToolsetParams) -> Result<Arc<Toolset>, ComposioError> {
        let options = params.into_options()?;
        let client = self.core().clone();
        let inner = run_on_shared(async move { client.toolset(options).await }).await?;
        Ok(Arc::new(Toolset { inner }))
    }

    pub fn toolset_blocking(&self, params: ToolsetParams) -> Result<Arc<Toolset>, ComposioError> {
        let options = params.into_options()?;
        let client = self.core().clone();
        let inner = block_on_shared(async move { client.toolset(options).await })?;
        Ok(Arc::new(Toolset { inner }))
    }
}

/// A Composio tool (JSON text, as the API returns it) in a model API's format, as JSON text.
#[uniffi::export(default(strict = false))]
pub fn tool_definition(
    tool_json: String,
    format: String,
    strict: bool,
) -> Result<String, ComposioError> {
    let tool: Value = serde_json::from_str(&tool_json)
        .map_err(|e| invalid_argument(format!("the tool is not JSON: {e}")))?;
    let format = Format::parse(&format)?;
    Ok(text(&composio::agent::tool_definition(
        &tool, format, strict,
    )?))
}
