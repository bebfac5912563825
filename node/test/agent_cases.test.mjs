// The shared agent cases (tests/cases/agent.json), exactly as the Rust core runs them.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { Composio, ComposioError, toolDefinition } from '../index.mjs'
import { ROOT, startEmulator } from './emulator.mjs'

const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'agent.json'), 'utf8'))

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

/** The case's core-JSON options as the package's camelCase ones (`timeout`: seconds there, ms here). */
function options(spec) {
  const out = {}
  for (const [key, value] of Object.entries(spec)) out[camel(key)] = key === 'timeout' ? value * 1000 : value
  return out
}

/** A `files: true` case with `{files}` replaced by a fresh directory of the files the cases upload. */
function withFiles(c) {
  if (c.files !== true) return [c, () => {}]
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'composio-agent-files-')))
  mkdirSync(join(root, 'allowed'))
  mkdirSync(join(root, 'secret'))
  writeFileSync(join(root, 'allowed', 'report.txt'), 'quarterly numbers\n')
  writeFileSync(join(root, 'secret', 'id_rsa'), 'not a key\n')
  return [JSON.parse(JSON.stringify(c).replaceAll('{files}', root)), () => rmSync(root, { recursive: true })]
}

async function run(c) {
  if (c.definition) return { definition: toolDefinition(c.definition.tool, c.definition.format, { strict: c.definition.strict }) }
  const client = new Composio({ apiKey: emu.api_key, orgApiKey: emu.org_api_key, baseURL: emu.base_url })
  const ts = await client.toolset(options(c.toolset))
  const out = { count: ts.length, definitions: ts.definitions, names: ts.tools.map((t) => t.name), json_schemas: ts.jsonSchemas }
  if (c.handle !== undefined) out.outputs = await ts.handle(c.handle)
  if (c.execute) out.result = await ts.execute(c.execute.name, c.execute.arguments)
  return out
}

for (const shared of CASES) {
  test(shared.name, async (t) => {
    const [c, cleanup] = withFiles(shared)
    t.after(cleanup)
    await emu.reset()
    if (c.fault) await emu.fault(c.fault)
    const expect = c.expect
    if (expect.error) {
      await assert.rejects(run(c), (e) => {
        assert.ok(e instanceof ComposioError, String(e))
        assert.equal(e.kind, expect.error)
        if (expect.message_contains) assert.ok(e.message.includes(expect.message_contains), e.message)
        return true
      })
      return
    }
    const actual = await run(c)
    for (const [key, want] of Object.entries(expect)) assert.deepStrictEqual(actual[key], want, key)
  })
}
