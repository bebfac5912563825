//! Arguments of the list, create and execute operations, and the checks the docs state for them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::models::ProjectSettingsUpdate;

pub const MAX_LIMIT: u32 = 1000;

/// Filters of `GET /tools`. List values are sent comma-joined. Deserializes from the keyword
/// arguments of the bindings; an unknown name is an error, not silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolListParams {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub toolkit_slug: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tool_slugs: Vec<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tags: Vec<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub search: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub important: Option<bool>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_deprecated: Option<bool>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub toolkit_versions: Option<String>,
    /// Items per page, 1..=1000 (the server's default is 20).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
}

/// Filters of `GET /toolkits`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolkitListParams {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub category: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub search: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub managed_by: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub sort_by: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_deprecated: Option<bool>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
}

/// Paging of `GET /org/owner/project/list`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProjectListParams {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
}

/// `POST /org/owner/project/new`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateProjectParams {
    pub name: String,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub should_create_api_key: bool,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<ProjectSettingsUpdate>,
}

/// `POST /tools/execute/{slug}`: `arguments` or `text` (natural language), not both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExecuteParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_auth_params: Option<Value>,
}

#[derive(Default)]
pub(crate) struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn opt(mut self, name: &str, value: &Option<String>) -> Self {
        if let Some(v) = value {
            self.0.push((name.to_string(), v.clone()));
        }
        self
    }
    pub fn flag(mut self, name: &str, value: Option<bool>) -> Self {
        if let Some(v) = value {
            self.0.push((name.to_string(), v.to_string()));
        }
        self
    }
    pub fn list(mut self, name: &str, values: &[String]) -> Self {
        if !values.is_empty() {
            self.0.push((name.to_string(), values.join(",")));
        }
        self
    }
    pub fn limit(mut self, limit: Option<u32>) -> Result<Self> {
        if let Some(limit) = limit {
            check_limit(limit)?;
            self.0.push(("limit".to_string(), limit.to_string()));
        }
        Ok(self)
    }
}

pub(crate) fn check_limit(limit: u32) -> Result<()> {
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(())
    } else {
        Err(Error::configuration(format!(
            "limit must be between 1 and {MAX_LIMIT}, got {limit}"
        )))
    }
}

impl ToolListParams {
    pub(crate) fn query(&self) -> Result<Vec<(String, String)>> {
        Ok(Query::default()
            .opt("toolkit_slug", &self.toolkit_slug)
            .list("tool_slugs", &self.tool_slugs)
            .list("tags", &self.tags)
            .opt("search", &self.search)
            .flag("important", self.important)
            .flag("include_deprecated", self.include_deprecated)
            .opt("toolkit_versions", &self.toolkit_versions)
            .limit(self.limit)?
            .opt("cursor", &self.cursor)
            .0)
    }
}

impl ToolkitListParams {
    pub(crate) fn query(&self) -> Result<Vec<(String, String)>> {
        Ok(Query::default()
            .opt("category", &self.category)
            .opt("search", &self.search)
            .opt("managed_by", &self.managed_by)
            .opt("sort_by", &self.sort_by)
            .flag("include_deprecated", self.include_deprecated)
            .limit(self.limit)?
            .opt("cursor", &self.cursor)
            .0)
    }
}

impl ProjectListParams {
    pub(crate) fn query(&self) -> Result<Vec<(String, String)>> {
        Ok(Query::default()
            .limit(self.limit)?
            .opt("cursor", &self.cursor)
            .0)
    }
}

impl CreateProjectParams {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// The documented rule: `^[a-zA-Z0-9_-]+$`, 3 to 75 characters.
    pub(crate) fn validate(&self) -> Result<()> {
        let len = self.name.chars().count();
        let allowed = self
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !(3..=75).contains(&len) || !allowed {
            return Err(Error::configuration(format!(
                "project name {:?} must be 3 to 75 characters of letters, digits, '_' and '-'",
                self.name
            )));
        }
        if let Some(config) = &self.config {
            config.validate()?;
        }
        Ok(())
    }
}

impl ExecuteParams {
    pub(crate) fn validate(&self) -> Result<()> {
        if self.arguments.is_some() && self.text.is_some() {
            return Err(Error::configuration(
                "pass either arguments or text, not both",
            ));
        }
        Ok(())
    }
}
