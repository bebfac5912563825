//! The native module `composio_rs._native`. The Python package (`python/composio_rs`) wraps it
//! with the typed, documented API; nothing here is meant to be imported directly.

mod agent;
mod asyncio;
mod client;
mod convert;
mod errors;
mod keys;
mod logging;
mod objects;
mod realtime;
mod runtime;
mod session;
mod webhooks;

use pyo3::prelude::*;

pub(crate) fn io_error(py: Python<'_>, e: std::io::Error) -> PyErr {
    errors::to_py_err(
        py,
        &composio::Error::configuration(format!("could not start the runtime: {e}")),
    )
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install();
    m.add_class::<client::NativeClient>()?;
    m.add_class::<client::NativePager>()?;
    m.add_class::<objects::RawJson>()?;
    m.add_class::<agent::NativeToolset>()?;
    m.add_class::<realtime::NativeSubscription>()?;
    m.add_function(wrap_pyfunction!(realtime::subscribe, m)?)?;
    m.add_function(wrap_pyfunction!(realtime::subscribe_async, m)?)?;
    m.add_function(wrap_pyfunction!(agent::toolset, m)?)?;
    m.add_function(wrap_pyfunction!(agent::toolset_async, m)?)?;
    m.add_function(wrap_pyfunction!(agent::definition, m)?)?;
    m.add_function(wrap_pyfunction!(asyncio::_resolve, m)?)?;
    m.add_function(wrap_pyfunction!(client::core_version, m)?)?;
    m.add_function(wrap_pyfunction!(webhooks::verify_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(client::operations, m)?)?;
    m.add_function(wrap_pyfunction!(session::session_config, m)?)?;
    m.add_function(wrap_pyfunction!(session::mcp_headers, m)?)?;
    Ok(())
}
