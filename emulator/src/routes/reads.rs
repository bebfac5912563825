//! The remaining reads: `GET /tools/enum`, `GET /toolkits/categories`, `GET /toolkits/changelog`,
//! `POST /toolkits/multi`, `GET /auth/session/info`, `GET /migration/get-nanoid`.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::auth::{credential, ProjectAuth};
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{PageBody, PageRequest};
use crate::params::Params;
use crate::routes::toolkits::summary_json;
use crate::routes::{json_object, optional_string, optional_strings};
use crate::shared::{lock, AppState};
use crate::store::catalogue::{catalogue, Toolkit, AVAILABLE_VERSIONS, LATEST_VERSION};
use crate::store::resources::{managed_schemes, mask_string};

/// The read routes, merged into the API router under both prefixes.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/tools/enum", get(tools_enum))
        .route("/toolkits/categories", get(categories))
        .route("/toolkits/changelog", get(changelog))
        .route("/toolkits/multi", post(multi))
        .route("/auth/session/info", get(session_info))
        .route("/migration/get-nanoid", get(get_nanoid))
}

fn bad(slug: &str, code: u32, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, slug, message).with_fix("Check your input.")
}

/// Every tool slug, in catalogue order.
async fn tools_enum(_auth: ProjectAuth) -> Json<Vec<&'static str>> {
    Json(catalogue().tools.iter().map(|t| t.slug.as_str()).collect())
}

/// Every category of the catalogue's toolkits once, sorted by id.
async fn categories(
    _auth: ProjectAuth,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<PageBody<Value>>> {
    let page = PageRequest::from_params(&Params(query))?;
    let unique: BTreeMap<&str, &str> = catalogue()
        .toolkits
        .iter()
        .flat_map(|t| t.categories.iter().copied())
        .collect();
    let items = unique
        .into_iter()
        .map(|(id, name)| json!({"name": name, "id": id}))
        .collect();
    Ok(Json(page.page(items, "items")?))
}

/// Two versions per toolkit, newest first, with fixed text.
async fn changelog(_auth: ProjectAuth) -> Json<Value> {
    let items: Vec<Value> = catalogue()
        .toolkits
        .iter()
        .map(|t| {
            json!({
                "slug": t.slug,
                "name": t.name,
                "display_name": t.name,
                "versions": [
                    {"version": LATEST_VERSION,
                     "changelog": format!("{} tools refreshed: clearer descriptions and output schemas.", t.name)},
                    {"version": AVAILABLE_VERSIONS[0],
                     "changelog": format!("{} toolkit versioned: {} tools.", t.name, t.tools_count)},
                ],
            })
        })
        .collect();
    Json(json!({ "items": items }))
}

/// `POST /toolkits/multi`: the filters of `GET /toolkits` in a JSON body, plus `toolkits`, `managed_by`, `sort_by`.
async fn multi(
    auth: ProjectAuth,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<PageBody<Value>>> {
    const SLUG: &str = "Toolkit_InvalidRequest";
    let invalid = |message: String| bad(SLUG, 2500, message);
    let body = json_object(&body)?;
    let wanted: Option<Vec<String>> = optional_strings(&body, "toolkits", SLUG)?
        .map(|list| list.iter().map(|s| s.to_lowercase()).collect());
    let category = optional_string(&body, "category", SLUG)?
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    let managed_by = optional_string(&body, "managed_by", SLUG)?;
    if let Some(m) = managed_by
        .as_deref()
        .filter(|m| !["composio", "all", "project"].contains(m))
    {
        return Err(invalid(format!(
            "managed_by must be composio, all or project, got {m:?}"
        )));
    }
    let sort_by = optional_string(&body, "sort_by", SLUG)?;
    if let Some(s) = sort_by
        .as_deref()
        .filter(|s| !["usage", "alphabetically"].contains(s))
    {
        return Err(invalid(format!(
            "sort_by must be usage or alphabetically, got {s:?}"
        )));
    }
    let mut paging = Vec::new();
    match body.get("limit") {
        None | Some(Value::Null) => {}
        Some(Value::Number(n)) => paging.push(("limit".to_string(), n.to_string())),
        Some(_) => return Err(invalid("limit must be a number".into())),
    }
    if let Some(cursor) = optional_string(&body, "cursor", SLUG)? {
        paging.push(("cursor".to_string(), cursor));
    }
    let page = PageRequest::from_params(&Params(paging))?;

    let store = lock(&state.store);
    let project_configs: Vec<_> = store
        .auth_configs
        .iter()
        .filter(|c| c.project_id == auth.project_id)
        .collect();
    let usage = |t: &Toolkit| {
        store
            .accounts
            .iter()
            .filter(|a| a.project_id == auth.project_id && a.toolkit == t.slug)
            .count()
    };
    let mut items: Vec<&Toolkit> = catalogue()
        .toolkits
        .iter()
        .filter(|t| {
            wanted
                .as_ref()
                .map_or(true, |w| w.iter().any(|s| s == t.slug))
        })
        .filter(|t| {
            category.is_empty()
                || t.categories
                    .iter()
                    .any(|(id, name)| *id == category || name.to_lowercase() == category)
        })
        .filter(|t| match managed_by.as_deref() {
            Some("composio") => !managed_schemes(t).is_empty(),
            Some("project") => project_configs
                .iter()
                .any(|c| c.toolkit == t.slug && !c.managed),
            _ => true,
        })
        .collect();
    match sort_by.as_deref() {
        Some("alphabetically") => items.sort_by_key(|t| t.name.to_lowercase()),
        Some("usage") => items.sort_by_key(|t| (std::cmp::Reverse(usage(t)), t.slug)),
        _ => {}
    }
    Ok(Json(page.page_map(items, "items", summary_json)?))
}

/// A UUID-shaped id derived from `seed` (FNV-1a), stable across runs, for fields the spec calls UUIDs.
pub(crate) fn stable_uuid(seed: &str) -> String {
    let fnv = |salt: u64| {
        seed.bytes().fold(0xcbf2_9ce4_8422_2325 ^ salt, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    crate::ids::uuid_from_hex(&format!(
        "{:016x}{:016x}",
        fnv(0),
        fnv(0x9e37_79b9_7f4a_7c15)
    ))
}

/// `GET /auth/session/info`: the key's project (with its organisation), the key (masked) and the org member.
async fn session_info(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let value = credential(&headers)?.unwrap_or_default();
    let store = lock(&state.store);
    let project = store
        .live_project(&auth.project_id)
        .ok_or_else(|| ApiError::project_not_found(&auth.project_id))?;
    let member_id = stable_uuid(&format!("member:{}", project.org_id));
    let mut project_json = project.to_json();
    let extra = json!({
        "auto_id": project.seq,
        "id": stable_uuid(&project.id),
        "org_id": stable_uuid(&project.org_id),
        "nano_id": project.id,
        "org": {"id": project.org_id, "name": format!("{} organisation", project.org_id), "plan": "HOBBY"},
    });
    if let (Some(out), Value::Object(extra)) = (project_json.as_object_mut(), extra) {
        out.extend(extra);
    }
    let api_key = store
        .project_keys
        .iter()
        .enumerate()
        .find(|(_, k)| k.key == value && k.current)
        .map(|(i, k)| {
            json!({
                "auto_id": i + 1,
                "id": stable_uuid(&k.id),
                "name": k.name,
                "project_id": k.project_id,
                "org_member_id": member_id,
                "created_at": k.created_at,
                "updated_at": k.created_at,
                "deleted_at": null,
                "key": mask_string(&k.key),
                "deleted": false,
            })
        });
    Ok(Json(json!({
        "project": project_json,
        "api_key": api_key,
        "org_member": {
            "id": member_id,
            "email": project.email,
            "name": "Emulator Owner",
            "role": "ADMIN",
        },
    })))
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `GET /migration/get-nanoid?uuid=&type=`: the id of the project's resource whose `uuid` is given.
async fn get_nanoid(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    const SLUG: &str = "Migration_InvalidRequest";
    let params = Params(query);
    let uuid = params.get("uuid").unwrap_or("");
    let kind = params.get("type").unwrap_or("");
    if !is_uuid(uuid) {
        return Err(bad(
            SLUG,
            2700,
            format!("uuid must be a UUID, got {uuid:?}"),
        ));
    }
    let mut store = lock(&state.store);
    store.reconcile_triggers();
    let project = auth.project_id.as_str();
    let found = match kind {
        "CONNECTED_ACCOUNT" => store
            .accounts
            .iter()
            .find(|a| a.project_id == project && a.uuid.eq_ignore_ascii_case(uuid))
            .map(|a| a.id.clone()),
        "AUTH_CONFIG" => store
            .auth_configs
            .iter()
            .find(|c| c.project_id == project && c.uuid.eq_ignore_ascii_case(uuid))
            .map(|c| c.id.clone()),
        "TRIGGER_INSTANCE" => store
            .trigger_instances
            .iter()
            .find(|t| t.project_id == project && t.uuid.eq_ignore_ascii_case(uuid))
            .map(|t| t.id.clone()),
        other => {
            return Err(bad(
                SLUG,
                2700,
                format!(
                    "type must be CONNECTED_ACCOUNT, AUTH_CONFIG or TRIGGER_INSTANCE, got {other:?}"
                ),
            ))
        }
    };
    let nanoid = found.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            2701,
            "Migration_NotFound",
            format!("No {kind} with uuid {uuid}"),
        )
    })?;
    Ok(Json(json!({ "nanoid": nanoid })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uuids_are_uuid_shaped_and_stable() {
        let a = stable_uuid("proj_abc");
        assert!(is_uuid(&a), "{a}");
        assert_eq!(a, stable_uuid("proj_abc"));
        assert_ne!(a, stable_uuid("proj_abd"));
    }
}
