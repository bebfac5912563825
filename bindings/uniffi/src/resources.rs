//! How every generated operation (`generated.rs`) runs: async on the shared tokio runtime (aborted when
//! the caller is cancelled), or blocking the calling thread; core errors become `ComposioError` once, here.

use std::future::Future;

use composio::runtime::{block_on_shared, run_on_shared};
use composio::Result;

use crate::error::ComposioError;

pub(crate) type Outcome<T> = std::result::Result<T, ComposioError>;

/// Awaits an operation on the shared runtime.
pub(crate) async fn run<T: Send + 'static>(
    call: impl Future<Output = Result<T>> + Send + 'static,
) -> Outcome<T> {
    Ok(run_on_shared(call).await?)
}

/// Blocks on an operation.
pub(crate) fn block<T: Send + 'static>(
    call: impl Future<Output = Result<T>> + Send + 'static,
) -> Outcome<T> {
    Ok(block_on_shared(call)?)
}
