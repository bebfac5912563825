package dev.composio

import java.io.File
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** The webhook vectors of tests/cases/webhooks.json, and the list of operations. */
class WebhooksTest {
    private val root = File(System.getProperty("composio.cases")).parentFile.parentFile.parentFile

    @TestFactory
    fun vectors(): List<DynamicTest> {
        val cases = JSONArray(File(root, "tests/cases/webhooks.json").readText())
        return (0 until cases.length()).map { i ->
            val case = cases.getJSONObject(i)
            DynamicTest.dynamicTest(case.getString("name")) { run(case) }
        }
    }

    private fun run(case: JSONObject) {
        val headers = case.getJSONObject("headers").let { h -> h.keySet().associateWith { h.getString(it) } }
        val expect = case.getJSONObject("expect")
        val secret = case.getString("secret")
        try {
            val event = verifyWebhook(
                case.getString("body").toByteArray(),
                headers,
                secret,
                case.optLong("tolerance_seconds", 300).toULong(),
                case.getLong("now"),
            )
            assertTrue(expect.optBoolean("ok"), "expected ${expect.opt("error")}, got $event")
            val got = JSONObject()
                .put("webhook_id", event.webhookId)
                .put("timestamp", event.timestamp)
                .put("type", event.eventType)
                .put("metadata", event.metadata?.let {
                    JSONObject().put("log_id", it.logId).put("trigger_slug", it.triggerSlug).put("trigger_id", it.triggerId)
                        .put("connected_account_id", it.connectedAccountId).put("auth_config_id", it.authConfigId)
                        .put("user_id", it.userId)
                } ?: JSONObject.NULL)
                .put("data", JSONObject("{\"v\":${event.data}}").get("v"))
                .put("payload", JSONObject(event.payload))
            for (key in expect.keySet().filter { it != "ok" }) {
                assertTrue(contains(got.opt(key), expect.get(key)), "$key: ${got.opt(key)}")
            }
        } catch (e: ComposioException) {
            assertTrue(expect.has("error"), "unexpected $e")
            assertTrue(e is ComposioException.WebhookVerification, e.toString())
            assertEquals(expect.getString("error"), e.kind())
            assertEquals(expect.getString("slug"), e.slug())
            if (expect.has("message_contains")) assertTrue(e.reason().contains(expect.getString("message_contains")), e.reason())
            assertFalse(e.toString().contains(secret))
        }
    }

    private fun contains(got: Any?, want: Any?): Boolean = when (want) {
        is JSONObject -> got is JSONObject && want.keySet().all { got.has(it) && contains(got.get(it), want.get(it)) }
        JSONObject.NULL, null -> got == null || got == JSONObject.NULL
        is Number -> got is Number && got.toLong() == want.toLong()
        else -> got == want
    }

    private fun specOperations(name: String): Set<String> {
        val spec = JSONObject(File(root, "api/$name").readText()).getJSONObject("paths")
        return spec.keySet().flatMap { path ->
            spec.getJSONObject(path).keySet().filter { it in setOf("get", "post", "put", "patch", "delete") }
                .map { "${it.uppercase()} $path" }
        }.toSet()
    }

    @Test
    fun `operations cover every operation of both specs, and only operations a spec has`() {
        val january = specOperations("openapi.json")
        val current = specOperations("openapi-current.json")
        assertEquals(listOf(60, 113), listOf(january.size, current.size))
        val ours = operations().map { it.spec }.toSet()
        assertEquals(listOf<String>(), (january - ours).sorted())
        // A January key counts for the current API's same operation: v3 → v3.1, path parameters unnamed.
        val normalized = { k: String -> k.replaceFirst(" /api/v3/", " /api/v3.1/").replace(Regex("\\{[^}]*\\}"), "{}") }
        val oursNormalized = ours.map(normalized).toSet()
        assertEquals(listOf<String>(), current.filter { normalized(it) !in oursNormalized }.sorted())
        assertEquals(listOf<String>(), (ours - january - current).sorted())
        assertNotNull(operations().firstOrNull { it.helper })
    }
}
