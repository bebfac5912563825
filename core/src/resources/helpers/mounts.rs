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
    let mut response = client
        .shared
        .http
        .get(url)
        .timeout(client.settings.timeout)
        .send()
        .await
        .map_err(|e| {
            let kind = if e.is_timeout() {
                ErrorKind::Timeout
            } else {
                ErrorKind::Connection
            };
            failed(kind, e.without_url().to_string())
        })?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(
            ErrorKind::from_status(status.as_u16()),
            format!("HTTP {status}"),
        )
        .with_status(status.as_u16()));
    }
    // Written beside the target and renamed over it at the end: a failed download leaves no half file.
    let partial = format!("{}.part", params.path);
    let written: std::result::Result<(), String> = async {
        let mut out = tokio::fs::File::create(&partial)
            .await
            .map_err(|e| e.to_string())?;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| e.without_url().to_string())?
        {
            out.write_all(&chunk).await.map_err(|e| e.to_string())?;
        }
        out.flush().await.map_err(|e| e.to_string())?;
        tokio::fs::rename(&partial, &params.path)
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    if let Err(why) = written {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(Error::configuration(format!(
            "{DOWNLOAD} could not write {:?}: {why}",
            params.path
        )));
    }
    Ok(source)
}
