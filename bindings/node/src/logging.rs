//! `COMPOSIO_LOG=debug|info|warn|error` prints the core's events (never keys or query values) to stderr.

use std::sync::Once;

pub fn install_from_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Ok(level) = std::env::var("COMPOSIO_LOG") else {
            return;
        };
        let level = if level.eq_ignore_ascii_case("warning") {
            "warn".to_string()
        } else {
            level.to_ascii_lowercase()
        };
        let filter = tracing_subscriber::EnvFilter::try_new(format!("composio={level}"))
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("composio=warn"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
    });
}
