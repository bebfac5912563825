//! Live trigger events for Python: a subscription made blocking or awaitable, its events handed over as JSON
//! text (the package builds its `WebhookEvent` from it), and a `stop` that never waits for anything.

use std::sync::Arc;

use composio::realtime::{StopHandle, SubscribeOptions, TriggerSubscription};
use pyo3::prelude::*;

use crate::asyncio;
use crate::client::{block, NativeClient};
use crate::convert::from_py;
use crate::errors::OrRaise;

#[pyclass(frozen, module = "composio_rs._native")]
pub struct NativeSubscription {
    events: Arc<tokio::sync::Mutex<TriggerSubscription>>,
    stop: StopHandle,
}

impl NativeSubscription {
    fn new(subscription: TriggerSubscription) -> Self {
        Self {
            stop: subscription.stop_handle(),
            events: Arc::new(tokio::sync::Mutex::new(subscription)),
        }
    }
}

fn options(py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<SubscribeOptions> {
    SubscribeOptions::from_json(&from_py(options)?).or_raise(py)
}

/// Subscribes (blocking until the channel is joined, within the client's timeout).
#[pyfunction]
pub fn subscribe(
    py: Python<'_>,
    client: &NativeClient,
    options: &Bound<'_, PyAny>,
) -> PyResult<NativeSubscription> {
    let options = self::options(py, options)?;
    let client = client.client.clone();
    let subscription = block(
        py,
        async move { client.triggers().subscribe(options).await },
    )?;
    Ok(NativeSubscription::new(subscription))
}

/// Subscribes (awaitable).
#[pyfunction]
pub fn subscribe_async<'py>(
    py: Python<'py>,
    client: &NativeClient,
    options: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = self::options(py, options)?;
    let client = client.client.clone();
    asyncio::spawn(
        py,
        async move { client.triggers().subscribe(options).await },
        |py, subscription| Ok(Py::new(py, NativeSubscription::new(subscription))?.into_any()),
    )
}

async fn next_event(
    events: Arc<tokio::sync::Mutex<TriggerSubscription>>,
) -> composio::Result<Option<String>> {
    let event = events.lock().await.next().await.transpose()?;
    Ok(event.map(|e| serde_json::to_string(&e).unwrap_or_default()))
}

fn text_to_py(py: Python<'_>, text: Option<String>) -> PyResult<Py<PyAny>> {
    Ok(text.into_pyobject(py)?.into_any().unbind())
}

#[pymethods]
impl NativeSubscription {
    /// The next event as JSON text; None once stopped. Blocks with the GIL released; Ctrl-C interrupts it.
    fn next(&self, py: Python<'_>) -> PyResult<Option<String>> {
        block(py, next_event(self.events.clone()))
    }

    fn next_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        asyncio::spawn(py, next_event(self.events.clone()), text_to_py)
    }

    /// Ends the subscription at once; safe from any thread and from inside the consumer's own loop.
    fn stop(&self) {
        self.stop.stop();
    }

    #[getter]
    fn stopped(&self) -> bool {
        self.stop.is_stopped()
    }
}
