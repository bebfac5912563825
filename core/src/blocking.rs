//! A blocking client over the async one: every call runs on one runtime handle through
//! [`crate::runtime::block_on`], the one blocking mechanism of the library.

use std::future::Future;

use serde_json::Value;
use tokio::runtime::Handle;

use crate::config::{ClientOptions, OptionOverrides};
use crate::error::{Error, Result};
use crate::models::Page;
use crate::pagination::Pager;
use crate::resources::RawRequest;

pub use crate::generated::blocking::*;
pub use crate::runtime::{wait_interruptibly, Panicked};

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

    pub fn set_user_api_key(&self, user_api_key: &str) -> Result<()> {
        self.inner.set_user_api_key(user_api_key)
    }

    /// Runs a future of this client to completion on its runtime.
    pub fn block_on<T: Send + 'static>(
        &self,
        future: impl Future<Output = Result<T>> + Send + 'static,
    ) -> Result<T> {
        crate::runtime::block_on(&self.handle, future)
    }

    pub fn request(&self, request: &RawRequest) -> Result<Value> {
        let (client, request) = (self.inner.clone(), request.clone());
        self.block_on(async move { client.request(&request).await })
    }
}

/// A pager whose pages and items are fetched by blocking calls; also an `Iterator` over items.
pub struct BlockingPager<T> {
    /// Moved into each blocking call and back (the call runs as a task); `None` only if a call panicked.
    pager: Option<Pager<T>>,
    client: Client,
}

impl<T: Send + 'static> BlockingPager<T> {
    pub(crate) fn new(pager: Pager<T>, client: Client) -> Self {
        Self {
            pager: Some(pager),
            client,
        }
    }

    /// Runs `step` on the pager as one blocking call and keeps the pager for the next one.
    fn step<R: Send + 'static>(
        &mut self,
        step: impl for<'p> FnOnce(&'p mut Pager<T>) -> futures_util::future::BoxFuture<'p, Result<R>>
            + Send
            + 'static,
    ) -> Result<R> {
        // Refused before the pager moves into a call that would never run, so the pager is not lost.
        crate::runtime::refuse_inside_a_runtime()?;
        let mut pager = self.pager.take().ok_or_else(|| {
            Error::configuration("this pager stopped: an earlier call on it panicked")
        })?;
        let (pager, outcome) = self.client.block_on(async move {
            let outcome = step(&mut pager).await;
            Ok((pager, outcome))
        })?;
        self.pager = Some(pager);
        outcome
    }

    pub fn next_page(&mut self) -> Result<Option<Page<T>>> {
        self.step(|p| Box::pin(p.next_page()))
    }
}

impl<T: Send + 'static> Iterator for BlockingPager<T> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        self.step(|p| Box::pin(p.next_item())).transpose()
    }
}

impl Client {
    /// The blocking form of [`crate::Client::toolset`].
    pub fn toolset(&self, options: crate::agent::ToolsetOptions) -> Result<Toolset> {
        let client = self.inner.clone();
        let inner = self.block_on(async move { client.toolset(options).await })?;
        Ok(Toolset {
            inner,
            handle: self.handle.clone(),
        })
    }

    /// The same client whose toolsets move files as `files` says.
    pub fn with_files(&self, files: crate::agent::FileOptions) -> Self {
        Self::from_async(self.inner.with_files(files), self.handle.clone())
    }
}

/// The blocking twin of [`crate::agent::Toolset`]: the same tools and definitions, `handle` and `execute` blocking.
#[derive(Clone, Debug)]
pub struct Toolset {
    inner: crate::agent::Toolset,
    handle: Handle,
}

impl Toolset {
    pub fn as_async(&self) -> &crate::agent::Toolset {
        &self.inner
    }

    pub fn definitions(&self) -> &[Value] {
        self.inner.definitions()
    }

    pub fn json_schemas(&self) -> &[Value] {
        self.inner.json_schemas()
    }

    pub fn tools(&self) -> impl Iterator<Item = &crate::agent::ToolInfo> {
        self.inner.tools()
    }

    /// Runs every call of `response` (concurrently) and returns the messages to append.
    pub fn handle(&self, response: &Value) -> Result<Vec<Value>> {
        let (toolset, response) = (self.inner.clone(), response.clone());
        crate::runtime::block_on(&self.handle, async move { toolset.handle(&response).await })
    }

    /// Runs one call; a failure is the result's error, and so is calling this inside an async runtime.
    pub fn execute(
        &self,
        name: &str,
        arguments: crate::agent::Arguments,
    ) -> crate::agent::CallResult {
        let (toolset, name) = (self.inner.clone(), name.to_string());
        crate::runtime::block_on(&self.handle, async move {
            Ok(toolset.execute(&name, arguments).await)
        })
        .unwrap_or_else(|e| crate::agent::CallResult::failed(e.message().to_string()))
    }
}
