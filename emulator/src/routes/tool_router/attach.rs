//! `POST …/attach`: the session again, with this request's inline custom tools and toolkits checked and named as
//! the API names them.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::ApiResult;
use crate::routes::{host, json_object, optional_object, optional_string};
use crate::shared::{lock, AppState};
use crate::store::resources::find_toolkit;

use super::{find_session, invalid, session_json, INVALID};

/// The longest name a custom tool gets once prefixed (`LOCAL_…`).
const MAX_CUSTOM_SLUG: usize = 60;

fn text<'a>(map: &'a Map<String, Value>, field: &str, at: &str) -> ApiResult<&'a str> {
    match map.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(invalid(format!("{at}.{field} must be a non-empty string"))),
    }
}

/// A custom tool as the API echoes it: checked, its slug prefixed, the given one kept as `original_slug`.
fn custom_tool(tool: &Value, at: &str, toolkit: Option<&str>) -> ApiResult<Value> {
    let map = tool
        .as_object()
        .ok_or_else(|| invalid(format!("{at} must be an object")))?;
    let slug = text(map, "slug", at)?;
    text(map, "name", at)?;
    text(map, "description", at)?;
    let schema = map.get("input_schema").and_then(Value::as_object);
    if !schema
        .is_some_and(|s| s.get("type") == Some(&json!("object")) && s.contains_key("properties"))
    {
        return Err(invalid(format!(
            "{at}.input_schema must be an object schema with type \"object\" and properties"
        )));
    }
    let extends = optional_string(map, "extends_toolkit", INVALID)?;
    if let Some(kit) = &extends {
        if find_toolkit(kit).is_none() {
            return Err(invalid(format!("{at}.extends_toolkit: no toolkit {kit:?}")));
        }
    }
    let prefix = toolkit.or(extends.as_deref());
    let full = match prefix {
        Some(kit) => format!("LOCAL_{}_{}", kit.to_uppercase(), slug.to_uppercase()),
        None => format!("LOCAL_{}", slug.to_uppercase()),
    };
    if full.len() > MAX_CUSTOM_SLUG || !full.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(invalid(format!(
            "{at}.slug: {full} must be letters, digits and _ and at most {MAX_CUSTOM_SLUG} characters"
        )));
    }
    let mut echoed = map.clone();
    echoed.insert("original_slug".into(), json!(slug));
    echoed.insert("slug".into(), json!(full));
    Ok(Value::Object(echoed))
}

fn list<'a>(map: &'a Map<String, Value>, field: &str) -> ApiResult<&'a [Value]> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(invalid(format!("experimental.{field} must be an array"))),
    }
}

/// `experimental` of an attach: its custom tools and toolkits named as the API names them; a slug twice is a 400.
fn experimental(given: &Map<String, Value>) -> ApiResult<Value> {
    let mut seen: Vec<String> = Vec::new();
    let mut note = |tool: &Value| -> ApiResult<()> {
        let slug = tool["slug"].as_str().unwrap_or_default().to_string();
        if seen.contains(&slug) {
            return Err(invalid(format!("custom tool {slug} is given twice")));
        }
        seen.push(slug);
        Ok(())
    };
    let mut tools = Vec::new();
    for (i, tool) in list(given, "custom_tools")?.iter().enumerate() {
        let tool = custom_tool(tool, &format!("experimental.custom_tools[{i}]"), None)?;
        note(&tool)?;
        tools.push(tool);
    }
    let mut toolkits = Vec::new();
    for (i, kit) in list(given, "custom_toolkits")?.iter().enumerate() {
        let at = format!("experimental.custom_toolkits[{i}]");
        let map = kit
            .as_object()
            .ok_or_else(|| invalid(format!("{at} must be an object")))?;
        let slug = text(map, "slug", &at)?;
        text(map, "name", &at)?;
        text(map, "description", &at)?;
        if find_toolkit(slug).is_some() {
            return Err(invalid(format!(
                "{at}.slug: {slug} is a Composio toolkit; a custom toolkit needs a slug of its own"
            )));
        }
        let Some(Value::Array(members)) = map.get("tools") else {
            return Err(invalid(format!("{at}.tools must be an array")));
        };
        let mut echoed_tools = Vec::new();
        for (j, tool) in members.iter().enumerate() {
            let tool = custom_tool(tool, &format!("{at}.tools[{j}]"), Some(slug))?;
            note(&tool)?;
            echoed_tools.push(tool);
        }
        let mut echoed = map.clone();
        echoed.insert("tools".into(), Value::Array(echoed_tools));
        toolkits.push(Value::Object(echoed));
    }
    Ok(json!({"custom_tools": tools, "custom_toolkits": toolkits}))
}

/// `POST …/attach {experimental?: {custom_tools?, custom_toolkits?}}`: the session, as `GET` answers it, with the
/// request's custom tools under `experimental` (sessions of the current API keep no custom tools between requests).
pub async fn attach(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let given = optional_object(&body, "experimental", INVALID)?.unwrap_or_default();
    let echoed = experimental(&given)?;
    let store = lock(&state.store);
    let session = find_session(&store, &auth.project_id, &id)?;
    let mut answer = session_json(session, &host(&headers));
    answer["experimental"] = echoed;
    Ok(Json(answer))
}
