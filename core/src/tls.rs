//! reqwest is built without a bundled crypto provider (aws-lc-sys costs minutes of build time);
//! ring is installed once, process-wide, before the first client is built.

use std::sync::Once;

pub(crate) fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means another provider is installed already, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
