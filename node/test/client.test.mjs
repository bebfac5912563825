// Every operation, pagination, abort, concurrency, keys out of sight, and the process exiting on its own.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import util from 'node:util'

import * as composio from '../index.mjs'
import { startEmulator, unique } from './emulator.mjs'

const run = promisify(execFile)
let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

test('every operation', async () => {
  await emu.reset()
  const client = new composio.Composio(emu.options())
  const page = await client.tools.list({ toolkitSlug: 'github', limit: 3 })
  assert.equal(page.items.length, 3)
  assert.ok(page.next_cursor)
  const tool = await client.tools.get(page.items[0].slug)
  assert.deepEqual(tool, page.items[0])
  const result = await client.tools.execute('GITHUB_CREATE_ISSUE', {
    arguments: { owner: 'o', repo: 'r', title: 't' },
    userId: 'user-1',
  })
  assert.equal(result.successful, true)
  assert.equal((await client.toolkits.get('github')).slug, 'github')
  assert.equal((await client.toolkits.list({ limit: 2 })).items.length, 2)
  const created = await client.projects.create(unique('node'), { shouldCreateApiKey: true })
  assert.match(created.api_key, /^ak_/)
  const details = await client.projects.get(created.id)
  assert.equal(details.api_keys[0].key, created.api_key)
  const ids = []
  for await (const p of client.projects.iter({ limit: 2 })) ids.push(p.id)
  assert.ok(ids.includes(created.id))
  const fresh = await client.projects.regenerateApiKey(created.id)
  const tenant = client.withApiKey(fresh.api_key.key)
  assert.equal((await tenant.projectSettings.update({ displayName: 'Node', is2FAEnabled: true })).display_name, 'Node')
  assert.equal((await tenant.projectSettings.get()).is_2FA_enabled, true)
  assert.equal((await client.projects.delete(created.id)).status, 'success')
  await assert.rejects(tenant.projectSettings.get(), composio.AuthenticationError)
  const raw = await client.request('GET', '/api/v3.1/tools', { query: { limit: 2 } })
  assert.equal(raw.items.length, 2)
  const orgRaw = await client.request('GET', '/api/v3/org/owner/project/list', { credential: 'org' })
  assert.ok(Array.isArray(orgRaw.data))
})

test('iter walks every page lazily', async () => {
  const client = new composio.Composio(emu.options())
  const total = (await client.tools.list({ toolkitSlug: 'github', limit: 1 })).total_items
  await emu.reset()
  const slugs = []
  for await (const tool of client.tools.iter({ toolkitSlug: 'github', limit: 100 })) {
    if (slugs.length === 0) assert.equal(await emu.count('GET /api/v3.1/tools'), 1)
    slugs.push(tool.slug)
  }
  assert.equal(slugs.length, total)
  assert.equal(new Set(slugs).size, total)
})

test('a numbered page says which page is next', async () => {
  const client = new composio.Composio(emu.options())
  const prefix = `${unique('numbered')}-`
  for (const i of [0, 1, 2]) await client.mcp.createCustom(`${prefix}${i}`, { toolkits: ['github'] })
  const first = await client.mcp.list({ name: prefix, pageNo: 1, limit: 2 })
  assert.deepEqual([first.items.length, first.next_cursor ?? null, first.next_page_no], [2, null, 2])
  const last = await client.mcp.list({ name: prefix, pageNo: 2, limit: 2 })
  assert.deepEqual([last.items.length, last.next_page_no], [1, null])
  // A cursor list's page numbers only count: its next page is the cursor.
  const tools = await client.tools.list({ toolkitSlug: 'github', limit: 5 })
  assert.ok(tools.next_cursor)
  assert.equal(tools.next_page_no, null)
})

test('retries are observed by the emulator', async () => {
  await emu.reset()
  await emu.fault({ path: '/api/v3.1/tools', count: 2, status: 503, retry_after_ms: '1' })
  await new composio.Composio(emu.options()).tools.list()
  assert.equal(await emu.count('GET /api/v3.1/tools'), 3)
})

test('abort cancels the request', async () => {
  await emu.reset()
  await emu.fault({ path: '/api/v3.1/tools', count: 1, delay_ms: 30000 })
  const client = new composio.Composio(emu.options())
  const controller = new AbortController()
  const pending = client.tools.list({ signal: controller.signal })
  while ((await emu.count('GET /api/v3.1/tools')) === 0) await new Promise((r) => setImmediate(r))
  controller.abort()
  await assert.rejects(pending, (e) => e.name === 'AbortError')
  await assert.rejects(client.tools.list({ signal: AbortSignal.abort() }), (e) => e.name === 'AbortError')
  assert.equal((await client.projectSettings.get()).display_name, 'default')
})

test('abort stops wait_for_connection', async () => {
  await emu.reset()
  const client = new composio.Composio(emu.options())
  const controller = new AbortController()
  // ca_default_2 stays INITIATED: unaborted, the wait would poll for its default 60 s.
  const pending = client.connectedAccounts.waitForConnection('ca_default_2', { signal: controller.signal })
  while ((await emu.count('GET /api/v3.1/connected_accounts/ca_default_2')) < 2) await new Promise((r) => setImmediate(r))
  controller.abort()
  await assert.rejects(pending, (e) => e.name === 'AbortError')
})

test('many concurrent calls', async () => {
  const client = new composio.Composio(emu.options())
  const results = await Promise.all(Array.from({ length: 100 }, () => client.projectSettings.get()))
  assert.ok(results.every((r) => r.display_name === 'default'))
})

test('errors are typed with every field', async () => {
  const client = new composio.Composio(emu.options())
  const error = await client.tools.get('GMAIL_X').catch((e) => e)
  assert.ok(error instanceof composio.NotFoundError && error instanceof composio.APIStatusError)
  assert.ok(error instanceof composio.ComposioError && error instanceof Error)
  assert.equal(error.status, 404)
  assert.equal(error.code, 2401)
  assert.equal(error.slug, 'Tool_ToolNotFound')
  assert.equal(error.suggestedFix, 'Check your input.')
  assert.ok(error.requestId && error.message.includes(error.requestId))
  assert.equal(error.name, 'NotFoundError')
  assert.throws(() => new composio.Composio({ apiKey: 'ak_bad key' }), composio.ConfigurationError)
  await assert.rejects(client.tools.list({ limit: 5000 }), composio.ConfigurationError)
  await assert.rejects(client.tools.execute('X', { arguments: {}, text: 'both' }), composio.ConfigurationError)
})

test('client options are checked by name and type before any request', () => {
  const bad = (options, pattern) =>
    assert.throws(() => new composio.Composio({ ...emu.options(), ...options }), (e) => {
      assert.ok(e instanceof composio.ConfigurationError, String(e))
      assert.match(e.message, pattern)
      return true
    })
  bad({ timout: 5000 }, /unknown client option "timout"/)
  bad({ timeout: 0 }, /timeout must be a positive number of milliseconds/)
  bad({ timeout: Number.NaN }, /timeout must be a positive number of milliseconds/)
  bad({ connectTimeout: '5s' }, /connectTimeout must be a positive number of milliseconds/)
  bad({ maxRetries: -1 }, /maxRetries must be a whole number/)
  bad({ defaultHeaders: { 'x-trace': 1 } }, /defaultHeaders must be text/)
  bad({ authScheme: 'basic' }, /unknown auth scheme/)
  const client = new composio.Composio({ ...emu.options(), timeout: 1500, maxRetries: 0, orgId: undefined })
  assert.ok(client.baseURL.startsWith('http://127.0.0.1:'))
})

test('keys never show in inspect, JSON or errors', async () => {
  const client = new composio.Composio(emu.options())
  const shown = `${util.inspect(client, { depth: 5 })} ${JSON.stringify(client)} ${util.inspect(client.tools)}`
  assert.ok(!shown.includes(emu.api_key) && !shown.includes(emu.org_api_key), shown)
  assert.ok(shown.includes('ak_***'))
  const error = await new composio.Composio(emu.options({ apiKey: 'ak_wrongwrongwrong' })).tools.list().catch((e) => e)
  assert.ok(error instanceof composio.AuthenticationError)
  assert.ok(!`${error} ${error.stack} ${error.body} ${util.inspect(error)}`.includes('wrongwrongwrong'))
})

test('COMPOSIO_LOG shows events without keys', async () => {
  const script = `const { Composio } = require(${JSON.stringify(createRequire(import.meta.url).resolve('../index.js'))});
new Composio({ apiKey: ${JSON.stringify(emu.api_key)}, baseURL: ${JSON.stringify(emu.base_url)} }).tools.list({ search: 'topsecretsearch' }).then(() => {})`
  const { stderr } = await run(process.execPath, ['-e', script], { env: { ...process.env, COMPOSIO_LOG: 'debug' } })
  assert.ok(stderr.includes('tools.list'), stderr)
  assert.ok(!stderr.includes(emu.api_key) && !stderr.includes('topsecretsearch'), stderr)
})

test('the process exits on its own after its last call', async () => {
  const script = `const { Composio } = require(${JSON.stringify(createRequire(import.meta.url).resolve('../index.js'))});
new Composio({ apiKey: ${JSON.stringify(emu.api_key)}, baseURL: ${JSON.stringify(emu.base_url)} }).tools.list().then((p) => console.log(p.items.length))`
  const started = Date.now()
  const { stdout } = await run(process.execPath, ['-e', script], { timeout: 10000 })
  assert.equal(stdout.trim(), '20')
  assert.ok(Date.now() - started < 10000)
})

test('CommonJS and ESM give the same classes', () => {
  const cjs = createRequire(import.meta.url)('../index.js')
  assert.equal(cjs.Composio, composio.Composio)
  assert.equal(cjs.NotFoundError, composio.NotFoundError)
  const client = new composio.Composio({ apiKey: 'ak_unused123', baseURL: 'http://127.0.0.1:9' })
  for (const { name: op } of composio.operations()) {
    const [group, name] = op.split('.')
    const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
    assert.equal(typeof client[camel(group)][camel(name)], 'function', op)
  }
})

test('a key function is called once per call, rotates, and its failures are typed', async () => {
  let current = emu.api_key
  let calls = 0
  const client = new composio.Composio({
    ...emu.options(),
    apiKey: async () => {
      calls += 1
      return current
    },
  })
  assert.equal((await client.projectSettings.get()).display_name, 'default')
  current = emu.other_api_key
  assert.equal((await client.projectSettings.get()).display_name, 'other-default')
  assert.equal(calls, 2)
  assert.ok(!util.inspect(client).includes(emu.api_key))

  await emu.reset()
  const sealed = new composio.Composio({
    ...emu.options(),
    maxRetries: 0,
    apiKey: () => {
      throw new Error('the vault is sealed')
    },
  })
  await assert.rejects(sealed.tools.list({ limit: 1 }), (e) => {
    assert.ok(e instanceof composio.ConfigurationError, String(e))
    assert.match(e.message, /Error: the vault is sealed/)
    return true
  })
  assert.equal(await emu.count('GET /api/v3.1/tools'), 0)
  const wrong = new composio.Composio({ ...emu.options(), apiKey: () => 42 })
  await assert.rejects(wrong.tools.list({ limit: 1 }), /must return a string, got number/)

  const plain = new composio.Composio(emu.options())
  plain.setApiKey(() => emu.other_api_key)
  assert.equal((await plain.projectSettings.get()).display_name, 'other-default')
})

test('key rotation, derived clients and env defaults', async () => {
  const client = new composio.Composio(emu.options())
  assert.equal((await client.projectSettings.get()).display_name, 'default')
  const tenant = client.withApiKey(emu.other_api_key)
  assert.equal((await tenant.projectSettings.get()).display_name, 'other-default')
  client.setApiKey(emu.other_api_key)
  assert.equal((await client.projectSettings.get()).display_name, 'other-default')

  await emu.reset()
  await emu.fault({ path: '/api/v3.1/tools', count: 5, status: 503, retry_after_ms: '1' })
  await assert.rejects(client.withOptions({ maxRetries: 4 }).tools.list(), composio.InternalServerError)
  assert.equal(await emu.count('GET /api/v3.1/tools'), 5)

  const script = `const { Composio } = require(${JSON.stringify(createRequire(import.meta.url).resolve('../index.js'))});
const c = new Composio();
c.projectSettings.get().then((s) => c.projects.list().then((p) => console.log(s.display_name, p.items.length > 0)))`
  const env = {
    ...process.env,
    COMPOSIO_API_KEY: emu.api_key,
    COMPOSIO_ORG_API_KEY: emu.org_api_key,
    COMPOSIO_BASE_URL: emu.base_url,
  }
  const { stdout } = await run(process.execPath, ['-e', script], { env })
  assert.equal(stdout.trim(), 'default true')
  const noKey = `const { Composio } = require(${JSON.stringify(createRequire(import.meta.url).resolve('../index.js'))});
new Composio({ baseURL: ${JSON.stringify(emu.base_url)} }).tools.list().catch((e) => console.log(e.name, e.serverMessage.includes('COMPOSIO_API_KEY')))`
  const bare = { ...process.env }
  delete bare.COMPOSIO_API_KEY
  const missing = await run(process.execPath, ['-e', noKey], { env: bare })
  assert.equal(missing.stdout.trim(), 'ConfigurationError true')
})
