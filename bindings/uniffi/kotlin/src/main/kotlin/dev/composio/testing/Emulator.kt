package dev.composio.testing

import dev.composio.Composio
import dev.composio.ComposioConfig
import java.io.BufferedReader
import java.io.IOException
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit

/**
 * A local fake of the Composio API for your own tests: the `composio-emulator` binary, started on a free loopback
 * port with seeded credentials and in-memory data.
 *
 * ```kotlin
 * Emulator.start().use { emulator ->
 *     val composio = emulator.client()          // or Composio(emulator.config())
 *     composio.tools().listBlocking(ToolListParams(limit = 5u))
 * }
 * ```
 *
 * The binary is, in this order: the system property `composio.emulator`, the environment variable
 * `COMPOSIO_EMULATOR_BIN`, or the resource `dev/composio/testing/<os-arch>/composio-emulator` of the artifact
 * `dev.composio:composio-rs-emulator` (add it as a test dependency), extracted to a temporary file.
 *
 * [close] stops the process; a JVM shutdown hook stops it too if you forget.
 */
class Emulator private constructor(
    /** The binary that runs. */
    val binary: Path,
    private val process: Process,
    /** Everything the emulator printed when it started (`base_url`, `api_key`, `org_api_key`, `project_id`, …). */
    val info: Map<String, String>,
) : AutoCloseable {
    private val hook = Thread({ stop() }, "composio-emulator-stop")

    init {
        Runtime.getRuntime().addShutdownHook(hook)
    }

    /** The emulator's address, e.g. `http://127.0.0.1:40123`. */
    val baseUrl: String get() = field("base_url")

    /** A project API key (the project [projectId]). */
    val apiKey: String get() = field("api_key")

    /** An organisation API key with every permission. */
    val orgApiKey: String get() = field("org_api_key")

    /** An organisation API key that may only read. */
    val readonlyOrgApiKey: String get() = field("readonly_org_api_key")

    /** The seeded project [apiKey] belongs to. */
    val projectId: String get() = field("project_id")

    /** A second project, with its own key [otherApiKey]. */
    val otherProjectId: String get() = field("other_project_id")

    /** A project API key of [otherProjectId]. */
    val otherApiKey: String get() = field("other_api_key")

    /** The seeded organisation, which [projectId] belongs to. */
    val orgId: String get() = field("org_id")

    /** A user API key of a member of the seeded organisation; without a scope it acts on [projectId]. */
    val userApiKey: String get() = field("user_api_key")

    /** The organisation key of another organisation. */
    val otherOrgApiKey: String get() = field("other_org_api_key")

    /** Whether the process still runs. */
    val isAlive: Boolean get() = process.isAlive

    private fun field(name: String): String = info[name] ?: error("the emulator did not print \"$name\"")

    /** A client configuration for this emulator, with the project key and the organisation key. */
    @JvmOverloads
    fun config(apiKey: String? = this.apiKey, orgApiKey: String? = this.orgApiKey): ComposioConfig =
        ComposioConfig(apiKey = apiKey, orgApiKey = orgApiKey, baseUrl = baseUrl)

    /** A client of this emulator ([config]). */
    fun client(): Composio = Composio(config())

    /** Clears injected faults, request counters and the request log (not the data). */
    fun reset() {
        admin("POST", "/_emulator/reset", "{}")
    }

    /**
     * Any of the emulator's admin routes (`/_emulator/...`: faults, counts, requests, triggers; see the
     * emulator's README), with a JSON [body]; returns the answer's body and fails on a non-2xx status.
     */
    @JvmOverloads
    fun admin(method: String, path: String, body: String? = null): String {
        val request = HttpRequest.newBuilder(URI.create(baseUrl.trimEnd('/') + path))
            .header("content-type", "application/json")
            .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
            .build()
        // A fresh client per call: a pooled keep-alive connection the emulator has already closed can make
        // java.net.http fail a POST with "connection reset".
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "emulator admin call $method $path failed: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    /** Stops the emulator (idempotent). */
    override fun close() {
        stop()
        try {
            Runtime.getRuntime().removeShutdownHook(hook)
        } catch (_: IllegalStateException) {
            // the JVM is already shutting down: the hook runs (and finds the process stopped)
        }
    }

    private fun stop() {
        if (!process.isAlive) return
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS)
    }

    override fun toString(): String = "Emulator(baseUrl=${info["base_url"]}, binary=$binary)"

    companion object {
        /** The system property naming the emulator binary. */
        const val PROPERTY = "composio.emulator"

        /** The environment variable naming the emulator binary (when [PROPERTY] is not set). */
        const val ENV = "COMPOSIO_EMULATOR_BIN"

        /** The Maven coordinates (group:artifact) of the artifact that ships the binary. */
        const val ARTIFACT = "dev.composio:composio-rs-emulator"

        /** Starts an emulator: the binary named by [PROPERTY] or [ENV], else the one of [ARTIFACT]. */
        @JvmStatic
        fun start(): Emulator = start(locate())

        /** Starts the emulator [binary] on a free loopback port and waits until it listens. */
        @JvmStatic
        fun start(binary: Path): Emulator {
            val process = spawn(binary)
            try {
                val reader = BufferedReader(InputStreamReader(process.inputStream, StandardCharsets.UTF_8))
                val line = reader.readLine()
                    ?: throw IllegalStateException("the emulator $binary exited (status ${process.waitFor()}) before printing its address")
                val info = parseFlatJson(line)
                // Anything it prints later must not fill the pipe and block it.
                Thread({ runCatching { reader.useLines { lines -> lines.forEach { _ -> } } } }, "composio-emulator-stdout")
                    .apply { isDaemon = true }.start()
                return Emulator(binary, process, info)
            } catch (e: Throwable) {
                process.destroyForcibly()
                throw e
            }
        }

        private fun spawn(binary: Path): Process {
            var attempt = 0
            while (true) {
                try {
                    return ProcessBuilder(binary.toString(), "--port", "0")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start()
                } catch (e: IOException) {
                    // A binary extracted a moment ago can be "busy" while another thread's fork still holds it open.
                    if (attempt++ < 20 && e.message.orEmpty().contains("busy", ignoreCase = true)) {
                        Thread.sleep(50)
                        continue
                    }
                    throw e
                }
            }
        }

        /** The binary [start] runs (extracting the artifact's resource on first use). */
        @JvmStatic
        fun locate(): Path {
            val named = System.getProperty(PROPERTY)?.takeIf { it.isNotBlank() }
                ?: System.getenv(ENV)?.takeIf { it.isNotBlank() }
            if (named != null) {
                val path = Paths.get(named)
                require(Files.isRegularFile(path)) { "the emulator binary $path (from -D$PROPERTY or $ENV) does not exist" }
                return path
            }
            return extracted()
        }

        /** Where the artifact keeps the binary for this platform. */
        @JvmStatic
        val resourcePath: String
            get() = "dev/composio/testing/${com.sun.jna.Platform.RESOURCE_PREFIX}/composio-emulator"

        private var extractedBinary: Path? = null

        @Synchronized
        private fun extracted(): Path {
            extractedBinary?.takeIf { Files.isRegularFile(it) }?.let { return it }
            val loader = Thread.currentThread().contextClassLoader ?: Emulator::class.java.classLoader
            val resource = resourcePath
            val stream = loader.getResourceAsStream(resource) ?: Emulator::class.java.classLoader.getResourceAsStream(resource)
                ?: throw IllegalStateException(
                    "no composio-emulator binary: add the test dependency $ARTIFACT:${version()} (it holds the resource " +
                        "$resource), or name a binary with -D$PROPERTY=/path/to/composio-emulator or $ENV",
                )
            val file = Files.createTempFile("composio-emulator-", "")
            file.toFile().deleteOnExit()
            stream.use { Files.copy(it, file, StandardCopyOption.REPLACE_EXISTING) }
            check(file.toFile().setExecutable(true, true)) { "cannot make $file executable" }
            extractedBinary = file
            return file
        }

        private fun version(): String = Emulator::class.java.`package`?.implementationVersion ?: "<version of composio-rs>"

        /** Parses a flat JSON object (`{"key": "value", "n": 1}`); values that are not strings keep their text. */
        internal fun parseFlatJson(text: String): Map<String, String> {
            val out = LinkedHashMap<String, String>()
            var i = 0
            fun fail(what: String): Nothing = throw IllegalStateException("the emulator printed unexpected JSON ($what at $i): $text")
            fun skipSpace() {
                while (i < text.length && text[i].isWhitespace()) i++
            }
            fun expect(c: Char) {
                skipSpace()
                if (i >= text.length || text[i] != c) fail("expected '$c'")
                i++
            }
            fun string(): String {
                expect('"')
                val sb = StringBuilder()
                while (true) {
                    if (i >= text.length) fail("unterminated string")
                    val c = text[i++]
                    when (c) {
                        '"' -> return sb.toString()
                        '\\' -> {
                            if (i >= text.length) fail("unterminated escape")
                            when (val e = text[i++]) {
                                '"', '\\', '/' -> sb.append(e)
                                'b' -> sb.append('\b')
                                'f' -> sb.append('\u000C')
                                'n' -> sb.append('\n')
                                'r' -> sb.append('\r')
                                't' -> sb.append('\t')
                                'u' -> {
                                    if (i + 4 > text.length) fail("short \\u escape")
                                    sb.append(text.substring(i, i + 4).toInt(16).toChar())
                                    i += 4
                                }
                                else -> fail("bad escape")
                            }
                        }
                        else -> sb.append(c)
                    }
                }
            }
            expect('{')
            skipSpace()
            if (i < text.length && text[i] == '}') return out
            while (true) {
                val key = string()
                expect(':')
                skipSpace()
                val value = if (i < text.length && text[i] == '"') {
                    string()
                } else {
                    val start = i
                    while (i < text.length && text[i] != ',' && text[i] != '}') {
                        if (text[i] == '{' || text[i] == '[') fail("nested value")
                        i++
                    }
                    text.substring(start, i).trim()
                }
                out[key] = value
                skipSpace()
                if (i >= text.length) fail("unterminated object")
                when (text[i++]) {
                    ',' -> continue
                    '}' -> return out
                    else -> fail("expected ',' or '}'")
                }
            }
        }
    }
}
