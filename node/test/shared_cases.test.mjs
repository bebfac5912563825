// The cross-language cases of tests/cases/operations.json.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import * as composio from '../index.mjs'
import resources from '../resources.js'
import { CASES, startEmulator, unique } from './emulator.mjs'

const { signatures } = resources

const CLASSES = {
  configuration: composio.ConfigurationError,
  bad_request: composio.BadRequestError,
  authentication: composio.AuthenticationError,
  permission_denied: composio.PermissionDeniedError,
  not_found: composio.NotFoundError,
  conflict: composio.ConflictError,
  unprocessable: composio.UnprocessableEntityError,
  rate_limited: composio.RateLimitError,
  server: composio.InternalServerError,
  api_status: composio.APIStatusError,
  timeout: composio.APITimeoutError,
  connection: composio.APIConnectionError,
  decode: composio.APIResponseValidationError,
}

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
    baseURL: emu.base_url,
    authScheme: spec.auth_scheme,
    maxRetries: spec.max_retries,
    timeout: spec.timeout_ms,
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
    if (!signature.positional.includes(key)) options[SPECIAL[key] ?? camel(key)] = value
  }
  const rest = signature.fields ? [options, {}] : [options]
  return client[camel(group)][camel(name)](...positional, ...rest)
}

const lookup = (value, dotted) => dotted.split('.').reduce((v, part) => (v == null ? undefined : v[part]), value)

for (const original of CASES) {
  test(original.name, async () => {
    const c = substitute(original, unique('node'))
    await emu.reset()
    if (c.fault) await emu.fault(c.fault)
    const expect = c.expect
    let result
    let error
    try {
      result = await invoke(clientFor(c.client), c.operation, c.args)
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
    } else {
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
    if ('attempts' in expect) assert.equal(await emu.count(expect.attempts_path), expect.attempts)
  })
}
