//! A session's file mount for Kotlin and Swift: `session.files()` → list, upload (a local path or bytes),
//! download (into a local file) and delete, each async with a `*Blocking` twin.

use std::future::Future;
use std::sync::Arc;

use composio::{
    DeletedMountFile, MountDownloadParams, MountDownloadUrl, MountFile, MountUploadParams,
    MountUploadUrl,
};

use crate::error::{invalid_argument, ComposioError};
use crate::resources::{block, run};
use crate::session::Session;

/// The session's file mount (what its sandbox tools read and write), by mount path.
#[derive(uniffi::Object)]
pub struct SessionFiles {
    session: composio::Session,
}

#[uniffi::export]
impl Session {
    /// The session's file mount.
    pub fn files(&self) -> Arc<SessionFiles> {
        Arc::new(SessionFiles {
            session: self.current(),
        })
    }
}

impl SessionFiles {
    fn list_call(
        &self,
        prefix: Option<String>,
    ) -> impl Future<Output = composio::Result<Vec<MountFile>>> + 'static {
        let session = self.session.clone();
        async move { session.files().list(prefix.as_deref()).await }
    }

    fn upload_call(
        &self,
        mount_relative_path: String,
        path: Option<String>,
        content: Option<Vec<u8>>,
        mimetype: Option<String>,
    ) -> Result<impl Future<Output = composio::Result<MountUploadUrl>> + 'static, ComposioError>
    {
        if path.is_some() == content.is_some() {
            return Err(invalid_argument(
                "upload takes exactly one of path and content".into(),
            ));
        }
        let params = MountUploadParams {
            mount_relative_path,
            path,
            content,
            mimetype,
        };
        let session = self.session.clone();
        Ok(async move { session.files().upload(&params).await })
    }

    fn download_call(
        &self,
        mount_relative_path: String,
        path: String,
    ) -> impl Future<Output = composio::Result<MountDownloadUrl>> + 'static {
        let params = MountDownloadParams::new(mount_relative_path, path);
        let session = self.session.clone();
        async move { session.files().download(&params).await }
    }

    fn delete_call(
        &self,
        mount_relative_path: String,
    ) -> impl Future<Output = composio::Result<DeletedMountFile>> + 'static {
        let session = self.session.clone();
        async move { session.files().delete(&mount_relative_path).await }
    }
}

#[uniffi::export]
impl SessionFiles {
    /// Every file of the mount (every page), by path; under `prefix` when given.
    #[uniffi::method(default(prefix = None))]
    pub async fn list(&self, prefix: Option<String>) -> Result<Vec<MountFile>, ComposioError> {
        run(self.list_call(prefix)).await
    }

    #[uniffi::method(default(prefix = None))]
    pub fn list_blocking(&self, prefix: Option<String>) -> Result<Vec<MountFile>, ComposioError> {
        block(self.list_call(prefix))
    }

    /// Puts a file (a local `path` to read, or `content`) at `mount_relative_path` (a file there is replaced).
    #[uniffi::method(default(path = None, content = None, mimetype = None))]
    pub async fn upload(
        &self,
        mount_relative_path: String,
        path: Option<String>,
        content: Option<Vec<u8>>,
        mimetype: Option<String>,
    ) -> Result<MountUploadUrl, ComposioError> {
        run(self.upload_call(mount_relative_path, path, content, mimetype)?).await
    }

    #[uniffi::method(default(path = None, content = None, mimetype = None))]
    pub fn upload_blocking(
        &self,
        mount_relative_path: String,
        path: Option<String>,
        content: Option<Vec<u8>>,
        mimetype: Option<String>,
    ) -> Result<MountUploadUrl, ComposioError> {
        block(self.upload_call(mount_relative_path, path, content, mimetype)?)
    }

    /// Saves the file at `mount_relative_path` as the local file `path` (replaced if it exists).
    pub async fn download(
        &self,
        mount_relative_path: String,
        path: String,
    ) -> Result<MountDownloadUrl, ComposioError> {
        run(self.download_call(mount_relative_path, path)).await
    }

    pub fn download_blocking(
        &self,
        mount_relative_path: String,
        path: String,
    ) -> Result<MountDownloadUrl, ComposioError> {
        block(self.download_call(mount_relative_path, path))
    }

    /// Deletes a file, or every file under a directory path.
    pub async fn delete(
        &self,
        mount_relative_path: String,
    ) -> Result<DeletedMountFile, ComposioError> {
        run(self.delete_call(mount_relative_path)).await
    }

    pub fn delete_blocking(
        &self,
        mount_relative_path: String,
    ) -> Result<DeletedMountFile, ComposioError> {
        block(self.delete_call(mount_relative_path))
    }
}
