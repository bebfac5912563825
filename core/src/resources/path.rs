//! Path segments built from user input (slugs, ids) are percent-encoded and never empty, so an id
//! like `../x` or `a/b` cannot reach another endpoint.

use crate::error::{Error, Result};

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

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(super::segment("id", "proj_ab-C~").unwrap(), "proj_ab-C~");
        assert_eq!(super::segment("id", "../a b").unwrap(), "%2E%2E%2Fa%20b");
        assert!(super::segment("id", " ").is_err());
    }
}
