//! What Python's sessions need from the core beyond the operations: the session options' shorthands read as the
//! API takes them, and the headers an MCP client sends to a session's URL.

use pyo3::prelude::*;

use crate::client::{args_json, block, NativeClient};
use crate::errors::OrRaise;
use crate::objects::json_text_to_py;

/// A session's options (`toolkits` as a list, `manage_connections` as a bool, ...) in the API's shapes.
#[pyfunction]
pub fn session_config(py: Python<'_>, config: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let config = composio::session::session_config(args_json(Some(config))?).or_raise(py)?;
    json_text_to_py(py, &config.to_string())
}

/// `{header: value}` for an MCP client of a session (the project key, from its provider when it has one).
#[pyfunction]
pub fn mcp_headers(
    py: Python<'_>,
    client: &NativeClient,
) -> PyResult<std::collections::BTreeMap<String, String>> {
    let client = client.client.clone();
    block(py, async move { client.mcp_headers().await })
}
