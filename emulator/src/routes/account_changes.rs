//! What the current API added to connected accounts: `PATCH /connected_accounts/{id}` (an alias, unique per user and
//! toolkit in the project) and `POST /connected_accounts/{id}/revoke` (the credentials revoked at the provider;
//! the account becomes `REVOKED` and no tool runs with it) and `POST /connected_accounts/complete_auth` (the
//! page a provider sent the user back to, given to Composio to finish the connection).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::routes::{json_object, optional_object, optional_string};
use crate::shared::{lock, AppState};

const INVALID: &str = "ConnectedAccount_InvalidRequest";

pub async fn update(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let alias = optional_string(&body, "alias", INVALID)?;
    // `connection.state` and `experimental` are checked for shape and otherwise kept as they are (a guess).
    if let Some(connection) = optional_object(&body, "connection", INVALID)? {
        if !connection.get("state").is_some_and(Value::is_object) {
            return Err(ApiError::bad_request(
                INVALID,
                "connection.state must be an object",
            ));
        }
    }
    optional_object(&body, "experimental", INVALID)?;
    let mut store = lock(&state.store);
    let (user, toolkit) = {
        let account = store.account(&auth.project_id, &id)?;
        (account.user_id.clone(), account.toolkit.clone())
    };
    if let Some(alias) = alias.as_deref().filter(|a| !a.is_empty()) {
        let taken = store.accounts.iter().any(|a| {
            a.project_id == auth.project_id
                && a.id != id
                && a.user_id == user
                && a.toolkit == toolkit
                && a.alias.as_deref() == Some(alias)
        });
        if taken {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                1609,
                "ConnectedAccount_AliasTaken",
                format!("User {user} already has a {toolkit} account named {alias:?}"),
            ));
        }
    }
    let now = store.now();
    let account = store.account_mut(&auth.project_id, &id)?;
    if let Some(alias) = alias {
        account.alias = Some(alias).filter(|a| !a.is_empty());
    }
    account.updated_at = now;
    Ok(Json(
        json!({"success": true, "id": account.id, "status": account.status}),
    ))
}

pub async fn revoke(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let scheme = {
        let account = store.account(&auth.project_id, &id)?;
        store
            .auth_configs
            .iter()
            .find(|c| c.project_id == auth.project_id && c.id == account.auth_config_id)
            .map_or("OAUTH2".to_string(), |c| c.auth_scheme.clone())
    };
    let now = store.now();
    let account = store.account_mut(&auth.project_id, &id)?;
    let revoked: Vec<&str> = if account.status == "REVOKED" {
        vec![]
    } else if scheme.starts_with("OAUTH") {
        vec!["access_token", "refresh_token"]
    } else {
        vec!["credential"]
    };
    account.status = "REVOKED".to_string();
    account.status_reason = Some("Revoked by the app".to_string());
    account.updated_at = now;
    Ok(Json(json!({
        "revoked_tokens": revoked,
        "connected_account": {"id": account.id, "status": account.status},
    })))
}

/// `{session_uri, user_id}`: `session_uri` is the connection link (`…/link/{token}`, used as a visit would) or the
/// callback URL the link sent the browser to (`…?connected_account_id=…`). The account must be the user's.
pub async fn complete_auth(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let uri = crate::routes::required_string(&body, "session_uri", INVALID, 1)?;
    let user_id = crate::routes::required_string(&body, "user_id", INVALID, 1)?;
    let mut store = lock(&state.store);
    let token = uri.split_once("/link/").map(|(_, rest)| {
        rest.split(['?', '#', '/'])
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let account_id = match token {
        Some(token) => {
            let link = store.links.iter().find(|l| l.token == token);
            if link.is_some_and(|l| l.project_id != auth.project_id) {
                return Err(ApiError::bad_request(
                    INVALID,
                    "session_uri is not a link of this project",
                ));
            }
            // The user is checked before the link is used up.
            if let Some(link) = link {
                check_user(store.account(&auth.project_id, &link.account_id)?, &user_id)?;
            }
            crate::routes::links::use_link(&mut store, &token)?.0
        }
        None => uri
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("connected_account_id="))
            .map(str::to_string)
            .ok_or_else(|| {
                ApiError::bad_request(
                    INVALID,
                    "session_uri must be a connection link or the callback URL it redirected to",
                )
            })?,
    };
    let account = store.account(&auth.project_id, &account_id)?;
    check_user(account, &user_id)?;
    Ok(Json(json!({
        "connected_account_id": account.id,
        "toolkit_slug": account.toolkit,
    })))
}

fn check_user(account: &crate::store::resources::Account, user_id: &str) -> ApiResult<()> {
    match account.user_id == user_id {
        true => Ok(()),
        false => Err(ApiError::bad_request(
            INVALID,
            format!("connected account {} is not user {user_id}'s", account.id),
        )),
    }
}
