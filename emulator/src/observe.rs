//! The outermost middleware: counts and logs every API request, answers injected faults, and stamps the request
//! id and rate-limit headers on every response (admin routes under `/_emulator/` are left alone).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::auth::{self, CREDENTIAL_HEADERS};
use crate::errors::ApiError;
use crate::shared::{lock, AppState, RequestInfo};
use crate::state::random_hex;

const LOG_CAPACITY: usize = 200;
pub const RATE_LIMIT: u32 = 1000;
const RATE_WINDOW: Duration = Duration::from_secs(60);

/// Counts, the request log and per-organisation rate-limit windows.
#[derive(Debug, Default)]
pub struct Observed {
    pub counts: BTreeMap<String, u64>,
    pub log: VecDeque<Value>,
    windows: HashMap<String, (Instant, u32)>,
}

impl Observed {
    pub fn clear(&mut self) {
        *self = Observed::default();
    }

    fn record(&mut self, method: &str, path: &str, query: Option<&str>, headers: &HeaderMap) {
        *self.counts.entry(format!("{method} {path}")).or_default() += 1;
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(json!({
            "method": method,
            "path": path,
            "query": query,
            "headers": masked_headers(headers),
        }));
    }

    /// Spends one request from the organisation's fixed one-minute window and returns what is left.
    fn spend(&mut self, org: &str) -> u32 {
        let now = Instant::now();
        let window = self.windows.entry(org.to_string()).or_insert((now, 0));
        if now.duration_since(window.0) >= RATE_WINDOW {
            *window = (now, 0);
        }
        window.1 = window.1.saturating_add(1);
        RATE_LIMIT.saturating_sub(window.1)
    }
}

/// `ak_secret` → `ak_***`; `Bearer ak_secret` → `Bearer ak_***`; a value without `_` → `***`.
pub fn mask_credential(value: &str) -> String {
    let (scheme, secret) = match value.split_once(' ') {
        Some((scheme, rest)) => (format!("{scheme} "), rest),
        None => (String::new(), value),
    };
    let prefix = secret.find('_').map(|i| &secret[..=i]).unwrap_or("");
    format!("{scheme}{prefix}***")
}

fn masked_headers(headers: &HeaderMap) -> Value {
    let mut out = Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| {
                let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
                if CREDENTIAL_HEADERS.contains(&name.as_str()) {
                    mask_credential(&text)
                } else {
                    text
                }
            })
            .collect();
        out.insert(name.as_str().to_string(), json!(values.join(", ")));
    }
    Value::Object(out)
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.len() <= 200)
        .map(str::to_string)
        .unwrap_or_else(|| format!("req_{}", random_hex(16)))
}

pub async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/_emulator/") {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_string();
    let id = request_id(request.headers());
    let org = auth::org_of(&lock(&state.store), request.headers()).unwrap_or_default();
    let remaining = {
        let mut observed = lock(&state.observed);
        observed.record(&method, &path, request.uri().query(), request.headers());
        observed.spend(&org)
    };
    let fault = lock(&state.faults).take(&method, &path);
    request.extensions_mut().insert(RequestInfo {
        id: id.clone(),
        path: path.clone(),
    });

    let mut response = match fault {
        Some(fault) => {
            if let Some(delay) = fault.delay() {
                tokio::time::sleep(delay).await;
            }
            match fault.response(&id) {
                Some(response) => response,
                None => route(next, request, &id).await,
            }
        }
        None => route(next, request, &id).await,
    };

    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static("x-request-id"), value);
    }
    headers.insert(
        HeaderName::from_static("x-ratelimit"),
        HeaderValue::from(RATE_LIMIT),
    );
    headers.insert(
        HeaderName::from_static("x-ratelimit-remaining"),
        HeaderValue::from(remaining),
    );
    headers.insert(
        HeaderName::from_static("x-ratelimit-window-size"),
        HeaderValue::from(60u32),
    );
    response
}

/// Runs the real route and makes sure any error it produced is an envelope carrying this request's id.
async fn route(next: Next, request: Request, id: &str) -> Response {
    let response = next.run(request).await;
    if let Some(error) = response.extensions().get::<ApiError>() {
        return error.to_response(id);
    }
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if response.status().as_u16() < 400 || is_json {
        return response;
    }
    // A framework rejection (bad path, unsupported method...) in plain text: wrap it.
    let status = response.status();
    let text = match to_bytes(response.into_body(), 64 * 1024).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    };
    ApiError::from_plain(status, &text).to_response(id)
}

#[cfg(test)]
mod tests {
    use super::mask_credential;

    #[test]
    fn masks_after_first_underscore() {
        assert_eq!(mask_credential("ak_abcdef"), "ak_***");
        assert_eq!(mask_credential("Bearer ak_abc_def"), "Bearer ak_***");
        assert_eq!(mask_credential("oak_x"), "oak_***");
        assert_eq!(mask_credential("secret"), "***");
    }
}
