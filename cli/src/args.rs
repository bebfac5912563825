//! A command's flags as the JSON arguments the core's by-name dispatch takes (`Call::parse`), which checks them:
//! the command line only turns text into JSON values (durations to milliseconds, `@file` to its content).

use std::io::Read;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use clap::ArgMatches;
use serde_json::{json, Map, Value};

use crate::spec::{ArgKind, OpSpec};

/// A flag that cannot be read: the message names the flag.
#[derive(Debug)]
pub struct Usage(pub String);

pub fn arguments(op: &OpSpec, matches: &ArgMatches) -> Result<Value, Usage> {
    let mut args = Map::new();
    for spec in op.args {
        let value = match spec.kind {
            ArgKind::Bool => matches.get_one::<bool>(spec.name).map(|b| json!(b)),
            ArgKind::Int => matches.get_one::<i64>(spec.name).map(|n| json!(n)),
            ArgKind::List => matches.get_many::<String>(spec.name).map(|items| {
                json!(items
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>())
            }),
            _ => match matches.get_one::<String>(spec.name) {
                None => None,
                Some(text) => Some(convert(spec.kind, spec.secret, spec.flag, text)?),
            },
        };
        if let Some(value) = value {
            args.insert(spec.name.to_string(), value);
        }
    }
    Ok(Value::Object(args))
}

fn convert(kind: ArgKind, secret: bool, flag: &str, text: &str) -> Result<Value, Usage> {
    match kind {
        ArgKind::Json => {
            let source = contents(text, flag)?;
            serde_json::from_str(&source).map_err(|e| Usage(format!("--{flag} is not JSON: {e}")))
        }
        ArgKind::Bytes => Ok(json!(STANDARD.encode(bytes(text, flag)?))),
        ArgKind::Duration => {
            let duration = duration(text).ok_or_else(|| {
                Usage(format!(
                    "--{flag} takes a duration (`30s`, `1500ms`, `2m`), got {text:?}"
                ))
            })?;
            Ok(json!(duration.as_millis() as u64))
        }
        _ if secret && text.starts_with('@') => Ok(json!(contents(text, flag)?.trim_end())),
        _ => Ok(json!(text)),
    }
}

/// `@path` (`@-`: standard input) read as text; anything else is itself.
fn contents(text: &str, flag: &str) -> Result<String, Usage> {
    let bytes = bytes(text, flag)?;
    String::from_utf8(bytes).map_err(|_| Usage(format!("--{flag}: the file is not UTF-8 text")))
}

fn bytes(text: &str, flag: &str) -> Result<Vec<u8>, Usage> {
    match text.strip_prefix('@') {
        Some("-") => {
            let mut buffer = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buffer)
                .map_err(|e| Usage(format!("--{flag}: standard input could not be read: {e}")))?;
            Ok(buffer)
        }
        Some(path) => std::fs::read(path).map_err(|e| Usage(format!("--{flag}: {path}: {e}"))),
        None => Ok(text.as_bytes().to_vec()),
    }
}

/// `30s`, `1500ms`, `2m`, `1h`, or a number of seconds.
pub fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = text.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (text, 1.0)
    };
    let seconds: f64 = number.trim().parse().ok()?;
    Duration::try_from_secs_f64(seconds * scale).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(duration("1500ms"), Some(Duration::from_millis(1500)));
        assert_eq!(duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(duration("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(duration("soon"), None);
        assert_eq!(duration("-1s"), None);
    }

    #[test]
    fn bytes_travel_as_base64() {
        let sent = convert(ArgKind::Bytes, false, "content", "hello").unwrap();
        assert_eq!(sent, json!("aGVsbG8="));
    }
}
