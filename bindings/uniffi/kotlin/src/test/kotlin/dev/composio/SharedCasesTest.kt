package dev.composio

import dev.composio.models.AuthScheme
import dev.composio.models.CreateProjectParams
import dev.composio.models.ProjectListParams
import dev.composio.models.ProjectSettingsUpdate
import dev.composio.models.ToolListParams
import dev.composio.models.ToolkitListParams
import java.io.File
import kotlin.reflect.full.memberProperties
import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** The cross-language cases of tests/cases/operations.json, each in the suspend and the blocking form. */
class SharedCasesTest {
    @TestFactory
    fun cases(): List<DynamicTest> {
        val cases = JSONArray(File(System.getProperty("composio.cases")).readText())
        return (0 until cases.length()).flatMap { i ->
            val case = cases.getJSONObject(i)
            listOf(false, true).map { blocking ->
                val form = if (blocking) "blocking" else "suspend"
                DynamicTest.dynamicTest("${case.getString("name")} ($form)") { run(case, blocking) }
            }
        }
    }

    /** A case is one operation, or `steps` sharing the case's client and passing values on (`save`). */
    private fun run(raw: JSONObject, blocking: Boolean) {
        val case = JSONObject(substitute(raw.toString()))
        Emulator.reset()
        case.optJSONObject("fault")?.let { Emulator.fault(it) }
        val client = Composio(config(case.optJSONObject("client") ?: JSONObject()))
        val steps = case.optJSONArray("steps") ?: JSONArray().put(case)
        val saved = mutableMapOf<String, String>()
        val receiver = WebhookReceiver()
        try {
            for (i in 0 until steps.length()) {
                var text = steps.getJSONObject(i).toString()
                for (name in saved.keys.sortedByDescending { it.length }) text = text.replace("\$$name", saved.getValue(name))
                runStep(client, JSONObject(text), blocking, saved, receiver)
            }
        } finally {
            receiver.close()
        }
    }

    /** A local HTTP server, started on demand, that answers every POST with 200 and keeps each request. */
    private class WebhookReceiver {
        private var server: com.sun.net.httpserver.HttpServer? = null
        val received = java.util.concurrent.CopyOnWriteArrayList<Pair<Map<String, String>, ByteArray>>()

        fun start(): String {
            val s = com.sun.net.httpserver.HttpServer.create(java.net.InetSocketAddress("127.0.0.1", 0), 0)
            s.createContext("/") { exchange ->
                val body = exchange.requestBody.readAllBytes()
                received.add(exchange.requestHeaders.entries.associate { it.key to it.value.first() } to body)
                exchange.sendResponseHeaders(200, -1)
                exchange.close()
            }
            s.start()
            server = s
            return "http://127.0.0.1:${s.address.port}/hooks/composio"
        }

        fun close() {
            server?.stop(0)
        }
    }

    private fun runStep(client: Composio, step: JSONObject, blocking: Boolean, saved: MutableMap<String, String>, receiver: WebhookReceiver) {
        if (step.has("webhook_receiver")) {
            saved[step.getString("webhook_receiver")] = receiver.start()
            return
        }
        step.optJSONObject("verify_webhook")?.let { verify ->
            val (headers, body) = receiver.received.lastOrNull() ?: fail("no webhook was received")
            val expect = step.getJSONObject("expect")
            try {
                val event = verifyWebhook(body, headers, verify.getString("secret"))
                assertTrue(expect.optBoolean("ok"), "expected ${expect.opt("error")}")
                assertEquals(expect.getString("type"), event.eventType)
                expect.optJSONObject("metadata")?.let { m ->
                    for (key in m.keySet()) assertEquals(m.getString(key), lookup(event.metadata, key), key)
                }
                expect.optJSONObject("data")?.let { d ->
                    val data = JSONObject(event.data)
                    for (key in d.keySet()) assertEquals(d.get(key), data.get(key), key)
                }
            } catch (e: ComposioException) {
                assertTrue(!expect.optBoolean("ok"), e.toString())
                checkError(e, expect)
            }
            return
        }
        if (step.has("visit")) {
            val status = Emulator.visit(step.getString("visit"), if (step.has("put")) step.getString("put") else null)
            if (step.has("expect_status")) assertEquals(step.getInt("expect_status"), status, "visit")
            return
        }
        step.optJSONObject("admin")?.let { admin ->
            val answer = Emulator.admin(admin.optString("method", "POST"), admin.getString("path"), admin.optJSONObject("body")?.toString())
            step.optJSONObject("save")?.let { save ->
                for (name in save.keySet()) saved[name] = lookup(JSONObject(answer), save.getString(name)).toString()
            }
            return
        }
        val args = step.optJSONObject("args") ?: JSONObject()
        val expect = step.getJSONObject("expect")
        var result: Any? = null
        var error: ComposioException? = null
        try {
            // A list answer is checked as {items: [...]}.
            result = call(client, step.getString("operation"), Args(args), blocking).let { if (it is List<*>) mapOf("items" to it) else it }
        } catch (e: ComposioException) {
            error = e
        }
        if (expect.optBoolean("ok")) {
            assertEquals(null, error, "unexpected error")
            checkOk(result!!, expect)
            step.optJSONObject("save")?.let { save ->
                for (name in save.keySet()) saved[name] = lookup(result, save.getString(name)).toString()
            }
        } else {
            assertNotNull(error, "expected ${expect.getString("error")}, got $result")
            checkError(error!!, expect)
        }
        if (expect.has("attempts")) {
            assertEquals(expect.getInt("attempts"), Emulator.count(expect.getString("attempts_path")), "attempts")
        }
    }

    private fun substitute(text: String): String = text
        .replace("\$other_project_id", Emulator.otherProjectId)
        .replace("\$project_id", Emulator.projectId)
        .replace("\$unique", Emulator.unique())

    private fun config(spec: JSONObject): ComposioConfig {
        val apiKeys = mapOf("project" to Emulator.apiKey, "other_project" to Emulator.otherApiKey, "invalid" to "ak_invalidinvalid", "none" to null)
        val orgKeys = mapOf(
            "org" to Emulator.orgApiKey, "readonly" to Emulator.readonlyOrgApiKey, "other_org" to Emulator.otherOrgApiKey,
            "invalid" to "oak_invalidinvalid", "none" to null,
        )
        return ComposioConfig(
            apiKey = apiKeys.getValue(spec.optString("api_key", "project")),
            orgApiKey = orgKeys.getValue(spec.optString("org_api_key", "org")),
            userApiKey = mapOf("user" to Emulator.userApiKey, "invalid" to "uak_invalidinvalid")[spec.optString("user_api_key")],
            orgId = if (spec.has("user_scope")) Emulator.orgId else null,
            projectId = mapOf("project" to Emulator.projectId, "other_project" to Emulator.otherProjectId)[spec.optString("user_scope")],
            baseUrl = Emulator.baseUrl,
            authScheme = when (spec.optString("auth_scheme", "x-api-key")) {
                "bearer" -> AuthScheme.BEARER
                else -> AuthScheme.API_KEY_HEADER
            },
            maxRetries = if (spec.has("max_retries")) spec.getInt("max_retries").toUInt() else null,
            timeout = if (spec.has("timeout_ms")) java.time.Duration.ofMillis(spec.getLong("timeout_ms")) else null,
            toolkitVersions = when (val v = spec.opt("toolkit_versions")) {
                is String -> mapOf("*" to v)
                is JSONObject -> v.keySet().associateWith { v.getString(it) }
                else -> emptyMap()
            },
        )
    }

    /** The case's arguments; every key must be read, so a case the runner does not understand fails. */
    internal class Args(private val json: JSONObject) {
        private val unread = json.keySet().toMutableSet()
        fun string(key: String): String = json.getString(key).also { unread -= key }
        fun stringOrNull(key: String): String? = if (json.has(key)) string(key) else null
        fun bool(key: String): Boolean? = if (json.has(key)) json.getBoolean(key).also { unread -= key } else null
        fun uint(key: String): UInt? = if (json.has(key)) json.getLong(key).toUInt().also { unread -= key } else null
        fun ulong(key: String): ULong? = if (json.has(key)) json.getLong(key).toULong().also { unread -= key } else null
        // A duration is `{"duration_ms": n}` in the shared cases.
        fun duration(key: String): java.time.Duration? =
            if (json.has(key)) java.time.Duration.ofMillis(json.getJSONObject(key).getLong("duration_ms")).also { unread -= key } else null
        // Bytes are base64 text in the shared cases, as in the by-name dispatch.
        fun bytes(key: String): ByteArray? = stringOrNull(key)?.let { java.util.Base64.getDecoder().decode(it) }
        fun jsonText(key: String): String? = if (json.has(key)) json.get(key).toString().also { unread -= key } else null
        fun strings(key: String): List<String> =
            if (json.has(key)) json.getJSONArray(key).map { it as String }.also { unread -= key } else emptyList()
        fun done() = assertTrue(unread.isEmpty(), "arguments this runner does not map: $unread")
    }

    /** The generated dispatch (GeneratedDispatch.kt) maps every operation of the table; the runner checks that
     *  every argument of the case was used. */
    private fun call(client: Composio, operation: String, a: Args, blocking: Boolean): Any? {
        val call = dispatch(client, operation, a, blocking) ?: fail("operation $operation has no mapping in the Kotlin runner")
        a.done()
        return call()
    }

    private fun checkOk(result: Any, expect: JSONObject) {
        expect.optJSONObject("fields")?.let { fields ->
            for (path in fields.keySet()) {
                assertEquals(normalize(fields.get(path)), normalize(lookup(result, path)), path)
            }
        }
        expect.optJSONArray("non_null")?.forEach { path -> assertNotNull(lookup(result, path as String), path) }
        val items = (lookup(result, "items") as List<*>?)?.size ?: 0
        assertTrue(items >= expect.optInt("min_items", 0), "items: $items")
        assertTrue(items <= expect.optInt("max_items", Int.MAX_VALUE), "items: $items")
        if (expect.optBoolean("has_next_cursor")) assertNotNull(lookup(result, "next_cursor"), "next_cursor")
        val keys = (lookup(result, "api_keys") as List<*>?)?.size ?: 0
        assertTrue(keys >= expect.optInt("min_keys", 0), "api_keys: $keys")
    }

    private fun checkError(e: ComposioException, expect: JSONObject) {
        assertEquals(expect.getString("error"), e.kind(), e.toString())
        assertEquals(VARIANTS.getValue(expect.getString("error")), e::class.simpleName)
        if (expect.has("status")) assertEquals(expect.getInt("status"), e.status()?.toInt())
        if (expect.has("slug")) assertEquals(expect.getString("slug"), e.slug())
        if (expect.has("code")) assertEquals(expect.getLong("code"), e.code())
        if (expect.has("request_id")) assertEquals(expect.getString("request_id"), e.requestId())
        if (expect.has("message")) assertEquals(expect.getString("message"), e.reason())
        if (expect.has("message_contains")) assertTrue(e.reason().contains(expect.getString("message_contains")), e.reason())
        if (expect.has("retry_after_seconds")) assertEquals(java.time.Duration.ofSeconds(expect.getLong("retry_after_seconds")), e.retryAfter())
    }

    @Test
    fun everyErrorKindHasItsVariant() {
        val variants = ComposioException::class.sealedSubclasses.map { it.simpleName }.toSet()
        assertEquals(VARIANTS.values.toSet(), variants)
    }

    companion object {
        /** Every error kind's variant, as api/errors.toml declares them (error_kinds.json beside the cases). */
        val VARIANTS: Map<String, String> by lazy {
            val file = File(System.getProperty("composio.cases")).resolveSibling("error_kinds.json")
            val kinds = JSONObject(file.readText()).getJSONArray("kinds")
            (0 until kinds.length()).associate { kinds.getJSONObject(it).let { k -> k.getString("kind") to k.getString("variant") } }
        }

        /** A snake_case dotted path on a record (`toolkit.slug` → .toolkit.slug); a project's detail flattens `project`. */
        fun lookup(value: Any?, dotted: String): Any? = dotted.split(".").fold(value) { v, part -> property(v, part) }

        /** A record's property (camelCase), or a key of a JSON value (records carry JSON as its text), as named. */
        private fun property(value: Any?, snake: String): Any? {
            if (value == null) return null
            if (value is JSONObject) return value.opt(snake)?.takeUnless { it == JSONObject.NULL }
            if (value is Map<*, *>) return value[snake]
            snake.toIntOrNull()?.let { i ->
                if (value is List<*>) return value.getOrNull(i)
                if (value is JSONArray) return value.opt(i)?.takeUnless { it == JSONObject.NULL }
            }
            if (value is String && value.trimStart().startsWith("{")) return property(JSONObject(value), snake)
            val name = camel(snake)
            val props = value::class.memberProperties
            props.firstOrNull { it.name == name }?.let { return it.getter.call(value) }
            val nested = props.firstOrNull { it.name == "project" } ?: return null
            return property(nested.getter.call(value), snake)
        }

        // `type` is a keyword in Rust; the records name it `kind`.
        private fun camel(snake: String) = if (snake == "type") "kind" else snake.split("_").mapIndexed { i, w -> if (i == 0) w else w.replaceFirstChar(Char::uppercase) }.joinToString("")

        /** Numbers of any width (unsigned ones included) compare by value; JSON null is null; a record's JSON
         *  field (its text) compares as the value it holds. */
        fun normalize(v: Any?): Any? = when (v) {
            JSONObject.NULL -> null
            is String -> when {
                v.startsWith("{") -> JSONObject(v).toMap()
                v.startsWith("[") -> JSONArray(v).toList()
                else -> v
            }
            is JSONArray -> v.toList()
            is JSONObject -> v.toMap()
            is UInt -> v.toLong()
            is ULong -> v.toLong()
            is UShort -> v.toLong()
            is Number -> v.toLong()
            else -> v
        }
    }
}
