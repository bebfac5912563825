//! Typed models for every field of the spec, generated from its schemas (`api/overlay.toml`) into
//! `crate::generated::models`. All of them tolerate missing optional fields, and keep fields this version
//! does not know in `extra`, so nothing is lost when the API grows. The generic page is written here.

mod page;

pub use crate::generated::models::*;
pub use crate::generated::params::ProjectSettingsUpdate;
pub(crate) use page::next_page_number;
pub use page::Page;

/// Fields of a response that this version of the library has no field for.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// The spec types counts as JSON "number": accept 3 and 3.0 alike, and null as 0.
pub(crate) fn lenient_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let value: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(match value {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            .unwrap_or(0),
        _ => 0,
    })
}

/// Shown instead of secrets (API keys, webhook secrets) in `Debug` output.
pub(crate) fn masked(secret: &str) -> String {
    crate::secret::mask(secret)
}
