//! The demo's session turn and live event: the tool router's meta tools handed to a scripted model, the user's
//! connection completed from the link the model was given, two tools run in one call; then a trigger's event
//! received over the project's realtime channel (no public URL).

use composio::agent::{Format, ToolsetOptions};
use composio::realtime::{SubscribeOptions, TriggerFilters};
use composio::session::session_params;
use composio::{Client, Error};
use serde_json::{json, Value};

fn model_calls(calls: &[(&str, &str, Value)]) -> Value {
    let calls: Vec<Value> = calls
        .iter()
        .map(|(id, name, arguments)| {
            json!({"id": id, "type": "function",
                   "function": {"name": name, "arguments": arguments.to_string()}})
        })
        .collect();
    json!({"choices": [{"message": {"role": "assistant", "tool_calls": calls}}]})
}

/// The tool message's content as the model reads it.
fn content(messages: &[Value]) -> Value {
    let text = messages[0]["content"].as_str().unwrap_or("null");
    serde_json::from_str(text).unwrap_or(Value::Null)
}

pub async fn session_turn(client: &Client) -> Result<(), Error> {
    println!(
        "Session: a tool router session for demo-user (GitHub connected above, Gmail not yet)"
    );
    let params = session_params(json!({"user_id": "demo-user", "toolkits": ["github", "gmail"]}))?;
    let session = client.sessions().create(&params).await?;
    let mcp = session.mcp().await?;
    println!(
        "   {} (MCP: {}, headers {:?})",
        session.id(),
        mcp.url,
        mcp.headers.keys().collect::<Vec<_>>()
    );
    let toolset = session
        .toolset(ToolsetOptions {
            format: Format::OpenAi,
            ..Default::default()
        })
        .await?;
    let names: Vec<&str> = toolset.tools().map(|t| t.name.as_str()).collect();
    println!(
        "   the model gets {} meta tools: {}",
        names.len(),
        names.join(", ")
    );

    let search = json!({"query": "list emails"});
    let found = content(
        &toolset
            .handle(&model_calls(&[("c1", "COMPOSIO_SEARCH_TOOLS", search)]))
            .await?,
    );
    let slugs: Vec<&str> = found["data"]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["tool_slug"].as_str())
        .collect();
    println!("   model: COMPOSIO_SEARCH_TOOLS -> {slugs:?}");

    let manage = json!({"toolkits": ["gmail"]});
    let status = content(
        &toolset
            .handle(&model_calls(&[(
                "c2",
                "COMPOSIO_MANAGE_CONNECTIONS",
                manage,
            )]))
            .await?,
    );
    let link = status["data"]["toolkits"][0]["redirect_url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    println!("   model: COMPOSIO_MANAGE_CONNECTIONS -> gmail not connected, link {link}");
    let opened = reqwest::get(&link)
        .await
        .map_err(|e| Error::configuration(format!("the link did not open: {e}")))?;
    println!(
        "   the user opens the link: HTTP {}",
        opened.status().as_u16()
    );

    let both = json!({"tools": [
        {"tool_slug": "GMAIL_LIST_EMAILS", "arguments": {}},
        {"tool_slug": "GITHUB_LIST_ISSUES", "arguments": {"owner": "acme", "repo": "app"}},
    ]});
    let ran = content(
        &toolset
            .handle(&model_calls(&[("c3", "COMPOSIO_MULTI_EXECUTE_TOOL", both)]))
            .await?,
    );
    for result in ran["data"]["results"].as_array().into_iter().flatten() {
        let outcome = result["error"].as_str().unwrap_or("ok");
        println!(
            "   model: COMPOSIO_MULTI_EXECUTE_TOOL {} -> {outcome}",
            result["tool_slug"]
        );
    }
    session.delete().await?;
    Ok(())
}

/// Subscribes to the project's live events, fires `trigger_id` (an emulator admin route) and prints the event.
pub async fn live_event(client: &Client, trigger_id: &str) -> Result<(), Error> {
    println!("Live: subscribe to the project's trigger events (a websocket; no public URL needed)");
    let filters = TriggerFilters {
        trigger_id: Some(trigger_id.to_string()),
        ..Default::default()
    };
    let mut events = client
        .triggers()
        .subscribe(SubscribeOptions {
            filters,
            ..Default::default()
        })
        .await?;
    let fire = composio::RawRequest {
        method: "POST".into(),
        path: format!("/_emulator/triggers/{trigger_id}/fire"),
        query: Vec::new(),
        body: Some(json!({"data": {"stargazer": "hubot"}})),
        credential: composio::Credential::None,
    };
    client.request(&fire).await?;
    let wait = std::time::Duration::from_secs(10);
    match tokio::time::timeout(wait, events.next()).await {
        Ok(Some(event)) => {
            let event = event?;
            let slug = event
                .metadata
                .and_then(|m| m.trigger_slug)
                .unwrap_or_default();
            println!("   {} {slug}: {}", event.event_type, event.data);
        }
        _ => return Err(Error::configuration("no live event arrived")),
    }
    events.stop();
    Ok(())
}
