package dev.composio

import dev.composio.models.TriggerFilters
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Live trigger events as a Flow over the emulator's own Pusher websocket: order, chunks, filters, a reconnect,
 *  stopping from the consumer, and a refused channel signature. */
class RealtimeTest {
    private val client = Emulator.client()

    private fun trigger(slug: String): String = client.triggers().upsertBlocking(
        slug, TriggerUpsertParams(userId = "user-1", triggerConfig = """{"owner": "acme", "repo": "live"}"""),
    ).triggerId

    private fun fire(triggerId: String, data: JSONObject): JSONObject =
        JSONObject(Emulator.admin("POST", "/_emulator/triggers/$triggerId/fire", JSONObject(mapOf("data" to data)).toString()))

    /** Polls the emulator (bounded) until [want] sockets have joined a channel. */
    private fun waitForSubscribers(want: Int) {
        val deadline = System.nanoTime() + 15_000_000_000
        while (JSONObject(Emulator.admin("GET", "/_emulator/realtime", null)).getInt("subscribed") != want) {
            assertTrue(System.nanoTime() < deadline, "no $want subscribers")
            Thread.sleep(20)
        }
    }

    private fun n(event: dev.composio.models.WebhookEvent): Int = JSONObject(event.data).getInt("n")

    /** No socket of an earlier test left open: the counts below are this test's. */
    private fun fresh() {
        Emulator.admin("POST", "/_emulator/realtime/drop", "{}")
        waitForSubscribers(0)
    }

    @Test
    fun eventsArriveInOrderChunkedFilteredAndAfterAReconnect() = runBlocking {
        fresh()
        val wanted = trigger("GITHUB_STAR_ADDED_EVENT")
        val other = trigger("GITHUB_COMMIT_EVENT")
        val filters = TriggerFilters(triggerSlug = "github_star_added_event", toolkit = "GITHUB")
        val subscription = client.triggers().subscribe(filters)
        assertEquals(1, fire(wanted, JSONObject(mapOf("n" to 1))).getInt("realtime"))
        fire(other, JSONObject(mapOf("n" to 0)))
        fire(wanted, JSONObject(mapOf("n" to 2, "large" to "x".repeat(40_000))))
        fire(wanted, JSONObject(mapOf("n" to 3)))
        val got = (1..3).map { withTimeout(30_000) { subscription.next()!! } }.toMutableList()
        assertEquals(1, JSONObject(Emulator.admin("POST", "/_emulator/realtime/drop", "{}")).getInt("dropped"))
        waitForSubscribers(1)
        fire(wanted, JSONObject(mapOf("n" to 4)))
        got += withTimeout(30_000) { subscription.next()!! }
        assertEquals(listOf(1, 2, 3, 4), got.map(::n))
        assertEquals(40_000, JSONObject(got[1].data).getString("large").length)
        assertEquals(wanted, got[0].metadata?.triggerId)
        assertEquals(4, got.map { it.webhookId }.toSet().size)
        subscription.stop()
        assertNull(subscription.next())
        subscription.close()
        waitForSubscribers(0)
    }

    @Test
    fun theFlowSubscribesOnCollectionAndStopsWhenTheConsumerIsDone() = runBlocking {
        fresh()
        val wanted = trigger("GITHUB_STAR_ADDED_EVENT")
        val first = async(Dispatchers.Default) { withTimeout(30_000) { client.triggers().events(TriggerFilters(triggerId = wanted)).first() } }
        waitForSubscribers(1)
        fire(wanted, JSONObject(mapOf("n" to 7)))
        assertEquals(7, n(first.await()))
        waitForSubscribers(0)
    }

    @Test
    fun stopFromAnotherThreadEndsAWaitingNext() {
        val subscription = client.triggers().subscribeBlocking()
        val stopper = Thread { subscription.stop() }
        stopper.start()
        assertNull(subscription.nextBlocking())
        stopper.join()
        assertTrue(subscription.isStopped())
    }

    @Test
    fun aBadChannelSignatureIsATypedErrorNotAHang() {
        Emulator.fault(JSONObject(mapOf("method" to "POST", "path" to "/api/v3/internal/sdk/realtime/auth", "status" to 200,
            "body" to """{"auth": "nope:0000"}""", "body_kind" to "raw")))
        val e = assertThrows<ComposioException.Authentication> { runBlocking { client.triggers().subscribe() } }
        assertEquals("Realtime_SubscriptionRefused", e.slug())
    }
}
