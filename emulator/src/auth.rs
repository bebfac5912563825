//! Credential extraction and the 401/403 rules.
//!
//! Exactly one credential header per request. Whatever header carried it, a value is resolved to an org key, a
//! project key or a user key; the wrong kind for the endpoint is a 403, an unknown or retired value a 401. A user
//! key is taken where the current spec declares it (`USER_KEY_ROUTES`), on the project its scope headers name
//! (`x-org-id` and `x-project-id`, both or neither; neither: the user's default project).

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};

use crate::errors::{ApiError, ApiResult};
use crate::headers::CREDENTIAL_HEADERS;
use crate::shared::{lock, AppState};
use crate::store::{Principal, Store};

const SCOPE_HEADERS: [&str; 2] = ["x-org-id", "x-project-id"];

/// The routes that take a project key or a user key (the current spec's `ApiKeyAuth` + `UserApiKeyAuth`
/// operations, and the session info it secures with the user key), path parameters as `{}`.
const USER_KEY_ROUTES: [(&str, &str); 27] = [
    ("GET", "/auth/session/info"),
    ("GET", "/auth_configs"),
    ("POST", "/auth_configs"),
    ("DELETE", "/auth_configs/{}"),
    ("GET", "/auth_configs/{}"),
    ("PATCH", "/auth_configs/{}"),
    ("GET", "/connected_accounts"),
    ("POST", "/connected_accounts/link"),
    ("DELETE", "/connected_accounts/{}"),
    ("GET", "/connected_accounts/{}"),
    ("POST", "/custom/toolkits/sync"),
    ("POST", "/custom/toolkits/upsert"),
    ("DELETE", "/custom/toolkits/{}"),
    ("POST", "/tool_router/session/{}/proxy_execute"),
    ("GET", "/toolkits"),
    ("GET", "/toolkits/{}"),
    ("GET", "/tools"),
    ("GET", "/tools/enum"),
    ("POST", "/tools/execute/{}"),
    ("GET", "/tools/{}"),
    ("GET", "/trigger_instances/active"),
    ("DELETE", "/trigger_instances/manage/{}"),
    ("PATCH", "/trigger_instances/manage/{}"),
    ("POST", "/trigger_instances/{}/upsert"),
    ("GET", "/triggers_types"),
    ("GET", "/triggers_types/list/enum"),
    ("GET", "/triggers_types/{}"),
];

/// Whether the matched route takes a user key.
fn takes_user_key(method: &Method, matched: Option<&MatchedPath>) -> bool {
    let Some(path) = matched.map(MatchedPath::as_str) else {
        return false;
    };
    let path = path
        .strip_prefix("/api/v3.1")
        .or_else(|| path.strip_prefix("/api/v3"))
        .unwrap_or(path);
    let mut pattern = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => in_param = true,
            '}' if in_param => {
                in_param = false;
                pattern.push_str("{}");
            }
            _ if in_param => {}
            c => pattern.push(c),
        }
    }
    USER_KEY_ROUTES
        .iter()
        .any(|(m, p)| *m == method.as_str() && *p == pattern)
}

fn scope_error(message: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        1405,
        "Auth_InvalidUserScope",
        message,
    )
}

/// The scope headers: both (the ids), neither, or a 400.
fn scope(headers: &HeaderMap) -> ApiResult<Option<(String, String)>> {
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    match (value(SCOPE_HEADERS[0]), value(SCOPE_HEADERS[1])) {
        (None, None) => Ok(None),
        (Some(org), Some(project)) => Ok(Some((org, project))),
        _ => Err(scope_error(
            "x-org-id and x-project-id scope a user API key together: send both or neither",
        )),
    }
}

/// A request authenticated with a live project key.
#[derive(Debug, Clone)]
pub struct ProjectAuth {
    pub project_id: String,
}

/// A request authenticated with an org key.
#[derive(Debug, Clone)]
pub struct OrgAuth {
    pub org_id: String,
    pub readonly: bool,
}

impl OrgAuth {
    /// The read-only org key may not create, delete or regenerate.
    pub fn require_write(&self) -> ApiResult<()> {
        if self.readonly {
            Err(ApiError::forbidden())
        } else {
            Ok(())
        }
    }
}

/// The single credential value on the request, or None when there is none.
pub fn credential(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let present: Vec<&str> = CREDENTIAL_HEADERS
        .into_iter()
        .filter(|h| headers.contains_key(*h))
        .collect();
    if present.len() > 1 {
        return Err(ApiError::multiple_credentials());
    }
    let Some(name) = present.first() else {
        return Ok(None);
    };
    let raw = headers
        .get(*name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?
        .trim();
    let value = if *name == "authorization" {
        match raw.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return Err(ApiError::unauthorized()),
        }
    } else {
        raw
    };
    if value.is_empty() {
        return Err(ApiError::unauthorized());
    }
    Ok(Some(value.to_string()))
}

fn principal(store: &Store, headers: &HeaderMap) -> ApiResult<Principal> {
    let value = credential(headers)?.ok_or_else(ApiError::unauthorized)?;
    store.resolve(&value).ok_or_else(ApiError::unauthorized)
}

/// The organisation a request's credential belongs to, if any (for rate-limit accounting; never fails).
pub fn org_of(store: &Store, headers: &HeaderMap) -> Option<String> {
    match principal(store, headers).ok()? {
        Principal::Org { org_id, .. }
        | Principal::Project { org_id, .. }
        | Principal::User { org_id, .. } => Some(org_id),
    }
}

impl FromRequestParts<AppState> for ProjectAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let store = lock(&state.store);
        let principal = principal(&store, &parts.headers)?;
        let scope = scope(&parts.headers)?;
        if scope.is_some() && !matches!(principal, Principal::User { .. }) {
            return Err(scope_error(
                "x-org-id and x-project-id scope a user API key only",
            ));
        }
        match principal {
            Principal::Project { project_id, .. } => Ok(ProjectAuth { project_id }),
            Principal::User {
                org_id,
                default_project_id,
            } if takes_user_key(&parts.method, parts.extensions.get::<MatchedPath>()) => {
                Ok(ProjectAuth {
                    project_id: user_project(&store, &org_id, default_project_id, scope)?,
                })
            }
            Principal::User { .. } | Principal::Org { .. } => Err(ApiError::forbidden()),
        }
    }
}

/// The project a user key acts on: its scope's, which must be of the key's organisation (else 403), or its
/// default project.
fn user_project(
    store: &Store,
    org_id: &str,
    default_project_id: String,
    scope: Option<(String, String)>,
) -> ApiResult<String> {
    let Some((scope_org, scope_project)) = scope else {
        return Ok(default_project_id);
    };
    let in_org = store
        .live_project(&scope_project)
        .is_some_and(|p| p.org_id == org_id);
    if scope_org != org_id || !in_org {
        return Err(ApiError::forbidden());
    }
    Ok(scope_project)
}

/// A request authenticated with a user key (the operations the spec secures with `UserApiKeyAuth` alone), and the
/// project it acts on.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub org_id: String,
    pub project_id: String,
}

impl FromRequestParts<AppState> for UserAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let store = lock(&state.store);
        let principal = principal(&store, &parts.headers)?;
        let scope = scope(&parts.headers)?;
        match principal {
            Principal::User {
                org_id,
                default_project_id,
            } => {
                let project_id = user_project(&store, &org_id, default_project_id, scope)?;
                Ok(UserAuth { org_id, project_id })
            }
            _ if scope.is_some() => Err(scope_error(
                "x-org-id and x-project-id scope a user API key only",
            )),
            Principal::Project { .. } | Principal::Org { .. } => Err(ApiError::forbidden()),
        }
    }
}

impl FromRequestParts<AppState> for OrgAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let store = lock(&state.store);
        match principal(&store, &parts.headers)? {
            Principal::Org { org_id, readonly } => Ok(OrgAuth { org_id, readonly }),
            Principal::Project { .. } | Principal::User { .. } => Err(ApiError::forbidden()),
        }
    }
}
