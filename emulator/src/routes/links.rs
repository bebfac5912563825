//! `GET /link/{token}`: the end user's browser opening a connection link. No credential (it is not the SDK).

use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::errors::{ApiError, ApiResult};
use crate::shared::{lock, AppState};
use crate::store::Store;

fn gone(slug: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::GONE, 1302, slug, message)
}

pub async fn visit(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    let mut store = lock(&state.store);
    let (id, callback_url) = use_link(&mut store, &token)?;
    Ok(match callback_url {
        Some(callback) => {
            let separator = if callback.contains('?') { '&' } else { '?' };
            let location = format!("{callback}{separator}status=success&connected_account_id={id}");
            (StatusCode::FOUND, [(LOCATION, location)]).into_response()
        }
        None => Html(format!(
            "<!doctype html><html><head><title>Connected</title></head><body>\
             <p>Connected account {id} is now active. You can close this window.</p></body></html>"
        ))
        .into_response(),
    })
}

/// Uses the link `token` once: its account becomes ACTIVE. Gives the account id and the link's callback URL; a
/// used, expired or revoked link is a 410, an unknown one a 404.
pub fn use_link(store: &mut Store, token: &str) -> ApiResult<(String, Option<String>)> {
    let now_ms = store.now_ms();
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            1301,
            "Link_NotFound",
            format!("Link {token} not found"),
        )
    };
    let index = store
        .links
        .iter()
        .position(|l| l.token == token)
        .ok_or_else(not_found)?;
    let link = store.links[index].clone();
    if link.used {
        return Err(gone(
            "Link_AlreadyUsed",
            format!("Link {token} was already used"),
        ));
    }
    let account_status = store
        .account(&link.project_id, &link.account_id)
        .map(|a| a.status.clone())
        .map_err(|_| not_found())?;
    if link.expires_ms <= now_ms {
        let now = store.now();
        let account = store.account_mut(&link.project_id, &link.account_id)?;
        if account.status == "INITIATED" {
            account.status = "EXPIRED".into();
            account.status_reason = Some("The connection link expired".into());
            account.updated_at = now;
        }
        return Err(gone("Link_Expired", format!("Link {token} has expired")));
    }
    if link.revoked || account_status != "INITIATED" {
        return Err(gone(
            "Link_Expired",
            format!("Link {token} is no longer valid"),
        ));
    }
    store.links[index].used = true;
    let now = store.now();
    let account = store.account_mut(&link.project_id, &link.account_id)?;
    account.status = "ACTIVE".into();
    account.status_reason = None;
    account.updated_at = now;
    Ok((account.id.clone(), link.callback_url))
}
