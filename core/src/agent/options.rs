//! What a toolset is made of: whose tools, which ones, in which format, and how calls run.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::format::Format;
use super::hooks::{CustomTool, Modifier};
use crate::error::{Error, Result};
use crate::file_options::FileMode;

/// How many calls of one response run at once unless told otherwise.
pub const DEFAULT_MAX_CONCURRENCY: usize = 8;

/// The options of `client.toolset(…)`. Composio's tools are chosen by `toolkits` (every tool of each, filtered
/// by `search`, `tags` and `scopes`), by `tools` (these slugs), or by `search` alone; `custom_tools` add local
/// ones. Every page is followed: nothing is truncated unless `limit` says so.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ToolsetOptions {
    /// The end user the tools run as.
    pub user_id: String,
    /// A tool router session: its tools (the meta tools) instead of a selection, each call run in the session
    /// (`session.toolset(…)` sets it; the session decides the user's account).
    pub session_id: Option<String>,
    pub toolkits: Vec<String>,
    pub tools: Vec<String>,
    pub search: Option<String>,
    /// Keeps the tools with any of these tags (applied by the API).
    pub tags: Vec<String>,
    /// Keeps the tools that need any of these scopes.
    pub scopes: Vec<String>,
    /// At most this many of Composio's tools (by default: all of them).
    pub limit: Option<usize>,
    #[serde(deserialize_with = "format_name")]
    pub format: Format,
    /// OpenAI's strict mode, applied at every depth of every schema.
    pub strict: bool,
    /// Runs every call with this connected account instead of the user's default one.
    pub connected_account_id: Option<String>,
    /// How many calls of one response run at once (default 8).
    pub max_concurrency: Option<usize>,
    /// How long one call may take, modifiers included (default: the client's timeout).
    #[serde(rename = "timeout", deserialize_with = "seconds")]
    pub timeout: Option<Duration>,
    /// `auto`: file inputs take local paths (uploaded) and file outputs are downloaded (default: the
    /// client's setting, else off).
    #[serde(deserialize_with = "file_mode")]
    pub files: Option<FileMode>,
    /// The only directories uploads may come from (default: the client's).
    pub upload_dirs: Option<Vec<PathBuf>>,
    /// Where downloads go (default: the client's, else `composio-downloads` in the temporary directory).
    pub download_dir: Option<PathBuf>,
    #[serde(skip)]
    pub modifiers: Vec<Modifier>,
    #[serde(skip)]
    pub custom_tools: Vec<CustomTool>,
}

fn format_name<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Format, D::Error> {
    let name = String::deserialize(d)?;
    Format::parse(&name).map_err(|e| serde::de::Error::custom(e.message()))
}

fn file_mode<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<FileMode>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|name| FileMode::parse(&name).map_err(|e| serde::de::Error::custom(e.message())))
        .transpose()
}

fn seconds<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Duration>, D::Error> {
    Option::<f64>::deserialize(d)?
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    serde::de::Error::custom("timeout must be a positive number of seconds")
                })
        })
        .transpose()
}

impl ToolsetOptions {
    /// The options from JSON (the form the bindings send; `timeout` in seconds); unknown keys are refused.
    pub fn from_json(value: Value) -> Result<Self> {
        serde_json::from_value(value)
            .map_err(|e| Error::configuration(format!("invalid toolset option: {e}")))
    }

    /// The checks made before any request.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.user_id.trim().is_empty() {
            return Err(Error::configuration(
                "a toolset needs the user_id of the end user its tools run as",
            ));
        }
        if self.session_id.is_some() {
            self.validate_session()?;
        } else if self.toolkits.is_empty()
            && self.tools.is_empty()
            && self.search.is_none()
            && self.custom_tools.is_empty()
        {
            return Err(Error::configuration(
                "a toolset needs a selection: toolkits, tools, search or custom_tools",
            ));
        }
        if self.strict && !self.format.supports_strict() {
            return Err(super::format::strict_unavailable(self.format));
        }
        if self.limit == Some(0) || self.max_concurrency == Some(0) {
            return Err(Error::configuration(
                "limit and max_concurrency must be at least 1",
            ));
        }
        for (what, names) in [("toolkits", &self.toolkits), ("tools", &self.tools)] {
            if names.iter().any(|n| n.trim().is_empty()) {
                return Err(Error::configuration(format!(
                    "{what} must not contain an empty name"
                )));
            }
        }
        let mut slugs: Vec<&str> = self.custom_tools.iter().map(|t| t.slug.as_str()).collect();
        if slugs.iter().any(|s| s.trim().is_empty()) {
            return Err(Error::configuration("a custom tool needs a slug"));
        }
        slugs.sort_unstable();
        if let Some(pair) = slugs.windows(2).find(|w| w[0].eq_ignore_ascii_case(w[1])) {
            return Err(Error::configuration(format!(
                "two custom tools are named {}",
                pair[0]
            )));
        }
        for tool in &self.custom_tools {
            if !tool.input_schema.is_object() {
                return Err(Error::configuration(format!(
                    "the input schema of custom tool {} must be a JSON Schema object",
                    tool.slug
                )));
            }
        }
        Ok(())
    }

    /// A session's toolset takes its tools and accounts from the session: a selection beside it would be ignored,
    /// so it is refused.
    fn validate_session(&self) -> Result<()> {
        if self
            .session_id
            .as_deref()
            .is_some_and(|s| s.trim().is_empty())
        {
            return Err(Error::configuration("session_id must not be empty"));
        }
        let given = [
            ("toolkits", !self.toolkits.is_empty()),
            ("tools", !self.tools.is_empty()),
            ("search", self.search.is_some()),
            ("tags", !self.tags.is_empty()),
            ("scopes", !self.scopes.is_empty()),
            ("limit", self.limit.is_some()),
            ("connected_account_id", self.connected_account_id.is_some()),
        ];
        let given: Vec<&str> = given.iter().filter(|(_, g)| *g).map(|(n, _)| *n).collect();
        if given.is_empty() {
            return Ok(());
        }
        Err(Error::configuration(format!(
            "a session's toolset has the session's tools and accounts: {} cannot be given with it \
             (set them on the session: sessions.create or session.update)",
            given.join(", ")
        )))
    }

    pub(crate) fn concurrency(&self) -> usize {
        self.max_concurrency.unwrap_or(DEFAULT_MAX_CONCURRENCY)
    }
}
