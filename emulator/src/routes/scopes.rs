//! OAuth scopes from the catalogue: `POST /tools/scopes/required` (what some tools of one toolkit need),
//! `POST /toolkits/{slug}/scopes/recommended` (the scopes to ask a user for) and `GET /toolkits/{slug}/scopes/
//! grant_context` (the dimensions a recommendation can depend on: none in the emulator's catalogue). Each tool of
//! the catalogue needs its toolkit's one scope, so the narrowest and the smallest sets are the same.

use axum::extract::{Path, Query};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::routes::tools::{find_tool, resolve_version};
use crate::routes::{json_object, optional_object, optional_string, optional_strings};
use crate::shared::{ApiVersion, AppState};
use crate::store::catalogue::{catalogue, Tool, Toolkit};
use crate::store::resources::find_toolkit;

const INVALID: &str = "Scopes_InvalidRequest";
const AUTH_SCHEMES: [&str; 1] = ["OAUTH2"];

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/tools/scopes/required", post(required))
        .route("/toolkits/{slug}/scopes/recommended", post(recommended))
        .route("/toolkits/{slug}/scopes/grant_context", get(grant_context))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

/// The toolkit version asked for (default: the latest), or a 400.
fn version(requested: Option<&str>) -> ApiResult<&'static str> {
    resolve_version(ApiVersion::V31, requested).ok_or_else(|| {
        invalid(format!(
            "Unknown toolkit version {:?}",
            requested.unwrap_or("")
        ))
    })
}

/// An OAuth toolkit of the catalogue (404 for an unknown one, 400 for one without OAuth).
fn oauth_toolkit(slug: &str, scheme: Option<&str>) -> ApiResult<&'static Toolkit> {
    let toolkit = find_toolkit(slug).ok_or_else(|| ApiError::toolkit_not_found(slug))?;
    let scheme = scheme.unwrap_or("OAUTH2");
    if !AUTH_SCHEMES.contains(&scheme) {
        return Err(invalid(format!(
            "auth_scheme must be one of {}",
            AUTH_SCHEMES.join(", ")
        )));
    }
    if !toolkit.auth_schemes.contains(&scheme) {
        return Err(invalid(format!(
            "{} has no {scheme} auth scheme, so no scopes",
            toolkit.slug
        )));
    }
    Ok(toolkit)
}

fn union<'a>(tools: impl Iterator<Item = &'a Tool>) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for scope in tools.flat_map(|t| t.scopes.iter()) {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    scopes
}

/// `POST /tools/scopes/required {tools: [slugs of one toolkit], version?}`.
pub async fn required(_auth: ProjectAuth, body: Bytes) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let slugs = optional_strings(&body, "tools", INVALID)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("tools is required: a non-empty array of tool slugs"))?;
    version(optional_string(&body, "version", INVALID)?.as_deref())?;
    let tools = slugs
        .iter()
        .map(|s| find_tool(s))
        .collect::<ApiResult<Vec<_>>>()?;
    if tools
        .iter()
        .any(|t| t.toolkit_slug != tools[0].toolkit_slug)
    {
        return Err(invalid("tools must all belong to the same toolkit"));
    }
    let per_tool: Vec<Value> = tools
        .iter()
        .map(|t| {
            // Each scope is a requirement of its own, met by that one scope.
            let all_of: Vec<Value> = t
                .scopes
                .iter()
                .map(|s| json!({"any_of": [{"all_of": [s]}]}))
                .collect();
            json!({"tool": t.slug, "scope_requirements": {"all_of": all_of}})
        })
        .collect();
    Ok(Json(json!({
        "scopes_required": union(tools.iter().copied()),
        "per_tool_requirements": per_tool,
    })))
}

/// `POST /toolkits/{slug}/scopes/recommended {tools ([] = all the toolkit's), auth_scheme?, available_scopes?,
/// include?, exclude?, grant_context?, toolkit_version?}`: the tools' scopes plus `include`; a needed scope that
/// `exclude` names or `available_scopes` lacks is a 400 (the catalogue documents no alternatives).
pub async fn recommended(
    _auth: ProjectAuth,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let scheme = optional_string(&body, "auth_scheme", INVALID)?;
    let toolkit = oauth_toolkit(&slug, scheme.as_deref())?;
    let Some(slugs) = optional_strings(&body, "tools", INVALID)? else {
        return Err(invalid(
            "tools is required: tool slugs, or [] for all the toolkit's tools",
        ));
    };
    let version = version(optional_string(&body, "toolkit_version", INVALID)?.as_deref())?;
    let grant_context = optional_object(&body, "grant_context", INVALID)?.unwrap_or_default();
    if let Some(dimension) = grant_context.keys().next() {
        return Err(invalid(format!(
            "{} takes no grant_context dimension {dimension:?}",
            toolkit.slug
        )));
    }
    let tools: Vec<&Tool> = if slugs.is_empty() {
        catalogue()
            .tools
            .iter()
            .filter(|t| t.toolkit_slug == toolkit.slug)
            .collect()
    } else {
        let tools = slugs
            .iter()
            .map(|s| find_tool(s))
            .collect::<ApiResult<Vec<_>>>()?;
        if let Some(other) = tools.iter().find(|t| t.toolkit_slug != toolkit.slug) {
            return Err(invalid(format!(
                "{} is not a tool of {}",
                other.slug, toolkit.slug
            )));
        }
        tools
    };
    let mut scopes = union(tools.into_iter());
    for scope in optional_strings(&body, "include", INVALID)?.unwrap_or_default() {
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    let exclude = optional_strings(&body, "exclude", INVALID)?.unwrap_or_default();
    if let Some(scope) = scopes.iter().find(|s| exclude.contains(s)) {
        return Err(invalid(format!(
            "{scope} is needed and has no documented alternative, so it cannot be excluded"
        )));
    }
    if let Some(available) = optional_strings(&body, "available_scopes", INVALID)? {
        if let Some(scope) = scopes.iter().find(|s| !available.contains(s)) {
            return Err(invalid(format!(
                "{scope} is needed but not in available_scopes"
            )));
        }
    }
    Ok(Json(json!({
        "auth_scheme": "OAUTH2",
        "toolkit_version": version,
        "grant_context": Map::new(),
        "scopes": {"least_privilege": scopes, "fewest": scopes, "conditional": []},
    })))
}

/// `GET /toolkits/{slug}/scopes/grant_context?auth_scheme=&toolkit_version=`.
pub async fn grant_context(
    _auth: ProjectAuth,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    oauth_toolkit(&slug, params.get("auth_scheme"))?;
    let version = version(params.get("toolkit_version"))?;
    Ok(Json(json!({
        "auth_scheme": "OAUTH2",
        "toolkit_version": version,
        "grant_context_dimensions": [],
        "default_grant_context": {},
    })))
}
