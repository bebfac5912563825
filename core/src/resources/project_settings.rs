use reqwest::Method;

use crate::client::{Client, Credential};
use crate::error::{Error, Result};
use crate::models::{ProjectSettings, ProjectSettingsUpdate};
use crate::transport::{Call, Operation};

static GET: Operation = Operation::new(
    "project_settings.get",
    Method::GET,
    "/api/v3/org/project/config",
    Credential::Project,
);
static UPDATE: Operation = Operation::new(
    "project_settings.update",
    Method::PATCH,
    "/api/v3/org/project/config",
    Credential::Project,
);

/// `client.project_settings()`: the configuration of the project the API key belongs to.
#[derive(Clone, Copy)]
pub struct ProjectSettingsApi<'a> {
    pub(crate) client: &'a Client,
}

impl ProjectSettingsApi<'_> {
    pub async fn get(self) -> Result<ProjectSettings> {
        self.client.send(Call::new(&GET, GET.template)).await
    }

    /// Merges the fields that are set and returns the whole configuration.
    pub async fn update(self, update: &ProjectSettingsUpdate) -> Result<ProjectSettings> {
        update.validate()?;
        if update.is_empty() {
            return Err(Error::configuration(
                "project_settings.update needs at least one field to change",
            ));
        }
        self.client
            .send(Call::new(&UPDATE, UPDATE.template).json_body(update)?)
            .await
    }
}
