package dev.composio

import dev.composio.models.ToolListParams
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import org.json.JSONObject
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test

/**
 * Side-by-side benchmark of the uniffi path against the JVM's raw baseline (java.net.http + org.json), as ratios
 * measured in one run on real-sized tools. Not part of the test run (tag "bench"); run it with a release library:
 *
 *     cargo build --release -p composio-uniffi -p composio-emulator
 *     cd bindings/uniffi/kotlin && mvn -q test -Dcomposio.excluded.groups= -Dgroups=bench \
 *         -Dcomposio.native.dir=$PWD/../../../target/x86_64-unknown-linux-gnu/release
 */
@Tag("bench")
class BenchmarkTest {
    private val http = HttpClient.newHttpClient()

    private fun raw(query: String): JSONObject {
        val request = HttpRequest.newBuilder(URI.create("${Emulator.baseUrl.trimEnd('/')}/api/v3.1/tools?$query"))
            .header("x-api-key", Emulator.apiKey).GET().build()
        return JSONObject(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
    }

    private fun timed(n: Int, work: () -> Unit): List<Double> = (1..n).map {
        val t = System.nanoTime()
        work()
        (System.nanoTime() - t) / 1e6
    }.sorted()

    @Test
    fun `uniffi against java net http and org json`() {
        val client = Emulator.client()
        val small = ToolListParams(toolkitSlug = "github", limit = 5u)
        val big = ToolListParams(limit = 1000u)
        repeat(200) { client.tools().listBlocking(small); raw("toolkit_slug=github&limit=5") } // JIT warm-up
        repeat(5) { client.tools().listBlocking(big); raw("limit=1000") }
        val oursSmall = timed(300) { client.tools().listBlocking(small) }
        val rawSmall = timed(300) { raw("toolkit_slug=github&limit=5") }
        val oursBig = timed(10) { client.tools().listBlocking(big) }.first()
        val rawBig = timed(10) { raw("limit=1000") }.first()
        fun row(name: String, ours: Double, theirs: Double) =
            println("%-36s %10.3f ms %10.3f ms %6.2f×".format(name, ours, theirs, ours / theirs))
        println("%-36s %13s %13s %7s".format("measure", "uniffi", "raw JVM", "ratio"))
        row("5-tool page p50", oursSmall[150], rawSmall[150])
        row("5-tool page p99", oursSmall[296], rawSmall[296])
        row("1,000-tool page (min of 10)", oursBig, rawBig)
    }
}
