//! `/_emulator/*`: fault injection, request counts and log, reset. No credentials; never under `/api`.

use axum::extract::State;
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::errors::{ApiError, ApiResult};
use crate::faults::FaultSpec;
use crate::shared::{lock, AppState};

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
