//! `/connected_accounts`: list, get, link, initiate, delete, enable/disable and refresh a project's accounts.
//!
//! Every project starts with three seeded accounts (see `resources.rs`): `ca_<project name>_1` GitHub ACTIVE and
//! `…_3` Gmail FAILED for `user-1`, `…_2` Slack INITIATED for `user-2`.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::clock::format_rfc3339_ms;
use crate::errors::{ApiError, ApiResult};
use crate::ids::uuid;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{
    host, json_object, optional_bool, optional_object, optional_string, required_string,
};
use crate::shared::{lock, AppState};
use crate::store::resources::{link_url, Account, ACCOUNT_STATUSES, OAUTH_SCHEMES};
use crate::store::Store;

const SLUG: &str = "ConnectedAccount_InvalidRequest";

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(SLUG, message)
}

pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let statuses = params.list("statuses");
    if let Some(bad) = statuses
        .iter()
        .find(|s| !ACCOUNT_STATUSES.contains(&s.as_str()))
    {
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
    let store = lock(&state.store);
    let mut accounts: Vec<&Account> = store
        .accounts
        .iter()
        .filter(|a| {
            a.project_id == auth.project_id
                && keep(&users, &a.user_id)
                && keep(&toolkits, &a.toolkit)
                && keep(&statuses, &a.status)
                && keep(&configs, &a.auth_config_id)
                && keep(&ids, &a.id)
        })
        .collect();
    let by_updated = params.get("order_by") == Some("updated_at");
    accounts.sort_by(|a, b| {
        let key = |x: &Account| {
            let at = if by_updated {
                x.updated_at.clone()
            } else {
                x.created_at.clone()
            };
            (at, x.seq)
        };
        key(a).cmp(&key(b))
    });
    if params.get("order_direction") != Some("asc") {
        accounts.reverse();
    }
    let page = page.page_map(accounts, "items", |a| store.account_json(a))?;
    Ok(Json(page))
}

pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let account = store.account(&auth.project_id, &id)?;
    Ok(Json(store.account_json(account)))
}

/// Creates an account on an enabled auth config of the project; returns its id.
pub fn new_account(
    store: &mut Store,
    project_id: &str,
    config_id: &str,
    user_id: &str,
    status: &str,
    data: Map<String, Value>,
) -> ApiResult<(String, String, String)> {
    let config = store.auth_config(project_id, config_id)?;
    if !config.enabled {
        return Err(ApiError::bad_request(
            "AuthConfig_Disabled",
            format!("Auth config {config_id} is disabled"),
        ));
    }
    let (toolkit, scheme, config_uuid) = (
        config.toolkit.clone(),
        config.auth_scheme.clone(),
        config.uuid.clone(),
    );
    let id = store.new_account_id();
    let seq = store.next_seq();
    let now = store.now();
    store.accounts.push(Account {
        id: id.clone(),
        uuid: uuid(),
        project_id: project_id.to_string(),
        toolkit,
        user_id: user_id.to_string(),
        auth_config_id: config_id.to_string(),
        status: status.to_string(),
        status_reason: None,
        disabled: false,
        status_before_disable: None,
        data,
        alias: None,
        created_at: now.clone(),
        updated_at: now,
        seq,
    });
    Ok((id, scheme, config_uuid))
}

/// `POST /connected_accounts/link`: an INITIATED account and a link token for the end user's browser.
pub async fn link(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let config_id = required_string(&body, "auth_config_id", SLUG, 1)?;
    let user_id = required_string(&body, "user_id", SLUG, 1)?;
    let callback_url = optional_string(&body, "callback_url", SLUG)?;
    let data = optional_object(&body, "connection_data", SLUG)?.unwrap_or_default();
    let mut store = lock(&state.store);
    let (id, _, _) = new_account(
        &mut store,
        &auth.project_id,
        &config_id,
        &user_id,
        "INITIATED",
        data,
    )?;
    let (token, expires_ms) = store.issue_link(&auth.project_id, &id, callback_url);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "link_token": token,
            "redirect_url": link_url(&host(&headers), &token),
            "expires_at": format_rfc3339_ms(expires_ms),
            "connected_account_id": id,
        })),
    ))
}

/// `POST /connected_accounts`: OAuth schemes start INITIATED with a link; the others are ACTIVE at once with the
/// credentials given in `connection.state.val` or `connection.data`.
pub async fn initiate(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let config_id = match body.get("auth_config") {
        Some(Value::Object(c)) => required_string(c, "id", SLUG, 1)?,
        _ => return Err(invalid("auth_config is required and must be an object")),
    };
    let Some(connection) = optional_object(&body, "connection", SLUG)? else {
        return Err(invalid("connection is required and must be an object"));
    };
    optional_bool(&body, "validate_credentials", SLUG)?;
    let user_id = optional_string(&connection, "user_id", SLUG)?.unwrap_or("default".into());
    let callback_url = optional_string(&connection, "callback_url", SLUG)?;
    let redirect_uri = optional_string(&connection, "redirect_uri", SLUG)?;
    let mut data = optional_object(&connection, "data", SLUG)?.unwrap_or_default();
    let mut state_scheme = None;
    if let Some(given) = optional_object(&connection, "state", SLUG)? {
        let scheme = required_string(&given, "authScheme", SLUG, 1)
            .map_err(|_| invalid("connection.state.authScheme is required"))?;
        let Some(Value::Object(val)) = given.get("val") else {
            return Err(invalid(
                "connection.state.val is required and must be an object",
            ));
        };
        let mut val = val.clone();
        val.remove("status");
        data.extend(val);
        state_scheme = Some(scheme);
    }

    let mut store = lock(&state.store);
    let scheme = store
        .auth_config(&auth.project_id, &config_id)?
        .auth_scheme
        .clone();
    if let Some(given) = state_scheme.filter(|s| *s != scheme) {
        return Err(invalid(format!(
            "connection.state.authScheme {given} does not match the auth config's scheme {scheme}"
        )));
    }
    let oauth = OAUTH_SCHEMES.contains(&scheme.as_str());
    let status = if oauth { "INITIATED" } else { "ACTIVE" };
    let (id, scheme, config_uuid) = new_account(
        &mut store,
        &auth.project_id,
        &config_id,
        &user_id,
        status,
        data,
    )?;
    let redirect = oauth.then(|| {
        let (token, _) =
            store.issue_link(&auth.project_id, &id, callback_url.or(redirect_uri.clone()));
        link_url(&host(&headers), &token)
    });
    let account = store.account(&auth.project_id, &id)?;
    let shown = store.account_json(account);
    let uuid = account.uuid.clone();
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": id,
            "connectionData": {"authScheme": scheme, "val": shown["state"]["val"]},
            "status": status,
            "redirect_url": redirect,
            "redirect_uri": redirect,
            "deprecated": {"uuid": uuid, "authConfigUuid": config_uuid},
        })),
    ))
}

pub async fn delete(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    store.account(&auth.project_id, &id)?;
    store.delete_account(&auth.project_id, &id);
    Ok(Json(json!({"success": true})))
}

/// Disabling keeps the status aside and shows INACTIVE; enabling gives the kept status back.
pub async fn set_enabled(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let Some(enabled) = optional_bool(&body, "enabled", SLUG)? else {
        return Err(invalid("enabled is required and must be a boolean"));
    };
    let mut store = lock(&state.store);
    let now = store.now();
    let account = store.account_mut(&auth.project_id, &id)?;
    if enabled && account.disabled {
        account.disabled = false;
        account.status = account
            .status_before_disable
            .take()
            .unwrap_or("ACTIVE".into());
        account.updated_at = now;
    } else if !enabled && !account.disabled {
        account.disabled = true;
        account.status_before_disable =
            Some(std::mem::replace(&mut account.status, "INACTIVE".into()));
        account.updated_at = now;
    }
    Ok(Json(json!({"success": true})))
}

/// OAuth accounts go back to INITIATED with a fresh link; other schemes stay ACTIVE with no link.
pub async fn refresh(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let params = Params(query);
    optional_bool(&body, "validate_credentials", SLUG)?;
    let callback = optional_string(&body, "redirect_url", SLUG)?
        .or_else(|| params.get("redirect_url").map(str::to_string))
        .filter(|u| !u.is_empty());
    let mut store = lock(&state.store);
    let account = store.account(&auth.project_id, &id)?;
    let scheme = store
        .auth_config(&auth.project_id, &account.auth_config_id)
        .map(|c| c.auth_scheme.clone())
        .unwrap_or("OAUTH2".into());
    let now = store.now();
    if !OAUTH_SCHEMES.contains(&scheme.as_str()) {
        let account = store.account_mut(&auth.project_id, &id)?;
        if !account.disabled {
            account.status = "ACTIVE".into();
            account.status_reason = None;
        }
        account.updated_at = now;
        let status = account.status.clone();
        return Ok(Json(
            json!({"id": id, "status": status, "redirect_url": null}),
        ));
    }
    let account = store.account_mut(&auth.project_id, &id)?;
    account.status = "INITIATED".into();
    account.status_reason = None;
    account.disabled = false;
    account.status_before_disable = None;
    account.updated_at = now;
    let (token, _) = store.issue_link(&auth.project_id, &id, callback);
    Ok(Json(json!({
        "id": id,
        "status": "INITIATED",
        "redirect_url": link_url(&host(&headers), &token),
    })))
}
