//! Live trigger events over the emulator's own Pusher websocket: order, chunks, filters, reconnecting after the
//! emulator drops every connection, stopping from the consumer, and a refused channel signature.

mod common;

use std::time::{Duration, Instant};

use composio::realtime::{SubscribeOptions, TriggerFilters, TriggerSubscription};
use composio::{Client, ErrorKind, TriggerUpsertParams};
use composio_emulator::Emulator;
use serde_json::{json, Value};

use common::{admin, client, emulator, fault};

async fn trigger(client: &Client, slug: &str) -> String {
    let params = TriggerUpsertParams {
        user_id: Some("user-1".into()),
        trigger_config: json!({"owner": "acme", "repo": "live"})
            .as_object()
            .cloned(),
        ..Default::default()
    };
    client
        .triggers()
        .upsert(slug, &params)
        .await
        .expect("trigger made")
        .trigger_id
}

async fn fire(emu: &Emulator, trigger_id: &str, data: Value) -> Value {
    admin(
        emu,
        "POST",
        &format!("/_emulator/triggers/{trigger_id}/fire"),
        Some(json!({ "data": data })),
    )
    .await
}

/// Waits (polling the emulator, bounded) until `want` sockets have joined a channel.
async fn wait_for_subscribers(emu: &Emulator, want: u64) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let status = admin(emu, "GET", "/_emulator/realtime", None).await;
        if status["subscribed"].as_u64() == Some(want) {
            return;
        }
        assert!(Instant::now() < deadline, "no {want} subscribers: {status}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn next(sub: &mut TriggerSubscription) -> composio::WebhookEvent {
    tokio::time::timeout(Duration::from_secs(15), sub.next())
        .await
        .expect("an event within 15 s")
        .expect("the subscription goes on")
        .expect("an event, not an error")
}

#[tokio::test]
async fn events_arrive_in_order_chunked_filtered_and_after_a_reconnect() {
    let emu = emulator().await;
    let client = client(&emu);
    let wanted = trigger(&client, "GITHUB_STAR_ADDED_EVENT").await;
    let other = trigger(&client, "GITHUB_COMMIT_EVENT").await;
    assert_ne!(wanted, other);
    let filters = TriggerFilters {
        trigger_slug: Some("github_star_added_event".into()),
        trigger_id: Some(wanted.clone()),
        toolkit: Some("github".into()),
        ..Default::default()
    };
    let mut sub = client
        .triggers()
        .subscribe(SubscribeOptions {
            filters,
            ..Default::default()
        })
        .await
        .expect("subscribed");
    let large = "x".repeat(40 * 1024);
    assert_eq!(fire(&emu, &wanted, json!({"n": 1})).await["realtime"], 1);
    fire(&emu, &other, json!({"n": "filtered out"})).await;
    fire(&emu, &wanted, json!({"n": 2, "large": large})).await;
    fire(&emu, &wanted, json!({"n": 3})).await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        let event = next(&mut sub).await;
        assert_eq!(event.event_type, "composio.trigger.message");
        assert_eq!(event.data["n"], n);
        let meta = event.metadata.expect("trigger metadata");
        assert_eq!(meta.trigger_id.as_deref(), Some(wanted.as_str()));
        assert_eq!(meta.user_id.as_deref(), Some("user-1"));
        ids.push(event.webhook_id);
    }
    assert_eq!(
        ids.iter().collect::<std::collections::HashSet<_>>().len(),
        3
    );

    let dropped = admin(&emu, "POST", "/_emulator/realtime/drop", Some(json!({}))).await;
    assert_eq!(dropped["dropped"], 1);
    wait_for_subscribers(&emu, 1).await;
    fire(&emu, &wanted, json!({"n": 4})).await;
    assert_eq!(next(&mut sub).await.data["n"], 4);

    // Stopping from the consumer ends the stream at once, with events still coming.
    fire(&emu, &wanted, json!({"n": 5})).await;
    sub.stop();
    assert!(sub.next().await.is_none());
    wait_for_subscribers(&emu, 0).await;
}

#[tokio::test]
async fn a_stop_handle_ends_a_waiting_consumer() {
    let emu = emulator().await;
    let client = client(&emu);
    let mut sub = client
        .triggers()
        .subscribe(SubscribeOptions::default())
        .await
        .expect("subscribed");
    let handle = sub.stop_handle();
    let waiting = tokio::spawn(async move { sub.next().await.is_none() });
    handle.stop();
    let ended = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    assert!(ended.expect("ends promptly").expect("no panic"));
}

#[tokio::test]
async fn a_bad_channel_signature_is_a_typed_error_not_a_hang() {
    let emu = emulator().await;
    let client = client(&emu);
    fault(
        &emu,
        json!({"method": "POST", "path": "/api/v3/internal/sdk/realtime/auth", "status": 200,
               "body": "{\"auth\": \"nope:0000\"}", "body_kind": "raw"}),
    )
    .await;
    let started = Instant::now();
    let error = match client
        .triggers()
        .subscribe(SubscribeOptions::default())
        .await
    {
        Ok(_) => panic!("a forged signature subscribed"),
        Err(e) => e,
    };
    assert_eq!(error.kind(), ErrorKind::Authentication, "{error}");
    assert_eq!(error.slug(), Some("Realtime_SubscriptionRefused"));
    assert!(started.elapsed() < Duration::from_secs(10));

    let plain = Client::new(composio::ClientOptions {
        api_key: Some(emu.api_key.clone()),
        base_url: Some(emu.base_url.clone()),
        ..Default::default()
    })
    .unwrap();
    let error = match plain
        .triggers()
        .subscribe(SubscribeOptions {
            realtime_url: Some("ws://example.com/app/k".into()),
            ..Default::default()
        })
        .await
    {
        Ok(_) => panic!("plain ws to a public host"),
        Err(e) => e,
    };
    assert_eq!(error.kind(), ErrorKind::Configuration, "{error}");
}
