package dev.composio

import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** A JVM that finds no native library for its platform gets one message naming the platform and what to do. */
class LoaderTest {
    @Test
    fun `a missing native library names the platform and the published ones`() {
        // A child JVM with this classpath but without jna.library.path: the development classes carry no library.
        val java = ProcessHandle.current().info().command().orElse("java")
        val child = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoaderProbe::class.java.name)
            .redirectErrorStream(true)
            .start()
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not exit")
        val output = child.inputStream.bufferedReader().readText()
        assertEquals(0, child.exitValue(), output)
        assertTrue(output.startsWith("UnsatisfiedLinkError: composio-rs: this jar has no native library for "), output)
        assertTrue("linux-x86-64" in output && "win32-x86-64" in output, output)
        assertTrue("-Djna.library.path=DIR" in output, output)
    }
}

/** The child JVM's program: construct a client, print the error that explains why it could not. */
object LoaderProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        val error = runCatching { Composio(ComposioConfig(apiKey = "ak_probe", baseUrl = "http://127.0.0.1:1")) }
            .exceptionOrNull() ?: error("the client loaded without a native library")
        // The generated class's initializer wraps the error (ExceptionInInitializerError): print the cause.
        val cause = generateSequence(error) { it.cause }.first { it is UnsatisfiedLinkError }
        println("UnsatisfiedLinkError: ${cause.message}")
    }
}
