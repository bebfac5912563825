//! The process-wide tokio runtime behind the blocking client, created on first use (not at load
//! time, so importing a binding costs nothing and a process that never calls the API starts no threads).

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::runtime::{Handle, Runtime};
use tokio::task::JoinHandle;

use crate::error::{Error, Result};

/// A handle to the shared runtime (two worker threads: HTTP work is I/O-bound).
pub fn shared_handle() -> Result<Handle> {
    static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| new_runtime().map_err(|e| e.to_string()))
        .as_ref()
        .map(|rt| rt.handle().clone())
        .map_err(|e| Error::configuration(format!("could not start the tokio runtime: {e}")))
}

/// A new multi-threaded runtime configured as this library expects; bindings that must manage the
/// runtime's life themselves (Python after `fork`) build theirs with this.
pub fn new_runtime() -> std::io::Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("composio-rt")
        .enable_all()
        .build()
}

/// Runs `future` as a task on the shared runtime and waits for it from any executor (a foreign one
/// included: Kotlin coroutines, Swift tasks). Dropping the returned future aborts the task, so a
/// cancelled caller leaves no request running; a panic in the task comes back as an error.
pub async fn run_on_shared<T: Send + 'static>(
    future: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    let task = AbortOnDrop(shared_handle()?.spawn(future));
    match task.await {
        Ok(result) => result,
        Err(join_error) => Err(Panicked(panic_message(join_error)).into()),
    }
}

/// Blocks the calling thread on [`block_on`] with the shared runtime.
pub fn block_on_shared<T: Send + 'static>(
    future: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    block_on(&shared_handle()?, future)
}

/// Blocking inside a runtime would stall one of its workers: a configuration error instead of a panic.
pub(crate) fn refuse_inside_a_runtime() -> Result<()> {
    if Handle::try_current().is_ok() {
        return Err(Error::configuration(
            "a blocking call was made from inside an async runtime; use the async form there",
        ));
    }
    Ok(())
}

/// The one way this library blocks: runs `future` as a task on `handle` and waits for it. Called from
/// inside a runtime it returns a configuration error instead of panicking (blocking there would stall a
/// worker); a panic in the task comes back as an error.
pub fn block_on<T: Send + 'static>(
    handle: &Handle,
    future: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    refuse_inside_a_runtime()?;
    let never_interrupted = || Ok::<(), std::convert::Infallible>(());
    match wait_interruptibly(handle, future, Duration::from_secs(3600), never_interrupted) {
        Ok(Ok(result)) => result,
        Ok(Err(panicked)) => Err(panicked.into()),
        Err(infallible) => match infallible {},
    }
}

/// Waits for `future` on `handle` in slices of `slice`, calling `interrupted` between slices; when it
/// returns an error the request is cancelled (dropped) and that error is returned. This is how a
/// binding keeps a blocking call responsive to Ctrl-C without holding its interpreter lock.
pub fn wait_interruptibly<T, E>(
    handle: &Handle,
    future: impl Future<Output = T> + Send + 'static,
    slice: std::time::Duration,
    mut interrupted: impl FnMut() -> std::result::Result<(), E>,
) -> std::result::Result<std::result::Result<T, Panicked>, E>
where
    T: Send + 'static,
{
    let mut task = handle.spawn(future);
    loop {
        let waited = handle.block_on(async { tokio::time::timeout(slice, &mut task).await });
        match waited {
            Ok(Ok(value)) => return Ok(Ok(value)),
            Ok(Err(join_error)) => return Ok(Err(Panicked(panic_message(join_error)))),
            Err(_still_running) => {
                if let Err(e) = interrupted() {
                    task.abort();
                    return Err(e);
                }
            }
        }
    }
}

/// A task of this library panicked; the panic was contained and is reported as this value.
#[derive(Debug, Clone)]
pub struct Panicked(pub String);

impl From<Panicked> for Error {
    fn from(p: Panicked) -> Self {
        Error::new(
            crate::ErrorKind::Connection,
            format!("internal error (a panic was contained): {}", p.0),
        )
    }
}

/// Runs an app's function on a plain thread of its own and waits for it without blocking the runtime: not on
/// tokio's blocking pool, because the function may itself make blocking calls of the client, which are refused on a
/// runtime's threads. A function that panics (or whose thread dies) ends as an `Err`, never as a hang.
pub async fn on_own_thread<T: Send + 'static>(
    work: impl FnOnce() -> std::result::Result<T, String> + Send + 'static,
) -> std::result::Result<T, String> {
    let (done, outcome) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    outcome
        .await
        .unwrap_or_else(|_| Err("the function stopped before it returned".to_string()))
}

pub(crate) fn panic_message(err: tokio::task::JoinError) -> String {
    match err.try_into_panic() {
        Ok(payload) => panic_payload_message(payload.as_ref()),
        Err(e) => e.to_string(),
    }
}

/// Runs `future`, a panic inside it becoming [`Panicked`] with its message: for a task whose own join
/// handle is not awaited (a binding's one task per call), where nothing else would catch it.
pub async fn catch_panic<T>(future: impl Future<Output = T>) -> std::result::Result<T, Panicked> {
    futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(future))
        .await
        .map_err(|payload| Panicked(panic_payload_message(payload.as_ref())))
}

/// The text a panic was raised with (`panic!("…")`), for the error that reports it.
fn panic_payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Future for AbortOnDrop<T> {
    type Output = std::result::Result<T, tokio::task::JoinError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends on drop, so the test sees the moment the task's future is dropped.
    struct DropSignal(Option<tokio::sync::oneshot::Sender<()>>);
    impl Drop for DropSignal {
        fn drop(&mut self) {
            let _ = self.0.take().map(|tx| tx.send(()));
        }
    }

    #[test]
    fn dropping_the_caller_aborts_the_task_on_the_shared_runtime() {
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (dropped_tx, dropped_rx) = tokio::sync::oneshot::channel();
        let call = run_on_shared(async move {
            let _signal = DropSignal(Some(dropped_tx));
            started_tx.send(()).unwrap();
            std::future::pending::<Result<()>>().await
        });
        // Poll the caller once with no runtime around, as a foreign executor would, then drop it.
        let mut call = Box::pin(call);
        assert!(futures_util::FutureExt::now_or_never(call.as_mut()).is_none());
        started_rx.recv().unwrap();
        drop(call);
        let dropped = shared_handle().unwrap().block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(10), dropped_rx).await
        });
        assert!(matches!(dropped, Ok(Ok(()))), "the task was not aborted");
    }

    #[test]
    fn a_panicking_task_is_an_error_and_blocking_inside_a_runtime_is_refused() {
        let err = block_on_shared(async { panic!("boom") as Result<()> }).unwrap_err();
        assert!(err.message().contains("boom"), "{err}");
        let inside = new_runtime()
            .unwrap()
            .block_on(async { block_on_shared(async { Ok(1) }) });
        assert_eq!(inside.unwrap_err().kind(), crate::ErrorKind::Configuration);
    }

    #[test]
    fn a_caught_panic_keeps_its_message_and_a_value_passes_through() {
        let rt = new_runtime().unwrap();
        let caught = rt.block_on(catch_panic(async { panic!("boom {}", 7) as u8 }));
        assert_eq!(caught.unwrap_err().0, "boom 7");
        let caught = rt.block_on(catch_panic(async { std::panic::panic_any(3_u8) as u8 }));
        assert_eq!(caught.unwrap_err().0, "unknown panic");
        assert_eq!(rt.block_on(catch_panic(async { 5 })).unwrap(), 5);
    }
}
