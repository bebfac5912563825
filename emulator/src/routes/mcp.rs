//! `/mcp/*`: a project's MCP servers (create, custom create, list, list by app, get, update, delete, URL generation)
//! and their user instances. Lists are page-number pages (`page_no`, `limit`), not cursor pages.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::catalogue::logo;
use crate::errors::{ApiError, ApiResult};
use crate::mcp_state::{McpInstance, McpServer};
use crate::params::Params;
use crate::resources::{find_toolkit, uuid};
use crate::routes::{host, json_object, optional_bool, optional_strings, required_string};
use crate::shared::{lock, AppState};
use crate::state::Store;

pub const INVALID: &str = "MCP_InvalidRequest";

/// The routes, merged into the API router.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/mcp/servers", get(list).post(create))
        .route("/mcp/servers/custom", post(create_custom))
        .route("/mcp/servers/generate", post(generate))
        .route(
            "/mcp/servers/{server_id}/instances",
            get(list_instances).post(create_instance),
        )
        .route(
            "/mcp/servers/{server_id}/instances/{instance_id}",
            delete(delete_instance),
        )
        .route("/mcp/app/{app_key}", get(list_by_app))
        .route(
            "/mcp/{id}",
            get(get_one).patch(update).delete(delete_server),
        )
}
const SERVERS_PAGE: usize = 10;
const INSTANCES_PAGE: usize = 20;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(INVALID, message)
}

fn server_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        4002,
        "MCP_ServerNotFound",
        format!("MCP server {id} not found"),
    )
    .with_fix("Check your input.")
}

fn name_conflict(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        4003,
        "MCP_ServerNameConflict",
        format!("An MCP server named {name} already exists"),
    )
    .with_fix("Choose another MCP server name.")
}

fn instance_not_found(server_id: &str, instance_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        4004,
        "MCP_InstanceNotFound",
        format!("Instance {instance_id} of MCP server {server_id} not found"),
    )
}

fn instance_conflict(server_id: &str, instance_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        4005,
        "MCP_InstanceConflict",
        format!("MCP server {server_id} already has an instance {instance_id}"),
    )
}

fn missing_accounts(user_id: &str, configs: &[String]) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        4006,
        "MCP_MissingConnectedAccounts",
        format!(
            "User {user_id} has no active connected account for auth config(s) {}",
            configs.join(", ")
        ),
    )
    .with_fix("Connect the user's accounts for every auth config of the server first.")
}

// ---- page-number pagination ----

/// `page_no` (1-based, default 1) and `limit` (default 10 for servers, 20 for instances).
struct NumberPage {
    page: usize,
    limit: usize,
}

/// A whole number ≥ 0 from the query; absent or empty is None.
fn whole_number(params: &Params, name: &str) -> ApiResult<Option<usize>> {
    let Some(raw) = params.get(name).filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    match raw.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => {
            Ok(Some(n as usize))
        }
        _ => Err(ApiError::bad_request(
            "Request_InvalidPagination",
            format!("{name} must be a whole number of at least 1, got {raw:?}"),
        )),
    }
}

impl NumberPage {
    fn from_params(params: &Params, default_limit: usize) -> ApiResult<Self> {
        // The spec sets no minimum: 0 means the default, as `limit=0` does on the cursor lists.
        let page = whole_number(params, "page_no")?
            .filter(|n| *n > 0)
            .unwrap_or(1);
        let limit = whole_number(params, "limit")?
            .filter(|n| *n > 0)
            .unwrap_or(default_limit);
        Ok(NumberPage { page, limit })
    }

    /// The page's items, `total_pages` (at least 1) and `current_page`. A page past the end is empty.
    fn slice<T>(&self, items: Vec<T>) -> (Vec<T>, usize, usize) {
        let total_pages = items.len().div_ceil(self.limit).max(1);
        let skip = (self.page - 1).saturating_mul(self.limit);
        let page = items.into_iter().skip(skip).take(self.limit).collect();
        (page, total_pages, self.page)
    }
}

/// `order_by` (`updated_at` default, or `created_at`) and `order_direction` (`desc` default, or `asc`).
fn ordering(params: &Params) -> ApiResult<(bool, bool)> {
    let by_created = match params.get("order_by").unwrap_or("") {
        "" | "updated_at" => false,
        "created_at" => true,
        other => {
            return Err(ApiError::bad_request(
                "Request_InvalidQuery",
                format!("order_by must be created_at or updated_at, got {other:?}"),
            ))
        }
    };
    let asc = match params.get("order_direction").unwrap_or("") {
        "" | "desc" => false,
        "asc" => true,
        other => {
            return Err(ApiError::bad_request(
                "Request_InvalidQuery",
                format!("order_direction must be asc or desc, got {other:?}"),
            ))
        }
    };
    Ok((by_created, asc))
}

// ---- rendering ----

pub fn server_url(host: &str, id: &str) -> String {
    format!("http://{host}/v3/mcp/{id}")
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The toolkits of the server's auth configs (in their order; deleted configs drop out), then those named outright.
fn server_toolkits(store: &Store, server: &McpServer) -> Vec<String> {
    let mut toolkits = Vec::new();
    for id in &server.auth_config_ids {
        if let Ok(config) = store.auth_config(&server.project_id, id) {
            push_unique(&mut toolkits, config.toolkit.clone());
        }
    }
    for toolkit in &server.extra_toolkits {
        push_unique(&mut toolkits, toolkit.clone());
    }
    toolkits
}

fn server_json(store: &Store, server: &McpServer, host: &str, with_deleted: bool) -> Value {
    let toolkits = server_toolkits(store, server);
    let icons: Map<String, Value> = toolkits
        .iter()
        .map(|t| (t.clone(), json!(logo(t))))
        .collect();
    let url = server_url(host, &server.id);
    let command =
        |client: &str| format!("npx @composio/mcp@latest setup \"{url}\" --client {client}");
    let instances = store
        .mcp
        .instances
        .iter()
        .filter(|i| i.project_id == server.project_id && i.server_id == server.id)
        .count();
    let mut out = json!({
        "id": server.id,
        "name": server.name,
        "auth_config_ids": server.auth_config_ids,
        "allowed_tools": server.allowed_tools,
        "mcp_url": url,
        "toolkits": toolkits,
        "toolkit_icons": icons,
        "commands": {
            "cursor": command("cursor"),
            "claude": command("claude"),
            "windsurf": command("windsurf"),
        },
        "updated_at": server.updated_at,
        "created_at": server.created_at,
        "server_instance_count": instances,
        "managed_auth_via_composio": server.managed_auth,
    });
    if with_deleted {
        out["deleted"] = json!(server.deleted);
    }
    out
}

fn instance_json(instance: &McpInstance) -> Value {
    json!({
        "id": instance.id,
        "instance_id": instance.instance_id,
        "mcp_server_id": instance.server_id,
        "created_at": instance.created_at,
        "updated_at": instance.updated_at,
    })
}

// ---- lookups and checks ----

impl Store {
    pub fn mcp_server(&self, project_id: &str, id: &str) -> ApiResult<&McpServer> {
        self.mcp
            .servers
            .iter()
            .find(|s| s.project_id == project_id && s.id == id && !s.deleted)
            .ok_or_else(|| server_not_found(id))
    }

    fn mcp_server_mut(&mut self, project_id: &str, id: &str) -> ApiResult<&mut McpServer> {
        self.mcp
            .servers
            .iter_mut()
            .find(|s| s.project_id == project_id && s.id == id && !s.deleted)
            .ok_or_else(|| server_not_found(id))
    }

    fn mcp_name_taken(&self, project_id: &str, name: &str, except: Option<&str>) -> bool {
        self.mcp.servers.iter().any(|s| {
            s.project_id == project_id
                && !s.deleted
                && s.name == name
                && Some(s.id.as_str()) != except
        })
    }
}

/// 4–30 characters of letters, digits, spaces and hyphens.
fn check_name(name: &str) -> ApiResult<()> {
    let len = name.chars().count();
    if !(4..=30).contains(&len) {
        return Err(invalid(format!(
            "name must have 4 to 30 characters, got {len}"
        )));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
    {
        return Err(invalid(
            "name may only contain letters, digits, spaces and hyphens",
        ));
    }
    Ok(())
}

/// Catalogue toolkit slugs (lowercased), each known, without repeats; `no_auth` requires toolkits without auth.
fn toolkit_slugs(given: Vec<String>, field: &str, no_auth: bool) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for slug in given {
        let Some(toolkit) = find_toolkit(&slug) else {
            return Err(invalid(format!("{field}: unknown toolkit {slug:?}")));
        };
        if no_auth && !toolkit.auth_schemes.is_empty() {
            return Err(invalid(format!(
                "{field}: toolkit {} needs auth; give its auth config in auth_config_ids",
                toolkit.slug
            )));
        }
        push_unique(&mut out, toolkit.slug.to_string());
    }
    Ok(out)
}

/// Auth config ids without repeats, each an auth config of the project; an unknown one is `unknown(id)`.
fn auth_config_ids(
    store: &Store,
    project_id: &str,
    given: Vec<String>,
    unknown: impl Fn(&str) -> ApiError,
) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for id in given {
        if store.auth_config(project_id, &id).is_err() {
            return Err(unknown(&id));
        }
        push_unique(&mut out, id);
    }
    Ok(out)
}

fn strings(body: &Map<String, Value>, field: &str) -> ApiResult<Option<Vec<String>>> {
    optional_strings(body, field, INVALID)
}

/// What a create body asks for.
struct Draft {
    name: String,
    auth_config_ids: Vec<String>,
    extra_toolkits: Vec<String>,
    allowed_tools: Vec<String>,
    managed_auth: bool,
}

/// Adds a server and answers it (201).
fn insert_server(
    store: &mut Store,
    host: &str,
    project_id: &str,
    draft: Draft,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let Draft {
        name,
        auth_config_ids,
        extra_toolkits,
        allowed_tools,
        managed_auth,
    } = draft;
    if store.mcp_name_taken(project_id, &name, None) {
        return Err(name_conflict(&name));
    }
    let seq = store.next_seq();
    let now = store.now();
    let server = McpServer {
        id: uuid(),
        project_id: project_id.to_string(),
        name,
        auth_config_ids,
        extra_toolkits,
        allowed_tools,
        managed_auth,
        created_at: now.clone(),
        updated_at: now,
        seq,
        updated_seq: seq,
        deleted: false,
    };
    let out = server_json(store, &server, host, false);
    store.mcp.servers.push(server);
    Ok((StatusCode::CREATED, Json(out)))
}

// ---- servers ----

/// `POST /mcp/servers`.
pub async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let name = required_string(&body, "name", INVALID, 0)?;
    check_name(&name)?;
    let configs =
        strings(&body, "auth_config_ids")?.ok_or_else(|| invalid("auth_config_ids is required"))?;
    let no_auth = toolkit_slugs(
        strings(&body, "no_auth_apps")?.unwrap_or_default(),
        "no_auth_apps",
        true,
    )?;
    let allowed_tools = strings(&body, "allowed_tools")?.unwrap_or_default();
    let managed = optional_bool(&body, "managed_auth_via_composio", INVALID)?.unwrap_or(false);
    let mut store = lock(&state.store);
    let configs = auth_config_ids(
        &store,
        &auth.project_id,
        configs,
        ApiError::auth_config_not_found,
    )?;
    insert_server(
        &mut store,
        &host(&headers),
        &auth.project_id,
        Draft {
            name,
            auth_config_ids: configs,
            extra_toolkits: no_auth,
            allowed_tools,
            managed_auth: managed,
        },
    )
}

/// `POST /mcp/servers/custom`: toolkits named outright, auth configs optional.
pub async fn create_custom(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let name = required_string(&body, "name", INVALID, 0)?;
    check_name(&name)?;
    let configs = strings(&body, "auth_config_ids")?.unwrap_or_default();
    let toolkits = toolkit_slugs(
        strings(&body, "toolkits")?.unwrap_or_default(),
        "toolkits",
        false,
    )?;
    let mut allowed_tools = strings(&body, "allowed_tools")?.unwrap_or_default();
    for tool in strings(&body, "custom_tools")?.unwrap_or_default() {
        push_unique(&mut allowed_tools, tool);
    }
    let managed = optional_bool(&body, "managed_auth_via_composio", INVALID)?.unwrap_or(false);
    let mut store = lock(&state.store);
    // This operation documents no 404: an unknown auth config is a bad request.
    let configs = auth_config_ids(&store, &auth.project_id, configs, |id| {
        invalid(format!("auth_config_ids: auth config {id} not found"))
    })?;
    insert_server(
        &mut store,
        &host(&headers),
        &auth.project_id,
        Draft {
            name,
            auth_config_ids: configs,
            extra_toolkits: toolkits,
            allowed_tools,
            managed_auth: managed,
        },
    )
}

fn list_servers(
    store: &Store,
    project_id: &str,
    host: &str,
    params: &Params,
    app: Option<&str>,
) -> ApiResult<Value> {
    let page = NumberPage::from_params(params, SERVERS_PAGE)?;
    let (by_created, asc) = ordering(params)?;
    let name = params.get("name").unwrap_or("").trim().to_lowercase();
    let toolkits: Vec<String> = params
        .list("toolkits")
        .iter()
        .map(|t| t.to_lowercase())
        .collect();
    let configs = params.list("auth_config_ids");
    let mut servers: Vec<(&McpServer, Vec<String>)> = store
        .mcp
        .servers
        .iter()
        .filter(|s| s.project_id == project_id && !s.deleted)
        .map(|s| (s, server_toolkits(store, s)))
        .filter(|(s, kits)| {
            (name.is_empty() || s.name.to_lowercase().contains(&name))
                && (toolkits.is_empty() || kits.iter().any(|k| toolkits.contains(k)))
                && (configs.is_empty() || s.auth_config_ids.iter().any(|c| configs.contains(c)))
                && app.map_or(true, |a| kits.iter().any(|k| k == a))
        })
        .collect();
    servers.sort_by(|(a, _), (b, _)| {
        let key = |s: &McpServer| {
            if by_created {
                (s.created_at.clone(), s.seq)
            } else {
                (s.updated_at.clone(), s.updated_seq)
            }
        };
        key(a).cmp(&key(b))
    });
    if !asc {
        servers.reverse();
    }
    let (items, total_pages, current_page) = page.slice(servers);
    let items: Vec<Value> = items
        .into_iter()
        .map(|(s, _)| server_json(store, s, host, false))
        .collect();
    Ok(json!({"items": items, "total_pages": total_pages, "current_page": current_page}))
}

/// `GET /mcp/servers`.
pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let params = Params(query);
    list_servers(&store, &auth.project_id, &host(&headers), &params, None).map(Json)
}

/// `GET /mcp/app/{appKey}`: the servers whose toolkits include that toolkit; an unknown toolkit is 404.
pub async fn list_by_app(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let toolkit = find_toolkit(&app).ok_or_else(|| ApiError::toolkit_not_found(&app))?;
    let store = lock(&state.store);
    let params = Params(query);
    list_servers(
        &store,
        &auth.project_id,
        &host(&headers),
        &params,
        Some(toolkit.slug),
    )
    .map(Json)
}

/// `GET /mcp/{id}`.
pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &id)?;
    Ok(Json(server_json(&store, server, &host(&headers), true)))
}

/// `PATCH /mcp/{id}`: only the fields given change; `toolkits` replaces the toolkits named outright.
pub async fn update(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => {
            check_name(name)?;
            Some(name.clone())
        }
        Some(_) => return Err(invalid("name must be a string")),
    };
    let toolkits = strings(&body, "toolkits")?
        .map(|t| toolkit_slugs(t, "toolkits", false))
        .transpose()?;
    let allowed_tools = strings(&body, "allowed_tools")?;
    let managed = optional_bool(&body, "managed_auth_via_composio", INVALID)?;
    let configs = strings(&body, "auth_config_ids")?;
    let mut store = lock(&state.store);
    store.mcp_server(&auth.project_id, &id)?;
    let configs = configs
        .map(|c| auth_config_ids(&store, &auth.project_id, c, ApiError::auth_config_not_found))
        .transpose()?;
    if let Some(name) = &name {
        if store.mcp_name_taken(&auth.project_id, name, Some(&id)) {
            return Err(name_conflict(name));
        }
    }
    let seq = store.next_seq();
    let now = store.now();
    let server = store.mcp_server_mut(&auth.project_id, &id)?;
    if let Some(name) = name {
        server.name = name;
    }
    if let Some(toolkits) = toolkits {
        server.extra_toolkits = toolkits;
    }
    if let Some(tools) = allowed_tools {
        server.allowed_tools = tools;
    }
    if let Some(managed) = managed {
        server.managed_auth = managed;
    }
    if let Some(configs) = configs {
        server.auth_config_ids = configs;
    }
    server.updated_at = now;
    server.updated_seq = seq;
    let server = store.mcp_server(&auth.project_id, &id)?;
    Ok(Json(server_json(&store, server, &host(&headers), true)))
}

/// `DELETE /mcp/{id}`: soft; the server then answers 404 and its name is free again.
pub async fn delete_server(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let now = store.now();
    let server = store.mcp_server_mut(&auth.project_id, &id)?;
    server.deleted = true;
    server.updated_at = now;
    Ok(Json(json!({"id": id, "deleted": true})))
}

/// Percent-encodes a query value (letters, digits and `-_.~` stay).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn url_with(base: &str, helpers: bool, accounts: &[String], users: &[String]) -> String {
    let join = |list: &[String]| list.iter().map(|v| encode(v)).collect::<Vec<_>>().join(",");
    let mut query = Vec::new();
    if helpers {
        query.push("include_composio_helper_actions=true".to_string());
    }
    if !accounts.is_empty() {
        query.push(format!("connected_account_ids={}", join(accounts)));
    }
    if !users.is_empty() {
        query.push(format!("user_id={}", join(users)));
    }
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", query.join("&"))
    }
}

/// `POST /mcp/servers/generate`: the server's URL, one URL per connected account (with all the users) and one
/// per user (with all the connected accounts).
pub async fn generate(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let id = required_string(&body, "mcp_server_id", INVALID, 0)?;
    let helpers = optional_bool(&body, "managed_auth_by_composio", INVALID)?.unwrap_or(false);
    let users = strings(&body, "user_ids")?.unwrap_or_default();
    let accounts = strings(&body, "connected_account_ids")?.unwrap_or_default();
    let store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &id)?;
    let base = server_url(&host(&headers), &server.id);
    let account_urls: Vec<String> = accounts
        .iter()
        .map(|a| url_with(&base, helpers, std::slice::from_ref(a), &users))
        .collect();
    let user_urls: Vec<String> = users
        .iter()
        .map(|u| url_with(&base, helpers, &accounts, std::slice::from_ref(u)))
        .collect();
    Ok(Json(json!({
        "mcp_url": base,
        "connected_account_urls": account_urls,
        "user_ids_url": user_urls,
    })))
}

// ---- instances ----

/// `GET /mcp/servers/{serverId}/instances`.
pub async fn list_instances(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(server_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    let page = NumberPage::from_params(&params, INSTANCES_PAGE)?;
    let (by_created, asc) = ordering(&params)?;
    let search = params.get("search").unwrap_or("").trim().to_lowercase();
    let store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &server_id)?;
    let mut instances: Vec<&McpInstance> = store
        .mcp
        .instances
        .iter()
        .filter(|i| {
            i.project_id == auth.project_id
                && i.server_id == server.id
                && (search.is_empty()
                    || i.instance_id.to_lowercase().contains(&search)
                    || i.id.contains(&search))
        })
        .collect();
    instances.sort_by(|a, b| {
        let at = |i: &McpInstance| {
            if by_created {
                i.created_at.clone()
            } else {
                i.updated_at.clone()
            }
        };
        (at(a), a.seq).cmp(&(at(b), b.seq))
    });
    if !asc {
        instances.reverse();
    }
    let (items, total_pages, current_page) = page.slice(instances);
    let items: Vec<Value> = items.into_iter().map(instance_json).collect();
    Ok(Json(json!({
        "instances": items,
        "server_id": server.id,
        "server_name": server.name,
        "total_pages": total_pages,
        "current_page": current_page,
    })))
}

/// `POST /mcp/servers/{serverId}/instances`: the user needs an ACTIVE connected account on every auth config of
/// the server (403 otherwise); a second instance for the same user is 409.
pub async fn create_instance(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(server_id): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let mut store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &server_id)?.clone();
    let body = json_object(&body)?;
    let user_id = required_string(&body, "user_id", INVALID, 1)?;
    if store.mcp.instances.iter().any(|i| {
        i.project_id == auth.project_id && i.server_id == server.id && i.instance_id == user_id
    }) {
        return Err(instance_conflict(&server.id, &user_id));
    }
    let missing: Vec<String> = server
        .auth_config_ids
        .iter()
        .filter(|id| store.auth_config(&auth.project_id, id).is_ok())
        .filter(|id| {
            !store.accounts.iter().any(|a| {
                a.project_id == auth.project_id
                    && &&a.auth_config_id == id
                    && a.user_id == user_id
                    && a.status == "ACTIVE"
                    && !a.disabled
            })
        })
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(missing_accounts(&user_id, &missing));
    }
    let seq = store.next_seq();
    let now = store.now();
    let instance = McpInstance {
        id: uuid(),
        project_id: auth.project_id.clone(),
        server_id: server.id.clone(),
        instance_id: user_id,
        created_at: now.clone(),
        updated_at: now,
        seq,
    };
    let out = instance_json(&instance);
    store.mcp.instances.push(instance);
    Ok((StatusCode::CREATED, Json(out)))
}

/// `DELETE /mcp/servers/{serverId}/instances/{instanceId}`: also deletes the user's connected accounts on the
/// server's auth configs.
pub async fn delete_instance(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path((server_id, instance_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &server_id)?.clone();
    let index = store
        .mcp
        .instances
        .iter()
        .position(|i| {
            i.project_id == auth.project_id
                && i.server_id == server.id
                && i.instance_id == instance_id
        })
        .ok_or_else(|| instance_not_found(&server.id, &instance_id))?;
    store.mcp.instances.remove(index);
    let accounts: Vec<String> = store
        .accounts
        .iter()
        .filter(|a| {
            a.project_id == auth.project_id
                && a.user_id == instance_id
                && server.auth_config_ids.contains(&a.auth_config_id)
        })
        .map(|a| a.id.clone())
        .collect();
    for account in &accounts {
        store.delete_account(&auth.project_id, account);
    }
    Ok(Json(json!({
        "message": format!("Instance {instance_id} of MCP server {} deleted", server.id),
        "deleted_connected_accounts": accounts.len(),
    })))
}
