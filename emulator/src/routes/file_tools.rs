//! What the two Drive file tools of `awkward.rs` do when executed, so the agent layer's file handling meets a real
//! round trip: the upload tool takes a file already uploaded (`{name, mimetype, s3key}` of this project's storage)
//! and answers its size and MD5; the download tool puts a deterministic text file into storage and answers its
//! `s3url`. A local path passed as is (what a client that does not upload sends) fails, as it would on the platform.

use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::checksum;
use crate::ids::{random_alnum, random_hex};
use crate::routes::files::storage_url;
use crate::routes::tools::Outcome;
use crate::store::resources::Upload;
use crate::store::Store;

pub const UPLOAD_TOOL: &str = "GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER";
pub const DOWNLOAD_TOOL: &str = "GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT";

/// The outcome of a file tool, or `None` for every other tool.
pub fn run(
    store: &mut Store,
    project_id: &str,
    host: &str,
    slug: &str,
    arguments: &Map<String, Value>,
) -> Option<Outcome> {
    if slug.eq_ignore_ascii_case(UPLOAD_TOOL) {
        Some(upload_tool(store, project_id, arguments))
    } else if slug.eq_ignore_ascii_case(DOWNLOAD_TOOL) {
        Some(download_tool(store, project_id, host, arguments))
    } else {
        None
    }
}

fn failed(error: String) -> Outcome {
    Outcome {
        data: json!({}),
        error: Some(error),
    }
}

fn upload_tool(store: &Store, project_id: &str, arguments: &Map<String, Value>) -> Outcome {
    let Some(file) = arguments.get("file_to_upload").and_then(Value::as_object) else {
        return failed(
            "file_to_upload must be an uploaded file ({name, mimetype, s3key}); upload the local file first"
                .into(),
        );
    };
    let key = file
        .get("s3key")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let stored = store
        .uploads
        .iter()
        .find(|u| u.project_id == project_id && u.key == key);
    let Some((upload, content)) = stored.and_then(|u| u.content.as_ref().map(|c| (u, c))) else {
        return failed(format!("No uploaded file has the s3key {key:?}"));
    };
    Outcome {
        data: json!({
            "id": format!("drive_{}", &upload.md5[..12]),
            "name": file.get("name").cloned().unwrap_or_else(|| json!(upload.filename)),
            "mimetype": upload.mimetype,
            "size": content.len(),
            "md5": upload.md5,
            "folder_id": arguments.get("folder_id").cloned().unwrap_or(Value::Null),
        }),
        error: None,
    }
}

fn download_tool(
    store: &mut Store,
    project_id: &str,
    host: &str,
    arguments: &Map<String, Value>,
) -> Outcome {
    let file_id = arguments
        .get("file_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let content = Bytes::from(format!("Contents of Drive file {file_id}\n"));
    let name: String = format!("{file_id}.txt");
    let seq = store.next_seq();
    let upload = Upload {
        id: format!("file_{}", random_alnum(12, true)),
        key: format!(
            "{project_id}/googledrive/downloads/{}/{name}",
            random_hex(16)
        ),
        token: random_alnum(32, false),
        project_id: project_id.to_string(),
        toolkit_slug: "googledrive".into(),
        tool_slug: DOWNLOAD_TOOL.into(),
        filename: name.clone(),
        mimetype: "text/plain".into(),
        md5: checksum::hex(&checksum::digest(&content)),
        content: Some(content),
        seq,
    };
    let data = json!({"file": {"name": name, "mimetype": "text/plain", "s3url": storage_url(host, &upload)}});
    store.uploads.push(upload);
    Outcome { data, error: None }
}
