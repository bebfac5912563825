//! The outermost middleware: counts and logs every API request, answers injected faults, and stamps the request
//! id and rate-limit headers on every response (admin routes under `/_emulator/` are left alone).

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth;
use crate::errors::ApiError;
use crate::ids::random_hex;
use crate::shared::{lock, AppState, RequestInfo, RATE_LIMIT};

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
