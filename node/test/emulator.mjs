// Starts the emulator binary for a test file and gives access to its admin routes.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'operations.json'), 'utf8'))

function binary() {
  if (process.env.COMPOSIO_EMULATOR_BIN) return process.env.COMPOSIO_EMULATOR_BIN
  for (const dir of ['target/x86_64-unknown-linux-gnu/debug', 'target/debug']) {
    const path = join(ROOT, dir, 'composio-emulator')
    if (existsSync(path)) return path
  }
  throw new Error('build the emulator first: cargo build -p composio-emulator')
}

export async function startEmulator() {
  const child = spawn(binary(), ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', resolve)
    child.once('error', reject)
  })
  const info = JSON.parse(line)
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
    stop: () => child.kill(),
    admin,
    fault: (fault) => admin('POST', '/_emulator/faults', fault),
    reset: () => admin('POST', '/_emulator/reset', {}),
    count: async (route) => (await admin('GET', '/_emulator/counts'))[route] ?? 0,
    requests: () => admin('GET', '/_emulator/requests'),
    options: (extra = {}) => ({ apiKey: info.api_key, orgApiKey: info.org_api_key, baseURL: info.base_url, ...extra }),
  }
}

export const unique = (prefix) => `${prefix}-${Math.random().toString(16).slice(2, 12)}`
