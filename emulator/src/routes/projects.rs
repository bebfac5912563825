//! `/org/owner/project/*`: create, list, get, soft-delete and regenerate keys, scoped to the org key's organisation.

use axum::extract::{Path, Query, State};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::OrgAuth;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::config::{invalid_config, validate_settings};
use crate::routes::json_object;
use crate::shared::{lock, AppState};
use crate::store::{Project, Store};

fn validate_name(value: Option<&Value>) -> Result<String, Vec<String>> {
    let name = match value {
        None | Some(Value::Null) => return Err(vec!["name is required".into()]),
        Some(Value::String(s)) => s,
        Some(_) => return Err(vec!["name must be a string".into()]),
    };
    let mut errors = Vec::new();
    let len = name.chars().count();
    if !(3..=75).contains(&len) {
        errors.push(format!(
            "name must be between 3 and 75 characters long, got {len}"
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        errors.push("name must match ^[a-zA-Z0-9_-]+$".into());
    }
    if errors.is_empty() {
        Ok(name.clone())
    } else {
        Err(errors)
    }
}

/// The org's live project with this id; another org's project is reported as missing, not forbidden.
fn owned<'a>(store: &'a Store, auth: &OrgAuth, id: &str) -> ApiResult<&'a Project> {
    store
        .live_project(id)
        .filter(|p| p.org_id == auth.org_id)
        .ok_or_else(|| ApiError::project_not_found(id))
}

pub async fn create(
    auth: OrgAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    auth.require_write()?;
    let body = json_object(&body)?;
    let name = validate_name(body.get("name")).map_err(|errors| {
        ApiError::bad_request("Project_InvalidName", "Invalid project name").with_errors(errors)
    })?;
    let with_key = match body.get("should_create_api_key") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::bad_request(
                "Project_InvalidRequest",
                "should_create_api_key must be a boolean",
            ))
        }
    };
    let config: Option<Map<String, Value>> = match body.get("config") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(validate_settings(map).map_err(invalid_config)?),
        Some(_) => return Err(invalid_config(vec!["config must be an object".into()])),
    };
    let mut store = lock(&state.store);
    if store.name_taken(&auth.org_id, &name) {
        return Err(ApiError::project_name_conflict(&name));
    }
    let project = store.create_project(&auth.org_id, &name, config);
    let api_key = with_key.then(|| store.add_project_key(&project.id).key);
    Ok(Json(
        json!({ "id": project.id, "name": project.name, "api_key": api_key }),
    ))
}

pub async fn list(
    auth: OrgAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let page = PageRequest::from_params(&Params(query))?;
    let items: Vec<Value> = lock(&state.store)
        .org_projects(&auth.org_id)
        .iter()
        .map(|p| p.to_json())
        .collect();
    Ok(Json(page.page(items, "data")?))
}

pub async fn get_one(
    auth: OrgAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let project = owned(&store, &auth, &id)?;
    let mut out = project.to_json();
    let keys: Vec<Value> = store
        .current_keys(&project.id)
        .iter()
        .map(|k| k.to_json())
        .collect();
    out["api_keys"] = Value::Array(keys);
    Ok(Json(out))
}

pub async fn delete(
    auth: OrgAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    auth.require_write()?;
    let mut store = lock(&state.store);
    owned(&store, &auth, &id)?;
    store.soft_delete(&id);
    Ok(Json(json!({ "status": "success" })))
}

pub async fn regenerate(
    auth: OrgAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    auth.require_write()?;
    let mut store = lock(&state.store);
    owned(&store, &auth, &id)?;
    let key = store.regenerate_key(&id);
    Ok(Json(
        json!({ "api_key": key.to_json(), "message": "API key regenerated successfully" }),
    ))
}
