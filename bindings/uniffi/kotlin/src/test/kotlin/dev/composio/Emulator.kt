package dev.composio

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.atomic.AtomicInteger
import org.json.JSONObject

/**
 * The emulator, started once per test JVM on a free loopback port and stopped at exit, through the helper users get
 * ([dev.composio.testing.Emulator]): the binary is the one the system property `composio.emulator` names (the pom
 * sets it), or, with none, the one of the `composio-rs-emulator` artifact (scripts/dist/test-jvm.sh).
 */
object Emulator {
    val instance: dev.composio.testing.Emulator = dev.composio.testing.Emulator.start()
    private val counter = AtomicInteger()

    val baseUrl: String get() = instance.baseUrl
    val apiKey: String get() = instance.apiKey
    val orgApiKey: String get() = instance.orgApiKey
    val readonlyOrgApiKey: String get() = instance.readonlyOrgApiKey
    val otherOrgApiKey: String get() = instance.otherOrgApiKey
    val projectId: String get() = instance.projectId
    val otherProjectId: String get() = instance.otherProjectId
    val otherApiKey: String get() = instance.otherApiKey
    val userApiKey: String get() = instance.userApiKey
    val orgId: String get() = instance.orgId

    /** A name suffix no other test in this run uses. */
    fun unique(prefix: String = "kt"): String = "$prefix-${ProcessHandle.current().pid()}-${counter.incrementAndGet()}"

    fun config(
        apiKey: String? = this.apiKey,
        orgApiKey: String? = this.orgApiKey,
        maxRetries: UInt? = null,
        timeout: java.time.Duration? = null,
    ) = ComposioConfig(apiKey = apiKey, orgApiKey = orgApiKey, baseUrl = baseUrl, maxRetries = maxRetries, timeout = timeout)

    fun client(maxRetries: UInt? = null): Composio = Composio(config(maxRetries = maxRetries))

    /** Clears faults, counters and the request log (not the data). */
    fun reset() = instance.reset()

    /** Answers the next matching requests with a fault (see emulator/README.md). */
    fun fault(fault: JSONObject) {
        instance.admin("POST", "/_emulator/faults", fault.toString())
    }

    /** Requests received for "METHOD /path" since the last reset. */
    fun count(methodAndPath: String): Int = JSONObject(instance.admin("GET", "/_emulator/counts")).optInt(methodAndPath, 0)

    /** The request log, newest last: method, path, query and headers (credentials masked). */
    fun requests(): org.json.JSONArray = org.json.JSONArray(instance.admin("GET", "/_emulator/requests"))

    /** Any admin route (a step of a shared case). */
    fun admin(method: String, path: String, body: String?): String = instance.admin(method, path, body)

    /** The end user's browser: a GET (or a PUT of [put]) with no credential, redirects not followed. */
    fun visit(url: String, put: String? = null): Int {
        val request = HttpRequest.newBuilder(URI.create(url))
        if (put == null) request.GET() else request.PUT(HttpRequest.BodyPublishers.ofString(put))
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
            .send(request.build(), HttpResponse.BodyHandlers.discarding())
            .statusCode()
    }
}
