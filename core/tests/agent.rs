//! The agent layer in Rust against the emulator: modifiers, custom tools, concurrency and failures that must
//! stay inside a call's result.

mod common;

use std::sync::Arc;

use composio::agent::{
    hook, CustomTool, Format, Modifier, ModifierKind, ToolFilter, ToolsetOptions,
};
use serde_json::{json, Value};

fn issue_call(id: &str, arguments: Value) -> Value {
    json!({"id": id, "type": "function", "function": {"name": "GITHUB_CREATE_ISSUE", "arguments": arguments.to_string()}})
}

fn content(output: &Value) -> Value {
    serde_json::from_str(output["content"].as_str().expect("content is text"))
        .expect("content is JSON")
}

fn modifier(
    kind: ModifierKind,
    filter: ToolFilter,
    f: impl Fn(Value) -> Result<Value, String> + Send + Sync + 'static,
) -> Modifier {
    let f = Arc::new(f);
    Modifier {
        kind,
        filter,
        hook: hook(move |_, value| {
            let f = f.clone();
            async move { f(value) }
        }),
    }
}

#[tokio::test]
async fn modifiers_change_schemas_requests_and_results_of_the_tools_they_name() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let only_issue = ToolFilter {
        tools: vec!["github_create_issue".into()],
        toolkits: vec![],
    };
    let toolset = client
        .toolset(ToolsetOptions {
            user_id: "user-1".into(),
            tools: vec!["GITHUB_CREATE_ISSUE".into(), "GITHUB_GET_ISSUE".into()],
            modifiers: vec![
                modifier(ModifierKind::Schema, only_issue.clone(), |mut tool| {
                    tool["description"] = json!("Open an issue (modified).");
                    Ok(tool)
                }),
                modifier(
                    ModifierKind::BeforeExecute,
                    only_issue.clone(),
                    |mut request| {
                        request["arguments"]["title"] = json!("[bot] title");
                        Ok(request)
                    },
                ),
                modifier(
                    ModifierKind::AfterExecute,
                    ToolFilter {
                        tools: vec![],
                        toolkits: vec!["github".into()],
                    },
                    |mut result| {
                        result["data"]["user_id"] = json!("redacted");
                        Ok(result)
                    },
                ),
            ],
            ..Default::default()
        })
        .await
        .unwrap();
    let defs = toolset.definitions();
    assert_eq!(
        defs[0]["function"]["description"],
        "Open an issue (modified)."
    );
    assert_ne!(
        defs[1]["function"]["description"],
        "Open an issue (modified)."
    );
    let out = toolset
        .handle(&json!([issue_call(
            "a",
            json!({"owner": "o", "repo": "r", "title": "t"})
        )]))
        .await
        .unwrap();
    let result = content(&out[0]);
    assert_eq!(result["data"]["arguments"]["title"], "[bot] title");
    assert_eq!(result["data"]["user_id"], "redacted");
}

#[tokio::test]
async fn a_failing_or_panicking_modifier_fails_only_its_call() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let panicking = Modifier {
        kind: ModifierKind::BeforeExecute,
        filter: ToolFilter {
            tools: vec!["GITHUB_GET_ISSUE".into()],
            toolkits: vec![],
        },
        hook: hook(|_, _| async move { panic!("boom in user code") }),
    };
    let failing = modifier(
        ModifierKind::AfterExecute,
        ToolFilter {
            tools: vec!["GITHUB_LIST_ISSUES".into()],
            toolkits: vec![],
        },
        |_| Err("redaction service down".into()),
    );
    let toolset = client
        .toolset(ToolsetOptions {
            user_id: "user-1".into(),
            tools: vec![
                "GITHUB_CREATE_ISSUE".into(),
                "GITHUB_GET_ISSUE".into(),
                "GITHUB_LIST_ISSUES".into(),
            ],
            modifiers: vec![panicking, failing],
            ..Default::default()
        })
        .await
        .unwrap();
    let call = |id: &str, name: &str, args: Value| json!({"id": id, "type": "function", "function": {"name": name, "arguments": args.to_string()}});
    let out = toolset
        .handle(&json!([
            call(
                "1",
                "GITHUB_GET_ISSUE",
                json!({"owner": "o", "repo": "r", "issue_id": "1"})
            ),
            call(
                "2",
                "GITHUB_LIST_ISSUES",
                json!({"owner": "o", "repo": "r"})
            ),
            call(
                "3",
                "GITHUB_CREATE_ISSUE",
                json!({"owner": "o", "repo": "r", "title": "t"})
            ),
        ]))
        .await
        .unwrap();
    assert_eq!(out.len(), 3);
    assert!(
        content(&out[0])["error"]
            .as_str()
            .unwrap()
            .contains("internal error"),
        "{}",
        out[0]
    );
    assert!(content(&out[1])["error"]
        .as_str()
        .unwrap()
        .contains("redaction service down"));
    assert_eq!(content(&out[2])["successful"], true);
}

#[tokio::test]
async fn custom_tools_run_locally_with_the_users_account() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let add = CustomTool {
        slug: "ADD_NUMBERS".into(),
        description: "Adds two numbers.".into(),
        input_schema: json!({"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}),
        toolkit: None,
        run: hook(|_, input| async move {
            let sum = input["arguments"]["a"].as_f64().unwrap_or(0.0)
                + input["arguments"]["b"].as_f64().unwrap_or(0.0);
            Ok(json!({"sum": sum}))
        }),
    };
    let whoami = CustomTool {
        slug: "GITHUB_WHOAMI".into(),
        description: "Which GitHub account is connected.".into(),
        input_schema: json!({"type": "object", "properties": {}}),
        toolkit: Some("github".into()),
        run: hook(|_, input| async move {
            Ok(
                json!({"account": input["connected_account_id"], "status": input["account"]["status"]}),
            )
        }),
    };
    let toolset = client
        .toolset(ToolsetOptions {
            user_id: "user-1".into(),
            format: Format::Anthropic,
            custom_tools: vec![add, whoami],
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<&str> = toolset
        .definitions()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ADD_NUMBERS", "GITHUB_WHOAMI"]);
    let out = toolset
        .handle(&json!({"role": "assistant", "content": [
            {"type": "tool_use", "id": "t1", "name": "ADD_NUMBERS", "input": {"a": 2, "b": 3}},
            {"type": "tool_use", "id": "t2", "name": "GITHUB_WHOAMI", "input": {}}]}))
        .await
        .unwrap();
    let blocks = out[0]["content"].as_array().unwrap();
    let first: Value = serde_json::from_str(blocks[0]["content"].as_str().unwrap()).unwrap();
    assert_eq!(first["data"]["sum"], 5.0);
    let second: Value = serde_json::from_str(blocks[1]["content"].as_str().unwrap()).unwrap();
    assert_eq!(second["data"]["status"], "ACTIVE", "{second}");
    assert!(
        second["data"]["account"]
            .as_str()
            .unwrap()
            .starts_with("ca_"),
        "{second}"
    );

    // user-2 has no active GitHub account: the bound tool says so instead of running.
    let toolset = client
        .toolset(ToolsetOptions {
            user_id: "user-2".into(),
            custom_tools: vec![CustomTool {
                slug: "GITHUB_WHOAMI".into(),
                description: String::new(),
                input_schema: json!({"type": "object"}),
                toolkit: Some("github".into()),
                run: hook(|_, _| async move { Ok(json!("unreachable")) }),
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    let result = toolset
        .execute("GITHUB_WHOAMI", composio::agent::Arguments::Json(json!({})))
        .await;
    assert!(!result.successful && result.error.unwrap().contains("no active github account"));
}

/// Eight calls that each wait until all eight have started: they only finish if they run at the same time.
#[tokio::test]
async fn the_calls_of_one_response_run_concurrently_up_to_the_bound() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let gather = |n: usize| {
        let barrier = Arc::new(tokio::sync::Barrier::new(n));
        CustomTool {
            slug: "GATHER".into(),
            description: String::new(),
            input_schema: json!({"type": "object"}),
            toolkit: None,
            run: hook(move |_, _| {
                let barrier = barrier.clone();
                async move {
                    barrier.wait().await;
                    Ok(json!("together"))
                }
            }),
        }
    };
    let calls: Vec<Value> = (0..8)
        .map(|i| json!({"id": format!("c{i}"), "type": "function", "function": {"name": "GATHER", "arguments": "{}"}}))
        .collect();
    let toolset = |max: usize, n: usize| {
        client.toolset(ToolsetOptions {
            user_id: "u".into(),
            custom_tools: vec![gather(n)],
            max_concurrency: Some(max),
            timeout: Some(std::time::Duration::from_millis(500)),
            ..Default::default()
        })
    };
    let out = toolset(8, 8)
        .await
        .unwrap()
        .handle(&json!(calls))
        .await
        .unwrap();
    assert!(
        out.iter().all(|o| content(o)["successful"] == true),
        "{out:?}"
    );
    let ids: Vec<&str> = out
        .iter()
        .map(|o| o["tool_call_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"]);
    // Bounded at 4, the first four wait for four that never start alongside them: they time out, and say so.
    let out = toolset(4, 8)
        .await
        .unwrap()
        .handle(&json!(calls))
        .await
        .unwrap();
    assert!(content(&out[0])["error"]
        .as_str()
        .unwrap()
        .contains("did not finish"));
}

#[tokio::test]
async fn custom_tools_are_checked_before_any_request() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let tool = |slug: &str| CustomTool {
        slug: slug.into(),
        description: String::new(),
        input_schema: json!({"type": "object"}),
        toolkit: None,
        run: hook(|_, _| async move { Ok(Value::Null) }),
    };
    for (tools, words) in [
        (vec![tool("A"), tool("a")], "two custom tools"),
        (vec![tool("")], "needs a slug"),
        (
            vec![CustomTool {
                input_schema: json!("x"),
                ..tool("B")
            }],
            "JSON Schema object",
        ),
    ] {
        let err = client
            .toolset(ToolsetOptions {
                user_id: "u".into(),
                custom_tools: tools,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(err.kind(), composio::ErrorKind::Configuration);
        assert!(err.message().contains(words), "{err}");
    }
    let err = client
        .toolset(ToolsetOptions {
            user_id: "u".into(),
            tools: vec!["GITHUB_CREATE_ISSUE".into()],
            custom_tools: vec![tool("GITHUB_CREATE_ISSUE")],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(err.message().contains("slug of a Composio tool"), "{err}");
}
