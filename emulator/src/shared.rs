//! The state every handler shares, and what the middleware tells handlers about a request. Kept apart from the
//! router (`app.rs`) so that handlers depend on this and the router on them, never the other way round.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use serde_json::{json, Value};

use crate::faults::FaultBook;
use crate::headers::masked_headers;
use crate::store::Store;

const LOG_CAPACITY: usize = 200;
pub const RATE_LIMIT: u32 = 1000;
const RATE_WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct Shared {
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultBook>,
    pub observed: Mutex<Observed>,
    /// The open Pusher websockets (live trigger events).
    pub sockets: crate::pusher::Hub,
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

/// Counts, the request log and per-organisation rate-limit windows.
#[derive(Debug, Default)]
pub struct Observed {
    pub counts: BTreeMap<String, u64>,
    pub log: VecDeque<Value>,
    windows: HashMap<String, (Instant, u32)>,
}

impl Observed {
    pub fn clear(&mut self) {
        *self = Observed::default();
    }

    pub fn record(&mut self, method: &str, path: &str, query: Option<&str>, headers: &HeaderMap) {
        *self.counts.entry(format!("{method} {path}")).or_default() += 1;
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(json!({
            "method": method,
            "path": path,
            "query": query,
            "headers": masked_headers(headers),
        }));
    }

    /// Spends one request from the organisation's fixed one-minute window and returns what is left.
    pub fn spend(&mut self, org: &str) -> u32 {
        let now = Instant::now();
        let window = self.windows.entry(org.to_string()).or_insert((now, 0));
        if now.duration_since(window.0) >= RATE_WINDOW {
            *window = (now, 0);
        }
        window.1 = window.1.saturating_add(1);
        RATE_LIMIT.saturating_sub(window.1)
    }
}
