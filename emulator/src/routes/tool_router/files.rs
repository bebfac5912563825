//! A session's file mounts: `GET …/mounts/{mount_id}/items`, `POST …/upload_url`, `…/download_url`, `…/delete`.
//! Every session has one mount, `files` (at `/mnt/files` in its sandbox); the presigned URLs point at the emulator's
//! own `/_storage/mounts/…`, which takes the bytes with a PUT and gives them back with a GET.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::auth::ProjectAuth;
use crate::clock::format_rfc3339_ms;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random_alnum;
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::files::{check_token, storage_not_found};
use crate::routes::{host, json_object, optional_string, required_string};
use crate::shared::{lock, AppState};
use crate::store::mcp::MountFile;
use crate::store::Store;

use super::{find_session, invalid, INVALID};

/// The one mount every session has, and where its sandbox sees it.
pub const MOUNT_ID: &str = "files";
const SANDBOX_PREFIX: &str = "/mnt/files";
/// How long a presigned URL is said to last (the emulator does not expire them).
const URL_LIFETIME_MS: u64 = 3_600_000;
/// The longest mount-relative path taken.
const MAX_PATH: usize = 1024;
/// Where mount files live under `/_storage`.
pub const STORAGE_PREFIX: &str = "mounts/";

fn mount_not_found(mount: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        1702,
        "ToolRouterSession_MountNotFound",
        format!("No mount {mount:?}: a session has the mount {MOUNT_ID:?}"),
    )
}

fn file_not_found(path: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        1703,
        "ToolRouterSession_FileNotFound",
        format!("No file {path:?} in the mount"),
    )
}

/// A relative path inside the mount: not empty, no leading `/`, no `.`, `..` or empty parts, no backslash.
fn checked_path(path: &str) -> ApiResult<String> {
    let bad = path.is_empty()
        || path.len() > MAX_PATH
        || path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..");
    if bad {
        return Err(invalid(format!(
            "mount_relative_path must be a relative path inside the mount (at most {MAX_PATH} bytes, \
             no leading /, no . or .. parts), got {path:?}"
        )));
    }
    Ok(path.to_string())
}

/// The session (checked to be the caller's) and the mount (checked to exist).
fn check_mount(store: &Store, project: &str, session: &str, mount: &str) -> ApiResult<()> {
    find_session(store, project, session)?;
    if mount != MOUNT_ID {
        return Err(mount_not_found(mount));
    }
    Ok(())
}

fn expires_at(store: &Store) -> String {
    format_rfc3339_ms(store.now_ms() + URL_LIFETIME_MS)
}

fn file_url(host: &str, file: &MountFile) -> String {
    format!("http://{host}/_storage/{}?token={}", file.key, file.token)
}

fn located(file: &MountFile) -> Map<String, Value> {
    let mut answer = Map::new();
    answer.insert("mount_relative_path".into(), json!(file.path));
    answer.insert("sandbox_mount_prefix".into(), json!(SANDBOX_PREFIX));
    answer
}

fn is_file<'a>(
    project: &'a str,
    session: &'a str,
    path: &'a str,
) -> impl Fn(&&mut MountFile) -> bool + 'a {
    move |f| f.project_id == project && f.session_id == session && f.path == path
}

/// `GET …/mounts/{mount_id}/items?mount_relative_prefix=&limit=&cursor=`: the uploaded files, by path.
pub async fn items(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path((session, mount)): Path<(String, String)>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let prefix = params.get("mount_relative_prefix").unwrap_or("");
    let store = lock(&state.store);
    check_mount(&store, &auth.project_id, &session, &mount)?;
    let mut files: Vec<&MountFile> = store
        .mcp
        .mount_files
        .iter()
        .filter(|f| f.project_id == auth.project_id && f.session_id == session)
        .filter(|f| f.content.is_some() && f.path.starts_with(prefix))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Json(page.page_map(files, "items", |f| {
        let mut item = located(f);
        item.insert(
            "size".into(),
            json!(f.content.as_ref().map_or(0, Bytes::len)),
        );
        item.insert("last_modified".into(), json!(f.modified_at));
        Value::Object(item)
    })?))
}

/// `POST …/upload_url {mount_relative_path, mimetype?}`: a URL to PUT the file to (an existing file is replaced
/// once the PUT arrives).
pub async fn upload_url(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((session, mount)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let path = checked_path(&required_string(&body, "mount_relative_path", INVALID, 1)?)?;
    let mimetype = optional_string(&body, "mimetype", INVALID)?
        .unwrap_or_else(|| "application/octet-stream".into());
    let mut store = lock(&state.store);
    check_mount(&store, &auth.project_id, &session, &mount)?;
    let now = store.now();
    let expires = expires_at(&store);
    let project = auth.project_id.clone();
    let file = match store
        .mcp
        .mount_files
        .iter_mut()
        .find(is_file(&project, &session, &path))
    {
        Some(file) => {
            file.mimetype = mimetype;
            file.clone()
        }
        None => {
            let file = MountFile {
                project_id: project.clone(),
                session_id: session.clone(),
                key: format!("{STORAGE_PREFIX}{session}/{mount}/{path}"),
                path,
                mimetype,
                token: random_alnum(32, false),
                content: None,
                modified_at: now,
            };
            store.mcp.mount_files.push(file.clone());
            file
        }
    };
    let mut answer = located(&file);
    answer.insert("upload_url".into(), json!(file_url(&host(&headers), &file)));
    answer.insert("expires_at".into(), json!(expires));
    Ok(Json(Value::Object(answer)))
}

/// `POST …/download_url {mount_relative_path}`: a URL to GET an uploaded file from; 404 for one never uploaded.
pub async fn download_url(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((session, mount)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let path = checked_path(&required_string(&body, "mount_relative_path", INVALID, 1)?)?;
    let store = lock(&state.store);
    check_mount(&store, &auth.project_id, &session, &mount)?;
    let file = store
        .mcp
        .mount_files
        .iter()
        .find(|f| {
            f.project_id == auth.project_id
                && f.session_id == session
                && f.path == path
                && f.content.is_some()
        })
        .ok_or_else(|| file_not_found(&path))?;
    let mut answer = located(file);
    answer.insert(
        "download_url".into(),
        json!(file_url(&host(&headers), file)),
    );
    answer.insert("expires_at".into(), json!(expires_at(&store)));
    Ok(Json(Value::Object(answer)))
}

/// `POST …/delete {mount_relative_path}`: removes a file, or every file under a directory path; 404 when nothing
/// is there.
pub async fn delete(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path((session, mount)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let path = checked_path(&required_string(&body, "mount_relative_path", INVALID, 1)?)?;
    let mut store = lock(&state.store);
    check_mount(&store, &auth.project_id, &session, &mount)?;
    let directory = format!("{path}/");
    let before = store.mcp.mount_files.len();
    store.mcp.mount_files.retain(|f| {
        !(f.project_id == auth.project_id
            && f.session_id == session
            && f.content.is_some()
            && (f.path == path || f.path.starts_with(&directory)))
    });
    if store.mcp.mount_files.len() == before {
        return Err(file_not_found(&path));
    }
    Ok(Json(json!({
        "mount_relative_path": path,
        "sandbox_mount_prefix": SANDBOX_PREFIX,
    })))
}

/// The storage side: finds the file of a `/_storage/mounts/…` key whose URL token matches.
fn stored<'a>(store: &'a mut Store, key: &str, params: &Params) -> ApiResult<&'a mut MountFile> {
    let file = store
        .mcp
        .mount_files
        .iter_mut()
        .find(|f| f.key == key)
        .ok_or_else(|| storage_not_found(format!("No upload with key {key}")))?;
    check_token(params, &file.token)?;
    Ok(file)
}

/// `PUT /_storage/mounts/…`: the file's bytes (any size up to the storage limit, no MD5 asked).
pub fn put(state: &AppState, key: &str, params: &Params, body: Bytes) -> ApiResult<Response> {
    let mut store = lock(&state.store);
    let now = store.now();
    let file = stored(&mut store, key, params)?;
    file.content = Some(body);
    file.modified_at = now;
    Ok(StatusCode::OK.into_response())
}

/// `GET /_storage/mounts/…`: the file's bytes with its MIME type.
pub fn get(state: &AppState, key: &str, params: &Params) -> ApiResult<Response> {
    let mut store = lock(&state.store);
    let file = stored(&mut store, key, params)?;
    let Some(content) = file.content.clone() else {
        return Err(file_not_found(&file.path));
    };
    Ok((
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, file.mimetype.clone())],
        content,
    )
        .into_response())
}
