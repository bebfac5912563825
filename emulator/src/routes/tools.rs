//! `GET /tools`, `GET /tools/{slug}`, `POST /tools/execute/{slug}`.

use axum::extract::{Path, Query};
use axum::{Extension, Json};
use bytes::Bytes;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::catalogue::{catalogue, Tool, AVAILABLE_VERSIONS, LATEST_VERSION, PINNED_V3_VERSION};
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{json_object, optional_string};
use crate::shared::{ApiVersion, RequestInfo};
use crate::state::random_hex;

/// The version a tool answers with: the requested one, or the default of the API prefix. None if unknown.
fn resolve_version(api: ApiVersion, requested: Option<&str>) -> Option<&'static str> {
    match requested {
        None | Some("") => Some(match api {
            ApiVersion::V3 => PINNED_V3_VERSION,
            ApiVersion::V31 => LATEST_VERSION,
        }),
        Some("latest") => Some(LATEST_VERSION),
        Some(v) if v == PINNED_V3_VERSION => Some(PINNED_V3_VERSION),
        Some(v) => AVAILABLE_VERSIONS.iter().copied().find(|a| *a == v),
    }
}

fn find_tool(slug: &str) -> ApiResult<&'static Tool> {
    catalogue()
        .tools
        .iter()
        .find(|t| t.slug.eq_ignore_ascii_case(slug))
        .ok_or_else(|| ApiError::tool_not_found(slug))
}

pub async fn list(
    _auth: ProjectAuth,
    Extension(api): Extension<ApiVersion>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<&'static RawValue>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let toolkits: Vec<String> = params
        .list("toolkit_slug")
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let slugs: Vec<String> = params
        .list("tool_slugs")
        .iter()
        .map(|s| s.to_uppercase())
        .collect();
    let tags: Vec<String> = params
        .list("tags")
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let search = params
        .get("search")
        .or(params.get("query"))
        .unwrap_or("")
        .trim()
        .to_lowercase();
    let important = params.bool("important")?.unwrap_or(false);
    let include_deprecated = params.bool("include_deprecated")?.unwrap_or(true);

    let mut items = Vec::new();
    for tool in &catalogue().tools {
        let keep = (toolkits.is_empty() || toolkits.iter().any(|t| t == tool.toolkit_slug))
            && (slugs.is_empty() || slugs.contains(&tool.slug))
            && (tags.is_empty() || tool.tags.iter().any(|t| tags.contains(&t.to_lowercase())))
            && (search.is_empty() || tool.haystack.contains(&search))
            && (!important || tool.tags.iter().any(|t| t == "important"))
            && (include_deprecated || !tool.is_deprecated);
        if !keep {
            continue;
        }
        let requested = params.toolkit_version(tool.toolkit_slug);
        let version = resolve_version(api, requested).ok_or_else(|| {
            ApiError::bad_request(
                "Tool_InvalidVersion",
                format!("Unknown toolkit version {requested:?}"),
            )
        })?;
        items.push((tool, version));
    }
    let page = page.page_map(items, "items", |(tool, version)| tool.raw_json(version))?;
    Ok(Json(page))
}

pub async fn get_one(
    _auth: ProjectAuth,
    Extension(api): Extension<ApiVersion>,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    let tool = find_tool(&slug)?;
    let requested = params
        .get("version")
        .or_else(|| params.toolkit_version(tool.toolkit_slug));
    let version = resolve_version(api, requested)
        .ok_or_else(|| ApiError::tool_version_not_found(&tool.slug, requested.unwrap_or("")))?;
    Ok(Json(tool.to_json(version)))
}

pub async fn execute(
    _auth: ProjectAuth,
    Extension(api): Extension<ApiVersion>,
    Extension(info): Extension<RequestInfo>,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    const SLUG: &str = "Tool_InvalidArguments";
    let tool = find_tool(&slug)?;
    let body = json_object(&body)?;
    let arguments = match body.get("arguments") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(map.clone()),
        Some(_) => return Err(ApiError::bad_request(SLUG, "arguments must be an object")),
    };
    let text = optional_string(&body, "text", SLUG)?;
    if arguments.is_some() && text.is_some() {
        return Err(ApiError::bad_request(
            SLUG,
            "Send either arguments or text, not both",
        ));
    }
    let user_id = optional_string(&body, "user_id", SLUG)?;
    let connected_account_id = optional_string(&body, "connected_account_id", SLUG)?;
    let requested = optional_string(&body, "version", SLUG)?;
    let version = resolve_version(api, requested.as_deref()).ok_or_else(|| {
        ApiError::tool_version_not_found(&tool.slug, requested.as_deref().unwrap_or(""))
    })?;
    let log_id = format!("log_{}", random_hex(16));
    tracing::debug!(request_id = %info.id, tool = %tool.slug, %log_id, "emulated tool execution");

    // Natural-language `text` is "interpreted" by the platform, so required arguments are only checked otherwise.
    let arguments = arguments.unwrap_or_default();
    if text.is_none() {
        if let Some(missing) = tool
            .required
            .iter()
            .find(|r| !arguments.contains_key(r.as_str()))
        {
            return Ok(Json(json!({
                "data": {},
                "error": format!("Missing required argument: {missing}"),
                "successful": false,
                "session_info": null,
                "log_id": log_id,
            })));
        }
    }
    let mut data = json!({
        "tool": tool.slug,
        "arguments": arguments,
        "user_id": user_id,
        "connected_account_id": connected_account_id,
        "version": version,
    });
    if let Some(text) = text {
        data["text"] = json!(text);
    }
    Ok(Json(json!({
        "data": data,
        "error": null,
        "successful": true,
        "session_info": null,
        "log_id": log_id,
    })))
}
