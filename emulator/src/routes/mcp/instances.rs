//! A server's per-user instances: list, create, delete.

use super::*;

/// `GET /mcp/servers/{serverId}/instances`.
pub async fn list_instances(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(server_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let params = Params(query);
    let page = NumberPage::from_params(&params, INSTANCES_PAGE)?;
    let (by_created, asc) = ordering(&params)?;
    let search = params.get("search").unwrap_or("").trim().to_lowercase();
    let store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &server_id)?;
    let mut instances: Vec<&McpInstance> = store
        .mcp
        .instances
        .iter()
        .filter(|i| {
            i.project_id == auth.project_id
                && i.server_id == server.id
                && (search.is_empty()
                    || i.instance_id.to_lowercase().contains(&search)
                    || i.id.contains(&search))
        })
        .collect();
    instances.sort_by(|a, b| {
        let at = |i: &McpInstance| {
            if by_created {
                i.created_at.clone()
            } else {
                i.updated_at.clone()
            }
        };
        (at(a), a.seq).cmp(&(at(b), b.seq))
    });
    if !asc {
        instances.reverse();
    }
    let (items, total_pages, current_page) = page.slice(instances);
    let items: Vec<Value> = items.into_iter().map(instance_json).collect();
    Ok(Json(json!({
        "instances": items,
        "server_id": server.id,
        "server_name": server.name,
        "total_pages": total_pages,
        "current_page": current_page,
    })))
}

/// `POST /mcp/servers/{serverId}/instances`: the user needs an ACTIVE connected account on every auth config of
/// the server (403 otherwise); a second instance for the same user is 409.
pub async fn create_instance(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path(server_id): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let mut store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &server_id)?.clone();
    let body = json_object(&body)?;
    let user_id = required_string(&body, "user_id", INVALID, 1)?;
    if store.mcp.instances.iter().any(|i| {
        i.project_id == auth.project_id && i.server_id == server.id && i.instance_id == user_id
    }) {
        return Err(instance_conflict(&server.id, &user_id));
    }
    let missing: Vec<String> = server
        .auth_config_ids
        .iter()
        .filter(|id| store.auth_config(&auth.project_id, id).is_ok())
        .filter(|id| {
            !store.accounts.iter().any(|a| {
                a.project_id == auth.project_id
                    && &&a.auth_config_id == id
                    && a.user_id == user_id
                    && a.status == "ACTIVE"
                    && !a.disabled
            })
        })
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(missing_accounts(&user_id, &missing));
    }
    let seq = store.next_seq();
    let now = store.now();
    let instance = McpInstance {
        id: uuid(),
        project_id: auth.project_id.clone(),
        server_id: server.id.clone(),
        instance_id: user_id,
        created_at: now.clone(),
        updated_at: now,
        seq,
    };
    let out = instance_json(&instance);
    store.mcp.instances.push(instance);
    Ok((StatusCode::CREATED, Json(out)))
}

/// `DELETE /mcp/servers/{serverId}/instances/{instanceId}`: also deletes the user's connected accounts on the
/// server's auth configs.
pub async fn delete_instance(
    auth: ProjectAuth,
    State(state): State<AppState>,
    Path((server_id, instance_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let mut store = lock(&state.store);
    let server = store.mcp_server(&auth.project_id, &server_id)?.clone();
    let index = store
        .mcp
        .instances
        .iter()
        .position(|i| {
            i.project_id == auth.project_id
                && i.server_id == server.id
                && i.instance_id == instance_id
        })
        .ok_or_else(|| instance_not_found(&server.id, &instance_id))?;
    store.mcp.instances.remove(index);
    let accounts: Vec<String> = store
        .accounts
        .iter()
        .filter(|a| {
            a.project_id == auth.project_id
                && a.user_id == instance_id
                && server.auth_config_ids.contains(&a.auth_config_id)
        })
        .map(|a| a.id.clone())
        .collect();
    for account in &accounts {
        store.delete_account(&auth.project_id, account);
    }
    Ok(Json(json!({
        "message": format!("Instance {instance_id} of MCP server {} deleted", server.id),
        "deleted_connected_accounts": accounts.len(),
    })))
}
