//! The shared live-event cases (`tests/cases/realtime.json`) against the emulator's Pusher websocket. Python,
//! Node and Kotlin run the same file, each with its own idiom (iterator, async iterator, Flow).

mod common;

use std::time::{Duration, Instant};

use composio::realtime::{SubscribeOptions, TriggerSubscription};
use composio::{Client, TriggerUpsertParams, WebhookEvent};
use composio_emulator::Emulator;
use serde_json::{json, Map, Value};

use common::{admin, fault};

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/realtime.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn wait_subscribed(emu: &Emulator, want: u64) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while admin(emu, "GET", "/_emulator/realtime", None).await["subscribed"] != want {
        assert!(Instant::now() < deadline, "no {want} subscribed sockets");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn receive(events: &mut TriggerSubscription) -> WebhookEvent {
    match tokio::time::timeout(Duration::from_secs(30), events.next()).await {
        Ok(Some(Ok(event))) => event,
        other => panic!("no event: {other:?}"),
    }
}

/// The expectations a `receive` or `stop_in_callback_after` step makes of the events it got.
fn check_events(events: &[WebhookEvent], expect: &Value, where_: &str) {
    let field = |e: &WebhookEvent, name: &str| e.data.get(name).cloned().unwrap_or(Value::Null);
    let ns: Vec<Value> = events.iter().map(|e| field(e, "n")).collect();
    assert_eq!(json!(ns), expect["n"], "{where_}: n");
    if let Some(large) = expect["large"].as_array() {
        let lengths: Vec<Value> = events
            .iter()
            .map(|e| {
                field(e, "large")
                    .as_str()
                    .map_or(Value::Null, |s| json!(s.len()))
            })
            .collect();
        assert_eq!(&lengths, large, "{where_}: large");
    }
    let meta = |e: &WebhookEvent| e.metadata.clone().unwrap_or_default();
    if let Some(id) = expect["trigger_id"].as_str() {
        assert!(
            events
                .iter()
                .all(|e| meta(e).trigger_id.as_deref() == Some(id)),
            "{where_}"
        );
    }
    if let Some(user) = expect["user_id"].as_str() {
        assert!(
            events
                .iter()
                .all(|e| meta(e).user_id.as_deref() == Some(user)),
            "{where_}"
        );
    }
    if let Some(kind) = expect["type"].as_str() {
        assert!(events.iter().all(|e| e.event_type == kind), "{where_}");
    }
    if let Some(distinct) = expect["distinct_ids"].as_u64() {
        let ids: std::collections::HashSet<_> = events.iter().map(|e| &e.webhook_id).collect();
        assert_eq!(ids.len() as u64, distinct, "{where_}: webhook ids");
    }
}

fn substitute(value: &Value, saved: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) if s.starts_with('$') => {
            saved.get(&s[1..]).cloned().unwrap_or(value.clone())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, saved)))
                .collect(),
        ),
        other => other.clone(),
    }
}

async fn run_case(emu: &Emulator, client: &Client, case: &Value) {
    let name = case["name"].as_str().unwrap();
    // Every case starts with no socket open, so the counts it waits for are its own.
    admin(emu, "POST", "/_emulator/realtime/drop", Some(json!({}))).await;
    wait_subscribed(emu, 0).await;
    let mut saved = Map::new();
    let mut events: Option<TriggerSubscription> = None;
    for (index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
        let step = substitute(step, &saved);
        let where_ = format!("{name} #{index}");
        if let Some(slug) = step["trigger"].as_str() {
            let params = TriggerUpsertParams {
                user_id: Some("user-1".into()),
                trigger_config: json!({"owner": "acme", "repo": "live"})
                    .as_object()
                    .cloned(),
                ..Default::default()
            };
            let made = client.triggers().upsert(slug, &params).await.unwrap();
            saved.insert(
                step["save"].as_str().unwrap().into(),
                json!(made.trigger_id),
            );
        } else if let Some(options) = step.get("subscribe") {
            let started = Instant::now();
            let made = match SubscribeOptions::from_json(options) {
                Ok(options) => client.triggers().subscribe(options).await,
                Err(e) => Err(e),
            };
            match (made, step["expect"]["error"].as_str()) {
                (Ok(made), None) => events = Some(made),
                (Err(e), Some(kind)) => {
                    assert_eq!(e.kind().as_str(), kind, "{where_}: {e}");
                    if let Some(slug) = step["expect"]["slug"].as_str() {
                        assert_eq!(e.slug(), Some(slug), "{where_}");
                    }
                    assert!(
                        started.elapsed() < Duration::from_secs(10),
                        "{where_}: slow"
                    );
                }
                (Ok(_), Some(kind)) => panic!("{where_}: expected a {kind} error"),
                (Err(e), None) => panic!("{where_}: {e}"),
            }
        } else if let Some(trigger) = step["fire"].as_str() {
            let mut data = step["data"].clone();
            if let Some(size) = step["large"].as_u64() {
                data["large"] = json!("x".repeat(size as usize));
            }
            let path = format!("/_emulator/triggers/{trigger}/fire");
            let fired = admin(emu, "POST", &path, Some(json!({ "data": data }))).await;
            if let Some(want) = step["expect_realtime"].as_u64() {
                assert_eq!(fired["realtime"], want, "{where_}");
            }
        } else if let Some(count) = step["receive"].as_u64() {
            let stream = events.as_mut().expect("subscribed");
            let mut got = Vec::new();
            for _ in 0..count {
                got.push(receive(stream).await);
            }
            check_events(&got, &step["expect"], &where_);
        } else if step.get("drop").is_some() {
            let dropped = admin(emu, "POST", "/_emulator/realtime/drop", Some(json!({}))).await;
            assert_eq!(dropped["dropped"], step["drop"], "{where_}");
        } else if let Some(want) = step["wait_subscribed"].as_u64() {
            wait_subscribed(emu, want).await;
        } else if step.get("stop").is_some() {
            let stream = events.as_mut().expect("subscribed");
            stream.stop();
            assert!(
                stream.next().await.is_none(),
                "{where_}: an event after stop"
            );
        } else if let Some(after) = step["stop_in_callback_after"].as_u64() {
            // Rust has no callback form: the loop body is the callback, and stops through the handle.
            let stream = events.as_mut().expect("subscribed");
            let stop = stream.stop_handle();
            let mut got = Vec::new();
            while let Some(event) = stream.next().await {
                got.push(event.unwrap());
                if got.len() as u64 == after {
                    stop.stop();
                }
            }
            check_events(&got, &step["expect"], &where_);
        } else if let Some(spec) = step.get("fault") {
            fault(emu, spec.clone()).await;
        } else {
            panic!("{where_}: unknown step {step}");
        }
    }
}

#[tokio::test]
async fn shared_realtime_cases() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    for case in cases() {
        run_case(&emu, &client, &case).await;
    }
}
