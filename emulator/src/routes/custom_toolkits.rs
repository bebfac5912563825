//! Custom toolkits (project key or user key): `POST /custom/toolkits/upsert` declares one, `POST /custom/toolkits/
//! sync` makes a new version of it, `DELETE /custom/toolkits/{slug}` removes it with its auth configs and
//! connected accounts. A toolkit's slug is the one given with `CUSTOM_` in front (spaces as `_`), as the spec says.
//! The emulator runs no custom tools, so a sync finds none.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::params::Params;
use crate::routes::{json_object, optional_object, optional_string, required_string};
use crate::shared::{lock, AppState};
use crate::store::custom_toolkits::CustomToolkit;

const INVALID: &str = "CustomToolkit_InvalidRequest";
const MODES: [&str; 3] = ["NO_AUTH", "API_KEY", "DCR_OAUTH"];
const PREFIX: &str = "CUSTOM_";

/// The slug Composio uses for a declared one: `CUSTOM_` in front (once), spaces as underscores.
fn custom_slug(given: &str) -> String {
    let slug = given.trim().replace(' ', "_");
    if slug.starts_with(PREFIX) {
        slug
    } else {
        format!("{PREFIX}{slug}")
    }
}

/// `https`, as the spec asks; plain `http` only on loopback (a test's own MCP server).
fn app_url_allowed(url: &str) -> bool {
    url.starts_with("https://")
        || [
            "http://127.0.0.1:",
            "http://127.0.0.1/",
            "http://localhost:",
            "http://localhost/",
        ]
        .iter()
        .any(|p| url.starts_with(p))
}

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/custom/toolkits/upsert", post(upsert))
        .route("/custom/toolkits/sync", post(sync))
        .route("/custom/toolkits/{slug}", delete(remove))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

fn not_found(slug: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        1900,
        "CustomToolkit_NotFound",
        format!("Custom toolkit {slug} not found"),
    )
}

/// Each scheme an object with a known `mode`; `API_KEY` needs `headers`, `DCR_OAUTH` a `discovery_url`.
fn auth_schemes(config: &Map<String, Value>) -> ApiResult<Vec<Value>> {
    let schemes = config
        .get("auth_schemes")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("toolkit_config.auth_schemes must be a non-empty array"))?;
    for scheme in schemes {
        let mode = scheme.get("mode").and_then(Value::as_str).unwrap_or("");
        let needs = match mode {
            "NO_AUTH" => None,
            "API_KEY" => Some("headers"),
            "DCR_OAUTH" => Some("discovery_url"),
            _ => {
                return Err(invalid(format!(
                    "auth scheme mode must be one of {}",
                    MODES.join(", ")
                )))
            }
        };
        if let Some(field) = needs.filter(|f| scheme.get(*f).map_or(true, Value::is_null)) {
            return Err(invalid(format!("a {mode} auth scheme needs {field}")));
        }
    }
    Ok(schemes.clone())
}

async fn upsert(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let given = required_string(&body, "slug", INVALID, 1)?;
    // The spec allows letters, digits, `_` and spaces; `-` is let through too (the shared cases' unique suffixes).
    if given.len() > 30
        || !given
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | '-'))
    {
        return Err(invalid(
            "slug must be at most 30 letters, digits, underscores or spaces",
        ));
    }
    let slug = custom_slug(&given);
    let config = optional_object(&body, "toolkit_config", INVALID)?
        .ok_or_else(|| invalid("toolkit_config is required"))?;
    let name = required_string(&config, "name", INVALID, 1)?;
    let app_url = required_string(&config, "app_url", INVALID, 1)?;
    if !app_url_allowed(&app_url) {
        return Err(invalid(
            "toolkit_config.app_url must be an https URL (http only on loopback)",
        ));
    }
    let auth_schemes = auth_schemes(&config)?;
    if let Some(logo) = optional_object(&config, "logo_file", INVALID)? {
        let mime = logo.get("mime_type").and_then(Value::as_str);
        if !matches!(mime, Some("image/png" | "image/jpeg"))
            || !logo.get("content").is_some_and(Value::is_string)
        {
            return Err(invalid(
                "logo_file needs content (base64) and mime_type image/png or image/jpeg",
            ));
        }
    }
    let mut store = lock(&state.store);
    let existing = store
        .custom_toolkits
        .iter_mut()
        .find(|t| t.project_id == auth.project_id && t.slug == slug);
    match existing {
        Some(t) => {
            t.name = name;
            t.app_url = app_url;
            t.auth_schemes = auth_schemes;
        }
        None => store.custom_toolkits.push(CustomToolkit {
            project_id: auth.project_id.clone(),
            slug: slug.clone(),
            name,
            app_url,
            auth_schemes,
            syncs: 0,
        }),
    }
    Ok(Json(json!({ "slug": slug })))
}

async fn sync(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let slug = required_string(&body, "slug", INVALID, 1)?;
    let account = optional_string(&body, "connected_account_id", INVALID)?;
    let mut store = lock(&state.store);
    if let Some(id) = &account {
        store.account(&auth.project_id, id)?;
    }
    let toolkit = store
        .custom_toolkits
        .iter_mut()
        .find(|t| t.project_id == auth.project_id && t.slug == slug)
        .ok_or_else(|| not_found(&slug))?;
    toolkit.syncs += 1;
    Ok(Json(json!({
        "slug": slug,
        "version": toolkit.version(),
        "synced_count": 0,
    })))
}

async fn remove(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let revoke = Params(query).bool("revoke_on_delete")?.unwrap_or(false);
    let mut store = lock(&state.store);
    let before = store.custom_toolkits.len();
    store
        .custom_toolkits
        .retain(|t| !(t.project_id == auth.project_id && t.slug == slug));
    if store.custom_toolkits.len() == before {
        return Err(not_found(&slug));
    }
    let ours = |project: &str, toolkit: &str| project == auth.project_id && toolkit == slug;
    let configs = store.auth_configs.len();
    store
        .auth_configs
        .retain(|c| !ours(&c.project_id, &c.toolkit));
    let accounts = store.accounts.len();
    store.accounts.retain(|a| !ours(&a.project_id, &a.toolkit));
    let accounts_deleted = accounts - store.accounts.len();
    let jobs: Vec<String> = match revoke {
        true => (0..accounts_deleted)
            .map(|_| format!("job_{}", random_alnum(12, true)))
            .collect(),
        false => Vec::new(),
    };
    Ok(Json(json!({
        "slug": slug,
        "deleted": true,
        "revoke_job_ids": jobs,
        "auth_configs_deleted": configs - store.auth_configs.len(),
        "connected_accounts_deleted": accounts_deleted,
    })))
}
