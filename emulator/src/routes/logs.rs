//! The project's logs: `POST /logs/tool_execution` (a filtered page, newest first) and `GET /logs/tool_execution/
//! {id}`; the dashboard's `POST /internal/action_execution/logs`, `GET …/log/{id}` and `GET …/fields`; trigger
//! event logs `POST /internal/trigger/logs` and `GET /internal/trigger/log/{id}`. See `crate::store::logs` for what is
//! recorded.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageRequest, DEFAULT_LIMIT, MAX_LIMIT};
use crate::params::Params;
use crate::routes::{json_object, optional_bool, optional_string};
use crate::shared::{lock, AppState};
use crate::store::logs::{action_fields, ToolLog, TriggerLog};

const INVALID: &str = "Logs_InvalidRequest";
const FILTER_FIELDS: [&str; 10] = [
    "tool_slug",
    "toolkit_slug",
    "connected_account_id",
    "auth_config_id",
    "status",
    "user_id",
    "session_id",
    "sandbox_id",
    "request_id",
    "log_id",
];
const OPERATORS: [&str; 4] = ["==", "!=", "contains", "not_contains"];
/// The `time` windows of trigger logs, in milliseconds.
const WINDOWS: [(&str, u64); 7] = [
    ("5m", 300_000),
    ("30m", 1_800_000),
    ("6h", 21_600_000),
    ("1d", 86_400_000),
    ("1w", 604_800_000),
    ("1month", 2_592_000_000),
    ("1y", 31_536_000_000),
];

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/logs/tool_execution", post(list_tool_executions))
        .route("/logs/tool_execution/{id}", get(get_tool_execution))
        .route(
            "/internal/action_execution/logs",
            post(search_action_executions),
        )
        .route(
            "/internal/action_execution/log/{id}",
            get(get_action_execution),
        )
        .route("/internal/action_execution/fields", get(fields))
        .route("/internal/trigger/logs", post(search_trigger_events))
        .route("/internal/trigger/log/{id}", get(get_trigger_event))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

fn log_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        1800,
        "Log_NotFound",
        format!("Log {id} not found"),
    )
}

/// A whole number field (the spec allows integer or number, so `5.0` is 5).
fn optional_u64(body: &Map<String, Value>, field: &str) -> ApiResult<Option<u64>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            })
            .map(Some)
            .ok_or_else(|| invalid(format!("{field} must be a non-negative whole number"))),
    }
}

fn limit_of(body: &Map<String, Value>) -> ApiResult<usize> {
    match optional_u64(body, "limit")? {
        None | Some(0) => Ok(DEFAULT_LIMIT),
        Some(n) if n as usize <= MAX_LIMIT => Ok(n as usize),
        Some(_) => Err(invalid(format!("limit must be at most {MAX_LIMIT}"))),
    }
}

/// `[{field, <op_key>, value}]`, every entry's strings present.
fn conditions(
    body: &Map<String, Value>,
    key: &str,
    op_key: &str,
) -> ApiResult<Vec<(String, String, String)>> {
    let Some(raw) = body.get(key).filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let items = raw
        .as_array()
        .ok_or_else(|| invalid(format!("{key} must be an array")))?;
    items
        .iter()
        .map(|item| {
            let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_string);
            match (text("field"), text(op_key), text("value")) {
                (Some(f), Some(o), Some(v)) => Ok((f, o, v)),
                _ => Err(invalid(format!(
                    "each of {key} needs field, {op_key} and value, all strings"
                ))),
            }
        })
        .collect()
}

fn compare(actual: Option<&str>, operator: &str, value: &str, case_sensitive: bool) -> bool {
    let (actual, value) = match case_sensitive {
        true => (actual.unwrap_or("").to_string(), value.to_string()),
        false => (actual.unwrap_or("").to_lowercase(), value.to_lowercase()),
    };
    match operator {
        "==" | "equals" | "eq" => actual == value,
        "!=" | "not_equals" | "neq" => actual != value,
        "not_contains" => !actual.contains(&value),
        _ => actual.contains(&value),
    }
}

/// `(from, to)` in epoch milliseconds, inclusive; either may be open.
fn in_range(at: u64, from: Option<u64>, to: Option<u64>) -> bool {
    from.map_or(true, |f| at >= f) && to.map_or(true, |t| at <= t)
}

fn project_tool_logs<'a>(
    logs: &'a [ToolLog],
    project_id: &'a str,
) -> impl Iterator<Item = &'a ToolLog> {
    logs.iter()
        .rev()
        .filter(move |l| l.project_id == project_id)
}

async fn list_tool_executions(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let filters = conditions(&body, "filters", "operator")?;
    for (field, operator, _) in &filters {
        if !FILTER_FIELDS.contains(&field.as_str()) {
            return Err(invalid(format!(
                "filters: field must be one of {}",
                FILTER_FIELDS.join(", ")
            )));
        }
        if !OPERATORS.contains(&operator.as_str()) {
            return Err(invalid(format!(
                "filters: operator must be one of {}",
                OPERATORS.join(", ")
            )));
        }
    }
    let (from, to) = match body.get("time_range") {
        None | Some(Value::Null) => (None, None),
        Some(Value::Object(range)) => {
            match (optional_u64(range, "from")?, optional_u64(range, "to")?) {
                (Some(f), Some(t)) => (Some(f), Some(t)),
                _ => {
                    return Err(invalid(
                        "time_range needs both from and to (epoch milliseconds)",
                    ))
                }
            }
        }
        Some(_) => return Err(invalid("time_range must be an object")),
    };
    let mut query = vec![("limit".to_string(), limit_of(&body)?.to_string())];
    if let Some(cursor) = optional_string(&body, "cursor", INVALID)? {
        query.push(("cursor".to_string(), cursor));
    }
    let page = PageRequest::from_params(&Params(query))?;
    let store = lock(&state.store);
    let matching: Vec<&ToolLog> = project_tool_logs(&store.tool_logs, &auth.project_id)
        .filter(|l| in_range(l.at_ms, from, to))
        .filter(|l| {
            filters
                .iter()
                .all(|(f, o, v)| compare(l.field(f), o, v, true))
        })
        .collect();
    let body = page.page_map(matching, "logs", ToolLog::entry_json)?;
    Ok(Json(json!(body)))
}

fn tool_log<'a>(logs: &'a [ToolLog], project_id: &str, id: &str) -> ApiResult<&'a ToolLog> {
    logs.iter()
        .find(|l| l.project_id == project_id && l.id == id)
        .ok_or_else(|| log_not_found(id))
}

async fn get_tool_execution(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    Ok(Json(
        tool_log(&store.tool_logs, &auth.project_id, &id)?.detail_json(),
    ))
}

async fn search_action_executions(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let search = conditions(&body, "search_params", "operation")?;
    let case_sensitive = optional_bool(&body, "case_sensitive", INVALID)?.unwrap_or(false);
    let (from, to) = (optional_u64(&body, "from")?, optional_u64(&body, "to")?);
    let limit = limit_of(&body)?;
    let offset = optional_u64(&body, "cursor")?.unwrap_or(0) as usize;
    let store = lock(&state.store);
    let matching: Vec<&ToolLog> = project_tool_logs(&store.tool_logs, &auth.project_id)
        .filter(|l| in_range(l.at_ms, from, to))
        .filter(|l| {
            search
                .iter()
                .all(|(f, o, v)| compare(l.action_field(f), o, v, case_sensitive))
        })
        .collect();
    let data: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|l| l.action_entry_json())
        .collect();
    let next = (offset + limit < matching.len()).then_some(offset + limit);
    Ok(Json(json!({"data": data, "nextCursor": next})))
}

async fn get_action_execution(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    Ok(Json(
        tool_log(&store.tool_logs, &auth.project_id, &id)?.action_detail_json(),
    ))
}

async fn fields(_auth: ProjectAuth) -> Json<Value> {
    Json(action_fields())
}

async fn search_trigger_events(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let search_params = conditions(&body, "search_params", "operation")?;
    let user_id =
        optional_string(&body, "userId", INVALID)?.or(optional_string(&body, "entityId", INVALID)?);
    let auth_config = optional_string(&body, "integrationId", INVALID)?;
    let status = optional_string(&body, "status", INVALID)?.unwrap_or_else(|| "all".into());
    if !["all", "success", "error"].contains(&status.as_str()) {
        return Err(invalid("status must be one of all, success, error"));
    }
    let window = match optional_string(&body, "time", INVALID)? {
        None => None,
        Some(t) => Some(
            WINDOWS
                .iter()
                .find(|(name, _)| *name == t)
                .map(|(_, ms)| *ms)
                .ok_or_else(|| invalid("time must be one of 5m, 30m, 6h, 1d, 1w, 1month, 1y"))?,
        ),
    };
    let text = optional_string(&body, "search", INVALID)?.map(|s| s.to_lowercase());
    let payload = optional_bool(&body, "include_payload", INVALID)?.unwrap_or(true);
    let mut query = vec![("limit".to_string(), limit_of(&body)?.to_string())];
    if let Some(cursor) = optional_string(&body, "cursor", INVALID)? {
        query.push(("cursor".to_string(), cursor));
    }
    let page = PageRequest::from_params(&Params(query))?;
    let store = lock(&state.store);
    let from = optional_u64(&body, "from")?.or(window.map(|w| store.now_ms().saturating_sub(w)));
    let to = optional_u64(&body, "to")?;
    let matching: Vec<&TriggerLog> = store
        .trigger_logs
        .iter()
        .rev()
        .filter(|l| l.project_id == auth.project_id && in_range(l.at_ms, from, to))
        .filter(|l| user_id.as_ref().map_or(true, |u| &l.user_id == u))
        .filter(|l| {
            auth_config
                .as_ref()
                .map_or(true, |a| &l.auth_config_id == a)
        })
        .filter(|l| status == "all" || l.status() == status)
        .filter(|l| {
            text.as_ref().map_or(true, |t| {
                [&l.trigger_slug, &l.trigger_id, &l.id]
                    .iter()
                    .any(|s| s.to_lowercase().contains(t))
                    || l.payload.to_string().to_lowercase().contains(t)
            })
        })
        .filter(|l| {
            search_params
                .iter()
                .all(|(f, o, v)| compare(l.field(f), o, v, false))
        })
        .collect();
    let body = page.page_map(matching, "data", |l| l.to_json(payload))?;
    let mut body = json!(body);
    body["nextCursor"] = body["next_cursor"].take();
    if let Some(map) = body.as_object_mut() {
        map.remove("next_cursor");
    }
    Ok(Json(body))
}

async fn get_trigger_event(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let log = store
        .trigger_logs
        .iter()
        .find(|l| l.project_id == auth.project_id && l.id == id)
        .ok_or_else(|| log_not_found(&id))?;
    Ok(Json(json!({"log": log.to_json(true)})))
}
