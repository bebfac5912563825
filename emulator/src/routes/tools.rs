//! `GET /tools`, `GET /tools/{slug}`, `POST /tools/execute/{slug}`.

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use bytes::Bytes;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_hex;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::{json_object, optional_object, optional_string, required_string};
use crate::shared::{lock, ApiVersion, AppState, RequestInfo};
use crate::store::catalogue::{
    catalogue, Tool, AVAILABLE_VERSIONS, LATEST_VERSION, PINNED_V3_VERSION,
};
use crate::store::logs::ToolLog;

/// The version a tool answers with: the requested one, or the default of the API prefix. None if unknown.
pub fn resolve_version(api: ApiVersion, requested: Option<&str>) -> Option<&'static str> {
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

pub fn find_tool(slug: &str) -> ApiResult<&'static Tool> {
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
                format!(
                    "Unknown toolkit version {:?}",
                    requested.unwrap_or_default()
                ),
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
    auth: ProjectAuth,
    State(state): State<AppState>,
    Extension(api): Extension<ApiVersion>,
    Extension(info): Extension<RequestInfo>,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
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
    // The spec types `text` as a string, not nullable: null is a 400 like any other non-string.
    if body.get("text") == Some(&Value::Null) {
        return Err(ApiError::bad_request(SLUG, "text must be a string"));
    }
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
    let custom_auth = optional_object(&body, "custom_auth_params", SLUG)?.is_some()
        | optional_object(&body, "custom_connection_data", SLUG)?.is_some();
    let account = match !tool.no_auth && !custom_auth {
        true => lock(&state.store)
            .usable_account(
                &auth.project_id,
                Some(tool.toolkit_slug),
                connected_account_id.as_deref(),
                user_id.as_deref(),
            )
            .map(|a| Some((a.id.clone(), a.auth_config_id.clone())))?,
        false => None,
    };
    let credential_source = match (&account, custom_auth) {
        (Some(_), _) => "connected_account",
        (None, true) => "custom_auth",
        (None, false) => "no_auth",
    };
    let log_id = format!("log_{}", random_hex(16));
    tracing::debug!(request_id = %info.id, tool = %tool.slug, %log_id, "emulated tool execution");
    let arguments = arguments.unwrap_or_default();
    let missing = tool
        .required
        .iter()
        .any(|r| !arguments.contains_key(r.as_str()));
    let host = crate::routes::host(&headers);
    let file_tool = match missing || text.is_some() {
        true => None,
        false => crate::routes::file_tools::run(
            &mut lock(&state.store),
            &auth.project_id,
            &host,
            &tool.slug,
            &arguments,
        ),
    };
    let logged_arguments = Value::Object(arguments.clone());
    let outcome = file_tool.unwrap_or_else(|| {
        run(
            tool,
            arguments,
            text,
            user_id.as_deref(),
            connected_account_id.as_deref(),
            version,
        )
    });
    let (account_id, auth_config_id) = account.unzip();
    lock(&state.store).record_tool_log(ToolLog {
        id: log_id.clone(),
        project_id: auth.project_id.clone(),
        request_id: info.id.to_string(),
        tool_slug: tool.slug.to_string(),
        toolkit_slug: tool.toolkit_slug.to_string(),
        version: version.to_string(),
        user_id,
        connected_account_id: account_id.or(connected_account_id),
        auth_config_id,
        session_id: None,
        credential_source,
        arguments: logged_arguments,
        data: outcome.data.clone(),
        error: outcome.error.clone(),
        at_ms: 0,
    });
    Ok(Json(outcome.body(log_id)))
}

/// What an execution does once the tool, version and account are settled (shared with the tool router session's
/// execute): a missing required argument fails, anything else succeeds and echoes the call.
pub struct Outcome {
    pub data: Value,
    pub error: Option<String>,
}

impl Outcome {
    /// The `/tools/execute` answer.
    pub fn body(self, log_id: String) -> Value {
        let successful = self.error.is_none();
        json!({
            "data": self.data,
            "error": self.error,
            "successful": successful,
            "session_info": null,
            "log_id": log_id,
        })
    }
}

pub fn run(
    tool: &Tool,
    arguments: Map<String, Value>,
    text: Option<String>,
    user_id: Option<&str>,
    connected_account_id: Option<&str>,
    version: &str,
) -> Outcome {
    // Natural-language `text` is "interpreted" by the platform, so required arguments are only checked otherwise.
    if text.is_none() {
        if let Some(missing) = tool
            .required
            .iter()
            .find(|r| !arguments.contains_key(r.as_str()))
        {
            return Outcome {
                data: json!({}),
                error: Some(format!("Missing required argument: {missing}")),
            };
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
    Outcome { data, error: None }
}

/// `POST /tools/execute/proxy`: echoes the request it would have sent with the connected account's credentials.
/// A proxied request as `/tools/execute/proxy` and a session's `proxy_execute` read it.
pub struct ProxyCall {
    pub method: String,
    pub endpoint: String,
    pub query: Map<String, Value>,
    pub headers: Map<String, Value>,
    pub body: Value,
    pub custom_connection_data: Option<Map<String, Value>>,
}

impl ProxyCall {
    /// Reads and checks the fields both proxy routes share; errors are 400s with `slug`.
    pub fn parse(body: &Map<String, Value>, slug: &str) -> ApiResult<Self> {
        const METHODS: [&str; 6] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
        let endpoint = required_string(body, "endpoint", slug, 1)?;
        let method = required_string(body, "method", slug, 1)?;
        if !METHODS.contains(&method.as_str()) {
            return Err(ApiError::bad_request(
                slug,
                format!("method must be one of {}", METHODS.join(", ")),
            ));
        }
        let custom_connection_data = optional_object(body, "custom_connection_data", slug)?;
        optional_object(body, "binary_body", slug)?;
        let (mut query, mut headers) = (Map::new(), Map::new());
        match body.get("parameters") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let (Some(name), Some(value), Some(kind)) = (
                        item.get("name").and_then(Value::as_str),
                        item.get("value").and_then(Value::as_str),
                        item.get("type").and_then(Value::as_str),
                    ) else {
                        return Err(ApiError::bad_request(
                            slug,
                            "parameters items need string name, value and type",
                        ));
                    };
                    let target = match kind {
                        "query" => &mut query,
                        "header" => &mut headers,
                        _ => {
                            return Err(ApiError::bad_request(
                                slug,
                                "parameters type must be header or query",
                            ))
                        }
                    };
                    target.insert(name.to_string(), json!(value));
                }
            }
            Some(_) => return Err(ApiError::bad_request(slug, "parameters must be an array")),
        }
        Ok(ProxyCall {
            method,
            endpoint,
            query,
            headers,
            body: body.get("body").cloned().unwrap_or(Value::Null),
            custom_connection_data,
        })
    }

    /// What the emulated toolkit API answers: the request echoed back, status 200.
    pub fn echo(self) -> Value {
        json!({
            "method": self.method,
            "endpoint": self.endpoint,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
        })
    }
}

pub async fn proxy(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    const SLUG: &str = "Proxy_InvalidRequest";
    let body = json_object(&body)?;
    let call = ProxyCall::parse(&body, SLUG)?;
    let account_id = optional_string(&body, "connected_account_id", SLUG)?;
    if call.custom_connection_data.is_none() {
        let Some(account_id) = account_id.as_deref() else {
            return Err(ApiError::bad_request(
                SLUG,
                "connected_account_id or custom_connection_data is required",
            ));
        };
        lock(&state.store).usable_account(&auth.project_id, None, Some(account_id), None)?;
    }
    Ok(Json(
        json!({"data": call.echo(), "status": 200, "headers": {}}),
    ))
}

/// `POST /tools/execute/{slug}/input`: "generates" arguments from text, deterministically: every required input
/// parameter gets a value from its type (string: the text, integer/number: 1, boolean: true, array: [], object: {}).
pub async fn input(
    _auth: ProjectAuth,
    Extension(api): Extension<ApiVersion>,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    const SLUG: &str = "Tool_InvalidArguments";
    let tool = find_tool(&slug)?;
    let body = json_object(&body)?;
    let text = required_string(&body, "text", SLUG, 0)?;
    for field in ["custom_description", "system_prompt"] {
        optional_string(&body, field, SLUG)?;
    }
    let requested = optional_string(&body, "version", SLUG)?;
    resolve_version(api, requested.as_deref()).ok_or_else(|| {
        ApiError::tool_version_not_found(&tool.slug, requested.as_deref().unwrap_or(""))
    })?;
    let properties = &tool.input_parameters["properties"];
    let arguments: Map<String, Value> = tool
        .required
        .iter()
        .map(|name| {
            let value = match properties[name]["type"].as_str() {
                Some("integer") | Some("number") => json!(1),
                Some("boolean") => json!(true),
                Some("array") => json!([]),
                Some("object") => json!({}),
                _ => json!(text),
            };
            (name.clone(), value)
        })
        .collect();
    Ok(Json(json!({ "arguments": arguments })))
}
