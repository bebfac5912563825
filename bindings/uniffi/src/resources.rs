//! The operation groups. Every operation is defined once (`*_call`, a future on the core client)
//! and exported twice: async (`suspend` / `async`, on the shared tokio runtime, aborted when the
//! caller is cancelled) and `*Blocking` (blocks the calling thread; bounded by the timeouts).

use std::future::Future;
use std::sync::Arc;

use composio::runtime::{block_on_shared, run_on_shared};
use composio::{
    CreateProjectParams, CreatedProject, DeletedProject, ProjectDetails, ProjectListParams,
    ProjectSettings, ProjectSettingsUpdate, RegeneratedApiKey, Result, Tool, ToolExecution,
    ToolListParams, Toolkit, ToolkitListParams,
};
use serde_json::{Map, Value};

use crate::error::{invalid_argument, ComposioError};
use crate::pages::{ProjectPage, ProjectPager, ToolPage, ToolPager, ToolkitPage, ToolkitPager};

/// Awaits an operation on the shared runtime.
async fn run<T: Send + 'static>(
    call: impl Future<Output = Result<T>> + Send + 'static,
) -> std::result::Result<T, ComposioError> {
    Ok(run_on_shared(call).await?)
}

/// Blocks on an operation.
fn block<T: Send + 'static>(
    call: impl Future<Output = Result<T>> + Send + 'static,
) -> std::result::Result<T, ComposioError> {
    Ok(block_on_shared(call)?)
}

type Outcome<T> = std::result::Result<T, ComposioError>;

/// `tools`: list, iterate, get and execute tools.
#[derive(uniffi::Object)]
pub struct Tools(pub(crate) composio::Client);

impl Tools {
    fn list_call(&self, p: ToolListParams) -> impl Future<Output = Result<ToolPage>> + 'static {
        let c = self.0.clone();
        async move { Ok(c.tools().list(&p).await?.into()) }
    }
    fn get_call(
        &self,
        slug: String,
        version: Option<String>,
    ) -> impl Future<Output = Result<Tool>> {
        let c = self.0.clone();
        async move { c.tools().get(&slug, version.as_deref()).await }
    }
    fn execute_call(
        &self,
        slug: String,
        p: ExecuteParams,
    ) -> Outcome<impl Future<Output = Result<ToolExecution>>> {
        let (c, p) = (self.0.clone(), p.into_core()?);
        Ok(async move { c.tools().execute(&slug, &p).await })
    }
}

#[uniffi::export]
impl Tools {
    /// One page of tools (`GET /api/v3.1/tools`).
    #[uniffi::method(default(params = None))]
    pub async fn list(&self, params: Option<ToolListParams>) -> Outcome<ToolPage> {
        run(self.list_call(params.unwrap_or_default())).await
    }
    #[uniffi::method(default(params = None))]
    pub fn list_blocking(&self, params: Option<ToolListParams>) -> Outcome<ToolPage> {
        block(self.list_call(params.unwrap_or_default()))
    }
    /// Every page from `params.cursor` on, fetched lazily by the pager's `next()`.
    #[uniffi::method(default(params = None))]
    pub fn iter(&self, params: Option<ToolListParams>) -> Outcome<Arc<ToolPager>> {
        Ok(ToolPager::new(
            self.0.tools().iter(params.unwrap_or_default())?,
        ))
    }
    /// One tool (`GET /api/v3.1/tools/{slug}`).
    #[uniffi::method(default(version = None))]
    pub async fn get(&self, slug: String, version: Option<String>) -> Outcome<Tool> {
        run(self.get_call(slug, version)).await
    }
    #[uniffi::method(default(version = None))]
    pub fn get_blocking(&self, slug: String, version: Option<String>) -> Outcome<Tool> {
        block(self.get_call(slug, version))
    }
    /// Runs a tool (`POST /api/v3.1/tools/execute/{slug}`); never retried once the request was sent.
    pub async fn execute(&self, slug: String, params: ExecuteParams) -> Outcome<ToolExecution> {
        run(self.execute_call(slug, params)?).await
    }
    pub fn execute_blocking(&self, slug: String, params: ExecuteParams) -> Outcome<ToolExecution> {
        block(self.execute_call(slug, params)?)
    }
}

/// Arguments of `tools.execute`. `arguments` (a JSON object as text) or `text` (natural
/// language), not both; `custom_auth_params` is JSON text too. `toString()` hides
/// `custom_auth_params` (it holds a toolkit's credentials).
#[derive(Clone, Default, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct ExecuteParams {
    #[uniffi(default)]
    pub arguments: Option<String>,
    #[uniffi(default)]
    pub text: Option<String>,
    #[uniffi(default)]
    pub user_id: Option<String>,
    #[uniffi(default)]
    pub connected_account_id: Option<String>,
    #[uniffi(default)]
    pub version: Option<String>,
    #[uniffi(default)]
    pub custom_auth_params: Option<String>,
}

impl std::fmt::Debug for ExecuteParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExecuteParams")
            .field("arguments", &self.arguments)
            .field("text", &self.text)
            .field("user_id", &self.user_id)
            .field("connected_account_id", &self.connected_account_id)
            .field("version", &self.version)
            .field(
                "custom_auth_params",
                &self.custom_auth_params.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

impl ExecuteParams {
    fn into_core(self) -> Outcome<composio::ExecuteParams> {
        let arguments = self
            .arguments
            .map(|text| serde_json::from_str::<Map<String, Value>>(&text))
            .transpose()
            .map_err(|e| {
                invalid_argument(format!(
                    "tools.execute: arguments must be a JSON object: {e}"
                ))
            })?;
        let custom_auth_params = self
            .custom_auth_params
            .map(|text| serde_json::from_str::<Value>(&text))
            .transpose()
            .map_err(|e| {
                invalid_argument(format!(
                    "tools.execute: custom_auth_params is not JSON: {e}"
                ))
            })?;
        Ok(composio::ExecuteParams {
            arguments,
            text: self.text,
            user_id: self.user_id,
            connected_account_id: self.connected_account_id,
            version: self.version,
            custom_auth_params,
        })
    }
}

/// `toolkits`: list, iterate and get toolkits.
#[derive(uniffi::Object)]
pub struct Toolkits(pub(crate) composio::Client);

impl Toolkits {
    fn list_call(&self, p: ToolkitListParams) -> impl Future<Output = Result<ToolkitPage>> {
        let c = self.0.clone();
        async move { Ok(c.toolkits().list(&p).await?.into()) }
    }
    fn get_call(&self, slug: String) -> impl Future<Output = Result<Toolkit>> {
        let c = self.0.clone();
        async move { c.toolkits().get(&slug).await }
    }
}

#[uniffi::export]
impl Toolkits {
    /// One page of toolkits (`GET /api/v3.1/toolkits`).
    #[uniffi::method(default(params = None))]
    pub async fn list(&self, params: Option<ToolkitListParams>) -> Outcome<ToolkitPage> {
        run(self.list_call(params.unwrap_or_default())).await
    }
    #[uniffi::method(default(params = None))]
    pub fn list_blocking(&self, params: Option<ToolkitListParams>) -> Outcome<ToolkitPage> {
        block(self.list_call(params.unwrap_or_default()))
    }
    #[uniffi::method(default(params = None))]
    pub fn iter(&self, params: Option<ToolkitListParams>) -> Outcome<Arc<ToolkitPager>> {
        Ok(ToolkitPager::new(
            self.0.toolkits().iter(params.unwrap_or_default())?,
        ))
    }
    /// One toolkit with its details (`GET /api/v3.1/toolkits/{slug}`).
    pub async fn get(&self, slug: String) -> Outcome<Toolkit> {
        run(self.get_call(slug)).await
    }
    pub fn get_blocking(&self, slug: String) -> Outcome<Toolkit> {
        block(self.get_call(slug))
    }
}

/// `projects`: the organization's projects (organization key).
#[derive(uniffi::Object)]
pub struct Projects(pub(crate) composio::Client);

impl Projects {
    fn create_call(&self, p: CreateProjectParams) -> impl Future<Output = Result<CreatedProject>> {
        let c = self.0.clone();
        async move { c.projects().create(&p).await }
    }
    fn list_call(&self, p: ProjectListParams) -> impl Future<Output = Result<ProjectPage>> {
        let c = self.0.clone();
        async move { Ok(c.projects().list(&p).await?.into()) }
    }
    fn get_call(&self, id: String) -> impl Future<Output = Result<ProjectDetails>> {
        let c = self.0.clone();
        async move { c.projects().get(&id).await }
    }
    fn delete_call(&self, id: String) -> impl Future<Output = Result<DeletedProject>> {
        let c = self.0.clone();
        async move { c.projects().delete(&id).await }
    }
    fn regenerate_call(&self, id: String) -> impl Future<Output = Result<RegeneratedApiKey>> {
        let c = self.0.clone();
        async move { c.projects().regenerate_api_key(&id).await }
    }
}

#[uniffi::export]
impl Projects {
    /// Creates a project (`POST …/org/owner/project/new`); its key only when asked for.
    pub async fn create(&self, params: CreateProjectParams) -> Outcome<CreatedProject> {
        run(self.create_call(params)).await
    }
    pub fn create_blocking(&self, params: CreateProjectParams) -> Outcome<CreatedProject> {
        block(self.create_call(params))
    }
    /// One page of projects.
    #[uniffi::method(default(params = None))]
    pub async fn list(&self, params: Option<ProjectListParams>) -> Outcome<ProjectPage> {
        run(self.list_call(params.unwrap_or_default())).await
    }
    #[uniffi::method(default(params = None))]
    pub fn list_blocking(&self, params: Option<ProjectListParams>) -> Outcome<ProjectPage> {
        block(self.list_call(params.unwrap_or_default()))
    }
    #[uniffi::method(default(params = None))]
    pub fn iter(&self, params: Option<ProjectListParams>) -> Outcome<Arc<ProjectPager>> {
        Ok(ProjectPager::new(
            self.0.projects().iter(params.unwrap_or_default())?,
        ))
    }
    /// A project with its API keys.
    pub async fn get(&self, project_id: String) -> Outcome<ProjectDetails> {
        run(self.get_call(project_id)).await
    }
    pub fn get_blocking(&self, project_id: String) -> Outcome<ProjectDetails> {
        block(self.get_call(project_id))
    }
    pub async fn delete(&self, project_id: String) -> Outcome<DeletedProject> {
        run(self.delete_call(project_id)).await
    }
    pub fn delete_blocking(&self, project_id: String) -> Outcome<DeletedProject> {
        block(self.delete_call(project_id))
    }
    /// A new key for the project; every older key stops working.
    pub async fn regenerate_api_key(&self, project_id: String) -> Outcome<RegeneratedApiKey> {
        run(self.regenerate_call(project_id)).await
    }
    pub fn regenerate_api_key_blocking(&self, project_id: String) -> Outcome<RegeneratedApiKey> {
        block(self.regenerate_call(project_id))
    }
}

/// `projectSettings`: the configuration of the project the project key belongs to.
#[derive(uniffi::Object)]
pub struct ProjectSettingsApi(pub(crate) composio::Client);

impl ProjectSettingsApi {
    fn get_call(&self) -> impl Future<Output = Result<ProjectSettings>> {
        let c = self.0.clone();
        async move { c.project_settings().get().await }
    }
    fn update_call(
        &self,
        u: ProjectSettingsUpdate,
    ) -> impl Future<Output = Result<ProjectSettings>> {
        let c = self.0.clone();
        async move { c.project_settings().update(&u).await }
    }
}

#[uniffi::export]
impl ProjectSettingsApi {
    pub async fn get(&self) -> Outcome<ProjectSettings> {
        run(self.get_call()).await
    }
    pub fn get_blocking(&self) -> Outcome<ProjectSettings> {
        block(self.get_call())
    }
    /// Changes only the fields that are set.
    pub async fn update(&self, update: ProjectSettingsUpdate) -> Outcome<ProjectSettings> {
        run(self.update_call(update)).await
    }
    pub fn update_blocking(&self, update: ProjectSettingsUpdate) -> Outcome<ProjectSettings> {
        block(self.update_call(update))
    }
}
