//! The headers that carry credentials, and how the request log shows them (masked).

use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

pub const CREDENTIAL_HEADERS: [&str; 4] = [
    "x-api-key",
    "authorization",
    "x-org-api-key",
    "x-user-api-key",
];

/// `ak_secret` → `ak_***`; `Bearer ak_secret` → `Bearer ak_***`; a value without `_` → `***`.
pub fn mask_credential(value: &str) -> String {
    let (scheme, secret) = match value.split_once(' ') {
        Some((scheme, rest)) => (format!("{scheme} "), rest),
        None => (String::new(), value),
    };
    let prefix = secret.find('_').map(|i| &secret[..=i]).unwrap_or("");
    format!("{scheme}{prefix}***")
}

pub fn masked_headers(headers: &HeaderMap) -> Value {
    let mut out = Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| {
                let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
                if CREDENTIAL_HEADERS.contains(&name.as_str()) {
                    mask_credential(&text)
                } else {
                    text
                }
            })
            .collect();
        out.insert(name.as_str().to_string(), json!(values.join(", ")));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::mask_credential;

    #[test]
    fn masks_after_first_underscore() {
        assert_eq!(mask_credential("ak_abcdef"), "ak_***");
        assert_eq!(mask_credential("Bearer ak_abc_def"), "Bearer ak_***");
        assert_eq!(mask_credential("oak_x"), "oak_***");
        assert_eq!(mask_credential("secret"), "***");
    }
}
