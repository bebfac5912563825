//! Custom toolkits: a project's own toolkit declarations (name, app URL, auth schemes), versioned by sync.

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct CustomToolkit {
    pub project_id: String,
    pub slug: String,
    pub name: String,
    pub app_url: String,
    pub auth_schemes: Vec<Value>,
    /// How many syncs made a version so far.
    pub syncs: u32,
}

impl CustomToolkit {
    /// The version a sync makes: `YYYYMMDD_nn` like the catalogue's, the day fixed, `nn` the sync's number.
    pub fn version(&self) -> String {
        format!("20260101_{:02}", self.syncs)
    }
}
