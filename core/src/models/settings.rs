use serde::{Deserialize, Serialize};

use super::Extra;

/// A project's configuration (`/org/project/config`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProjectSettings {
    #[serde(rename = "is_2FA_enabled")]
    pub is_2fa_enabled: bool,
    pub mask_secret_keys_in_connected_account: bool,
    pub log_visibility_setting: String,
    pub logo_url: Option<String>,
    pub display_name: Option<String>,
    pub require_mcp_api_key: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}
