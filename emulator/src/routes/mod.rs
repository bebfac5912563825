//! HTTP handlers, one file per resource.

pub mod account_changes;
pub mod admin;
pub mod auth_configs;
pub mod cli;
pub mod config;
pub mod connected_accounts;
pub mod custom_toolkits;
pub mod file_tools;
pub mod files;
pub mod keys;
pub mod links;
pub mod logs;
pub mod mcp;
pub mod orgs;
pub mod projects;
pub mod pusher_socket;
pub mod reads;
pub mod realtime;
pub mod scopes;
pub mod session_configs;
pub mod tool_router;
pub mod toolkits;
pub mod tools;
pub mod triggers;
pub mod usage;
pub mod webhook_endpoints;
pub mod webhook_subscriptions;
pub mod webhooks;

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::errors::{ApiError, ApiResult};

/// Parses a request body that must be a JSON object. An empty body counts as `{}`.
pub fn json_object(body: &Bytes) -> ApiResult<Map<String, Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request(
            "Request_InvalidBody",
            "The request body must be a JSON object",
        )),
        Err(e) => Err(ApiError::bad_request(
            "Request_InvalidBody",
            format!("Invalid JSON body: {e}"),
        )),
    }
}

/// An optional string field of a body; a present non-string is a 400.
pub fn optional_string(
    body: &Map<String, Value>,
    field: &str,
    slug: &str,
) -> ApiResult<Option<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_request(
            slug,
            format!("{field} must be a string"),
        )),
    }
}

fn invalid(slug: &str, message: String) -> ApiError {
    ApiError::bad_request(slug, message)
}

/// A required string field; `min_len` characters at least.
pub fn required_string(
    body: &Map<String, Value>,
    field: &str,
    slug: &str,
    min_len: usize,
) -> ApiResult<String> {
    match body.get(field) {
        Some(Value::String(s)) if s.chars().count() >= min_len => Ok(s.clone()),
        Some(Value::String(_)) => Err(invalid(
            slug,
            format!("{field} must have at least {min_len} character(s)"),
        )),
        None | Some(Value::Null) => Err(invalid(slug, format!("{field} is required"))),
        Some(_) => Err(invalid(slug, format!("{field} must be a string"))),
    }
}

/// An optional object field; a present non-object (null included) is a 400 unless `null_ok`.
pub fn optional_object(
    body: &Map<String, Value>,
    field: &str,
    slug: &str,
) -> ApiResult<Option<Map<String, Value>>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map.clone())),
        Some(_) => Err(invalid(slug, format!("{field} must be an object"))),
    }
}

pub fn optional_bool(
    body: &Map<String, Value>,
    field: &str,
    slug: &str,
) -> ApiResult<Option<bool>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(invalid(slug, format!("{field} must be a boolean"))),
    }
}

/// An optional array of strings.
pub fn optional_strings(
    body: &Map<String, Value>,
    field: &str,
    slug: &str,
) -> ApiResult<Option<Vec<String>>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| invalid(slug, format!("{field} must be an array of strings")))
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        Some(_) => Err(invalid(
            slug,
            format!("{field} must be an array of strings"),
        )),
    }
}

/// The `Host` the client used, for URLs that point back at the emulator.
pub fn host(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("127.0.0.1")
        .to_string()
}
