package dev.composio.platform

import com.sun.jna.Library
import com.sun.jna.NativeLibrary as JnaLibrary
import com.sun.jna.Platform

/**
 * Loads the native library before the generated bindings register against it (their `findLibraryName` calls
 * [checked]), so that a machine without a usable library gets one message naming its platform and what to do,
 * not JNA's list of every path it tried.
 */
internal object NativeLibrary {
    /** JNA resource directories the published jar carries (the release workflow's targets). */
    val PUBLISHED = listOf("linux-x86-64", "linux-aarch64", "darwin-x86-64", "darwin-aarch64", "win32-x86-64")

    /** Overrides that point JNA elsewhere: the user chose the library, so its errors are theirs to read. */
    private const val PATH_PROPERTY = "jna.library.path"

    @Synchronized
    fun checked(name: String): String {
        val loader = NativeLibrary::class.java.classLoader
        try {
            // The same options as the generated `Native.register`, so JNA's cache hands this instance to it.
            JnaLibrary.getInstance(name, mapOf(Library.OPTION_CLASSLOADER to loader))
            return name
        } catch (error: UnsatisfiedLinkError) {
            if (System.getProperty(PATH_PROPERTY) != null) throw error
            throw UnsatisfiedLinkError(message(name, error)).apply { initCause(error) }
        }
    }

    internal fun message(name: String, error: Throwable): String {
        val platform = Platform.RESOURCE_PREFIX
        val resource = "$platform/${System.mapLibraryName(name)}"
        val bundled = NativeLibrary::class.java.classLoader.getResource(resource) != null
        val build = "build the library from source (scripts/dist.sh in the composio-rs repository) and pass its " +
            "directory as -D$PATH_PROPERTY=DIR"
        return if (bundled) {
            "composio-rs: the native library for $platform ($resource in the jar) failed to load: " +
                "${error.message?.lineSequence()?.firstOrNull()}. The jar's Linux libraries are built for glibc " +
                "2.17 or newer; on musl (Alpine) $build."
        } else {
            "composio-rs: this jar has no native library for $platform (it carries ${PUBLISHED.joinToString()}). " +
                "Depend on the published dev.composio:composio-rs-kotlin, which carries them all, or $build."
        }
    }
}
