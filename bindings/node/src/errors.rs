//! Errors cross to JavaScript as a napi error whose reason is a JSON object with the core's fields;
//! the package turns it into an instance of its own classes (`ComposioError`, `NotFoundError`, …).

use napi::{Error, Status};
use serde_json::json;

/// Core results in JavaScript: the one place a `composio::Error` becomes a napi error.
pub trait IntoNapi<T> {
    fn into_napi(self) -> napi::Result<T>;
}

impl<T> IntoNapi<T> for composio::Result<T> {
    fn into_napi(self) -> napi::Result<T> {
        self.map_err(|e| to_napi(&e))
    }
}

pub fn to_napi(error: &composio::Error) -> Error {
    let fields = json!({
        "composio": true,
        "kind": error.kind().as_str(),
        "description": error.to_string(),
        "message": error.message(),
        "operation": error.operation(),
        "status": error.status(),
        "code": error.code(),
        "slug": error.slug(),
        "requestId": error.request_id(),
        "suggestedFix": error.suggested_fix(),
        "errors": error.errors(),
        "retryAfter": error.retry_after().map(|d| d.as_secs_f64()),
        "body": error.body(),
    });
    Error::new(Status::GenericFailure, fields.to_string())
}

pub fn aborted() -> Error {
    Error::new(
        Status::Cancelled,
        json!({"composio": true, "kind": "aborted", "description": "the call was aborted"})
            .to_string(),
    )
}

pub fn panicked(what: &str) -> Error {
    to_napi(&composio::Error::from(composio::blocking::Panicked(
        what.to_string(),
    )))
}
