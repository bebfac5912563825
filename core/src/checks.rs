//! The local checks the operation table declares (ranges, allowed values, characters, exclusive
//! arguments), path segments built from user input, and query strings. Every failure is a
//! configuration error raised before any request.

use crate::error::{Error, Result};

/// Query pairs in order; unset values are left out, lists are sent comma-joined.
#[derive(Default)]
pub(crate) struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn opt(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(v) = value {
            self.0.push((name.to_string(), v.to_string()));
        }
        self
    }
    pub fn flag(mut self, name: &str, value: Option<bool>) -> Self {
        if let Some(v) = value {
            self.0.push((name.to_string(), v.to_string()));
        }
        self
    }
    pub fn num(mut self, name: &str, value: Option<impl std::fmt::Display>) -> Self {
        if let Some(v) = value {
            self.0.push((name.to_string(), v.to_string()));
        }
        self
    }
    pub fn list(mut self, name: &str, values: &[String]) -> Self {
        if !values.is_empty() {
            self.0.push((name.to_string(), values.join(",")));
        }
        self
    }
}

/// A path segment from user input (a slug, an id): percent-encoded and never empty, so an id like
/// `../x` or `a/b` cannot reach another endpoint.
pub(crate) fn segment(what: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::configuration(format!("{what} must not be empty")));
    }
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

pub(crate) fn check_range(name: &str, value: u32, min: u32, max: u32) -> Result<()> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::configuration(format!(
            "{name} must be between {min} and {max}, got {value}"
        )))
    }
}

/// A duration between `min_ms` and `max_ms` milliseconds.
pub(crate) fn check_duration(
    name: &str,
    value: std::time::Duration,
    min_ms: u32,
    max_ms: u32,
) -> Result<()> {
    let ms = value.as_millis();
    if (u128::from(min_ms)..=u128::from(max_ms)).contains(&ms) {
        Ok(())
    } else {
        Err(Error::configuration(format!(
            "{name} must be between {min_ms} ms and {max_ms} ms, got {ms} ms"
        )))
    }
}

pub(crate) fn check_one_of(name: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        let quoted: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
        Err(Error::configuration(format!(
            "{name} must be one of {}, not {value:?}",
            quoted.join(", ")
        )))
    }
}

/// `value` must have at least `min` characters (`user_id` may not be empty, …).
pub(crate) fn check_min_len(name: &str, value: &str, min: usize) -> Result<()> {
    if value.chars().count() < min {
        return Err(Error::configuration(format!(
            "{name} must have at least {min} character{}",
            if min == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// `value` must be `min_len..=max_len` characters, each accepted by `allowed` (described by `chars`).
pub(crate) fn check_chars(
    name: &str,
    value: &str,
    chars: &str,
    min_len: usize,
    max_len: usize,
    allowed: impl Fn(u8) -> bool,
) -> Result<()> {
    let len = value.chars().count();
    if (min_len..=max_len).contains(&len) && value.bytes().all(allowed) {
        Ok(())
    } else {
        Err(Error::configuration(format!(
            "{name} {value:?} must be {min_len} to {max_len} characters of [{chars}]"
        )))
    }
}

/// At most one of the named arguments may be set.
pub(crate) fn check_exclusive(set: &[(&str, bool)]) -> Result<()> {
    let given: Vec<&str> = set.iter().filter(|(_, s)| *s).map(|(n, _)| *n).collect();
    if given.len() > 1 {
        return Err(Error::configuration(format!(
            "pass either {}, not both",
            set.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" or ")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_encode_everything_but_unreserved() {
        assert_eq!(segment("id", "proj_ab-C~").unwrap(), "proj_ab-C~");
        assert_eq!(segment("id", "../a b").unwrap(), "%2E%2E%2Fa%20b");
        assert!(segment("id", " ").is_err());
    }

    #[test]
    fn checks_name_the_argument() {
        assert!(check_range("limit", 0, 1, 1000)
            .unwrap_err()
            .message()
            .contains("limit"));
        assert!(check_one_of("v", "x", &["a", "b"]).is_err());
        assert!(check_chars("name", "a b", "a-z", 1, 5, |c| c.is_ascii_lowercase()).is_err());
        assert!(check_exclusive(&[("arguments", true), ("text", true)]).is_err());
        assert!(check_exclusive(&[("arguments", true), ("text", false)]).is_ok());
    }
}

/// `Option<Vec<u8>>` as base64 text: how bytes travel through the by-name dispatch (JSON).
pub(crate) mod base64_bytes {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_str(&ENGINE.encode(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| ENGINE.decode(t.as_bytes()))
            .transpose()
            .map_err(|e| serde::de::Error::custom(format!("bytes must be base64: {e}")))
    }
}

/// An optional duration as whole milliseconds (how the by-name dispatch carries it).
pub(crate) mod duration_ms {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(value: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => s.serialize_u64(d.as_millis().min(u128::from(u64::MAX)) as u64),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        let ms: Option<f64> = Option::deserialize(d)?;
        match ms {
            None => Ok(None),
            Some(ms) if ms.is_finite() && ms >= 0.0 => {
                Ok(Some(Duration::from_micros((ms * 1000.0) as u64)))
            }
            Some(ms) => Err(serde::de::Error::custom(format!(
                "a duration must be a non-negative number of milliseconds, got {ms}"
            ))),
        }
    }
}

/// A JSON object whose keys may be dotted paths (`toolkit.slug`), with each path made nested objects.
pub(crate) fn nest_dotted(value: serde_json::Value) -> serde_json::Value {
    use serde_json::{Map, Value};
    let Value::Object(flat) = value else {
        return value;
    };
    let mut out = Map::new();
    for (key, v) in flat {
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().unwrap_or_default().to_string();
        let mut target = &mut out;
        for part in parts {
            let entry = target
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            let Value::Object(next) = entry else {
                unreachable!("made an object just above")
            };
            target = next;
        }
        target.insert(last, v);
    }
    Value::Object(out)
}
