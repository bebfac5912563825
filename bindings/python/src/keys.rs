//! A key given as a Python callable (`api_key=lambda: vault.read(...)`): a core key provider that calls it, with
//! the GIL, on a thread of its own, once per call. Its exceptions become the provider's failure message.

use composio::KeyProvider;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{describe, OrRaise};

/// A key argument: a `str`, a callable returning one, or `None`.
pub(crate) enum KeyArg {
    Fixed(String),
    Provider(KeyProvider),
}

pub(crate) fn key_arg(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<KeyArg>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(KeyArg::Fixed(text.extract::<String>()?)));
    }
    if value.is_callable() {
        return Ok(Some(KeyArg::Provider(provider(value.clone().unbind()))));
    }
    let kind = value.get_type().name()?.to_string();
    Err(composio::Error::configuration(format!(
        "{what} must be a str or a callable returning one, got {kind}"
    )))
    .or_raise(py)
}

fn provider(callable: Py<PyAny>) -> KeyProvider {
    KeyProvider::blocking(move || Python::attach(|py| call(py, &callable)))
}

fn call(py: Python<'_>, callable: &Py<PyAny>) -> Result<String, String> {
    let described = |e: PyErr| describe(py, &e);
    let returned = callable.call0(py).map_err(described)?;
    let returned = returned.bind(py);
    match returned.cast::<PyString>() {
        Ok(text) => text.extract::<String>().map_err(described),
        Err(_) => Err(format!(
            "the key function must return a str, got {}",
            returned
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        )),
    }
}
