//! HTTP handlers, one file per resource.

pub mod admin;
pub mod config;
pub mod connected_accounts;
pub mod projects;
pub mod toolkits;
pub mod tools;

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
