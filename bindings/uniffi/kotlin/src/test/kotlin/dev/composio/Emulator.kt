package dev.composio

import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.atomic.AtomicInteger
import org.json.JSONObject

/** The emulator binary, started once per test JVM on a free loopback port and stopped at exit. */
object Emulator {
    private val info: JSONObject
    private val process: Process
    private val counter = AtomicInteger()

    init {
        val binary = System.getProperty("composio.emulator") ?: error("composio.emulator is not set")
        process = ProcessBuilder(binary, "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val line = BufferedReader(InputStreamReader(process.inputStream)).readLine()
            ?: error("the emulator exited before printing its address")
        info = JSONObject(line)
        Runtime.getRuntime().addShutdownHook(Thread { process.destroy() })
    }

    val baseUrl: String get() = info.getString("base_url")
    val apiKey: String get() = info.getString("api_key")
    val orgApiKey: String get() = info.getString("org_api_key")
    val readonlyOrgApiKey: String get() = info.getString("readonly_org_api_key")
    val otherOrgApiKey: String get() = info.getString("other_org_api_key")
    val projectId: String get() = info.getString("project_id")
    val otherProjectId: String get() = info.getString("other_project_id")
    val otherApiKey: String get() = info.getString("other_api_key")

    /** A name suffix no other test in this run uses. */
    fun unique(prefix: String = "kt"): String = "$prefix-${ProcessHandle.current().pid()}-${counter.incrementAndGet()}"

    fun config(
        apiKey: String? = this.apiKey,
        orgApiKey: String? = this.orgApiKey,
        maxRetries: UInt? = null,
        timeoutMs: ULong? = null,
    ) = ComposioConfig(apiKey = apiKey, orgApiKey = orgApiKey, baseUrl = baseUrl, maxRetries = maxRetries, timeoutMs = timeoutMs)

    fun client(maxRetries: UInt? = null): Composio = Composio(config(maxRetries = maxRetries))

    /** Clears faults, counters and the request log (not the data). */
    fun reset() {
        post("/_emulator/reset", "{}")
    }

    /** Answers the next matching requests with a fault (see emulator/README.md). */
    fun fault(fault: JSONObject) {
        post("/_emulator/faults", fault.toString())
    }

    /** Requests received for "METHOD /path" since the last reset. */
    fun count(methodAndPath: String): Int = JSONObject(get("/_emulator/counts")).optInt(methodAndPath, 0)

    /** The request log, newest last: method, path, query and headers (credentials masked). */
    fun requests(): org.json.JSONArray = org.json.JSONArray(get("/_emulator/requests"))

    /** Any admin route (a step of a shared case). */
    fun admin(method: String, path: String, body: String?): String = send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).header("content-type", "application/json")
            .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
            .build(),
    )

    /** The end user's browser: a GET with no credential, redirects not followed; the HTTP status. */
    fun visit(url: String): Int = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode()

    private fun post(path: String, body: String): String = send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
    )

    private fun get(path: String): String = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build())

    private fun send(request: HttpRequest): String {
        // A fresh client per admin call: a pooled keep-alive connection the emulator has already
        // closed makes java.net.http fail a POST with "connection reset" (seen once in CI).
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "emulator admin call failed: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }
}
