//! `/auth_configs`: create, list, get, update, enable/disable and delete a project's auth configs.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::uuid;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{json_object, optional_object, optional_string, optional_strings};
use crate::shared::{lock, AppState};
use crate::store::resources::{
    default_name, find_toolkit, managed_schemes, AuthConfig, AUTH_SCHEMES,
};

const SLUG: &str = "AuthConfig_InvalidRequest";

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(SLUG, message)
}

/// The access lists of a body: `restrict_to_following_tools` and `tool_access_config`.
struct Access {
    restrict: Option<Vec<String>>,
    creation_tools: Option<Vec<String>>,
}

fn access(body: &Map<String, Value>) -> ApiResult<Access> {
    let mut restrict = optional_strings(body, "restrict_to_following_tools", SLUG)?;
    let mut creation_tools = None;
    if let Some(config) = optional_object(body, "tool_access_config", SLUG)? {
        creation_tools = optional_strings(&config, "tools_for_connected_account_creation", SLUG)?;
        if let Some(execution) = optional_strings(&config, "tools_available_for_execution", SLUG)? {
            restrict = Some(execution);
        }
    }
    Ok(Access {
        restrict,
        creation_tools,
    })
}

fn proxy_config(body: &Map<String, Value>) -> ApiResult<Option<Value>> {
    let Some(proxy) = optional_object(body, "proxy_config", SLUG)? else {
        return Ok(None);
    };
    match proxy.get("proxy_url") {
        Some(Value::String(url)) if url.starts_with("http://") || url.starts_with("https://") => {}
        _ => return Err(invalid("proxy_config.proxy_url must be an http(s) URL")),
    }
    if proxy.get("proxy_auth_key").is_some_and(|k| !k.is_string()) {
        return Err(invalid("proxy_config.proxy_auth_key must be a string"));
    }
    Ok(Some(Value::Object(proxy)))
}

fn scopes_ok(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(Value::is_string),
        _ => false,
    }
}

fn credentials(body: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    let credentials = optional_object(body, "credentials", SLUG)?.unwrap_or_default();
    for field in ["scopes", "user_scopes"] {
        if credentials.get(field).is_some_and(|v| !scopes_ok(v)) {
            return Err(invalid(format!(
                "credentials.{field} must be a string or an array of strings"
            )));
        }
    }
    Ok(credentials)
}

pub async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let toolkit_slug = match body.get("toolkit") {
        Some(Value::Object(t)) => match t.get("slug") {
            Some(Value::String(s)) => s.clone(),
            _ => return Err(invalid("toolkit.slug is required and must be a string")),
        },
        _ => return Err(invalid("toolkit is required and must be an object")),
    };
    let spec = match body.get("auth_config") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(invalid("auth_config must be an object")),
    };
    let kind = match spec.get("type") {
        None if spec.is_empty() => "use_composio_managed_auth".to_string(),
        Some(Value::String(t)) if t == "use_composio_managed_auth" || t == "use_custom_auth" => {
            t.clone()
        }
        _ => {
            return Err(invalid(
                "auth_config.type must be use_composio_managed_auth or use_custom_auth",
            ))
        }
    };
    let name = optional_string(&spec, "name", SLUG)?;
    let credentials = credentials(&spec)?;
    let access = access(&spec)?;
    let shared_credentials = optional_object(&spec, "shared_credentials", SLUG)?;
    let toolkit =
        find_toolkit(&toolkit_slug).ok_or_else(|| ApiError::toolkit_not_found(&toolkit_slug))?;
    let managed = kind == "use_composio_managed_auth";
    let (scheme, proxy) = if managed {
        let scheme = managed_schemes(toolkit).first().copied().ok_or_else(|| {
            ApiError::bad_request(
                "AuthConfig_NoManagedAuth",
                format!(
                    "Toolkit {} has no Composio-managed auth; create a custom auth config",
                    toolkit.slug
                ),
            )
        })?;
        (scheme.to_string(), None)
    } else {
        let scheme = match spec.get("authScheme") {
            Some(Value::String(s)) if AUTH_SCHEMES.contains(&s.as_str()) => s.clone(),
            Some(Value::String(s)) => return Err(invalid(format!("Unknown authScheme {s}"))),
            _ => return Err(invalid("authScheme is required for use_custom_auth")),
        };
        if !toolkit.auth_schemes.contains(&scheme.as_str()) {
            return Err(invalid(format!(
                "Toolkit {} does not support the auth scheme {scheme}",
                toolkit.slug
            )));
        }
        (scheme, proxy_config(&spec)?)
    };

    let mut store = lock(&state.store);
    let email = store
        .live_project(&auth.project_id)
        .map(|p| p.email.clone())
        .unwrap_or_default();
    let id = store.new_auth_config_id();
    let seq = store.next_seq();
    let now = store.now();
    let restrict = access.restrict.unwrap_or_default();
    let config = AuthConfig {
        id: id.clone(),
        uuid: uuid(),
        project_id: auth.project_id.clone(),
        toolkit: toolkit.slug.to_string(),
        name: name.unwrap_or_else(|| default_name(toolkit.slug)),
        auth_scheme: scheme.clone(),
        managed,
        credentials,
        proxy_config: proxy,
        enabled: true,
        created_by: email,
        created_at: now.clone(),
        updated_at: now,
        seq,
        restrict: restrict.clone(),
        creation_tools: access.creation_tools.unwrap_or_default(),
        shared_credentials,
    };
    store.auth_configs.push(config);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "toolkit": {"slug": toolkit.slug},
            "auth_config": {
                "id": id,
                "auth_scheme": scheme,
                "is_composio_managed": managed,
                "restrict_to_following_tools": restrict,
            },
        })),
    ))
}

pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let toolkit = params.get("toolkit_slug").unwrap_or("").to_lowercase();
    let managed = params.bool("is_composio_managed")?;
    let show_disabled = params.bool("show_disabled")?.unwrap_or(false);
    let search = params.get("search").unwrap_or("").trim().to_lowercase();
    let store = lock(&state.store);
    let mut configs: Vec<&AuthConfig> = store
        .auth_configs
        .iter()
        .filter(|c| {
            c.project_id == auth.project_id
                && (toolkit.is_empty() || c.toolkit == toolkit)
                && managed.map_or(true, |m| c.managed == m)
                && (show_disabled || c.enabled)
                && (search.is_empty() || c.name.to_lowercase().contains(&search))
        })
        .collect();
    configs.sort_by_key(|c| std::cmp::Reverse(c.seq));
    let page = page.page_map(configs, "items", |c| store.auth_config_json(c))?;
    Ok(Json(page))
}

pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let config = store.auth_config(&auth.project_id, &id)?;
    Ok(Json(store.auth_config_json(config)))
}

pub async fn update(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let kind = match body.get("type") {
        Some(Value::String(t)) if t == "custom" || t == "default" => t.clone(),
        _ => return Err(invalid("type must be custom or default")),
    };
    let access = access(&body)?;
    let shared_credentials = optional_object(&body, "shared_credentials", SLUG)?;
    let (credentials, proxy, scopes) = if kind == "custom" {
        if !body.get("credentials").is_some_and(Value::is_object) {
            return Err(invalid("credentials is required for type custom"));
        }
        (Some(credentials(&body)?), proxy_config(&body)?, None)
    } else {
        let scopes = body.get("scopes").filter(|v| !v.is_null()).cloned();
        if scopes.as_ref().is_some_and(|s| !scopes_ok(s)) {
            return Err(invalid("scopes must be a string or an array of strings"));
        }
        (None, None, scopes)
    };
    let mut store = lock(&state.store);
    let now = store.now();
    let config = store.auth_config_mut(&auth.project_id, &id)?;
    if config.kind() != kind {
        return Err(invalid(format!(
            "type {kind} does not match the auth config's type {}",
            config.kind()
        )));
    }
    if let Some(credentials) = credentials {
        config.credentials.extend(credentials);
    }
    if let Some(scopes) = scopes {
        config.credentials.insert("scopes".into(), scopes);
    }
    if proxy.is_some() {
        config.proxy_config = proxy;
    }
    if let Some(restrict) = access.restrict {
        config.restrict = restrict;
    }
    if let Some(tools) = access.creation_tools {
        config.creation_tools = tools;
    }
    if shared_credentials.is_some() {
        config.shared_credentials = shared_credentials;
    }
    config.updated_at = now;
    Ok(Json(json!({})))
}

pub async fn set_status(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path((id, status)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let enabled = match status.as_str() {
        "ENABLED" => true,
        "DISABLED" => false,
        _ => {
            return Err(invalid(format!(
                "status must be ENABLED or DISABLED, got {status:?}"
            )))
        }
    };
    let mut store = lock(&state.store);
    let now = store.now();
    let config = store.auth_config_mut(&auth.project_id, &id)?;
    config.enabled = enabled;
    config.updated_at = now;
    Ok(Json(json!({})))
}

/// Deleting an auth config also deletes its connected accounts.
pub async fn delete(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    store.auth_config(&auth.project_id, &id)?;
    store
        .auth_configs
        .retain(|c| !(c.project_id == auth.project_id && c.id == id));
    let accounts: Vec<String> = store
        .accounts
        .iter()
        .filter(|a| a.project_id == auth.project_id && a.auth_config_id == id)
        .map(|a| a.id.clone())
        .collect();
    for account in accounts {
        store.delete_account(&auth.project_id, &account);
    }
    Ok(Json(json!({})))
}
