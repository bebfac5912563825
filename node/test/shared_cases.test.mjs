// The cross-language cases of tests/cases/operations.json.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'

import * as composio from '../index.mjs'
import resources from '../resources.js'
import { CASES, ERROR_KINDS, startEmulator, unique } from './emulator.mjs'

const { signatures } = resources

const CLASSES = Object.fromEntries(ERROR_KINDS.map((row) => [row.kind, composio[row.class]]))

test('every error kind is thrown as its class, under its ancestors', () => {
  assert.equal(Object.keys(CLASSES).length, ERROR_KINDS.length)
  for (const row of ERROR_KINDS) {
    const chain = []
    for (let c = CLASSES[row.kind]; c && c !== Error; c = Object.getPrototypeOf(c)) chain.push(c.name)
    assert.deepEqual(chain, [row.class, ...row.ancestors], row.kind)
  }
})

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const SPECIAL = { is_2FA_enabled: 'is2FAEnabled' }

function substitute(value, suffix) {
  if (typeof value === 'string') {
    return value
      .replaceAll('$other_project_id', emu.other_project_id)
      .replaceAll('$project_id', emu.project_id)
      .replaceAll('$unique', suffix)
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, suffix))
  // A duration: milliseconds in Node.
  if (value && typeof value === 'object' && Object.keys(value).join() === 'duration_ms') return value.duration_ms
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, suffix)]))
  }
  return value
}

function clientFor(spec = {}) {
  const apiKeys = { project: emu.api_key, other_project: emu.other_api_key, invalid: 'ak_invalidinvalid', none: undefined }
  const orgKeys = {
    org: emu.org_api_key,
    readonly: emu.readonly_org_api_key,
    other_org: emu.other_org_api_key,
    invalid: 'oak_invalidinvalid',
    none: undefined,
  }
  return new composio.Composio({
    apiKey: apiKeys[spec.api_key ?? 'project'],
    orgApiKey: orgKeys[spec.org_api_key ?? 'org'],
    userApiKey: { user: emu.user_api_key, invalid: 'uak_invalidinvalid' }[spec.user_api_key],
    orgId: spec.user_scope ? emu.org_id : undefined,
    projectId: { project: emu.project_id, other_project: emu.other_project_id }[spec.user_scope],
    baseURL: emu.base_url,
    authScheme: spec.auth_scheme,
    maxRetries: spec.max_retries,
    timeout: spec.timeout_ms,
    toolkitVersions: spec.toolkit_versions,
  })
}

/** Calls the method as a user would: its positional arguments first (from the generated signatures), then
 *  the other arguments camelCased, as one object or as the options. */
function invoke(client, operation, args) {
  const [group, name] = operation.split('.')
  const signature = signatures[operation]
  assert.ok(signature, `operation ${operation} is not in the generated table`)
  const positional = signature.positional.map((key) => args[key])
  const options = {}
  for (const [key, value] of Object.entries(args)) {
    // Bytes are base64 text in the cases (as the by-name dispatch carries them); users pass a Buffer.
    const given = BYTES_ARGS.has(key) ? Buffer.from(value, 'base64') : value
    if (!signature.positional.includes(key)) options[SPECIAL[key] ?? camel(key)] = given
  }
  const rest = signature.fields ? [options, {}] : [options]
  return client[camel(group)][camel(name)](...positional, ...rest)
}

const BYTES_ARGS = new Set(['content'])

const lookup = (value, dotted) => dotted.split('.').reduce((v, part) => (v == null ? undefined : v[part]), value)

/** `$name` of a value an earlier step saved, in every string of a step. */
function withSaved(value, saved) {
  if (typeof value === 'string') {
    const names = Object.keys(saved).sort((a, b) => b.length - a.length)
    return names.reduce((s, name) => (typeof saved[name] === 'string' ? s.replaceAll(`$${name}`, saved[name]) : s), value)
  }
  if (Array.isArray(value)) return value.map((v) => withSaved(v, saved))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSaved(v, saved)]))
  }
  return value
}

/** A local HTTP server that answers every POST with 200 and keeps each request (headers, raw body). */
async function webhookReceiver() {
  const received = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(200, { 'content-length': '0' }).end()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}/hooks/composio`, received, close: () => server.close() }
}

const contains = (got, want) =>
  want && typeof want === 'object' && !Array.isArray(want)
    ? got && typeof got === 'object' && Object.entries(want).every(([k, v]) => contains(got[k], v))
    : JSON.stringify(got) === JSON.stringify(want)

function checkError(error, expect) {
  assert.ok(error instanceof CLASSES[expect.error], `expected ${expect.error}, got ${error}`)
  assert.ok(error instanceof composio.ComposioError)
  assert.equal(error.kind, expect.error)
  if ('status' in expect) assert.equal(error.status, expect.status)
  if ('slug' in expect) assert.equal(error.slug, expect.slug)
  if ('code' in expect) assert.equal(error.code, expect.code)
  if ('request_id' in expect) assert.equal(error.requestId, expect.request_id)
  if ('message' in expect) assert.equal(error.serverMessage, expect.message)
  if ('message_contains' in expect) assert.ok(error.serverMessage.includes(expect.message_contains))
  if ('retry_after_seconds' in expect) assert.equal(error.retryAfter, expect.retry_after_seconds)
}

async function runStep(client, step, saved, ctx) {
  if (step.webhook_receiver) {
    ctx.receiver = await webhookReceiver()
    saved[step.webhook_receiver] = ctx.receiver.url
    return
  }
  if (step.verify_webhook) {
    const last = ctx.receiver?.received.at(-1)
    assert.ok(last, 'no webhook was received')
    let event
    try {
      event = composio.verifyWebhook(last.body, last.headers, step.verify_webhook.secret)
    } catch (e) {
      assert.ok(!step.expect.ok, String(e))
      checkError(e, step.expect)
      return
    }
    assert.ok(step.expect.ok, `expected ${step.expect.error}`)
    for (const [key, want] of Object.entries(step.expect)) if (key !== 'ok') assert.ok(contains(event[key], want), key)
    return
  }
  if (step.visit) {
    // The end user's browser: no credential, redirects not followed.
    const init = step.put === undefined ? {} : { method: 'PUT', body: step.put }
    const response = await fetch(step.visit, { redirect: 'manual', ...init })
    await response.arrayBuffer()
    if ('expect_status' in step) assert.equal(response.status, step.expect_status, `visit ${step.visit}`)
    return
  }
  if (step.admin) {
    const answer = await emu.admin(step.admin.method ?? 'POST', step.admin.path, step.admin.body)
    for (const [name, path] of Object.entries(step.save ?? {})) saved[name] = lookup(answer, path)
    return
  }
  const expect = step.expect
  let result
  let error
  try {
    result = await invoke(client, step.operation, step.args)
    // A list answer is checked as { items: [...] }.
    if (Array.isArray(result)) result = { items: result }
  } catch (e) {
    error = e
  }
  if (expect.ok) {
    assert.equal(error, undefined, String(error))
    for (const [path, want] of Object.entries(expect.fields ?? {})) assert.deepEqual(lookup(result, path), want, path)
    for (const path of expect.non_null ?? []) assert.notEqual(lookup(result, path), null, path)
    const items = (result.items ?? []).length
    assert.ok(items >= (expect.min_items ?? 0) && items <= (expect.max_items ?? Infinity), `items ${items}`)
    if (expect.has_next_cursor) assert.ok(result.next_cursor)
    assert.ok((result.api_keys ?? []).length >= (expect.min_keys ?? 0))
    for (const [name, path] of Object.entries(step.save ?? {})) saved[name] = lookup(result, path)
  } else {
    checkError(error, expect)
  }
  if ('attempts' in expect) assert.equal(await emu.count(expect.attempts_path), expect.attempts)
}

// A case is one operation, or `steps` sharing the case's client and passing values on (`save`).
for (const original of CASES) {
  test(original.name, async () => {
    const c = substitute(original, unique('node'))
    await emu.reset()
    if (c.fault) await emu.fault(c.fault)
    const client = clientFor(c.client)
    const saved = {}
    const ctx = {}
    try {
      for (const step of c.steps ?? [c]) await runStep(client, withSaved(step, saved), saved, ctx)
    } finally {
      ctx.receiver?.close()
    }
  })
}
