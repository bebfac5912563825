//! A toolset: one user's tools in one format, and the running of the calls a model makes with them.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use serde_json::{json, Value};

use super::calls::{self, Arguments, CallResult, ToolCall};
use super::files::{marks, Files};
use super::format::{definition, json_schema_tool, Format, ToolSpec};
use super::hooks::{Hook, Modifier, ModifierKind, ToolInfo};
use super::names::provider_name;
use super::options::ToolsetOptions;
use super::{fetch, run};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::file_options::FileOptions;

/// One user's tools in one format. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Toolset {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    format: Format,
    strict: bool,
    user_id: String,
    connected_account_id: Option<String>,
    session_id: Option<String>,
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
    definitions: Vec<Value>,
    /// Built on first use: most toolsets never feed a framework.
    schemas: std::sync::OnceLock<Vec<Value>>,
    modifiers: Vec<Modifier>,
    concurrency: usize,
    timeout: Duration,
    files: Option<Files>,
}

pub(crate) struct Entry {
    pub info: ToolInfo,
    /// The input schema the model was given, before strict mode (to undo what strict mode adds).
    pub schema: Value,
    /// The local function of a custom tool; `None` for Composio's tools.
    pub custom: Option<Hook>,
    /// The description the model sees (after schema modifiers).
    pub description: String,
    /// Whether the input schema marks a `file_uploadable` property, and the output a `file_downloadable` one.
    pub uploads: bool,
    pub downloads: bool,
}

impl Client {
    /// The tools `options` selects, for `options.user_id`, in `options.format`: every page of every selection.
    pub async fn toolset(&self, options: ToolsetOptions) -> Result<Toolset> {
        Toolset::build(self, options).await
    }
}

impl Toolset {
    async fn build(client: &Client, options: ToolsetOptions) -> Result<Self> {
        options.validate()?;
        let files = FileOptions::merged(
            client.files.as_deref(),
            options.files,
            options.upload_dirs.as_ref(),
            options.download_dir.as_ref(),
        )?
        .resolve()?;
        let fetched = fetch::fetch(client, &options).await?;
        let mut specs: Vec<(ToolSpec, Value, Option<Hook>)> = Vec::new();
        let mut downloads = std::collections::HashSet::new();
        for tool in fetched {
            let spec = ToolSpec {
                slug: tool.slug.clone(),
                description: tool.description.clone(),
                toolkit: Some(tool.toolkit.slug.clone()),
                input_schema: tool.input_parameters.clone(),
                tags: tool.tags.clone(),
            };
            if marks(&tool.output_parameters, "file_downloadable") {
                downloads.insert(tool.slug.clone());
            }
            let mut as_json = serde_json::to_value(&tool).unwrap_or(Value::Null);
            if let (Some(id), Some(map)) = (&options.session_id, as_json.as_object_mut()) {
                // Schema modifiers of a session's tools see which session they are shaping.
                map.insert("session_id".into(), json!(id));
            }
            specs.push((spec, as_json, None));
        }
        for custom in &options.custom_tools {
            if specs
                .iter()
                .any(|(s, _, _)| s.slug.eq_ignore_ascii_case(&custom.slug))
            {
                return Err(Error::configuration(format!(
                    "the custom tool {} has the slug of a Composio tool in this toolset",
                    custom.slug
                )));
            }
            let spec = ToolSpec {
                slug: custom.slug.clone(),
                description: custom.description.clone(),
                toolkit: custom.toolkit.as_ref().map(|t| t.to_lowercase()),
                input_schema: custom.input_schema.clone(),
                tags: vec![],
            };
            let mut as_json = json!({"slug": spec.slug, "name": spec.slug, "description": spec.description,
                                 "toolkit": {"slug": spec.toolkit}, "input_parameters": spec.input_schema});
            if let Some(id) = &options.session_id {
                as_json["session_id"] = json!(id);
            }
            specs.push((spec, as_json, Some(custom.run.clone())));
        }

        let mut entries = Vec::with_capacity(specs.len());
        let mut definitions = Vec::with_capacity(specs.len());
        let mut by_name = HashMap::with_capacity(specs.len());
        for (mut spec, as_json, custom) in specs {
            let info = ToolInfo {
                name: provider_name(&spec.slug),
                slug: spec.slug.clone(),
                toolkit: spec.toolkit.clone(),
            };
            apply_schema_modifiers(&options.modifiers, &info, &mut spec, as_json).await?;
            definitions.push(definition(
                options.format,
                &info.name,
                &spec,
                options.strict,
            ));
            by_name.insert(info.name.clone(), entries.len());
            let composio = custom.is_none();
            entries.push(Entry {
                description: spec.description,
                uploads: composio && marks(&spec.input_schema, "file_uploadable"),
                downloads: composio && downloads.contains(&spec.slug),
                info,
                schema: spec.input_schema,
                custom,
            });
        }
        Ok(Self {
            inner: Arc::new(Inner {
                client: client.clone(),
                format: options.format,
                strict: options.strict,
                concurrency: options.concurrency(),
                timeout: options.timeout.unwrap_or(client.settings().timeout),
                user_id: options.user_id,
                connected_account_id: options.connected_account_id,
                session_id: options.session_id,
                modifiers: options.modifiers,
                entries,
                by_name,
                definitions,
                schemas: Default::default(),
                files,
            }),
        })
    }

    /// The tool definitions to hand the model, in the toolset's format.
    pub fn definitions(&self) -> &[Value] {
        &self.inner.definitions
    }

    /// Each tool as frameworks that take JSON Schema want it, in the order of `definitions`:
    /// `{name, description, parameters, strict}` (strict parameters when the toolset is strict).
    pub fn json_schemas(&self) -> &[Value] {
        self.inner.schemas.get_or_init(|| {
            let inner = &self.inner;
            inner
                .entries
                .iter()
                .map(|e| json_schema_tool(&e.info.name, &e.description, &e.schema, inner.strict))
                .collect()
        })
    }

    pub fn format(&self) -> Format {
        self.inner.format
    }

    pub fn user_id(&self) -> &str {
        &self.inner.user_id
    }

    /// The tool router session the calls run in, for a session's toolset.
    pub fn session_id(&self) -> Option<&str> {
        self.inner.session_id.as_deref()
    }

    /// Every tool of the toolset (slug, toolkit, and the name the model sees).
    pub fn tools(&self) -> impl Iterator<Item = &ToolInfo> {
        self.inner.entries.iter().map(|e| &e.info)
    }

    /// Runs every tool call of a model's response (a whole response, a message, or a list of calls) and
    /// returns what to append to the conversation. Calls run concurrently (at most `max_concurrency` at once)
    /// and are never retried once sent; a call that fails says why in its result. Only a response that is
    /// not of the toolset's format is an error.
    pub async fn handle(&self, response: &Value) -> Result<Vec<Value>> {
        let calls = calls::extract(self.inner.format, response)?;
        let done: Vec<(ToolCall, CallResult)> = futures_util::stream::iter(calls)
            .map(|call| async move {
                let result = self.run(&call.name, call.arguments.clone()).await;
                (call, result)
            })
            .buffered(self.inner.concurrency)
            .collect()
            .await;
        Ok(calls::outputs(self.inner.format, &done))
    }

    /// Runs one call by the name the model sees, as `handle` runs each: never an error, always a result.
    pub async fn execute(&self, name: &str, arguments: Arguments) -> CallResult {
        self.run(name, arguments).await
    }

    async fn run(&self, name: &str, arguments: Arguments) -> CallResult {
        let Some(entry) = self.entry(name) else {
            return CallResult::failed(self.unknown_tool(name));
        };
        let work = AssertUnwindSafe(run::call(self.context(), entry, arguments)).catch_unwind();
        match tokio::time::timeout(self.inner.timeout, work).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => CallResult::failed(format!(
                "The tool {name} failed inside the client (an internal error); the call may be tried again."
            )),
            Err(_) => CallResult::failed(format!(
                "The tool {name} did not finish within {:.1} s and was stopped.",
                self.inner.timeout.as_secs_f64()
            )),
        }
    }

    fn entry(&self, name: &str) -> Option<&Entry> {
        let index = self.inner.by_name.get(name).copied().or_else(|| {
            // Models sometimes send the slug in another case: accept it when it is unambiguous.
            let mut matches = self.inner.entries.iter().enumerate().filter(|(_, e)| {
                e.info.name.eq_ignore_ascii_case(name) || e.info.slug.eq_ignore_ascii_case(name)
            });
            match (matches.next(), matches.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        })?;
        self.inner.entries.get(index)
    }

    fn unknown_tool(&self, name: &str) -> String {
        const SHOWN: usize = 20;
        let names: Vec<&str> = self
            .inner
            .entries
            .iter()
            .take(SHOWN)
            .map(|e| e.info.name.as_str())
            .collect();
        let more = self.inner.entries.len().saturating_sub(SHOWN);
        let tail = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        format!(
            "There is no tool named {name:?}. Call one of the tools you were given: {}{tail}.",
            names.join(", ")
        )
    }

    fn context(&self) -> run::Context<'_> {
        run::Context {
            client: &self.inner.client,
            strict: self.inner.strict,
            user_id: &self.inner.user_id,
            connected_account_id: self.inner.connected_account_id.as_deref(),
            session_id: self.inner.session_id.as_deref(),
            modifiers: &self.inner.modifiers,
            files: self.inner.files.as_ref(),
        }
    }
}

impl std::fmt::Debug for Toolset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Toolset")
            .field("format", &self.inner.format)
            .field("user_id", &self.inner.user_id)
            .field("session_id", &self.inner.session_id)
            .field("tools", &self.inner.entries.len())
            .finish_non_exhaustive()
    }
}

async fn apply_schema_modifiers(
    modifiers: &[Modifier],
    info: &ToolInfo,
    spec: &mut ToolSpec,
    mut tool: Value,
) -> Result<()> {
    let mut changed = false;
    for modifier in modifiers
        .iter()
        .filter(|m| m.kind == ModifierKind::Schema && m.filter.matches(info))
    {
        tool = (modifier.hook)(info.clone(), tool).await.map_err(|e| {
            Error::configuration(format!("the schema modifier failed for {}: {e}", info.slug))
        })?;
        changed = true;
    }
    if changed {
        if let Some(description) = tool.get("description").and_then(Value::as_str) {
            spec.description = description.to_string();
        }
        match tool.get("input_parameters") {
            Some(schema) if schema.is_object() => spec.input_schema = schema.clone(),
            Some(_) => {
                return Err(Error::configuration(format!(
                    "the schema modifier for {} returned input_parameters that are not a JSON Schema object",
                    info.slug
                )))
            }
            None => {}
        }
    }
    Ok(())
}
