//! Fetching a toolset's Composio tools: every page of every selection, concurrently, in a stable order.

use futures_util::future::try_join_all;

use super::options::ToolsetOptions;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::models::Tool;
use crate::{ToolListParams, ToolRouterToolListParams};

/// The largest page `GET /tools` serves: the fewest round trips.
const PAGE_SIZE: u32 = 1000;
/// The largest page of a session's tools.
const SESSION_PAGE_SIZE: u32 = 500;

/// The tools `options` selects: each toolkit's (filtered), the search's, then the named ones; each tool once.
pub async fn fetch(client: &Client, options: &ToolsetOptions) -> Result<Vec<Tool>> {
    if let Some(session_id) = &options.session_id {
        return session_tools(client, session_id).await;
    }
    let filtered = |toolkit: Option<String>| ToolListParams {
        toolkit_slug: toolkit,
        search: options.search.clone(),
        tags: options.tags.clone(),
        ..Default::default()
    };
    let mut selections: Vec<ToolListParams> = options
        .toolkits
        .iter()
        .map(|t| filtered(Some(t.to_lowercase())))
        .collect();
    if options.toolkits.is_empty() && options.search.is_some() {
        selections.push(filtered(None));
    }
    let limit = options.limit;
    let lists = selections
        .into_iter()
        .map(|params| every_page(client, params, limit));
    let named = named(client, &options.tools);
    let (lists, named) = futures_util::future::try_join(try_join_all(lists), named).await?;

    let mut seen = std::collections::HashSet::new();
    let mut tools = Vec::new();
    for tool in lists.into_iter().flatten() {
        if !options.scopes.is_empty() && !tool.scopes.iter().any(|s| options.scopes.contains(s)) {
            continue;
        }
        if limit.is_some_and(|l| tools.len() >= l) {
            break;
        }
        if seen.insert(tool.slug.clone()) {
            tools.push(tool);
        }
    }
    for tool in named {
        if seen.insert(tool.slug.clone()) {
            tools.push(tool);
        }
    }
    Ok(tools)
}

/// Every page of a session's tools (its meta tools).
async fn session_tools(client: &Client, session_id: &str) -> Result<Vec<Tool>> {
    let params = ToolRouterToolListParams {
        limit: Some(SESSION_PAGE_SIZE),
        ..Default::default()
    };
    client
        .tool_router()
        .iter_tools(session_id, params)?
        .all()
        .await
}

async fn every_page(
    client: &Client,
    params: ToolListParams,
    limit: Option<usize>,
) -> Result<Vec<Tool>> {
    let page_size = limit.map_or(PAGE_SIZE, |l| (l as u32).clamp(1, PAGE_SIZE));
    let mut pager = client.tools().iter(ToolListParams {
        limit: Some(page_size),
        ..params
    })?;
    let mut tools = Vec::new();
    while let Some(page) = pager.next_page().await? {
        tools.extend(page.items);
        if limit.is_some_and(|l| tools.len() >= l) {
            break;
        }
    }
    Ok(tools)
}

/// The tools named by slug, in the order named; a slug the API does not know is a `not_found` error.
async fn named(client: &Client, slugs: &[String]) -> Result<Vec<Tool>> {
    if slugs.is_empty() {
        return Ok(vec![]);
    }
    let wanted: Vec<String> = slugs.iter().map(|s| s.to_uppercase()).collect();
    let found = every_page(
        client,
        ToolListParams {
            tool_slugs: wanted.clone(),
            ..Default::default()
        },
        None,
    )
    .await?;
    let mut ordered = Vec::new();
    let mut missing = Vec::new();
    for slug in &wanted {
        match found.iter().find(|t| t.slug.eq_ignore_ascii_case(slug)) {
            Some(tool) => ordered.push(tool.clone()),
            None => missing.push(slug.as_str()),
        }
    }
    if missing.is_empty() {
        Ok(ordered)
    } else {
        Err(Error::new(
            ErrorKind::NotFound,
            format!("no tool with the slug {}", missing.join(", ")),
        ))
    }
}
