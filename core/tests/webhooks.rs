//! The webhook vectors of `tests/cases/webhooks.json`, which every language runs.

use composio::{verify_webhook, webhooks::DEFAULT_TOLERANCE_SECONDS};
use serde_json::Value;

const CASES: &str = include_str!("../../tests/cases/webhooks.json");

#[test]
fn webhook_vectors() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = run(case) {
            failures.push(format!("{}: {why}", case["name"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn run(case: &Value) -> Result<(), String> {
    let headers: Vec<(String, String)> = case["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let secret = case["secret"].as_str().unwrap();
    let outcome = verify_webhook(
        case["body"].as_str().unwrap().as_bytes(),
        &headers,
        secret,
        case["tolerance_seconds"]
            .as_u64()
            .unwrap_or(DEFAULT_TOLERANCE_SECONDS),
        case["now"].as_i64(),
    );
    let expect = &case["expect"];
    match outcome {
        Ok(event) => {
            if expect["ok"] != true {
                return Err(format!("expected an error, got {event:?}"));
            }
            let got = serde_json::to_value(&event).unwrap();
            for (key, want) in expect.as_object().unwrap() {
                if key != "ok" && !contains(&got[key], want) {
                    return Err(format!("{key}: expected {want}, got {}", got[key]));
                }
            }
            Ok(())
        }
        Err(e) => {
            if e.to_string().contains(secret) || format!("{e:?}").contains(secret) {
                return Err("the error shows the secret".into());
            }
            if expect["error"].as_str() != Some(e.kind().as_str()) {
                return Err(format!("expected {}, got {e}", expect["error"]));
            }
            if expect["slug"].as_str() != e.slug() {
                return Err(format!(
                    "expected slug {}, got {:?}",
                    expect["slug"],
                    e.slug()
                ));
            }
            if let Some(part) = expect["message_contains"].as_str() {
                if !e.message().contains(part) {
                    return Err(format!("expected {part:?} in {:?}", e.message()));
                }
            }
            Ok(())
        }
    }
}

/// `want` is a subset of `got` (objects: every key of `want`, recursively; anything else: equal).
fn contains(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| contains(gv, v))),
        _ => got == want,
    }
}
