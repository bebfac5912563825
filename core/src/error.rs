//! One error type for every failure, with a stable kind that each language maps once.

use std::fmt;
use std::time::Duration;

pub use crate::generated::error_kind::ErrorKind;

/// The error of every operation. Cheap to move (one box); every field is optional except kind and message.
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Default)]
struct Inner {
    kind: Option<ErrorKind>,
    operation: Option<&'static str>,
    status: Option<u16>,
    code: Option<i64>,
    slug: Option<String>,
    message: String,
    request_id: Option<String>,
    suggested_fix: Option<String>,
    errors: Vec<String>,
    retry_after: Option<Duration>,
    body: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind: Some(kind),
                message: message.into(),
                ..Inner::default()
            }),
        }
    }

    /// A configuration error (bad argument, missing key, insecure URL), raised before any request.
    pub fn configuration(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Configuration, message)
    }

    pub(crate) fn with_operation(mut self, operation: &'static str) -> Self {
        self.inner.operation = Some(operation);
        self
    }
    pub(crate) fn with_slug(mut self, slug: Option<String>) -> Self {
        self.inner.slug = slug;
        self
    }
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }
    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        if id.is_some() {
            self.inner.request_id = id;
        }
        self
    }
    pub(crate) fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        self.inner.retry_after = after;
        self
    }
    pub(crate) fn with_body(mut self, body: Option<String>) -> Self {
        self.inner.body = body;
        self
    }
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }
    pub(crate) fn with_envelope(mut self, envelope: Envelope) -> Self {
        self.inner.code = envelope.code;
        self.inner.slug = envelope.slug;
        self.inner.suggested_fix = envelope.suggested_fix;
        self.inner.errors = envelope.errors;
        // The server's own id names the request in its logs: it wins over the header and our generated one.
        if let Some(id) = envelope.request_id.filter(|id| !id.is_empty()) {
            self.inner.request_id = Some(id);
        }
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.inner.kind.unwrap_or(ErrorKind::ApiStatus)
    }
    /// The operation that failed, e.g. `tools.list`.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }
    /// The API's numeric error code (`error.code`).
    pub fn code(&self) -> Option<i64> {
        self.inner.code
    }
    /// The API's error slug, e.g. `Tool_ToolNotFound`.
    pub fn slug(&self) -> Option<&str> {
        self.inner.slug.as_deref()
    }
    /// The server's message (or ours, for errors raised before a response); never contains a key.
    pub fn message(&self) -> &str {
        &self.inner.message
    }
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }
    pub fn suggested_fix(&self) -> Option<&str> {
        self.inner.suggested_fix.as_deref()
    }
    pub fn errors(&self) -> &[String] {
        &self.inner.errors
    }
    /// How long the server asked to wait (`retry-after-ms` / `Retry-After`), on any status.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }
    /// The raw response body (redacted of keys, at most 64 KiB), for status and decode errors.
    pub fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }
    /// Whether the same call may succeed when tried again later.
    pub fn is_retryable(&self) -> bool {
        self.kind().is_retryable() || matches!(self.status(), Some(408 | 409))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.inner.operation {
            write!(f, "{op}: ")?;
        }
        if let Some(status) = self.inner.status {
            write!(f, "{status} ")?;
        }
        f.write_str(&self.inner.message)?;
        if let Some(slug) = &self.inner.slug {
            write!(f, " [{slug}]")?;
        }
        if let Some(id) = &self.inner.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("operation", &self.inner.operation)
            .field("status", &self.inner.status)
            .field("code", &self.inner.code)
            .field("slug", &self.inner.slug)
            .field("message", &self.inner.message)
            .field("request_id", &self.inner.request_id)
            .field("retry_after", &self.inner.retry_after)
            .finish_non_exhaustive()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_deref().map(|e| e as _)
    }
}

/// The fields of the documented error envelope `{"error": {...}}`.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Envelope {
    pub message: Option<String>,
    pub code: Option<i64>,
    pub slug: Option<String>,
    pub request_id: Option<String>,
    pub suggested_fix: Option<String>,
    #[serde(default, deserialize_with = "lenient_errors")]
    pub errors: Vec<String>,
}

/// `errors` is documented as strings; tolerate objects by keeping their JSON text.
fn lenient_errors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let value: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(match value {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s],
        _ => Vec::new(),
    })
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
