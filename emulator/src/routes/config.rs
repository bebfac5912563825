//! `GET` / `PATCH /org/project/config`: the project settings of the calling project key.

use axum::extract::State;
use axum::Json;
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::routes::json_object;
use crate::shared::{lock, AppState};

const LOG_VISIBILITY: [&str; 2] = ["show_all", "dont_store_data"];

/// Checks every known field against the spec's settings schema (one message per problem) and returns the known
/// fields. The schema does not forbid other properties (no `additionalProperties: false`), so they are accepted and
/// ignored.
pub fn validate_settings(settings: &Map<String, Value>) -> Result<Map<String, Value>, Vec<String>> {
    let mut errors = Vec::new();
    let mut known = Map::new();
    for (key, value) in settings {
        let problem = match key.as_str() {
            "is_2FA_enabled" | "mask_secret_keys_in_connected_account" | "require_mcp_api_key" => {
                (!value.is_boolean()).then(|| format!("{key} must be a boolean"))
            }
            "logo_url" | "display_name" => {
                (!value.is_string()).then(|| format!("{key} must be a string"))
            }
            "log_visibility_setting" => match value.as_str() {
                Some(v) if LOG_VISIBILITY.contains(&v) => None,
                _ => Some(format!(
                    "{key} must be one of {}",
                    LOG_VISIBILITY.join(", ")
                )),
            },
            _ => continue,
        };
        match problem {
            Some(problem) => errors.push(problem),
            None => {
                known.insert(key.clone(), value.clone());
            }
        }
    }
    if errors.is_empty() {
        Ok(known)
    } else {
        Err(errors)
    }
}

pub fn invalid_config(errors: Vec<String>) -> ApiError {
    ApiError::bad_request("Project_InvalidConfig", "Invalid project config").with_errors(errors)
}

pub async fn get_config(
    auth: ProjectAuth,
    State(state): State<AppState>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let project = store
        .live_project(&auth.project_id)
        .ok_or_else(|| ApiError::project_not_found(&auth.project_id))?;
    Ok(Json(Value::Object(project.config.clone())))
}

pub async fn patch_config(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let patch = validate_settings(&json_object(&body)?).map_err(invalid_config)?;
    let mut store = lock(&state.store);
    let project = store
        .live_project_mut(&auth.project_id)
        .ok_or_else(|| ApiError::project_not_found(&auth.project_id))?;
    project.config.extend(patch);
    let config = project.config.clone();
    store.touch(&auth.project_id);
    Ok(Json(Value::Object(config)))
}
