use std::fmt;

use serde::{Deserialize, Serialize};

use super::{masked, Extra};

/// A project, as the project list returns it. `Debug` masks the webhook secret.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record), uniffi::export(Debug))]
pub struct Project {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub email: String,
    pub created_at: String,
    pub updated_at: String,
    pub webhook_url: Option<String>,
    pub event_webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub triggers_enabled: Option<bool>,
    pub last_subscribed_at: Option<String>,
    pub is_new_webhook: Option<bool>,
    pub webhook_version: String,
    pub deleted: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for Project {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Project")
            .field("id", &self.id)
            .field("org_id", &self.org_id)
            .field("name", &self.name)
            .field("email", &self.email)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("webhook_url", &self.webhook_url)
            .field("event_webhook_url", &self.event_webhook_url)
            .field(
                "webhook_secret",
                &self.webhook_secret.as_deref().map(masked),
            )
            .field("webhook_version", &self.webhook_version)
            .field("deleted", &self.deleted)
            .finish_non_exhaustive()
    }
}

/// A project with its API keys (`GET /org/owner/project/{id}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProjectDetails {
    #[serde(flatten)]
    pub project: Project,
    #[serde(default)]
    pub api_keys: Vec<ApiKeyInfo>,
}

/// One API key of a project. `Debug` masks the key.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record), uniffi::export(Debug))]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    pub key: String,
    pub created_at: String,
}

impl fmt::Debug for ApiKeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyInfo")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key", &masked(&self.key))
            .field("created_at", &self.created_at)
            .finish()
    }
}

/// `POST /org/owner/project/new`: `api_key` is set only when one was requested. `Debug` masks it.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record), uniffi::export(Debug))]
pub struct CreatedProject {
    pub id: String,
    pub name: String,
    pub api_key: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for CreatedProject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedProject")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("api_key", &self.api_key.as_deref().map(masked))
            .finish_non_exhaustive()
    }
}

/// `DELETE /org/owner/project/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeletedProject {
    pub status: String,
}

/// `POST /org/owner/project/{id}/regenerate_api_key`: the new key; every older one stops working.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RegeneratedApiKey {
    pub api_key: ApiKeyInfo,
    pub message: String,
}
