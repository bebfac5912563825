//! Awaitables backed by tokio tasks: the task runs on the shared runtime and resolves an asyncio
//! future through `call_soon_threadsafe`; cancelling the asyncio future aborts the task (and so the request).
//!
//! The worker thread holds the GIL only long enough to schedule the resolution; the result's Python objects
//! are built on the event loop's thread, which holds the GIL anyway, so workers do not keep the loop waiting.

use std::future::Future;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

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

type Build = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A finished call whose Python result is built when the loop thread resolves the future.
#[pyclass]
struct Finished {
    build: Mutex<Option<Build>>,
}

/// Sets the result (or the exception) unless the future is already done (cancelled, or timed out by
/// `wait_for`); runs on the event loop's thread.
#[pyfunction]
pub fn _resolve(future: &Bound<'_, PyAny>, finished: &Bound<'_, PyAny>) -> PyResult<()> {
    if future.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    let build = finished
        .cast::<Finished>()
        .ok()
        .and_then(|f| f.borrow().build.lock().ok()?.take());
    let Some(build) = build else {
        return Ok(());
    };
    match build(future.py()) {
        Ok(value) => future.call_method1("set_result", (value,))?,
        Err(error) => future.call_method1("set_exception", (error.into_value(future.py()),))?,
    };
    Ok(())
}

pub type Convert<T> = fn(Python<'_>, T) -> PyResult<Py<PyAny>>;

/// `asyncio.get_running_loop` and our `_resolve`, looked up once.
fn lookups(py: Python<'_>) -> PyResult<(&Bound<'_, PyAny>, &Bound<'_, PyAny>)> {
    static GET_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static RESOLVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let get_loop = GET_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let resolve = RESOLVE.get_or_try_init(py, || {
        py.import("composio_rs._native")?
            .getattr("_resolve")
            .map(Bound::unbind)
    })?;
    Ok((get_loop.bind(py), resolve.bind(py)))
}

pub fn spawn<'py, T, F>(
    py: Python<'py>,
    work: F,
    convert: Convert<T>,
) -> PyResult<Bound<'py, PyAny>>
where
    T: Send + 'static,
    F: Future<Output = composio::Result<T>> + Send + 'static,
{
    let (get_loop, resolve) = lookups(py)?;
    let event_loop = get_loop.call0()?;
    let future = event_loop.call_method0("create_future")?;
    let resolve = resolve.clone().unbind();
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
        let build: Build = match outcome {
            Ok(Ok(v)) => Box::new(move |py| convert(py, v)),
            Ok(Err(e)) => Box::new(move |py| Err(to_py_err(py, &e))),
            Err(join) if join.is_cancelled() => return,
            Err(join) => {
                let what = join.to_string();
                Box::new(move |py| Err(panic_err(py, &what)))
            }
        };
        let finished = Finished {
            build: Mutex::new(Some(build)),
        };
        Python::attach(|py| {
            // A closed loop means nobody awaits this any more: stay quiet rather than print noise.
            let _ =
                loop_ref.call_method1(py, "call_soon_threadsafe", (resolve, future_ref, finished));
        });
    });
    Ok(future)
}
