//! `/tool_router/session*` and the legacy `/labs/tool_router/session`: a session scopes one user's tools (toolkits,
//! tools, tags, auth config and connected account overrides). Its `execute` runs a tool as the session's user with
//! the rules of `/tools/execute`; `execute_meta` answers the COMPOSIO_* meta tools deterministically; `link` connects
//! a toolkit through the ordinary link flow (`GET /link/{token}`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::catalogue::{catalogue, logo, Tool, Toolkit, LATEST_VERSION};
use crate::errors::{ApiError, ApiResult};
use crate::mcp_state::{Allow, TagFilter, ToolRouterSession, ToolRule};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::resources::{
    default_name, find_toolkit, link_url, managed_schemes, uuid, Account, AuthConfig,
};
use crate::routes::connected_accounts::new_account;
use crate::routes::mcp::encode;
use crate::routes::tools::{find_tool, resolve_version, run, Outcome};
use crate::routes::{
    host, json_object, optional_bool, optional_object, optional_string, required_string,
};
use crate::shared::{lock, ApiVersion, AppState};
use crate::state::{random_alnum, random_hex, Store};

const INVALID: &str = "ToolRouterSession_InvalidRequest";

/// The routes, merged into the API router.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/tool_router/session", post(create))
        .route(
            "/tool_router/session/{session_id}",
            get(get_one)
                .patch(crate::routes::session_config::patch)
                .delete(crate::routes::session_config::delete),
        )
        .route("/tool_router/session/{session_id}/execute", post(execute))
        .route(
            "/tool_router/session/{session_id}/execute_meta",
            post(execute_meta),
        )
        .route("/tool_router/session/{session_id}/link", post(link))
        .route("/tool_router/session/{session_id}/toolkits", get(toolkits))
        .route(
            "/tool_router/session/{session_id}/tools",
            get(crate::routes::session_tools::tools),
        )
        .route(
            "/tool_router/session/{session_id}/config_history",
            get(crate::routes::session_config::history),
        )
        .route("/labs/tool_router/session", post(create_legacy))
}
pub const META_TOOLS: [&str; 8] = [
    "COMPOSIO_SEARCH_TOOLS",
    "COMPOSIO_MULTI_EXECUTE_TOOL",
    "COMPOSIO_MANAGE_CONNECTIONS",
    "COMPOSIO_REMOTE_WORKBENCH",
    "COMPOSIO_REMOTE_BASH_TOOL",
    "COMPOSIO_GET_TOOL_SCHEMAS",
    "COMPOSIO_UPSERT_RECIPE",
    "COMPOSIO_GET_RECIPE",
];
const HINTS: [&str; 4] = [
    "readOnlyHint",
    "destructiveHint",
    "idempotentHint",
    "openWorldHint",
];
/// How many tools COMPOSIO_SEARCH_TOOLS answers at most.
const SEARCH_LIMIT: usize = 10;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

fn session_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        4102,
        "ToolRouterSession_NotFound",
        format!("Tool router session {id} not found"),
    )
    .with_fix("Check your input.")
}

fn toolkit_not_allowed(session: &str, toolkit: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        4103,
        "ToolRouterSession_ToolkitNotAllowed",
        format!("Toolkit {toolkit} is not enabled in tool router session {session}"),
    )
}

fn tool_not_allowed(session: &str, tool: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        4104,
        "ToolRouterSession_ToolNotAllowed",
        format!("Tool {tool} is not enabled in tool router session {session}"),
    )
}

fn no_auth_config(toolkit: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        4105,
        "ToolRouterSession_NoAuthConfig",
        format!("No auth config for toolkit {toolkit}, and Composio does not manage its auth"),
    )
    .with_fix("Create an auth config for the toolkit and name it in the session's auth_configs.")
}

fn legacy_conflict(user_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        4106,
        "ToolRouterSession_Conflict",
        format!("A session for user {user_id} with the same configuration already exists"),
    )
}

fn session_url(host: &str, id: &str) -> String {
    format!("http://{host}/tool_router/v3/{id}/mcp")
}

/// `scheme:…`, as a `format: uri` string must be.
fn check_uri(field: &str, value: &str) -> ApiResult<()> {
    let scheme = value.split(':').next().unwrap_or("");
    let ok = value.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if ok {
        Ok(())
    } else {
        Err(invalid(format!("{field} must be a URI")))
    }
}

// ---- the session's configuration ----

fn string_list(value: &Value, field: &str) -> ApiResult<Vec<String>> {
    value
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| invalid(format!("{field} must be an array of strings")))
}

fn toolkit_slug(slug: &str, field: &str) -> ApiResult<&'static Toolkit> {
    find_toolkit(slug).ok_or_else(|| invalid(format!("{field}: unknown toolkit {slug:?}")))
}

/// `{enable: [...]}` or `{disable: [...]}`, nothing else; with `toolkits`, the slugs must be catalogue toolkits.
fn allow_list(value: &Value, field: &str, toolkits: bool) -> ApiResult<(Allow, Value)> {
    let shape = || {
        invalid(format!(
            "{field} must be {{enable: [...]}} or {{disable: [...]}}"
        ))
    };
    let map = value
        .as_object()
        .filter(|m| m.len() == 1)
        .ok_or_else(shape)?;
    let (key, list) = map.iter().next().ok_or_else(shape)?;
    let mut names = string_list(list, &format!("{field}.{key}"))?;
    if toolkits {
        names = names
            .iter()
            .map(|s| toolkit_slug(s, field).map(|t| t.slug.to_string()))
            .collect::<ApiResult<_>>()?;
    }
    match key.as_str() {
        "enable" => Ok((Allow::Only(names.clone()), json!({ "enabled": names }))),
        "disable" => Ok((Allow::Except(names.clone()), json!({ "disabled": names }))),
        _ => Err(shape()),
    }
}

fn hints(value: &Value, field: &str) -> ApiResult<Vec<String>> {
    let list = string_list(value, field)?;
    if let Some(bad) = list.iter().find(|h| !HINTS.contains(&h.as_str())) {
        return Err(invalid(format!(
            "{field}: unknown tag {bad:?} (one of {})",
            HINTS.join(", ")
        )));
    }
    Ok(list)
}

/// An array (the enabled tags) or `{enable?, disable?}`.
fn tag_filter(value: &Value, field: &str) -> ApiResult<(TagFilter, Value)> {
    if value.is_array() {
        let enabled = hints(value, field)?;
        return Ok((
            TagFilter {
                enabled: enabled.clone(),
                disabled: vec![],
            },
            json!({ "enabled": enabled }),
        ));
    }
    let Some(map) = value.as_object() else {
        return Err(invalid(format!(
            "{field} must be an array or {{enable?, disable?}}"
        )));
    };
    let mut filter = TagFilter::default();
    let mut shown = Map::new();
    if let Some(v) = map.get("enable").filter(|v| !v.is_null()) {
        filter.enabled = hints(v, &format!("{field}.enable"))?;
        shown.insert("enabled".into(), json!(filter.enabled));
    }
    if let Some(v) = map.get("disable").filter(|v| !v.is_null()) {
        filter.disabled = hints(v, &format!("{field}.disable"))?;
        shown.insert("disabled".into(), json!(filter.disabled));
    }
    Ok((filter, Value::Object(shown)))
}

/// `{toolkit: id}` where every id names a resource of the project for that toolkit (`toolkit_of` finds its toolkit).
fn overrides(
    body: &Map<String, Value>,
    field: &str,
    toolkit_of: impl Fn(&str) -> Option<String>,
) -> ApiResult<Option<Vec<(String, String)>>> {
    let Some(map) = optional_object(body, field, INVALID)? else {
        return Ok(None);
    };
    let mut pairs = Vec::new();
    for (toolkit, id) in map {
        let toolkit = toolkit_slug(&toolkit, field)?.slug.to_string();
        let Some(id) = id.as_str() else {
            return Err(invalid(format!("{field}.{toolkit} must be a string")));
        };
        match toolkit_of(id) {
            None => return Err(invalid(format!("{field}.{toolkit}: {id} not found"))),
            Some(t) if t != toolkit => {
                return Err(invalid(format!(
                    "{field}.{toolkit}: {id} belongs to toolkit {t}"
                )))
            }
            Some(_) => pairs.push((toolkit, id.to_string())),
        }
    }
    Ok(Some(pairs))
}

fn pairs_json(pairs: &[(String, String)]) -> Value {
    Value::Object(pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

/// Only the keys in `allowed` (the spec's `additionalProperties: false`).
fn only_keys(map: &Map<String, Value>, field: &str, allowed: &[&str]) -> ApiResult<()> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(format!("{field}: unknown property {k:?}"))),
        None => Ok(()),
    }
}

/// A session as the create body describes it, checked against the project.
pub(crate) fn session_from_body(
    store: &Store,
    project_id: &str,
    user_id: String,
    body: &Map<String, Value>,
) -> ApiResult<ToolRouterSession> {
    let mut config = Map::new();
    config.insert("user_id".into(), json!(user_id));
    let toolkits = match body.get("toolkits").filter(|v| !v.is_null()) {
        Some(value) => {
            let (allow, shown) = allow_list(value, "toolkits", true)?;
            config.insert("toolkits".into(), shown);
            Some(allow)
        }
        None => None,
    };
    let auth_configs = overrides(body, "auth_configs", |id| {
        store
            .auth_config(project_id, id)
            .ok()
            .map(|c| c.toolkit.clone())
    })?;
    if let Some(pairs) = &auth_configs {
        config.insert("auth_configs".into(), pairs_json(pairs));
    }
    let connected_accounts = overrides(body, "connected_accounts", |id| {
        store
            .account(project_id, id)
            .ok()
            .map(|a| a.toolkit.clone())
    })?;
    if let Some(pairs) = &connected_accounts {
        config.insert("connected_accounts".into(), pairs_json(pairs));
    }
    let manage = optional_object(body, "manage_connections", INVALID)?.unwrap_or_default();
    only_keys(&manage, "manage_connections", &["enable", "callback_url"])?;
    let manage_connections = optional_bool(&manage, "enable", INVALID)?.unwrap_or(true);
    let callback_url = optional_string(&manage, "callback_url", INVALID)?;
    let mut shown = json!({ "enabled": manage_connections });
    if let Some(url) = &callback_url {
        check_uri("manage_connections.callback_url", url)?;
        shown["callback_url"] = json!(url);
    }
    config.insert("manage_connections".into(), shown);
    let mut tools = Vec::new();
    if let Some(map) = optional_object(body, "tools", INVALID)? {
        let mut shown = Map::new();
        for (toolkit, rule) in &map {
            let field = format!("tools.{toolkit}");
            let toolkit = toolkit_slug(toolkit, "tools")?.slug.to_string();
            let tags = rule.as_object().and_then(|m| m.get("tags"));
            let (rule, json) = match tags {
                Some(tags) if rule.as_object().is_some_and(|m| m.len() == 1) => {
                    let (filter, json) = tag_filter(tags, &format!("{field}.tags"))?;
                    (ToolRule::Tags(filter), json!({ "tags": json }))
                }
                _ => {
                    let (allow, json) = allow_list(rule, &field, false)?;
                    (ToolRule::List(allow), json)
                }
            };
            shown.insert(toolkit.clone(), json);
            tools.push((toolkit, rule));
        }
        config.insert("tools".into(), Value::Object(shown));
    }
    let tags = match body.get("tags").filter(|v| !v.is_null()) {
        Some(value) => {
            let (filter, shown) = tag_filter(value, "tags")?;
            config.insert("tags".into(), shown);
            Some(filter)
        }
        None => None,
    };
    let workbench = optional_object(body, "workbench", INVALID)?.unwrap_or_default();
    only_keys(
        &workbench,
        "workbench",
        &["enable_proxy_execution", "auto_offload_threshold"],
    )?;
    let proxy = optional_bool(&workbench, "enable_proxy_execution", INVALID)?.unwrap_or(true);
    let mut shown = json!({ "proxy_execution_enabled": proxy });
    match workbench.get("auto_offload_threshold") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_f64().is_some_and(|n| n > 0.0) => {
            shown["auto_offload_threshold"] = v.clone();
        }
        Some(_) => {
            return Err(invalid(
                "workbench.auto_offload_threshold must be a number above 0",
            ))
        }
    }
    config.insert("workbench".into(), shown);
    // The current API's required config fields, at the values a session made without them has (a guess).
    config.insert("instant".into(), json!(false));
    config.insert("preload".into(), json!({ "tools": [] }));
    config.insert("search".into(), json!({ "enable": true }));
    config.insert("execute".into(), json!({ "enable_multi_execute": true }));
    Ok(ToolRouterSession {
        id: String::new(),
        project_id: project_id.to_string(),
        user_id,
        toolkits,
        auth_configs: auth_configs.unwrap_or_default(),
        connected_accounts: connected_accounts.unwrap_or_default(),
        manage_connections,
        callback_url,
        tools,
        tags,
        config: Value::Object(config),
        legacy_body: None,
        source: body.clone(),
        config_version: 1,
        config_at: String::new(),
        history: Vec::new(),
    })
}

/// Gives the session a fresh id and keeps it.
fn insert(store: &mut Store, mut session: ToolRouterSession) -> ToolRouterSession {
    session.config_at = store.now();
    session.id = loop {
        let id = format!("trs_{}", random_alnum(12, false));
        if !store.mcp.sessions.iter().any(|s| s.id == id) {
            break id;
        }
    };
    store.mcp.sessions.push(session.clone());
    session
}

pub(crate) fn meta_tools(session: &ToolRouterSession) -> Vec<&'static str> {
    META_TOOLS
        .into_iter()
        .filter(|t| session.manage_connections || *t != "COMPOSIO_MANAGE_CONNECTIONS")
        .collect()
}

pub(crate) fn session_json(session: &ToolRouterSession, host: &str) -> Value {
    json!({
        "session_id": session.id,
        "mcp": {"type": "http", "url": session_url(host, &session.id)},
        "tool_router_tools": meta_tools(session),
        "config": session.config,
        "config_version": session.config_version,
        "warnings": [],
    })
}

pub(crate) fn find_session<'a>(
    store: &'a Store,
    project_id: &str,
    id: &str,
) -> ApiResult<&'a ToolRouterSession> {
    if !id.starts_with("trs_") {
        return Err(invalid(format!(
            "Invalid session id {id:?}: session ids start with trs_"
        )));
    }
    store
        .mcp
        .sessions
        .iter()
        .find(|s| s.project_id == project_id && s.id == id)
        .ok_or_else(|| session_not_found(id))
}

// ---- accounts as the session sees them ----

fn usable(account: &Account) -> bool {
    account.status == "ACTIVE" && !account.disabled
}

/// The account an execution runs with: the session's override for the toolkit, else the newest usable account of
/// the session's user (on the session's auth config for the toolkit, when it names one).
fn account_for_execute(
    store: &Store,
    session: &ToolRouterSession,
    toolkit: &str,
) -> ApiResult<String> {
    let (project, user) = (session.project_id.as_str(), session.user_id.as_str());
    if let Some(id) = session.account_for(toolkit) {
        return store
            .usable_account(project, Some(toolkit), Some(id), None)
            .map(|a| a.id.clone());
    }
    match session.auth_config_for(toolkit) {
        Some(config) => store
            .accounts
            .iter()
            .filter(|a| {
                a.project_id == project
                    && a.toolkit == toolkit
                    && a.user_id == user
                    && a.auth_config_id == config
                    && usable(a)
            })
            .max_by_key(|a| a.seq)
            .map(|a| a.id.clone())
            .ok_or_else(|| ApiError::no_active_account(toolkit, Some(user))),
        None => store
            .usable_account(project, Some(toolkit), None, Some(user))
            .map(|a| a.id.clone()),
    }
}

/// The account the session shows for a toolkit: its override, else the user's newest usable account (on the
/// session's auth config when it names one), else the user's newest account of any status.
fn shown_account<'a>(
    store: &'a Store,
    session: &ToolRouterSession,
    toolkit: &str,
) -> Option<&'a Account> {
    if let Some(id) = session.account_for(toolkit) {
        return store.account(&session.project_id, id).ok();
    }
    let config = session.auth_config_for(toolkit);
    let mine: Vec<&Account> = store
        .accounts
        .iter()
        .filter(|a| {
            a.project_id == session.project_id
                && a.toolkit == toolkit
                && a.user_id == session.user_id
                && config.map_or(true, |c| a.auth_config_id == c)
        })
        .collect();
    mine.iter()
        .copied()
        .filter(|a| usable(a))
        .max_by_key(|a| a.seq)
        .or_else(|| mine.iter().copied().max_by_key(|a| a.seq))
}

fn connection_json(store: &Store, account: &Account) -> Value {
    let config = store
        .auth_config(&account.project_id, &account.auth_config_id)
        .ok();
    json!({
        "id": account.id,
        "user_id": account.user_id,
        "status": account.status,
        "created_at": account.created_at,
        "auth_config": {
            "id": account.auth_config_id,
            "auth_scheme": config.map_or("OAUTH2", |c| c.auth_scheme.as_str()),
            "is_composio_managed": config.is_some_and(|c| c.managed),
        },
    })
}

// ---- handlers ----

/// `POST /tool_router/session`.
pub async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let user_id = required_string(&body, "user_id", INVALID, 1)?;
    let mut store = lock(&state.store);
    let session = session_from_body(&store, &auth.project_id, user_id, &body)?;
    let session = insert(&mut store, session);
    Ok((
        StatusCode::CREATED,
        Json(session_json(&session, &host(&headers))),
    ))
}

/// `GET /tool_router/session/{session_id}`.
pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    Ok(Json(session_json(session, &host(&headers))))
}

/// `POST /labs/tool_router/session` (legacy): `{user_id, config?: {manually_manage_connections?, toolkits?:
/// [{toolkit, auth_config_id?}]}}`; the same user and configuration twice is 409, as the spec documents.
pub async fn create_legacy(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let user_id = required_string(&body, "user_id", INVALID, 0)?;
    let config = optional_object(&body, "config", INVALID)?.unwrap_or_default();
    let manual = optional_bool(&config, "manually_manage_connections", INVALID)?.unwrap_or(false);
    let mut entries = Vec::new();
    match config.get("toolkits") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let Some(item) = item.as_object() else {
                    return Err(invalid("config.toolkits items must be objects"));
                };
                let toolkit = required_string(item, "toolkit", INVALID, 1)?;
                let config_id = optional_string(item, "auth_config_id", INVALID)?;
                entries.push((
                    toolkit_slug(&toolkit, "config.toolkits")?.slug.to_string(),
                    config_id,
                ));
            }
        }
        Some(_) => return Err(invalid("config.toolkits must be an array")),
    }
    // The new session's body, so the session is checked and kept as one.
    let mut new_body = Map::new();
    if !entries.is_empty() {
        let slugs: Vec<&String> = entries.iter().map(|(t, _)| t).collect();
        new_body.insert("toolkits".into(), json!({ "enable": slugs }));
    }
    let configs: Map<String, Value> = entries
        .iter()
        .filter_map(|(t, c)| c.as_ref().map(|c| (t.clone(), json!(c))))
        .collect();
    if !configs.is_empty() {
        new_body.insert("auth_configs".into(), Value::Object(configs));
    }
    new_body.insert("manage_connections".into(), json!({ "enable": !manual }));
    let legacy = json!({
        "user_id": user_id,
        "manually_manage_connections": manual,
        "toolkits": entries.iter().map(|(t, c)| json!({"toolkit": t, "auth_config_id": c})).collect::<Vec<_>>(),
    });
    let mut store = lock(&state.store);
    let mut session = session_from_body(&store, &auth.project_id, user_id.clone(), &new_body)?;
    if store
        .mcp
        .sessions
        .iter()
        .any(|s| s.project_id == auth.project_id && s.legacy_body.as_ref() == Some(&legacy))
    {
        return Err(legacy_conflict(&user_id));
    }
    session.legacy_body = Some(legacy);
    let session = insert(&mut store, session);
    let url = session_url(&host(&headers), &session.id);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "session_id": session.id,
            "chat_session_mcp_url": url,
            "tool_router_instance_mcp_url": format!("{url}?user_id={}", encode(&user_id)),
        })),
    ))
}

fn arguments(body: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    match body.get("arguments") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err(invalid("arguments must be an object")),
    }
}

/// A tool of the session: its toolkit enabled (else 403 `ToolRouterSession_ToolkitNotAllowed`) and the tool not
/// filtered out by `tools` / `tags` (else 403 `ToolRouterSession_ToolNotAllowed`).
fn check_tool(session: &ToolRouterSession, tool: &Tool) -> ApiResult<()> {
    if !session.toolkit_allowed(tool.toolkit_slug) {
        return Err(toolkit_not_allowed(&session.id, tool.toolkit_slug));
    }
    if !session.tool_allowed(tool.toolkit_slug, &tool.slug, &tool.tags) {
        return Err(tool_not_allowed(&session.id, &tool.slug));
    }
    Ok(())
}

/// Runs an allowed tool as the session's user: without a usable account the outcome carries the error `/tools/
/// execute` would answer as a 4xx.
fn execute_in(
    store: &Store,
    session: &ToolRouterSession,
    tool: &Tool,
    arguments: Map<String, Value>,
    version: &str,
) -> Outcome {
    let account = if tool.no_auth {
        None
    } else {
        match account_for_execute(store, session, tool.toolkit_slug) {
            Ok(id) => Some(id),
            Err(e) => {
                return Outcome {
                    data: json!({}),
                    error: Some(e.message),
                }
            }
        }
    };
    run(
        tool,
        arguments,
        None,
        Some(&session.user_id),
        account.as_deref(),
        version,
    )
}

fn answer(outcome: Outcome) -> Json<Value> {
    Json(json!({
        "data": outcome.data,
        "error": outcome.error,
        "log_id": format!("log_{}", random_hex(16)),
    }))
}

/// `POST /tool_router/session/{session_id}/execute`.
pub async fn execute(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Extension(api): Extension<ApiVersion>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let body = json_object(&body)?;
    let slug = required_string(&body, "tool_slug", INVALID, 1)?;
    let arguments = arguments(&body)?;
    let tool = find_tool(&slug)?;
    check_tool(session, tool)?;
    let version = resolve_version(api, None).unwrap_or(LATEST_VERSION);
    Ok(answer(execute_in(
        &store, session, tool, arguments, version,
    )))
}

/// `POST /tool_router/session/{session_id}/execute_meta`.
pub async fn execute_meta(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Extension(api): Extension<ApiVersion>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let body = json_object(&body)?;
    let slug = required_string(&body, "slug", INVALID, 0)?;
    if !META_TOOLS.contains(&slug.as_str()) {
        return Err(invalid(format!(
            "slug must be one of {}",
            META_TOOLS.join(", ")
        )));
    }
    let arguments = arguments(&body)?;
    if !meta_tools(session).contains(&slug.as_str()) {
        return Err(tool_not_allowed(&session.id, &slug));
    }
    let version = resolve_version(api, None).unwrap_or(LATEST_VERSION);
    let outcome = match slug.as_str() {
        "COMPOSIO_SEARCH_TOOLS" => search_tools(&store, session, &arguments),
        "COMPOSIO_MANAGE_CONNECTIONS" => manage_connections(&store, session, &arguments),
        "COMPOSIO_GET_TOOL_SCHEMAS" => tool_schemas(session, &arguments),
        "COMPOSIO_MULTI_EXECUTE_TOOL" => multi_execute(&store, session, &arguments, version),
        _ => Outcome {
            data: json!({"tool": slug, "arguments": arguments}),
            error: None,
        },
    };
    Ok(answer(outcome))
}

fn failed(message: impl Into<String>) -> Outcome {
    Outcome {
        data: json!({}),
        error: Some(message.into()),
    }
}

fn argument_strings(
    arguments: &Map<String, Value>,
    field: &str,
) -> Result<Option<Vec<String>>, String> {
    match arguments.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => string_list(value, field).map(Some).map_err(|e| e.message),
    }
}

/// Whether the session offers the tool.
fn offered(session: &ToolRouterSession, tool: &Tool) -> bool {
    check_tool(session, tool).is_ok()
}

/// COMPOSIO_SEARCH_TOOLS `{query (or use_case)}`: the session's tools whose slug or name contain every word of the
/// query, in catalogue order, at most 10, with the connection status of their toolkits.
fn search_tools(
    store: &Store,
    session: &ToolRouterSession,
    arguments: &Map<String, Value>,
) -> Outcome {
    let query = ["query", "use_case"]
        .iter()
        .find_map(|f| arguments.get(*f).and_then(Value::as_str))
        .unwrap_or("")
        .trim()
        .to_string();
    let words: Vec<String> = query
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return failed("query is required: a string describing the task");
    }
    let matches: Vec<&Tool> = catalogue()
        .tools
        .iter()
        .filter(|t| offered(session, t))
        .filter(|t| {
            let text = format!("{} {}", t.slug, t.name).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect();
    let results: Vec<Value> = matches
        .iter()
        .take(SEARCH_LIMIT)
        .map(|t| {
            json!({
                "tool_slug": t.slug,
                "name": t.name,
                "description": t.description,
                "toolkit": t.toolkit_slug,
            })
        })
        .collect();
    let mut toolkits: Vec<&str> = matches
        .iter()
        .take(SEARCH_LIMIT)
        .map(|t| t.toolkit_slug)
        .collect();
    toolkits.dedup();
    let statuses: Vec<Value> = toolkits
        .into_iter()
        .map(|t| connection_status(store, session, t))
        .collect();
    Outcome {
        data: json!({
            "query": query,
            "results": results,
            "total_results": matches.len(),
            "toolkit_connection_statuses": statuses,
        }),
        error: None,
    }
}

fn connection_status(store: &Store, session: &ToolRouterSession, toolkit: &str) -> Value {
    let no_auth = find_toolkit(toolkit).is_some_and(|t| t.auth_schemes.is_empty());
    let account = shown_account(store, session, toolkit);
    json!({
        "toolkit": toolkit,
        "connected": no_auth || account.is_some_and(usable),
        "no_auth": no_auth,
        "status": account.map(|a| a.status.clone()),
        "connected_account_id": account.map(|a| a.id.clone()),
    })
}

/// COMPOSIO_MANAGE_CONNECTIONS `{toolkits?: [...]}`: the user's connection status per toolkit (default: every
/// enabled toolkit that needs auth). Read-only: it starts no connection (use `/link`).
fn manage_connections(
    store: &Store,
    session: &ToolRouterSession,
    arguments: &Map<String, Value>,
) -> Outcome {
    let toolkits = match argument_strings(arguments, "toolkits") {
        Err(e) => return failed(e),
        Ok(Some(list)) => {
            let mut slugs = Vec::new();
            for slug in list {
                match find_toolkit(&slug) {
                    Some(t) => slugs.push(t.slug),
                    None => return failed(format!("Unknown toolkit {slug}")),
                }
            }
            slugs
        }
        Ok(None) => catalogue()
            .toolkits
            .iter()
            .filter(|t| !t.auth_schemes.is_empty() && session.toolkit_allowed(t.slug))
            .map(|t| t.slug)
            .collect(),
    };
    let statuses: Vec<Value> = toolkits
        .into_iter()
        .map(|t| connection_status(store, session, t))
        .collect();
    Outcome {
        data: json!({"user_id": session.user_id, "toolkits": statuses}),
        error: None,
    }
}

/// COMPOSIO_GET_TOOL_SCHEMAS `{tool_slugs: [...]}`: the input schemas of the session's tools; unknown tools and tools
/// the session does not offer are listed in `not_found`.
fn tool_schemas(session: &ToolRouterSession, arguments: &Map<String, Value>) -> Outcome {
    let slugs = match argument_strings(arguments, "tool_slugs") {
        Err(e) => return failed(e),
        Ok(None) => return failed("tool_slugs is required: an array of tool slugs"),
        Ok(Some(slugs)) => slugs,
    };
    let mut schemas = Vec::new();
    let mut not_found = Vec::new();
    for slug in slugs {
        match find_tool(&slug).ok().filter(|t| offered(session, t)) {
            Some(tool) => schemas.push(json!({
                "tool_slug": tool.slug,
                "name": tool.name,
                "description": tool.description,
                "toolkit": tool.toolkit_slug,
                "input_parameters": tool.input_parameters,
            })),
            None => not_found.push(slug),
        }
    }
    Outcome {
        data: json!({"tool_schemas": schemas, "not_found": not_found}),
        error: None,
    }
}

/// COMPOSIO_MULTI_EXECUTE_TOOL `{tools: [{tool_slug, arguments?}]}`: runs each as `execute` would; a tool's failure
/// (unknown, not offered, no account, missing argument) is in its own result.
fn multi_execute(
    store: &Store,
    session: &ToolRouterSession,
    arguments: &Map<String, Value>,
    version: &str,
) -> Outcome {
    let Some(Value::Array(calls)) = arguments.get("tools") else {
        return failed("tools is required: an array of {tool_slug, arguments}");
    };
    let mut results = Vec::new();
    for call in calls {
        let slug = call.get("tool_slug").and_then(Value::as_str).unwrap_or("");
        let args = match call.get("arguments") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(_) => return failed("tools[].arguments must be an object"),
        };
        let outcome = match find_tool(slug) {
            Err(e) => failed(e.message),
            Ok(tool) => match check_tool(session, tool) {
                Err(e) => failed(e.message),
                Ok(()) => execute_in(store, session, tool, args, version),
            },
        };
        results.push(json!({"tool_slug": slug, "data": outcome.data, "error": outcome.error}));
    }
    Outcome {
        data: json!({ "results": results }),
        error: None,
    }
}

/// The project's newest enabled Composio-managed auth config of the toolkit, created when there is none (as
/// `toolkits.authorize` does).
fn managed_config(store: &mut Store, project_id: &str, toolkit: &Toolkit) -> ApiResult<String> {
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
    if let Some(account) = session.account_for(toolkit.slug) {
        return Err(invalid(format!(
            "Session {} uses connected account {account} for toolkit {}",
            session.id, toolkit.slug
        )));
    }
    let config_id = match session.auth_config_for(toolkit.slug) {
        Some(config) => config.to_string(),
        None => managed_config(&mut store, &auth.project_id, toolkit)?,
    };
    let (account_id, _, _) = new_account(
        &mut store,
        &auth.project_id,
        &config_id,
        &session.user_id,
        "INITIATED",
        Map::new(),
    )?;
    let callback = callback.or(session.callback_url.clone());
    let (token, _) = store.issue_link(&auth.project_id, &account_id, callback);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "link_token": token,
            "redirect_url": link_url(&host(&headers), &token),
            "connected_account_id": account_id,
        })),
    ))
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
