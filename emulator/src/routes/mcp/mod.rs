//! `/mcp/*`: a project's MCP servers (create, custom create, list, list by app, get, update, delete, URL generation)
//! and their user instances. Lists are page-number pages (`page_no`, `limit`), not cursor pages. Here: the routes,
//! errors, pages and JSON shapes; `servers` creates, lists and changes servers, `urls` makes their URLs,
//! `instances` keeps their per-user instances.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::ids::uuid;
use crate::params::Params;
use crate::routes::{host, json_object, optional_bool, optional_strings, required_string};
use crate::shared::{lock, AppState};
use crate::store::catalogue::logo;
use crate::store::mcp::{McpInstance, McpServer};
use crate::store::resources::find_toolkit;
use crate::store::Store;

mod instances;
mod servers;
mod urls;

use instances::{create_instance, delete_instance, list_instances};
use servers::{create, create_custom, delete_server, get_one, list, list_by_app, update};
pub use urls::encode;
use urls::generate;

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

fn strings(body: &Map<String, Value>, field: &str) -> ApiResult<Option<Vec<String>>> {
    optional_strings(body, field, INVALID)
}
