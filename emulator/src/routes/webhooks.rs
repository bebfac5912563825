//! Webhook admin routes (no credential; never under `/api`): set a project's webhook URL, fire a trigger. And the
//! events Composio sends by itself when an account expires (`composio.connected_account.expired`, then
//! `composio.trigger.disabled` for each trigger it disables).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::delivery::{
    self, parse_loopback, Pending, ACCOUNT_EXPIRED, TRIGGER_DISABLED, TRIGGER_MESSAGE,
};
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::routes::json_object;
use crate::shared::{lock, AppState};
use crate::store::logs::TriggerLog;
use crate::store::subscriptions;
use crate::store::triggers::{find_type, instance_not_found, CONNECTION_EXPIRED};
use crate::store::Store;

const SLUG: &str = "Emulator_InvalidRequest";

/// The admin routes, merged beside the other `/_emulator/*` routes.
pub fn admin() -> Router<AppState> {
    Router::new()
        .route(
            "/_emulator/projects/{project_id}/webhook",
            post(set_webhook),
        )
        .route("/_emulator/triggers/{trigger_id}/fire", post(fire))
}

/// The project's webhook URL and secret, when it has a URL.
fn webhook_of(store: &Store, project_id: &str) -> Option<(String, String, String)> {
    let project = store.live_project(project_id)?;
    let url = project.webhook_url.clone()?;
    let secret = project.webhook_secret.clone().unwrap_or_default();
    Some((url, secret, project.org_id.clone()))
}

/// `POST /_emulator/projects/{project_id}/webhook` `{"url": "http://127.0.0.1:<port>/<path>" | null}`: sets (or,
/// with null, clears) the project's `webhook_url`; gives the project a `webhook_secret` if it has none.
async fn set_webhook(
    State(state): State<AppState>,
    Path(project_id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let url = match body.get("url") {
        Some(Value::String(url)) => {
            parse_loopback(url).map_err(|e| ApiError::bad_request(SLUG, e))?;
            Some(url.clone())
        }
        Some(Value::Null) => None,
        _ => {
            return Err(ApiError::bad_request(
                SLUG,
                "url is required: a loopback http:// URL, or null to clear it",
            ))
        }
    };
    let mut store = lock(&state.store);
    let now = store.now();
    let project = store
        .live_project_mut(&project_id)
        .ok_or_else(|| ApiError::project_not_found(&project_id))?;
    project.webhook_url = url;
    let secret = project
        .webhook_secret
        .get_or_insert_with(delivery::new_secret)
        .clone();
    project.updated_at = now;
    Ok(Json(json!({
        "project_id": project.id,
        "webhook_url": project.webhook_url,
        "webhook_secret": secret,
    })))
}

/// `POST /_emulator/triggers/{trigger_id}/fire` `{"data"?: {...}}`: delivers a `composio.trigger.message` event
/// (to the webhook, the subscriptions and every live realtime socket of the project) and answers `{webhook_id,
/// attempts, delivered, status, deliveries, realtime}` once delivery is finished (`realtime`: how many sockets got it).
async fn fire(
    State(state): State<AppState>,
    Path(trigger_id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let data = match body.get("data") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(Value::Object(map.clone())),
        Some(_) => return Err(ApiError::bad_request(SLUG, "data must be an object")),
    };
    let pending = {
        let mut store = lock(&state.store);
        store.reconcile_triggers();
        let instance = store
            .trigger_instances
            .iter()
            .find(|t| t.id == trigger_id)
            .cloned()
            .ok_or_else(|| instance_not_found(&trigger_id))?;
        if !instance.enabled() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                2606,
                "TriggerInstance_Disabled",
                format!("Trigger instance {trigger_id} is disabled; nothing was sent"),
            ));
        }
        let data = data
            .unwrap_or_else(|| find_type(&instance.slug).map_or(json!({}), |t| t.sample_data()));
        let log_id = store.record_trigger_log(TriggerLog {
            id: format!("log_{}", random_alnum(12, false)),
            project_id: instance.project_id.clone(),
            trigger_id: instance.id.clone(),
            trigger_slug: instance.slug.clone(),
            toolkit_slug: find_type(&instance.slug)
                .map_or("", |t| t.toolkit)
                .to_string(),
            user_id: instance.user_id.clone(),
            connected_account_id: instance.connected_account_id.clone(),
            auth_config_id: instance.auth_config_id.clone(),
            payload: data.clone(),
            outcome: None,
            at_ms: 0,
        });
        let metadata = json!({
            "log_id": log_id,
            "trigger_slug": instance.slug,
            "trigger_id": instance.id,
            "connected_account_id": instance.connected_account_id,
            "auth_config_id": instance.auth_config_id,
            "user_id": instance.user_id,
        });
        let mut pending: Vec<Pending> = webhook_of(&store, &instance.project_id)
            .map(|(url, secret, _)| Pending {
                url,
                secret,
                event: delivery::event(TRIGGER_MESSAGE, metadata.clone(), data.clone()),
            })
            .into_iter()
            .collect();
        pending.extend(subscriptions::deliveries(
            &store,
            &instance.project_id,
            TRIGGER_MESSAGE,
            &metadata,
            &data,
        ));
        let channel = crate::routes::realtime::channel(&instance.project_id);
        let live = state.sockets.listeners(&channel);
        if pending.is_empty() && live == 0 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                2651,
                "Webhook_NotConfigured",
                format!(
                    "Project {} has no webhook_url, no webhook subscription for {TRIGGER_MESSAGE} and no live \
                     subscriber; set one with POST /_emulator/projects/{{id}}/webhook or POST \
                     /webhook_subscriptions, or subscribe over the realtime socket",
                    instance.project_id
                ),
            ));
        }
        // Live subscribers get the same envelope a webhook does, over their socket (chunked when large).
        let realtime = delivery::event(TRIGGER_MESSAGE, metadata.clone(), data.clone());
        let body = String::from_utf8_lossy(&realtime.body).into_owned();
        let realtime = state.sockets.publish_trigger(&channel, &realtime.id, &body);
        (pending, log_id, realtime)
    };
    let (pending, log_id, realtime) = pending;
    // The first delivery's outcome (the project's webhook when it has one), and every delivery's.
    let mut outcomes = Vec::with_capacity(pending.len());
    for p in &pending {
        outcomes.push(p.send().await.to_json());
    }
    // Delivered to live sockets only: no webhook outcome to report.
    let mut answer = outcomes.first().cloned().unwrap_or_else(
        || json!({"webhook_id": null, "attempts": 0, "delivered": realtime > 0, "status": null}),
    );
    answer["deliveries"] = json!(outcomes);
    answer["realtime"] = json!(realtime);
    lock(&state.store).set_trigger_outcome(&log_id, answer.clone());
    Ok(Json(answer))
}

/// An account of `project_id` just became EXPIRED: Composio disables its enabled triggers (reason
/// `connection_expired`; they come back when the account is ACTIVE again) and, when the project has a
/// webhook URL, sends `composio.connected_account.expired` and then one `composio.trigger.disabled` per trigger.
pub fn account_expired(store: &mut Store, project_id: &str, account_id: &str) -> Vec<Pending> {
    let now = store.now();
    let mut disabled = Vec::new();
    for t in store.trigger_instances.iter_mut().filter(|t| {
        t.project_id == project_id && t.connected_account_id == account_id && t.enabled()
    }) {
        t.disabled_at = Some(now.clone());
        t.disabled_reason = Some(CONNECTION_EXPIRED.to_string());
        t.updated_at = now.clone();
        disabled.push(t.clone());
    }
    let Ok(account) = store.account(project_id, account_id) else {
        return Vec::new();
    };
    let org_id = store
        .live_project(project_id)
        .map(|p| p.org_id.clone())
        .unwrap_or_default();
    let metadata = json!({"project_id": project_id, "org_id": org_id});
    let mut events = vec![(ACCOUNT_EXPIRED, store.account_json(account))];
    for t in &disabled {
        let mut data = store.trigger_json(t);
        data["disabled_reason"] = json!(CONNECTION_EXPIRED);
        events.push((TRIGGER_DISABLED, data));
    }
    let webhook = webhook_of(store, project_id);
    let mut pending = Vec::new();
    for (kind, data) in events {
        if let Some((url, secret, _)) = &webhook {
            pending.push(Pending {
                url: url.clone(),
                secret: secret.clone(),
                event: delivery::event(kind, metadata.clone(), data.clone()),
            });
        }
        pending.extend(subscriptions::deliveries(
            store, project_id, kind, &metadata, &data,
        ));
    }
    pending
}
