use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{lenient_count, Extra};

/// A toolkit. The list returns the common fields; `GET /toolkits/{slug}` adds the detail ones
/// (`enabled`, `auth_config_details`, `base_url`, `get_current_user_endpoint`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Toolkit {
    pub slug: String,
    pub name: String,
    pub auth_schemes: Vec<String>,
    pub composio_managed_auth_schemes: Vec<String>,
    pub is_local_toolkit: bool,
    pub no_auth: bool,
    pub meta: ToolkitMeta,
    pub deprecated: Option<Value>,
    pub enabled: Option<bool>,
    pub auth_config_details: Option<Vec<Value>>,
    pub base_url: Option<String>,
    pub get_current_user_endpoint: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolkitMeta {
    pub created_at: String,
    pub updated_at: String,
    pub description: String,
    pub logo: String,
    pub app_url: Option<String>,
    pub categories: Vec<ToolkitCategory>,
    #[serde(deserialize_with = "lenient_count")]
    pub triggers_count: u64,
    #[serde(deserialize_with = "lenient_count")]
    pub tools_count: u64,
    pub version: String,
    pub available_versions: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The list names categories by `id`, the detail by `slug`; both are kept.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolkitCategory {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub name: String,
}
