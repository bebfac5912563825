//! `GET /tool_router/session/{session_id}/tools`: the session's meta tools with their schemas, as a cursor page of
//! tools (the shape of `GET /tools`). The schemas are the arguments `execute_meta` reads (a guess: the docs name
//! the meta tools, not their schemas; `emulator/README.md` lists it).

use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::{json, Value};

use super::{find_session, meta_tools};
use crate::auth::ProjectAuth;
use crate::errors::ApiResult;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::shared::{lock, AppState};
use crate::store::catalogue::LATEST_VERSION;

fn string(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

/// (description, input schema) of a meta tool.
fn definition(slug: &str) -> (&'static str, Value) {
    let object = |properties: Value, required: &[&str]| json!({"type": "object", "properties": properties, "required": required});
    match slug {
        "COMPOSIO_SEARCH_TOOLS" => (
            "Find the tools for a task among the session's toolkits.",
            object(json!({"query": string("The task, in words.")}), &["query"]),
        ),
        "COMPOSIO_MULTI_EXECUTE_TOOL" => (
            "Run several tools at once, each with its arguments.",
            object(
                json!({"tools": {"type": "array", "items": object(
                    json!({"tool_slug": string("The tool to run."),
                           "arguments": {"type": "object", "description": "Its arguments."}}),
                    &["tool_slug"])}}),
                &["tools"],
            ),
        ),
        "COMPOSIO_MANAGE_CONNECTIONS" => (
            "Check the user's connections to toolkits and get links to connect the missing ones.",
            object(
                json!({"toolkits": {"type": "array", "items": {"type": "string"}}}),
                &["toolkits"],
            ),
        ),
        "COMPOSIO_GET_TOOL_SCHEMAS" => (
            "Get the input schemas of tools by slug.",
            object(
                json!({"tool_slugs": {"type": "array", "items": {"type": "string"}}}),
                &["tool_slugs"],
            ),
        ),
        "COMPOSIO_REMOTE_BASH_TOOL" => (
            "Run a shell command in the session's remote sandbox.",
            object(json!({"command": string("The command.")}), &["command"]),
        ),
        "COMPOSIO_REMOTE_WORKBENCH" => (
            "Run Python code in the session's remote workbench.",
            object(
                json!({"code_to_execute": string("The code.")}),
                &["code_to_execute"],
            ),
        ),
        _ => (
            "A recipe of the session.",
            object(json!({"recipe_id": string("The recipe.")}), &[]),
        ),
    }
}

fn tool_json(slug: &str) -> Value {
    let (description, input) = definition(slug);
    json!({
        "slug": slug,
        "name": slug,
        "description": description,
        "toolkit": {"slug": "composio", "name": "Composio", "logo": ""},
        "input_parameters": input,
        "output_parameters": {"type": "object", "properties": {"data": {"type": "object"}}},
        "no_auth": true,
        "available_versions": [LATEST_VERSION],
        "version": LATEST_VERSION,
        "scopes": [],
        "tags": [],
        "is_deprecated": false,
    })
}

pub async fn tools(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let page = PageRequest::from_params(&Params(query))?;
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let items = meta_tools(session).into_iter().map(tool_json).collect();
    Ok(Json(page.page(items, "items")?))
}
