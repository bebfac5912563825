//! `/tool_router/session*` and the legacy `/labs/tool_router/session`: a session scopes one user's tools (toolkits,
//! tools, tags, auth config and connected account overrides). Its `execute` runs a tool as the session's user with
//! the rules of `/tools/execute`; `execute_meta` answers the COMPOSIO_* meta tools deterministically; `link` connects
//! a toolkit through the ordinary link flow (`GET /link/{token}`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::routes::{host, json_object, required_string};
use crate::shared::{lock, AppState};
use crate::store::mcp::ToolRouterSession;
use crate::store::Store;

pub(crate) mod accounts;
mod attach;
mod body;
mod config;
pub(crate) mod files;
mod legacy;
mod link;
mod meta;
mod proxy;
mod search;
mod tools;

use accounts::*;
pub(crate) use body::session_from_body;
use body::*;
use legacy::create_legacy;
use link::{link, toolkits};
use meta::{execute, execute_meta};

pub(super) const INVALID: &str = "ToolRouterSession_InvalidRequest";

/// The routes, merged into the API router.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/tool_router/session", post(create))
        .route(
            "/tool_router/session/{session_id}",
            get(get_one).patch(config::patch).delete(config::delete),
        )
        .route("/tool_router/session/{session_id}/execute", post(execute))
        .route(
            "/tool_router/session/{session_id}/execute_meta",
            post(execute_meta),
        )
        .route("/tool_router/session/{session_id}/link", post(link))
        .route("/tool_router/session/{session_id}/toolkits", get(toolkits))
        .route("/tool_router/session/{session_id}/tools", get(tools::tools))
        .route(
            "/tool_router/session/{session_id}/config_history",
            get(config::history),
        )
        .route(
            "/tool_router/session/{session_id}/search",
            post(search::search),
        )
        .route(
            "/tool_router/session/{session_id}/proxy_execute",
            post(proxy::proxy_execute),
        )
        .route(
            "/tool_router/session/{session_id}/attach",
            post(attach::attach),
        )
        .route(
            "/tool_router/session/{session_id}/mounts/{mount_id}/items",
            get(files::items),
        )
        .route(
            "/tool_router/session/{session_id}/mounts/{mount_id}/upload_url",
            post(files::upload_url),
        )
        .route(
            "/tool_router/session/{session_id}/mounts/{mount_id}/download_url",
            post(files::download_url),
        )
        .route(
            "/tool_router/session/{session_id}/mounts/{mount_id}/delete",
            post(files::delete),
        )
        .route("/labs/tool_router/session", post(create_legacy))
}
pub const META_TOOLS: [&str; 8] = [
    "COMPOSIO_SEARCH_TOOLS",
    "COMPOSIO_MULTI_EXECUTE_TOOL",
    "COMPOSIO_MANAGE_CONNECTIONS",
    "COMPOSIO_REMOTE_WORKBENCH",
    "COMPOSIO_REMOTE_BASH_TOOL",
    "COMPOSIO_GET_TOOL_SCHEMAS",
    "COMPOSIO_UPSERT_RECIPE",
    "COMPOSIO_GET_RECIPE",
];
pub(super) const HINTS: [&str; 4] = [
    "readOnlyHint",
    "destructiveHint",
    "idempotentHint",
    "openWorldHint",
];
/// How many tools COMPOSIO_SEARCH_TOOLS answers at most.
pub(super) const SEARCH_LIMIT: usize = 10;

pub(super) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

pub(super) fn session_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        4102,
        "ToolRouterSession_NotFound",
        format!("Tool router session {id} not found"),
    )
    .with_fix("Check your input.")
}

pub(super) fn toolkit_not_allowed(session: &str, toolkit: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        4103,
        "ToolRouterSession_ToolkitNotAllowed",
        format!("Toolkit {toolkit} is not enabled in tool router session {session}"),
    )
}

pub(super) fn tool_not_allowed(session: &str, tool: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        4104,
        "ToolRouterSession_ToolNotAllowed",
        format!("Tool {tool} is not enabled in tool router session {session}"),
    )
}

pub(super) fn no_auth_config(toolkit: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        4105,
        "ToolRouterSession_NoAuthConfig",
        format!("No auth config for toolkit {toolkit}, and Composio does not manage its auth"),
    )
    .with_fix("Create an auth config for the toolkit and name it in the session's auth_configs.")
}

pub(super) fn legacy_conflict(user_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        4106,
        "ToolRouterSession_Conflict",
        format!("A session for user {user_id} with the same configuration already exists"),
    )
}

pub(super) fn session_url(host: &str, id: &str) -> String {
    format!("http://{host}/tool_router/v3/{id}/mcp")
}

/// `scheme:…`, as a `format: uri` string must be.
pub(super) fn check_uri(field: &str, value: &str) -> ApiResult<()> {
    let scheme = value.split(':').next().unwrap_or("");
    let ok = value.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if ok {
        Ok(())
    } else {
        Err(invalid(format!("{field} must be a URI")))
    }
}

/// Gives the session a fresh id and keeps it.
pub(super) fn insert(store: &mut Store, mut session: ToolRouterSession) -> ToolRouterSession {
    session.config_at = store.now();
    session.id = loop {
        let id = format!("trs_{}", random_alnum(12, false));
        if !store.mcp.sessions.iter().any(|s| s.id == id) {
            break id;
        }
    };
    store.mcp.sessions.push(session.clone());
    session
}

pub(crate) fn meta_tools(session: &ToolRouterSession) -> Vec<&'static str> {
    META_TOOLS
        .into_iter()
        .filter(|t| session.manage_connections || *t != "COMPOSIO_MANAGE_CONNECTIONS")
        .collect()
}

pub(crate) fn session_json(session: &ToolRouterSession, host: &str) -> Value {
    json!({
        "session_id": session.id,
        "mcp": {"type": "http", "url": session_url(host, &session.id)},
        "tool_router_tools": meta_tools(session),
        "config": session.config,
        "config_version": session.config_version,
        "warnings": [],
    })
}

pub(crate) fn find_session<'a>(
    store: &'a Store,
    project_id: &str,
    id: &str,
) -> ApiResult<&'a ToolRouterSession> {
    if !id.starts_with("trs_") {
        return Err(invalid(format!(
            "Invalid session id {id:?}: session ids start with trs_"
        )));
    }
    store
        .mcp
        .sessions
        .iter()
        .find(|s| s.project_id == project_id && s.id == id)
        .ok_or_else(|| session_not_found(id))
}

// ---- handlers ----

/// `POST /tool_router/session`.
pub async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let user_id = required_string(&body, "user_id", INVALID, 1)?;
    let mut store = lock(&state.store);
    let session = session_from_body(&store, &auth.project_id, user_id, &body)?;
    let session = insert(&mut store, session);
    Ok((
        StatusCode::CREATED,
        Json(session_json(&session, &host(&headers))),
    ))
}

/// `GET /tool_router/session/{session_id}`.
pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    Ok(Json(session_json(session, &host(&headers))))
}
