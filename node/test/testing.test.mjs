// composio-rs/testing: the helper users start the emulator with (the other test files use it too, via emulator.mjs).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { test } from 'node:test'
import { promisify } from 'node:util'

import { Composio, NotFoundError } from '../index.mjs'
import * as testingEsm from '../testing.mjs'
import { startEmulator } from './emulator.mjs'

const require = createRequire(import.meta.url)
const testing = require('../testing.js')

test('the ESM and CommonJS entries are one module', () => {
  assert.equal(testingEsm.startEmulator, testing.startEmulator)
  assert.equal(testingEsm.default, testing)
})

test('startEmulator gives the URL, the keys and client options, and stop() ends the process', async () => {
  const repo = await startEmulator() // the binary this repository's tests run
  await repo.stop()
  const emu = await testing.startEmulator({ binary: repo.binary, stderr: 'ignore' })
  try {
    assert.match(emu.baseURL, /^http:\/\/127\.0\.0\.1:\d+/)
    assert.equal(emu.apiKey, emu.info.api_key)
    assert.equal(emu.orgApiKey, emu.info.org_api_key)
    assert.equal(emu.projectId, emu.info.project_id)
    assert.deepEqual(emu.options({ maxRetries: 0 }), {
      apiKey: emu.apiKey, orgApiKey: emu.orgApiKey, baseURL: emu.baseURL, maxRetries: 0,
    })
    const client = new Composio(emu.options({ maxRetries: 0 }))
    assert.equal(client.baseURL.replace(/\/$/, ''), emu.baseURL.replace(/\/$/, ''))
    await assert.rejects(client.tools.get('NO_SUCH_TOOL_ANYWHERE'), NotFoundError)
  } finally {
    await emu.stop()
  }
  await assert.rejects(fetch(emu.baseURL), 'the emulator still answers after stop()')
})

test('a missing binary is a clear error', async () => {
  await assert.rejects(testing.startEmulator({ binary: '/nonexistent/composio-emulator' }), /does not exist/)
  // No COMPOSIO_EMULATOR_BIN and no emulator package anywhere: the error says what to install.
  const env = { ...process.env }
  delete env.COMPOSIO_EMULATOR_BIN
  const script = `require(${JSON.stringify(require.resolve('../testing.js'))}).startEmulator().catch((e) => { console.log(e.message); process.exit(3) })`
  const run = promisify(execFile)(process.execPath, ['-e', script], { env, cwd: tmpdir() })
  const error = await run.then(() => null, (e) => e)
  assert.equal(error?.code, 3, 'startEmulator() found an emulator without being told where')
  assert.match(error.stdout, /npm install --save-dev composio-rs-emulator-linux-x64-gnu/)
})
