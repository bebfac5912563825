//! How files move in and out of tool calls (`files: "auto"` or off, the upload and download directories): a
//! setting of the client (`Client::with_files`) that toolsets refine; `agent` does the moving.

use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Whether a toolset moves files for the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileMode {
    /// Paths and `s3url`s pass through untouched (the default).
    #[default]
    Off,
    /// Uploads from the allowed directories, downloads into the download directory.
    Auto,
}

impl FileMode {
    /// `auto` or `off`; anything else is a configuration error.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "auto" => Ok(Self::Auto),
            "off" => Ok(Self::Off),
            other => Err(Error::configuration(format!(
                "files must be \"auto\" or \"off\", not {other:?}"
            ))),
        }
    }
}

/// How files move, on a client (`Client::with_files`) or a toolset (its `files`, `upload_dirs`, `download_dir`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileOptions {
    pub mode: FileMode,
    /// The only directories a model may upload from; relative paths are looked up in them, in order. Empty:
    /// every upload is refused.
    pub upload_dirs: Vec<PathBuf>,
    /// Where downloads go (default: `composio-downloads` in the system's temporary directory).
    pub download_dir: Option<PathBuf>,
}

impl FileOptions {
    /// Uploads from `upload_dirs`, downloads into `download_dir`.
    pub fn auto(upload_dirs: Vec<PathBuf>, download_dir: Option<PathBuf>) -> Self {
        Self {
            mode: FileMode::Auto,
            upload_dirs,
            download_dir,
        }
    }

    /// The toolset's own settings over the client's, field by field. Directories given where files end up
    /// off are a mistake worth an error; the client's directories under a toolset's `off` are not used.
    pub(crate) fn merged(
        base: Option<&FileOptions>,
        mode: Option<FileMode>,
        upload_dirs: Option<&Vec<PathBuf>>,
        download_dir: Option<&PathBuf>,
    ) -> Result<Self> {
        let base = base.cloned().unwrap_or_default();
        let mode = mode.unwrap_or(base.mode);
        if mode == FileMode::Off {
            if upload_dirs.is_some_and(|d| !d.is_empty()) || download_dir.is_some() {
                return Err(Error::configuration(
                    "upload_dirs and download_dir only apply with files=\"auto\"",
                ));
            }
            return Ok(Self::default());
        }
        Ok(Self {
            mode,
            upload_dirs: upload_dirs.cloned().unwrap_or(base.upload_dirs),
            download_dir: download_dir.cloned().or(base.download_dir),
        })
    }
}
