//! The core's `tracing` events, forwarded to the standard `logging` module under the logger
//! `composio_rs`. The threshold is read from that logger when a client is built (and from
//! `COMPOSIO_LOG`), and kept in an atomic so that disabled levels never touch the GIL.

use std::fmt::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::prelude::*;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// Python logging level below which events are dropped; 0 = forward nothing yet.
static THRESHOLD: AtomicU8 = AtomicU8::new(u8::MAX);

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => 5,
    }
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?} ");
        } else {
            let _ = write!(self.0, "{}={value:?} ", field.name());
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value} ");
        } else {
            let _ = write!(self.0, "{}={value} ", field.name());
        }
    }
}

struct ToPythonLogging;

impl<S: Subscriber> Layer<S> for ToPythonLogging {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if !event.metadata().target().starts_with("composio") {
            return;
        }
        let level = python_level(event.metadata().level());
        if level < THRESHOLD.load(Ordering::Relaxed) {
            return;
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        Python::attach(|py| {
            let _ = py
                .import("logging")
                .and_then(|logging| logging.call_method1("getLogger", ("composio_rs",)))
                .and_then(|logger| logger.call_method1("log", (level, fields.0.trim_end())));
        });
    }
}

/// Installs the forwarding layer once per process (a no-op if another subscriber is set).
pub fn install() {
    let _ = tracing_subscriber::registry()
        .with(ToPythonLogging)
        .try_init();
}

/// Re-reads the threshold from the `composio_rs` logger and `COMPOSIO_LOG`.
pub fn refresh_threshold(py: Python<'_>) {
    let from_env =
        std::env::var("COMPOSIO_LOG")
            .ok()
            .and_then(|v| match v.to_ascii_lowercase().as_str() {
                "trace" => Some(5u8),
                "debug" => Some(10),
                "info" => Some(20),
                "warn" | "warning" => Some(30),
                "error" => Some(40),
                _ => None,
            });
    // An application that never imported `logging` has configured none, so nothing could show: leave it
    // unimported (it is most of the package's import time) and emit nothing.
    let logging_loaded = py
        .import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|modules| modules.contains("logging"))
        .unwrap_or(true);
    if !logging_loaded && from_env.is_none() {
        THRESHOLD.store(u8::MAX, Ordering::Relaxed);
        return;
    }
    let from_logger = py
        .import("logging")
        .and_then(|logging| {
            let logger = logging.call_method1("getLogger", ("composio_rs",))?;
            // As a library should: no "no handler" noise when the application configured no logging.
            if logger.getattr("handlers")?.len()? == 0 {
                logger.call_method1("addHandler", (logging.call_method0("NullHandler")?,))?;
            }
            logger.call_method0("getEffectiveLevel")
        })
        .and_then(|level| level.extract::<u32>())
        .ok()
        .map(|l| l.min(u8::MAX as u32) as u8);
    let threshold = match (from_env, from_logger) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(30),
    };
    THRESHOLD.store(threshold, Ordering::Relaxed);
}
