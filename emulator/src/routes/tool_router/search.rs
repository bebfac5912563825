//! `POST /tool_router/session/{session_id}/search`: up to seven use cases searched at once among the session's
//! tools, answered with the slugs per query, the schemas of every tool found, the connection status of their
//! toolkits and what to do next. The ranking is the emulator's (words of the use case found in a tool's slug, name
//! and description); the shape is the API's.

use axum::extract::{Path, State};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::ApiResult;
use crate::routes::{json_object, optional_object, optional_string};
use crate::shared::{lock, AppState};
use crate::store::catalogue::{catalogue, Tool};
use crate::store::mcp::ToolRouterSession;
use crate::store::resources::find_toolkit;
use crate::store::Store;

use super::accounts::{shown_account, usable};
use super::meta::offered;
use super::{find_session, invalid, INVALID, SEARCH_LIMIT};

const MAX_QUERIES: usize = 7;
/// How many of a query's best tools are its primary ones; the rest found are related.
const PRIMARY: usize = 3;
const STRATEGIES: [&str; 2] = ["auto", "tool_search"];
/// Words too common to say anything about a tool.
const STOP_WORDS: [&str; 12] = [
    "the", "and", "for", "with", "from", "into", "that", "this", "all", "any", "new", "my",
];

/// The words of a use case a tool is matched on: lowercase, three letters at least, no stop words.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3 && !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect();
    words.dedup();
    words
}

/// The session's tools that contain any of the words, the most words first (catalogue order among equals).
fn ranked<'a>(session: &ToolRouterSession, words: &[String]) -> Vec<&'a Tool> {
    let mut scored: Vec<(usize, &Tool)> = catalogue()
        .tools
        .iter()
        .filter(|t| offered(session, t))
        .map(|t| {
            let text = format!("{} {}", t.slug.to_lowercase(), t.haystack);
            (
                words.iter().filter(|w| text.contains(w.as_str())).count(),
                t,
            )
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored
        .into_iter()
        .take(SEARCH_LIMIT)
        .map(|(_, t)| t)
        .collect()
}

/// One query of the body: `{use_case, known_fields?}`.
fn use_case(query: &Value, index: usize) -> ApiResult<String> {
    let Some(query) = query.as_object() else {
        return Err(invalid(format!("queries[{index}] must be an object")));
    };
    let field = |name: &str| optional_string(query, name, INVALID);
    field("known_fields")?;
    field("use_case")?.ok_or_else(|| invalid(format!("queries[{index}].use_case is required")))
}

/// A toolkit's entry of `toolkit_connection_statuses`, in the search answer's shape.
fn search_status(store: &Store, session: &ToolRouterSession, slug: &str) -> Value {
    let toolkit = find_toolkit(slug);
    let no_auth = toolkit.is_some_and(|t| t.auth_schemes.is_empty());
    let account = shown_account(store, session, slug).filter(|a| usable(a));
    let mut status = json!({
        "toolkit": slug,
        "description": toolkit.map_or("", |t| t.description),
        "has_active_connection": no_auth || account.is_some(),
        "status_message": match (no_auth, account) {
            (true, _) => format!("{slug} needs no connection."),
            (false, Some(a)) => format!("{slug} is connected (account {}).", a.id),
            (false, None) => format!(
                "{slug} is not connected: call COMPOSIO_MANAGE_CONNECTIONS with toolkits [\"{slug}\"] for a link."
            ),
        },
    });
    if let Some(account) = account {
        status["connection_details"] = json!({
            "connected_account_id": account.id,
            "auth_config_id": account.auth_config_id,
        });
        status["account_type"] = json!("PRIVATE");
    }
    status
}

fn tool_schema(tool: &Tool) -> Value {
    json!({
        "toolkit": tool.toolkit_slug,
        "tool_slug": tool.slug,
        "description": tool.description,
        "hasFullSchema": true,
        "input_schema": tool.input_parameters,
    })
}

/// `POST …/search {queries: [{use_case, known_fields?}] (1 to 7), model?, search_strategy?, experimental?}`.
pub async fn search(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let queries = match body.get("queries") {
        Some(Value::Array(q)) if (1..=MAX_QUERIES).contains(&q.len()) => q,
        Some(Value::Array(_)) => {
            return Err(invalid(format!(
                "queries must hold 1 to {MAX_QUERIES} queries"
            )))
        }
        None | Some(Value::Null) => return Err(invalid("queries is required")),
        Some(_) => return Err(invalid("queries must be an array")),
    };
    let cases = queries
        .iter()
        .enumerate()
        .map(|(i, q)| use_case(q, i))
        .collect::<ApiResult<Vec<_>>>()?;
    optional_string(&body, "model", INVALID)?;
    optional_object(&body, "experimental", INVALID)?;
    if let Some(strategy) = optional_string(&body, "search_strategy", INVALID)? {
        if !STRATEGIES.contains(&strategy.as_str()) {
            return Err(invalid(format!(
                "search_strategy must be one of {}",
                STRATEGIES.join(", ")
            )));
        }
    }
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?.clone();
    let (mut results, mut failures) = (Vec::new(), Vec::new());
    let mut schemas = Map::new();
    let mut toolkits: Vec<&str> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let words = words(case);
        let found = ranked(&session, &words);
        let error = words
            .is_empty()
            .then(|| format!("query {}: the use case names nothing to search for", i + 1));
        if let Some(e) = &error {
            failures.push(e.clone());
        }
        let mut kits: Vec<&str> = Vec::new();
        for tool in &found {
            schemas
                .entry(tool.slug.clone())
                .or_insert_with(|| tool_schema(tool));
            if !kits.contains(&tool.toolkit_slug) {
                kits.push(tool.toolkit_slug);
            }
        }
        for kit in &kits {
            if !toolkits.contains(kit) {
                toolkits.push(kit);
            }
        }
        let slugs: Vec<&str> = found.iter().map(|t| t.slug.as_str()).collect();
        let split = slugs.len().min(PRIMARY);
        results.push(json!({
            "index": i + 1,
            "use_case": case,
            "primary_tool_slugs": &slugs[..split],
            "related_tool_slugs": &slugs[split..],
            "toolkits": kits,
            "error": error,
        }));
    }
    let statuses: Vec<Value> = toolkits
        .iter()
        .map(|t| search_status(&store, &session, t))
        .collect();
    let mut guidance: Vec<String> = statuses
        .iter()
        .filter(|s| s["has_active_connection"] == json!(false))
        .map(|s| {
            format!(
                "Connect {} first: call COMPOSIO_MANAGE_CONNECTIONS and have the user open the link.",
                s["toolkit"].as_str().unwrap_or_default()
            )
        })
        .collect();
    guidance.push(
        "Run the tools with COMPOSIO_MULTI_EXECUTE_TOOL, with arguments that follow tool_schemas."
            .into(),
    );
    let now_ms = store.now_ms();
    let error = (!failures.is_empty()).then(|| {
        format!(
            "{} out of {} searches failed, reasons: {}",
            failures.len(),
            cases.len(),
            failures.join("; ")
        )
    });
    Ok(Json(json!({
        "success": error.is_none(),
        "error": error,
        "results": results,
        "tool_schemas": schemas,
        "toolkit_connection_statuses": statuses,
        "time_info": {
            "current_time_utc": crate::clock::format_rfc3339_ms(now_ms),
            "current_time_utc_epoch_seconds": now_ms / 1000,
            "message": "Times are UTC; convert to the user's time zone when they give one.",
        },
        "session": {
            "id": session.id,
            "generate_id": false,
            "instructions": "Pass this id as session_id to the meta tools you call next in this conversation.",
        },
        "next_steps_guidance": guidance,
    })))
}
