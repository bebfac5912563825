use reqwest::Method;

use super::params::{CreateProjectParams, ProjectListParams};
use super::path::segment;
use crate::client::{Client, Credential};
use crate::error::Result;
use crate::models::{
    CreatedProject, DeletedProject, Page, Project, ProjectDetails, RegeneratedApiKey,
};
use crate::pagination::Pager;
use crate::transport::{Call, Operation};

const BASE: &str = "/api/v3.1/org/owner/project";
static CREATE: Operation = Operation::new(
    "projects.create",
    Method::POST,
    "/api/v3.1/org/owner/project/new",
    Credential::Org,
);
static LIST: Operation = Operation::new(
    "projects.list",
    Method::GET,
    "/api/v3.1/org/owner/project/list",
    Credential::Org,
);
static GET: Operation = Operation::new(
    "projects.get",
    Method::GET,
    "/api/v3.1/org/owner/project/{id}",
    Credential::Org,
);
static DELETE: Operation = Operation::new(
    "projects.delete",
    Method::DELETE,
    "/api/v3.1/org/owner/project/{id}",
    Credential::Org,
);
static REGENERATE: Operation = Operation::new(
    "projects.regenerate_api_key",
    Method::POST,
    "/api/v3.1/org/owner/project/{id}/regenerate_api_key",
    Credential::Org,
);

/// `client.projects()`: the organization's projects (needs the organization API key).
#[derive(Clone, Copy)]
pub struct Projects<'a> {
    pub(crate) client: &'a Client,
}

impl Projects<'_> {
    pub async fn create(self, params: &CreateProjectParams) -> Result<CreatedProject> {
        params.validate()?;
        self.client
            .send(Call::new(&CREATE, CREATE.template).json_body(params)?)
            .await
    }

    /// Newest first.
    pub async fn list(self, params: &ProjectListParams) -> Result<Page<Project>> {
        self.client
            .send(Call::new(&LIST, LIST.template).query(params.query()?))
            .await
    }

    pub fn iter(self, params: ProjectListParams) -> Result<Pager<Project>> {
        params.query()?;
        let client = self.client.clone();
        let first = params.cursor.clone();
        Ok(Pager::new(first, move |cursor| {
            let client = client.clone();
            let params = ProjectListParams {
                cursor,
                ..params.clone()
            };
            Box::pin(async move { client.projects().list(&params).await })
        }))
    }

    /// The project with its API keys.
    pub async fn get(self, project_id: &str) -> Result<ProjectDetails> {
        let path = format!("{BASE}/{}", segment("project_id", project_id)?);
        self.client.send(Call::new(&GET, path)).await
    }

    /// Soft delete: the project's keys stop working at once.
    pub async fn delete(self, project_id: &str) -> Result<DeletedProject> {
        let path = format!("{BASE}/{}", segment("project_id", project_id)?);
        self.client.send(Call::new(&DELETE, path)).await
    }

    /// A new key; every older key of the project stops working.
    pub async fn regenerate_api_key(self, project_id: &str) -> Result<RegeneratedApiKey> {
        let path = format!(
            "{BASE}/{}/regenerate_api_key",
            segment("project_id", project_id)?
        );
        self.client.send(Call::new(&REGENERATE, path)).await
    }
}
