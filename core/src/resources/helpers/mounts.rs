//! A session's file mount: `tool_router.upload_mount_file` asks for a presigned URL and PUTs the bytes there;
//! `tool_router.download_mount_file` asks for one and GETs the bytes into a local file. Storage is another
//! origin: neither request carries a Composio credential or the client's default headers.

use tokio::io::AsyncWriteExt;

use super::upload::{guess_mimetype, put, read_for, storage_url};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{MountDownloadUrl, MountUploadUrl};
use crate::resources::{
    MountDownloadParams, MountDownloadUrlParams, MountUploadParams, MountUploadUrlParams,
};

const UPLOAD: &str = "tool_router.upload_mount_file";
const DOWNLOAD: &str = "tool_router.download_mount_file";

pub(crate) async fn mount_upload(
    client: &Client,
    session_id: &str,
    mount_id: &str,
    params: &MountUploadParams,
) -> Result<MountUploadUrl> {
    params.validate()?;
    let content = match (&params.path, &params.content) {
        (Some(path), None) => read_for(path, UPLOAD).await?,
        (None, Some(content)) => content.clone(),
        _ => {
            return Err(Error::configuration(format!(
                "{UPLOAD} needs `path` or `content`"
            )))
        }
    };
    let mimetype = params
        .mimetype
        .clone()
        .unwrap_or_else(|| guess_mimetype(&params.mount_relative_path).to_string());
    let request = MountUploadUrlParams {
        mount_relative_path: params.mount_relative_path.clone(),
        mimetype: Some(mimetype.clone()),
    };
    let target = client
        .tool_router()
        .create_mount_upload_url(session_id, mount_id, &request)
        .await?;
    put(client, &target.upload_url, &mimetype, content, UPLOAD).await?;
    Ok(target)
}

pub(crate) async fn mount_download(
    client: &Client,
    session_id: &str,
    mount_id: &str,
    params: &MountDownloadParams,
) -> Result<MountDownloadUrl> {
    params.validate()?;
    let request = MountDownloadUrlParams {
        mount_relative_path: params.mount_relative_path.clone(),
    };
    let source = client
        .tool_router()
        .create_mount_download_url(session_id, mount_id, &request)
        .await?;
    let failed = |kind: ErrorKind, why: String| {
        Error::new(kind, format!("the download from storage failed: {why}"))
            .with_operation(DOWNLOAD)
    };
    let url = storage_url(&source.download_url)
        .map_err(|why| failed(ErrorKind::Decode, format!("the presigned URL {why}")))?;
    // The client's timeout bounds the wait for the answer and for each chunk, not the whole body: a large
    // file on a slow link is not cut off while bytes keep coming.
    let limit = client.settings.timeout;
    let network = |e: reqwest::Error| {
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Connection
        };
        failed(kind, e.without_url().to_string())
    };
    let stalled = || failed(ErrorKind::Timeout, format!("no bytes for {limit:?}"));
    let mut response = tokio::time::timeout(limit, client.shared.http.get(url).send())
        .await
        .map_err(|_| stalled())?
        .map_err(network)?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(
            ErrorKind::from_status(status.as_u16()),
            format!("HTTP {status}"),
        )
        .with_status(status.as_u16()));
    }
    let disk = |why: std::io::Error| {
        Error::configuration(format!(
            "{DOWNLOAD} could not write {:?}: {why}",
            params.path
        ))
        .with_operation(DOWNLOAD)
    };
    // Written beside the target under a name of its own and renamed over it when whole; until then the guard
    // removes it, so a failed or cancelled download leaves no half file.
    let partial = Partial::beside(&params.path);
    let mut out = tokio::fs::File::create(&partial.0).await.map_err(disk)?;
    loop {
        let chunk = tokio::time::timeout(limit, response.chunk())
            .await
            .map_err(|_| stalled())?
            .map_err(network)?;
        let Some(chunk) = chunk else { break };
        out.write_all(&chunk).await.map_err(disk)?;
    }
    out.flush().await.map_err(disk)?;
    drop(out);
    tokio::fs::rename(&partial.0, &params.path)
        .await
        .map_err(disk)?;
    partial.kept();
    Ok(source)
}

/// A download's file until it is whole: removed when dropped (an error, a cancelled call) unless `kept`.
struct Partial(std::path::PathBuf);

impl Partial {
    fn beside(target: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Self(format!("{target}.{}-{n}.part", std::process::id()).into())
    }

    fn kept(mut self) {
        self.0 = std::path::PathBuf::new();
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}
