//! The session's configuration as a create or PATCH body gives it, checked against the project.

use serde_json::{json, Map, Value};

use crate::errors::ApiResult;
use crate::routes::{optional_bool, optional_object, optional_string};
use crate::store::catalogue::Toolkit;
use crate::store::mcp::{Allow, TagFilter, ToolRouterSession, ToolRule};
use crate::store::resources::find_toolkit;
use crate::store::Store;

use super::*;

// ---- the session's configuration ----

pub(super) fn string_list(value: &Value, field: &str) -> ApiResult<Vec<String>> {
    value
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| invalid(format!("{field} must be an array of strings")))
}

pub(super) fn toolkit_slug(slug: &str, field: &str) -> ApiResult<&'static Toolkit> {
    find_toolkit(slug).ok_or_else(|| invalid(format!("{field}: unknown toolkit {slug:?}")))
}

/// `{enable: [...]}` or `{disable: [...]}`, nothing else; with `toolkits`, the slugs must be catalogue toolkits.
pub(super) fn allow_list(value: &Value, field: &str, toolkits: bool) -> ApiResult<(Allow, Value)> {
    let shape = || {
        invalid(format!(
            "{field} must be {{enable: [...]}} or {{disable: [...]}}"
        ))
    };
    let map = value
        .as_object()
        .filter(|m| m.len() == 1)
        .ok_or_else(shape)?;
    let (key, list) = map.iter().next().ok_or_else(shape)?;
    let mut names = string_list(list, &format!("{field}.{key}"))?;
    if toolkits {
        names = names
            .iter()
            .map(|s| toolkit_slug(s, field).map(|t| t.slug.to_string()))
            .collect::<ApiResult<_>>()?;
    }
    match key.as_str() {
        "enable" => Ok((Allow::Only(names.clone()), json!({ "enabled": names }))),
        "disable" => Ok((Allow::Except(names.clone()), json!({ "disabled": names }))),
        _ => Err(shape()),
    }
}

pub(super) fn hints(value: &Value, field: &str) -> ApiResult<Vec<String>> {
    let list = string_list(value, field)?;
    if let Some(bad) = list.iter().find(|h| !HINTS.contains(&h.as_str())) {
        return Err(invalid(format!(
            "{field}: unknown tag {bad:?} (one of {})",
            HINTS.join(", ")
        )));
    }
    Ok(list)
}

/// An array (the enabled tags) or `{enable?, disable?}`.
pub(super) fn tag_filter(value: &Value, field: &str) -> ApiResult<(TagFilter, Value)> {
    if value.is_array() {
        let enabled = hints(value, field)?;
        return Ok((
            TagFilter {
                enabled: enabled.clone(),
                disabled: vec![],
            },
            json!({ "enabled": enabled }),
        ));
    }
    let Some(map) = value.as_object() else {
        return Err(invalid(format!(
            "{field} must be an array or {{enable?, disable?}}"
        )));
    };
    let mut filter = TagFilter::default();
    let mut shown = Map::new();
    if let Some(v) = map.get("enable").filter(|v| !v.is_null()) {
        filter.enabled = hints(v, &format!("{field}.enable"))?;
        shown.insert("enabled".into(), json!(filter.enabled));
    }
    if let Some(v) = map.get("disable").filter(|v| !v.is_null()) {
        filter.disabled = hints(v, &format!("{field}.disable"))?;
        shown.insert("disabled".into(), json!(filter.disabled));
    }
    Ok((filter, Value::Object(shown)))
}

/// `{toolkit: id}` where every id names a resource of the project for that toolkit (`toolkit_of` finds its toolkit).
pub(super) fn overrides(
    body: &Map<String, Value>,
    field: &str,
    toolkit_of: impl Fn(&str) -> Option<String>,
) -> ApiResult<Option<Vec<(String, String)>>> {
    let Some(map) = optional_object(body, field, INVALID)? else {
        return Ok(None);
    };
    let mut pairs = Vec::new();
    for (toolkit, id) in map {
        let toolkit = toolkit_slug(&toolkit, field)?.slug.to_string();
        let Some(id) = id.as_str() else {
            return Err(invalid(format!("{field}.{toolkit} must be a string")));
        };
        match toolkit_of(id) {
            None => return Err(invalid(format!("{field}.{toolkit}: {id} not found"))),
            Some(t) if t != toolkit => {
                return Err(invalid(format!(
                    "{field}.{toolkit}: {id} belongs to toolkit {t}"
                )))
            }
            Some(_) => pairs.push((toolkit, id.to_string())),
        }
    }
    Ok(Some(pairs))
}

pub(super) fn pairs_json(pairs: &[(String, String)]) -> Value {
    Value::Object(pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

/// Only the keys in `allowed` (the spec's `additionalProperties: false`).
pub(super) fn only_keys(map: &Map<String, Value>, field: &str, allowed: &[&str]) -> ApiResult<()> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(format!("{field}: unknown property {k:?}"))),
        None => Ok(()),
    }
}

/// A session as the create body describes it, checked against the project.
pub(crate) fn session_from_body(
    store: &Store,
    project_id: &str,
    user_id: String,
    body: &Map<String, Value>,
) -> ApiResult<ToolRouterSession> {
    let mut config = Map::new();
    config.insert("user_id".into(), json!(user_id));
    let toolkits = match body.get("toolkits").filter(|v| !v.is_null()) {
        Some(value) => {
            let (allow, shown) = allow_list(value, "toolkits", true)?;
            config.insert("toolkits".into(), shown);
            Some(allow)
        }
        None => None,
    };
    let auth_configs = overrides(body, "auth_configs", |id| {
        store
            .auth_config(project_id, id)
            .ok()
            .map(|c| c.toolkit.clone())
    })?;
    if let Some(pairs) = &auth_configs {
        config.insert("auth_configs".into(), pairs_json(pairs));
    }
    let connected_accounts = overrides(body, "connected_accounts", |id| {
        store
            .account(project_id, id)
            .ok()
            .map(|a| a.toolkit.clone())
    })?;
    if let Some(pairs) = &connected_accounts {
        config.insert("connected_accounts".into(), pairs_json(pairs));
    }
    let manage = optional_object(body, "manage_connections", INVALID)?.unwrap_or_default();
    only_keys(&manage, "manage_connections", &["enable", "callback_url"])?;
    let manage_connections = optional_bool(&manage, "enable", INVALID)?.unwrap_or(true);
    let callback_url = optional_string(&manage, "callback_url", INVALID)?;
    let mut shown = json!({ "enabled": manage_connections });
    if let Some(url) = &callback_url {
        check_uri("manage_connections.callback_url", url)?;
        shown["callback_url"] = json!(url);
    }
    config.insert("manage_connections".into(), shown);
    let mut tools = Vec::new();
    if let Some(map) = optional_object(body, "tools", INVALID)? {
        let mut shown = Map::new();
        for (toolkit, rule) in &map {
            let field = format!("tools.{toolkit}");
            let toolkit = toolkit_slug(toolkit, "tools")?.slug.to_string();
            let tags = rule.as_object().and_then(|m| m.get("tags"));
            let (rule, json) = match tags {
                Some(tags) if rule.as_object().is_some_and(|m| m.len() == 1) => {
                    let (filter, json) = tag_filter(tags, &format!("{field}.tags"))?;
                    (ToolRule::Tags(filter), json!({ "tags": json }))
                }
                _ => {
                    let (allow, json) = allow_list(rule, &field, false)?;
                    (ToolRule::List(allow), json)
                }
            };
            shown.insert(toolkit.clone(), json);
            tools.push((toolkit, rule));
        }
        config.insert("tools".into(), Value::Object(shown));
    }
    let tags = match body.get("tags").filter(|v| !v.is_null()) {
        Some(value) => {
            let (filter, shown) = tag_filter(value, "tags")?;
            config.insert("tags".into(), shown);
            Some(filter)
        }
        None => None,
    };
    let workbench = optional_object(body, "workbench", INVALID)?.unwrap_or_default();
    only_keys(
        &workbench,
        "workbench",
        &["enable_proxy_execution", "auto_offload_threshold"],
    )?;
    let proxy = optional_bool(&workbench, "enable_proxy_execution", INVALID)?.unwrap_or(true);
    let mut shown = json!({ "proxy_execution_enabled": proxy });
    match workbench.get("auto_offload_threshold") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_f64().is_some_and(|n| n > 0.0) => {
            shown["auto_offload_threshold"] = v.clone();
        }
        Some(_) => {
            return Err(invalid(
                "workbench.auto_offload_threshold must be a number above 0",
            ))
        }
    }
    config.insert("workbench".into(), shown);
    // The current API's required config fields, at the values a session made without them has (a guess).
    config.insert("instant".into(), json!(false));
    config.insert("preload".into(), json!({ "tools": [] }));
    config.insert("search".into(), json!({ "enable": true }));
    config.insert("execute".into(), json!({ "enable_multi_execute": true }));
    Ok(ToolRouterSession {
        id: String::new(),
        project_id: project_id.to_string(),
        user_id,
        toolkits,
        auth_configs: auth_configs.unwrap_or_default(),
        connected_accounts: connected_accounts.unwrap_or_default(),
        manage_connections,
        callback_url,
        tools,
        tags,
        config: Value::Object(config),
        legacy_body: None,
        source: body.clone(),
        config_version: 1,
        config_at: String::new(),
        history: Vec::new(),
    })
}
