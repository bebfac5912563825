//! `composio::Error` as an instance of the package's exception classes (`composio_rs._errors`).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use composio::Error;

/// Core results in Python: the one place a `composio::Error` becomes an exception of the package.
pub trait OrRaise<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for composio::Result<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e))
    }
}

pub fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    match build(py, error) {
        Ok(err) => err,
        Err(e) => e,
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let module = py.import("composio_rs._errors")?;
    // The generated map from api/errors.toml: one class per kind.
    let class = module
        .getattr("CLASS_BY_KIND")?
        .get_item(error.kind().as_str())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", error.kind().as_str())?;
    kwargs.set_item("operation", error.operation())?;
    kwargs.set_item("status_code", error.status())?;
    kwargs.set_item("code", error.code())?;
    kwargs.set_item("slug", error.slug())?;
    kwargs.set_item("request_id", error.request_id())?;
    kwargs.set_item("suggested_fix", error.suggested_fix())?;
    kwargs.set_item("errors", error.errors().to_vec())?;
    kwargs.set_item("retry_after", error.retry_after().map(|d| d.as_secs_f64()))?;
    kwargs.set_item("body", error.body())?;
    kwargs.set_item("server_message", error.message())?;
    let instance = class.call((error.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// A Python exception as the text a callback's failure carries: `TypeName: message`.
pub fn describe(py: Python<'_>, error: &PyErr) -> String {
    let kind = error
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    format!("{kind}: {}", error.value(py))
}

pub fn panic_err(py: Python<'_>, what: &str) -> PyErr {
    let error = Error::from(composio::blocking::Panicked(what.to_string()));
    to_py_err(py, &error)
}
