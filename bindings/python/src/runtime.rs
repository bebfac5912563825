//! One tokio runtime per process, shared by the blocking and async forms, created on first use.
//! After `os.fork()` the child has the parent's runtime object but none of its threads, so the
//! runtime is keyed by process id: a child builds its own and leaks the dead one (dropping it would
//! try to join threads that do not exist in this process).

use std::sync::Mutex;

use tokio::runtime::{Handle, Runtime};

static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

pub fn handle() -> std::io::Result<Handle> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    match *slot {
        Some((owner, rt)) if owner == pid => Ok(rt.handle().clone()),
        _ => {
            let rt: &'static Runtime = Box::leak(Box::new(composio::runtime::new_runtime()?));
            *slot = Some((pid, rt));
            Ok(rt.handle().clone())
        }
    }
}
