//! The legacy `/labs/tool_router/session`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::ApiResult;
use crate::routes::mcp::encode;
use crate::routes::{
    host, json_object, optional_bool, optional_object, optional_string, required_string,
};
use crate::shared::{lock, AppState};

use super::*;

/// `POST /labs/tool_router/session` (legacy): `{user_id, config?: {manually_manage_connections?, toolkits?:
/// [{toolkit, auth_config_id?}]}}`; the same user and configuration twice is 409, as the spec documents.
pub async fn create_legacy(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let user_id = required_string(&body, "user_id", INVALID, 0)?;
    let config = optional_object(&body, "config", INVALID)?.unwrap_or_default();
    let manual = optional_bool(&config, "manually_manage_connections", INVALID)?.unwrap_or(false);
    let mut entries = Vec::new();
    match config.get("toolkits") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let Some(item) = item.as_object() else {
                    return Err(invalid("config.toolkits items must be objects"));
                };
                let toolkit = required_string(item, "toolkit", INVALID, 1)?;
                let config_id = optional_string(item, "auth_config_id", INVALID)?;
                entries.push((
                    toolkit_slug(&toolkit, "config.toolkits")?.slug.to_string(),
                    config_id,
                ));
            }
        }
        Some(_) => return Err(invalid("config.toolkits must be an array")),
    }
    // The new session's body, so the session is checked and kept as one.
    let mut new_body = Map::new();
    if !entries.is_empty() {
        let slugs: Vec<&String> = entries.iter().map(|(t, _)| t).collect();
        new_body.insert("toolkits".into(), json!({ "enable": slugs }));
    }
    let configs: Map<String, Value> = entries
        .iter()
        .filter_map(|(t, c)| c.as_ref().map(|c| (t.clone(), json!(c))))
        .collect();
    if !configs.is_empty() {
        new_body.insert("auth_configs".into(), Value::Object(configs));
    }
    new_body.insert("manage_connections".into(), json!({ "enable": !manual }));
    let legacy = json!({
        "user_id": user_id,
        "manually_manage_connections": manual,
        "toolkits": entries.iter().map(|(t, c)| json!({"toolkit": t, "auth_config_id": c})).collect::<Vec<_>>(),
    });
    let mut store = lock(&state.store);
    let mut session = session_from_body(&store, &auth.project_id, user_id.clone(), &new_body)?;
    if store
        .mcp
        .sessions
        .iter()
        .any(|s| s.project_id == auth.project_id && s.legacy_body.as_ref() == Some(&legacy))
    {
        return Err(legacy_conflict(&user_id));
    }
    session.legacy_body = Some(legacy);
    let session = insert(&mut store, session);
    let url = session_url(&host(&headers), &session.id);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "session_id": session.id,
            "chat_session_mcp_url": url,
            "tool_router_instance_mcp_url": format!("{url}?user_id={}", encode(&user_id)),
        })),
    ))
}
