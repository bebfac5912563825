//! Live trigger events: `client.triggers().subscribe(options)` opens the project's Pusher channel (the way the
//! official SDKs receive events, with no public webhook URL) and yields each event as the `WebhookEvent` the
//! webhook verifier returns. The subscription outlives dropped connections (it reconnects with backoff and signs
//! the channel again), delivers a reassembled or repeated event once, filters in the client, and stops at once
//! from anywhere (`stop`, a `StopHandle`, or dropping it), a consumer's own callback included.

mod protocol;
mod socket;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message;

pub use protocol::TriggerFilters;
use protocol::{
    event_from_envelope, parse_frame, ping_frame, pong_frame, Chunks, Seen, CHUNKED_TRIGGER,
    TRIGGER,
};
use socket::{Endpoint, Session};

use crate::client::Client;
use crate::error::{ErrorKind, Result};
use crate::generated::Triggers;
use crate::webhooks::WebhookEvent;

/// Events waiting for the consumer; beyond this the socket is not read until it catches up.
const BUFFER: usize = 256;
/// How long a pong may take before the connection counts as dropped.
const PONG_TIMEOUT: Duration = Duration::from_secs(30);
const BACKOFF_FIRST: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(10);

/// How to subscribe: which events, and (for tests and self-hosted relays) the websocket URL to use instead of
/// the one the realtime credentials name.
#[derive(Debug, Clone, Default)]
pub struct SubscribeOptions {
    pub filters: TriggerFilters,
    pub realtime_url: Option<String>,
}

impl SubscribeOptions {
    /// The options from one JSON object (what the bindings pass): the filter names of `TriggerFilters` and
    /// `realtime_url`, each text or null; any other name is a configuration error.
    pub fn from_json(value: &serde_json::Value) -> Result<Self> {
        let serde_json::Value::Object(map) = value else {
            return Err(crate::error::Error::configuration(
                "subscribe options must be an object",
            ));
        };
        let mut options = Self::default();
        for (name, value) in map.iter().filter(|(_, v)| !v.is_null()) {
            let text = value.as_str().map(str::to_string).ok_or_else(|| {
                crate::error::Error::configuration(format!(
                    "the subscribe option {name} must be text"
                ))
            })?;
            let f = &mut options.filters;
            let slot = match name.as_str() {
                "trigger_slug" => &mut f.trigger_slug,
                "trigger_id" => &mut f.trigger_id,
                "toolkit" => &mut f.toolkit,
                "user_id" => &mut f.user_id,
                "auth_config_id" => &mut f.auth_config_id,
                "connected_account_id" => &mut f.connected_account_id,
                "realtime_url" => &mut options.realtime_url,
                _ => {
                    return Err(crate::error::Error::configuration(format!(
                        "unknown subscribe option {name:?}"
                    )))
                }
            };
            *slot = Some(text);
        }
        Ok(options)
    }
}

/// Stops a subscription from anywhere; cheap to clone, and stopping twice is harmless.
#[derive(Debug, Clone)]
pub struct StopHandle(std::sync::Arc<watch::Sender<bool>>);

impl StopHandle {
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }
}

/// The events of a subscription, as a `Stream` (or `next().await`). It ends after `stop`, or with one error
/// when the subscription cannot go on (its key refused); a dropped connection is not an error.
pub struct TriggerSubscription {
    events: mpsc::Receiver<Result<WebhookEvent>>,
    stop: StopHandle,
}

impl TriggerSubscription {
    pub async fn next(&mut self) -> Option<Result<WebhookEvent>> {
        if self.stop.is_stopped() {
            return None;
        }
        let mut stop = self.stop.0.subscribe();
        tokio::select! {
            event = self.events.recv() => event,
            _ = stopped(&mut stop) => None,
        }
    }
    pub fn stop(&self) {
        self.stop.stop();
    }
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }
}

impl futures_util::Stream for TriggerSubscription {
    type Item = Result<WebhookEvent>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.stop.is_stopped() {
            return Poll::Ready(None);
        }
        self.events.poll_recv(cx)
    }
}

impl Drop for TriggerSubscription {
    fn drop(&mut self) {
        self.stop.stop();
    }
}

impl Triggers<'_> {
    /// Subscribes to the project's live trigger events. Returns once the channel is joined (within the client's
    /// timeout): a refused key or channel signature is an error here, never a hang.
    pub async fn subscribe(&self, options: SubscribeOptions) -> Result<TriggerSubscription> {
        let client = self.client.clone();
        let endpoint = socket::endpoint(&client, options.realtime_url.as_deref()).await?;
        let limit = client.settings().timeout;
        let session = socket::connect(&client, &endpoint, limit).await?;
        let (tx, events) = mpsc::channel(BUFFER);
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker = Worker {
            client,
            endpoint,
            limit,
            filters: options.filters,
            tx,
            stop: stop_rx,
            chunks: Chunks::default(),
            seen: Seen::default(),
        };
        tokio::spawn(worker.run(session));
        Ok(TriggerSubscription {
            events,
            stop: StopHandle(std::sync::Arc::new(stop_tx)),
        })
    }
}

/// Why a connection ended.
enum End {
    Stopped,
    Dropped,
}

struct Worker {
    client: Client,
    endpoint: Endpoint,
    limit: Duration,
    filters: TriggerFilters,
    tx: mpsc::Sender<Result<WebhookEvent>>,
    stop: watch::Receiver<bool>,
    chunks: Chunks,
    seen: Seen,
}

impl Worker {
    async fn run(mut self, first: Session) {
        let mut session = Some(first);
        let mut failures = 0u32;
        loop {
            let Some(current) = session.take() else { break };
            if let End::Stopped = self.serve(current).await {
                return;
            }
            self.chunks.clear();
            // Reconnect until it works, the key is refused, or the subscription is stopped.
            loop {
                let wait = backoff(failures);
                failures = failures.saturating_add(1);
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stopped(&mut self.stop) => return,
                }
                let attempt = socket::connect(&self.client, &self.endpoint, self.limit);
                let outcome = tokio::select! {
                    outcome = attempt => outcome,
                    _ = stopped(&mut self.stop) => return,
                };
                match outcome {
                    Ok(next) => {
                        failures = 0;
                        session = Some(next);
                        break;
                    }
                    Err(e) if fatal(e.kind()) => {
                        self.report(e).await;
                        return;
                    }
                    Err(e) => tracing::debug!("realtime reconnect failed: {e}"),
                }
            }
        }
    }

    /// Reads one connection until it drops or the subscription stops.
    async fn serve(&mut self, mut session: Session) -> End {
        let mut waiting_for_pong = false;
        loop {
            let quiet = if waiting_for_pong {
                PONG_TIMEOUT
            } else {
                session.activity_timeout
            };
            let message = tokio::select! {
                message = tokio::time::timeout(quiet, session.ws.next()) => message,
                _ = stopped(&mut self.stop) => {
                    let _ = session.ws.close(None).await;
                    return End::Stopped;
                }
            };
            let text = match message {
                Err(_) if waiting_for_pong => return End::Dropped,
                Err(_) => {
                    waiting_for_pong = true;
                    if socket::send(&mut session.ws, ping_frame()).await.is_err() {
                        return End::Dropped;
                    }
                    continue;
                }
                Ok(Some(Ok(Message::Text(text)))) => text,
                Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => {
                    return End::Dropped
                }
                Ok(Some(Ok(_))) => continue,
            };
            waiting_for_pong = false;
            let Some(frame) = parse_frame(text.as_str()) else {
                continue;
            };
            let envelope = match frame.event.as_str() {
                "pusher:ping" => {
                    if socket::send(&mut session.ws, pong_frame()).await.is_err() {
                        return End::Dropped;
                    }
                    continue;
                }
                // 4200-4299: reconnect now; 4100-4199: after a while; 4000-4099: do not (the app key is refused).
                "pusher:error" => {
                    let code = frame.data["code"].as_u64().unwrap_or(0);
                    tracing::debug!("realtime server error {code}: {}", frame.data);
                    if (4000..4100).contains(&code) {
                        let e = crate::error::Error::new(
                            ErrorKind::Authentication,
                            format!(
                                "the realtime server closed the subscription: {}",
                                frame.data
                            ),
                        )
                        .with_operation("triggers.subscribe");
                        self.report(e).await;
                        return End::Stopped;
                    }
                    continue;
                }
                TRIGGER => (None, frame.data),
                CHUNKED_TRIGGER => match self.chunks.add(&frame.data) {
                    Some((id, text)) => match serde_json::from_str(&text) {
                        Ok(value) => (Some(id), value),
                        Err(e) => {
                            tracing::debug!("a reassembled realtime event is not JSON: {e}");
                            continue;
                        }
                    },
                    None => continue,
                },
                _ => continue,
            };
            if !self.deliver(envelope).await {
                let _ = session.ws.close(None).await;
                return End::Stopped;
            }
        }
    }

    /// Hands the error that ends the subscription to the consumer, unless it stops first (a full buffer must not
    /// keep the task alive after a stop).
    async fn report(&mut self, error: crate::error::Error) {
        tokio::select! {
            _ = self.tx.send(Err(error)) => {}
            _ = stopped(&mut self.stop) => {}
        }
    }

    /// Passes an event on when it is new and matches; false when the subscription is over (stopped, or nobody
    /// listens any more).
    async fn deliver(&mut self, (chunk_id, envelope): (Option<String>, serde_json::Value)) -> bool {
        let event = match event_from_envelope(envelope) {
            Ok(event) => event,
            Err(e) => {
                tracing::debug!("a realtime event was skipped: {e}");
                return true;
            }
        };
        let id = if event.webhook_id.is_empty() {
            chunk_id.unwrap_or_default()
        } else {
            event.webhook_id.clone()
        };
        if !self.seen.first_time(&id) || !self.filters.matches(&event) {
            return true;
        }
        tokio::select! {
            sent = self.tx.send(Ok(event)) => sent.is_ok(),
            _ = stopped(&mut self.stop) => false,
        }
    }
}

/// Resolves once the subscription is stopped (the watch guard is released before it returns, so the future
/// stays `Send`).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Errors that another attempt cannot mend: the key or its permission refused, a bad configuration.
fn fatal(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Authentication | ErrorKind::PermissionDenied | ErrorKind::Configuration
    )
}

/// `100 ms · 2ⁿ`, at most 10 s, minus up to a quarter of jitter.
fn backoff(failures: u32) -> Duration {
    let base = BACKOFF_FIRST
        .saturating_mul(2u32.saturating_pow(failures.min(16)))
        .min(BACKOFF_MAX);
    base.mul_f64(1.0 - fastrand::f64() * 0.25)
}
