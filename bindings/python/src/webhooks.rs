//! `verify_webhook` for Python: the core's check, its event handed over as JSON text (the package
//! builds its `WebhookEvent` from it).

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::errors::OrRaise;

#[pyfunction]
#[pyo3(signature = (body, headers, secret, tolerance_seconds, now=None))]
pub fn verify_webhook(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    headers: Vec<(String, String)>,
    secret: &str,
    tolerance_seconds: u64,
    now: Option<i64>,
) -> PyResult<String> {
    let bytes: Vec<u8> = if let Ok(text) = body.cast::<PyString>() {
        text.extract::<String>()?.into_bytes()
    } else if body.is_instance_of::<PyBytes>() || body.is_instance_of::<PyByteArray>() {
        body.extract()?
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "body must be the raw request body as bytes (or str)",
        ));
    };
    let event =
        composio::verify_webhook(&bytes, &headers, secret, tolerance_seconds, now).or_raise(py)?;
    serde_json::to_string(&event)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}
