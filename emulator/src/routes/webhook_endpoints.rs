//! `/webhook_endpoints`: where a toolkit's provider sends its webhooks for one OAuth app of the project (list,
//! create or find, get, configure with POST, change with PATCH). The URL is the emulator's (not served: providers
//! never reach loopback); the setup fields are the toolkit's signing secret and verification token, kept and shown
//! masked.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::params::Params;
use crate::routes::{host, json_object, required_string};
use crate::shared::{lock, AppState};
use crate::store::resources::{find_toolkit, mask_string};
use crate::store::subscriptions::WebhookEndpoint;

const INVALID: &str = "WebhookEndpoint_InvalidRequest";
/// The setup fields every toolkit's endpoint takes (a guess), the required ones first; all are secret.
const REQUIRED_FIELDS: [&str; 1] = ["signing_secret"];
const OPTIONAL_FIELDS: [&str; 1] = ["verification_token"];

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/webhook_endpoints", get(list).post(create))
        .route(
            "/webhook_endpoints/{id}",
            get(get_one).patch(update).post(configure),
        )
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        2801,
        "WebhookEndpoint_NotFound",
        format!("No webhook endpoint {id}"),
    )
}

fn endpoint_json(endpoint: &WebhookEndpoint, host: &str) -> Value {
    json!({
        "id": endpoint.id,
        "toolkit_slug": endpoint.toolkit_slug,
        "client_id": endpoint.client_id,
        "webhook_url": format!("http://{host}/webhooks/{}/{}", endpoint.toolkit_slug, endpoint.id),
        "created_at": endpoint.created_at,
        "data": endpoint.data.as_ref().map(|d| {
            d.iter()
                .map(|(k, v)| (k.clone(), json!(mask_string(v.as_str().unwrap_or_default()))))
                .collect::<Map<_, _>>()
        }),
    })
}

/// The body's `data`: string values of known setup fields only.
fn setup_fields(body: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    let Some(Value::Object(data)) = body.get("data") else {
        return Err(ApiError::bad_request(
            INVALID,
            "data is required: an object of setup fields",
        ));
    };
    for (key, value) in data {
        if !REQUIRED_FIELDS.contains(&key.as_str()) && !OPTIONAL_FIELDS.contains(&key.as_str()) {
            return Err(ApiError::bad_request(
                INVALID,
                format!(
                    "data.{key} is not a setup field; the fields are {}",
                    [&REQUIRED_FIELDS[..], &OPTIONAL_FIELDS[..]]
                        .concat()
                        .join(", ")
                ),
            ));
        }
        if !value.as_str().is_some_and(|s| !s.is_empty()) {
            return Err(ApiError::bad_request(
                INVALID,
                format!("data.{key} must be a non-empty string"),
            ));
        }
    }
    Ok(data.clone())
}

/// `GET /webhook_endpoints?toolkit_slug=`: `{items: [{id, toolkit_slug, client_id}]}`, oldest first.
pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    let toolkit = params.get("toolkit_slug").unwrap_or("");
    let store = lock(&state.store);
    let items: Vec<Value> = store
        .webhook_endpoints
        .iter()
        .filter(|e| e.project_id == auth.project_id)
        .filter(|e| toolkit.is_empty() || e.toolkit_slug.eq_ignore_ascii_case(toolkit))
        .map(|e| json!({"id": e.id, "toolkit_slug": e.toolkit_slug, "client_id": e.client_id}))
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `POST /webhook_endpoints {toolkit_slug, client_id}`: the project's endpoint for that toolkit and OAuth app,
/// made when there is none yet (both answer 200, as the spec documents).
pub async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let slug = required_string(&body, "toolkit_slug", INVALID, 1)?;
    let client_id = required_string(&body, "client_id", INVALID, 1)?;
    let toolkit = find_toolkit(&slug).ok_or_else(|| ApiError::toolkit_not_found(&slug))?;
    if !toolkit.auth_schemes.contains(&"OAUTH2") {
        return Err(ApiError::bad_request(
            INVALID,
            format!("{} has no OAuth app, so no webhook endpoint", toolkit.slug),
        ));
    }
    let mut store = lock(&state.store);
    let host = host(&headers);
    if let Some(existing) = store.webhook_endpoints.iter().find(|e| {
        e.project_id == auth.project_id
            && e.toolkit_slug == toolkit.slug
            && e.client_id == client_id
    }) {
        return Ok(Json(endpoint_json(existing, &host)));
    }
    let endpoint = WebhookEndpoint {
        id: format!("we_{}", random_alnum(12, false)),
        project_id: auth.project_id.clone(),
        toolkit_slug: toolkit.slug.to_string(),
        client_id,
        data: None,
        created_at: store.now(),
    };
    let answer = endpoint_json(&endpoint, &host);
    store.webhook_endpoints.push(endpoint);
    Ok(Json(answer))
}

pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let endpoint = store
        .webhook_endpoints
        .iter()
        .find(|e| e.project_id == auth.project_id && e.id == id)
        .ok_or_else(|| not_found(&id))?;
    Ok(Json(endpoint_json(endpoint, &host(&headers))))
}

/// Applies `change` to the caller's endpoint `id` and answers it.
fn change(
    state: &AppState,
    auth: &ProjectAuth,
    headers: &HeaderMap,
    id: &str,
    change: impl FnOnce(&mut WebhookEndpoint) -> ApiResult<()>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let endpoint = store
        .webhook_endpoints
        .iter_mut()
        .find(|e| e.project_id == auth.project_id && e.id == id)
        .ok_or_else(|| not_found(id))?;
    change(endpoint)?;
    Ok(Json(endpoint_json(endpoint, &host(headers))))
}

/// `POST /webhook_endpoints/{id} {data}`: the whole configuration, every required field given.
pub async fn configure(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let data = setup_fields(&json_object(&body)?)?;
    if let Some(missing) = REQUIRED_FIELDS.iter().find(|f| !data.contains_key(**f)) {
        return Err(ApiError::bad_request(
            INVALID,
            format!("data.{missing} is required to configure an endpoint"),
        ));
    }
    change(&state, &auth, &headers, &id, |endpoint| {
        endpoint.data = Some(data);
        Ok(())
    })
}

/// `PATCH /webhook_endpoints/{id} {data}`: the fields given replace theirs; the rest are kept. An endpoint not yet
/// configured is a 409 (configure it with POST first).
pub async fn update(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let data = setup_fields(&json_object(&body)?)?;
    change(&state, &auth, &headers, &id, |endpoint| {
        let Some(current) = endpoint.data.as_mut() else {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                2802,
                "WebhookEndpoint_NotConfigured",
                format!(
                    "Webhook endpoint {} is not configured yet: POST its data first",
                    endpoint.id
                ),
            ));
        };
        current.extend(data);
        Ok(())
    })
}
