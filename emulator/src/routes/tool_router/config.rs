//! A session's configuration over time: `PATCH /tool_router/session/{id}` (the fields given replace the session's,
//! read by the same rules as at creation; `config_version` goes up by one), `GET …/config_history` (the live
//! config first, then the ones PATCHes replaced, newest first) and `DELETE` (the session is gone).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use super::{find_session, session_from_body, session_json};
use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{host, json_object};
use crate::shared::{lock, AppState};

const INVALID: &str = "ToolRouterSession_InvalidRequest";

pub async fn patch(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let changes = json_object(&body)?;
    if changes.contains_key("user_id") {
        return Err(ApiError::bad_request(
            INVALID,
            "user_id cannot change: make a new session for another user",
        ));
    }
    let mut store = lock(&state.store);
    let current = find_session(&store, &auth.project_id, &id)?.clone();
    let mut source = current.source.clone();
    for (key, value) in changes {
        // The current API takes connected accounts as lists (several per toolkit); a session here uses the first.
        let value = match (key.as_str(), value) {
            ("connected_accounts", Value::Object(map)) => Value::Object(
                map.into_iter()
                    .map(|(toolkit, ids)| match ids {
                        Value::Array(list) => {
                            (toolkit, list.into_iter().next().unwrap_or(Value::Null))
                        }
                        other => (toolkit, other),
                    })
                    .collect(),
            ),
            (_, value) => value,
        };
        source.insert(key, value);
    }
    let mut next = session_from_body(&store, &auth.project_id, current.user_id.clone(), &source)?;
    let now = store.now();
    next.id = current.id.clone();
    next.config_version = current.config_version + 1;
    next.history = current.history.clone();
    next.history
        .push((current.config_version, current.config.clone(), now.clone()));
    next.config_at = now;
    let answer = session_json(&next, &host(&headers));
    let slot = store
        .mcp
        .sessions
        .iter_mut()
        .find(|s| s.project_id == auth.project_id && s.id == id)
        .expect("found above, under the same lock");
    *slot = next;
    Ok(Json(answer))
}

pub async fn history(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let page = PageRequest::from_params(&Params(query))?;
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let mut items = vec![json!({
        "version": session.config_version,
        "config": session.config,
        "created_at": session.config_at,
        "is_current": true,
    })];
    items.extend(session.history.iter().rev().map(|(version, config, replaced)| {
        json!({"version": version, "config": config, "created_at": replaced, "is_current": false})
    }));
    Ok(Json(page.page(items, "items")?))
}

pub async fn delete(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    find_session(&store, &auth.project_id, &id)?;
    store
        .mcp
        .sessions
        .retain(|s| !(s.project_id == auth.project_id && s.id == id));
    store
        .mcp
        .mount_files
        .retain(|f| !(f.project_id == auth.project_id && f.session_id == id));
    Ok(Json(json!({"session_id": id, "deleted": true})))
}
