//! The router: the API under both `/api/v3` and `/api/v3.1`, admin routes beside it.

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, patch, post, put};
use axum::{Extension, Router};

use crate::errors::ApiError;
use crate::observe::observe;
use crate::routes;
use crate::shared::ApiVersion;
use crate::shared::{AppState, RequestInfo};

/// The largest body `PUT /_storage/{key}` takes.
const STORAGE_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .nest("/api/v3", api_routes().layer(Extension(ApiVersion::V3)))
        .nest("/api/v3.1", api_routes().layer(Extension(ApiVersion::V31)))
        .route(
            "/_emulator/faults",
            post(routes::admin::add_fault).get(routes::admin::list_faults),
        )
        .route("/_emulator/counts", get(routes::admin::counts))
        .route("/_emulator/requests", get(routes::admin::requests))
        .route("/_emulator/reset", post(routes::admin::reset))
        .route(
            "/_emulator/connected_accounts/{id}/status",
            post(routes::admin::set_account_status),
        )
        .route("/_emulator/clock", post(routes::admin::advance_clock))
        .merge(routes::webhooks::admin())
        .merge(routes::cli::admin())
        .merge(routes::pusher_socket::api())
        .route("/link/{token}", get(routes::links::visit))
        .route(
            "/_storage/{*key}",
            put(routes::files::put_object)
                .get(routes::files::get_object)
                .layer(DefaultBodyLimit::max(STORAGE_BODY_LIMIT)),
        )
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

fn api_routes() -> Router<AppState> {
    use routes::{auth_configs, config, connected_accounts, files, projects, toolkits, tools};
    Router::new()
        .route("/tools", get(tools::list))
        .route("/tools/{slug}", get(tools::get_one))
        .route("/tools/execute/proxy", post(tools::proxy))
        .route("/tools/execute/{slug}", post(tools::execute))
        .route("/tools/execute/{slug}/input", post(tools::input))
        .route("/toolkits", get(toolkits::list))
        .route("/toolkits/{slug}", get(toolkits::get_one))
        .route(
            "/auth_configs",
            post(auth_configs::create).get(auth_configs::list),
        )
        .route(
            "/auth_configs/{id}",
            get(auth_configs::get_one)
                .patch(auth_configs::update)
                .delete(auth_configs::delete),
        )
        .route(
            "/auth_configs/{id}/{status}",
            patch(auth_configs::set_status),
        )
        .route(
            "/connected_accounts",
            get(connected_accounts::list).post(connected_accounts::initiate),
        )
        .route("/connected_accounts/link", post(connected_accounts::link))
        .route(
            "/connected_accounts/complete_auth",
            post(routes::account_changes::complete_auth),
        )
        .route(
            "/connected_accounts/{id}",
            get(connected_accounts::get_one)
                .delete(connected_accounts::delete)
                .patch(routes::account_changes::update),
        )
        .route(
            "/connected_accounts/{id}/revoke",
            post(routes::account_changes::revoke),
        )
        .route(
            "/connected_accounts/{id}/status",
            patch(connected_accounts::set_enabled),
        )
        .route(
            "/connected_accounts/{id}/refresh",
            post(connected_accounts::refresh),
        )
        .route("/files/upload/request", post(files::request_upload))
        .route("/files/list", get(files::list))
        .route("/org/owner/project/new", post(projects::create))
        .route("/org/owner/project/list", get(projects::list))
        .route("/org/projects", get(projects::list))
        .route(
            "/org/owner/project/{id}",
            get(projects::get_one).delete(projects::delete),
        )
        .route(
            "/org/owner/project/{id}/regenerate_api_key",
            post(projects::regenerate),
        )
        .route(
            "/org/project/config",
            get(config::get_config).patch(config::patch_config),
        )
        .merge(routes::triggers::api())
        .merge(routes::reads::api())
        .merge(routes::mcp::api())
        .merge(routes::tool_router::api())
        .merge(routes::webhook_subscriptions::api())
        .merge(routes::webhook_endpoints::api())
        .merge(routes::scopes::api())
        .merge(routes::realtime::api())
        .merge(routes::orgs::api())
        .merge(routes::logs::api())
        .merge(routes::custom_toolkits::api())
        .merge(routes::session_configs::api())
        .merge(routes::usage::api())
        .merge(routes::keys::api())
        .merge(routes::cli::api())
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::route_not_found(method.as_str(), uri.path())
}

async fn method_not_allowed(
    method: Method,
    uri: Uri,
    info: Option<Extension<RequestInfo>>,
) -> ApiError {
    let path = info
        .map(|Extension(i)| i.path)
        .unwrap_or_else(|| uri.path().to_string());
    ApiError::method_not_allowed(method.as_str(), &path)
}
