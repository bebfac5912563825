'use strict'
// The platform this process runs on, named as its npm packages are (composio-rs-<platform>): napi-rs's names, so
// the addon's loader (native/binding.js), the command line's launcher (bin/composio-rs) and the errors agree.

const { readFileSync } = require('node:fs')

/** The platforms the release workflow publishes a package for (.github/workflows/release.yml). */
const PUBLISHED = ['linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl', 'linux-arm64-musl', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc']

/** Whether this Linux runs on musl: what ldd is (a file read), else node's own report (slower) says. */
function isMusl() {
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {}
  try {
    const header = process.report?.getReport?.()?.header
    if (header) return !header.glibcVersionRuntime
  } catch {}
  return false
}

/** `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`, ... */
function platformName() {
  const base = `${process.platform}-${process.arch}`
  if (process.platform === 'linux') return `${base}-${isMusl() ? 'musl' : 'gnu'}`
  if (process.platform === 'win32') return `${base}-msvc`
  return base
}

/** The message for a platform without a binary: what it is, what exists, and how to install. */
function missingPlatformMessage(what, platform, cause) {
  const supported = PUBLISHED.includes(platform)
  return (
    `composio-rs: no ${what} for ${platform}. ` +
    (supported
      ? `It ships in the optional dependency composio-rs-${platform}, which was not installed (npm skips optional ` +
        'dependencies with --no-optional or --omit=optional, and a lockfile made on another platform can leave it out): ' +
        `run \`npm install composio-rs-${platform}\`, or remove node_modules and package-lock.json and run \`npm install\` again.`
      : `composio-rs is published for ${PUBLISHED.join(', ')}; ${platform} is not one of them.`) +
    (cause ? ` (${cause})` : '')
  )
}

/** Whether this platform's package is installed (resolvable from this package). */
function platformPackageInstalled(platform) {
  try {
    require.resolve(`composio-rs-${platform}/package.json`)
    return true
  } catch {
    return false
  }
}

/** The error for an addon that did not load: a missing package says how to install it, a broken one why it broke. */
function nativeLoadError(error) {
  const platform = platformName()
  let reason = error
  while (reason?.cause) reason = reason.cause
  const message = platformPackageInstalled(platform)
    ? `composio-rs: the native addon of composio-rs-${platform} did not load: ${reason?.message ?? reason}`
    : missingPlatformMessage('native addon', platform)
  const wrapped = new Error(message)
  wrapped.cause = error
  return wrapped
}

module.exports = { PUBLISHED, platformName, missingPlatformMessage, nativeLoadError }
