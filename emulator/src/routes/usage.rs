//! Metered usage, computed from the tool execution logs (the one entity type the emulator meters is
//! `tool_execution`, unit `count`, one per execution): `POST /project/usage/summary` and `…/{entity_type}` with the
//! project key, `POST /org/usage/summary` and `…/{entity_type}` with the org key over the organisation's projects.

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::{OrgAuth, ProjectAuth};
use crate::errors::{ApiError, ApiResult};
use crate::routes::{json_object, optional_object, optional_string, optional_strings};
use crate::shared::{lock, AppState};
use crate::store::logs::ToolLog;
use crate::store::Store;

const INVALID: &str = "Usage_InvalidRequest";
const ENTITY: &str = "tool_execution";
const DAY_MS: u64 = 86_400_000;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/project/usage/summary", post(project_summary))
        .route("/project/usage/{entity_type}", post(project_usage))
        .route("/org/usage/summary", post(org_summary))
        .route("/org/usage/{entity_type}", post(org_usage))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

/// The executions of `projects` the body's range and filters keep (`[from, to)`, default the last 30 days).
fn selected<'a>(
    store: &'a Store,
    projects: &[String],
    body: &Map<String, Value>,
) -> ApiResult<Vec<&'a ToolLog>> {
    let number = |field: &str| match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .map(|f| Some(f as u64))
            .ok_or_else(|| invalid(format!("{field} must be a number"))),
    };
    // Without `to`, no end: events of the same millisecond get timestamps a little ahead of the clock.
    let to = number("to")?.unwrap_or(u64::MAX);
    let from = number("from")?.unwrap_or(store.now_ms().saturating_sub(30 * DAY_MS));
    if from > to {
        return Err(invalid("from must not be after to"));
    }
    let filters = optional_object(body, "filters", INVALID)?.unwrap_or_default();
    let list =
        |name: &str| optional_strings(&filters, name, INVALID).map(Option::unwrap_or_default);
    let (project_ids, user_ids, session_ids) =
        (list("project_id")?, list("user_id")?, list("session_id")?);
    let keep = |wanted: &[String], value: Option<&str>| {
        wanted.is_empty() || value.is_some_and(|v| wanted.iter().any(|w| w == v))
    };
    Ok(store
        .tool_logs
        .iter()
        .filter(|l| projects.contains(&l.project_id) && (from..to).contains(&l.at_ms))
        .filter(|l| keep(&project_ids, Some(&l.project_id)))
        .filter(|l| {
            keep(&user_ids, l.user_id.as_deref()) && keep(&session_ids, l.session_id.as_deref())
        })
        .collect())
}

fn summary(store: &Store, projects: &[String], body: &Map<String, Value>) -> ApiResult<Value> {
    let types = optional_strings(body, "entity_types", INVALID)?;
    let count = selected(store, projects, body)?.len();
    let mut entities = Map::new();
    if types
        .as_ref()
        .map_or(true, |t| t.iter().any(|t| t == ENTITY))
    {
        entities.insert(
            ENTITY.into(),
            json!({"unit": "count", "total_quantity": count.to_string(), "event_count": count}),
        );
    }
    Ok(json!({"entities": entities, "instant_charge": "0"}))
}

fn grouped(
    store: &Store,
    projects: &[String],
    entity: &str,
    body: &Map<String, Value>,
) -> ApiResult<Value> {
    let logs = match entity {
        ENTITY => selected(store, projects, body)?,
        _ => Vec::new(),
    };
    let group_by = optional_string(body, "group_by", INVALID)?;
    let key_of = |l: &ToolLog| -> String {
        match group_by.as_deref() {
            Some("project_id") => l.project_id.clone(),
            Some("user_id") => l.user_id.clone().unwrap_or_default(),
            Some("session_id") => l.session_id.clone().unwrap_or_default(),
            Some("tool_slug") => l.tool_slug.clone(),
            Some("toolkit_slug") => l.toolkit_slug.clone(),
            _ => entity.to_string(),
        }
    };
    if let Some(g) = group_by.as_deref() {
        if ![
            "project_id",
            "user_id",
            "session_id",
            "tool_slug",
            "toolkit_slug",
        ]
        .contains(&g)
        {
            return Err(invalid(
                "group_by must be one of project_id, user_id, session_id, tool_slug, toolkit_slug",
            ));
        }
    }
    let mut groups: Vec<(String, u64)> = Vec::new();
    for log in &logs {
        let key = key_of(log);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => groups.push((key, 1)),
        }
    }
    let descending = optional_string(body, "order_direction", INVALID)?.as_deref() != Some("asc");
    match optional_string(body, "order_by", INVALID)?.as_deref() {
        Some("key") => groups.sort_by(|a, b| a.0.cmp(&b.0)),
        _ => groups.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))),
    }
    if descending {
        groups.reverse();
    }
    let limit = body.get("limit").and_then(Value::as_u64).unwrap_or(100) as usize;
    let rows: Vec<Value> = groups
        .iter()
        .take(limit)
        .map(|(key, n)| json!({"key": key, "total_quantity": n.to_string(), "event_count": n}))
        .collect();
    Ok(json!({
        "entity_type": entity,
        "unit": "count",
        "total_quantity": logs.len().to_string(),
        "event_count": logs.len(),
        "groups": rows,
    }))
}

fn org_projects(store: &Store, org_id: &str) -> Vec<String> {
    store
        .org_projects(org_id)
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

async fn project_summary(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let store = lock(&state.store);
    Ok(Json(summary(&store, &[auth.project_id], &body)?))
}

async fn project_usage(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(entity): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let store = lock(&state.store);
    Ok(Json(grouped(&store, &[auth.project_id], &entity, &body)?))
}

async fn org_summary(
    auth: OrgAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let store = lock(&state.store);
    let projects = org_projects(&store, &auth.org_id);
    Ok(Json(summary(&store, &projects, &body)?))
}

async fn org_usage(
    auth: OrgAuth,
    State(state): State<AppState>,
    Path(entity): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let store = lock(&state.store);
    let projects = org_projects(&store, &auth.org_id);
    Ok(Json(grouped(&store, &projects, &entity, &body)?))
}
