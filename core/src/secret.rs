//! API keys as an opaque type: validated once, never printed whole.

use std::fmt;
use std::sync::Arc;

use crate::error::Error;

/// A credential. `Debug` shows only its prefix (`ak_***`); there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(Arc<str>);

impl ApiKey {
    /// Validates a key: not empty, no whitespace and no control characters (a pasted newline would
    /// otherwise end up in a header or be silently trimmed by some other layer).
    pub fn new(key: impl AsRef<str>, what: &str) -> Result<Self, Error> {
        let key = key.as_ref();
        if key.is_empty() {
            return Err(Error::configuration(format!("{what} is empty")));
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::configuration(format!(
                "{what} contains whitespace or control characters (got {})",
                mask(key)
            )));
        }
        Ok(Self(Arc::from(key)))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// The short form that may appear in logs and messages: the prefix (`ak_`, `oak_`) and `***`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

/// Masks any secret-looking string: keeps a short prefix ending in `_`, never more than 4 characters.
pub fn mask(secret: &str) -> String {
    match secret.find('_') {
        Some(i) if i < 4 => format!("{}***", &secret[..=i]),
        _ => "***".to_string(),
    }
}

/// Replaces every occurrence of the given keys, and anything shaped like a Composio key
/// (`ak_…`, `oak_…`), in text that came from a server or a decoder before it reaches a message.
pub(crate) fn redact(text: &str, keys: &[&ApiKey]) -> String {
    let mut out = text.to_string();
    for key in keys {
        if out.contains(key.expose()) {
            out = out.replace(key.expose(), &key.masked());
        }
    }
    redact_key_shapes(&out)
}

fn redact_key_shapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !is_key_char(bytes[i - 1]);
        let prefix_len = if at_word_start && text[i..].starts_with("oak_") {
            4
        } else if at_word_start && text[i..].starts_with("ak_") {
            3
        } else {
            0
        };
        if prefix_len > 0 {
            let tail = bytes[i + prefix_len..]
                .iter()
                .take_while(|b| is_key_char(**b))
                .count();
            if tail >= 6 {
                out.push_str(&text[i..i + prefix_len]);
                out.push_str("***");
                i += prefix_len + tail;
                continue;
            }
        }
        let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

fn is_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn rejects_control_characters_without_echoing_the_key() {
        let err = ApiKey::new("ak_secret123\n", "COMPOSIO_API_KEY").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(!err.to_string().contains("secret123"), "{err}");
    }

    #[test]
    fn masks_prefix_only() {
        assert_eq!(mask("ak_abcdef"), "ak_***");
        assert_eq!(mask("oak_abcdef"), "oak_***");
        assert_eq!(mask("plainsecret"), "***");
        assert_eq!(mask("longprefix_abc"), "***");
    }

    #[test]
    fn redacts_key_shapes_and_known_keys() {
        let key = ApiKey::new("custom-key-123", "k").unwrap();
        let text =
            "bad ak_abcdef123 and oak_zzzzzzzz and custom-key-123 but not tak_abcdefgh or ak_ab";
        let out = redact(text, &[&key]);
        assert_eq!(
            out,
            "bad ak_*** and oak_*** and *** but not tak_abcdefgh or ak_ab"
        );
    }
}
