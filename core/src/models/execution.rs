use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// The result of `POST /tools/execute/{slug}`. A tool that ran but failed has `successful: false`
/// and `error` set; that is a result, not an `Error`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ToolExecution {
    pub data: Value,
    pub error: Option<String>,
    pub successful: bool,
    pub session_info: Option<Value>,
    pub log_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
