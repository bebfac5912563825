//! `/triggers_types*` (the trigger type catalogue) and `/trigger_instances/*` (a project's triggers on its
//! connected accounts): list, get, enum, upsert, list active, enable/disable, delete.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::uuid;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{json_object, optional_object, optional_string};
use crate::shared::{lock, AppState};
use crate::store::catalogue::{AVAILABLE_VERSIONS, LATEST_VERSION, PINNED_V3_VERSION};
use crate::store::triggers::{find_type, instance_not_found, TriggerInstance, TRIGGER_TYPES};

const SLUG: &str = "TriggerInstance_InvalidRequest";

/// The trigger routes, merged into the API router under both prefixes.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/triggers_types", get(list_types))
        .route("/triggers_types/list/enum", get(type_enum))
        .route("/triggers_types/{slug}", get(get_type))
        .route("/trigger_instances/active", get(list_active))
        .route("/trigger_instances/{slug}/upsert", post(upsert))
        .route(
            "/trigger_instances/manage/{trigger_id}",
            patch(manage).delete(delete),
        )
}

fn bad(slug: &str, code: u32, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, slug, message).with_fix("Check your input.")
}

fn invalid(message: impl Into<String>) -> ApiError {
    bad(SLUG, 2600, message)
}

pub fn type_not_found(slug: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        2601,
        "TriggerType_NotFound",
        format!("Trigger type {slug} not found"),
    )
    .with_fix("Check your input.")
}

/// The version a trigger type answers with: `toolkit_versions` for its toolkit, else the latest.
fn type_version(params: &Params, toolkit: &str) -> ApiResult<&'static str> {
    match params.toolkit_version(toolkit) {
        None | Some("latest") => Ok(LATEST_VERSION),
        Some(v) if v == PINNED_V3_VERSION => Ok(PINNED_V3_VERSION),
        Some(v) => AVAILABLE_VERSIONS
            .iter()
            .copied()
            .find(|a| *a == v)
            .ok_or_else(|| {
                bad(
                    "TriggerType_InvalidVersion",
                    2603,
                    format!("Unknown toolkit version {v:?}"),
                )
            }),
    }
}

async fn list_types(
    _auth: ProjectAuth,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let toolkits: Vec<String> = params
        .list("toolkit_slugs")
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let mut items = Vec::new();
    for t in TRIGGER_TYPES
        .iter()
        .filter(|t| toolkits.is_empty() || toolkits.iter().any(|k| k == t.toolkit))
    {
        items.push((t, type_version(&params, t.toolkit)?));
    }
    Ok(Json(page.page_map(items, "items", |(t, version)| {
        t.to_json(version)
    })?))
}

async fn get_type(
    _auth: ProjectAuth,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let t = find_type(&slug).ok_or_else(|| type_not_found(&slug))?;
    let version = type_version(&Params(query), t.toolkit)?;
    Ok(Json(t.to_json(version)))
}

async fn type_enum(_auth: ProjectAuth) -> Json<Value> {
    Json(json!(crate::store::triggers::all_slugs()))
}

/// `toolkit_versions` in a body: a string, an object of strings, or null.
fn check_toolkit_versions(body: &Map<String, Value>) -> ApiResult<()> {
    match body.get("toolkit_versions") {
        None | Some(Value::Null) | Some(Value::String(_)) => Ok(()),
        Some(Value::Object(map)) if map.values().all(Value::is_string) => Ok(()),
        Some(_) => Err(invalid(
            "toolkit_versions must be a string or an object of strings",
        )),
    }
}

async fn upsert(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let trigger_type = find_type(&slug).ok_or_else(|| type_not_found(&slug))?;
    let body = json_object(&body)?;
    let named = optional_string(&body, "connected_account_id", SLUG)?
        .or(optional_string(&body, "connectedAuthId", SLUG)?)
        .filter(|id| !id.is_empty());
    // The current API resolves the user's account when only `user_id` is given (as tool execution does).
    let user = optional_string(&body, "user_id", SLUG)?.filter(|u| !u.is_empty());
    if named.is_none() && user.is_none() {
        return Err(invalid("connected_account_id or user_id is required"));
    }
    let config = match optional_object(&body, "trigger_config", SLUG)? {
        Some(config) => config,
        None => optional_object(&body, "triggerConfig", SLUG)?.unwrap_or_default(),
    };
    optional_string(&body, "version", SLUG)?;
    check_toolkit_versions(&body)?;

    let mut store = lock(&state.store);
    store.reconcile_triggers();
    let account = store.usable_account(
        &auth.project_id,
        Some(trigger_type.toolkit),
        named.as_deref(),
        user.as_deref(),
    )?;
    let (account_id, user_id, auth_config_id) = (
        account.id.clone(),
        account.user_id.clone(),
        account.auth_config_id.clone(),
    );
    trigger_type
        .check_config(&config)
        .map_err(|message| bad("TriggerInstance_InvalidConfig", 2604, message))?;
    let now = store.now();
    if let Some(existing) = store.trigger_instances.iter_mut().find(|t| {
        t.project_id == auth.project_id
            && t.slug == trigger_type.slug
            && t.connected_account_id == account_id
    }) {
        existing.config = config;
        existing.updated_at = now;
        return Ok(Json(
            json!({"trigger_id": existing.id, "deprecated": {"uuid": existing.uuid}}),
        ));
    }
    let id = store.new_trigger_id();
    let seq = store.next_seq();
    let instance = TriggerInstance {
        id: id.clone(),
        uuid: uuid(),
        project_id: auth.project_id.clone(),
        slug: trigger_type.slug.to_string(),
        connected_account_id: account_id,
        auth_config_id,
        user_id,
        config,
        disabled_at: None,
        disabled_reason: None,
        created_at: now.clone(),
        updated_at: now,
        seq,
    };
    let answer = json!({"trigger_id": id, "deprecated": {"uuid": instance.uuid}});
    store.trigger_instances.push(instance);
    Ok(Json(answer))
}

async fn list_active(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let mut page = PageRequest::from_params(&params)?;
    let both = |name: &str, alias: &str| {
        let mut values = params.list(name);
        values.extend(params.list(alias));
        values
    };
    let accounts = both("connected_account_ids", "connectedAccountIds");
    let configs = both("auth_config_ids", "authConfigIds");
    let ids = both("trigger_ids", "triggerIds");
    let names: Vec<String> = both("trigger_names", "triggerNames")
        .iter()
        .map(|n| n.to_uppercase())
        .collect();
    let account_uuids = params.list("deprecatedConnectedAccountUuids");
    let config_uuids = params.list("deprecatedAuthConfigUuids");
    let show_disabled = match params.bool("show_disabled")? {
        Some(b) => b,
        None => params.bool("showDisabled")?.unwrap_or(false),
    };
    let requested_page = match params.get("page") {
        None | Some("") => None,
        Some(raw) => match raw.trim().parse::<f64>() {
            Ok(n) if n >= 1.0 && n.fract() == 0.0 && n <= 1e9 => Some(n as usize),
            _ => {
                return Err(ApiError::bad_request(
                    "Request_InvalidPagination",
                    format!("page must be an integer of at least 1, got {raw:?}"),
                ))
            }
        },
    };

    let mut store = lock(&state.store);
    store.reconcile_triggers();
    let keep =
        |filter: &[String], value: &str| filter.is_empty() || filter.iter().any(|f| f == value);
    let mut matched: Vec<&TriggerInstance> = store
        .trigger_instances
        .iter()
        .filter(|t| {
            let account_uuid = store
                .account(&t.project_id, &t.connected_account_id)
                .map(|a| a.uuid.as_str())
                .unwrap_or("");
            let config_uuid = store
                .auth_config(&t.project_id, &t.auth_config_id)
                .map(|c| c.uuid.as_str())
                .unwrap_or("");
            t.project_id == auth.project_id
                && (show_disabled || t.enabled())
                && keep(&accounts, &t.connected_account_id)
                && keep(&configs, &t.auth_config_id)
                && keep(&ids, &t.id)
                && keep(&names, &t.slug)
                && keep(&account_uuids, account_uuid)
                && keep(&config_uuids, config_uuid)
        })
        .collect();
    matched.sort_by_key(|t| std::cmp::Reverse(t.seq));
    if let (Some(n), None | Some("")) = (requested_page, params.get("cursor")) {
        let offset = (n - 1) * page.limit;
        if n > 1 && offset >= matched.len() {
            return Err(ApiError::bad_request(
                "Request_InvalidPagination",
                format!(
                    "page {n} is beyond the last page {}",
                    matched.len().div_ceil(page.limit).max(1)
                ),
            ));
        }
        page.offset = offset;
    }
    let body = page.page_map(matched, "items", |t| store.trigger_json(t))?;
    Ok(Json(body))
}

async fn manage(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let enable = match body.get("status").and_then(Value::as_str) {
        Some("enable") => true,
        Some("disable") => false,
        _ => return Err(invalid("status is required and must be enable or disable")),
    };
    let mut store = lock(&state.store);
    store.reconcile_triggers();
    let instance = store.trigger(&auth.project_id, &id)?;
    if instance.enabled() == enable {
        let already = if enable { "enabled" } else { "disabled" };
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            2605,
            "TriggerInstance_AlreadyInState",
            format!("Trigger instance {id} is already {already}"),
        ));
    }
    if enable {
        let account_id = instance.connected_account_id.clone();
        // The spec documents no 422 on manage (upsert has one): an account that is not usable is a 400 here.
        store
            .usable_account(&auth.project_id, None, Some(&account_id), None)
            .map_err(|mut e| {
                if e.status == StatusCode::UNPROCESSABLE_ENTITY {
                    e.status = StatusCode::BAD_REQUEST;
                }
                e
            })?;
    }
    let now = store.now();
    let instance = store.trigger_mut(&auth.project_id, &id)?;
    instance.disabled_at = (!enable).then(|| now.clone());
    instance.disabled_reason = None;
    instance.updated_at = now;
    Ok(Json(json!({"status": "success"})))
}

async fn delete(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    store.reconcile_triggers();
    let before = store.trigger_instances.len();
    store
        .trigger_instances
        .retain(|t| !(t.project_id == auth.project_id && t.id == id));
    if store.trigger_instances.len() == before {
        return Err(instance_not_found(&id));
    }
    Ok(Json(json!({"trigger_id": id})))
}
