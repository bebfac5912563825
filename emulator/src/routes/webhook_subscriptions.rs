//! `/webhook_subscriptions`: a project's webhook subscriptions (list, create, get, update, delete, the event types,
//! rotate the secret). Their URLs: `https://` anywhere (kept, never called: the emulator reaches loopback only) or
//! `http://` on loopback (delivered to). The current spec asks for HTTPS; loopback http is the emulator's guess, so
//! tests can receive deliveries.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::delivery::{new_secret, parse_loopback};
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{json_object, optional_string, optional_strings};
use crate::shared::{lock, AppState};
use crate::store::subscriptions::{WebhookSubscription, EVENT_TYPES, VERSIONS};
use crate::store::Store;

const INVALID: &str = "WebhookSubscription_InvalidRequest";

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/webhook_subscriptions", get(list).post(create))
        .route("/webhook_subscriptions/event_types", get(event_types))
        .route(
            "/webhook_subscriptions/{id}",
            get(get_one).patch(update).delete(delete),
        )
        .route(
            "/webhook_subscriptions/{id}/rotate_secret",
            post(rotate_secret),
        )
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        2701,
        "WebhookSubscription_NotFound",
        format!("No webhook subscription {id}"),
    )
}

fn check_url(url: &str) -> ApiResult<()> {
    let https = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        && url.len() > 8
        && !url.chars().any(char::is_whitespace);
    if url.chars().count() > 2048 || !(https || parse_loopback(url).is_ok()) {
        return Err(ApiError::bad_request(
            INVALID,
            "webhook_url must be an https:// URL (or, in the emulator, http:// on loopback) of at most 2048 characters",
        ));
    }
    Ok(())
}

fn check_events(events: &[String]) -> ApiResult<()> {
    if events.is_empty() {
        return Err(ApiError::bad_request(
            INVALID,
            "enabled_events must name at least one event type",
        ));
    }
    if let Some(unknown) = events
        .iter()
        .find(|e| !EVENT_TYPES.iter().any(|(t, _, _)| t == e))
    {
        let known: Vec<&str> = EVENT_TYPES.iter().map(|(t, _, _)| *t).collect();
        return Err(ApiError::bad_request(
            INVALID,
            format!("unknown event type {unknown:?}: use {}", known.join(", ")),
        ));
    }
    Ok(())
}

fn version(body: &Map<String, Value>) -> ApiResult<Option<String>> {
    let version = optional_string(body, "version", INVALID)?;
    if let Some(v) = version.as_deref().filter(|v| !VERSIONS.contains(v)) {
        return Err(ApiError::bad_request(
            INVALID,
            format!("version must be one of V1, V2, V3, not {v:?}"),
        ));
    }
    Ok(version)
}

fn find<'a>(
    store: &'a mut Store,
    project_id: &str,
    id: &str,
) -> ApiResult<&'a mut WebhookSubscription> {
    store
        .webhook_subscriptions
        .iter_mut()
        .find(|s| s.project_id == project_id && s.id == id)
        .ok_or_else(|| not_found(id))
}

async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let page = PageRequest::from_params(&Params(query))?;
    let store = lock(&state.store);
    let mut mine: Vec<&WebhookSubscription> = store
        .webhook_subscriptions
        .iter()
        .filter(|s| s.project_id == auth.project_id)
        .collect();
    mine.sort_by_key(|s| s.seq);
    Ok(Json(page.page_map(
        mine,
        "items",
        WebhookSubscription::to_json,
    )?))
}

async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let url = optional_string(&body, "webhook_url", INVALID)?
        .ok_or_else(|| ApiError::bad_request(INVALID, "webhook_url is required"))?;
    check_url(&url)?;
    let events = optional_strings(&body, "enabled_events", INVALID)?
        .ok_or_else(|| ApiError::bad_request(INVALID, "enabled_events is required"))?;
    check_events(&events)?;
    let version = version(&body)?.unwrap_or_else(|| "V3".to_string());
    let mut store = lock(&state.store);
    let now = store.now();
    let subscription = WebhookSubscription {
        id: format!("ws_{}", random_alnum(12, true)),
        project_id: auth.project_id.clone(),
        url,
        version,
        enabled_events: events,
        secret: new_secret(),
        created_at: now.clone(),
        updated_at: now,
        seq: store.next_seq(),
    };
    let answer = subscription.to_json();
    store.webhook_subscriptions.push(subscription);
    Ok(Json(answer))
}

async fn event_types(_auth: ProjectAuth) -> Json<Value> {
    let items: Vec<Value> = EVENT_TYPES
        .iter()
        .map(|(kind, description, versions)| {
            json!({"event_type": kind, "description": description, "supported_versions": versions})
        })
        .collect();
    Json(json!({ "items": items }))
}

async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    Ok(Json(find(&mut store, &auth.project_id, &id)?.to_json()))
}

async fn update(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let url = optional_string(&body, "webhook_url", INVALID)?;
    if let Some(url) = &url {
        check_url(url)?;
    }
    let events = optional_strings(&body, "enabled_events", INVALID)?;
    if let Some(events) = &events {
        check_events(events)?;
    }
    let version = version(&body)?;
    let mut store = lock(&state.store);
    let now = store.now();
    let subscription = find(&mut store, &auth.project_id, &id)?;
    if let Some(url) = url {
        subscription.url = url;
    }
    if let Some(events) = events {
        subscription.enabled_events = events;
    }
    if let Some(version) = version {
        subscription.version = version;
    }
    subscription.updated_at = now;
    Ok(Json(subscription.to_json()))
}

async fn delete(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    find(&mut store, &auth.project_id, &id)?;
    store
        .webhook_subscriptions
        .retain(|s| !(s.project_id == auth.project_id && s.id == id));
    Ok(Json(json!({ "success": true })))
}

async fn rotate_secret(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let now = store.now();
    let subscription = find(&mut store, &auth.project_id, &id)?;
    subscription.secret = new_secret();
    subscription.updated_at = now;
    Ok(Json(
        json!({"id": subscription.id, "secret": subscription.secret}),
    ))
}
