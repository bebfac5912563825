package dev.composio

import dev.composio.models.CreateProjectParams
import dev.composio.models.Credential
import dev.composio.models.McpCreateCustomParams
import dev.composio.models.McpListParams
import dev.composio.models.ProjectListParams
import dev.composio.models.ToolListParams
import dev.composio.models.ToolkitListParams
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Behaviour beyond the shared cases: the operations they do not cover, pagers, cancellation, keys. */
class ClientTest {
    @BeforeEach
    fun reset() = Emulator.reset()

    @Test
    fun `a pager walks every page lazily in both forms`() = runBlocking {
        val params = ToolListParams(toolkitSlug = "github", limit = 100u)
        val pager = Emulator.client().tools().iter(params)
        val slugs = mutableListOf<String>()
        var total = 0UL
        while (true) {
            val page = pager.next() ?: break
            slugs += page.items.map { it.slug }
            total = page.totalItems
        }
        assertEquals(420, slugs.size)
        assertEquals(total.toInt(), slugs.toSet().size)
        assertEquals(5, Emulator.count("GET /api/v3.1/tools"))
        assertNull(pager.next(), "an exhausted pager stays exhausted")

        val blocking = Emulator.client().toolkits().iter(ToolkitListParams(limit = 5u))
        val toolkits = generateSequence { blocking.nextBlocking() }.flatMap { it.items }.toList()
        assertEquals(13, toolkits.size)
        val projects = Emulator.client().projects().iter(ProjectListParams(limit = 1u))
        assertNotNull(projects.nextBlocking())
    }

    @Test
    fun `a numbered page says which page is next`() = runBlocking {
        val mcp = Emulator.client().mcp()
        for (i in 0..2) mcp.createCustom(McpCreateCustomParams(name = "numbered-$i", toolkits = listOf("github")))
        val first = mcp.list(McpListParams(name = "numbered-", pageNo = 1u, limit = 2u))
        assertEquals(2, first.items.size)
        assertNull(first.nextCursor)
        assertEquals(2UL, first.nextPageNo)
        val last = mcp.list(McpListParams(name = "numbered-", pageNo = 2u, limit = 2u))
        assertEquals(1, last.items.size)
        assertNull(last.nextPageNo)
        // A cursor list's page numbers only count: its next page is the cursor.
        val tools = Emulator.client().tools().list(ToolListParams(toolkitSlug = "github", limit = 5u))
        assertNotNull(tools.nextCursor)
        assertNull(tools.nextPageNo)
    }

    @Test
    fun `a failed page is fetched again by the next call`() {
        val pager = Emulator.client(maxRetries = 0u).tools().iter(ToolListParams(limit = 500u))
        assertEquals(500, pager.nextBlocking()!!.items.size)
        Emulator.fault(JSONObject(mapOf("method" to "GET", "path" to "/api/v3.1/tools", "count" to 1, "status" to 503)))
        assertThrows<ComposioException.Server> { pager.nextBlocking() }
        assertEquals(500, pager.nextBlocking()!!.items.size)
        assertEquals(95, pager.nextBlocking()!!.items.size)
        assertNull(pager.nextBlocking())
    }

    @Test
    fun `project lifecycle in both forms - create, get, regenerate, rotate, delete`() = runBlocking {
        val client = Emulator.client()
        val created = client.projects().create(CreateProjectParams(name = Emulator.unique("life"), shouldCreateApiKey = true))
        val firstKey = created.apiKey!!
        assertFalse(created.toString().contains(firstKey), "toString masks the key: $created")

        val scoped = client.withApiKey(firstKey)
        assertEquals(1, scoped.tools().list(ToolListParams(limit = 1u)).items.size)

        val regenerated = client.projects().regenerateApiKeyBlocking(created.id)
        val newKey = regenerated.apiKey.key
        assertFalse(regenerated.toString().contains(newKey))
        val old = assertThrows<ComposioException.Authentication> { scoped.tools().listBlocking(ToolListParams(limit = 1u)) }
        assertEquals(401, old.status?.toInt())
        scoped.setApiKey(newKey)
        assertEquals(1, scoped.tools().listBlocking(ToolListParams(limit = 1u)).items.size)

        val again = client.projects().regenerateApiKey(created.id)
        assertThrows<ComposioException.Authentication> { scoped.tools().listBlocking(ToolListParams(limit = 1u)) }
        scoped.setApiKey(again.apiKey.key)
        assertEquals(1, scoped.tools().list(ToolListParams(limit = 1u)).items.size)

        val details = client.projects().getBlocking(created.id)
        assertEquals(created.id, details.project.id)
        assertFalse(details.toString().contains(again.apiKey.key))

        assertEquals(created.id, client.projects().get(created.id).project.id)
        client.projects().delete(created.id)
        assertThrows<ComposioException.NotFound> { client.projects().deleteBlocking(created.id) }
        Unit
    }

    @Test
    fun `a second project's key via withApiKey and setOrgApiKey`() {
        val client = Emulator.client()
        val other = client.withApiKey(Emulator.otherApiKey)
        assertEquals(1, other.tools().listBlocking(ToolListParams(limit = 1u)).items.size)
        assertThrows<ComposioException.Configuration> { client.withApiKey("ak_with space") }
        client.setOrgApiKey("oak_invalidinvalid")
        assertThrows<ComposioException.Authentication> { client.projects().listBlocking() }
        client.setOrgApiKey(Emulator.orgApiKey)
        assertNotNull(client.projects().listBlocking().items.firstOrNull())
    }

    @Test
    fun `a key provider is asked once per call, rotates, and what it throws is a configuration error`() {
        val client = Emulator.client(maxRetries = 0u)
        var current = Emulator.apiKey
        var calls = 0
        client.setKeyProvider(Credential.PROJECT, object : ApiKeyProvider {
            override fun apiKey(): String {
                calls += 1
                return current
            }
        })
        assertEquals("default", client.projectSettings().getBlocking().displayName)
        current = Emulator.otherApiKey
        assertEquals("other-default", client.projectSettings().getBlocking().displayName)
        assertEquals(2, calls)
        client.setKeyProvider(Credential.PROJECT, object : ApiKeyProvider {
            override fun apiKey(): String = throw ApiKeyProviderException.Failed("the vault is sealed")
        })
        val sealed = assertThrows<ComposioException.Configuration> { client.tools().listBlocking(ToolListParams(limit = 1u)) }
        assertTrue(sealed.toString().contains("the vault is sealed"), sealed.toString())
    }

    @Test
    fun `the raw request carries the same auth and errors`() = runBlocking {
        val client = Emulator.client()
        val tools = JSONObject(client.request("GET", "/api/v3.1/tools", mapOf("limit" to "2")))
        assertEquals(2, tools.getJSONArray("items").length())
        val projects = JSONObject(client.requestBlocking("GET", "/api/v3.1/org/owner/project/list", credential = Credential.ORG))
        assertTrue(projects.getJSONArray("data").length() >= 1)
        val missing = assertThrows<ComposioException.NotFound> { client.requestBlocking("GET", "/api/v3.1/tools/NOPE_NOPE") }
        assertNotNull(missing.requestId())
        assertThrows<ComposioException.Configuration> { client.requestBlocking("POST", "/api/v3.1/tools", body = "{not json") }
        assertThrows<ComposioException.Configuration> { client.requestBlocking("GET", "https://elsewhere.example/api") }
        Unit
    }

    @Test
    fun `execute takes JSON text and rejects what is not JSON`() {
        val tools = Emulator.client().tools()
        val result = tools.executeBlocking(
            "GITHUB_CREATE_ISSUE",
            ExecuteParams(arguments = """{"owner":"o","repo":"r","title":"t"}""", userId = "user-1"),
        )
        assertTrue(result.successful)
        assertTrue(JSONObject(result.data).length() > 0, result.data)
        val bad = assertThrows<ComposioException.Configuration> { tools.executeBlocking("GITHUB_CREATE_ISSUE", ExecuteParams(arguments = "[1, 2]")) }
        assertTrue(bad.reason().contains("JSON object"), bad.reason())
        assertEquals(1, Emulator.count("POST /api/v3.1/tools/execute/GITHUB_CREATE_ISSUE"), "the invalid call sent nothing")
    }

    @Test
    fun `nested JSON crosses as JSON text`() {
        val tool = Emulator.client().tools().getBlocking("GITHUB_CREATE_ISSUE")
        val schema = JSONObject(tool.inputParameters)
        assertEquals("object", schema.getString("type"))
        JSONObject(tool.extra)
        val toolkit = Emulator.client().toolkits().getBlocking("github")
        assertEquals("github", toolkit.slug)
        assertTrue(toolkit.meta.toolsCount > 0UL)
    }

    @Test
    fun `every status maps to its variant with its fields`() {
        val client = Emulator.client(maxRetries = 0u)
        val expected = mapOf(400 to "BadRequest", 422 to "Unprocessable", 418 to "ApiStatus", 503 to "Server")
        for ((status, variant) in expected) {
            Emulator.fault(JSONObject(mapOf("path" to "/api/v3.1/tools", "count" to 1, "status" to status)))
            val e = assertThrows<ComposioException> { client.tools().listBlocking() }
            assertEquals(variant, e::class.simpleName)
            assertEquals(status, e.status()?.toInt())
            assertNotNull(e.requestId(), "request id on $status")
            assertTrue(e.toString().contains("$status"), e.toString())
        }
        Emulator.fault(JSONObject(mapOf("path" to "/api/v3.1/tools", "count" to 1, "status" to 429, "retry_after" to "3")))
        val limited = assertThrows<ComposioException.RateLimited> { client.tools().listBlocking() }
        assertEquals(java.time.Duration.ofSeconds(3), limited.retryAfter)
        assertEquals("rate_limited", limited.kind())
    }

    @Test
    fun `no server is a connection error and the key stays out of every text`() {
        val key = "ak_secretsecretsecret"
        val client = Composio(ComposioConfig(apiKey = key, baseUrl = "http://127.0.0.1:9", maxRetries = 0u))
        val e = assertThrows<ComposioException.Connection> { client.tools().listBlocking() }
        assertNull(e.status())
        val execute = ExecuteParams(arguments = "{}", customAuthParams = """{"token":"$key"}""")
        for (text in listOf(e.toString(), e.message ?: "", client.toString(), ComposioConfig(apiKey = key).toString(), execute.toString())) {
            assertFalse(text.contains(key), text)
        }
        val insecure = Composio(ComposioConfig(apiKey = key, baseUrl = "http://example.com"))
        assertThrows<ComposioException.Configuration> { insecure.tools().listBlocking() }
    }

    @Test
    fun `a record built by hand prints masked even with text that is not JSON`() {
        val key = "ak_handmadehandmade"
        val text = dev.composio.models.CreatedProject(id = "p", name = "n", apiKey = key, extra = "").toString()
        assertTrue(text.contains("ak_***"), text)
        assertFalse(text.contains(key), text)
    }

    @Test
    fun `requests say they come from the uniffi binding`() {
        Emulator.client().tools().listBlocking(ToolListParams(limit = 1u))
        val log = Emulator.requests()
        val agent = log.getJSONObject(log.length() - 1).getJSONObject("headers").get("user-agent").toString()
        assertTrue(agent.contains("uniffi"), agent)
    }

    @Test
    fun `fromEnv reads the environment and names the variable it missed`() {
        // The surefire configuration empties COMPOSIO_API_KEY and friends for this JVM.
        val e = assertThrows<ComposioException.Configuration> { Composio.fromEnv().tools().listBlocking() }
        assertTrue(e.reason().contains("COMPOSIO_API_KEY"), e.reason())
        val none = assertThrows<ComposioException.Configuration> { Composio().projects().listBlocking() }
        assertTrue(none.reason().contains("COMPOSIO_ORG_API_KEY"), none.reason())
    }

    @Test
    fun `withOptions changes retries for the derived client only`() {
        val client = Emulator.client()
        val fault = JSONObject(mapOf("method" to "GET", "path" to "/api/v3.1/tools", "count" to 5, "status" to 503, "retry_after_ms" to "1"))
        Emulator.fault(fault)
        assertThrows<ComposioException.Server> { client.withOptions(ComposioOverrides(maxRetries = 0u)).tools().listBlocking() }
        assertEquals(1, Emulator.count("GET /api/v3.1/tools"))
        Emulator.reset()
        Emulator.fault(fault)
        assertThrows<ComposioException.Server> { client.tools().listBlocking() }
        assertEquals(3, Emulator.count("GET /api/v3.1/tools"))
    }

    @Test
    fun `a cancelled coroutine cancels its request and the client stays usable`() = runBlocking {
        // (That the Rust task is aborted when uniffi drops its future is tested in core/src/runtime.rs.)
        val client = Emulator.client()
        Emulator.fault(JSONObject(mapOf("method" to "GET", "path" to "/api/v3.1/tools", "count" to 1, "delay_ms" to 60_000)))
        val job = launch(Dispatchers.IO) { client.tools().list(ToolListParams(limit = 1u)) }
        withTimeout(10_000) {
            while (Emulator.count("GET /api/v3.1/tools") == 0) yield() // until the request is in flight
        }
        job.cancelAndJoin()
        assertTrue(job.isCancelled)
        assertEquals(1, client.tools().list(ToolListParams(limit = 1u)).items.size)
        assertThrows<TimeoutCancellationException> {
            runBlocking {
                Emulator.fault(JSONObject(mapOf("method" to "GET", "path" to "/api/v3.1/tools", "count" to 1, "delay_ms" to 60_000)))
                withTimeout(300) { client.tools().list(ToolListParams(limit = 1u)) }
            }
        }
        Unit
    }

    @Test
    fun `a cancelled coroutine stops waiting for a connection`() = runBlocking {
        val client = Emulator.client()
        Emulator.reset()
        // ca_default_2 stays INITIATED: uncancelled, the wait would poll for its default 60 s.
        val job = launch(Dispatchers.IO) { client.connectedAccounts().waitForConnection("ca_default_2") }
        withTimeout(10_000) {
            while (Emulator.count("GET /api/v3.1/connected_accounts/ca_default_2") < 2) yield()
        }
        withTimeout(10_000) { job.cancelAndJoin() }
        assertTrue(job.isCancelled)
    }

    @Test
    fun `many suspend calls run concurrently on one client`() = runBlocking {
        val client = Emulator.client()
        val pages = (1..32).map { async(Dispatchers.IO) { client.tools().list(ToolListParams(limit = 1u)) } }.awaitAll()
        assertEquals(32, pages.size)
        assertTrue(pages.all { it.items.size == 1 })
    }
}
