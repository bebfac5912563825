//! `GET /connected_accounts` and `GET /connected_accounts/{nanoid}`.
//!
//! Until accounts can be created through the API, every project has three seeded accounts: `ca_<project name>_1`
//! GitHub ACTIVE and `…_3` Gmail FAILED for `user-1`, `…_2` Slack INITIATED for `user-2`. Ids carry the project's
//! name, so one project cannot read another's accounts.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::shared::{lock, AppState};

/// (toolkit, user, status, auth scheme), in creation order.
const SEEDED: [(&str, &str, &str, &str); 3] = [
    ("github", "user-1", "ACTIVE", "OAUTH2"),
    ("slack", "user-2", "INITIATED", "OAUTH2"),
    ("gmail", "user-1", "FAILED", "OAUTH2"),
];
const STATUSES: [&str; 6] = [
    "INITIALIZING",
    "INITIATED",
    "ACTIVE",
    "FAILED",
    "EXPIRED",
    "INACTIVE",
];

/// A stable id from the project's name and the account's place.
fn account_id(project: &str, index: usize) -> String {
    format!("ca_{project}_{}", index + 1)
}

/// The name of the project the key belongs to.
fn project_name(state: &AppState, auth: &ProjectAuth) -> String {
    lock(&state.store)
        .projects
        .iter()
        .find(|p| p.id == auth.project_id)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

fn auth_config_id(toolkit: &str) -> String {
    format!("ac_{toolkit}managed")
}

fn account_json(project: &str, index: usize) -> Value {
    let (toolkit, user, status, scheme) = SEEDED[index];
    let created = format!("2025-11-0{}T10:00:00.000Z", index + 1);
    json!({
        "toolkit": {"slug": toolkit},
        "auth_config": {
            "id": auth_config_id(toolkit),
            "auth_scheme": scheme,
            "is_composio_managed": true,
            "is_disabled": false,
        },
        "id": account_id(project, index),
        "user_id": user,
        "status": status,
        "created_at": created,
        "updated_at": created,
        "state": {"authScheme": scheme, "val": {"status": status}},
        "data": {},
        "params": {},
        "status_reason": if status == "FAILED" { json!("The user denied access") } else { Value::Null },
        "is_disabled": false,
    })
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        1101,
        "ConnectedAccount_NotFound",
        format!("Connected account {id} not found"),
    )
}

pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let project = project_name(&state, &auth);
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let statuses = params.list("statuses");
    if let Some(bad) = statuses.iter().find(|s| !STATUSES.contains(&s.as_str())) {
        return Err(ApiError::bad_request(
            "Request_InvalidQuery",
            format!("statuses: unknown status {bad:?}"),
        ));
    }
    let (users, toolkits) = (params.list("user_ids"), params.list("toolkit_slugs"));
    let (configs, ids) = (
        params.list("auth_config_ids"),
        params.list("connected_account_ids"),
    );
    let keep =
        |filter: &[String], value: &str| filter.is_empty() || filter.iter().any(|f| f == value);
    let mut indexes: Vec<usize> = (0..SEEDED.len())
        .filter(|&i| {
            let (toolkit, user, status, _) = SEEDED[i];
            keep(&users, user)
                && keep(&toolkits, toolkit)
                && keep(&statuses, status)
                && keep(&configs, &auth_config_id(toolkit))
                && keep(&ids, &account_id(&project, i))
        })
        .collect();
    // Every seeded account has created_at == updated_at, so both orders are creation order.
    if params.get("order_direction") != Some("asc") {
        indexes.reverse();
    }
    let items = indexes
        .into_iter()
        .map(|i| account_json(&project, i))
        .collect();
    Ok(Json(page.page(items, "items")?))
}

pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let project = project_name(&state, &auth);
    (0..SEEDED.len())
        .find(|&i| account_id(&project, i) == id)
        .map(|i| Json(account_json(&project, i)))
        .ok_or_else(|| not_found(&id))
}
