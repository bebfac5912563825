//! The accounts a session uses and shows for a toolkit.

use serde_json::{json, Value};

use crate::errors::{ApiError, ApiResult};
use crate::store::mcp::ToolRouterSession;
use crate::store::resources::{find_toolkit, Account};
use crate::store::Store;

// ---- accounts as the session sees them ----

pub(crate) fn usable(account: &Account) -> bool {
    account.status == "ACTIVE" && !account.disabled
}

/// The account an execution runs with: the session's override for the toolkit, else the newest usable account of
/// the session's user (on the session's auth config for the toolkit, when it names one).
pub(super) fn account_for_execute(
    store: &Store,
    session: &ToolRouterSession,
    toolkit: &str,
) -> ApiResult<String> {
    let (project, user) = (session.project_id.as_str(), session.user_id.as_str());
    if let Some(id) = session.account_for(toolkit) {
        return store
            .usable_account(project, Some(toolkit), Some(id), None)
            .map(|a| a.id.clone());
    }
    match session.auth_config_for(toolkit) {
        Some(config) => store
            .accounts
            .iter()
            .filter(|a| {
                a.project_id == project
                    && a.toolkit == toolkit
                    && a.user_id == user
                    && a.auth_config_id == config
                    && usable(a)
            })
            .max_by_key(|a| a.seq)
            .map(|a| a.id.clone())
            .ok_or_else(|| ApiError::no_active_account(toolkit, Some(user))),
        None => store
            .usable_account(project, Some(toolkit), None, Some(user))
            .map(|a| a.id.clone()),
    }
}

/// The account the session shows for a toolkit: its override, else the user's newest usable account (on the
/// session's auth config when it names one), else the user's newest account of any status.
pub(super) fn shown_account<'a>(
    store: &'a Store,
    session: &ToolRouterSession,
    toolkit: &str,
) -> Option<&'a Account> {
    if let Some(id) = session.account_for(toolkit) {
        return store.account(&session.project_id, id).ok();
    }
    let config = session.auth_config_for(toolkit);
    let mine: Vec<&Account> = store
        .accounts
        .iter()
        .filter(|a| {
            a.project_id == session.project_id
                && a.toolkit == toolkit
                && a.user_id == session.user_id
                && config.map_or(true, |c| a.auth_config_id == c)
        })
        .collect();
    mine.iter()
        .copied()
        .filter(|a| usable(a))
        .max_by_key(|a| a.seq)
        .or_else(|| mine.iter().copied().max_by_key(|a| a.seq))
}

pub(super) fn connection_json(store: &Store, account: &Account) -> Value {
    let config = store
        .auth_config(&account.project_id, &account.auth_config_id)
        .ok();
    json!({
        "id": account.id,
        "user_id": account.user_id,
        "status": account.status,
        "created_at": account.created_at,
        "auth_config": {
            "id": account.auth_config_id,
            "auth_scheme": config.map_or("OAUTH2", |c| c.auth_scheme.as_str()),
            "is_composio_managed": config.is_some_and(|c| c.managed),
        },
    })
}

pub(super) fn connection_status(
    store: &Store,
    session: &ToolRouterSession,
    toolkit: &str,
) -> Value {
    let no_auth = find_toolkit(toolkit).is_some_and(|t| t.auth_schemes.is_empty());
    let account = shown_account(store, session, toolkit);
    json!({
        "toolkit": toolkit,
        "connected": no_auth || account.is_some_and(usable),
        "no_auth": no_auth,
        "status": account.map(|a| a.status.clone()),
        "connected_account_id": account.map(|a| a.id.clone()),
    })
}
