//! Awaitables backed by tokio tasks: the task runs on the shared runtime and resolves an asyncio
//! future through `call_soon_threadsafe`; cancelling the asyncio future aborts the task (and so the request).
//!
//! Runtime threads never take the GIL: a finished call is queued for its loop, and a waker thread of its own
//! schedules the loop's drain (a runtime thread waiting for the GIL, up to the interpreter's switch interval
//! while the loop runs Python, would stall every request it drives). The result's Python objects are built
//! on the event loop's thread, which holds the GIL anyway.
//! Calls that finish while a drain is already scheduled on their loop join it: under load one wake-up of the
//! loop resolves many futures. The cancel callback is removed before the result is set, so a finished call
//! costs the loop no callback of ours.

use std::collections::HashMap;
use std::future::Future;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors::{panic_err, to_py_err};
use crate::runtime;

/// Done-callback of the asyncio future: a cancelled await aborts the Rust request. The handle is set right
/// after the task is spawned, before Python sees the future, so nothing can cancel it earlier.
#[pyclass(frozen)]
struct AbortOnCancel {
    abort: OnceLock<tokio::task::AbortHandle>,
}

#[pymethods]
impl AbortOnCancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future
            .call_method0(intern!(future.py(), "cancelled"))?
            .is_truthy()?
        {
            if let Some(abort) = self.abort.get() {
                abort.abort();
            }
        }
        Ok(())
    }
}

type Build = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// Finished calls per event loop (keyed by the loop object's address), waiting for the loop to drain them.
struct Pending {
    /// Shared rather than cloned: a `Py` cannot be cloned without the GIL, which the worker does not hold here.
    event_loop: Arc<Py<PyAny>>,
    finished: Vec<Finished>,
}

/// A finished call: its asyncio future, the future's cancel callback, and what builds its result.
struct Finished {
    future: Py<PyAny>,
    on_cancel: Py<AbortOnCancel>,
    build: Build,
}

static PENDING: Mutex<Option<HashMap<usize, Pending>>> = Mutex::new(None);

fn pending<T>(f: impl FnOnce(&mut HashMap<usize, Pending>) -> T) -> T {
    let mut guard = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(HashMap::new))
}

/// Queues a finished call for its loop; returns the loop when a drain must be scheduled (the queue was empty).
fn enqueue(loop_key: usize, event_loop: Py<PyAny>, finished: Finished) -> Option<Arc<Py<PyAny>>> {
    pending(|all| {
        let entry = all.entry(loop_key).or_insert_with(|| Pending {
            event_loop: Arc::new(event_loop),
            finished: Vec::new(),
        });
        entry.finished.push(finished);
        (entry.finished.len() == 1).then(|| entry.event_loop.clone())
    })
}

/// Resolves every finished call of one loop (on that loop's thread): sets each result or exception unless
/// its future is already done (cancelled, or timed out by `wait_for`).
#[pyfunction]
pub fn _resolve(py: Python<'_>, loop_key: usize) -> PyResult<()> {
    let finished = pending(|all| all.remove(&loop_key)).map(|p| p.finished);
    for Finished {
        future,
        on_cancel,
        build,
    } in finished.into_iter().flatten()
    {
        let future = future.bind(py);
        if future.call_method0(intern!(py, "done"))?.is_truthy()? {
            continue;
        }
        future.call_method1(intern!(py, "remove_done_callback"), (on_cancel,))?;
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
    let (get_loop, _) = lookups(py)?;
    let event_loop = get_loop.call0()?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let handle = runtime::handle().map_err(|e| crate::io_error(py, e))?;
    let on_cancel = Py::new(
        py,
        AbortOnCancel {
            abort: OnceLock::new(),
        },
    )?;
    future.call_method1(intern!(py, "add_done_callback"), (on_cancel.clone_ref(py),))?;
    let loop_key = event_loop.as_ptr() as usize;
    let loop_ref = event_loop.unbind();
    let future_ref = future.clone().unbind();
    let callback = on_cancel.clone_ref(py);
    // One task per call: an abort drops it with the request, and a panic is caught here rather than by a
    // second task joining this one.
    let task = handle.spawn(async move {
        let build: Build = match composio::runtime::catch_panic(work).await {
            Ok(Ok(v)) => Box::new(move |py| convert(py, v)),
            Ok(Err(e)) => Box::new(move |py| Err(to_py_err(py, &e))),
            Err(panicked) => Box::new(move |py| Err(panic_err(py, &panicked.0))),
        };
        let finished = Finished {
            future: future_ref,
            on_cancel: callback,
            build,
        };
        if let Some(event_loop) = enqueue(loop_key, loop_ref, finished) {
            wake(event_loop, loop_key);
        } // else a drain is already scheduled on this loop and will take this call too
    });
    let _ = on_cancel.get().abort.set(task.abort_handle());
    Ok(future)
}

/// A loop with finished calls, for the waker thread.
struct Wake {
    event_loop: Arc<Py<PyAny>>,
    loop_key: usize,
}

/// The waker thread's queue, keyed by process id like the runtime (a forked child has no such thread).
static WAKER: Mutex<Option<(u32, Sender<Wake>)>> = Mutex::new(None);

/// Has `_resolve` scheduled on a loop, by the waker thread (or here, if that thread cannot be started).
fn wake(event_loop: Arc<Py<PyAny>>, loop_key: usize) {
    let pid = std::process::id();
    let sender = {
        let mut slot = WAKER.lock().unwrap_or_else(|e| e.into_inner());
        match &*slot {
            Some((owner, sender)) if *owner == pid => Some(sender.clone()),
            _ => {
                let (sender, wakes) = channel();
                let started = std::thread::Builder::new()
                    .name("composio-wake".into())
                    .spawn(move || run_waker(wakes));
                started.ok().map(|_| {
                    *slot = Some((pid, sender.clone()));
                    sender
                })
            }
        }
    };
    let wake = Wake {
        event_loop,
        loop_key,
    };
    let unsent = match sender {
        Some(sender) => sender.send(wake).err().map(|e| e.0),
        None => Some(wake),
    };
    if let Some(wake) = unsent {
        Python::attach(|py| schedule(py, &wake));
    }
}

fn run_waker(wakes: Receiver<Wake>) {
    while let Ok(first) = wakes.recv() {
        // Every loop that asked while this thread waited for the GIL is woken under one acquisition.
        Python::attach(|py| {
            for wake in std::iter::once(first).chain(wakes.try_iter()) {
                schedule(py, &wake);
            }
        });
    }
}

fn schedule(py: Python<'_>, wake: &Wake) {
    let scheduled = lookups(py).and_then(|(_, resolve)| {
        let method = intern!(py, "call_soon_threadsafe");
        wake.event_loop
            .call_method1(py, method, (resolve, wake.loop_key))
    });
    if scheduled.is_err() {
        // A closed loop: nobody awaits these any more; drop them quietly rather than print noise.
        pending(|all| all.remove(&wake.loop_key));
    }
}
