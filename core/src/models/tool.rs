use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// A tool, as `GET /tools` and `GET /tools/{slug}` return it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Tool {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub toolkit: ToolkitRef,
    /// A JSON-schema object.
    pub input_parameters: Value,
    /// A JSON-schema object.
    pub output_parameters: Value,
    pub no_auth: bool,
    pub available_versions: Vec<String>,
    pub version: String,
    pub scopes: Vec<String>,
    pub tags: Vec<String>,
    pub is_deprecated: bool,
    pub deprecated: Option<ToolDeprecation>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolkitRef {
    pub slug: String,
    pub name: String,
    pub logo: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolDeprecation {
    #[serde(rename = "displayName")]
    pub display_name: String,
    pub version: String,
    pub available_versions: Vec<String>,
    pub is_deprecated: bool,
    /// `{logo}` in the spec.
    pub toolkit: Value,
    #[serde(flatten)]
    pub extra: Extra,
}
