//! The state every handler shares, and what the middleware tells handlers about a request. Kept apart from the
//! router (`app.rs`) so that handlers depend on this and the router on them, never the other way round.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::faults::FaultBook;
use crate::observe::Observed;
use crate::state::Store;

#[derive(Debug)]
pub struct Shared {
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultBook>,
    pub observed: Mutex<Observed>,
}

pub type AppState = Arc<Shared>;

/// Locks a mutex, recovering from poisoning: every critical section leaves the data consistent, so a panic in
/// one request must not take the whole emulator down.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Which prefix a request came in on; only default tool versions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    V3,
    V31,
}

/// Set by the middleware on every API request, for handlers: the request id it chose (error envelopes get it from
/// the middleware itself) and the full path (nested routers only see the part after the version prefix).
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub id: String,
    pub path: String,
}
