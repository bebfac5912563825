//! `POST …/proxy_execute`: a request to a toolkit's own API as the session's user.

use axum::extract::{Path, State};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::ApiResult;
use crate::routes::tools::ProxyCall;
use crate::routes::{json_object, required_string};
use crate::shared::{lock, AppState};
use crate::store::resources::find_toolkit;

use super::accounts::account_for_execute;
use super::{find_session, invalid, toolkit_not_allowed, INVALID};

/// `POST …/proxy_execute {toolkit_slug, endpoint, method, parameters?, body?, binary_body?,
/// custom_connection_data?}`: the session's account for the toolkit (its override, else the user's newest usable
/// one) unless connection data is given; the emulated API echoes the request.
pub async fn proxy_execute(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let toolkit = required_string(&body, "toolkit_slug", INVALID, 1)?;
    let call = ProxyCall::parse(&body, INVALID)?;
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let toolkit = find_toolkit(&toolkit)
        .ok_or_else(|| invalid(format!("Unknown toolkit {toolkit:?}")))?
        .slug;
    if !session.toolkit_allowed(toolkit) {
        return Err(toolkit_not_allowed(&session.id, toolkit));
    }
    let account = match call.custom_connection_data {
        Some(_) => None,
        None => Some(account_for_execute(&store, session, toolkit)?),
    };
    let mut data = call.echo();
    data["connected_account_id"] = json!(account);
    Ok(Json(json!({
        "result_type": "completed",
        "status": 200,
        "data": data,
        "headers": {},
    })))
}
