//! The blocking client: the same operations without async, and a clear error inside a runtime.

mod common;

use composio::{blocking, ErrorKind, ToolListParams};
use composio_emulator::Emulator;

fn blocking_client(emu: &Emulator) -> blocking::Client {
    blocking::Client::new(common::options(emu)).unwrap()
}

#[test]
fn blocking_calls_and_iteration() {
    let emu = Emulator::spawn().unwrap();
    let client = blocking_client(&emu);
    let page = client
        .tools()
        .list(&ToolListParams {
            toolkit_slug: Some("notion".into()),
            limit: Some(3),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.items.len(), 3);
    let all: Vec<_> = client
        .tools()
        .iter(ToolListParams {
            toolkit_slug: Some("notion".into()),
            limit: Some(3),
            ..Default::default()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len() as u64, page.total_items);
    assert_eq!(
        client
            .tools()
            .get("NOTION_CREATE_PAGE", None)
            .map(|t| t.slug)
            .ok()
            .as_deref(),
        Some("NOTION_CREATE_PAGE")
    );
    assert_eq!(
        client.projects().get(&emu.project_id).unwrap().project.id,
        emu.project_id
    );
    assert_eq!(
        client.toolkits().get("nope").unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn blocking_client_is_shared_by_threads() {
    let emu = Emulator::spawn().unwrap();
    let client = blocking_client(&emu);
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let client = client.clone();
            scope.spawn(move || client.project_settings().get().unwrap());
        }
    });
}

#[tokio::test]
async fn blocking_inside_a_runtime_is_an_error_not_a_panic() {
    let emu = common::emulator().await;
    let client = blocking_client(&emu);
    let err = client.project_settings().get().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
}

#[test]
fn a_pager_refused_inside_a_runtime_still_works_outside() {
    let emu = Emulator::spawn().unwrap();
    let client = blocking_client(&emu);
    let mut pager = client.tools().iter(ToolListParams::default()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let refused = runtime.block_on(async { pager.next() });
    assert_eq!(
        refused.unwrap().unwrap_err().kind(),
        ErrorKind::Configuration
    );
    assert!(
        pager.next().unwrap().is_ok(),
        "the pager was lost by the refused call"
    );
}

#[test]
fn a_blocking_toolset_builds_and_handles_a_response() {
    use composio::agent::{Arguments, ToolsetOptions};
    use serde_json::json;
    let emu = Emulator::spawn().unwrap();
    let toolset = blocking_client(&emu)
        .toolset(ToolsetOptions {
            user_id: "user-1".into(),
            tools: vec!["GITHUB_CREATE_ISSUE".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(toolset.definitions().len(), 1);
    let call = |id: &str, args: &str| json!({"id": id, "type": "function", "function": {"name": "GITHUB_CREATE_ISSUE", "arguments": args}});
    let response = json!({"choices": [{"message": {"role": "assistant", "tool_calls": [
        call("c1", r#"{"owner": "acme", "repo": "app", "title": "Bug"}"#), call("c2", "{not json")]}}]});
    let outputs = toolset.handle(&response).unwrap();
    assert_eq!(outputs.len(), 2);
    assert!(outputs[0]["content"]
        .as_str()
        .unwrap()
        .contains("\"successful\":true"));
    assert!(outputs[1]["content"]
        .as_str()
        .unwrap()
        .contains("\"successful\":false"));
    let result = toolset.execute("NOPE", Arguments::Json(json!({})));
    assert!(result.error.unwrap().contains("no tool named"));
}
