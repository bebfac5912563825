//! The process-wide tokio runtime behind the blocking client, created on first use (not at load
//! time, so importing a binding costs nothing and a process that never calls the API starts no threads).

use std::sync::OnceLock;

use tokio::runtime::{Handle, Runtime};

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
