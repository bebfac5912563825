//! Credential extraction and the 401/403 rules.
//!
//! Exactly one credential header per request. Whatever header carried it, a value is resolved to an org key or a
//! project key; the wrong kind for the endpoint is a 403, an unknown or retired value a 401.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::errors::{ApiError, ApiResult};
use crate::shared::{lock, AppState};
use crate::state::{Principal, Store};

pub const CREDENTIAL_HEADERS: [&str; 3] = ["x-api-key", "authorization", "x-org-api-key"];

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
        Principal::Org { org_id, .. } | Principal::Project { org_id, .. } => Some(org_id),
    }
}

impl FromRequestParts<AppState> for ProjectAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let store = lock(&state.store);
        match principal(&store, &parts.headers)? {
            Principal::Project { project_id, .. } => Ok(ProjectAuth { project_id }),
            Principal::Org { .. } => Err(ApiError::forbidden()),
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
            Principal::Project { .. } => Err(ApiError::forbidden()),
        }
    }
}
