//! Running one call: arguments read, modifiers applied, the tool run (Composio's over HTTP, or the local
//! function), the result shaped. Every failure becomes a result that says what went wrong.

use serde_json::{json, Map, Value};

use super::calls::{Arguments, CallResult};
use super::hooks::{Modifier, ModifierKind, ToolInfo};
use super::strict::drop_unset;
use super::toolset::Entry;
use crate::client::Client;
use crate::{
    ConnectedAccountListParams, ExecuteParams, ToolRouterExecuteParams, ToolRouterMetaParams,
};

pub(crate) struct Context<'a> {
    pub client: &'a Client,
    pub strict: bool,
    pub user_id: &'a str,
    pub connected_account_id: Option<&'a str>,
    /// Set for a session's toolset: Composio's tools then run in the session.
    pub session_id: Option<&'a str>,
    pub modifiers: &'a [Modifier],
    pub files: Option<&'a super::files::Files>,
}

/// What a call runs with, after the before-execute modifiers.
struct Request {
    arguments: Map<String, Value>,
    user_id: String,
    connected_account_id: Option<String>,
}

pub(crate) async fn call(ctx: Context<'_>, entry: &Entry, arguments: Arguments) -> CallResult {
    let mut arguments = match arguments.into_object() {
        Ok(arguments) => arguments,
        Err(words) => return CallResult::failed(words),
    };
    if ctx.strict {
        drop_unset(&mut arguments, &entry.schema);
    }
    let info = &entry.info;
    let mut request = json!({
        "arguments": arguments,
        "user_id": ctx.user_id,
        "connected_account_id": ctx.connected_account_id,
    });
    if let Some(id) = ctx.session_id {
        request["session_id"] = json!(id);
    }
    for modifier in matching(ctx.modifiers, ModifierKind::BeforeExecute, info) {
        request = match (modifier.hook)(info.clone(), request).await {
            Ok(changed) => changed,
            Err(e) => {
                return CallResult::failed(format!(
                    "The before-execute modifier of {} failed: {e}",
                    info.slug
                ))
            }
        };
    }
    let request = match read_request(request) {
        Ok(request) => request,
        Err(words) => {
            return CallResult::failed(format!(
                "The before-execute modifier of {} returned {words}",
                info.slug
            ))
        }
    };
    let mut result = match &entry.custom {
        Some(run) => custom(ctx.client, info, run, request).await,
        None => match with_files(&ctx, entry, request).await {
            Ok(request) => {
                let mut result = match ctx.session_id {
                    Some(session_id) => in_session(ctx.client, session_id, info, request).await,
                    None => composio(ctx.client, info, request).await,
                };
                downloaded(&ctx, entry, &mut result).await;
                result
            }
            Err(words) => CallResult::failed(words),
        },
    };
    for modifier in matching(ctx.modifiers, ModifierKind::AfterExecute, info) {
        let mut seen = result.to_json();
        if let Some(id) = ctx.session_id {
            seen["session_id"] = json!(id);
        }
        result = match (modifier.hook)(info.clone(), seen).await {
            Ok(changed) => CallResult::from_json(changed),
            Err(e) => CallResult::failed(format!(
                "The after-execute modifier of {} failed: {e}",
                info.slug
            )),
        };
    }
    result
}

/// The request with its file arguments uploaded (when the toolset moves files and the tool takes any).
async fn with_files(
    ctx: &Context<'_>,
    entry: &Entry,
    mut request: Request,
) -> Result<Request, String> {
    if let (Some(files), true) = (ctx.files, entry.uploads) {
        let toolkit = entry.info.toolkit.as_deref().unwrap_or_default();
        let tool = (toolkit, entry.info.slug.as_str());
        files
            .upload_inputs(ctx.client, tool, &entry.schema, &mut request.arguments)
            .await?;
    }
    Ok(request)
}

/// A successful result's files downloaded; a download that fails fails the call, saying why.
async fn downloaded(ctx: &Context<'_>, entry: &Entry, result: &mut CallResult) {
    if let (Some(files), true, true) = (ctx.files, entry.downloads, result.successful) {
        if let Err(words) = files.download_outputs(ctx.client, &mut result.data).await {
            *result = CallResult::failed(words);
        }
    }
}

fn matching<'m>(
    modifiers: &'m [Modifier],
    kind: ModifierKind,
    info: &'m ToolInfo,
) -> impl Iterator<Item = &'m Modifier> {
    modifiers
        .iter()
        .filter(move |m| m.kind == kind && m.filter.matches(info))
}

fn read_request(value: Value) -> Result<Request, String> {
    let Value::Object(mut map) = value else {
        return Err(
            "something that is not an object of arguments, user_id and connected_account_id".into(),
        );
    };
    let arguments = match map.remove("arguments") {
        Some(Value::Object(arguments)) => arguments,
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err("arguments that are not an object".into()),
    };
    let user_id = match map.remove("user_id") {
        Some(Value::String(user)) if !user.is_empty() => user,
        _ => return Err("no user_id".into()),
    };
    let connected_account_id = match map.remove("connected_account_id") {
        Some(Value::String(id)) => Some(id),
        None | Some(Value::Null) => None,
        Some(_) => return Err("a connected_account_id that is not text".into()),
    };
    Ok(Request {
        arguments,
        user_id,
        connected_account_id,
    })
}

async fn composio(client: &Client, info: &ToolInfo, request: Request) -> CallResult {
    let params = ExecuteParams {
        arguments: Some(request.arguments),
        user_id: Some(request.user_id),
        connected_account_id: request.connected_account_id,
        ..Default::default()
    };
    match client.tools().execute(&info.slug, &params).await {
        Ok(done) => CallResult {
            successful: done.successful && done.error.is_none(),
            data: done.data,
            error: done.error,
        },
        Err(e) => CallResult::failed(format!(
            "The tool {} could not run: {}",
            info.slug,
            for_the_model(&e)
        )),
    }
}

/// A call of a session's toolset: the router's own tools through `execute_meta`, a toolkit's tool through the
/// session's `execute`; the session picks the user and account (a modifier's change to them is not sent).
async fn in_session(
    client: &Client,
    session_id: &str,
    info: &ToolInfo,
    request: Request,
) -> CallResult {
    let router = client.tool_router();
    let done = if is_meta_tool(info) {
        let params = ToolRouterMetaParams {
            slug: info.slug.clone(),
            arguments: Some(request.arguments),
        };
        router.execute_meta(session_id, &params).await
    } else {
        let params = ToolRouterExecuteParams {
            tool_slug: info.slug.clone(),
            arguments: Some(request.arguments),
        };
        router.execute(session_id, &params).await
    };
    match done {
        Ok(done) => CallResult {
            successful: done.error.is_none(),
            data: done.data,
            error: done.error,
        },
        Err(e) => CallResult::failed(format!(
            "The tool {} could not run in session {session_id}: {}",
            info.slug,
            for_the_model(&e)
        )),
    }
}

/// The tool router's own tools, which `execute_meta` runs: those a session lists under the `composio` toolkit (or
/// none). Not the prefix: toolkits such as `composio_search` have `COMPOSIO_…` tools that `execute` runs.
fn is_meta_tool(info: &ToolInfo) -> bool {
    info.toolkit
        .as_deref()
        .map_or(true, |t| t.eq_ignore_ascii_case("composio"))
}

/// An API error in words for the model: status, message, slug and the suggested fix; not the request id, which
/// only a person debugging needs (it stays on the error the client logs).
fn for_the_model(e: &crate::Error) -> String {
    let mut words = match e.status() {
        Some(status) => format!("{status} {}", e.message()),
        None => e.message().to_string(),
    };
    if let Some(slug) = e.slug() {
        words.push_str(&format!(" [{slug}]"));
    }
    if let Some(fix) = e.suggested_fix().filter(|f| !f.is_empty()) {
        words.push_str(&format!(". Suggested fix: {fix}"));
    }
    words
}

async fn custom(
    client: &Client,
    info: &ToolInfo,
    run: &super::hooks::Hook,
    request: Request,
) -> CallResult {
    let mut account = Value::Null;
    let mut account_id = request.connected_account_id.clone();
    if let Some(toolkit) = &info.toolkit {
        match user_account(client, &request.user_id, toolkit, account_id.as_deref()).await {
            Ok(found) => {
                account_id = found.get("id").and_then(Value::as_str).map(str::to_string);
                account = found;
            }
            Err(words) => return CallResult::failed(words),
        }
    }
    let input = json!({
        "arguments": request.arguments,
        "user_id": request.user_id,
        "connected_account_id": account_id,
        "account": account,
    });
    match run(info.clone(), input).await {
        Ok(output) => CallResult::from_json(output),
        Err(e) => CallResult::failed(format!("The tool {} failed: {e}", info.slug)),
    }
}

/// The user's active account of `toolkit` (the one named, when a connected account id is set).
async fn user_account(
    client: &Client,
    user_id: &str,
    toolkit: &str,
    named: Option<&str>,
) -> Result<Value, String> {
    let params = ConnectedAccountListParams {
        user_ids: vec![user_id.to_string()],
        toolkit_slugs: vec![toolkit.to_string()],
        statuses: vec!["ACTIVE".to_string()],
        connected_account_ids: named.map(|id| vec![id.to_string()]).unwrap_or_default(),
        ..Default::default()
    };
    let page = client
        .connected_accounts()
        .list(&params)
        .await
        .map_err(|e| format!("The user's {toolkit} account could not be read: {e}"))?;
    let account = page.items.into_iter().next().ok_or_else(|| {
        format!("The user {user_id} has no active {toolkit} account: ask them to connect {toolkit} first.")
    })?;
    serde_json::to_value(account).map_err(|e| e.to_string())
}
