//! Files: `POST /files/upload/request` (a presigned URL on the emulator's own `/_storage`), `GET /files/list`, and the
//! storage itself, `PUT` / `GET /_storage/{key}`, which takes no Composio credential (and refuses one).

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, ETAG};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::checksum;
use crate::errors::{ApiError, ApiResult};
use crate::headers::CREDENTIAL_HEADERS;
use crate::ids::{random_alnum, random_hex};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::tool_router::files as mount_files;
use crate::routes::{host, json_object, required_string};
use crate::shared::{lock, AppState};
use crate::store::resources::Upload;

const SLUG: &str = "File_InvalidRequest";

pub fn safe(part: &str) -> String {
    let cleaned: String = part
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "_".into()
    } else {
        cleaned
    }
}

pub fn storage_url(host: &str, upload: &Upload) -> String {
    format!(
        "http://{host}/_storage/{}?token={}",
        upload.key, upload.token
    )
}

pub async fn request_upload(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let toolkit_slug = required_string(&body, "toolkit_slug", SLUG, 1)?;
    let tool_slug = required_string(&body, "tool_slug", SLUG, 1)?;
    let filename = required_string(&body, "filename", SLUG, 1)?;
    let mimetype = required_string(&body, "mimetype", SLUG, 1)?;
    let given = required_string(&body, "md5", SLUG, 1)?;
    let md5 = checksum::normalise(&given).ok_or_else(|| {
        ApiError::bad_request(
            SLUG,
            "md5 must be 32 hex digits or the base64 of the 16-byte digest",
        )
    })?;
    let host = host(&headers);
    let mut store = lock(&state.store);
    if let Some(existing) = store.uploads.iter().rev().find(|u| {
        u.project_id == auth.project_id
            && u.content.is_some()
            && u.md5 == md5
            && u.filename == filename
    }) {
        let url = storage_url(&host, existing);
        return Ok(Json(json!({
            "id": existing.id,
            "key": existing.key,
            "existing_url": url,
            "existingUrl": url,
            "type": "existing",
            "metadata": {"storage_backend": "s3"},
        })));
    }
    let seq = store.next_seq();
    let upload = Upload {
        id: format!("file_{}", random_alnum(12, true)),
        key: format!(
            "{}/{}/{}/{}/{}",
            auth.project_id,
            safe(&toolkit_slug),
            safe(&tool_slug),
            random_hex(16),
            safe(&filename)
        ),
        token: random_alnum(32, false),
        project_id: auth.project_id.clone(),
        toolkit_slug,
        tool_slug,
        filename,
        mimetype,
        md5,
        content: None,
        seq,
    };
    let url = storage_url(&host, &upload);
    let answer = json!({
        "id": upload.id,
        "key": upload.key,
        "new_presigned_url": url,
        "newPresignedUrl": url,
        "type": "new",
        "metadata": {"storage_backend": "s3"},
    });
    store.uploads.push(upload);
    Ok(Json(answer))
}

pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let toolkit = params.get("toolkit_slug").unwrap_or("");
    let tool = params.get("tool_slug").unwrap_or("");
    let store = lock(&state.store);
    let mut uploads: Vec<&Upload> = store
        .uploads
        .iter()
        .filter(|u| {
            u.project_id == auth.project_id
                && u.content.is_some()
                && (toolkit.is_empty() || u.toolkit_slug.eq_ignore_ascii_case(toolkit))
                && (tool.is_empty() || u.tool_slug.eq_ignore_ascii_case(tool))
        })
        .collect();
    uploads.sort_by_key(|u| std::cmp::Reverse(u.seq));
    let page = page.page_map(uploads, "items", |u| {
        json!({
            "toolkit_slug": u.toolkit_slug,
            "tool_slug": u.tool_slug,
            "filename": u.filename,
            "mimetype": u.mimetype,
            "md5": u.md5,
        })
    })?;
    Ok(Json(page))
}

/// Storage requests carry no Composio credential: the URL's token is the authorization.
fn refuse_credentials(headers: &HeaderMap) -> ApiResult<()> {
    if CREDENTIAL_HEADERS.iter().any(|h| headers.contains_key(*h)) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            1601,
            "Storage_CredentialSent",
            "Storage requests must not carry a Composio credential header",
        ));
    }
    Ok(())
}

pub(crate) fn storage_not_found(message: String) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, 1603, "Storage_NotFound", message)
}

/// The URL's `token` must be the object's.
pub(crate) fn check_token(params: &Params, token: &str) -> ApiResult<()> {
    if params.get("token") == Some(token) {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        1604,
        "Storage_InvalidSignature",
        "The storage URL's token is missing or wrong",
    ))
}

/// The checks every storage request passes: no Composio credential, a known key, the URL's token.
fn storage_upload<'a>(
    uploads: &'a mut [Upload],
    headers: &HeaderMap,
    key: &str,
    params: &Params,
) -> ApiResult<&'a mut Upload> {
    refuse_credentials(headers)?;
    let upload = uploads
        .iter_mut()
        .find(|u| u.key == key)
        .ok_or_else(|| storage_not_found(format!("No upload with key {key}")))?;
    check_token(params, &upload.token)?;
    Ok(upload)
}

pub async fn put_object(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> ApiResult<Response> {
    let params = Params(query);
    if key.starts_with(mount_files::STORAGE_PREFIX) {
        refuse_credentials(&headers)?;
        return mount_files::put(&state, &key, &params, body);
    }
    let mut store = lock(&state.store);
    let upload = storage_upload(&mut store.uploads, &headers, &key, &params)?;
    let actual = checksum::hex(&checksum::digest(&body));
    if actual != upload.md5 {
        return Err(ApiError::bad_request(
            "Storage_Md5Mismatch",
            format!(
                "The body's MD5 {actual} differs from the requested {}",
                upload.md5
            ),
        ));
    }
    upload.content = Some(body);
    Ok((StatusCode::OK, [(ETAG, format!("\"{actual}\""))]).into_response())
}

pub async fn get_object(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let params = Params(query);
    if key.starts_with(mount_files::STORAGE_PREFIX) {
        refuse_credentials(&headers)?;
        return mount_files::get(&state, &key, &params);
    }
    let mut store = lock(&state.store);
    let upload = storage_upload(&mut store.uploads, &headers, &key, &params)?;
    let Some(content) = upload.content.clone() else {
        return Err(storage_not_found(format!(
            "Nothing was uploaded to {key} yet"
        )));
    };
    Ok((
        StatusCode::OK,
        [(CONTENT_TYPE, upload.mimetype.clone())],
        content,
    )
        .into_response())
}
