//! MD5 digests, hex or base64 (the md-5 crate computes them): the upload flow checks a body against the digest the
//! client announced.

pub fn digest(data: &[u8]) -> [u8; 16] {
    use md5::Digest;
    md5::Md5::digest(data).into()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A digest as the client gave it, 32 hex digits (any case) or standard base64 of the 16 bytes, as lowercase hex.
pub fn normalise(given: &str) -> Option<String> {
    let given = given.trim();
    if given.len() == 32 && given.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(given.to_ascii_lowercase());
    }
    let bytes = base64_decode(given)?;
    (bytes.len() == 16).then(|| hex(&bytes))
}

/// Standard or URL-safe base64, padded or not (clients send either).
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    use base64::Engine;
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(hex(&digest(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex(&digest(b"The quick brown fox jumps over the lazy dog")),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
        let long = vec![b'a'; 1000];
        assert_eq!(hex(&digest(&long)), "cabe45dcc9ae5b66ba86600cca6b8ba8");
    }

    #[test]
    fn normalises_hex_and_base64() {
        let hex_form = "9e107d9d372bb6826bd81d3542a419d6";
        assert_eq!(
            normalise("9E107D9D372BB6826BD81D3542A419D6").as_deref(),
            Some(hex_form)
        );
        assert_eq!(
            normalise("nhB9nTcrtoJr2B01QqQZ1g==").as_deref(),
            Some(hex_form)
        );
        assert_eq!(normalise("nope"), None);
    }
}
