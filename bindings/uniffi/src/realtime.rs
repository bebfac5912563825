//! Live trigger events for Kotlin and Swift: `client.triggers().subscribe(filters)` → a `TriggerSubscription`
//! whose `next()` gives each event (null once stopped). The package wraps it as a Kotlin `Flow` and a Swift
//! `AsyncSequence`; cancelling their collection stops the subscription.

use std::sync::Arc;

use composio::realtime::{StopHandle, SubscribeOptions, TriggerFilters};
use composio::runtime::{block_on_shared, run_on_shared};
use composio::WebhookEvent;

use crate::error::ComposioError;
use crate::generated::Triggers;

/// A live subscription to the project's trigger events. It reconnects by itself after a dropped connection;
/// `next` fails only when it cannot go on (its key refused).
#[derive(uniffi::Object)]
pub struct TriggerSubscription {
    events: Arc<tokio::sync::Mutex<composio::realtime::TriggerSubscription>>,
    stop: StopHandle,
}

impl TriggerSubscription {
    fn wrap(inner: composio::realtime::TriggerSubscription) -> Arc<Self> {
        Arc::new(Self {
            stop: inner.stop_handle(),
            events: Arc::new(tokio::sync::Mutex::new(inner)),
        })
    }

    fn next_call(
        &self,
    ) -> impl std::future::Future<Output = composio::Result<Option<WebhookEvent>>> + 'static {
        let events = self.events.clone();
        async move { events.lock().await.next().await.transpose() }
    }
}

#[uniffi::export]
impl TriggerSubscription {
    /// The next event; null once the subscription is stopped.
    pub async fn next(&self) -> Result<Option<WebhookEvent>, ComposioError> {
        Ok(run_on_shared(self.next_call()).await?)
    }

    pub fn next_blocking(&self) -> Result<Option<WebhookEvent>, ComposioError> {
        Ok(block_on_shared(self.next_call())?)
    }

    /// Ends the subscription at once (from any thread, a callback included): a waiting `next` returns null.
    pub fn stop(&self) {
        self.stop.stop();
    }

    pub fn is_stopped(&self) -> bool {
        self.stop.is_stopped()
    }
}

fn subscribe_call(
    client: composio::Client,
    filters: Option<TriggerFilters>,
    realtime_url: Option<String>,
) -> impl std::future::Future<Output = composio::Result<Arc<TriggerSubscription>>> + 'static {
    let options = SubscribeOptions {
        filters: filters.unwrap_or_default(),
        realtime_url,
    };
    async move {
        let subscription = client.triggers().subscribe(options).await?;
        Ok(TriggerSubscription::wrap(subscription))
    }
}

#[uniffi::export]
impl Triggers {
    /// Subscribes to the project's live trigger events (those `filters` match); returns once the channel is
    /// joined, so a refused key or channel signature is an error here, never a hang. `realtime_url` replaces the
    /// websocket the realtime credentials name (for tests and relays).
    #[uniffi::method(default(filters = None, realtime_url = None))]
    pub async fn subscribe(
        &self,
        filters: Option<TriggerFilters>,
        realtime_url: Option<String>,
    ) -> Result<Arc<TriggerSubscription>, ComposioError> {
        Ok(run_on_shared(subscribe_call(self.0.clone(), filters, realtime_url)).await?)
    }

    #[uniffi::method(default(filters = None, realtime_url = None))]
    pub fn subscribe_blocking(
        &self,
        filters: Option<TriggerFilters>,
        realtime_url: Option<String>,
    ) -> Result<Arc<TriggerSubscription>, ComposioError> {
        Ok(block_on_shared(subscribe_call(
            self.0.clone(),
            filters,
            realtime_url,
        ))?)
    }
}
