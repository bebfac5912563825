//! `GET /toolkits` and `GET /toolkits/{slug}`.

use axum::extract::{Path, Query};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::ProjectAuth;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::store::catalogue::{catalogue, logo, Toolkit, AVAILABLE_VERSIONS, LATEST_VERSION};

/// Fixed dates keep the catalogue byte-for-byte deterministic.
const CREATED_AT: &str = "2024-05-01T00:00:00.000Z";
const UPDATED_AT: &str = "2025-10-20T00:00:00.000Z";

use crate::store::resources::managed_schemes;

fn app_url(toolkit: &Toolkit) -> Value {
    if toolkit.auth_schemes.is_empty() {
        Value::Null
    } else {
        json!(format!("https://{}.com", toolkit.slug))
    }
}

fn meta_json(toolkit: &Toolkit, categories: Vec<Value>) -> Value {
    json!({
        "created_at": CREATED_AT,
        "updated_at": UPDATED_AT,
        "description": toolkit.description,
        "logo": logo(toolkit.slug),
        "app_url": app_url(toolkit),
        "categories": categories,
        "triggers_count": toolkit.triggers_count,
        "tools_count": toolkit.tools_count,
        "version": LATEST_VERSION,
    })
}

pub fn summary_json(toolkit: &Toolkit) -> Value {
    let categories: Vec<Value> = toolkit
        .categories
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    json!({
        "slug": toolkit.slug,
        "name": toolkit.name,
        "auth_schemes": toolkit.auth_schemes,
        "composio_managed_auth_schemes": managed_schemes(toolkit),
        "is_local_toolkit": false,
        "no_auth": toolkit.auth_schemes.is_empty(),
        "deprecated": { "toolkitId": format!("tk_{}", toolkit.slug) },
        "meta": meta_json(toolkit, categories),
    })
}

fn detail_json(toolkit: &Toolkit) -> Value {
    let categories: Vec<Value> = toolkit
        .categories
        .iter()
        .map(|(id, name)| json!({"name": name, "slug": id}))
        .collect();
    // The detail's meta is the list's plus the versions (and names categories by slug, not id).
    let mut detail_meta = meta_json(toolkit, categories);
    detail_meta["available_versions"] = json!(AVAILABLE_VERSIONS);
    json!({
        "slug": toolkit.slug,
        "name": toolkit.name,
        "enabled": true,
        "composio_managed_auth_schemes": managed_schemes(toolkit),
        "is_local_toolkit": false,
        "auth_config_details": [],
        "base_url": toolkit.base_url,
        "meta": detail_meta,
        "deprecated": { "toolkitId": format!("tk_{}", toolkit.slug), "rawProxyInfoByAuthSchemes": [] },
    })
}

pub async fn list(
    _auth: ProjectAuth,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let params = Params(query);
    let page = PageRequest::from_params(&params)?;
    let search = params.get("search").unwrap_or("").trim().to_lowercase();
    let category = params.get("category").unwrap_or("").trim().to_lowercase();
    let items: Vec<Value> = catalogue()
        .toolkits
        .iter()
        .filter(|t| {
            search.is_empty()
                || t.slug.contains(&search)
                || t.name.to_lowercase().contains(&search)
                || t.description.to_lowercase().contains(&search)
        })
        .filter(|t| {
            category.is_empty()
                || t.categories
                    .iter()
                    .any(|(id, name)| *id == category || name.to_lowercase() == category)
        })
        .map(summary_json)
        .collect();
    Ok(Json(page.page(items, "items")?))
}

pub async fn get_one(_auth: ProjectAuth, Path(slug): Path<String>) -> ApiResult<Json<Value>> {
    catalogue()
        .toolkits
        .iter()
        .find(|t| t.slug.eq_ignore_ascii_case(&slug))
        .map(|t| Json(detail_json(t)))
        .ok_or_else(|| ApiError::toolkit_not_found(&slug))
}
