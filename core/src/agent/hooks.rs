//! What a user plugs into a toolset: modifiers (change a tool's schema, a call's request, a call's result) and
//! custom tools (local functions beside Composio's). Each is a function returning a future, so a binding can
//! run a callback of its language however that language runs code (a Python thread, a JS promise, a Kotlin
//! coroutine); a callback's failure is an `Err` with words, never a panic across the boundary.

use std::fmt;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde_json::Value;

/// A callback's outcome: the new value, or what went wrong in words (shown to the model when a call fails).
pub type HookResult = std::result::Result<Value, String>;

/// A callback of a modifier or a custom tool: it gets the tool and a JSON value and returns a JSON value.
pub type Hook = Arc<dyn Fn(ToolInfo, Value) -> BoxFuture<'static, HookResult> + Send + Sync>;

/// The tool a callback is called for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolInfo {
    /// The Composio slug (or the custom tool's slug).
    pub slug: String,
    /// The toolkit's slug, when the tool has one.
    pub toolkit: Option<String>,
    /// The name the model sees (the slug, or its shortened form).
    pub name: String,
}

/// Which tools a modifier applies to: a tool matches when it is named in `tools` or its toolkit is in
/// `toolkits`; with both empty, every tool matches. Slugs compare without regard to case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolFilter {
    pub tools: Vec<String>,
    pub toolkits: Vec<String>,
}

impl ToolFilter {
    pub fn matches(&self, tool: &ToolInfo) -> bool {
        if self.tools.is_empty() && self.toolkits.is_empty() {
            return true;
        }
        self.tools
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&tool.slug))
            || tool.toolkit.as_deref().is_some_and(|toolkit| {
                self.toolkits
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(toolkit))
            })
    }
}

/// When a modifier runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModifierKind {
    /// While the toolset is built: gets the tool (`slug`, `description`, `input_parameters`, …) and returns it
    /// changed; the `description` and `input_parameters` it returns are what the model sees.
    Schema,
    /// Before a call runs: gets `{arguments, user_id, connected_account_id}` and returns it changed.
    BeforeExecute,
    /// After a call ran: gets `{successful, data, error}` and returns it changed (or redacted).
    AfterExecute,
    // In a session's toolset each value also carries `session_id` (read, never sent back).
}

#[derive(Clone)]
pub struct Modifier {
    pub kind: ModifierKind,
    pub filter: ToolFilter,
    pub hook: Hook,
}

impl fmt::Debug for Modifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Modifier")
            .field("kind", &self.kind)
            .field("filter", &self.filter)
            .finish_non_exhaustive()
    }
}

/// A local function offered to the model beside Composio's tools and run by `handle`.
///
/// Its hook gets `{arguments, user_id, connected_account_id, account}` and returns the result: either
/// `{successful, data, error}` (with a boolean `successful`) or any other value, taken whole as `data`. A tool bound to a `toolkit` is run with
/// the user's active connected account of that toolkit (`account` is the account, as `connected_accounts.get`
/// returns it), so it can call the toolkit's API through `tools.proxy`.
#[derive(Clone)]
pub struct CustomTool {
    pub slug: String,
    pub description: String,
    /// JSON Schema of the arguments.
    pub input_schema: Value,
    pub toolkit: Option<String>,
    pub run: Hook,
}

impl fmt::Debug for CustomTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomTool")
            .field("slug", &self.slug)
            .field("toolkit", &self.toolkit)
            .finish_non_exhaustive()
    }
}

/// A hook from a plain closure (for Rust users and tests).
pub fn hook<F, Fut>(f: F) -> Hook
where
    F: Fn(ToolInfo, Value) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = HookResult> + Send + 'static,
{
    Arc::new(move |tool, value| Box::pin(f(tool, value)))
}
