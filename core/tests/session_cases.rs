//! The shared session flows (`tests/cases/sessions.json`) against the emulator: a session made, its meta tools
//! handed to a scripted model, the calls run in the session, the user's connection completed, and the session's
//! own operations. Python, Node and Kotlin run the same file.

mod common;

use std::time::Duration;

use composio::agent::ToolsetOptions;
use composio::session::{session_params, session_update_params};
use composio::{
    MountDownloadParams, MountUploadParams, Session, ToolRouterLink, ToolRouterLinkParams,
    ToolRouterSearchParams, WaitParams,
};
use composio_emulator::Emulator;
use serde_json::{json, Map, Value};

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/sessions.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[derive(Default)]
struct Flow {
    session: Option<Session>,
    toolset: Option<composio::agent::Toolset>,
    link: Option<ToolRouterLink>,
    saved: Map<String, Value>,
}

fn substitute(value: &Value, emu: &Emulator, unique: &str, saved: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) if s.starts_with('$') && saved.contains_key(&s[1..]) => {
            saved[&s[1..]].clone()
        }
        Value::String(s) => Value::String(
            s.replace("$unique", unique)
                .replace("$api_key", &emu.api_key),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, emu, unique, saved))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, emu, unique, saved)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn object(value: &Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn json_of(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Tool messages with their content read as JSON (what the model would read).
fn readable(outputs: Vec<Value>) -> Value {
    Value::Array(
        outputs
            .into_iter()
            .map(|mut message| {
                if let Some(text) = message["content"].as_str() {
                    if let Ok(parsed) = serde_json::from_str::<Value>(text) {
                        message["content"] = parsed;
                    }
                }
                message
            })
            .collect(),
    )
}

async fn run_step(
    client: &composio::Client,
    flow: &mut Flow,
    name: &str,
    args: &Value,
) -> composio::Result<Value> {
    let session = || {
        flow.session
            .clone()
            .expect("a session made by an earlier step")
    };
    Ok(match name {
        "create" => {
            let made = client
                .sessions()
                .create(&session_params(args.clone())?)
                .await?;
            flow.session = Some(made.clone());
            json_of(made.info())
        }
        "get" => json_of(client.sessions().get(session().id()).await?.info()),
        "update" => {
            let mut current = session();
            current
                .update(&session_update_params(args.clone())?)
                .await?;
            flow.session = Some(current.clone());
            json_of(current.info())
        }
        "toolset" => {
            let options = ToolsetOptions::from_json(args.clone())?;
            let toolset = session().toolset(options).await?;
            let names: Vec<String> = toolset.tools().map(|t| t.name.clone()).collect();
            let answer =
                json!({"names": names, "count": names.len(), "definitions": toolset.definitions()});
            flow.toolset = Some(toolset);
            answer
        }
        "handle" => {
            let toolset = flow
                .toolset
                .clone()
                .expect("a toolset made by an earlier step");
            readable(toolset.handle(args).await?)
        }
        "execute" => json_of(
            session()
                .execute(
                    args["tool_slug"].as_str().unwrap(),
                    object(&args["arguments"]),
                )
                .await?,
        ),
        "execute_meta" => json_of(
            session()
                .execute_meta(args["slug"].as_str().unwrap(), object(&args["arguments"]))
                .await?,
        ),
        "search" => {
            let params: ToolRouterSearchParams = serde_json::from_value(args.clone()).unwrap();
            json_of(session().search(&params).await?)
        }
        "authorize" => {
            let params = ToolRouterLinkParams::new(args["toolkit"].as_str().unwrap());
            let link = session().authorize(&params).await?;
            flow.link = Some(link.clone());
            json_of(link)
        }
        "wait_for_connection" => {
            let link = flow.link.clone().expect("a link made by an earlier step");
            let params = WaitParams {
                timeout: args["timeout_ms"].as_u64().map(Duration::from_millis),
            };
            json_of(session().wait_for_connection(&link, &params).await?)
        }
        "toolkits" => {
            let all = session().toolkits(Default::default()).await?;
            json!({"count": all.len(), "items": all})
        }
        "mcp" => {
            let mcp = session().mcp().await?;
            json!({"type": mcp.kind, "url": mcp.url, "headers": mcp.headers})
        }
        "upload_file" => {
            let mut params = MountUploadParams::new(args["mount_relative_path"].as_str().unwrap());
            if let Some(text) = args["content_text"].as_str() {
                params.content = Some(text.as_bytes().to_vec());
            }
            let dir = common::TempDir::new("session-upload");
            if let Some(text) = args["from_file"].as_str() {
                let path = dir.path().join("source.txt");
                std::fs::write(&path, text).unwrap();
                params.path = Some(path.to_string_lossy().into_owned());
            }
            json_of(session().files().upload(&params).await?)
        }
        "list_files" => {
            let all = session().files().list(args["prefix"].as_str()).await?;
            json!({"count": all.len(), "items": all})
        }
        "download_file" => {
            let dir = common::TempDir::new("session-download");
            let path = dir.path().join("downloaded");
            let to = path.to_string_lossy().into_owned();
            let params =
                MountDownloadParams::new(args["mount_relative_path"].as_str().unwrap(), to);
            let mut answer = json_of(session().files().download(&params).await?);
            answer["content_text"] = json!(std::fs::read_to_string(&path).unwrap());
            answer
        }
        "delete_file" => json_of(
            session()
                .files()
                .delete(args["mount_relative_path"].as_str().unwrap())
                .await?,
        ),
        "delete" => json_of(session().delete().await?),
        other => panic!("unknown session step {other}"),
    })
}

fn lookup<'a>(value: &'a Value, dotted: &str) -> &'a Value {
    dotted
        .split('.')
        .fold(value, |v, part| match (v, part.parse::<usize>()) {
            (Value::Array(_), Ok(i)) => &v[i],
            _ => &v[part],
        })
}

fn check(got: &composio::Result<Value>, expect: &Value) -> Result<(), String> {
    match (got, expect.get("error")) {
        (Err(e), Some(kind)) => {
            if Some(e.kind().as_str()) != kind.as_str() {
                return Err(format!("expected a {kind} error, got {e}"));
            }
            if let Some(status) = expect["status"].as_u64() {
                if e.status() != Some(status as u16) {
                    return Err(format!("expected status {status}, got {:?}", e.status()));
                }
            }
            if let Some(words) = expect["message_contains"].as_str() {
                if !e.message().contains(words) {
                    return Err(format!("expected {words:?} in {:?}", e.message()));
                }
            }
            Ok(())
        }
        (Err(e), None) => Err(format!("expected success, got {e}")),
        (Ok(v), Some(kind)) => Err(format!("expected a {kind} error, got {v}")),
        (Ok(value), None) => {
            for (path, want) in expect["fields"].as_object().into_iter().flatten() {
                let found = lookup(value, path);
                if found != want {
                    return Err(format!("{path}: expected {want}, got {found}"));
                }
            }
            for (path, words) in expect["contains"].as_object().into_iter().flatten() {
                let found = lookup(value, path).as_str().unwrap_or_default();
                if !found.contains(words.as_str().unwrap()) {
                    return Err(format!("{path}: expected {words} in {found:?}"));
                }
            }
            for path in expect["non_null"].as_array().into_iter().flatten() {
                if lookup(value, path.as_str().unwrap()).is_null() {
                    return Err(format!("{path} is null"));
                }
            }
            Ok(())
        }
    }
}

const STEPS: [&str; 17] = [
    "upload_file",
    "list_files",
    "download_file",
    "delete_file",
    "create",
    "get",
    "update",
    "toolset",
    "handle",
    "execute",
    "execute_meta",
    "search",
    "authorize",
    "wait_for_connection",
    "toolkits",
    "mcp",
    "delete",
];

#[tokio::test]
async fn shared_session_cases() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut failures = Vec::new();
    for case in cases() {
        let case_name = case["name"].as_str().unwrap();
        let unique = common::unique("s");
        let mut flow = Flow::default();
        for (index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let step = substitute(step, &emu, &unique, &flow.saved);
            if let Some(url) = step["visit"].as_str() {
                let status = http.get(url).send().await.unwrap().status().as_u16();
                if Some(u64::from(status)) != step["expect_status"].as_u64() {
                    failures.push(format!("{case_name} #{index}: visit answered {status}"));
                }
                continue;
            }
            let name = STEPS
                .iter()
                .find(|s| step.get(**s).is_some())
                .unwrap_or_else(|| panic!("{case_name} #{index}: no step kind"));
            let got = run_step(&client, &mut flow, name, &step[*name]).await;
            if let Err(why) = check(&got, &step["expect"]) {
                failures.push(format!("{case_name} #{index} {name}: {why}"));
            }
            if let Ok(value) = &got {
                for (saved, path) in step["save"].as_object().into_iter().flatten() {
                    let found = lookup(value, path.as_str().unwrap()).clone();
                    flow.saved.insert(saved.clone(), found);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Modifiers apply to a session's tools too, and each sees the session id: the schema one while the toolset is
/// built, the before-execute one with the request, the after-execute one with the result it may change.
#[tokio::test]
async fn modifiers_of_a_session_see_its_id() {
    use composio::agent::{hook, Modifier, ModifierKind, ToolFilter};
    use std::sync::{Arc, Mutex};

    let emu = common::emulator().await;
    let client = common::client(&emu);
    let params =
        session_params(json!({"user_id": common::unique("mod"), "toolkits": ["github"]})).unwrap();
    let session = client.sessions().create(&params).await.unwrap();
    let seen = Arc::new(Mutex::new(Vec::<(String, Value)>::new()));
    let modifier = |kind: ModifierKind, label: &'static str| {
        let seen = seen.clone();
        Modifier {
            kind,
            filter: ToolFilter {
                tools: vec!["COMPOSIO_SEARCH_TOOLS".into()],
                toolkits: vec![],
            },
            hook: hook(move |_, mut value: Value| {
                let seen = seen.clone();
                async move {
                    seen.lock()
                        .unwrap()
                        .push((label.to_string(), value["session_id"].clone()));
                    if label == "schema" {
                        value["description"] = json!("Find tools for a task.");
                    }
                    if label == "after" {
                        value["data"] = json!({"redacted": true});
                    }
                    Ok(value)
                }
            }),
        }
    };
    let options = ToolsetOptions {
        modifiers: vec![
            modifier(ModifierKind::Schema, "schema"),
            modifier(ModifierKind::BeforeExecute, "before"),
            modifier(ModifierKind::AfterExecute, "after"),
        ],
        ..Default::default()
    };
    let toolset = session.toolset(options).await.unwrap();
    assert_eq!(toolset.session_id(), Some(session.id()));
    assert_eq!(
        toolset.definitions()[0]["function"]["description"],
        "Find tools for a task."
    );
    let result = toolset
        .execute(
            "COMPOSIO_SEARCH_TOOLS",
            composio::agent::Arguments::Json(json!({"query": "issue"})),
        )
        .await;
    assert!(result.successful, "{result:?}");
    assert_eq!(result.data, json!({"redacted": true}));
    let id = json!(session.id());
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![
            ("schema".into(), id.clone()),
            ("before".into(), id.clone()),
            ("after".into(), id)
        ]
    );
}

/// A selection or an account beside a session would be ignored, so it is refused before any request.
#[tokio::test]
async fn a_session_toolset_refuses_a_selection() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let params =
        session_params(json!({"user_id": common::unique("sel"), "toolkits": ["github"]})).unwrap();
    let session = client.sessions().create(&params).await.unwrap();
    let options =
        ToolsetOptions::from_json(json!({"toolkits": ["github"], "connected_account_id": "ca_1"}))
            .unwrap();
    let e = session.toolset(options).await.unwrap_err();
    assert_eq!(e.kind(), composio::ErrorKind::Configuration);
    assert!(
        e.message().contains("toolkits, connected_account_id"),
        "{}",
        e.message()
    );
}
