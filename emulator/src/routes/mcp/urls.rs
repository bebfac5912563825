//! The URLs of a server for given users or connected accounts (`POST /mcp/servers/generate`).

use super::*;

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
