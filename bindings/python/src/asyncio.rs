//! Awaitables backed by tokio tasks: the task runs on the shared runtime and resolves an asyncio
//! future through `call_soon_threadsafe`; cancelling the asyncio future aborts the task (and so the request).

use std::future::Future;

use pyo3::prelude::*;

use crate::errors::{panic_err, to_py_err};
use crate::runtime;

/// Done-callback of the asyncio future: a cancelled await aborts the Rust request.
#[pyclass]
struct AbortOnCancel {
    abort: tokio::task::AbortHandle,
}

#[pymethods]
impl AbortOnCancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.abort.abort();
        }
        Ok(())
    }
}

/// Sets the result unless the future is already done (cancelled, or timed out by `wait_for`).
#[pyfunction]
pub fn _resolve(future: &Bound<'_, PyAny>, ok: bool, value: Bound<'_, PyAny>) -> PyResult<()> {
    if future.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    let method = if ok { "set_result" } else { "set_exception" };
    future.call_method1(method, (value,))?;
    Ok(())
}

pub type Convert<T> = fn(Python<'_>, T) -> PyResult<Py<PyAny>>;

pub fn spawn<'py, T, F>(
    py: Python<'py>,
    work: F,
    convert: Convert<T>,
) -> PyResult<Bound<'py, PyAny>>
where
    T: Send + 'static,
    F: Future<Output = composio::Result<T>> + Send + 'static,
{
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?;
    let resolve = py
        .import("composio_rs._native")?
        .getattr("_resolve")?
        .unbind();
    let handle = runtime::handle().map_err(|e| crate::io_error(py, e))?;
    let task = handle.spawn(work);
    future.call_method1(
        "add_done_callback",
        (AbortOnCancel {
            abort: task.abort_handle(),
        },),
    )?;
    let loop_ref = event_loop.unbind();
    let future_ref = future.clone().unbind();
    handle.spawn(async move {
        let outcome = task.await;
        Python::attach(|py| {
            let (ok, value): (bool, Py<PyAny>) = match outcome {
                Ok(Ok(v)) => match convert(py, v) {
                    Ok(obj) => (true, obj),
                    Err(e) => (false, e.into_value(py).into_any()),
                },
                Ok(Err(e)) => (false, to_py_err(py, &e).into_value(py).into_any()),
                Err(join) if join.is_cancelled() => return,
                Err(join) => (
                    false,
                    panic_err(py, &join.to_string()).into_value(py).into_any(),
                ),
            };
            // A closed loop means nobody awaits this any more: stay quiet rather than print noise.
            let _ =
                loop_ref.call_method1(py, "call_soon_threadsafe", (resolve, future_ref, ok, value));
        });
    });
    Ok(future)
}
