//! Pagination: lazy, complete, in order, resumable after an error, and safe from a looping cursor.

mod common;

use std::collections::HashSet;

use composio::{CreateProjectParams, ErrorKind, ProjectListParams, ToolListParams};
use futures_util::StreamExt;
use serde_json::json;

#[tokio::test]
async fn iter_walks_every_page_lazily_without_duplicates() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let filter = ToolListParams {
        toolkit_slug: Some("github".into()),
        limit: Some(100),
        ..Default::default()
    };
    let first = client.tools().list(&filter).await.unwrap();
    assert!(first.total_items > 300, "github should span several pages");
    common::reset(&emu).await;
    let mut pager = client.tools().iter(filter).unwrap();
    let first_item = pager.next_item().await.unwrap().unwrap();
    assert_eq!(
        common::count(&emu, "GET /api/v3.1/tools").await,
        1,
        "one page fetched for the first item"
    );
    let mut slugs = vec![first_item.slug];
    while let Some(tool) = pager.next_item().await.unwrap() {
        slugs.push(tool.slug);
    }
    let unique: HashSet<_> = slugs.iter().collect();
    assert_eq!(slugs.len() as u64, first.total_items);
    assert_eq!(unique.len(), slugs.len());
    assert_eq!(
        common::count(&emu, "GET /api/v3.1/tools").await,
        first.total_pages
    );
}

#[tokio::test]
async fn the_stream_form_yields_every_item() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let stream = client
        .tools()
        .iter(ToolListParams {
            toolkit_slug: Some("slack".into()),
            limit: Some(7),
            ..Default::default()
        })
        .unwrap()
        .into_stream();
    let tools: Vec<_> = stream.map(|t| t.unwrap()).collect().await;
    assert!(tools.len() > 7);
    assert!(tools.iter().all(|t| t.toolkit.slug == "slack"));
}

#[tokio::test]
async fn projects_come_newest_first_across_pages() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let mut created = Vec::new();
    for _ in 0..5 {
        let name = common::unique("page");
        client
            .projects()
            .create(&CreateProjectParams::new(&name))
            .await
            .unwrap();
        created.push(name);
    }
    let mut pager = client
        .projects()
        .iter(ProjectListParams {
            limit: Some(2),
            cursor: None,
        })
        .unwrap();
    let mut names = Vec::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        assert!(page.items.len() <= 2);
        names.extend(page.items.into_iter().map(|p| p.name));
    }
    created.reverse();
    assert_eq!(&names[..5], &created[..]);
    assert_eq!(names.last().map(String::as_str), Some("default"));
}

#[tokio::test]
async fn a_failed_page_is_fetched_again_not_skipped() {
    let emu = common::emulator().await;
    let client = common::client_without_retries(&emu);
    let filter = ToolListParams {
        toolkit_slug: Some("gmail".into()),
        limit: Some(10),
        ..Default::default()
    };
    let all: Vec<String> = client
        .tools()
        .list(&ToolListParams {
            limit: Some(1000),
            ..filter.clone()
        })
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.slug)
        .collect();
    let mut pager = client.tools().iter(filter).unwrap();
    let mut seen: Vec<String> = pager
        .next_page()
        .await
        .unwrap()
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.slug)
        .collect();
    common::fault(
        &emu,
        json!({"path": "/api/v3.1/tools", "count": 1, "status": 503}),
    )
    .await;
    assert_eq!(
        pager.next_page().await.unwrap_err().kind(),
        ErrorKind::Server
    );
    while let Some(page) = pager.next_page().await.unwrap() {
        seen.extend(page.items.into_iter().map(|t| t.slug));
    }
    assert_eq!(seen, all);
}

#[tokio::test]
async fn a_server_repeating_its_cursor_is_stopped() {
    let emu = common::emulator().await;
    let body = r#"{"items": [], "next_cursor": "loop", "total_pages": 9, "current_page": 1, "total_items": 0}"#;
    common::fault(&emu, json!({"path": "/api/v3.1/tools", "count": 1, "status": 200, "body_kind": "raw", "body": body})).await;
    let mut pager = common::client(&emu)
        .tools()
        .iter(ToolListParams {
            cursor: Some("loop".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        pager.next_page().await.unwrap_err().kind(),
        ErrorKind::Decode
    );
    assert!(pager.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn iter_checks_its_arguments_before_any_request() {
    let emu = common::emulator().await;
    let result = common::client(&emu).tools().iter(ToolListParams {
        limit: Some(5000),
        ..Default::default()
    });
    assert_eq!(
        result.err().map(|e| e.kind()),
        Some(ErrorKind::Configuration)
    );
}

#[tokio::test]
async fn a_numbered_page_says_which_page_is_next() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    for i in 0..3 {
        client
            .mcp()
            .create_custom(&composio::McpCreateCustomParams {
                name: format!("numbered-{i}"),
                toolkits: vec!["github".into()],
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let list = |page_no| composio::McpListParams {
        name: Some("numbered-".into()),
        page_no: Some(page_no),
        limit: Some(2),
        ..Default::default()
    };
    let first = client.mcp().list(&list(1)).await.unwrap();
    assert_eq!((first.items.len(), first.next()), (2, None));
    assert_eq!(first.next_page_no(), Some(2));
    let last = client.mcp().list(&list(2)).await.unwrap();
    assert_eq!((last.items.len(), last.next_page_no()), (1, None));
    // A cursor list's page numbers only count: its next page is the cursor.
    let tools = client
        .tools()
        .list(&ToolListParams {
            toolkit_slug: Some("github".into()),
            limit: Some(5),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(tools.next().is_some());
    assert_eq!(tools.next_page_no(), None);
}
