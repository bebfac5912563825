//! The agent layer for Node: toolsets (build, definitions, handle, execute) and the JavaScript functions behind
//! modifiers and custom tools. The package passes one dispatcher function, `(index, slug, toolkit, json) =>
//! Promise<string>`, that calls the user's function number `index` and never rejects (a thrown error comes back
//! as `{"error": …}`); it is a weak reference, so a toolset never keeps the process alive.

use std::sync::Arc;

use composio::agent::{
    Arguments, CustomTool, Format, Hook, Modifier, ModifierKind, ToolFilter, ToolInfo, Toolset,
    ToolsetOptions,
};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;
use serde::Deserialize;
use serde_json::Value;

use crate::errors::IntoNapi;
use crate::{calls, parse_args, NativeClient};

type CallbackArgs = FnArgs<(u32, String, Option<String>, String)>;
/// Not callee-handled (plain arguments), weak (does not keep the event loop alive).
pub type Dispatcher =
    ThreadsafeFunction<CallbackArgs, Promise<String>, CallbackArgs, Status, false, true>;

/// How the package describes each callback; `index` is its number for the dispatcher.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Callbacks {
    #[serde(default)]
    modifiers: Vec<ModifierSpec>,
    #[serde(default)]
    custom_tools: Vec<CustomToolSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModifierSpec {
    kind: String,
    #[serde(default)]
    tools: Vec<String>,
    #[serde(default)]
    toolkits: Vec<String>,
    index: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomToolSpec {
    slug: String,
    #[serde(default)]
    description: String,
    input_schema: Value,
    toolkit: Option<String>,
    index: u32,
}

fn js_hook(dispatch: Arc<Dispatcher>, index: u32) -> Hook {
    Arc::new(move |info: ToolInfo, value: Value| {
        let dispatch = dispatch.clone();
        Box::pin(async move {
            let args = (index, info.slug, info.toolkit, value.to_string()).into();
            let promise = dispatch
                .call_async_catch(args)
                .await
                .map_err(|e| format!("the callback could not be called: {}", e.reason))?;
            let text = promise
                .await
                .map_err(|e| format!("the callback failed: {}", e.reason))?;
            let mut reply: Value = serde_json::from_str(&text)
                .map_err(|e| format!("the callback returned something that is not JSON: {e}"))?;
            match reply.get("error").and_then(Value::as_str) {
                Some(error) => Err(error.to_string()),
                None => Ok(reply
                    .get_mut("value")
                    .map(Value::take)
                    .unwrap_or(Value::Null)),
            }
        })
    })
}

fn options(
    options: &str,
    callbacks: &str,
    dispatch: Option<Dispatcher>,
) -> composio::Result<ToolsetOptions> {
    let mut parsed = ToolsetOptions::from_json(parse_args(options)?)?;
    let specs: Callbacks = serde_json::from_value(parse_args(callbacks)?).map_err(|e| {
        composio::Error::configuration(format!("invalid modifiers or custom tools: {e}"))
    })?;
    if specs.modifiers.is_empty() && specs.custom_tools.is_empty() {
        return Ok(parsed);
    }
    let dispatch = Arc::new(
        dispatch.ok_or_else(|| composio::Error::configuration("callbacks need a dispatcher"))?,
    );
    for m in specs.modifiers {
        let kind = match m.kind.as_str() {
            "schema" => ModifierKind::Schema,
            "beforeExecute" => ModifierKind::BeforeExecute,
            "afterExecute" => ModifierKind::AfterExecute,
            other => {
                return Err(composio::Error::configuration(format!(
                    "unknown modifier kind {other:?}"
                )))
            }
        };
        parsed.modifiers.push(Modifier {
            kind,
            filter: ToolFilter {
                tools: m.tools,
                toolkits: m.toolkits,
            },
            hook: js_hook(dispatch.clone(), m.index),
        });
    }
    for t in specs.custom_tools {
        parsed.custom_tools.push(CustomTool {
            slug: t.slug,
            description: t.description,
            input_schema: t.input_schema,
            toolkit: t.toolkit,
            run: js_hook(dispatch.clone(), t.index),
        });
    }
    Ok(parsed)
}

#[napi]
impl NativeClient {
    /// Builds a toolset: `options` is the core's JSON (`user_id`, `toolkits`, …, `timeout` in seconds),
    /// `callbacks` describes the modifiers and custom tools that `dispatch` runs.
    #[napi]
    pub async fn toolset(
        &self,
        options: String,
        callbacks: String,
        dispatch: Option<Dispatcher>,
        call_id: u32,
    ) -> Result<NativeToolset> {
        let options = self::options(&options, &callbacks, dispatch).into_napi()?;
        let client = self.client.clone();
        let toolset = calls::run(call_id, async move { client.toolset(options).await }).await?;
        Ok(NativeToolset { toolset })
    }
}

#[napi]
pub struct NativeToolset {
    toolset: Toolset,
}

fn json_text(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::from_reason(e.to_string()))
}

#[napi]
impl NativeToolset {
    /// The definitions as JSON text.
    #[napi]
    pub fn definitions(&self) -> Result<String> {
        json_text(&self.toolset.definitions())
    }

    /// `[{name, description, parameters, strict}]` (JSON Schema, for frameworks) as JSON text.
    #[napi]
    pub fn json_schemas(&self) -> Result<String> {
        json_text(&self.toolset.json_schemas())
    }

    /// `[{slug, toolkit, name}]` as JSON text.
    #[napi]
    pub fn tools(&self) -> Result<String> {
        let tools: Vec<Value> = self
            .toolset
            .tools()
            .map(|t| serde_json::json!({"slug": t.slug, "toolkit": t.toolkit, "name": t.name}))
            .collect();
        json_text(&tools)
    }

    #[napi(getter)]
    pub fn format(&self) -> String {
        self.toolset.format().as_str().to_string()
    }

    #[napi(getter)]
    pub fn user_id(&self) -> String {
        self.toolset.user_id().to_string()
    }

    /// Runs a response's calls (JSON text); resolves to the messages as JSON text.
    #[napi]
    pub async fn handle(&self, response: String, call_id: u32) -> Result<String> {
        let response = parse_args(&response).into_napi()?;
        let toolset = self.toolset.clone();
        let messages = calls::run(call_id, async move { toolset.handle(&response).await }).await?;
        json_text(&messages)
    }

    /// Runs one call; `arguments` is the model's JSON text as it sent it, or `null` with `argumentsJson`.
    #[napi]
    pub async fn execute(
        &self,
        name: String,
        arguments: Option<String>,
        arguments_json: Option<String>,
        call_id: u32,
    ) -> Result<String> {
        let arguments = match (arguments, arguments_json) {
            (Some(text), _) => Arguments::Text(text),
            (None, Some(json)) => Arguments::Json(parse_args(&json).into_napi()?),
            (None, None) => Arguments::Json(Value::Null),
        };
        let toolset = self.toolset.clone();
        let result = calls::run(call_id, async move {
            Ok(toolset.execute(&name, arguments).await.to_json())
        })
        .await?;
        json_text(&result)
    }

    #[napi]
    pub fn describe(&self) -> String {
        format!("{:?}", self.toolset)
    }
}

/// A Composio tool (JSON text) in a model API's format, as JSON text.
#[napi]
pub fn tool_definition(tool: String, format: String, strict: bool) -> Result<String> {
    let format = Format::parse(&format).into_napi()?;
    let tool = parse_args(&tool).into_napi()?;
    json_text(&composio::agent::tool_definition(&tool, format, strict).into_napi()?)
}
