//! `connected_accounts.wait_for_connection`: poll until the account is usable, or say why it never will be.

use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::models::ConnectedAccount;
use crate::resources::WaitParams;

pub(crate) const DEFAULT_WAIT: Duration = Duration::from_secs(60);
const FIRST_POLL: Duration = Duration::from_millis(100);
const MAX_POLL: Duration = Duration::from_secs(2);

/// Statuses from which an account never becomes `ACTIVE` by itself.
const FINAL: [&str; 3] = ["FAILED", "EXPIRED", "INACTIVE"];

pub(crate) async fn wait_for_connection(
    client: &Client,
    connected_account_id: &str,
    params: &WaitParams,
) -> Result<ConnectedAccount> {
    params.validate()?;
    let limit = params.timeout.unwrap_or(DEFAULT_WAIT);
    let deadline = Instant::now() + limit;
    let mut pause = FIRST_POLL;
    let mut last_status: Option<String> = None;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        // A poll that outlives the deadline is abandoned: the caller asked for a bound.
        let poll = client.connected_accounts().get(connected_account_id);
        let account = match tokio::time::timeout(remaining, poll).await {
            Ok(account) => account?,
            Err(_) => return Err(timed_out(connected_account_id, limit, last_status)),
        };
        if account.status == "ACTIVE" && !account.is_disabled {
            return Ok(account);
        }
        if FINAL.contains(&account.status.as_str()) {
            return Err(not_connectable(&account));
        }
        last_status = Some(account.status);
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(timed_out(connected_account_id, limit, last_status));
        }
        tokio::time::sleep(pause.min(remaining)).await;
        pause = (pause * 3 / 2).min(MAX_POLL);
    }
}

/// `FAILED`, `EXPIRED` or `INACTIVE`: the spec's 422 meaning ("invalid state of the connected account"),
/// raised at once with the account's own reason.
fn not_connectable(account: &ConnectedAccount) -> Error {
    let reason = account
        .status_reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    let slug = match account.status.as_str() {
        "FAILED" => "ConnectedAccount_Failed",
        "EXPIRED" => "ConnectedAccount_Expired",
        _ => "ConnectedAccount_Inactive",
    };
    Error::new(
        ErrorKind::Unprocessable,
        format!(
            "connected account {} is {}{reason}; it will not become ACTIVE without a new link",
            account.id, account.status
        ),
    )
    .with_operation("connected_accounts.wait_for_connection")
    .with_slug(Some(slug.to_string()))
}

fn timed_out(id: &str, limit: Duration, last_status: Option<String>) -> Error {
    let seen = last_status.map_or(
        "no status yet (the first poll did not finish)".to_string(),
        |s| format!("still {s}"),
    );
    Error::new(
        ErrorKind::Timeout,
        format!("connected account {id} did not become ACTIVE within {limit:?}: {seen}"),
    )
    .with_operation("connected_accounts.wait_for_connection")
    .with_slug(Some("ConnectedAccount_WaitTimeout".to_string()))
}
