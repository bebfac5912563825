//! MCP servers: create (from auth configs, or custom from toolkits), list (all, or by app), get, update, delete.

use super::*;

/// 4–30 characters of letters, digits, spaces and hyphens.
fn check_name(name: &str) -> ApiResult<()> {
    let len = name.chars().count();
    if !(4..=30).contains(&len) {
        return Err(invalid(format!(
            "name must have 4 to 30 characters, got {len}"
        )));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
    {
        return Err(invalid(
            "name may only contain letters, digits, spaces and hyphens",
        ));
    }
    Ok(())
}

/// Catalogue toolkit slugs (lowercased), each known, without repeats; `no_auth` requires toolkits without auth.
fn toolkit_slugs(given: Vec<String>, field: &str, no_auth: bool) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for slug in given {
        let Some(toolkit) = find_toolkit(&slug) else {
            return Err(invalid(format!("{field}: unknown toolkit {slug:?}")));
        };
        if no_auth && !toolkit.auth_schemes.is_empty() {
            return Err(invalid(format!(
                "{field}: toolkit {} needs auth; give its auth config in auth_config_ids",
                toolkit.slug
            )));
        }
        push_unique(&mut out, toolkit.slug.to_string());
    }
    Ok(out)
}

/// Auth config ids without repeats, each an auth config of the project; an unknown one is `unknown(id)`.
fn auth_config_ids(
    store: &Store,
    project_id: &str,
    given: Vec<String>,
    unknown: impl Fn(&str) -> ApiError,
) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for id in given {
        if store.auth_config(project_id, &id).is_err() {
            return Err(unknown(&id));
        }
        push_unique(&mut out, id);
    }
    Ok(out)
}

/// What a create body asks for.
struct Draft {
    name: String,
    auth_config_ids: Vec<String>,
    extra_toolkits: Vec<String>,
    allowed_tools: Vec<String>,
    managed_auth: bool,
}

/// Adds a server and answers it (201).
fn insert_server(
    store: &mut Store,
    host: &str,
    project_id: &str,
    draft: Draft,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let Draft {
        name,
        auth_config_ids,
        extra_toolkits,
        allowed_tools,
        managed_auth,
    } = draft;
    if store.mcp_name_taken(project_id, &name, None) {
        return Err(name_conflict(&name));
    }
    let seq = store.next_seq();
    let now = store.now();
    let server = McpServer {
        id: uuid(),
        project_id: project_id.to_string(),
        name,
        auth_config_ids,
        extra_toolkits,
        allowed_tools,
        managed_auth,
        created_at: now.clone(),
        updated_at: now,
        seq,
        updated_seq: seq,
        deleted: false,
    };
    let out = server_json(store, &server, host, false);
    store.mcp.servers.push(server);
    Ok((StatusCode::CREATED, Json(out)))
}

// ---- servers ----

/// `POST /mcp/servers`.
pub async fn create(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let name = required_string(&body, "name", INVALID, 0)?;
    check_name(&name)?;
    let configs =
        strings(&body, "auth_config_ids")?.ok_or_else(|| invalid("auth_config_ids is required"))?;
    let no_auth = toolkit_slugs(
        strings(&body, "no_auth_apps")?.unwrap_or_default(),
        "no_auth_apps",
        true,
    )?;
    let allowed_tools = strings(&body, "allowed_tools")?.unwrap_or_default();
    let managed = optional_bool(&body, "managed_auth_via_composio", INVALID)?.unwrap_or(false);
    let mut store = lock(&state.store);
    let configs = auth_config_ids(
        &store,
        &auth.project_id,
        configs,
        ApiError::auth_config_not_found,
    )?;
    insert_server(
        &mut store,
        &host(&headers),
        &auth.project_id,
        Draft {
            name,
            auth_config_ids: configs,
            extra_toolkits: no_auth,
            allowed_tools,
            managed_auth: managed,
        },
    )
}

/// `POST /mcp/servers/custom`: toolkits named outright, auth configs optional.
pub async fn create_custom(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = json_object(&body)?;
    let name = required_string(&body, "name", INVALID, 0)?;
    check_name(&name)?;
    let configs = strings(&body, "auth_config_ids")?.unwrap_or_default();
    let toolkits = toolkit_slugs(
        strings(&body, "toolkits")?.unwrap_or_default(),
        "toolkits",
        false,
    )?;
    let mut allowed_tools = strings(&body, "allowed_tools")?.unwrap_or_default();
    for tool in strings(&body, "custom_tools")?.unwrap_or_default() {
        push_unique(&mut allowed_tools, tool);
    }
    let managed = optional_bool(&body, "managed_auth_via_composio", INVALID)?.unwrap_or(false);
    let mut store = lock(&state.store);
    // This operation documents no 404: an unknown auth config is a bad request.
    let configs = auth_config_ids(&store, &auth.project_id, configs, |id| {
        invalid(format!("auth_config_ids: auth config {id} not found"))
    })?;
    insert_server(
        &mut store,
        &host(&headers),
        &auth.project_id,
        Draft {
            name,
            auth_config_ids: configs,
            extra_toolkits: toolkits,
            allowed_tools,
            managed_auth: managed,
        },
    )
}

fn list_servers(
    store: &Store,
    project_id: &str,
    host: &str,
    params: &Params,
    app: Option<&str>,
) -> ApiResult<Value> {
    let page = NumberPage::from_params(params, SERVERS_PAGE)?;
    let (by_created, asc) = ordering(params)?;
    let name = params.get("name").unwrap_or("").trim().to_lowercase();
    let toolkits: Vec<String> = params
        .list("toolkits")
        .iter()
        .map(|t| t.to_lowercase())
        .collect();
    let configs = params.list("auth_config_ids");
    let mut servers: Vec<(&McpServer, Vec<String>)> = store
        .mcp
        .servers
        .iter()
        .filter(|s| s.project_id == project_id && !s.deleted)
        .map(|s| (s, server_toolkits(store, s)))
        .filter(|(s, kits)| {
            (name.is_empty() || s.name.to_lowercase().contains(&name))
                && (toolkits.is_empty() || kits.iter().any(|k| toolkits.contains(k)))
                && (configs.is_empty() || s.auth_config_ids.iter().any(|c| configs.contains(c)))
                && app.map_or(true, |a| kits.iter().any(|k| k == a))
        })
        .collect();
    servers.sort_by(|(a, _), (b, _)| {
        let key = |s: &McpServer| {
            if by_created {
                (s.created_at.clone(), s.seq)
            } else {
                (s.updated_at.clone(), s.updated_seq)
            }
        };
        key(a).cmp(&key(b))
    });
    if !asc {
        servers.reverse();
    }
    let (items, total_pages, current_page) = page.slice(servers);
    let items: Vec<Value> = items
        .into_iter()
        .map(|(s, _)| server_json(store, s, host, false))
        .collect();
    Ok(json!({"items": items, "total_pages": total_pages, "current_page": current_page}))
}

/// `GET /mcp/servers`.
pub async fn list(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let params = Params(query);
    list_servers(&store, &auth.project_id, &host(&headers), &params, None).map(Json)
}

/// `GET /mcp/app/{appKey}`: the servers whose toolkits include that toolkit; an unknown toolkit is 404.
pub async fn list_by_app(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let toolkit = find_toolkit(&app).ok_or_else(|| ApiError::toolkit_not_found(&app))?;
    let store = lock(&state.store);
    let params = Params(query);
    list_servers(
        &store,
        &auth.project_id,
        &host(&headers),
        &params,
        Some(toolkit.slug),
    )
    .map(Json)
}

/// `GET /mcp/{id}`.
pub async fn get_one(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &id)?;
    Ok(Json(server_json(&store, server, &host(&headers), true)))
}

/// `PATCH /mcp/{id}`: only the fields given change; `toolkits` replaces the toolkits named outright.
pub async fn update(
    auth: ProjectAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => {
            check_name(name)?;
            Some(name.clone())
        }
        Some(_) => return Err(invalid("name must be a string")),
    };
    let toolkits = strings(&body, "toolkits")?
        .map(|t| toolkit_slugs(t, "toolkits", false))
        .transpose()?;
    let allowed_tools = strings(&body, "allowed_tools")?;
    let managed = optional_bool(&body, "managed_auth_via_composio", INVALID)?;
    let configs = strings(&body, "auth_config_ids")?;
    let mut store = lock(&state.store);
    store.mcp_server(&auth.project_id, &id)?;
    let configs = configs
        .map(|c| auth_config_ids(&store, &auth.project_id, c, ApiError::auth_config_not_found))
        .transpose()?;
    if let Some(name) = &name {
        if store.mcp_name_taken(&auth.project_id, name, Some(&id)) {
            return Err(name_conflict(name));
        }
    }
    let seq = store.next_seq();
    let now = store.now();
    let server = store.mcp_server_mut(&auth.project_id, &id)?;
    if let Some(name) = name {
        server.name = name;
    }
    if let Some(toolkits) = toolkits {
        server.extra_toolkits = toolkits;
    }
    if let Some(tools) = allowed_tools {
        server.allowed_tools = tools;
    }
    if let Some(managed) = managed {
        server.managed_auth = managed;
    }
    if let Some(configs) = configs {
        server.auth_config_ids = configs;
    }
    server.updated_at = now;
    server.updated_seq = seq;
    let server = store.mcp_server(&auth.project_id, &id)?;
    Ok(Json(server_json(&store, server, &host(&headers), true)))
}

/// `DELETE /mcp/{id}`: soft; the server then answers 404 and its name is free again.
pub async fn delete_server(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let now = store.now();
    let server = store.mcp_server_mut(&auth.project_id, &id)?;
    server.deleted = true;
    server.updated_at = now;
    Ok(Json(json!({"id": id, "deleted": true})))
}
