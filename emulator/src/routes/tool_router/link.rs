//! `link` (a connection for a toolkit of the session) and the session's toolkits.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::uuid;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::connected_accounts::new_account;
use crate::routes::{host, json_object, optional_string, required_string};
use crate::shared::{lock, AppState};
use crate::store::catalogue::{catalogue, logo, Toolkit};
use crate::store::resources::{default_name, find_toolkit, link_url, managed_schemes, AuthConfig};
use crate::store::Store;

use super::*;

/// The project's newest enabled Composio-managed auth config of the toolkit, created when there is none (as
/// `toolkits.authorize` does).
pub(super) fn managed_config(
    store: &mut Store,
    project_id: &str,
    toolkit: &Toolkit,
) -> ApiResult<String> {
    if let Some(config) = store
        .auth_configs
        .iter()
        .filter(|c| {
            c.project_id == project_id && c.toolkit == toolkit.slug && c.managed && c.enabled
        })
        .max_by_key(|c| c.seq)
    {
        return Ok(config.id.clone());
    }
    let scheme = managed_schemes(toolkit)
        .first()
        .copied()
        .ok_or_else(|| no_auth_config(toolkit.slug))?;
    let email = store
        .live_project(project_id)
        .map(|p| p.email.clone())
        .unwrap_or_default();
    let id = store.new_auth_config_id();
    let seq = store.next_seq();
    let now = store.now();
    store.auth_configs.push(AuthConfig {
        id: id.clone(),
        uuid: uuid(),
        project_id: project_id.to_string(),
        toolkit: toolkit.slug.to_string(),
        name: default_name(toolkit.slug),
        auth_scheme: scheme.to_string(),
        managed: true,
        credentials: Map::new(),
        proxy_config: None,
        enabled: true,
        created_by: email,
        created_at: now.clone(),
        updated_at: now,
        seq,
        restrict: vec![],
        creation_tools: vec![],
        shared_credentials: None,
    });
    Ok(id)
}

/// `POST /tool_router/session/{session_id}/link`: an INITIATED account of the session's user on the session's auth
/// config for the toolkit (else the managed one), and a link token; `GET redirect_url` makes it ACTIVE.
pub async fn link(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let mut store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?.clone();
    let body = json_object(&body)?;
    let slug = required_string(&body, "toolkit", INVALID, 1)?;
    let callback = optional_string(&body, "callback_url", INVALID)?;
    if let Some(url) = &callback {
        check_uri("callback_url", url)?;
    }
    let toolkit = find_toolkit(&slug).ok_or_else(|| ApiError::toolkit_not_found(&slug))?;
    if toolkit.auth_schemes.is_empty() {
        return Err(invalid(format!(
            "Toolkit {} needs no connection",
            toolkit.slug
        )));
    }
    if !session.toolkit_allowed(toolkit.slug) {
        return Err(toolkit_not_allowed(&session.id, toolkit.slug));
    }
    let callback = callback.or(session.callback_url.clone());
    let started = start_link(&mut store, &session, toolkit, callback, &host(&headers))?;
    Ok((StatusCode::CREATED, Json(started)))
}

/// An `INITIATED` account of the session's user for `toolkit` and a link that activates it: `{link_token,
/// redirect_url, connected_account_id}`. Refused when the session pins an account for the toolkit.
pub(super) fn start_link(
    store: &mut Store,
    session: &ToolRouterSession,
    toolkit: &Toolkit,
    callback: Option<String>,
    host: &str,
) -> ApiResult<Value> {
    if let Some(account) = session.account_for(toolkit.slug) {
        return Err(invalid(format!(
            "Session {} uses connected account {account} for toolkit {}",
            session.id, toolkit.slug
        )));
    }
    let config_id = match session.auth_config_for(toolkit.slug) {
        Some(config) => config.to_string(),
        None => managed_config(store, &session.project_id, toolkit)?,
    };
    let (account_id, _, _) = new_account(
        store,
        &session.project_id,
        &config_id,
        &session.user_id,
        "INITIATED",
        Map::new(),
    )?;
    let (token, _) = store.issue_link(&session.project_id, &account_id, callback);
    Ok(json!({
        "link_token": token,
        "redirect_url": link_url(host, &token),
        "connected_account_id": account_id,
    }))
}

/// `GET /tool_router/session/{session_id}/toolkits`: a cursor page of the session's toolkits (catalogue order) with
/// the account the session would use for each.
pub async fn toolkits(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let only: Vec<String> = params
        .list("toolkits")
        .iter()
        .map(|t| t.to_lowercase())
        .collect();
    let connected_only = params.bool("is_connected")?.unwrap_or(false);
    let search = params.get("search").unwrap_or("").trim().to_lowercase();
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let items: Vec<Value> = catalogue()
        .toolkits
        .iter()
        .filter(|t| {
            if only.is_empty() {
                session.toolkit_allowed(t.slug)
            } else {
                only.iter().any(|o| o == t.slug)
            }
        })
        .filter(|t| {
            search.is_empty()
                || [t.slug, t.name, t.description]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&search))
        })
        .map(|t| (t, shown_account(&store, session, t.slug)))
        .filter(|(_, account)| !connected_only || account.is_some_and(usable))
        .map(|(t, account)| {
            json!({
                "name": t.name,
                "slug": t.slug,
                "enabled": session.toolkit_allowed(t.slug),
                "is_no_auth": t.auth_schemes.is_empty(),
                "composio_managed_auth_schemes": managed_schemes(t),
                "meta": {"logo": logo(t.slug), "description": t.description},
                "connected_account": account.map(|a| connection_json(&store, a)),
            })
        })
        .collect();
    Ok(Json(page.page(items, "items")?))
}
