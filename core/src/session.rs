//! Tool router sessions as objects: one end user's tools behind a handful of meta tools (search, connect, run)
//! and one MCP URL. A [`Session`] holds the session's answer and runs every session-scoped operation; its
//! [`Session::toolset`] hands a model the meta tools and runs the calls it makes inside the session.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::agent::{Toolset, ToolsetOptions};
use crate::auth::Credential;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{
    ConnectedAccount, DeletedMountFile, DeletedToolRouterSession, MountDownloadUrl, MountFile,
    MountUploadUrl, ToolRouterExecution, ToolRouterLink, ToolRouterProxyResult, ToolRouterSearch,
    ToolRouterSession, ToolRouterToolkit,
};
use crate::WaitParams;
use crate::{
    MountDownloadParams, MountFileDeleteParams, MountFileListParams, MountUploadParams,
    ToolRouterExecuteParams, ToolRouterLinkParams, ToolRouterMetaParams, ToolRouterProxyParams,
    ToolRouterSearchParams, ToolRouterSessionParams, ToolRouterSessionUpdateParams,
    ToolRouterToolkitListParams,
};

/// `client.sessions()`: create a session for an end user, or take up one made before.
#[derive(Clone, Copy)]
pub struct Sessions<'a> {
    client: &'a Client,
}

impl Client {
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions { client: self }
    }
}

impl Sessions<'_> {
    /// A new session (`tool_router.create_session`).
    pub async fn create(self, params: &ToolRouterSessionParams) -> Result<Session> {
        let info = self.client.tool_router().create_session(params).await?;
        Ok(Session::new(self.client, info))
    }

    /// A session made before, by id (`tool_router.get_session`).
    pub async fn get(self, session_id: &str) -> Result<Session> {
        let info = self.client.tool_router().get_session(session_id).await?;
        Ok(Session::new(self.client, info))
    }
}

/// One end user's session. Cheap to clone; `update` refreshes what it holds.
#[derive(Clone)]
pub struct Session {
    client: Client,
    info: ToolRouterSession,
}

/// What an MCP client needs to reach a session's tools: the transport, the URL and the headers to send.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionMcp {
    pub kind: String,
    pub url: String,
    pub headers: BTreeMap<String, String>,
}

impl std::fmt::Debug for SessionMcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(String::as_str).collect();
        f.debug_struct("SessionMcp")
            .field("kind", &self.kind)
            .field("url", &self.url)
            .field("headers", &names)
            .finish()
    }
}

impl Session {
    fn new(client: &Client, info: ToolRouterSession) -> Self {
        Self {
            client: client.clone(),
            info,
        }
    }

    pub fn id(&self) -> &str {
        &self.info.session_id
    }

    /// The end user the session runs tools as.
    pub fn user_id(&self) -> &str {
        session_user(&self.info)
    }

    /// The session as the API last answered it (configuration, `config_version`, meta tool names).
    pub fn info(&self) -> &ToolRouterSession {
        &self.info
    }

    /// The session's MCP server: its URL and the project key header an MCP client sends.
    pub async fn mcp(&self) -> Result<SessionMcp> {
        Ok(SessionMcp {
            kind: self.info.mcp.kind.clone(),
            url: self.info.mcp.url.clone(),
            headers: self.client.mcp_headers().await?,
        })
    }

    /// The session's tools (its meta tools) in `options.format`, calls run in the session. `options` takes the
    /// format, strict mode, modifiers, custom tools and limits; the selection, the user and the account are the
    /// session's (a `user_id` given is replaced).
    pub async fn toolset(&self, mut options: ToolsetOptions) -> Result<Toolset> {
        options.session_id = Some(self.id().to_string());
        options.user_id = self.user_id().to_string();
        self.client.toolset(options).await
    }

    /// Runs a tool as the session's user.
    pub async fn execute(
        &self,
        tool_slug: &str,
        arguments: Map<String, Value>,
    ) -> Result<ToolRouterExecution> {
        let params = ToolRouterExecuteParams {
            tool_slug: tool_slug.to_string(),
            arguments: Some(arguments),
        };
        self.client.tool_router().execute(self.id(), &params).await
    }

    /// Runs one of the router's own tools (`COMPOSIO_SEARCH_TOOLS`, `COMPOSIO_MULTI_EXECUTE_TOOL`, ...).
    pub async fn execute_meta(
        &self,
        slug: &str,
        arguments: Map<String, Value>,
    ) -> Result<ToolRouterExecution> {
        let params = ToolRouterMetaParams {
            slug: slug.to_string(),
            arguments: Some(arguments),
        };
        self.client
            .tool_router()
            .execute_meta(self.id(), &params)
            .await
    }

    pub async fn search(&self, params: &ToolRouterSearchParams) -> Result<ToolRouterSearch> {
        self.client.tool_router().search(self.id(), params).await
    }

    pub async fn proxy_execute(
        &self,
        params: &ToolRouterProxyParams,
    ) -> Result<ToolRouterProxyResult> {
        self.client
            .tool_router()
            .proxy_execute(self.id(), params)
            .await
    }

    /// A connect link for the session's user and `toolkit`: send them to `redirect_url`, then
    /// [`Session::wait_for_connection`].
    pub async fn authorize(&self, params: &ToolRouterLinkParams) -> Result<ToolRouterLink> {
        self.client.tool_router().link(self.id(), params).await
    }

    /// Waits until the account of a link is `ACTIVE` (a typed error when it fails or the wait times out).
    pub async fn wait_for_connection(
        &self,
        link: &ToolRouterLink,
        params: &WaitParams,
    ) -> Result<ConnectedAccount> {
        self.client
            .connected_accounts()
            .wait_for_connection(&link.connected_account_id, params)
            .await
    }

    /// Every toolkit of the session (every page), each with the user's connection to it.
    pub async fn toolkits(
        &self,
        params: ToolRouterToolkitListParams,
    ) -> Result<Vec<ToolRouterToolkit>> {
        let router = self.client.tool_router();
        router.iter_toolkits(self.id(), params)?.all().await
    }

    /// Changes the session's configuration; this object then holds the new one.
    pub async fn update(&mut self, params: &ToolRouterSessionUpdateParams) -> Result<()> {
        self.info = self
            .client
            .tool_router()
            .update_session(self.id(), params)
            .await?;
        Ok(())
    }

    /// Deletes the session: its MCP URL and tools stop working.
    pub async fn delete(&self) -> Result<DeletedToolRouterSession> {
        self.client.tool_router().delete_session(self.id()).await
    }

    /// The session's file mount (`files`, the one every session has): what its sandbox tools read and write.
    pub fn files(&self) -> SessionFiles<'_> {
        SessionFiles { session: self }
    }
}

/// `session.files()`: list, upload (from a path or bytes), download (into a file) and delete by mount path.
#[derive(Clone, Copy)]
pub struct SessionFiles<'a> {
    session: &'a Session,
}

impl SessionFiles<'_> {
    /// The mount every session has.
    pub const MOUNT: &'static str = "files";

    /// Every file of the mount (every page), by path; under `prefix` when given.
    pub async fn list(&self, prefix: Option<&str>) -> Result<Vec<MountFile>> {
        let params = MountFileListParams {
            mount_relative_prefix: prefix.map(str::to_string),
            ..Default::default()
        };
        let router = self.session.client.tool_router();
        router
            .iter_mount_files(self.session.id(), Self::MOUNT, params)?
            .all()
            .await
    }

    pub async fn upload(&self, params: &MountUploadParams) -> Result<MountUploadUrl> {
        let router = self.session.client.tool_router();
        router
            .upload_mount_file(self.session.id(), Self::MOUNT, params)
            .await
    }

    pub async fn download(&self, params: &MountDownloadParams) -> Result<MountDownloadUrl> {
        let router = self.session.client.tool_router();
        router
            .download_mount_file(self.session.id(), Self::MOUNT, params)
            .await
    }

    /// Deletes a file, or every file under a directory path.
    pub async fn delete(&self, mount_relative_path: &str) -> Result<DeletedMountFile> {
        let params = MountFileDeleteParams::new(mount_relative_path);
        let router = self.session.client.tool_router();
        router
            .delete_mount_file(self.session.id(), Self::MOUNT, &params)
            .await
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.info.session_id)
            .field("user_id", &self.user_id())
            .finish_non_exhaustive()
    }
}

fn session_user(info: &ToolRouterSession) -> &str {
    info.config
        .get("user_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

impl Client {
    /// The headers an MCP client sends to a Composio MCP URL: the project key as `x-api-key`.
    pub async fn mcp_headers(&self) -> Result<BTreeMap<String, String>> {
        let limit = self.settings().timeout;
        let key = self
            .keys
            .resolve(Credential::Project, limit)
            .await?
            .ok_or_else(|| {
                Error::configuration(
                    "a session's MCP URL needs a project API key: pass it to the client or set COMPOSIO_API_KEY",
                )
            })?;
        Ok(BTreeMap::from([(
            "x-api-key".to_string(),
            key.expose().to_string(),
        )]))
    }
}

/// A session's configuration in the shorthands every language accepts, as the API takes it: `toolkits` as a list
/// (the ones enabled), `tools` per toolkit as a list (the ones enabled), `manage_connections` as a boolean. A
/// missing or `null` field is left out; anything else is passed on for the typed parameters to check.
pub fn session_config(value: Value) -> Result<Value> {
    let Value::Object(map) = value else {
        return Err(Error::configuration(
            "a session's configuration must be an object",
        ));
    };
    let mut out = Map::new();
    for (name, value) in map {
        let value = match (name.as_str(), value) {
            (_, Value::Null) => continue,
            ("toolkits", Value::Array(list)) => json!({ "enable": list }),
            ("manage_connections", Value::Bool(on)) => json!({ "enable": on }),
            ("tools", Value::Object(rules)) => Value::Object(
                rules
                    .into_iter()
                    .map(|(toolkit, rule)| match rule {
                        Value::Array(list) => (toolkit, json!({ "enable": list })),
                        rule => (toolkit, rule),
                    })
                    .collect(),
            ),
            (_, value) => value,
        };
        out.insert(name, value);
    }
    Ok(Value::Object(out))
}

/// The parameters of `sessions.create` from the shorthands of [`session_config`].
pub fn session_params(value: Value) -> Result<ToolRouterSessionParams> {
    serde_json::from_value(session_config(value)?)
        .map_err(|e| Error::configuration(format!("invalid session option: {e}")))
}

/// The parameters of `session.update` from the shorthands of [`session_config`].
pub fn session_update_params(value: Value) -> Result<ToolRouterSessionUpdateParams> {
    serde_json::from_value(session_config(value)?)
        .map_err(|e| Error::configuration(format!("invalid session option: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthands_become_the_api_shapes() {
        let config = session_config(json!({
            "user_id": "u", "toolkits": ["github"], "manage_connections": false,
            "tools": {"gmail": ["GMAIL_SEND_EMAIL"], "github": {"disable": ["X"]}}, "tags": null,
        }))
        .unwrap();
        assert_eq!(
            config,
            json!({"user_id": "u", "toolkits": {"enable": ["github"]}, "manage_connections": {"enable": false},
                   "tools": {"gmail": {"enable": ["GMAIL_SEND_EMAIL"]}, "github": {"disable": ["X"]}}})
        );
    }

    #[test]
    fn unknown_options_are_refused_by_name() {
        let e = session_params(json!({"user_id": "u", "toolkit": ["github"]})).unwrap_err();
        assert!(e.message().contains("toolkit"), "{}", e.message());
        assert!(session_config(json!(["u"])).is_err());
    }
}
