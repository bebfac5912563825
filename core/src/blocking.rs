//! A blocking client over the async one: every call runs on one shared runtime handle.
//! The bindings' blocking forms use it, so there is exactly one implementation of each operation.

use std::future::Future;

use serde_json::Value;
use tokio::runtime::Handle;

use crate::config::{ClientOptions, OptionOverrides};
use crate::error::{Error, Result};
use crate::models::Page;
use crate::pagination::Pager;
use crate::resources::RawRequest;
use crate::runtime::panic_message;

pub use crate::generated::blocking::*;
pub use crate::runtime::Panicked;

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

/// A pager whose pages and items are fetched by blocking calls; also an `Iterator` over items.
pub struct BlockingPager<T> {
    pager: Pager<T>,
    client: Client,
}

impl<T: Send + 'static> BlockingPager<T> {
    pub(crate) fn new(pager: Pager<T>, client: Client) -> Self {
        Self { pager, client }
    }

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
