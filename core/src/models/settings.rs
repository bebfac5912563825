use serde::{Deserialize, Serialize};

use super::Extra;
use crate::error::{Error, Result};

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

/// The documented values of `log_visibility_setting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogVisibility {
    ShowAll,
    DontStoreData,
}

impl LogVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ShowAll => "show_all",
            Self::DontStoreData => "dont_store_data",
        }
    }

    pub fn parse(value: &str) -> Result<Self> {
        match value {
            "show_all" => Ok(Self::ShowAll),
            "dont_store_data" => Ok(Self::DontStoreData),
            _ => Err(Error::configuration(format!(
                "log_visibility_setting must be \"show_all\" or \"dont_store_data\", not {value:?}"
            ))),
        }
    }
}

/// A partial update: only the fields that are set are sent (PATCH merges them server-side).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProjectSettingsUpdate {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(rename = "is_2FA_enabled", skip_serializing_if = "Option::is_none")]
    pub is_2fa_enabled: Option<bool>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mask_secret_keys_in_connected_account: Option<bool>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_visibility_setting: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_mcp_api_key: Option<bool>,
}

impl ProjectSettingsUpdate {
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(v) = &self.log_visibility_setting {
            LogVisibility::parse(v)?;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}
