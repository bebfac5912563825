//! The main job: walks the documented flows. With no COMPOSIO_API_KEY it starts the embedded emulator
//! and runs everything against it; with real keys it runs only the read-only part against the real API.

use composio::{
    AuthConfigCreateParams, Client, ClientOptions, CreateProjectParams, Error, ExecuteParams,
    LinkParams, ProjectListParams, ProjectSettingsUpdate, ToolListParams, ToolkitListParams,
    UploadParams, WaitParams,
};
use composio_emulator::Emulator;

#[path = "demo_parts/session.rs"]
mod session;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var("COMPOSIO_API_KEY")
        .map(|k| !k.is_empty())
        .unwrap_or(false)
    {
        println!("COMPOSIO_API_KEY is set: read-only tour of the real API");
        return Ok(read_only_tour(&Client::from_env()?).await?);
    }
    let emu = Emulator::start().await?;
    println!(
        "No COMPOSIO_API_KEY: using the embedded emulator at {}\n",
        emu.base_url
    );
    let client = Client::new(ClientOptions {
        api_key: Some(emu.api_key.clone()),
        org_api_key: Some(emu.org_api_key.clone()),
        base_url: Some(emu.base_url.clone()),
        ..ClientOptions::default()
    })?;
    Ok(full_tour(&client, &emu).await?)
}

async fn full_tour(client: &Client, emu: &Emulator) -> Result<(), Error> {
    println!("1. Create a project with an API key (organization key)");
    let created = client
        .projects()
        .create(&CreateProjectParams {
            name: "my-staging-project".into(),
            should_create_api_key: true,
            config: None,
        })
        .await?;
    println!("   {created:?}");

    println!("2. List projects page by page, newest first");
    let mut pager = client.projects().iter(ProjectListParams {
        limit: Some(1),
        cursor: None,
    })?;
    while let Some(page) = pager.next_page().await? {
        let names: Vec<_> = page.items.iter().map(|p| p.name.as_str()).collect();
        println!(
            "   page {}/{}: {names:?}",
            page.current_page, page.total_pages
        );
    }

    println!("3. Read the project with its keys (keys masked in Debug)");
    let details = client.projects().get(&created.id).await?;
    println!(
        "   {} ({}), keys: {:?}",
        details.project.name, details.project.id, details.api_keys
    );

    println!("4. Update the new project's settings with its own key");
    let project = client.with_api_key(created.api_key.as_deref().unwrap_or_default())?;
    let settings = project
        .project_settings()
        .update(&ProjectSettingsUpdate {
            mask_secret_keys_in_connected_account: Some(false),
            log_visibility_setting: Some("show_all".into()),
            ..Default::default()
        })
        .await?;
    println!("   {settings:?}");

    read_only_tour(&project).await?;
    connect_and_execute(client).await?;
    agent_turn(client).await?;
    let trigger_id = trigger_to_webhook(client, &emu.project_id).await?;
    session::session_turn(client).await?;
    session::live_event(client, &trigger_id).await?;

    println!("16. Errors are typed");
    let stranger = client.with_api_key("ak_not_a_real_key_000")?;
    let err = stranger
        .tools()
        .list(&ToolListParams::default())
        .await
        .unwrap_err();
    println!("   401 -> kind {:?}: {err}", err.kind());
    let read_only = Client::new(ClientOptions {
        org_api_key: Some(emu.readonly_org_api_key.clone()),
        base_url: Some(emu.base_url.clone()),
        ..ClientOptions::default()
    })?;
    let err = read_only
        .projects()
        .create(&CreateProjectParams::new("not-allowed"))
        .await
        .unwrap_err();
    println!("   403 -> kind {:?}: {err}", err.kind());
    Ok(())
}

async fn read_only_tour(client: &Client) -> Result<(), Error> {
    println!("5. List the github toolkit's tools");
    let page = client
        .tools()
        .list(&ToolListParams {
            toolkit_slug: Some("github".into()),
            limit: Some(5),
            ..Default::default()
        })
        .await?;
    for tool in &page.items {
        println!("   {:<40} {}", tool.slug, tool.name);
    }
    let mut every = client.tools().iter(ToolListParams {
        toolkit_slug: Some("github".into()),
        limit: Some(200),
        ..Default::default()
    })?;
    let mut count = 0;
    while every.next_item().await?.is_some() {
        count += 1;
    }
    println!("   ... {count} github tools in all (followed every next_cursor; nothing truncated)");

    println!("6. Toolkits");
    let toolkits = client
        .toolkits()
        .list(&ToolkitListParams {
            limit: Some(5),
            ..Default::default()
        })
        .await?;
    let slugs: Vec<_> = toolkits.items.iter().map(|t| t.slug.as_str()).collect();
    println!("   {slugs:?} of {}", toolkits.total_items);
    Ok(())
}

/// The loop apps use Composio for: an auth config, a user's connection through a link, then tools run as
/// that user. The emulator plays the end user's browser too: a GET of the link completes it.
async fn connect_and_execute(client: &Client) -> Result<(), Error> {
    println!("7. Create a Composio-managed auth config for github");
    let created = client
        .auth_configs()
        .create(&AuthConfigCreateParams::new("github"))
        .await?;
    let auth_config_id = created.auth_config.id;
    println!("   {auth_config_id} ({})", created.auth_config.auth_scheme);

    println!("8. Send user demo-user through a connect link");
    let link = client
        .connected_accounts()
        .link(&LinkParams::new(auth_config_id, "demo-user"))
        .await?;
    println!(
        "   {} -> {} (expires {})",
        link.connected_account_id, link.redirect_url, link.expires_at
    );

    println!("9. The user opens the link (here: one GET, as their browser would)");
    let opened = reqwest::get(&link.redirect_url)
        .await
        .map_err(|e| Error::configuration(format!("the demo could not open the link: {e}")))?;
    println!("   HTTP {}", opened.status());

    println!("10. Wait for the connection (polls with backoff; typed error on FAILED/EXPIRED)");
    let account = client
        .connected_accounts()
        .wait_for_connection(
            &link.connected_account_id,
            &WaitParams {
                timeout: Some(std::time::Duration::from_secs(10)),
            },
        )
        .await?;
    println!(
        "   {} is {} for {}",
        account.id, account.status, account.user_id
    );

    println!("11. Run a tool as demo-user");
    let mut arguments = serde_json::Map::new();
    for (k, v) in [("owner", "acme"), ("repo", "app"), ("title", "Login fails")] {
        arguments.insert(k.into(), v.into());
    }
    let result = client
        .tools()
        .execute(
            "GITHUB_CREATE_ISSUE",
            &ExecuteParams {
                arguments: Some(arguments),
                user_id: Some("demo-user".into()),
                ..Default::default()
            },
        )
        .await?;
    println!(
        "   successful: {}, data: {}",
        result.successful, result.data
    );

    println!("12. Upload a file for a tool (presigned URL; the PUT carries no Composio key)");
    let uploaded = client
        .files()
        .upload(&UploadParams {
            content: Some(b"Steps to reproduce: ...".to_vec()),
            filename: Some("report.txt".into()),
            ..UploadParams::new("github", "GITHUB_CREATE_ISSUE")
        })
        .await?;
    println!(
        "   {} ({}, md5 {})",
        uploaded.key, uploaded.mimetype, uploaded.md5
    );
    Ok(())
}

/// A trigger on demo-user's account; the emulator (as Composio would) POSTs its event, signed, to the app's
/// webhook, and the app verifies it with `verify_webhook`.
/// What apps use Composio for: the user's tools handed to a model, and the calls it makes run as that user.
/// The model's answer here is scripted (three parallel calls, one with broken JSON); a real one comes from its API.
async fn agent_turn(client: &Client) -> Result<(), Error> {
    use composio::agent::{Format, ToolsetOptions};
    use serde_json::json;

    println!("Agent: demo-user's GitHub tools in OpenAI's format (strict), every page");
    let toolset = client
        .toolset(ToolsetOptions {
            user_id: "demo-user".into(),
            toolkits: vec!["github".into()],
            format: Format::OpenAi,
            strict: true,
            ..Default::default()
        })
        .await?;
    println!(
        "   {} definitions for the model's `tools`",
        toolset.definitions().len()
    );
    let call = |id: &str, arguments: &str| json!({"id": id, "type": "function", "function": {"name": "GITHUB_CREATE_ISSUE", "arguments": arguments}});
    let response = json!({"choices": [{"message": {"role": "assistant", "tool_calls": [
        call("call_1", r#"{"owner": "acme", "repo": "app", "title": "Login fails"}"#),
        call("call_2", r#"{"owner": "acme", "repo": "app", "title": "Logout fails"}"#),
        call("call_3", r#"{"owner": "acme", "#),
    ]}}]});
    println!("Agent: run the model's three calls (concurrently); a broken one becomes its result");
    for message in toolset.handle(&response).await? {
        let content = message["content"].as_str().unwrap_or_default();
        let preview: String = content.chars().take(110).collect();
        println!("   {} -> {preview}…", message["tool_call_id"]);
    }
    Ok(())
}

async fn trigger_to_webhook(client: &Client, project_id: &str) -> Result<String, Error> {
    println!("13. Subscribe to new stars on acme/app for demo-user's github account");
    let accounts = client
        .connected_accounts()
        .list(&composio::ConnectedAccountListParams {
            user_ids: vec!["demo-user".into()],
            toolkit_slugs: vec!["github".into()],
            ..Default::default()
        })
        .await?;
    let account = accounts
        .items
        .first()
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let mut config = serde_json::Map::new();
    config.insert("owner".into(), "acme".into());
    config.insert("repo".into(), "app".into());
    let trigger = client
        .triggers()
        .upsert(
            "GITHUB_STAR_ADDED_EVENT",
            &composio::TriggerUpsertParams {
                connected_account_id: Some(account),
                trigger_config: Some(config),
                ..Default::default()
            },
        )
        .await?;
    println!("   trigger {}", trigger.trigger_id);

    println!("14. The app listens for webhooks (the dashboard would hold its URL; the emulator takes it by an admin route)");
    let (url, event) = receive_one_webhook().await;
    let admin = |path: String, body: serde_json::Value| composio::RawRequest {
        method: "POST".into(),
        path,
        query: Vec::new(),
        body: Some(body),
        credential: composio::Credential::None,
    };
    let hook = client
        .request(&admin(
            format!("/_emulator/projects/{project_id}/webhook"),
            serde_json::json!({ "url": url }),
        ))
        .await?;
    let secret = hook["webhook_secret"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    println!("   {url} (secret {})", composio::mask(&secret));

    println!("15. A star arrives: the signed event is received and verified");
    client
        .request(&admin(
            format!("/_emulator/triggers/{}/fire", trigger.trigger_id),
            serde_json::json!({ "data": { "stargazer": "octocat" } }),
        ))
        .await?;
    let (headers, body) = event
        .await
        .map_err(|_| Error::configuration("no webhook arrived"))?;
    let verified = composio::verify_webhook(&body, &headers, &secret, 300, None)?;
    println!(
        "   {} {} for {:?}: {}",
        verified.event_type,
        verified.webhook_id,
        verified.metadata.as_ref().and_then(|m| m.user_id.clone()),
        verified.data
    );
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    let err = composio::verify_webhook(&tampered, &headers, &secret, 300, None).unwrap_err();
    println!("   a changed body -> {:?}: {}", err.slug(), err.message());
    Ok(trigger.trigger_id)
}

type Webhook = (Vec<(String, String)>, Vec<u8>);

/// A one-request HTTP receiver on 127.0.0.1: its URL, and the request it gets (headers, raw body).
async fn receive_one_webhook() -> (String, tokio::sync::oneshot::Receiver<Webhook>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!(
        "http://{}/webhooks/composio",
        listener.local_addr().expect("bound")
    );
    let (send, receive) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut data = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            let n = socket.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                return;
            }
            data.extend_from_slice(&buf[..n]);
            let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&data[..end]).to_string();
            let headers: Vec<(String, String)> = head
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect();
            let length = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                let body = data[end + 4..end + 4 + length].to_vec();
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                    .await;
                let _ = send.send((headers, body));
                return;
            }
        }
    });
    (url, receive)
}
