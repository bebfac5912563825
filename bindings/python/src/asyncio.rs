//! Awaitables backed by tokio tasks: the task runs on the shared runtime and resolves an asyncio
//! future through `call_soon_threadsafe`; cancelling the asyncio future aborts the task (and so the request).
//!
//! The worker thread holds the GIL only long enough to schedule the resolution; the result's Python objects
//! are built on the event loop's thread, which holds the GIL anyway, so workers do not keep the loop waiting.
//! Calls that finish while a drain is already scheduled on their loop join it: under load one wake-up of the
//! loop resolves many futures.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use pyo3::intern;
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
        if future
            .call_method0(intern!(future.py(), "cancelled"))?
            .is_truthy()?
        {
            self.abort.abort();
        }
        Ok(())
    }
}

type Build = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// Finished calls per event loop (keyed by the loop object's address), waiting for the loop to drain them.
struct Pending {
    /// Shared rather than cloned: a `Py` cannot be cloned without the GIL, which the worker does not hold here.
    event_loop: std::sync::Arc<Py<PyAny>>,
    finished: Vec<(Py<PyAny>, Build)>,
}

static PENDING: Mutex<Option<HashMap<usize, Pending>>> = Mutex::new(None);

fn pending<T>(f: impl FnOnce(&mut HashMap<usize, Pending>) -> T) -> T {
    let mut guard = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(HashMap::new))
}

/// Queues a finished call for its loop; returns the loop when a drain must be scheduled (the queue was empty).
fn enqueue(
    loop_key: usize,
    event_loop: Py<PyAny>,
    future: Py<PyAny>,
    build: Build,
) -> Option<std::sync::Arc<Py<PyAny>>> {
    pending(|all| {
        let entry = all.entry(loop_key).or_insert_with(|| Pending {
            event_loop: std::sync::Arc::new(event_loop),
            finished: Vec::new(),
        });
        entry.finished.push((future, build));
        (entry.finished.len() == 1).then(|| entry.event_loop.clone())
    })
}

/// Resolves every finished call of one loop (on that loop's thread): sets each result or exception unless
/// its future is already done (cancelled, or timed out by `wait_for`).
#[pyfunction]
pub fn _resolve(py: Python<'_>, loop_key: usize) -> PyResult<()> {
    let finished = pending(|all| all.remove(&loop_key)).map(|p| p.finished);
    for (future, build) in finished.into_iter().flatten() {
        let future = future.bind(py);
        if future.call_method0(intern!(py, "done"))?.is_truthy()? {
            continue;
        }
        match build(py) {
            Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
            Err(error) => {
                future.call_method1(intern!(py, "set_exception"), (error.into_value(py),))?
            }
        };
    }
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
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let resolve = resolve.clone().unbind();
    let handle = runtime::handle().map_err(|e| crate::io_error(py, e))?;
    let task = handle.spawn(work);
    future.call_method1(
        intern!(py, "add_done_callback"),
        (AbortOnCancel {
            abort: task.abort_handle(),
        },),
    )?;
    let loop_key = event_loop.as_ptr() as usize;
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
        let Some(event_loop) = enqueue(loop_key, loop_ref, future_ref, build) else {
            return; // a drain is already scheduled on this loop and will take this call too
        };
        Python::attach(|py| {
            let method = intern!(py, "call_soon_threadsafe");
            let scheduled = event_loop.call_method1(py, method, (resolve, loop_key));
            if scheduled.is_err() {
                // A closed loop: nobody awaits these any more; drop them quietly rather than print noise.
                pending(|all| all.remove(&loop_key));
            }
        });
    });
    Ok(future)
}
