//! Saved session configurations (`GET /session_configs`, `GET /session_configs/{id}`). The dashboard makes them and
//! the API has no route to, so every project has two: `Default` and an archived `Previous default`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::shared::{lock, AppState};
use crate::store::Store;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/session_configs", get(list))
        .route("/session_configs/{id}", get(get_one))
}

/// The project's configurations, full: `(archived, body)`.
fn configs(store: &Store, project_id: &str) -> Vec<(bool, Value)> {
    let Some(project) = store.live_project(project_id) else {
        return Vec::new();
    };
    let config = |id: &str, name: &str, archived: bool, toolkits: Value| {
        json!({
            "id": id,
            "name": name,
            "description": format!("{name} tools of project {}", project.name),
            "archived": archived,
            "created_at": project.created_at,
            "updated_at": project.created_at,
            "config": {
                "toolkits": toolkits,
                "tools": {},
                "tags": {"enable": ["readOnlyHint"], "disable": ["destructiveHint"]},
            },
        })
    };
    vec![
        (
            false,
            config(
                &format!("scfg_{}_default", project.id),
                "Default",
                false,
                json!({"enable": ["github", "gmail"]}),
            ),
        ),
        (
            true,
            config(
                &format!("scfg_{}_previous", project.id),
                "Previous default",
                true,
                json!({"disable": ["slack"]}),
            ),
        ),
    ]
}

async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let archived = params.bool("archived")?.unwrap_or(false);
    let search = params.get("search").map(str::to_lowercase);
    let store = lock(&state.store);
    let items: Vec<Value> = configs(&store, &auth.project_id)
        .into_iter()
        .filter(|(a, _)| *a == archived)
        .map(|(_, mut c)| {
            c.as_object_mut()
                .map(|m| (m.remove("config"), m.remove("description")));
            c
        })
        .filter(|c| {
            search.as_ref().map_or(true, |s| {
                c["name"].as_str().unwrap_or("").to_lowercase().contains(s)
            })
        })
        .collect();
    Ok(Json(page.page(items, "items")?))
}

async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    configs(&store, &auth.project_id)
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c["id"] == id.as_str())
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                1950,
                "SessionConfig_NotFound",
                format!("Session config {id} not found"),
            )
        })
}
