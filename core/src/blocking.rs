//! A blocking client over the async one: every call runs on one shared runtime handle.
//! The bindings' blocking forms use it, so there is exactly one implementation of each operation.

use std::future::Future;

use serde_json::Value;
use tokio::runtime::Handle;

use crate::config::{ClientOptions, OptionOverrides};
use crate::error::{Error, Result};
use crate::models::{
    CreatedProject, DeletedProject, Page, Project, ProjectDetails, ProjectSettings,
    ProjectSettingsUpdate, RegeneratedApiKey, Tool, ToolExecution, Toolkit,
};
use crate::pagination::Pager;
use crate::resources::{
    CreateProjectParams, ExecuteParams, ProjectListParams, RawRequest, ToolListParams,
    ToolkitListParams,
};

/// The blocking twin of [`crate::Client`]. Must not be called from inside an async runtime (that
/// would deadlock a worker); doing so returns a configuration error instead of panicking.
#[derive(Clone, Debug)]
pub struct Client {
    inner: crate::Client,
    handle: Handle,
}

impl Client {
    pub fn new(options: ClientOptions) -> Result<Self> {
        Ok(Self::from_async(
            crate::Client::new(options)?,
            crate::runtime::shared_handle()?,
        ))
    }

    pub fn from_env() -> Result<Self> {
        Self::new(ClientOptions::from_env())
    }

    /// Wraps an async client, running its calls on `handle`.
    pub fn from_async(inner: crate::Client, handle: Handle) -> Self {
        Self { inner, handle }
    }

    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    pub fn with_api_key(&self, api_key: &str) -> Result<Self> {
        Ok(Self::from_async(
            self.inner.with_api_key(api_key)?,
            self.handle.clone(),
        ))
    }

    pub fn with_options(&self, overrides: OptionOverrides) -> Self {
        Self::from_async(self.inner.with_options(overrides), self.handle.clone())
    }

    pub fn set_api_key(&self, api_key: &str) -> Result<()> {
        self.inner.set_api_key(api_key)
    }

    pub fn set_org_api_key(&self, org_api_key: &str) -> Result<()> {
        self.inner.set_org_api_key(org_api_key)
    }

    /// Runs a future of this client to completion on the runtime.
    pub fn block_on<T>(&self, future: impl Future<Output = Result<T>>) -> Result<T> {
        if Handle::try_current().is_ok() {
            return Err(Error::configuration(
                "the blocking client was called from inside an async runtime; use composio::Client there",
            ));
        }
        self.handle.block_on(future)
    }

    pub fn tools(&self) -> Tools<'_> {
        Tools(self)
    }
    pub fn toolkits(&self) -> Toolkits<'_> {
        Toolkits(self)
    }
    pub fn projects(&self) -> Projects<'_> {
        Projects(self)
    }
    pub fn project_settings(&self) -> ProjectSettingsApi<'_> {
        ProjectSettingsApi(self)
    }

    pub fn request(&self, request: &RawRequest) -> Result<Value> {
        self.block_on(self.inner.request(request))
    }
}

/// Waits for `future` on `handle` in slices of `slice`, calling `interrupted` between slices; when it
/// returns an error the request is cancelled (dropped) and that error is returned. This is how a
/// binding keeps a blocking call responsive to Ctrl-C without holding its interpreter lock.
pub fn wait_interruptibly<T, E>(
    handle: &Handle,
    future: impl Future<Output = T> + Send + 'static,
    slice: std::time::Duration,
    mut interrupted: impl FnMut() -> std::result::Result<(), E>,
) -> std::result::Result<std::result::Result<T, Panicked>, E>
where
    T: Send + 'static,
{
    let mut task = handle.spawn(future);
    loop {
        let waited = handle.block_on(async { tokio::time::timeout(slice, &mut task).await });
        match waited {
            Ok(Ok(value)) => return Ok(Ok(value)),
            Ok(Err(join_error)) => return Ok(Err(Panicked(panic_message(join_error)))),
            Err(_still_running) => {
                if let Err(e) = interrupted() {
                    task.abort();
                    return Err(e);
                }
            }
        }
    }
}

/// A task of this library panicked; the panic was contained and is reported as this value.
#[derive(Debug, Clone)]
pub struct Panicked(pub String);

impl From<Panicked> for Error {
    fn from(p: Panicked) -> Self {
        Error::new(
            crate::ErrorKind::Connection,
            format!("internal error (a panic was contained): {}", p.0),
        )
    }
}

pub(crate) fn panic_message(err: tokio::task::JoinError) -> String {
    match err.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string()),
        Err(e) => e.to_string(),
    }
}

/// A pager whose pages and items are fetched by blocking calls; also an `Iterator` over items.
pub struct BlockingPager<T> {
    pager: Pager<T>,
    client: Client,
}

impl<T: Send + 'static> BlockingPager<T> {
    pub fn next_page(&mut self) -> Result<Option<Page<T>>> {
        self.client.block_on(self.pager.next_page())
    }
}

impl<T: Send + 'static> Iterator for BlockingPager<T> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        self.client.block_on(self.pager.next_item()).transpose()
    }
}

pub struct Tools<'a>(&'a Client);
impl Tools<'_> {
    pub fn list(&self, params: &ToolListParams) -> Result<Page<Tool>> {
        self.0.block_on(self.0.inner.tools().list(params))
    }
    pub fn iter(&self, params: ToolListParams) -> Result<BlockingPager<Tool>> {
        let pager = self.0.inner.tools().iter(params)?;
        Ok(BlockingPager {
            pager,
            client: self.0.clone(),
        })
    }
    pub fn get(&self, slug: &str, version: Option<&str>) -> Result<Tool> {
        self.0.block_on(self.0.inner.tools().get(slug, version))
    }
    pub fn execute(&self, slug: &str, params: &ExecuteParams) -> Result<ToolExecution> {
        self.0.block_on(self.0.inner.tools().execute(slug, params))
    }
}

pub struct Toolkits<'a>(&'a Client);
impl Toolkits<'_> {
    pub fn list(&self, params: &ToolkitListParams) -> Result<Page<Toolkit>> {
        self.0.block_on(self.0.inner.toolkits().list(params))
    }
    pub fn iter(&self, params: ToolkitListParams) -> Result<BlockingPager<Toolkit>> {
        let pager = self.0.inner.toolkits().iter(params)?;
        Ok(BlockingPager {
            pager,
            client: self.0.clone(),
        })
    }
    pub fn get(&self, slug: &str) -> Result<Toolkit> {
        self.0.block_on(self.0.inner.toolkits().get(slug))
    }
}

pub struct Projects<'a>(&'a Client);
impl Projects<'_> {
    pub fn create(&self, params: &CreateProjectParams) -> Result<CreatedProject> {
        self.0.block_on(self.0.inner.projects().create(params))
    }
    pub fn list(&self, params: &ProjectListParams) -> Result<Page<Project>> {
        self.0.block_on(self.0.inner.projects().list(params))
    }
    pub fn iter(&self, params: ProjectListParams) -> Result<BlockingPager<Project>> {
        let pager = self.0.inner.projects().iter(params)?;
        Ok(BlockingPager {
            pager,
            client: self.0.clone(),
        })
    }
    pub fn get(&self, project_id: &str) -> Result<ProjectDetails> {
        self.0.block_on(self.0.inner.projects().get(project_id))
    }
    pub fn delete(&self, project_id: &str) -> Result<DeletedProject> {
        self.0.block_on(self.0.inner.projects().delete(project_id))
    }
    pub fn regenerate_api_key(&self, project_id: &str) -> Result<RegeneratedApiKey> {
        self.0
            .block_on(self.0.inner.projects().regenerate_api_key(project_id))
    }
}

pub struct ProjectSettingsApi<'a>(&'a Client);
impl ProjectSettingsApi<'_> {
    pub fn get(&self) -> Result<ProjectSettings> {
        self.0.block_on(self.0.inner.project_settings().get())
    }
    pub fn update(&self, update: &ProjectSettingsUpdate) -> Result<ProjectSettings> {
        self.0
            .block_on(self.0.inner.project_settings().update(update))
    }
}
