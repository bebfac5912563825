//! Random ids in the shapes Composio's have: alphanumeric nano ids, hex, and version-4 UUIDs.

pub fn random_alnum(len: usize, lowercase_only: bool) -> String {
    const ALL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let set = if lowercase_only { LOWER } else { ALL };
    (0..len)
        .map(|_| set[fastrand::usize(..set.len())] as char)
        .collect()
}

pub fn random_hex(len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(fastrand::u32(..16), 16).unwrap_or('0'))
        .collect()
}

pub fn uuid() -> String {
    uuid_from_hex(&random_hex(32))
}

/// A version-4 UUID (variant `a`) made of 32 hex digits: the digits the version and variant replace are dropped.
pub fn uuid_from_hex(hex: &str) -> String {
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}
