package dev.composio.testing

import dev.composio.models.ToolListParams
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The emulator helper users get (the shared-case runner uses it too, through dev.composio.Emulator). */
class EmulatorTest {
    @Test
    fun `starts, serves a client and stops`() {
        val emulator = Emulator.start()
        emulator.use {
            assertTrue(it.baseUrl.startsWith("http://127.0.0.1:"), it.baseUrl)
            assertEquals(it.apiKey, it.info["api_key"])
            assertTrue(it.projectId.isNotEmpty() && it.orgApiKey.isNotEmpty())
            assertEquals(it.baseUrl, it.config().baseUrl)
            assertEquals(2, it.client().tools().listBlocking(ToolListParams(limit = 2u)).items.size)
            it.reset()
        }
        assertFalse(emulator.isAlive)
        emulator.close() // twice is fine
    }

    @Test
    fun `parses the line the emulator prints`() {
        val info = Emulator.parseFlatJson("""{"a":"x\"y\\z\u00e9","n": 12 , "b":true,"s":"k:v,}"}""")
        assertEquals(mapOf("a" to "x\"y\\z\u00e9", "n" to "12", "b" to "true", "s" to "k:v,}"), info)
        assertEquals(emptyMap<String, String>(), Emulator.parseFlatJson(" { } "))
        assertThrows(IllegalStateException::class.java) { Emulator.parseFlatJson("""{"a":{"b":1}}""") }
        assertThrows(IllegalStateException::class.java) { Emulator.parseFlatJson("not json") }
    }

    @Test
    fun `without a binary, names the artifact to add`() {
        val saved = System.getProperty(Emulator.PROPERTY)
        if (System.getenv(Emulator.ENV) != null || javaClass.classLoader.getResource(Emulator.resourcePath) != null) return
        System.clearProperty(Emulator.PROPERTY)
        try {
            val e = assertThrows(IllegalStateException::class.java) { Emulator.locate() }
            assertTrue(e.message!!.contains("dev.composio:composio-rs-emulator"), e.message)
        } finally {
            if (saved != null) System.setProperty(Emulator.PROPERTY, saved)
        }
    }
}
