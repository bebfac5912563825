package dev.composio

import dev.composio.models.ToolRouterLink
import java.io.File
import java.time.Duration
import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** The shared session flows (tests/cases/sessions.json), suspend and blocking, as the Rust core runs them. */
class SessionCasesTest {
    private val root = File(System.getProperty("composio.cases")).parentFile.parentFile.parentFile
    private val kinds = listOf("upload_file", "list_files", "download_file", "delete_file", "create", "get", "update", "toolset", "handle", "execute", "execute_meta", "search",
        "authorize", "wait_for_connection", "toolkits", "mcp", "delete")

    @TestFactory
    fun cases(): List<DynamicTest> {
        val cases = JSONArray(File(root, "tests/cases/sessions.json").readText())
        return (0 until cases.length()).flatMap { i ->
            val case = cases.getJSONObject(i)
            listOf(false, true).map { blocking ->
                DynamicTest.dynamicTest("${case.getString("name")} (${if (blocking) "blocking" else "suspend"})") { run(case, blocking) }
            }
        }
    }

    private class Flow {
        var session: Session? = null
        var toolset: Toolset? = null
        var link: ToolRouterLink? = null
        val saved = mutableMapOf<String, Any?>()
        val tmp: File = java.nio.file.Files.createTempDirectory("composio-session-").toFile()
    }

    private fun substitute(value: Any?, suffix: String, saved: Map<String, Any?>): Any? = when (value) {
        is String -> if (value.startsWith("$") && saved.containsKey(value.drop(1))) saved[value.drop(1)]
            else value.replace("\$unique", suffix).replace("\$api_key", Emulator.apiKey)
        is JSONArray -> JSONArray((0 until value.length()).map { substitute(value.get(it), suffix, saved) })
        is JSONObject -> JSONObject().also { o -> value.keySet().forEach { o.put(it, substitute(value.get(it), suffix, saved)) } }
        else -> value
    }

    private fun strings(o: JSONObject, key: String): List<String> =
        o.optJSONArray(key)?.let { a -> (0 until a.length()).map { a.getString(it) } } ?: listOf()

    private fun sessionParams(o: JSONObject) = SessionParams(
        userId = o.optString("user_id", ""),
        toolkits = strings(o, "toolkits"),
        manageConnections = if (o.has("manage_connections")) o.getBoolean("manage_connections") else null,
    )

    /** Tool messages with their content read as JSON, as the model reads it. */
    private fun readable(messages: String): JSONArray {
        val read = JSONArray(messages)
        for (i in 0 until read.length()) {
            val message = read.getJSONObject(i)
            val content = message.optString("content")
            if (content.startsWith("{")) message.put("content", JSONObject(content))
        }
        return read
    }

    private fun step(client: Composio, flow: Flow, kind: String, args: JSONObject, blocking: Boolean): Any? {
        fun <T> either(suspending: suspend () -> T, blockingForm: () -> T): T =
            if (blocking) blockingForm() else runBlocking { suspending() }
        val s = flow.session
        return when (kind) {
            "create" -> either({ client.sessions().create(sessionParams(args)) }, { client.sessions().createBlocking(sessionParams(args)) })
                .also { flow.session = it }.info()
            "get" -> either({ client.sessions().get(s!!.id()) }, { client.sessions().getBlocking(s!!.id()) }).info()
            "update" -> either({ s!!.update(sessionParams(args)) }, { s!!.updateBlocking(sessionParams(args)) }).let { s!!.info() }
            "toolset" -> {
                val params = SessionToolsetParams(format = args.optString("format", "openai"))
                val ts = either({ s!!.toolset(params) }, { s!!.toolsetBlocking(params) }).also { flow.toolset = it }
                val names = ts.tools().map { it.name }
                mapOf("names" to names, "count" to names.size, "definitions" to JSONArray(ts.definitionsJson()))
            }
            "handle" -> readable(either({ flow.toolset!!.handle(args.toString()) }, { flow.toolset!!.handleBlocking(args.toString()) }))
            "execute" -> {
                val arguments = args.optJSONObject("arguments")?.toString() ?: "{}"
                either({ s!!.execute(args.getString("tool_slug"), arguments) }, { s!!.executeBlocking(args.getString("tool_slug"), arguments) })
            }
            "execute_meta" -> {
                val arguments = args.optJSONObject("arguments")?.toString() ?: "{}"
                either({ s!!.executeMeta(args.getString("slug"), arguments) }, { s!!.executeMetaBlocking(args.getString("slug"), arguments) })
            }
            "search" -> {
                val queries = args.getJSONArray("queries").toString()
                either({ s!!.search(queries) }, { s!!.searchBlocking(queries) })
            }
            "authorize" -> either({ s!!.authorize(args.getString("toolkit")) }, { s!!.authorizeBlocking(args.getString("toolkit")) })
                .also { flow.link = it }
            "wait_for_connection" -> {
                val timeout = Duration.ofMillis(args.getLong("timeout_ms"))
                either({ s!!.waitForConnection(flow.link!!, timeout) }, { s!!.waitForConnectionBlocking(flow.link!!, timeout) })
            }
            "toolkits" -> either({ s!!.toolkits() }, { s!!.toolkitsBlocking() }).let { mapOf("count" to it.size, "items" to it) }
            "mcp" -> either({ s!!.mcp() }, { s!!.mcpBlocking() })
            "upload_file" -> {
                val path = args.optString("mount_relative_path")
                val files = s!!.files()
                if (args.has("content_text")) {
                    val bytes = args.getString("content_text").toByteArray()
                    either({ files.upload(path, content = bytes) }, { files.uploadBlocking(path, content = bytes) })
                } else {
                    val source = File(flow.tmp, "source.txt").apply { writeText(args.getString("from_file")) }.path
                    either({ files.upload(path, path = source) }, { files.uploadBlocking(path, path = source) })
                }
            }
            "list_files" -> {
                val prefix = if (args.has("prefix")) args.getString("prefix") else null
                either({ s!!.files().list(prefix) }, { s!!.files().listBlocking(prefix) }).let { mapOf("count" to it.size, "items" to it) }
            }
            "download_file" -> {
                val target = File(flow.tmp, "downloaded")
                val path = args.getString("mount_relative_path")
                val answer = either({ s!!.files().download(path, target.path) }, { s!!.files().downloadBlocking(path, target.path) })
                mapOf("mount_relative_path" to answer.mountRelativePath, "content_text" to target.readText())
            }
            "delete_file" -> {
                val path = args.getString("mount_relative_path")
                either({ s!!.files().delete(path) }, { s!!.files().deleteBlocking(path) })
            }
            "delete" -> either({ s!!.delete() }, { s!!.deleteBlocking() })
            else -> fail("unknown session step $kind")
        }
    }

    private fun run(case: JSONObject, blocking: Boolean) {
        val client = Emulator.client()
        val flow = Flow()
        val suffix = Emulator.unique("s")
        val steps = case.getJSONArray("steps")
        for (index in 0 until steps.length()) {
            val step = substitute(steps.getJSONObject(index), suffix, flow.saved) as JSONObject
            val where = "${case.getString("name")} #$index"
            if (step.has("visit")) {
                assertEquals(step.getInt("expect_status"), Emulator.visit(step.getString("visit")), where)
                continue
            }
            val kind = kinds.first { step.has(it) }
            val expect = step.optJSONObject("expect") ?: JSONObject()
            val got = try {
                step(client, flow, kind, step.getJSONObject(kind), blocking)
            } catch (e: ComposioException) {
                assertTrue(expect.has("error"), "$where $kind: expected success, got $e")
                assertEquals(expect.getString("error"), e.kind(), "$where $kind")
                if (expect.has("status")) assertEquals(expect.getInt("status"), e.status()?.toInt(), where)
                if (expect.has("message_contains")) assertTrue(e.reason().contains(expect.getString("message_contains")), e.reason())
                continue
            }
            assertFalse(expect.has("error"), "$where $kind: expected a ${expect.optString("error")} error, got $got")
            expect.optJSONObject("fields")?.let { fields ->
                for (path in fields.keySet()) {
                    val found = SharedCasesTest.lookup(got, path)
                    assertEquals(SharedCasesTest.normalize(fields.get(path)), SharedCasesTest.normalize(found), "$where $kind: $path")
                }
            }
            expect.optJSONObject("contains")?.let { contains ->
                for (path in contains.keySet()) {
                    val found = SharedCasesTest.lookup(got, path)?.toString() ?: ""
                    assertTrue(found.contains(contains.getString(path)), "$where $kind: $path: $found")
                }
            }
            expect.optJSONArray("non_null")?.forEach { assertNotNull(SharedCasesTest.lookup(got, it as String), "$where $kind: $it") }
            step.optJSONObject("save")?.let { save ->
                for (name in save.keySet()) flow.saved[name] = SharedCasesTest.lookup(got, save.getString(name))
            }
        }
        flow.tmp.deleteRecursively()
    }

    @Test
    fun theMcpHeadersStayOutOfToString() {
        val session = Emulator.client().sessions().createBlocking(SessionParams(userId = Emulator.unique("mcp"), toolkits = listOf("github")))
        val mcp = session.mcpBlocking()
        assertEquals(mapOf("x-api-key" to Emulator.apiKey), mcp.headers)
        assertFalse(mcp.toString().contains(Emulator.apiKey), mcp.toString())
    }

    @Test
    fun modifiersOfASessionSeeItsId() {
        val session = Emulator.client().sessions().createBlocking(SessionParams(userId = Emulator.unique("mod"), toolkits = listOf("github")))
        val seen = java.util.Collections.synchronizedList(mutableListOf<Pair<String, String>>())
        fun remember(label: String) = object : ToolCallback {
            override fun call(toolSlug: String, toolkit: String?, valueJson: String): String {
                val value = JSONObject(valueJson)
                seen.add(label to value.getString("session_id"))
                if (label == "after") value.put("data", JSONObject(mapOf("redacted" to true)))
                return value.toString()
            }
        }
        val only = listOf("COMPOSIO_SEARCH_TOOLS")
        val modifiers = listOf(
            ToolModifier(ToolModifierKind.SCHEMA, only, listOf(), remember("schema")),
            ToolModifier(ToolModifierKind.BEFORE_EXECUTE, only, listOf(), remember("before")),
            ToolModifier(ToolModifierKind.AFTER_EXECUTE, only, listOf(), remember("after")),
        )
        val ts = session.toolsetBlocking(SessionToolsetParams(modifiers = modifiers))
        val result = JSONObject(ts.executeBlocking("COMPOSIO_SEARCH_TOOLS", """{"query": "issue"}"""))
        assertEquals(true, result.getJSONObject("data").getBoolean("redacted"))
        assertEquals(listOf("schema", "before", "after").map { it to session.id() }, seen.toList())
    }
}
