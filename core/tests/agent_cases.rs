//! The shared agent cases (`tests/cases/agent.json`), as every language runs them: a tool in → its definition
//! out per format; a toolset built against the emulator → its definitions; a model's response handled → the
//! messages to send back, byte for byte.

mod common;

use composio::agent::{tool_definition, Arguments, Format, ToolsetOptions};
use serde_json::{json, Value};

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/cases/agent.json"
    ))
    .expect("tests/cases/agent.json");
    serde_json::from_str(&text).expect("agent.json is JSON")
}

/// What a case produced: a value to compare with `expect`, or an error.
async fn run(emu: &composio_emulator::Emulator, case: &Value) -> composio::Result<Value> {
    if let Some(def) = case.get("definition") {
        let format = Format::parse(def["format"].as_str().unwrap_or(""))?;
        let strict = def["strict"].as_bool().unwrap_or(false);
        return Ok(json!({"definition": tool_definition(&def["tool"], format, strict)?}));
    }
    if let Some(fault) = case.get("fault") {
        common::fault(emu, fault.clone()).await;
    }
    let client = common::client(emu);
    let toolset = client
        .toolset(ToolsetOptions::from_json(case["toolset"].clone())?)
        .await?;
    let mut out = json!({
        "count": toolset.definitions().len(),
        "definitions": toolset.definitions(),
        "names": toolset.tools().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "json_schemas": toolset.json_schemas(),
    });
    if let Some(response) = case.get("handle") {
        out["outputs"] = json!(toolset.handle(response).await?);
    }
    if let Some(call) = case.get("execute") {
        let arguments = Arguments::Json(call["arguments"].clone());
        out["result"] = toolset
            .execute(call["name"].as_str().unwrap_or(""), arguments)
            .await
            .to_json();
    }
    Ok(out)
}

/// Checks `actual` against `expect`: every key of `expect` must match (`*_contains` keys: a substring of the
/// JSON text of the key without the suffix).
fn check(name: &str, expect: &Value, actual: &composio::Result<Value>) {
    match (expect.get("error"), actual) {
        (Some(kind), Err(e)) => {
            assert_eq!(e.kind().as_str(), kind, "{name}: {e}");
            if let Some(part) = expect["message_contains"].as_str() {
                assert!(e.message().contains(part), "{name}: {e}");
            }
        }
        (Some(_), Ok(v)) => panic!("{name}: expected an error, got {v}"),
        (None, Err(e)) => panic!("{name}: {e}"),
        (None, Ok(actual)) => {
            for (key, want) in expect.as_object().expect("expect is an object") {
                if let Some(field) = key.strip_suffix("_contains") {
                    let text = actual[field].to_string();
                    for part in want.as_array().expect("a list of substrings") {
                        assert!(
                            text.contains(part.as_str().unwrap()),
                            "{name}: {field} lacks {part}: {text}"
                        );
                    }
                } else {
                    assert_eq!(
                        &actual[key],
                        want,
                        "{name}: {key}\nactual: {}",
                        serde_json::to_string(&actual[key]).unwrap()
                    );
                }
            }
        }
    }
}

/// A case with `files: true`, its `{files}` replaced by a fresh directory of the two files the cases upload.
fn with_files(case: &Value) -> (Value, Option<common::TempDir>) {
    if case["files"] != json!(true) {
        return (case.clone(), None);
    }
    let dir = common::TempDir::new("agent-files");
    std::fs::create_dir_all(dir.path().join("allowed")).unwrap();
    std::fs::create_dir_all(dir.path().join("secret")).unwrap();
    std::fs::write(dir.path().join("allowed/report.txt"), "quarterly numbers\n").unwrap();
    std::fs::write(dir.path().join("secret/id_rsa"), "not a key\n").unwrap();
    let real = std::fs::canonicalize(dir.path()).unwrap();
    let text = case.to_string().replace("{files}", real.to_str().unwrap());
    (serde_json::from_str(&text).unwrap(), Some(dir))
}

#[tokio::test]
async fn shared_agent_cases() {
    let emu = common::emulator().await;
    let cases = cases();
    assert!(cases.len() >= 20, "the shared agent cases are there");
    // AGENT_CASES_RECORD=FILE writes what each case produced, to write a new case's `expect` from (review it).
    let record = std::env::var("AGENT_CASES_RECORD").ok();
    let mut recorded = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().expect("a case has a name");
        common::reset(&emu).await;
        let (case, _dir) = with_files(case);
        let case = &case;
        let actual = run(&emu, case).await;
        if record.is_some() {
            recorded.push(match &actual {
                Ok(v) => json!({"name": name, "actual": v}),
                Err(e) => json!({"name": name, "error": e.kind().as_str(), "message": e.message()}),
            });
            continue;
        }
        check(name, &case["expect"], &actual);
    }
    if let Some(path) = record {
        std::fs::write(path, serde_json::to_string_pretty(&recorded).unwrap()).unwrap();
    }
}
