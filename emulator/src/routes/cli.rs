//! The command line's sign-in: `POST /cli/create-session` (no credential) gives a code that the user confirms in
//! the dashboard, here `POST /_emulator/cli/{id}/link` `{"project_id"?}` (default: the seeded project); `GET
//! /cli/get-session?id=` is `pending` until then, then `linked` with the project key (scope `project`) or the
//! user key (scope `user`). Sessions expire after ten minutes. And `POST /cli/codact_failures` (user key).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::UserAuth;
use crate::clock::format_rfc3339_ms;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::params::Params;
use crate::routes::{json_object, optional_object, optional_string, required_string};
use crate::shared::{lock, AppState};
use crate::store::cli_sessions::CliSession;
use crate::store::Store;

const INVALID: &str = "Cli_InvalidRequest";
const TTL_MS: u64 = 600_000;
const FAILURES: [&str; 2] = ["wrong_tool_slug", "wrong_tool_input_param"];

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/cli/create-session", post(create_session))
        .route("/cli/get-session", axum::routing::get(get_session))
        .route("/cli/codact_failures", post(codact_failure))
}

pub fn admin() -> Router<AppState> {
    Router::new().route("/_emulator/cli/{id}/link", post(link))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

fn session_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        1960,
        "CliSession_NotFound",
        format!("CLI session {id} not found"),
    )
}

fn session_json(store: &Store, s: &CliSession) -> Value {
    let mut body = json!({
        "id": s.id,
        "code": s.code,
        "status": if s.linked_project.is_some() { "linked" } else { "pending" },
        "expiresAt": format_rfc3339_ms(s.expires_ms),
        "scope": s.scope,
    });
    if let Some(project) = s
        .linked_project
        .as_deref()
        .and_then(|p| store.live_project(p))
    {
        let key = match s.scope.as_str() {
            "user" => store
                .user_keys
                .iter()
                .find(|k| k.org_id == project.org_id)
                .map(|k| k.key.clone()),
            _ => store
                .current_keys(&project.id)
                .first()
                .map(|k| k.key.clone()),
        };
        body["api_key"] = json!(key);
        body["account"] = json!({
            "id": format!("member_{}", project.org_id),
            "email": "developer@example.com",
            "name": "Emulated developer",
        });
    }
    body
}

async fn create_session(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let scope = optional_string(&body, "scope", INVALID)?.unwrap_or_else(|| "project".into());
    if !["project", "user"].contains(&scope.as_str()) {
        return Err(invalid("scope must be project or user"));
    }
    optional_string(&body, "source", INVALID)?;
    let mut store = lock(&state.store);
    let session = CliSession {
        id: format!("cli_{}", random_alnum(16, true)),
        code: random_alnum(6, false).to_uppercase(),
        scope,
        expires_ms: store.now_ms() + TTL_MS,
        linked_project: None,
    };
    let body = session_json(&store, &session);
    store.cli_sessions.push(session);
    Ok(Json(body))
}

async fn get_session(
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    let id = params
        .get("id")
        .filter(|i| !i.is_empty())
        .ok_or_else(|| invalid("id is required"))?;
    let store = lock(&state.store);
    let session = store
        .cli_sessions
        .iter()
        .find(|s| s.id == id && s.expires_ms > store.now_ms())
        .ok_or_else(|| session_not_found(id))?;
    Ok(Json(session_json(&store, session)))
}

async fn link(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let mut store = lock(&state.store);
    let project = match optional_string(&body, "project_id", INVALID)? {
        Some(p) => p,
        None => store
            .user_keys
            .first()
            .map(|k| k.default_project_id.clone())
            .unwrap_or_default(),
    };
    if store.live_project(&project).is_none() {
        return Err(ApiError::project_not_found(&project));
    }
    let now = store.now_ms();
    let session = store
        .cli_sessions
        .iter_mut()
        .find(|s| s.id == id && s.expires_ms > now)
        .ok_or_else(|| session_not_found(&id))?;
    session.linked_project = Some(project);
    let session = session.clone();
    Ok(Json(session_json(&store, &session)))
}

async fn codact_failure(_auth: UserAuth, body: Bytes) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let kind = required_string(&body, "failure_type", INVALID, 1)?;
    if !FAILURES.contains(&kind.as_str()) {
        return Err(invalid(format!(
            "failure_type must be one of {}",
            FAILURES.join(", ")
        )));
    }
    for field in ["ctx", "session"] {
        optional_object(&body, field, INVALID)?
            .ok_or_else(|| invalid(format!("{field} is required")))?;
    }
    optional_object(&body, "tool_info", INVALID)?;
    Ok(Json(
        json!({"tracked": true, "id": format!("fail_{}", random_alnum(16, true))}),
    ))
}
