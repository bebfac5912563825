//! What a user key's member sees of its organisation: `GET /org/list` (the organisations it belongs to: one, the
//! key's) and `GET /org/project/list` (the project the key acts on, or with `list_all_org_projects=true` every
//! project of the organisation); `GET /org/consumer/connected_toolkits` (the toolkits a consumer user of the
//! key's project has an active account for); `POST /org/consumer/project/resolve` (the emulator's consumer
//! project is the project the key acts on). With an org key: `POST /org/clanker/create_claim`.

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::{OrgAuth, UserAuth};
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::tool_router::accounts::usable;
use crate::routes::{json_object, required_string};
use crate::shared::{lock, AppState};

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/org/list", get(list))
        .route("/org/project/list", get(projects))
        .route("/org/consumer/connected_toolkits", get(connected_toolkits))
        .route(
            "/org/consumer/project/resolve",
            post(resolve_consumer_project),
        )
        .route("/org/clanker/create_claim", post(create_claim))
}

pub async fn list(
    auth: UserAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let page = PageRequest::from_params(&Params(query))?;
    let store = lock(&state.store);
    // The organisation's age is its oldest project's (the store keeps no organisation record).
    let projects = store.org_projects(&auth.org_id);
    let created = projects
        .iter()
        .map(|p| p.created_at.clone())
        .min()
        .unwrap_or_default();
    let org = json!({
        "id": auth.org_id,
        "name": format!("{} organisation", auth.org_id),
        "created_at": created,
        "updated_at": created,
    });
    Ok(Json(page.page(vec![org], "organizations")?))
}

pub async fn projects(
    auth: UserAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let all = params.bool("list_all_org_projects")?.unwrap_or(false);
    let store = lock(&state.store);
    let items: Vec<Value> = store
        .org_projects(&auth.org_id)
        .iter()
        .filter(|p| all || p.id == auth.project_id)
        .map(|p| p.to_json())
        .collect();
    Ok(Json(page.page(items, "data")?))
}

/// `?user_id=`: the distinct toolkits of the user's ACTIVE, enabled accounts in the project the key acts on (the
/// emulator's "consumer project"), sorted.
pub async fn connected_toolkits(
    auth: UserAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    let user = params
        .get("user_id")
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::bad_request("Request_InvalidParameter", "user_id is required"))?;
    let store = lock(&state.store);
    let mut toolkits: Vec<&str> = store
        .accounts
        .iter()
        .filter(|a| a.project_id == auth.project_id && a.user_id == user && usable(a))
        .map(|a| a.toolkit.as_str())
        .collect();
    toolkits.sort_unstable();
    toolkits.dedup();
    Ok(Json(json!({ "toolkits": toolkits })))
}

/// The project the key acts on, as the member's consumer project; the consumer user is the key's member.
pub async fn resolve_consumer_project(
    auth: UserAuth,
    State(state): State<AppState>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let project = store
        .live_project(&auth.project_id)
        .ok_or_else(|| ApiError::project_not_found(&auth.project_id))?;
    Ok(Json(json!({
        "project_id": crate::routes::reads::stable_uuid(&project.id),
        "project_nano_id": project.id,
        "project_name": project.name,
        "org_id": project.org_id,
        "project_type": "CONSUMER",
        "consumer_user_id": format!("member_{}", auth.org_id),
        "config": {
            "consumer_experience_enabled": true,
            "enhanced_controls": false,
            "enable_instant": false,
            "clanker": false,
        },
    })))
}

/// A claim for `human_email` (it must look like an address), valid for seven days.
pub async fn create_claim(
    auth: OrgAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    auth.require_write()?;
    let body = json_object(&body)?;
    let email = required_string(&body, "human_email", "Claim_InvalidRequest", 3)?;
    if !email.contains('@') {
        return Err(ApiError::bad_request(
            "Claim_InvalidRequest",
            "human_email must be an email address",
        ));
    }
    let store = lock(&state.store);
    let expires = crate::clock::format_rfc3339_ms(store.now_ms() + 7 * 86_400_000);
    Ok(Json(json!({
        "claim_slug": format!("claim_{}", random_alnum(16, true)),
        "expires_at": expires,
    })))
}
