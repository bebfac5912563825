package dev.composio

import java.io.File
import java.time.Duration
import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** The shared agent cases (tests/cases/agent.json) in the suspend and blocking forms, and callbacks in Kotlin. */
class AgentTest {
    private val root = File(System.getProperty("composio.cases")).parentFile.parentFile.parentFile

    @TestFactory
    fun cases(): List<DynamicTest> {
        val cases = JSONArray(File(root, "tests/cases/agent.json").readText())
        return (0 until cases.length()).flatMap { i ->
            val case = cases.getJSONObject(i)
            listOf(false, true).map { blocking ->
                DynamicTest.dynamicTest("${case.getString("name")} (${if (blocking) "blocking" else "suspend"})") { withFiles(case) { check(it, blocking) } }
            }
        }
    }

    private fun strings(o: JSONObject, key: String): List<String> =
        o.optJSONArray(key)?.let { a -> (0 until a.length()).map { a.getString(it) } } ?: listOf()

    private fun params(o: JSONObject) = ToolsetParams(
        userId = o.optString("user_id", ""),
        toolkits = strings(o, "toolkits"),
        tools = strings(o, "tools"),
        search = if (o.has("search")) o.getString("search") else null,
        tags = strings(o, "tags"),
        limit = if (o.has("limit")) o.getInt("limit").toUInt() else null,
        format = o.optString("format", "openai"),
        strict = o.optBoolean("strict", false),
        timeout = if (o.has("timeout")) Duration.ofMillis((o.getDouble("timeout") * 1000).toLong()) else null,
        files = if (o.has("files")) o.getString("files") else null,
        uploadDirs = if (o.has("upload_dirs")) strings(o, "upload_dirs") else null,
        downloadDir = if (o.has("download_dir")) o.getString("download_dir") else null,
    )

    /** A `files: true` case with `{files}` replaced by a fresh directory of the files the cases upload. */
    private fun withFiles(case: JSONObject, body: (JSONObject) -> Unit) {
        if (!case.optBoolean("files", false)) return body(case)
        val dir = java.nio.file.Files.createTempDirectory("composio-agent-files-").toRealPath().toFile()
        try {
            File(dir, "allowed").mkdir()
            File(dir, "secret").mkdir()
            File(dir, "allowed/report.txt").writeText("quarterly numbers\n")
            File(dir, "secret/id_rsa").writeText("not a key\n")
            body(JSONObject(case.toString().replace("{files}", dir.path)))
        } finally {
            dir.deleteRecursively()
        }
    }

    /** Kotlin's records have no unknown fields: a case that sends one is skipped here (the compiler refuses it). */
    private fun run(case: JSONObject, blocking: Boolean): JSONObject {
        case.optJSONObject("definition")?.let { d ->
            val text = toolDefinition(d.getJSONObject("tool").toString(), d.getString("format"), d.optBoolean("strict"))
            return JSONObject().put("definition", JSONObject(text))
        }
        val client = Emulator.client()
        val p = params(case.getJSONObject("toolset"))
        val ts = if (blocking) client.toolsetBlocking(p) else runBlocking { client.toolset(p) }
        val out = JSONObject()
            .put("count", ts.tools().size)
            .put("definitions", JSONArray(ts.definitionsJson()))
            .put("names", JSONArray(ts.tools().map { it.name }))
            .put("json_schemas", JSONArray(ts.jsonSchemasJson()))
        if (case.has("handle")) {
            val response = JSONArray().put(case.get("handle")).toString().removePrefix("[").removeSuffix("]")
            out.put("outputs", JSONArray(if (blocking) ts.handleBlocking(response) else runBlocking { ts.handle(response) }))
        }
        case.optJSONObject("execute")?.let { e ->
            val args = e.get("arguments").toString()
            val name = e.getString("name")
            out.put("result", JSONObject(if (blocking) ts.executeBlocking(name, args) else runBlocking { ts.execute(name, args) }))
        }
        return out
    }

    private fun check(case: JSONObject, blocking: Boolean) {
        if (case.optJSONObject("toolset")?.has("toolkit") == true) return
        Emulator.reset()
        case.optJSONObject("fault")?.let { Emulator.fault(it) }
        val expect = case.getJSONObject("expect")
        if (expect.has("error")) {
            try {
                run(case, blocking)
                throw AssertionError("${case.getString("name")}: expected ${expect.getString("error")}")
            } catch (e: ComposioException) {
                assertEquals(expect.getString("error"), e.kind(), e.toString())
                if (expect.has("message_contains")) assertTrue(e.toString().contains(expect.getString("message_contains")), e.toString())
            }
            return
        }
        val actual = run(case, blocking)
        // org.json keeps no key order, so the tool a definition case sends from here has its properties in another
        // order, and strict mode lists `required` in property order: there, `required` is compared as a set.
        val anyOrder = case.has("definition")
        for (key in expect.keySet()) assertTrue(same(expect.get(key), actual.opt(key), anyOrder), "$key: ${actual.opt(key)}")
    }

    /** Deep equality of org.json values (its `similar` mishandles nulls inside arrays). */
    private fun same(a: Any?, b: Any?, anyOrder: Boolean = false, key: String = ""): Boolean = when {
        a == null || a == JSONObject.NULL -> b == null || b == JSONObject.NULL
        a is JSONObject && b is JSONObject -> a.keySet() == b.keySet() && a.keySet().all { same(a.get(it), b.get(it), anyOrder, it) }
        a is JSONArray && b is JSONArray && anyOrder && key == "required" -> a.toList().toSet() == b.toList().toSet()
        a is JSONArray && b is JSONArray -> a.length() == b.length() && (0 until a.length()).all { same(a.get(it), b.get(it), anyOrder) }
        a is Number && b is Number -> a.toDouble() == b.toDouble()
        else -> a == b
    }

    private fun callback(f: (String, String?, JSONObject) -> Any): ToolCallback = object : ToolCallback {
        override fun call(toolSlug: String, toolkit: String?, valueJson: String): String =
            JSONArray().put(f(toolSlug, toolkit, JSONObject(valueJson))).toString().removePrefix("[").removeSuffix("]")
    }

    @Test
    fun filesOnTheClientApplyToEveryToolset() {
        val dir = java.nio.file.Files.createTempDirectory("composio-kotlin-files-").toRealPath().toFile()
        try {
            File(dir, "allowed").mkdir()
            File(dir, "allowed/report.txt").writeText("quarterly numbers\n")
            val client = Emulator.client().withFiles(
                FileSettings(uploadDirs = listOf(File(dir, "allowed").path), downloadDir = File(dir, "downloads").path),
            )
            val up = "GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER"
            val done = JSONObject(client.toolsetBlocking(ToolsetParams(userId = "user-1", tools = listOf(up)))
                .executeBlocking(up, JSONObject().put("file_to_upload", "report.txt").toString()))
            assertTrue(done.getBoolean("successful"), done.toString())
            assertEquals(18, done.getJSONObject("data").getInt("size"))
            val down = "GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT"
            val got = JSONObject(client.toolsetBlocking(ToolsetParams(userId = "user-1", tools = listOf(down)))
                .executeBlocking(down, JSONObject().put("file_id", "f5").toString()))
            val path = got.getJSONObject("data").getJSONObject("file").getString("path")
            assertEquals("Contents of Drive file f5\n", File(path).readText())
        } finally {
            dir.deleteRecursively()
        }
    }

    @Test
    fun modifiersAndCustomToolsAreKotlinCallbacks() {
        val seen = java.util.concurrent.CopyOnWriteArrayList<String>()
        val client = Emulator.client()
        val ts = client.toolsetBlocking(
            ToolsetParams(
                userId = "user-1",
                tools = listOf("GITHUB_CREATE_ISSUE", "GITHUB_GET_ISSUE"),
                format = "anthropic",
                modifiers = listOf(
                    ToolModifier(ToolModifierKind.SCHEMA, listOf("GITHUB_CREATE_ISSUE"), listOf(), callback { _, _, tool -> tool.put("description", "Changed.") }),
                    ToolModifier(ToolModifierKind.BEFORE_EXECUTE, listOf("GITHUB_CREATE_ISSUE"), listOf(), callback { slug, _, req ->
                        seen.add(slug)
                        req.put("arguments", req.getJSONObject("arguments").put("title", "[bot]"))
                    }),
                    ToolModifier(ToolModifierKind.BEFORE_EXECUTE, listOf("GITHUB_GET_ISSUE"), listOf(), callback { _, _, _ -> throw IllegalStateException("user code failed") }),
                ),
                customTools = listOf(
                    ToolsetCustomTool("ADD_NUMBERS", "Adds two numbers.", """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}""", null,
                        callback { _, _, call -> JSONObject().put("sum", call.getJSONObject("arguments").getInt("a") + call.getJSONObject("arguments").getInt("b")) }),
                ),
            ),
        )
        val defs = JSONArray(ts.definitionsJson())
        assertEquals("Changed.", defs.getJSONObject(0).getString("description"))
        val response = JSONObject().put("role", "assistant").put("content", JSONArray()
            .put(JSONObject("""{"type":"tool_use","id":"t1","name":"GITHUB_CREATE_ISSUE","input":{"owner":"o","repo":"r","title":"t"}}"""))
            .put(JSONObject("""{"type":"tool_use","id":"t2","name":"ADD_NUMBERS","input":{"a":2,"b":40}}"""))
            .put(JSONObject("""{"type":"tool_use","id":"t3","name":"GITHUB_GET_ISSUE","input":{"owner":"o","repo":"r","issue_id":"1"}}""")))
        val blocks = JSONArray(runBlocking { ts.handle(response.toString()) }).getJSONObject(0).getJSONArray("content")
        val results = (0 until 3).map { JSONObject(blocks.getJSONObject(it).getString("content")) }
        assertEquals(listOf("GITHUB_CREATE_ISSUE"), seen.toList())
        assertEquals("[bot]", results[0].getJSONObject("data").getJSONObject("arguments").getString("title"))
        assertEquals(42, results[1].getJSONObject("data").getInt("sum"))
        assertFalse(results[2].getBoolean("successful"))
        assertTrue(results[2].getString("error").contains("user code failed"), results[2].toString())
        assertTrue(blocks.getJSONObject(2).getBoolean("is_error"))
    }
}
