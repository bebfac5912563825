//! Operations made of several requests (`helper = "…"` in the operation table): waiting for a connection,
//! authorizing a user for a toolkit, uploading a file, moving a session mount's files. The generated methods and the by-name dispatch call
//! these, so every language gets the same behaviour.

mod authorize;
mod mounts;
mod upload;
mod wait;

pub(crate) use authorize::authorize;
pub(crate) use mounts::{mount_download, mount_upload};
pub(crate) use upload::{storage_url, upload};
pub(crate) use wait::wait_for_connection;
