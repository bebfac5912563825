// The shared session flows (tests/cases/sessions.json), as the Rust core runs them, plus the Node surface of
// sessions (modifiers seeing the session id, the key kept out of inspect, a selection refused).
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, test } from 'node:test'
import util from 'node:util'

import { beforeExecute, afterExecute, schemaModifier, Composio, ComposioError, ConfigurationError } from '../index.mjs'
import { ROOT, startEmulator } from './emulator.mjs'

const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'sessions.json'), 'utf8'))
const KINDS = ['upload_file', 'list_files', 'download_file', 'delete_file', 'create', 'get', 'update', 'toolset', 'handle', 'execute', 'execute_meta', 'search', 'authorize',
  'wait_for_connection', 'toolkits', 'mcp', 'delete']

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]))
const client = () => new Composio({ apiKey: emu.api_key, orgApiKey: emu.org_api_key, baseURL: emu.base_url })
let counter = 0
const unique = () => `${process.pid}-${Date.now()}-${++counter}`

function substitute(value, suffix, saved) {
  if (typeof value === 'string') {
    if (value.startsWith('$') && value.slice(1) in saved) return saved[value.slice(1)]
    return value.replaceAll('$unique', suffix).replaceAll('$api_key', emu.api_key)
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, suffix, saved))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, suffix, saved)]))
  return value
}

function lookup(value, dotted) {
  for (const part of dotted.split('.')) value = value == null ? undefined : value[Array.isArray(value) ? Number(part) : part]
  return value === undefined ? null : value
}

/** Tool messages with their content read as JSON, as the model reads it. */
const readable = (outputs) => outputs.map((m) => {
  try {
    return { ...m, content: JSON.parse(m.content) }
  } catch {
    return m
  }
})

async function runStep(c, flow, kind, args) {
  const s = flow.session
  switch (kind) {
    case 'create': {
      const { user_id: userId, ...rest } = args
      flow.session = await c.sessions.create(userId, camelKeys(rest))
      return flow.session.info
    }
    case 'get': return (await c.sessions.get(s.id)).info
    case 'update': return (await s.update(camelKeys(args))).info
    case 'toolset': {
      flow.toolset = await s.toolset(camelKeys(args))
      const names = flow.toolset.tools.map((t) => t.name)
      return { names, count: names.length, definitions: flow.toolset.definitions }
    }
    case 'handle': return readable(await flow.toolset.handle(args))
    case 'execute': return s.execute(args.tool_slug, args.arguments)
    case 'execute_meta': return s.executeMeta(args.slug, args.arguments)
    case 'search': return s.search(args.queries)
    case 'authorize': {
      flow.link = await s.authorize(args.toolkit)
      return { ...flow.link }
    }
    case 'wait_for_connection': return flow.link.waitForConnection({ timeout: args.timeout_ms })
    case 'toolkits': {
      const items = await s.toolkits(camelKeys(args))
      return { count: items.length, items }
    }
    case 'mcp': return s.mcp()
    case 'upload_file': {
      if ('content_text' in args) return s.files.upload(args.mount_relative_path, Buffer.from(args.content_text))
      const source = join(flow.tmp, 'source.txt')
      writeFileSync(source, args.from_file)
      return s.files.upload(args.mount_relative_path, source)
    }
    case 'list_files': {
      const items = await s.files.list({ prefix: args.prefix })
      return { count: items.length, items }
    }
    case 'download_file': {
      const target = join(flow.tmp, 'downloaded')
      const answer = await s.files.download(args.mount_relative_path, pathToFileURL(target))
      return { ...answer, content_text: readFileSync(target, 'utf8') }
    }
    case 'delete_file': return s.files.delete(args.mount_relative_path)
    case 'delete': return s.delete()
  }
  throw new Error(`unknown session step ${kind}`)
}

function check(got, error, expect, where) {
  if ('error' in expect) {
    assert.ok(error instanceof ComposioError, `${where}: expected a ${expect.error} error, got ${error ?? JSON.stringify(got)}`)
    assert.equal(error.kind, expect.error, where)
    if ('status' in expect) assert.equal(error.status, expect.status, where)
    if ('message_contains' in expect) assert.ok(error.message.includes(expect.message_contains), `${where}: ${error.message}`)
    return
  }
  assert.equal(error, undefined, `${where}: expected success, got ${error}`)
  for (const [path, want] of Object.entries(expect.fields ?? {})) assert.deepEqual(lookup(got, path), want, `${where}: ${path}`)
  for (const [path, words] of Object.entries(expect.contains ?? {})) {
    assert.ok(String(lookup(got, path) ?? '').includes(words), `${where}: ${path}: expected ${words} in ${lookup(got, path)}`)
  }
  for (const path of expect.non_null ?? []) assert.notEqual(lookup(got, path), null, `${where}: ${path} is null`)
}

for (const shared of CASES) {
  test(shared.name, async () => {
    const c = client()
    const flow = { tmp: mkdtempSync(join(tmpdir(), 'composio-session-')) }
    const saved = {}
    const suffix = unique()
    for (const [index, raw] of shared.steps.entries()) {
      const step = substitute(raw, suffix, saved)
      const where = `${shared.name} #${index}`
      if (step.visit) {
        const response = await fetch(step.visit, { redirect: 'manual' })
        assert.equal(response.status, step.expect_status, where)
        continue
      }
      const kind = KINDS.find((k) => k in step)
      let got, error
      try {
        got = await runStep(c, flow, kind, step[kind])
      } catch (e) {
        error = e
      }
      check(got, error, step.expect ?? {}, `${where} ${kind}`)
      for (const [name, path] of Object.entries(step.save ?? {})) saved[name] = lookup(got, path)
    }
    rmSync(flow.tmp, { recursive: true })
  })
}

test("modifiers of a session's tools see its id", async () => {
  const session = await client().sessions.create(`mod-${unique()}`, { toolkits: ['github'] })
  const seen = []
  const remember = (label) => (tool, toolkit, value) => {
    seen.push([label, value.session_id])
    return label === 'after' ? { ...value, data: { redacted: true } } : value
  }
  const only = { tools: ['COMPOSIO_SEARCH_TOOLS'] }
  const ts = await session.toolset({
    modifiers: [schemaModifier(remember('schema'), only), beforeExecute(remember('before'), only), afterExecute(remember('after'), only)],
  })
  const result = await ts.execute('COMPOSIO_SEARCH_TOOLS', { query: 'issue' })
  assert.deepEqual(result.data, { redacted: true })
  assert.deepEqual(seen, [['schema', session.id], ['before', session.id], ['after', session.id]])
})

test("a session's key stays out of inspect, and a selection beside it is refused", async () => {
  const session = await client().sessions.create(`mcp-${unique()}`, { toolkits: ['github'] })
  const mcp = await session.mcp()
  assert.deepEqual(mcp.headers, { 'x-api-key': emu.api_key })
  assert.ok(!util.inspect(mcp).includes(emu.api_key))
  assert.ok(util.inspect(session).includes(session.id))
  await assert.rejects(session.toolset({ toolkits: ['github'] }), (e) => e instanceof ConfigurationError && /toolkits/.test(e.message))
  await assert.rejects(client().sessions.create('u', { toolkit: ['github'] }), (e) => e instanceof ConfigurationError && /toolkit/.test(e.message))
})
