// Starts the emulator for a test file, through the package's own `composio-rs/testing` helper (so the normal test
// run exercises it), and gives access to the emulator's admin routes.
// The binary: COMPOSIO_EMULATOR_BIN, else a cargo build in this repository's target/, else the installed
// composio-rs-emulator-<platform> package. COMPOSIO_EMULATOR_FROM=package skips target/ and checks that the
// emulator came from the package (scripts/dist/test-node.sh runs these tests against the installed tarballs so).
// COMPOSIO_CASES overrides the path of tests/cases/operations.json (error_kinds.json is read beside it).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

import { EMULATOR_PACKAGE, startEmulator as start } from '../testing.mjs'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CASES_FILE = process.env.COMPOSIO_CASES ?? join(ROOT, 'tests', 'cases', 'operations.json')
export const CASES = JSON.parse(readFileSync(CASES_FILE, 'utf8'))
/** Every error kind with its class and that class's ancestors, as api/errors.toml declares them. */
export const ERROR_KINDS = JSON.parse(readFileSync(join(dirname(CASES_FILE), 'error_kinds.json'), 'utf8')).kinds
const FROM_PACKAGE = process.env.COMPOSIO_EMULATOR_FROM === 'package'

function devBinary() {
  if (FROM_PACKAGE || process.env.COMPOSIO_EMULATOR_BIN) return undefined
  for (const dir of ['target/x86_64-unknown-linux-gnu/debug', 'target/debug']) {
    const path = join(ROOT, dir, 'composio-emulator')
    if (existsSync(path)) return path
  }
  return undefined
}

export async function startEmulator() {
  const emulator = await start({ binary: devBinary() })
  if (FROM_PACKAGE && !emulator.binary.includes(`${sep}node_modules${sep}${EMULATOR_PACKAGE}${sep}`)) {
    await emulator.stop()
    throw new Error(`COMPOSIO_EMULATOR_FROM=package but the emulator started was ${emulator.binary}`)
  }
  const info = emulator.info
  const admin = async (method, path, body) => {
    const response = await fetch(info.base_url.replace(/\/$/, '') + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return text ? JSON.parse(text) : null
  }
  return {
    ...info,
    binary: emulator.binary,
    stop: emulator.stop,
    admin,
    fault: (fault) => admin('POST', '/_emulator/faults', fault),
    reset: () => admin('POST', '/_emulator/reset', {}),
    count: async (route) => (await admin('GET', '/_emulator/counts'))[route] ?? 0,
    requests: () => admin('GET', '/_emulator/requests'),
    options: emulator.options,
  }
}

export const unique = (prefix) => `${prefix}-${Math.random().toString(16).slice(2, 12)}`
