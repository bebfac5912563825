//! Calls in flight, by id, so that an `AbortSignal` can cancel one: the request runs as its own
//! task, and aborting the task drops the request (and its connection) at once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use napi::bindgen_prelude::*;

use crate::errors::{aborted, panicked, to_napi};

/// A call id maps to its task, or to `None` when the abort came before the task was registered (the JavaScript
/// side can abort right after starting a call, before the async native function has run): the task is then
/// aborted as soon as it registers.
static IN_FLIGHT: Mutex<Option<HashMap<u32, Option<tokio::task::AbortHandle>>>> = Mutex::new(None);

fn registry<T>(f: impl FnOnce(&mut HashMap<u32, Option<tokio::task::AbortHandle>>) -> T) -> T {
    let mut guard = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(HashMap::new))
}

pub async fn run<T: Send + 'static>(
    call_id: u32,
    work: impl Future<Output = composio::Result<T>> + Send + 'static,
) -> Result<T> {
    let task = tokio::spawn(work);
    if call_id != 0 {
        let aborted_early =
            registry(|r| matches!(r.insert(call_id, Some(task.abort_handle())), Some(None)));
        if aborted_early {
            task.abort();
        }
    }
    let outcome = task.await;
    if call_id != 0 {
        registry(|r| r.remove(&call_id));
    }
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(to_napi(&error)),
        Err(join) if join.is_cancelled() => Err(aborted()),
        Err(join) => Err(panicked(&join.to_string())),
    }
}

pub fn cancel(call_id: u32) {
    match registry(|r| r.remove(&call_id)) {
        Some(Some(handle)) => handle.abort(),
        // Not started yet: leave a mark that `run` finds.
        _ => registry(|r| {
            r.insert(call_id, None);
        }),
    }
}
