//! The Composio error envelope, with stable slugs and codes.
//!
//! Only `2401 Tool_ToolNotFound` is a real code seen from the platform; the others are invented but stable, so
//! tests in every language can rely on them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error answer. It renders with an empty `request_id`; the request middleware re-renders it with the request's
/// id (it finds the error in the response extensions), so the envelope and the `x-request-id` header always agree.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: u32,
    pub slug: String,
    pub message: String,
    pub suggested_fix: Option<String>,
    pub errors: Option<Vec<String>>,
}

pub const UNAUTHORIZED_MESSAGE: &str = "Invalid API key provided";
pub const FORBIDDEN_MESSAGE: &str = "The API key doesn't have permission to perform this action";

impl ApiError {
    pub fn new(status: StatusCode, code: u32, slug: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            slug: slug.to_string(),
            message: message.into(),
            suggested_fix: None,
            errors: None,
        }
    }

    pub fn with_fix(mut self, fix: &str) -> Self {
        self.suggested_fix = Some(fix.to_string());
        self
    }

    pub fn with_errors(mut self, errors: Vec<String>) -> Self {
        self.errors = Some(errors);
        self
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            1401,
            "Auth_InvalidApiKey",
            UNAUTHORIZED_MESSAGE,
        )
        .with_fix("Send a valid API key.")
    }

    pub fn multiple_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            1402,
            "Auth_MultipleCredentials",
            UNAUTHORIZED_MESSAGE,
        )
        .with_fix("Send exactly one of x-api-key, Authorization or x-org-api-key.")
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            1403,
            "Auth_Forbidden",
            FORBIDDEN_MESSAGE,
        )
    }

    pub fn route_not_found(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            1404,
            "Route_NotFound",
            format!("Cannot {method} {path}"),
        )
    }

    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            1405,
            "Route_MethodNotAllowed",
            format!("Method {method} is not allowed on {path}"),
        )
    }

    /// A 400 for a malformed request (bad JSON, bad query value, bad pagination).
    pub fn bad_request(slug: &str, message: impl Into<String>) -> Self {
        let code = match slug {
            "Request_InvalidPagination" => 1410,
            "Tool_InvalidArguments" => 2403,
            "Project_InvalidName" => 3001,
            "Project_InvalidConfig" => 3004,
            "Project_InvalidRequest" => 3005,
            "AuthConfig_InvalidRequest" => 1200,
            "AuthConfig_NoManagedAuth" => 1202,
            "AuthConfig_Disabled" => 1203,
            "ConnectedAccount_InvalidRequest" => 1100,
            "ConnectedAccount_ToolkitMismatch" => 1103,
            "Storage_Md5Mismatch" => 1602,
            "File_InvalidRequest" => 1600,
            "Proxy_InvalidRequest" => 1700,
            "MCP_InvalidRequest" => 4001,
            "ToolRouterSession_InvalidRequest" => 4101,
            _ => 1400,
        };
        Self::new(StatusCode::BAD_REQUEST, code, slug, message).with_fix("Check your input.")
    }

    pub fn tool_not_found(slug: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            2401,
            "Tool_ToolNotFound",
            format!("Tool {slug} not found"),
        )
        .with_fix("Check your input.")
    }

    pub fn tool_version_not_found(slug: &str, version: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            2402,
            "Tool_VersionNotFound",
            format!("Version {version} of tool {slug} not found"),
        )
        .with_fix("Check your input.")
    }

    pub fn toolkit_not_found(slug: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            2501,
            "Toolkit_NotFound",
            format!("Toolkit {slug} not found"),
        )
        .with_fix("Check your input.")
    }

    pub fn project_not_found(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            3003,
            "Project_NotFound",
            format!("Project {id} not found"),
        )
    }

    pub fn project_name_conflict(name: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            3002,
            "Project_NameConflict",
            format!("A project named {name} already exists"),
        )
        .with_fix("Choose another project name.")
    }

    pub fn auth_config_not_found(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            1201,
            "AuthConfig_NotFound",
            format!("Auth config {id} not found"),
        )
        .with_fix("Check your input.")
    }

    pub fn connected_account_not_found(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            1101,
            "ConnectedAccount_NotFound",
            format!("Connected account {id} not found"),
        )
    }

    pub fn no_active_account(toolkit: &str, user_id: Option<&str>) -> Self {
        let whose = user_id.map(|u| format!(" of user {u}")).unwrap_or_default();
        Self::new(
            StatusCode::NOT_FOUND,
            1102,
            "ConnectedAccount_NoActiveAccount",
            format!("No active connected account{whose} for toolkit {toolkit}"),
        )
        .with_fix("Connect an account for this toolkit first, or pass connected_account_id.")
    }

    pub fn account_not_active(id: &str, status: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            1104,
            "ConnectedAccount_NotActive",
            format!("Connected account {id} is {status}, not ACTIVE"),
        )
        .with_fix("Reconnect the account, or use an ACTIVE one.")
    }

    pub fn injected(status: StatusCode) -> Self {
        Self::new(status, 9500, "Emulator_InjectedFault", "Injected fault")
    }

    /// Wraps a non-envelope error from the framework (e.g. a path rejection) into the envelope.
    pub fn from_plain(status: StatusCode, text: &str) -> Self {
        let message = if text.trim().is_empty() {
            status.canonical_reason().unwrap_or("Error").to_string()
        } else {
            text.trim().to_string()
        };
        Self::new(
            status,
            1000 + u32::from(status.as_u16()),
            "Request_Error",
            message,
        )
    }

    pub fn envelope(&self, request_id: &str) -> Value {
        let mut error = json!({
            "message": self.message,
            "code": self.code,
            "slug": self.slug,
            "status": self.status.as_u16(),
            "request_id": request_id,
        });
        if let Some(fix) = &self.suggested_fix {
            error["suggested_fix"] = json!(fix);
        }
        if let Some(errors) = &self.errors {
            error["errors"] = json!(errors);
        }
        json!({ "error": error })
    }

    pub fn to_response(&self, request_id: &str) -> Response {
        let mut response = (self.status, Json(self.envelope(request_id))).into_response();
        response.extensions_mut().insert(self.clone());
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.to_response("")
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
