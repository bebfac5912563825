'use strict'
// The npm package `composio-rs`: the typed API over the native addon. Options are camelCase; results
// are plain objects with the API's own field names (snake_case, as in the REST docs), so nothing is
// renamed between the docs, the JSON and your code. Nested values (tool arguments, a project's
// config) are sent as given.

const util = require('node:util')
const native = require('./native.js')
const errors = require('./errors.js')
const { call, nativeCall, toArgs } = require('./calls.js')
const resources = require('./resources.js')
const agent = require('./agent.js')
const { Sessions, Session, SessionFiles, SessionLink } = require('./sessions.js')
const { KEY_OPTIONS } = require('./options.js')

// ---------------------------------------------------------------------------------------------- client

const FILE_OPTIONS = new Set(['files', 'uploadDirs', 'downloadDir'])

/** The user's key function as the addon calls it: resolves to `{"key"}` or `{"error"}` text, never rejects. */
function keyFunction(provide) {
  return async () => {
    try {
      const key = await provide()
      if (typeof key !== 'string') return JSON.stringify({ error: `the key function must return a string, got ${typeof key}` })
      return JSON.stringify({ key })
    } catch (e) {
      return JSON.stringify({ error: `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}` })
    }
  }
}

class Composio {
  #native
  /** Options left undefined come from COMPOSIO_API_KEY, COMPOSIO_ORG_API_KEY, COMPOSIO_USER_API_KEY and COMPOSIO_BASE_URL. */
  constructor(options = {}) {
    // One object to the core, which checks every name and value (api/options.toml); a key may be a function,
    // called once per call, which goes to the addon on its own; the file settings go to `withFiles`.
    const wire = {}
    for (const [name, value] of Object.entries(options)) {
      if (FILE_OPTIONS.has(name) || (name in KEY_OPTIONS && typeof value === 'function')) continue
      // JSON has no NaN or Infinity: sent as text, they fail the core's check instead of reading as unset.
      wire[name] = typeof value === 'number' && !Number.isFinite(value) ? String(value) : value
    }
    let client = options[NATIVE] ?? nativeCall(() => new native.NativeClient(JSON.stringify(wire), true))
    for (const [option, credential] of Object.entries(KEY_OPTIONS)) {
      if (typeof options[option] === 'function') {
        nativeCall(() => client.setKeyProvider(credential, keyFunction(options[option])))
      }
    }
    const files = agent.fileOptions(options)
    if (Object.keys(files).length) client = nativeCall(() => client.withFiles(JSON.stringify(files)))
    this.#attach(client)
  }
  #attach(client) {
    this.#native = client
    resources.attachResources(this, client)
    this.sessions = new Sessions(client, this)
  }
  get baseURL() {
    return this.#native.baseUrl
  }
  /** A client for another project that shares this one's connection pool. */
  withApiKey(apiKey) {
    return new Composio({ [NATIVE]: nativeCall(() => this.#native.withApiKey(apiKey)) })
  }
  withOptions(options = {}) {
    return new Composio({
      [NATIVE]: nativeCall(() => this.#native.withOptions(options.timeout, options.maxRetries, options.authScheme)),
    })
  }
  /** Rotates the project key (or the function giving it) of this client. */
  setApiKey(apiKey) {
    if (typeof apiKey === 'function') nativeCall(() => this.#native.setKeyProvider('project', keyFunction(apiKey)))
    else nativeCall(() => this.#native.setApiKey(apiKey))
  }
  setOrgApiKey(orgApiKey) {
    if (typeof orgApiKey === 'function') nativeCall(() => this.#native.setKeyProvider('org', keyFunction(orgApiKey)))
    else nativeCall(() => this.#native.setOrgApiKey(orgApiKey))
  }
  setUserApiKey(userApiKey) {
    if (typeof userApiKey === 'function') nativeCall(() => this.#native.setKeyProvider('user', keyFunction(userApiKey)))
    else nativeCall(() => this.#native.setUserApiKey(userApiKey))
  }
  /** Any endpoint, with the same auth, retries and errors; resolves to the decoded JSON. */
  request(method, path, options = {}) {
    const args = { method, path, query: options.query, body: options.body, credential: options.credential }
    return call(this.#native, 'request', toArgs(args), options.signal)
  }
  /**
   * The tools of `toolkits` (filtered by `search`, `tags`, `scopes`) and `tools` by slug, for `userId`, in a
   * model API's `format` (`openai`, `openai_responses`, `anthropic`, `gemini`, `mcp`): every page, nothing
   * truncated unless `limit` says so. `timeout` (ms) bounds each call of `handle`.
   */
  toolset(options) {
    return agent.buildToolset(this.#native, this, options)
  }
  toJSON() {
    return { baseURL: this.baseURL }
  }
  [util.inspect.custom]() {
    return `Composio ${this.#native.describe()}`
  }
}

const NATIVE = Symbol('native client')

/**
 * Verifies a webhook Composio sent (standard-webhooks signing) and returns its event as a plain object
 * (`webhook_id`, `timestamp`, `type`, `metadata`, `data`, `payload`). `body` must be the raw body as received.
 */
function verifyWebhook(body, headers, secret, options = {}) {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  let pairs
  if (headers && typeof headers.entries === 'function' && !Array.isArray(headers)) pairs = [...headers.entries()]
  else if (Array.isArray(headers)) pairs = headers
  else pairs = Object.entries(headers ?? {})
  // Node's IncomingMessage headers may hold arrays; the first value counts.
  pairs = pairs.map(([k, v]) => [String(k), String(Array.isArray(v) ? v[0] : v)])
  const tolerance = options.tolerance ?? 300
  const text = nativeCall(() => native.verifyWebhook(bytes, pairs, secret, tolerance, options.now ?? null))
  return JSON.parse(text)
}

const { attachResources, signatures, ...resourceClasses } = resources
// ERROR_CLASSES and convertError stay internal.
const { convertError, ERROR_CLASSES, ...errorClasses } = errors

module.exports = {
  Composio,
  Sessions,
  Session,
  SessionFiles,
  SessionLink,
  ...resourceClasses,
  ...errorClasses,
  operations: native.operations,
  verifyWebhook,
  Toolset: agent.Toolset,
  toolDefinition: agent.toolDefinition,
  schemaModifier: agent.schemaModifier,
  beforeExecute: agent.beforeExecute,
  afterExecute: agent.afterExecute,
  customTool: agent.customTool,
}
