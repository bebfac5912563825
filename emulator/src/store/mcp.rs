//! Per-project MCP servers, their user instances and tool router sessions, kept in the store (`Store::mcp`). The
//! handlers live in `routes/mcp.rs` and `routes/tool_router.rs`.

use serde_json::Value;

/// A file in a session's mount, written through a presigned URL on the emulator's `/_storage`.
#[derive(Debug, Clone)]
pub struct MountFile {
    pub project_id: String,
    pub session_id: String,
    /// Relative to the mount, `/`-separated, no `.` or `..` parts.
    pub path: String,
    pub mimetype: String,
    /// `mounts/{session_id}/{mount_id}/{path}` under `/_storage`.
    pub key: String,
    pub token: String,
    /// None until the PUT arrives.
    pub content: Option<bytes::Bytes>,
    pub modified_at: String,
}

/// Everything MCP-shaped the store keeps. Every lookup filters on `project_id`.
#[derive(Debug, Default)]
pub struct McpState {
    pub servers: Vec<McpServer>,
    pub instances: Vec<McpInstance>,
    pub sessions: Vec<ToolRouterSession>,
    /// The files of every session's mounts; a session's go with it.
    pub mount_files: Vec<MountFile>,
}

#[derive(Debug, Clone)]
pub struct McpServer {
    /// A UUID, as the real API's.
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub auth_config_ids: Vec<String>,
    /// Toolkits named outright (`toolkits` of the custom create and PATCH, `no_auth_apps`), besides those of the auth
    /// configs.
    pub extra_toolkits: Vec<String>,
    pub allowed_tools: Vec<String>,
    pub managed_auth: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Creation order, and the order of the last change: ties of the timestamps are broken on them.
    pub seq: u64,
    pub updated_seq: u64,
    /// Deletion is soft, as the spec says; a deleted server answers 404 everywhere.
    pub deleted: bool,
}

#[derive(Debug, Clone)]
pub struct McpInstance {
    /// A UUID.
    pub id: String,
    pub project_id: String,
    pub server_id: String,
    /// The user id.
    pub instance_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
}

/// `enable` / `disable` lists of a session's `toolkits` or of one toolkit's `tools`.
#[derive(Debug, Clone, PartialEq)]
pub enum Allow {
    Only(Vec<String>),
    Except(Vec<String>),
}

impl Allow {
    /// Whether `name` passes (case-insensitive).
    pub fn allows(&self, name: &str) -> bool {
        let listed = |list: &[String]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
        match self {
            Allow::Only(list) => listed(list),
            Allow::Except(list) => !listed(list),
        }
    }
}

/// MCP annotation hints a tool must have one of (`enabled`, when not empty) and must have none of (`disabled`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagFilter {
    pub enabled: Vec<String>,
    pub disabled: Vec<String>,
}

impl TagFilter {
    pub fn allows(&self, tags: &[String]) -> bool {
        (self.enabled.is_empty() || self.enabled.iter().any(|t| tags.contains(t)))
            && !self.disabled.iter().any(|t| tags.contains(t))
    }
}

/// One toolkit's entry of a session's `tools`.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolRule {
    List(Allow),
    Tags(TagFilter),
}

#[derive(Debug, Clone)]
pub struct ToolRouterSession {
    /// `trs_` + 12 letters and digits.
    pub id: String,
    pub project_id: String,
    pub user_id: String,
    pub toolkits: Option<Allow>,
    /// Toolkit slug → auth config id / connected account id.
    pub auth_configs: Vec<(String, String)>,
    pub connected_accounts: Vec<(String, String)>,
    pub manage_connections: bool,
    pub callback_url: Option<String>,
    pub tools: Vec<(String, ToolRule)>,
    pub tags: Option<TagFilter>,
    /// The normalized configuration, as `config` answers it.
    pub config: Value,
    /// Made by the legacy `/labs/tool_router/session`, with the body that made it (its 409 compares them).
    pub legacy_body: Option<Value>,
    /// The body the configuration was read from (create's, then each PATCH merged into it).
    pub source: serde_json::Map<String, Value>,
    /// 1 at creation, one more per PATCH.
    pub config_version: u64,
    /// When the live configuration was made (the creation, or the last PATCH).
    pub config_at: String,
    /// The configurations PATCHes replaced: (version, config, when it was replaced), oldest first.
    pub history: Vec<(u64, Value, String)>,
}

impl ToolRouterSession {
    pub fn auth_config_for(&self, toolkit: &str) -> Option<&str> {
        lookup(&self.auth_configs, toolkit)
    }

    pub fn account_for(&self, toolkit: &str) -> Option<&str> {
        lookup(&self.connected_accounts, toolkit)
    }

    pub fn toolkit_allowed(&self, toolkit: &str) -> bool {
        self.toolkits.as_ref().map_or(true, |a| a.allows(toolkit))
    }

    /// Whether a tool of an allowed toolkit is allowed: the toolkit's `tools` rule when it has one (a list wins
    /// over tags; its tags win over the session's), else the session's `tags`.
    pub fn tool_allowed(&self, toolkit: &str, slug: &str, tags: &[String]) -> bool {
        match self
            .tools
            .iter()
            .find(|(t, _)| t == toolkit)
            .map(|(_, r)| r)
        {
            Some(ToolRule::List(allow)) => allow.allows(slug),
            Some(ToolRule::Tags(filter)) => filter.allows(tags),
            None => self.tags.as_ref().map_or(true, |f| f.allows(tags)),
        }
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}
