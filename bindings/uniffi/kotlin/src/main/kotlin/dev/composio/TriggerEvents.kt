package dev.composio

import dev.composio.models.TriggerFilters
import dev.composio.models.WebhookEvent
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * The project's live trigger events (those [filters] match) as a cold [Flow]: collecting it subscribes (a refused
 * key or channel signature throws there), each event is emitted in the order fired, and ending the collection
 * (cancelling it, `take(n)`, an exception) stops the subscription. [realtimeUrl] replaces the websocket the
 * realtime credentials name (tests, relays).
 */
fun Triggers.events(filters: TriggerFilters? = null, realtimeUrl: String? = null): Flow<WebhookEvent> = flow {
    val subscription = subscribe(filters, realtimeUrl)
    try {
        emitEvents(subscription)
    } finally {
        subscription.close() // the flow made it, so the flow frees it
    }
}

/** This subscription's events as a [Flow] (collect it once); ending the collection stops the subscription (the
 *  object stays usable: `isStopped()`, and `close()` is the caller's). */
fun TriggerSubscription.asFlow(): Flow<WebhookEvent> = flow { emitEvents(this@asFlow) }

private suspend fun kotlinx.coroutines.flow.FlowCollector<WebhookEvent>.emitEvents(subscription: TriggerSubscription) {
    try {
        while (true) emit(subscription.next() ?: break)
    } finally {
        subscription.stop()
    }
}
