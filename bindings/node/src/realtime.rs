//! Live trigger events for Node: a subscription whose events cross as JSON text, and a `stop` that never waits.

use std::sync::Arc;

use composio::realtime::{StopHandle, SubscribeOptions, TriggerSubscription};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::IntoNapi;
use crate::{calls, parse_args, NativeClient};

#[napi]
impl NativeClient {
    /// Subscribes to the project's live trigger events: `options` is JSON text of the filters (snake_case) and
    /// `realtime_url`; resolves once the channel is joined.
    #[napi]
    pub async fn subscribe(&self, options: String, call_id: u32) -> Result<NativeSubscription> {
        let options = parse_args(&options)
            .and_then(|v| SubscribeOptions::from_json(&v))
            .into_napi()?;
        let client = self.client.clone();
        let subscription = calls::run(call_id, async move {
            client.triggers().subscribe(options).await
        })
        .await?;
        Ok(NativeSubscription {
            stop: subscription.stop_handle(),
            events: Arc::new(tokio::sync::Mutex::new(subscription)),
        })
    }
}

#[napi]
pub struct NativeSubscription {
    events: Arc<tokio::sync::Mutex<TriggerSubscription>>,
    stop: StopHandle,
}

#[napi]
impl NativeSubscription {
    /// The next event as JSON text; null once stopped.
    #[napi]
    pub async fn next(&self) -> Result<Option<String>> {
        let events = self.events.clone();
        let event = calls::run(
            0,
            async move { events.lock().await.next().await.transpose() },
        )
        .await?;
        Ok(event.map(|e| serde_json::to_string(&e).unwrap_or_default()))
    }

    /// Ends the subscription at once: a waiting `next` resolves to null.
    #[napi]
    pub fn stop(&self) {
        self.stop.stop();
    }

    #[napi(getter)]
    pub fn stopped(&self) -> bool {
        self.stop.is_stopped()
    }
}
