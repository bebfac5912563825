//! Injected faults: matching requests by method and path, and rendering the faulty answer.

use std::time::Duration;

use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::errors::{ApiError, ApiResult};

const DEFAULT_TRUNCATED_BODY: &str = "{\"items\": [";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    Envelope,
    Raw,
    Truncated,
    Reset,
}

/// One `POST /_emulator/faults` body. Header values may be given as strings or numbers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after: Option<Value>,
    #[serde(default)]
    pub retry_after_ms: Option<Value>,
    #[serde(default)]
    pub should_retry: Option<Value>,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub body_kind: Option<BodyKind>,
    #[serde(default)]
    pub redirect_to: Option<String>,
}

fn one() -> u32 {
    1
}

impl FaultSpec {
    pub fn validate(&self) -> ApiResult<()> {
        let bad = |msg: &str| Err(ApiError::bad_request("Emulator_InvalidFault", msg));
        if !self.path.starts_with('/') {
            return bad("path must start with /");
        }
        if self.count == 0 {
            return bad("count must be at least 1");
        }
        if let Some(status) = self.status {
            if StatusCode::from_u16(status).is_err() || status < 200 {
                return bad("status must be an HTTP status between 200 and 599");
            }
        }
        for value in [&self.retry_after, &self.retry_after_ms, &self.should_retry]
            .into_iter()
            .flatten()
        {
            if header_text(value)
                .and_then(|t| HeaderValue::from_str(&t).ok())
                .is_none()
            {
                return bad(
                    "retry_after, retry_after_ms and should_retry must be strings or numbers",
                );
            }
        }
        if let Some(location) = &self.redirect_to {
            if HeaderValue::from_str(location).is_err() {
                return bad("redirect_to is not a valid header value");
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.path == path
            && self
                .method
                .as_deref()
                .map_or(true, |m| m.eq_ignore_ascii_case(method))
    }

    /// A fault with `delay_ms` and no status, body or redirect slows the real answer down instead of replacing it.
    fn delays_only(&self) -> bool {
        self.delay_ms.is_some()
            && self.status.is_none()
            && self.body.is_none()
            && self.body_kind.is_none()
            && self.redirect_to.is_none()
    }

    pub fn delay(&self) -> Option<Duration> {
        self.delay_ms
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
    }

    /// The faulty answer, or None when the real route should answer (after the delay).
    pub fn response(&self, request_id: &str) -> Option<Response> {
        if self.delays_only() {
            return None;
        }
        let default_status = if self.redirect_to.is_some() { 307 } else { 500 };
        let status = StatusCode::from_u16(self.status.unwrap_or(default_status))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let kind = self.body_kind.unwrap_or(if self.body.is_some() {
            BodyKind::Raw
        } else {
            BodyKind::Envelope
        });
        let mut response = if let Some(location) = &self.redirect_to {
            let mut r = (status, Body::empty()).into_response();
            if let Ok(v) = HeaderValue::from_str(location) {
                r.headers_mut().insert(LOCATION, v);
            }
            r
        } else {
            match kind {
                BodyKind::Envelope => ApiError::injected(status).to_response(request_id),
                BodyKind::Raw => raw(status, self.body.clone().unwrap_or_default()),
                BodyKind::Truncated => truncated(
                    status,
                    self.body.as_deref().unwrap_or(DEFAULT_TRUNCATED_BODY),
                ),
                BodyKind::Reset => reset(),
            }
        };
        let headers = response.headers_mut();
        for (name, value) in [
            ("retry-after", &self.retry_after),
            ("retry-after-ms", &self.retry_after_ms),
            ("x-should-retry", &self.should_retry),
        ] {
            if let Some(v) = value
                .as_ref()
                .and_then(header_text)
                .and_then(|t| HeaderValue::from_str(&t).ok())
            {
                headers.insert(name, v);
            }
        }
        Some(response)
    }
}

fn header_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn raw(status: StatusCode, body: String) -> Response {
    let trimmed = body.trim_start();
    let content_type = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Promises 100 more bytes than it writes, then aborts the connection. The yield between the bytes and the
/// error lets hyper flush the head and the partial body before it sees the error and drops the connection.
fn truncated(status: StatusCode, body: &str) -> Response {
    let bytes = Bytes::from(body.to_string());
    let promised = bytes.len() + 100;
    let chunks = stream::unfold(0u8, move |step| {
        let bytes = bytes.clone();
        async move {
            match step {
                0 => Some((Ok(bytes), 1)),
                1 => {
                    tokio::task::yield_now().await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    Some((Err(std::io::Error::other("emulated truncated body")), 2))
                }
                _ => None,
            }
        }
    });
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(promised));
    response
}

/// A body that fails on its first poll: hyper has only buffered the head at that point, so it drops the
/// connection without writing anything.
fn reset() -> Response {
    let failing =
        stream::once(async { Err::<Bytes, _>(std::io::Error::other("emulated connection reset")) });
    let mut response = Response::new(Body::from_stream(failing));
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from_static("1"));
    response
}

/// Registered faults, answered first-match-first.
#[derive(Debug, Default)]
pub struct FaultBook {
    pub faults: Vec<FaultSpec>,
}

impl FaultBook {
    /// Takes one use of the first fault matching the request, dropping it when used up.
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultSpec> {
        let index = self.faults.iter().position(|f| f.matches(method, path))?;
        let fault = &mut self.faults[index];
        fault.count -= 1;
        let taken = fault.clone();
        if fault.count == 0 {
            self.faults.remove(index);
        }
        Some(taken)
    }
}
