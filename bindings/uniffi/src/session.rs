//! Tool router sessions for Kotlin and Swift: `client.sessions().create(SessionParams(...))` → a `Session` whose
//! `toolset(...)` hands a model the session's meta tools and runs its calls in the session. Every method is
//! async with a `*Blocking` twin; nested JSON crosses as text.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use composio::{
    ConnectedAccount, DeletedToolRouterSession, ToolRouterExecution, ToolRouterLink,
    ToolRouterLinkParams, ToolRouterSearch, ToolRouterSearchParams, ToolRouterSession,
    ToolRouterToolkit, WaitParams,
};
use serde_json::{json, Map, Value};

use crate::agent::{ToolModifier, Toolset, ToolsetCustomTool, ToolsetParams};
use crate::client::Composio;
use crate::error::{invalid_argument, ComposioError};
use crate::resources::{block, run};

/// A session's configuration. `toolkits`: the ones enabled (empty: every toolkit); `tools`: per toolkit, the
/// slugs enabled; `auth_configs` / `connected_accounts`: per toolkit, the one to use; `manage_connections`:
/// whether the model may start connections (default true); `config_json`: any other field of the API's session
/// body, as JSON text (its fields win).
#[derive(Default, uniffi::Record)]
pub struct SessionParams {
    pub user_id: String,
    #[uniffi(default)]
    pub toolkits: Vec<String>,
    #[uniffi(default)]
    pub tools: HashMap<String, Vec<String>>,
    #[uniffi(default)]
    pub tags: Vec<String>,
    #[uniffi(default)]
    pub auth_configs: HashMap<String, String>,
    #[uniffi(default)]
    pub connected_accounts: HashMap<String, String>,
    #[uniffi(default)]
    pub manage_connections: Option<bool>,
    #[uniffi(default)]
    pub config_json: Option<String>,
}

impl SessionParams {
    /// The shorthand JSON the core reads (`session_config`); `user_id` left out for an update.
    fn to_json(&self, with_user: bool) -> Result<Value, ComposioError> {
        let mut body = Map::new();
        if with_user {
            body.insert("user_id".into(), json!(self.user_id));
        }
        if !self.toolkits.is_empty() {
            body.insert("toolkits".into(), json!(self.toolkits));
        }
        if !self.tools.is_empty() {
            body.insert("tools".into(), json!(self.tools));
        }
        if !self.tags.is_empty() {
            body.insert("tags".into(), json!(self.tags));
        }
        if !self.auth_configs.is_empty() {
            body.insert("auth_configs".into(), json!(self.auth_configs));
        }
        if !self.connected_accounts.is_empty() {
            body.insert("connected_accounts".into(), json!(self.connected_accounts));
        }
        if let Some(on) = self.manage_connections {
            body.insert("manage_connections".into(), json!(on));
        }
        if let Some(text) = &self.config_json {
            match serde_json::from_str(text) {
                Ok(Value::Object(extra)) => body.extend(extra),
                _ => return Err(invalid_argument("config_json must be a JSON object".into())),
            }
        }
        Ok(Value::Object(body))
    }
}

/// The options of a session's toolset: the selection and the account are the session's.
#[derive(uniffi::Record)]
pub struct SessionToolsetParams {
    /// `openai`, `openai_responses`, `anthropic`, `gemini` or `mcp`.
    #[uniffi(default = "openai")]
    pub format: String,
    #[uniffi(default = false)]
    pub strict: bool,
    #[uniffi(default)]
    pub max_concurrency: Option<u32>,
    #[uniffi(default)]
    pub timeout: Option<Duration>,
    #[uniffi(default)]
    pub modifiers: Vec<ToolModifier>,
    #[uniffi(default)]
    pub custom_tools: Vec<ToolsetCustomTool>,
}

/// What an MCP client needs to reach a session's tools. `headers` holds the project key (`x-api-key`), which
/// `toString()` leaves out.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct SessionMcp {
    pub kind: String,
    pub url: String,
    pub headers: HashMap<String, String>,
}

/// `client.sessions()`.
#[derive(uniffi::Object)]
pub struct Sessions(composio::Client);

/// One end user's session; `update` refreshes what it holds.
#[derive(uniffi::Object)]
pub struct Session {
    inner: Mutex<composio::Session>,
}

#[uniffi::export]
impl Composio {
    /// Tool router sessions: a user's tools behind meta tools and one MCP URL.
    pub fn sessions(&self) -> Arc<Sessions> {
        Arc::new(Sessions(self.core().clone()))
    }
}

fn wrap(session: composio::Session) -> Arc<Session> {
    Arc::new(Session {
        inner: Mutex::new(session),
    })
}

impl Sessions {
    fn create_call(
        &self,
        params: SessionParams,
    ) -> Result<impl Future<Output = composio::Result<Arc<Session>>>, ComposioError> {
        let params = composio::session::session_params(params.to_json(true)?)?;
        let client = self.0.clone();
        Ok(async move { Ok(wrap(client.sessions().create(&params).await?)) })
    }

    fn get_call(&self, session_id: String) -> impl Future<Output = composio::Result<Arc<Session>>> {
        let client = self.0.clone();
        async move { Ok(wrap(client.sessions().get(&session_id).await?)) }
    }
}

#[uniffi::export]
impl Sessions {
    pub async fn create(&self, params: SessionParams) -> Result<Arc<Session>, ComposioError> {
        run(self.create_call(params)?).await
    }

    pub fn create_blocking(&self, params: SessionParams) -> Result<Arc<Session>, ComposioError> {
        block(self.create_call(params)?)
    }

    /// A session made before, by id.
    pub async fn get(&self, session_id: String) -> Result<Arc<Session>, ComposioError> {
        run(self.get_call(session_id)).await
    }

    pub fn get_blocking(&self, session_id: String) -> Result<Arc<Session>, ComposioError> {
        block(self.get_call(session_id))
    }
}

fn arguments(text: &str) -> Result<Map<String, Value>, ComposioError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(invalid_argument(
            "arguments_json must be a JSON object".into(),
        )),
    }
}

impl Session {
    pub(crate) fn current(&self) -> composio::Session {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn toolset_options(
        &self,
        params: SessionToolsetParams,
    ) -> Result<composio::agent::ToolsetOptions, ComposioError> {
        ToolsetParams {
            user_id: self.current().user_id().to_string(),
            toolkits: vec![],
            tools: vec![],
            search: None,
            tags: vec![],
            scopes: vec![],
            limit: None,
            format: params.format,
            strict: params.strict,
            connected_account_id: None,
            max_concurrency: params.max_concurrency,
            timeout: params.timeout,
            modifiers: params.modifiers,
            custom_tools: params.custom_tools,
            files: None,
            upload_dirs: None,
            download_dir: None,
        }
        .into_options()
    }

    fn toolset_call(
        &self,
        params: SessionToolsetParams,
    ) -> Result<impl Future<Output = composio::Result<Arc<Toolset>>>, ComposioError> {
        let options = self.toolset_options(params)?;
        let session = self.current();
        Ok(async move { Ok(Arc::new(Toolset::from(session.toolset(options).await?))) })
    }

    fn update_call(
        self: &Arc<Self>,
        params: SessionParams,
    ) -> Result<impl Future<Output = composio::Result<()>>, ComposioError> {
        let params = composio::session::session_update_params(params.to_json(false)?)?;
        let this = self.clone();
        Ok(async move {
            let mut session = this.current();
            session.update(&params).await?;
            *this.inner.lock().unwrap_or_else(|e| e.into_inner()) = session;
            Ok(())
        })
    }
}

#[uniffi::export]
impl Session {
    pub fn id(&self) -> String {
        self.current().id().to_string()
    }

    pub fn user_id(&self) -> String {
        self.current().user_id().to_string()
    }

    /// The session as the API last answered it.
    pub fn info(&self) -> ToolRouterSession {
        self.current().info().clone()
    }

    /// The session's MCP server: its URL and the headers an MCP client sends.
    pub async fn mcp(&self) -> Result<SessionMcp, ComposioError> {
        let session = self.current();
        run(async move { session.mcp().await })
            .await
            .map(mcp_record)
    }

    pub fn mcp_blocking(&self) -> Result<SessionMcp, ComposioError> {
        let session = self.current();
        block(async move { session.mcp().await }).map(mcp_record)
    }

    /// The session's meta tools in `params.format`; `handle` runs the model's calls in the session.
    pub async fn toolset(
        &self,
        params: SessionToolsetParams,
    ) -> Result<Arc<Toolset>, ComposioError> {
        run(self.toolset_call(params)?).await
    }

    pub fn toolset_blocking(
        &self,
        params: SessionToolsetParams,
    ) -> Result<Arc<Toolset>, ComposioError> {
        block(self.toolset_call(params)?)
    }

    /// Runs a tool as the session's user (`arguments_json`: a JSON object).
    pub async fn execute(
        &self,
        tool_slug: String,
        arguments_json: String,
    ) -> Result<ToolRouterExecution, ComposioError> {
        let (session, args) = (self.current(), arguments(&arguments_json)?);
        run(async move { session.execute(&tool_slug, args).await }).await
    }

    pub fn execute_blocking(
        &self,
        tool_slug: String,
        arguments_json: String,
    ) -> Result<ToolRouterExecution, ComposioError> {
        let (session, args) = (self.current(), arguments(&arguments_json)?);
        block(async move { session.execute(&tool_slug, args).await })
    }

    /// Runs one of the router's own tools (`COMPOSIO_SEARCH_TOOLS`, ...).
    pub async fn execute_meta(
        &self,
        slug: String,
        arguments_json: String,
    ) -> Result<ToolRouterExecution, ComposioError> {
        let (session, args) = (self.current(), arguments(&arguments_json)?);
        run(async move { session.execute_meta(&slug, args).await }).await
    }

    pub fn execute_meta_blocking(
        &self,
        slug: String,
        arguments_json: String,
    ) -> Result<ToolRouterExecution, ComposioError> {
        let (session, args) = (self.current(), arguments(&arguments_json)?);
        block(async move { session.execute_meta(&slug, args).await })
    }

    /// Tools for up to seven use cases (`queries_json`: `[{"use_case": ...}]`).
    pub async fn search(&self, queries_json: String) -> Result<ToolRouterSearch, ComposioError> {
        let (session, params) = (self.current(), search_params(&queries_json)?);
        run(async move { session.search(&params).await }).await
    }

    pub fn search_blocking(&self, queries_json: String) -> Result<ToolRouterSearch, ComposioError> {
        let (session, params) = (self.current(), search_params(&queries_json)?);
        block(async move { session.search(&params).await })
    }

    /// A connect link for the user and `toolkit`; then `waitForConnection(link)`.
    #[uniffi::method(default(callback_url = None))]
    pub async fn authorize(
        &self,
        toolkit: String,
        callback_url: Option<String>,
    ) -> Result<ToolRouterLink, ComposioError> {
        let session = self.current();
        let params = ToolRouterLinkParams {
            toolkit,
            callback_url,
        };
        run(async move { session.authorize(&params).await }).await
    }

    #[uniffi::method(default(callback_url = None))]
    pub fn authorize_blocking(
        &self,
        toolkit: String,
        callback_url: Option<String>,
    ) -> Result<ToolRouterLink, ComposioError> {
        let session = self.current();
        let params = ToolRouterLinkParams {
            toolkit,
            callback_url,
        };
        block(async move { session.authorize(&params).await })
    }

    /// Waits until the link's account is `ACTIVE` (default 60 s).
    #[uniffi::method(default(timeout = None))]
    pub async fn wait_for_connection(
        &self,
        link: ToolRouterLink,
        timeout: Option<Duration>,
    ) -> Result<ConnectedAccount, ComposioError> {
        let session = self.current();
        run(async move {
            session
                .wait_for_connection(&link, &WaitParams { timeout })
                .await
        })
        .await
    }

    #[uniffi::method(default(timeout = None))]
    pub fn wait_for_connection_blocking(
        &self,
        link: ToolRouterLink,
        timeout: Option<Duration>,
    ) -> Result<ConnectedAccount, ComposioError> {
        let session = self.current();
        block(async move {
            session
                .wait_for_connection(&link, &WaitParams { timeout })
                .await
        })
    }

    /// Every toolkit of the session (every page), each with the user's connection to it.
    pub async fn toolkits(&self) -> Result<Vec<ToolRouterToolkit>, ComposioError> {
        let session = self.current();
        run(async move { session.toolkits(Default::default()).await }).await
    }

    pub fn toolkits_blocking(&self) -> Result<Vec<ToolRouterToolkit>, ComposioError> {
        let session = self.current();
        block(async move { session.toolkits(Default::default()).await })
    }

    /// Changes the session's configuration (`params.user_id` is ignored); `info()` then shows the new one.
    pub async fn update(self: Arc<Self>, params: SessionParams) -> Result<(), ComposioError> {
        run(self.update_call(params)?).await
    }

    pub fn update_blocking(self: Arc<Self>, params: SessionParams) -> Result<(), ComposioError> {
        block(self.update_call(params)?)
    }

    /// Deletes the session: its MCP URL and tools stop working.
    pub async fn delete(&self) -> Result<DeletedToolRouterSession, ComposioError> {
        let session = self.current();
        run(async move { session.delete().await }).await
    }

    pub fn delete_blocking(&self) -> Result<DeletedToolRouterSession, ComposioError> {
        let session = self.current();
        block(async move { session.delete().await })
    }
}

fn search_params(queries_json: &str) -> Result<ToolRouterSearchParams, ComposioError> {
    let queries: Value = serde_json::from_str(queries_json)
        .map_err(|e| invalid_argument(format!("queries_json is not JSON: {e}")))?;
    Ok(ToolRouterSearchParams {
        queries,
        ..Default::default()
    })
}

fn mcp_record(mcp: composio::SessionMcp) -> SessionMcp {
    SessionMcp {
        kind: mcp.kind,
        url: mcp.url,
        headers: mcp.headers.into_iter().collect(),
    }
}

impl std::fmt::Debug for SessionMcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionMcp")
            .field("kind", &self.kind)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}
