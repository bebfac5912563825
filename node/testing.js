'use strict'
// `composio-rs/testing`: a local Composio emulator for your own tests (in the spirit of stripe-mock).
//
//   npm install --save-dev composio-rs-emulator-<platform>     (linux-x64-gnu, darwin-arm64, ...)
//
//   const { Composio } = require('composio-rs')
//   const { startEmulator } = require('composio-rs/testing')
//   const emu = await startEmulator()
//   const client = new Composio(emu.options())   // apiKey, orgApiKey and baseURL of the emulator
//   ...
//   await emu.stop()                             // also killed when the process exits
//
// The emulator binary is, in order: `options.binary`, the COMPOSIO_EMULATOR_BIN environment variable, or the
// `composio-emulator` file of the installed `composio-rs-emulator-<platform>` package. It listens on a free
// loopback port (`--port 0`) and prints one JSON line (base URL and seeded credentials), kept as `info`.

const { spawn } = require('node:child_process')
const { existsSync } = require('node:fs')
const { createInterface } = require('node:readline')

const { PUBLISHED, platformName } = require('./platform.js')

/** This platform's emulator package: composio-rs-emulator-linux-x64-gnu, -darwin-arm64, ... */
const EMULATOR_PACKAGE = `composio-rs-emulator-${platformName()}`

/** The path of the emulator binary, or throws an error that says how to get one. */
function emulatorBinary(options = {}) {
  const given = options.binary ?? process.env.COMPOSIO_EMULATOR_BIN
  if (given) {
    if (!existsSync(given)) throw new Error(`composio-rs/testing: the emulator binary ${given} does not exist`)
    return given
  }
  const id = `${EMULATOR_PACKAGE}/composio-emulator${process.platform === 'win32' ? '.exe' : ''}`
  // From this package first (npm's flat node_modules), then from the project running the tests (stricter
  // layouts such as pnpm's, where this package cannot see the project's other dependencies).
  for (const paths of [undefined, [process.cwd()]]) {
    try {
      return require.resolve(id, paths && { paths })
    } catch {}
  }
  throw new Error(
    `composio-rs/testing: no Composio emulator found. Install it with \`npm install --save-dev ${EMULATOR_PACKAGE}\`` +
      (PUBLISHED.includes(platformName()) ? '' : ` (published for ${PUBLISHED.join(', ')}; this is ${platformName()})`) +
      ', or set COMPOSIO_EMULATOR_BIN to the path of a composio-emulator binary.',
  )
}

/**
 * Starts an emulator on a free loopback port and resolves once it is listening.
 * @param {{ binary?: string, host?: string, stderr?: 'inherit' | 'ignore', startupTimeoutMs?: number }} [options]
 */
async function startEmulator(options = {}) {
  const binary = emulatorBinary(options)
  const args = ['--port', '0', '--host', options.host ?? '127.0.0.1']
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
  }
  process.once('exit', kill)

  const lines = createInterface({ input: child.stdout })
  let timer
  let line
  try {
    line = await new Promise((resolve, reject) => {
      lines.once('line', resolve)
      child.once('error', (e) => reject(new Error(`composio-rs/testing: cannot start ${binary}: ${e.message}`)))
      child.once('exit', (code, signal) =>
        reject(new Error(`composio-rs/testing: ${binary} exited (${signal ?? `code ${code}`}) before it was ready`)),
      )
      const ms = options.startupTimeoutMs ?? 30_000
      timer = setTimeout(() => reject(new Error(`composio-rs/testing: ${binary} was not ready after ${ms} ms`)), ms)
    })
  } catch (e) {
    kill()
    process.removeListener('exit', kill)
    throw e
  } finally {
    clearTimeout(timer)
  }
  // Keep draining stdout so the emulator never blocks on it, without keeping this process alive: a test file that
  // forgets stop() still ends, and the 'exit' hook then kills the emulator.
  lines.on('line', () => {})
  child.stdout.unref?.()
  child.unref()

  let info
  try {
    info = JSON.parse(line)
  } catch {
    kill()
    process.removeListener('exit', kill)
    throw new Error(`composio-rs/testing: unexpected first line from ${binary}: ${line}`)
  }
  return {
    baseURL: info.base_url,
    apiKey: info.api_key,
    orgApiKey: info.org_api_key,
    projectId: info.project_id,
    userApiKey: info.user_api_key,
    info,
    binary,
    /** Options for `new Composio(...)` talking to this emulator; `extra` is merged over them. */
    options: (extra = {}) => ({ apiKey: info.api_key, orgApiKey: info.org_api_key, baseURL: info.base_url, ...extra }),
    /** Kills the emulator; resolves once it has exited. */
    stop: async () => {
      process.removeListener('exit', kill)
      child.ref() // keep the process alive until the emulator has exited
      kill()
      await exited
    },
  }
}

module.exports = { startEmulator, emulatorBinary, EMULATOR_PACKAGE }
