//! `/_emulator/*`: fault injection, request counts and log, reset. No credentials; never under `/api`.

use axum::extract::{Path, State};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::errors::{ApiError, ApiResult};
use crate::faults::FaultSpec;
use crate::routes::webhooks;
use crate::shared::{lock, AppState};
use crate::store::resources::ACCOUNT_STATUSES;

pub async fn add_fault(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let fault: FaultSpec = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request("Emulator_InvalidFault", format!("Invalid fault: {e}"))
    })?;
    fault.validate()?;
    let echo = serde_json::to_value(&fault).unwrap_or(Value::Null);
    lock(&state.faults).faults.push(fault);
    Ok(Json(json!({ "status": "ok", "fault": echo })))
}

pub async fn list_faults(State(state): State<AppState>) -> Json<Value> {
    let faults = lock(&state.faults).faults.clone();
    Json(serde_json::to_value(faults).unwrap_or(Value::Null))
}

pub async fn counts(State(state): State<AppState>) -> Json<Value> {
    Json(json!(lock(&state.observed).counts))
}

pub async fn requests(State(state): State<AppState>) -> Json<Value> {
    Json(json!(lock(&state.observed).log))
}

pub async fn reset(State(state): State<AppState>) -> Json<Value> {
    lock(&state.faults).faults.clear();
    lock(&state.observed).clear();
    Json(json!({ "status": "ok" }))
}

/// `POST /_emulator/connected_accounts/{id}/status` `{"status", "status_reason"?}`: sets an account's status in
/// whichever project holds that id (every project when several seeded ones share it). Answers the account.
pub async fn set_account_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    const SLUG: &str = "Emulator_InvalidRequest";
    let body = crate::routes::json_object(&body)?;
    let status = crate::routes::required_string(&body, "status", SLUG, 1)?;
    if !ACCOUNT_STATUSES.contains(&status.as_str()) {
        return Err(ApiError::bad_request(
            SLUG,
            format!("status must be one of {}", ACCOUNT_STATUSES.join(", ")),
        ));
    }
    let reason = crate::routes::optional_string(&body, "status_reason", SLUG)?;
    let (answer, events) = {
        let mut store = lock(&state.store);
        let now = store.now();
        let mut changed = Vec::new();
        let mut expired = Vec::new();
        for account in store.accounts.iter_mut().filter(|a| a.id == id) {
            if status == "EXPIRED" && account.status != "EXPIRED" {
                expired.push(account.project_id.clone());
            }
            account.status = status.clone();
            account.status_reason = reason.clone();
            account.updated_at = now.clone();
            changed.push(account.clone());
        }
        let first = changed
            .first()
            .ok_or_else(|| ApiError::connected_account_not_found(&id))?;
        let answer = store.account_json(first);
        // Composio's own reaction to an expiry: triggers disabled, webhook events (sent before answering).
        let events: Vec<_> = expired
            .iter()
            .flat_map(|project| webhooks::account_expired(&mut store, project, &id))
            .collect();
        (answer, events)
    };
    crate::delivery::send_all(events).await;
    Ok(Json(answer))
}

/// `POST /_emulator/clock` `{"advance_ms": n}`: moves the emulator's clock forward (link expiry, timestamps).
pub async fn advance_clock(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let body = crate::routes::json_object(&body)?;
    let Some(ms) = body.get("advance_ms").and_then(Value::as_u64) else {
        return Err(ApiError::bad_request(
            "Emulator_InvalidRequest",
            "advance_ms must be a non-negative integer",
        ));
    };
    let mut store = lock(&state.store);
    store.advance_clock(ms);
    let now = crate::clock::format_rfc3339_ms(store.now_ms());
    Ok(Json(json!({ "status": "ok", "now": now })))
}
