package dev.composio

import dev.composio.models.TriggerFilters
import dev.composio.models.WebhookEvent
import java.io.File
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory

/** The shared live-event cases (tests/cases/realtime.json): `next()` and a [kotlinx.coroutines.flow.Flow] whose
 *  collector stops its own subscription, as the Rust core runs them. */
class RealtimeCasesTest {
    private val root = File(System.getProperty("composio.cases")).parentFile.parentFile.parentFile
    private val client = Emulator.client()

    @TestFactory
    fun cases(): List<DynamicTest> {
        val cases = JSONArray(File(root, "tests/cases/realtime.json").readText())
        return (0 until cases.length()).map { i ->
            val case = cases.getJSONObject(i)
            DynamicTest.dynamicTest(case.getString("name")) { runBlocking { run(case) } }
        }
    }

    private fun waitSubscribed(want: Int) {
        val deadline = System.nanoTime() + 15_000_000_000
        while (JSONObject(Emulator.admin("GET", "/_emulator/realtime", null)).getInt("subscribed") != want) {
            assertTrue(System.nanoTime() < deadline, "no $want subscribed sockets")
            Thread.sleep(20)
        }
    }

    private fun substitute(value: Any?, saved: Map<String, String>): Any? = when (value) {
        is String -> if (value.startsWith("$")) saved[value.drop(1)] ?: value else value
        is JSONObject -> JSONObject().also { o -> value.keySet().forEach { o.put(it, substitute(value.get(it), saved)) } }
        else -> value
    }

    private fun filters(o: JSONObject): TriggerFilters {
        fun text(key: String) = if (o.has(key)) o.getString(key) else null
        return TriggerFilters(triggerSlug = text("trigger_slug"), triggerId = text("trigger_id"), toolkit = text("toolkit"),
            userId = text("user_id"), authConfigId = text("auth_config_id"), connectedAccountId = text("connected_account_id"))
    }

    private fun checkEvents(events: List<WebhookEvent>, expect: JSONObject, where: String) {
        val data = events.map { JSONObject(it.data) }
        assertEquals(expect.getJSONArray("n").toList(), data.map { it.opt("n") }, where)
        expect.optJSONArray("large")?.let { large ->
            assertEquals(large.toList().map { (it as Number?)?.toInt() },
                data.map { if (it.has("large")) it.getString("large").length else null }, where)
        }
        if (expect.has("trigger_id")) assertTrue(events.all { it.metadata?.triggerId == expect.getString("trigger_id") }, where)
        if (expect.has("user_id")) assertTrue(events.all { it.metadata?.userId == expect.getString("user_id") }, where)
        if (expect.has("type")) assertTrue(events.all { it.eventType == expect.getString("type") }, where)
        if (expect.has("distinct_ids")) assertEquals(expect.getInt("distinct_ids"), events.map { it.webhookId }.toSet().size, where)
    }

    private suspend fun run(case: JSONObject) {
        // Every case starts with no socket open, so the counts it waits for are its own.
        Emulator.admin("POST", "/_emulator/realtime/drop", "{}")
        waitSubscribed(0)
        val saved = mutableMapOf<String, String>()
        var events: TriggerSubscription? = null
        val steps = case.getJSONArray("steps")
        for (index in 0 until steps.length()) {
            val step = substitute(steps.getJSONObject(index), saved) as JSONObject
            val where = "${case.getString("name")} #$index"
            when {
                step.has("trigger") -> saved[step.getString("save")] = client.triggers().upsert(
                    step.getString("trigger"), TriggerUpsertParams(userId = "user-1", triggerConfig = """{"owner": "acme", "repo": "live"}"""),
                ).triggerId
                step.has("subscribe") -> {
                    val options = step.getJSONObject("subscribe")
                    val expect = step.optJSONObject("expect") ?: JSONObject()
                    val started = System.nanoTime()
                    try {
                        val url = if (options.has("realtime_url")) options.getString("realtime_url") else null
                        events = client.triggers().subscribe(filters(options), url)
                        assertTrue(!expect.has("error"), "$where: expected a ${expect.optString("error")} error")
                    } catch (e: ComposioException) {
                        assertEquals(expect.optString("error"), e.kind(), "$where: $e")
                        if (expect.has("slug")) assertEquals(expect.getString("slug"), e.slug(), where)
                        assertTrue(System.nanoTime() - started < 10_000_000_000, "$where: slow")
                    }
                }
                step.has("fire") -> {
                    val data = step.getJSONObject("data")
                    if (step.has("large")) data.put("large", "x".repeat(step.getInt("large")))
                    val body = JSONObject(mapOf("data" to data)).toString()
                    val fired = JSONObject(Emulator.admin("POST", "/_emulator/triggers/${step.getString("fire")}/fire", body))
                    if (step.has("expect_realtime")) assertEquals(step.getInt("expect_realtime"), fired.getInt("realtime"), where)
                }
                step.has("receive") -> {
                    val got = (1..step.getInt("receive")).map { withTimeout(30_000) { events!!.next()!! } }
                    checkEvents(got, step.getJSONObject("expect"), where)
                }
                step.has("drop") -> assertEquals(step.getInt("drop"),
                    JSONObject(Emulator.admin("POST", "/_emulator/realtime/drop", "{}")).getInt("dropped"), where)
                step.has("wait_subscribed") -> waitSubscribed(step.getInt("wait_subscribed"))
                step.has("stop") -> {
                    events!!.stop()
                    assertNull(events.next(), where)
                }
                step.has("stop_in_callback_after") -> {
                    val subscription = events!!
                    val got = mutableListOf<WebhookEvent>()
                    withTimeout(30_000) {
                        subscription.asFlow().collect {
                            got += it
                            if (got.size == step.getInt("stop_in_callback_after")) subscription.stop()
                        }
                    }
                    checkEvents(got, step.getJSONObject("expect"), where)
                }
                step.has("fault") -> Emulator.fault(step.getJSONObject("fault"))
                else -> error("$where: unknown step $step")
            }
        }
    }
}
