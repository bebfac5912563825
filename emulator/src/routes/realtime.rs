//! Realtime (Pusher) credentials and channel auth: `GET /cli/realtime/credentials` and `POST /cli/realtime/auth`
//! (the current API's, with a user key), and `GET /internal/sdk/realtime/credentials` and `POST /internal/sdk/
//! realtime/auth` (what the official SDKs call, with the project key). One Pusher app for the emulator; a project
//! may subscribe to its own channel, `private-{project_id}_triggers`, only.

use axum::http::header::HOST;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::auth::{ProjectAuth, UserAuth};
use crate::errors::{ApiError, ApiResult};
use crate::routes::{json_object, required_string};
use crate::shared::{lock, AppState};

const INVALID: &str = "Realtime_InvalidRequest";
/// The cluster the credentials name: not one of Pusher's, so a client must be pointed at the emulator.
pub const CLUSTER: &str = "emulator";

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/cli/realtime/credentials", get(user_credentials))
        .route("/cli/realtime/auth", post(user_auth))
        .route(
            "/internal/sdk/realtime/credentials",
            get(project_credentials),
        )
        .route("/internal/sdk/realtime/auth", post(project_auth))
}

/// The private channel a project's trigger events arrive on.
pub fn channel(project_id: &str) -> String {
    format!("private-{project_id}_triggers")
}

/// Pusher's channel auth: `{key}:{hex(HMAC-SHA256(secret, "{socket_id}:{channel_name}"))}`.
pub fn channel_auth(key: &str, secret: &str, socket_id: &str, channel_name: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{socket_id}:{channel_name}").as_bytes());
    let signature: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{key}:{signature}")
}

/// The credentials, and (the emulator's own field) `ws_url`: the websocket on the emulator itself, at the
/// address the request came to.
fn credentials(state: &AppState, project_id: String, headers: &HeaderMap) -> Json<Value> {
    let store = lock(&state.store);
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    Json(json!({
        "pusher_key": store.pusher.key,
        "pusher_cluster": CLUSTER,
        "project_id": project_id,
        "ws_url": format!("ws://{host}/app/{}?protocol=7", store.pusher.key),
    }))
}

/// The auth request's fields: a form body (what Pusher clients send) or a JSON object.
fn auth_fields(body: &Bytes) -> ApiResult<serde_json::Map<String, Value>> {
    if body.first() == Some(&b'{') {
        return json_object(body);
    }
    Ok(form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect())
}

/// Checks `{socket_id, channel_name}` (Pusher's socket id is two numbers joined by a dot) and signs it for the
/// project's own channel; another channel is a 403.
fn authorize(state: &AppState, project_id: &str, body: &Bytes) -> ApiResult<Json<Value>> {
    let body = auth_fields(body)?;
    let socket_id = required_string(&body, "socket_id", INVALID, 1)?;
    let channel_name = required_string(&body, "channel_name", INVALID, 1)?;
    let numbers: Vec<&str> = socket_id.split('.').collect();
    if numbers.len() != 2
        || numbers
            .iter()
            .any(|n| n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(ApiError::bad_request(
            INVALID,
            format!("socket_id must be two numbers joined by a dot (as Pusher gives it), got {socket_id:?}"),
        ));
    }
    if channel_name != channel(project_id) {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            1406,
            "Realtime_ChannelForbidden",
            format!("This key may subscribe to {} only", channel(project_id)),
        ));
    }
    let store = lock(&state.store);
    let auth = channel_auth(
        &store.pusher.key,
        &store.pusher.secret,
        &socket_id,
        &channel_name,
    );
    Ok(Json(json!({ "auth": auth })))
}

pub async fn user_credentials(
    auth: UserAuth,
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: HeaderMap,
) -> Json<Value> {
    credentials(&state, auth.project_id, &headers)
}

pub async fn project_credentials(
    auth: ProjectAuth,
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: HeaderMap,
) -> Json<Value> {
    credentials(&state, auth.project_id, &headers)
}

pub async fn user_auth(
    auth: UserAuth,
    axum::extract::State(state): axum::extract::State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    authorize(&state, &auth.project_id, &body)
}

pub async fn project_auth(
    auth: ProjectAuth,
    axum::extract::State(state): axum::extract::State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    authorize(&state, &auth.project_id, &body)
}

#[cfg(test)]
mod tests {
    use super::channel_auth;

    /// The example of Pusher's channel-auth documentation (key, secret, socket and channel as given there).
    #[test]
    fn signs_as_pusher_documents() {
        assert_eq!(
            channel_auth(
                "278d425bdf160c739803",
                "7ad3773142a6692b25b8",
                "1234.1234",
                "private-foobar"
            ),
            "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
        );
    }
}
