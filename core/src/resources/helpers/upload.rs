//! `files.upload`: ask for a presigned URL, then PUT the bytes there. The PUT goes to storage on another
//! origin, so it carries no Composio credential and none of the client's default headers.

use std::path::Path;

use md5::{Digest, Md5};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::models::UploadedFile;
use crate::resources::{UploadParams, UploadRequestParams};

const OPERATION: &str = "files.upload";

pub(crate) async fn upload(client: &Client, params: &UploadParams) -> Result<UploadedFile> {
    params.validate()?;
    let (content, from_path) = match (&params.path, &params.content) {
        (Some(path), None) => (read(path).await?, Some(path.as_str())),
        (None, Some(content)) => (content.clone(), None),
        _ => {
            return Err(Error::configuration(
                "files.upload needs `path` or `content`",
            ))
        }
    };
    let filename = params
        .filename
        .clone()
        .or_else(|| {
            from_path
                .and_then(|p| Path::new(p).file_name())
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "file".to_string());
    let mimetype = params
        .mimetype
        .clone()
        .unwrap_or_else(|| guess_mimetype(&filename).to_string());
    let md5 = hex(&Md5::digest(&content));
    let request = UploadRequestParams {
        toolkit_slug: params.toolkit_slug.clone(),
        tool_slug: params.tool_slug.clone(),
        filename: filename.clone(),
        mimetype: mimetype.clone(),
        md5: md5.clone(),
    };
    let target = client.files().request_upload(&request).await?;
    let existing = target.kind == "existing";
    if !existing {
        let url = target
            .new_presigned_url
            .as_deref()
            .or(target.update_presigned_url.as_deref())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Decode,
                    "the upload request answered no presigned URL",
                )
                .with_operation(OPERATION)
            })?;
        put(client, url, &mimetype, content, OPERATION).await?;
    }
    Ok(UploadedFile {
        toolkit_slug: params.toolkit_slug.clone(),
        tool_slug: params.tool_slug.clone(),
        filename,
        mimetype,
        md5,
        id: target.id,
        key: target.key,
        existing,
        extra: Default::default(),
    })
}

pub(crate) async fn read(path: &str) -> Result<Vec<u8>> {
    read_for(path, OPERATION).await
}

/// A local file's bytes; a file that cannot be read is a configuration error naming the operation and path.
pub(crate) async fn read_for(path: &str, operation: &str) -> Result<Vec<u8>> {
    tokio::fs::read(path)
        .await
        .map_err(|e| Error::configuration(format!("{operation} could not read {path:?}: {e}")))
}

/// A storage URL the API answered (a presigned upload, a file to download), when it is an http(s) URL; else
/// what is wrong with it, in words that never repeat the URL (it carries a signature).
pub(crate) fn storage_url(url: &str) -> std::result::Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(url).map_err(|e| format!("is not a URL: {e}"))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!("has scheme {:?}", url.scheme()));
    }
    Ok(url)
}

/// The PUT of the bytes to storage: only `Content-Type`, never a credential.
pub(crate) async fn put(
    client: &Client,
    url: &str,
    mimetype: &str,
    content: Vec<u8>,
    operation: &'static str,
) -> Result<()> {
    let url = storage_url(url).map_err(|why| {
        Error::new(ErrorKind::Decode, format!("the presigned URL {why}")).with_operation(operation)
    })?;
    let response = client
        .shared
        .http
        .put(url)
        .header(reqwest::header::CONTENT_TYPE, mimetype)
        .timeout(client.settings.timeout)
        .body(content)
        .send()
        .await
        .map_err(|e| {
            let kind = if e.is_timeout() {
                ErrorKind::Timeout
            } else {
                ErrorKind::Connection
            };
            Error::new(
                kind,
                format!("the upload to storage failed: {}", e.without_url()),
            )
            .with_operation(operation)
        })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let body = response.text().await.unwrap_or_default();
    let excerpt: String = body.chars().take(300).collect();
    Err(Error::new(
        ErrorKind::from_status(status.as_u16()),
        format!(
            "storage refused the upload (HTTP {}): {excerpt}",
            status.as_u16()
        ),
    )
    .with_operation(operation)
    .with_status(status.as_u16())
    .with_slug(Some("File_UploadFailed".to_string())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The MIME type of common file names; anything else is `application/octet-stream`.
pub(crate) fn guess_mimetype(filename: &str) -> &'static str {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_lowercase_hex() {
        assert_eq!(
            hex(&Md5::digest(b"hello")),
            "5d41402abc4b2a76b9719d911017c592"
        );
    }

    #[test]
    fn mimetypes_from_extensions() {
        assert_eq!(guess_mimetype("report.PDF"), "application/pdf");
        assert_eq!(guess_mimetype("notes"), "application/octet-stream");
    }
}
