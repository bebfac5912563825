//! The agent layer for Python: toolsets (build, definitions, handle, execute, blocking and asyncio) and the
//! Python callables behind modifiers and custom tools. Each callable runs on a thread of its own with the GIL
//! held only for the call; an exception becomes the call's error result, never a panic.

use std::sync::Arc;

use composio::agent::{
    tool_definition, Arguments, CustomTool, Format, Hook, Modifier, ModifierKind, ToolFilter,
    ToolInfo, Toolset, ToolsetOptions,
};
use pyo3::prelude::*;
use serde_json::Value;

use crate::asyncio;
use crate::client::{args_json, block, NativeClient};
use crate::convert::from_py;
use crate::errors::OrRaise;
use crate::objects::json_text_to_py;

#[pyclass(frozen, module = "composio_rs._native")]
pub struct NativeToolset {
    toolset: Toolset,
}

fn to_py(py: Python<'_>, value: &impl serde::Serialize) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    json_text_to_py(py, &text)
}

fn values_to_py(py: Python<'_>, values: Vec<Value>) -> PyResult<Py<PyAny>> {
    to_py(py, &values)
}

fn value_to_py(py: Python<'_>, value: Value) -> PyResult<Py<PyAny>> {
    to_py(py, &value)
}

fn toolset_to_py(py: Python<'_>, toolset: Toolset) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, NativeToolset { toolset })?.into_any())
}

/// A Python callable `f(tool_slug, toolkit, value) -> value` as a core hook.
fn py_hook(callable: Py<PyAny>) -> Hook {
    let callable = Arc::new(callable);
    Arc::new(move |info: ToolInfo, value: Value| {
        let callable = callable.clone();
        // The callback may itself make blocking calls of the client (a custom tool's `proxy`).
        Box::pin(composio::runtime::on_own_thread(move || {
            Python::attach(|py| call(py, &callable, info, value))
        }))
    })
}

fn call(
    py: Python<'_>,
    callable: &Py<PyAny>,
    info: ToolInfo,
    value: Value,
) -> Result<Value, String> {
    let described = |e: PyErr| crate::errors::describe(py, &e);
    let argument = value_to_py(py, value).map_err(described)?;
    let returned = callable
        .call1(py, (info.slug, info.toolkit, argument))
        .map_err(described)?;
    from_py(returned.bind(py)).map_err(|e| {
        format!(
            "the callback returned something that is not JSON: {}",
            described(e)
        )
    })
}

type ModifierArgs = (String, Vec<String>, Vec<String>, Py<PyAny>);
type CustomToolArgs = (String, String, Py<PyAny>, Option<String>, Py<PyAny>);

fn options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
    modifiers: Vec<ModifierArgs>,
    custom_tools: Vec<CustomToolArgs>,
) -> PyResult<ToolsetOptions> {
    let mut parsed = ToolsetOptions::from_json(args_json(options)?).or_raise(py)?;
    for (kind, tools, toolkits, callable) in modifiers {
        let kind = match kind.as_str() {
            "schema" => ModifierKind::Schema,
            "before_execute" => ModifierKind::BeforeExecute,
            "after_execute" => ModifierKind::AfterExecute,
            other => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "unknown modifier kind {other:?}"
                )))
            }
        };
        parsed.modifiers.push(Modifier {
            kind,
            filter: ToolFilter { tools, toolkits },
            hook: py_hook(callable),
        });
    }
    for (slug, description, schema, toolkit, callable) in custom_tools {
        parsed.custom_tools.push(CustomTool {
            slug,
            description,
            input_schema: from_py(schema.bind(py))?,
            toolkit,
            run: py_hook(callable),
        });
    }
    Ok(parsed)
}

/// Builds a toolset (blocking).
#[pyfunction]
#[pyo3(signature = (client, options, modifiers, custom_tools))]
pub fn toolset(
    py: Python<'_>,
    client: &NativeClient,
    options: Option<&Bound<'_, PyAny>>,
    modifiers: Vec<ModifierArgs>,
    custom_tools: Vec<CustomToolArgs>,
) -> PyResult<NativeToolset> {
    let options = self::options(py, options, modifiers, custom_tools)?;
    let client = client.client.clone();
    let toolset = block(py, async move { client.toolset(options).await })?;
    Ok(NativeToolset { toolset })
}

/// Builds a toolset (awaitable).
#[pyfunction]
#[pyo3(signature = (client, options, modifiers, custom_tools))]
pub fn toolset_async<'py>(
    py: Python<'py>,
    client: &NativeClient,
    options: Option<&Bound<'_, PyAny>>,
    modifiers: Vec<ModifierArgs>,
    custom_tools: Vec<CustomToolArgs>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = self::options(py, options, modifiers, custom_tools)?;
    let client = client.client.clone();
    asyncio::spawn(
        py,
        async move { client.toolset(options).await },
        toolset_to_py,
    )
}

/// A Composio tool (as the API returns it) in a model API's format.
#[pyfunction]
#[pyo3(signature = (tool, format, strict=false))]
pub fn definition(
    py: Python<'_>,
    tool: &Bound<'_, PyAny>,
    format: &str,
    strict: bool,
) -> PyResult<Py<PyAny>> {
    let format = Format::parse(format).or_raise(py)?;
    let tool = from_py(tool)?;
    value_to_py(py, tool_definition(&tool, format, strict).or_raise(py)?)
}

#[pymethods]
impl NativeToolset {
    fn definitions(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.toolset.definitions())
    }

    /// `{name, description, parameters, strict}` of every tool, for frameworks that take JSON Schema.
    fn json_schemas(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.toolset.json_schemas())
    }

    /// `(slug, toolkit, name)` of every tool.
    fn tools(&self) -> Vec<(String, Option<String>, String)> {
        self.toolset
            .tools()
            .map(|t| (t.slug.clone(), t.toolkit.clone(), t.name.clone()))
            .collect()
    }

    #[getter]
    fn format(&self) -> &'static str {
        self.toolset.format().as_str()
    }

    #[getter]
    fn user_id(&self) -> String {
        self.toolset.user_id().to_string()
    }

    fn handle(&self, py: Python<'_>, response: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let response = from_py(response)?;
        let toolset = self.toolset.clone();
        let messages = block(py, async move { toolset.handle(&response).await })?;
        values_to_py(py, messages)
    }

    fn handle_async<'py>(
        &self,
        py: Python<'py>,
        response: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let response = from_py(response)?;
        let toolset = self.toolset.clone();
        asyncio::spawn(
            py,
            async move { toolset.handle(&response).await },
            values_to_py,
        )
    }

    fn execute(
        &self,
        py: Python<'_>,
        name: String,
        arguments: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let arguments = call_arguments(arguments)?;
        let toolset = self.toolset.clone();
        let result = block(py, async move {
            Ok(toolset.execute(&name, arguments).await.to_json())
        })?;
        value_to_py(py, result)
    }

    fn execute_async<'py>(
        &self,
        py: Python<'py>,
        name: String,
        arguments: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let arguments = call_arguments(arguments)?;
        let toolset = self.toolset.clone();
        asyncio::spawn(
            py,
            async move { Ok(toolset.execute(&name, arguments).await.to_json()) },
            value_to_py,
        )
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.toolset)
    }
}

/// Arguments as the model sent them: JSON text stays text (so invalid JSON is the call's result, not an error).
fn call_arguments(arguments: &Bound<'_, PyAny>) -> PyResult<Arguments> {
    match arguments.extract::<String>() {
        Ok(text) => Ok(Arguments::Text(text)),
        Err(_) => Ok(Arguments::Json(from_py(arguments)?)),
    }
}
