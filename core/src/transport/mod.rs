//! One logical call: credential, origin checks, request id, attempts with retries, typed errors.

mod response;

pub use response::Response;

use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{self, Credential};
use crate::client::Client;
use crate::decode::ResponseShape;
use crate::error::{Envelope, Error, ErrorKind, Result};
use crate::retry::{backoff, is_retryable_status, requested_wait, server_says_retry};
use crate::secret::{redact, ApiKey};

/// Largest response body kept on an error, so a huge HTML page cannot bloat every error.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A declared API operation: its name in errors and logs, its method and path template,
/// the credential it needs, and whether repeating it is harmless.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub name: &'static str,
    pub method: Method,
    pub template: &'static str,
    pub credential: Credential,
    pub idempotent: bool,
}

impl Operation {
    /// `idempotent`: whether repeating the request is harmless (the operation table decides).
    pub const fn new(
        name: &'static str,
        method: Method,
        template: &'static str,
        credential: Credential,
        idempotent: bool,
    ) -> Self {
        Self {
            name,
            method,
            template,
            credential,
            idempotent,
        }
    }
}

/// A request to send: the concrete path (already percent-encoded), query pairs and a JSON body.
pub(crate) struct HttpRequest<'a> {
    pub op: &'a Operation,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Bytes>,
}

impl<'a> HttpRequest<'a> {
    pub fn new(op: &'a Operation, path: impl Into<String>) -> Self {
        Self {
            op,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, pairs: Vec<(String, String)>) -> Self {
        self.query = pairs;
        self
    }

    pub fn json_body(mut self, body: &impl serde::Serialize) -> Result<Self> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::configuration(format!("could not encode the request body: {e}")))?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }

    /// The body of params whose wire names are dotted paths (`toolkit.slug`): sent as nested objects.
    pub fn nested_json_body(self, body: &impl serde::Serialize) -> Result<Self> {
        let flat = serde_json::to_value(body)
            .map_err(|e| Error::configuration(format!("could not encode the request body: {e}")))?;
        self.json_body(&crate::checks::nest_dotted(flat))
    }

    /// A fixed JSON body from the operation table.
    pub fn const_body(mut self, body: &'static str) -> Self {
        self.body = Some(Bytes::from_static(body.as_bytes()));
        self
    }
}

/// A 2xx body that does not read as the operation's model: a typed error that keeps the body (scrubbed).
pub(crate) fn decode_error(
    e: serde_json::Error,
    operation: &'static str,
    response: &RawResponse,
    keys: &[ApiKey],
) -> Error {
    Error::new(
        ErrorKind::Decode,
        redact(
            &format!("could not decode the response: {e}"),
            &keys.iter().collect::<Vec<_>>(),
        ),
    )
    .with_operation(operation)
    .with_status(response.status.as_u16())
    .with_request_id(Some(response.request_id.clone()))
    .with_body(Some(keep_body(&response.body, keys)))
    .with_source(e)
}

pub(crate) struct RawResponse {
    pub status: StatusCode,
    pub body: Bytes,
    pub request_id: String,
}

struct Failure {
    error: Error,
    /// The request provably never reached the server, so even a non-idempotent call may be repeated.
    never_sent: bool,
}

impl Client {
    /// Sends the call and decodes a 2xx JSON body into `T` (an empty body reads as JSON `null`).
    pub(crate) async fn send<T: DeserializeOwned>(&self, call: HttpRequest<'_>) -> Result<T> {
        let op = call.op;
        let response = self.execute(call).await?;
        let body: &[u8] = if response.body.is_empty() {
            b"null"
        } else {
            &response.body
        };
        serde_json::from_slice(body)
            .map_err(|e| decode_error(e, op.name, &response, &self.keys.known()))
    }

    /// Sends the call and hands back the 2xx body undecoded, with the shape a one-pass decoder reads it with.
    pub(crate) async fn send_raw(
        &self,
        call: HttpRequest<'_>,
        shape: ResponseShape,
    ) -> Result<Response> {
        let operation = call.op.name;
        let raw = self.execute(call).await?;
        Ok(Response::new(raw, operation, shape, self.keys.known()))
    }

    pub(crate) async fn execute(&self, call: HttpRequest<'_>) -> Result<RawResponse> {
        let op = call.op;
        let mut url = self
            .url_for(&call.path)
            .map_err(|e| e.with_operation(op.name))?;
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&call.query);
        }
        let key = auth::key_for(
            &self.keys,
            op.name,
            op.credential,
            &url,
            self.settings.timeout,
        )
        .await
        .map_err(|e| e.with_operation(op.name))?;
        let request_id = new_request_id();
        let max_retries = self.settings.max_retries;
        let mut retries = 0;
        loop {
            let started = Instant::now();
            let outcome = self.attempt(&call, &url, key.as_ref(), &request_id).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let outcome = match outcome {
                Ok(resp) if resp.status.is_success() => {
                    trace_attempt(
                        op,
                        Some(resp.status.as_u16()),
                        retries,
                        elapsed_ms,
                        &request_id,
                    );
                    return Ok(RawResponse {
                        status: resp.status,
                        body: resp.body,
                        request_id: resp.request_id,
                    });
                }
                other => other,
            };
            let (retry, wait) = match &outcome {
                Ok(resp) => {
                    trace_attempt(
                        op,
                        Some(resp.status.as_u16()),
                        retries,
                        elapsed_ms,
                        &request_id,
                    );
                    let wants = server_says_retry(&resp.headers)
                        .unwrap_or(is_retryable_status(resp.status.as_u16()));
                    (op.idempotent && wants, requested_wait(&resp.headers))
                }
                Err(failure) => {
                    trace_attempt(op, failure.error.status(), retries, elapsed_ms, &request_id);
                    (op.idempotent || failure.never_sent, None)
                }
            };
            if !retry || retries >= max_retries {
                return Err(match outcome {
                    Ok(resp) => self.status_error(op, resp),
                    Err(failure) => failure.error,
                });
            }
            let pause = backoff(retries, wait);
            tracing::info!(
                target: "composio",
                operation = op.name,
                attempt = retries + 1,
                wait_ms = pause.as_millis() as u64,
                request_id = %request_id,
                "retrying"
            );
            tokio::time::sleep(pause).await;
            retries += 1;
        }
    }

    /// The absolute URL for a path, which must stay on the configured origin.
    fn url_for(&self, path: &str) -> Result<Url> {
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(Error::configuration(format!(
                "path {path:?} must start with a single '/'"
            )));
        }
        let url = Url::parse(&format!("{}{}", self.shared.base_prefix, path))
            .map_err(|e| Error::configuration(format!("invalid path {path:?}: {e}")))?;
        if url.origin() != self.shared.base_url.origin() {
            return Err(Error::configuration(
                "refusing to send a request outside the configured origin",
            ));
        }
        Ok(url)
    }

    async fn attempt(
        &self,
        call: &HttpRequest<'_>,
        url: &Url,
        key: Option<&auth::SentKey>,
        request_id: &str,
    ) -> std::result::Result<AttemptResponse, Failure> {
        let op = call.op;
        let mut request = self
            .shared
            .http
            .request(op.method.clone(), url.clone())
            .headers(self.shared.default_headers.clone())
            .header("x-request-id", request_id)
            .timeout(self.settings.timeout);
        if let Some(sent) = key {
            for (name, value) in
                auth::headers(sent, self.settings.auth_scheme, self.keys.scope.as_ref())
            {
                request = request.header(name, value);
            }
        }
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_failure(op, e, None, request_id))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_failure(op, e, Some(status), request_id))?;
        Ok(AttemptResponse {
            status,
            request_id: header_request_id(&headers).unwrap_or_else(|| request_id.to_string()),
            headers,
            body,
        })
    }

    fn transport_failure(
        &self,
        op: &Operation,
        err: reqwest::Error,
        status: Option<StatusCode>,
        request_id: &str,
    ) -> Failure {
        let never_sent = err.is_connect();
        let (kind, what) = if err.is_timeout() {
            (
                ErrorKind::Timeout,
                format!("no complete response within {:?}", self.settings.timeout),
            )
        } else if status.is_some() {
            (
                ErrorKind::Connection,
                "the response body was cut off".to_string(),
            )
        } else if never_sent {
            (ErrorKind::Connection, "could not connect".to_string())
        } else {
            (ErrorKind::Connection, "the connection failed".to_string())
        };
        let err = err.without_url();
        let detail = error_chain(&err);
        let mut error = Error::new(kind, format!("{what}: {detail}"))
            .with_operation(op.name)
            .with_request_id(Some(request_id.to_string()));
        // A cut-off error response is still that status's error.
        if let Some(status) = status {
            error = error.with_status(status.as_u16());
            if !status.is_success() && kind == ErrorKind::Connection {
                error = Error::new(
                    ErrorKind::from_status(status.as_u16()),
                    format!("{what}: {detail}"),
                )
                .with_operation(op.name)
                .with_status(status.as_u16())
                .with_request_id(Some(request_id.to_string()));
            }
        }
        Failure {
            error: error.with_source(err),
            never_sent,
        }
    }

    /// The typed error for a non-2xx response: from the envelope when there is one, from whatever
    /// else the body holds otherwise; never a decode failure.
    fn status_error(&self, op: &Operation, resp: AttemptResponse) -> Error {
        let status = resp.status.as_u16();
        let keys = self.keys.known();
        let key_refs: Vec<&ApiKey> = keys.iter().collect();
        let parsed: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
        let envelope = parsed
            .as_ref()
            .and_then(|v| v.get("error"))
            .filter(|e| e.is_object())
            .and_then(|e| serde_json::from_value::<Envelope>(e.clone()).ok());
        let message = envelope
            .as_ref()
            .and_then(|e| e.message.clone())
            .or_else(|| {
                parsed
                    .as_ref()
                    .and_then(|v| v.get("message")?.as_str().map(str::to_string))
            })
            .or_else(|| {
                parsed
                    .as_ref()
                    .and_then(|v| v.get("error")?.as_str().map(str::to_string))
            })
            .unwrap_or_else(|| {
                format!(
                    "HTTP {status} {}",
                    resp.status.canonical_reason().unwrap_or("")
                )
                .trim_end()
                .to_string()
            });
        let mut error = Error::new(ErrorKind::from_status(status), redact(&message, &key_refs))
            .with_operation(op.name)
            .with_status(status)
            .with_request_id(Some(resp.request_id.clone()))
            .with_retry_after(requested_wait(&resp.headers))
            .with_body(Some(keep_body(&resp.body, &keys)));
        if let Some(mut envelope) = envelope {
            // Server text reaches every field of the error (and Kotlin's message prints them all).
            envelope.suggested_fix = envelope.suggested_fix.map(|t| redact(&t, &key_refs));
            envelope.errors = envelope
                .errors
                .iter()
                .map(|t| redact(t, &key_refs))
                .collect();
            error = error.with_envelope(envelope);
        }
        if resp.status.is_redirection() {
            error = Error::new(
                ErrorKind::ApiStatus,
                "the server redirected to another origin; not followed, so no credential left the configured origin",
            )
            .with_operation(op.name)
            .with_status(status)
            .with_request_id(Some(resp.request_id));
        }
        error
    }
}

struct AttemptResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    request_id: String,
}

fn header_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")?
        .to_str()
        .ok()
        .map(str::to_string)
}

fn keep_body(body: &Bytes, keys: &[ApiKey]) -> String {
    let slice = &body[..body.len().min(MAX_ERROR_BODY)];
    redact(
        &String::from_utf8_lossy(slice),
        &keys.iter().collect::<Vec<_>>(),
    )
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let part = inner.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = inner.source();
    }
    text
}

fn trace_attempt(
    op: &Operation,
    status: Option<u16>,
    attempt: u32,
    elapsed_ms: u64,
    request_id: &str,
) {
    tracing::debug!(
        target: "composio",
        operation = op.name,
        method = %op.method,
        path = op.template,
        status = status.unwrap_or(0),
        attempt = attempt + 1,
        elapsed_ms,
        request_id = %request_id,
        "request attempt"
    );
}

/// One id per logical call, kept across its retries, so server logs tie the attempts together.
pub(crate) fn new_request_id() -> String {
    format!("req_{:016x}{:08x}", fastrand::u64(..), fastrand::u32(..))
}
