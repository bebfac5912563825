//! Tool names every provider accepts: at most 64 characters of `[a-zA-Z0-9_-]`. A slug that already fits is
//! kept as it is; any other is cleaned and shortened with a stable hash, so the same slug always gets the same
//! name and two long slugs with a common prefix still get different names.

use sha2::{Digest, Sha256};

/// The longest name OpenAI, Anthropic and Gemini all accept.
pub const MAX_NAME_LEN: usize = 64;
/// Hex digits of the slug's SHA-256 appended to a shortened name.
const HASH_HEX: usize = 10;

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The name a model sees for `slug`.
pub fn provider_name(slug: &str) -> String {
    if !slug.is_empty() && slug.len() <= MAX_NAME_LEN && slug.chars().all(allowed) {
        return slug.to_string();
    }
    let keep = MAX_NAME_LEN - HASH_HEX - 1;
    let cleaned: String = slug
        .chars()
        .map(|c| if allowed(c) { c } else { '_' })
        .take(keep)
        .collect();
    let digest = Sha256::digest(slug.as_bytes());
    let hex: String = digest
        .iter()
        .take(HASH_HEX / 2)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{cleaned}_{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_valid_slugs_are_kept() {
        assert_eq!(provider_name("GITHUB_CREATE_ISSUE"), "GITHUB_CREATE_ISSUE");
        assert_eq!(provider_name(&"A".repeat(64)), "A".repeat(64));
    }

    #[test]
    fn long_or_invalid_slugs_are_shortened_stably() {
        let long = format!("{}_X", "VERY_LONG".repeat(10));
        let name = provider_name(&long);
        assert_eq!(name.len(), MAX_NAME_LEN);
        assert_eq!(name, provider_name(&long));
        assert!(name.chars().all(allowed));
        let other = format!("{}_Y", "VERY_LONG".repeat(10));
        assert_ne!(provider_name(&other), name);
        let dotted = provider_name("my.tool");
        assert!(
            dotted.starts_with("my_tool_") && dotted.chars().all(allowed),
            "{dotted}"
        );
    }
}
