//! `execute` and `execute_meta`: a session's tools and its COMPOSIO_* meta tools.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::ApiResult;
use crate::ids::random_hex;
use crate::routes::tools::{find_tool, resolve_version, run, Outcome};
use crate::routes::{host, json_object, required_string};
use crate::shared::{lock, ApiVersion, AppState};
use crate::store::catalogue::{catalogue, Tool, LATEST_VERSION};
use crate::store::mcp::ToolRouterSession;
use crate::store::resources::{find_toolkit, link_url};
use crate::store::Store;

use super::link::start_link;
use super::*;

pub(super) fn arguments(body: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    match body.get("arguments") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err(invalid("arguments must be an object")),
    }
}

/// A tool of the session: its toolkit enabled (else 403 `ToolRouterSession_ToolkitNotAllowed`) and the tool not
/// filtered out by `tools` / `tags` (else 403 `ToolRouterSession_ToolNotAllowed`).
pub(super) fn check_tool(session: &ToolRouterSession, tool: &Tool) -> ApiResult<()> {
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
pub(super) fn execute_in(
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

pub(super) fn answer(outcome: Outcome) -> Json<Value> {
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
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let session = &find_session(&store, &auth.project_id, &id)?.clone();
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
        "COMPOSIO_MANAGE_CONNECTIONS" => {
            manage_connections(&mut store, session, &arguments, &host(&headers))
        }
        "COMPOSIO_GET_TOOL_SCHEMAS" => tool_schemas(session, &arguments),
        "COMPOSIO_MULTI_EXECUTE_TOOL" => multi_execute(&store, session, &arguments, version),
        _ => Outcome {
            data: json!({"tool": slug, "arguments": arguments}),
            error: None,
        },
    };
    Ok(answer(outcome))
}

pub(super) fn failed(message: impl Into<String>) -> Outcome {
    Outcome {
        data: json!({}),
        error: Some(message.into()),
    }
}

pub(super) fn argument_strings(
    arguments: &Map<String, Value>,
    field: &str,
) -> Result<Option<Vec<String>>, String> {
    match arguments.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => string_list(value, field).map(Some).map_err(|e| e.message),
    }
}

/// Whether the session offers the tool.
pub(super) fn offered(session: &ToolRouterSession, tool: &Tool) -> bool {
    check_tool(session, tool).is_ok()
}

/// COMPOSIO_SEARCH_TOOLS `{query (or use_case)}`: the session's tools whose slug or name contain every word of the
/// query, in catalogue order, at most 10, with the connection status of their toolkits.
pub(super) fn search_tools(
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

/// COMPOSIO_MANAGE_CONNECTIONS `{toolkits?: [...]}`: the user's connection status per toolkit (default: every
/// enabled toolkit that needs auth); each toolkit the session offers that is not connected gets a link as `/link`
/// makes one (`redirect_url`), so the user can connect it and the next execution finds the account.
pub(super) fn manage_connections(
    store: &mut Store,
    session: &ToolRouterSession,
    arguments: &Map<String, Value>,
    host: &str,
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
    let mut statuses = Vec::new();
    for slug in toolkits {
        let mut status = connection_status(store, session, slug);
        if status["connected"] != json!(true) && session.toolkit_allowed(slug) {
            let toolkit = find_toolkit(slug).expect("a catalogue toolkit");
            let callback = session.callback_url.clone();
            // A connection already waiting for the user gets a fresh link, not another account.
            let pending = match (
                status["status"].as_str(),
                status["connected_account_id"].as_str(),
            ) {
                (Some("INITIATED"), Some(id)) => Some(id.to_string()),
                _ => None,
            };
            let started = match pending {
                Some(id) => {
                    let (token, _) = store.issue_link(&session.project_id, &id, callback);
                    Ok(json!({"connected_account_id": id, "redirect_url": link_url(host, &token)}))
                }
                None => start_link(store, session, toolkit, callback, host),
            };
            match started {
                Ok(link) => {
                    status["status"] = json!("INITIATED");
                    status["connected_account_id"] = link["connected_account_id"].clone();
                    status["redirect_url"] = link["redirect_url"].clone();
                    status["instruction"] = json!(format!(
                        "Ask the user to open redirect_url to connect {slug}, then run the tool again."
                    ));
                }
                Err(e) => status["error"] = json!(e.message),
            }
        }
        statuses.push(status);
    }
    Outcome {
        data: json!({"user_id": session.user_id, "toolkits": statuses}),
        error: None,
    }
}

/// COMPOSIO_GET_TOOL_SCHEMAS `{tool_slugs: [...]}`: the input schemas of the session's tools; unknown tools and tools
/// the session does not offer are listed in `not_found`.
pub(super) fn tool_schemas(session: &ToolRouterSession, arguments: &Map<String, Value>) -> Outcome {
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
pub(super) fn multi_execute(
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
