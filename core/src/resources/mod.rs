//! The operations of the API, grouped as users see them (`client.tools()`, `client.projects()`, …), are
//! generated from the operation table into `crate::generated`; the raw request is written here.

pub(crate) mod helpers;
mod raw;

pub use crate::generated::*;
pub use raw::RawRequest;
