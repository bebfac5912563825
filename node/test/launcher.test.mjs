// The package's `composio-rs` launcher (bin/composio-rs, what npm puts on PATH): it runs the command line binary
// with the same arguments, streams and exit status, and says what to install when this platform's package is
// missing. Also the message the addon's loader gives for a platform without a package.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { ROOT, startEmulator } from './emulator.mjs'

const require = createRequire(import.meta.url)
const { PUBLISHED, missingPlatformMessage, platformName } = require('../platform.js')
const LAUNCHER = join(ROOT, 'node', 'bin', 'composio-rs')
const BIN = join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'debug', 'composio-rs')

let emu
before(async () => {
  assert.ok(existsSync(BIN), `build the command line first: cargo build -p composio-cli (${BIN})`)
  emu = await startEmulator()
})
after(() => emu.stop())

/** Runs the launcher as npm's shim does (node + the script), to its exit. */
async function launch(args, env) {
  const child = spawn(process.execPath, [LAUNCHER, ...args], { env: { PATH: process.env.PATH, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const [status, signal] = await once(child, 'exit')
  return { status, signal, stdout, stderr }
}

test('the launcher runs the binary with its arguments, output and exit status', async () => {
  const env = { COMPOSIO_RS_BINARY: BIN, COMPOSIO_BASE_URL: emu.base_url, COMPOSIO_ORG_API_KEY: emu.org_api_key }
  const version = await launch(['--version'], env)
  assert.equal(version.status, 0, version.stderr)
  assert.match(version.stdout, /^composio-rs \d+\.\d+\.\d+/)

  const listed = await launch(['projects', 'list', '--json'], env)
  assert.equal(listed.status, 0, listed.stderr)
  assert.ok(JSON.parse(listed.stdout).items.some((p) => p.id === emu.project_id), listed.stdout)

  // The binary's own exit codes come through: 4 for not found, 3 for a refused key (and no key on stderr).
  const missing = await launch(['projects', 'get', 'proj_nope'], env)
  assert.equal(missing.status, 4, missing.stderr)
  const refused = await launch(['projects', 'list'], { ...env, COMPOSIO_ORG_API_KEY: 'oak_wrong_key' })
  assert.equal(refused.status, 3, refused.stderr)
  assert.doesNotMatch(refused.stderr, /oak_wrong_key/)
})

test('a signal sent to the launcher alone reaches the binary, and the launcher dies of it too', { timeout: 30_000 }, async () => {
  // `mcp` serves until its stdin closes: kill the launcher only, as a process manager would.
  const env = { PATH: process.env.PATH, COMPOSIO_RS_BINARY: BIN, COMPOSIO_BASE_URL: emu.base_url, COMPOSIO_API_KEY: emu.api_key }
  const child = spawn(process.execPath, [LAUNCHER, 'mcp', '--user-id', 'u1', '--toolkits', 'github'], { env })
  // The server is up once it answers an initialize request.
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }) + '\n')
  await once(child.stdout, 'data')
  child.kill('SIGTERM')
  const [status, signal] = await once(child, 'exit')
  assert.equal(status, null)
  assert.equal(signal, 'SIGTERM')
})

test('without its platform package the launcher names the platform and the install command', async () => {
  // In the repository no composio-rs-<platform> package is installed.
  const result = await launch(['--version'], {})
  assert.equal(result.status, 2)
  assert.match(result.stderr, new RegExp(`no command line binary for ${platformName()}`))
  assert.match(result.stderr, new RegExp(`npm install composio-rs-${platformName()}`))
})

test('a platform nothing is published for is told which ones are', () => {
  assert.ok(PUBLISHED.includes('linux-x64-gnu') && PUBLISHED.includes('darwin-arm64') && PUBLISHED.includes('win32-x64-msvc'))
  const message = missingPlatformMessage('native addon', 'freebsd-x64')
  assert.match(message, /no native addon for freebsd-x64/)
  assert.match(message, /published for linux-x64-gnu, .*win32-x64-msvc; freebsd-x64 is not one of them/)
})
