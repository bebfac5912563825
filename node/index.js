'use strict'
// The npm package `composio-rs`: the typed API over the native addon. Options are camelCase; results
// are plain objects with the API's own field names (snake_case, as in the REST docs), so nothing is
// renamed between the docs, the JSON and your code. Nested values (tool arguments, a project's
// config) are sent as given.

const util = require('node:util')
const native = require('./native/binding.js')

// ---------------------------------------------------------------------------------------------- errors

class ComposioError extends Error {
  constructor(description, fields = {}) {
    super(description)
    this.name = new.target.name
    this.kind = fields.kind ?? 'configuration'
    this.operation = fields.operation ?? null
    this.status = fields.status ?? null
    this.code = fields.code ?? null
    this.slug = fields.slug ?? null
    this.serverMessage = fields.message ?? description
    this.requestId = fields.requestId ?? null
    this.suggestedFix = fields.suggestedFix ?? null
    this.errors = fields.errors ?? []
    this.retryAfter = fields.retryAfter ?? null
    this.body = fields.body ?? null
  }
}
class ConfigurationError extends ComposioError {}
class APIError extends ComposioError {}
class APIStatusError extends APIError {}
class BadRequestError extends APIStatusError {}
class AuthenticationError extends APIStatusError {}
class PermissionDeniedError extends APIStatusError {}
class NotFoundError extends APIStatusError {}
class ConflictError extends APIStatusError {}
class UnprocessableEntityError extends APIStatusError {}
class RateLimitError extends APIStatusError {}
class InternalServerError extends APIStatusError {}
class APIConnectionError extends APIError {}
class APITimeoutError extends APIConnectionError {}
class APIResponseValidationError extends APIError {}

const ERROR_CLASSES = {
  configuration: ConfigurationError,
  bad_request: BadRequestError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  conflict: ConflictError,
  unprocessable: UnprocessableEntityError,
  rate_limited: RateLimitError,
  server: InternalServerError,
  api_status: APIStatusError,
  timeout: APITimeoutError,
  connection: APIConnectionError,
  decode: APIResponseValidationError,
}

/** The native layer reports errors as JSON in the message; anything else is a bug, still wrapped. */
function convertError(error, signal) {
  let fields
  try {
    fields = JSON.parse(error.message)
  } catch {
    return new ComposioError(`internal error: ${error.message}`, { kind: 'connection' })
  }
  if (!fields || fields.composio !== true) return new ComposioError(String(error.message), { kind: 'connection' })
  if (fields.kind === 'aborted') return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError')
  const Class = ERROR_CLASSES[fields.kind] ?? ComposioError
  return new Class(fields.description, fields)
}

// ---------------------------------------------------------------------------------------------- calls

const SPECIAL_NAMES = { is2FAEnabled: 'is_2FA_enabled' }

/** Top-level option names to the API's snake_case; undefined and null mean "not sent". */
function toArgs(options, extra = {}) {
  const args = { ...extra }
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === 'signal' || value === undefined || value === null) continue
    args[SPECIAL_NAMES[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value
  }
  return JSON.stringify(args)
}

let nextCallId = 1

async function withSignal(signal, run) {
  if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
  // Ids wrap before u32::MAX and skip 0, which means "not cancellable".
  const id = signal ? (nextCallId = (nextCallId % 0xfffffffe) + 1) : 0
  const onAbort = () => native.cancel(id)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return await run(id)
  } catch (error) {
    throw convertError(error, signal)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

async function call(client, operation, args, signal) {
  const text = await withSignal(signal, (id) => client.call(operation, args, id))
  return JSON.parse(text)
}

async function* iterate(client, operation, args, signal) {
  let pager
  try {
    pager = client.pager(operation, args)
  } catch (error) {
    throw convertError(error, signal)
  }
  for (;;) {
    const page = await withSignal(signal, (id) => pager.nextPage(id))
    if (page === null) return
    yield* JSON.parse(page).items
  }
}

function nativeCall(fn) {
  try {
    return fn()
  } catch (error) {
    throw convertError(error)
  }
}

// ---------------------------------------------------------------------------------------------- resources

class Tools {
  #native
  constructor(client) {
    this.#native = client
  }
  /** One page of tools. */
  list(options = {}) {
    return call(this.#native, 'tools.list', toArgs(options), options.signal)
  }
  /** Every matching tool, page after page, each page fetched when reached. */
  iter(options = {}) {
    return iterate(this.#native, 'tools.list', toArgs(options), options.signal)
  }
  get(slug, options = {}) {
    return call(this.#native, 'tools.get', toArgs(options, { slug }), options.signal)
  }
  /** Runs a tool; never retried once the request was sent. */
  execute(slug, options = {}) {
    return call(this.#native, 'tools.execute', toArgs(options, { slug }), options.signal)
  }
}

class Toolkits {
  #native
  constructor(client) {
    this.#native = client
  }
  list(options = {}) {
    return call(this.#native, 'toolkits.list', toArgs(options), options.signal)
  }
  iter(options = {}) {
    return iterate(this.#native, 'toolkits.list', toArgs(options), options.signal)
  }
  get(slug, options = {}) {
    return call(this.#native, 'toolkits.get', toArgs({}, { slug }), options.signal)
  }
}

class Projects {
  #native
  constructor(client) {
    this.#native = client
  }
  create(name, options = {}) {
    return call(this.#native, 'projects.create', toArgs(options, { name }), options.signal)
  }
  /** Newest first. */
  list(options = {}) {
    return call(this.#native, 'projects.list', toArgs(options), options.signal)
  }
  iter(options = {}) {
    return iterate(this.#native, 'projects.list', toArgs(options), options.signal)
  }
  get(projectId, options = {}) {
    return call(this.#native, 'projects.get', toArgs({}, { project_id: projectId }), options.signal)
  }
  delete(projectId, options = {}) {
    return call(this.#native, 'projects.delete', toArgs({}, { project_id: projectId }), options.signal)
  }
  regenerateApiKey(projectId, options = {}) {
    return call(this.#native, 'projects.regenerate_api_key', toArgs({}, { project_id: projectId }), options.signal)
  }
}

class ProjectSettings {
  #native
  constructor(client) {
    this.#native = client
  }
  get(options = {}) {
    return call(this.#native, 'project_settings.get', '{}', options.signal)
  }
  /** Merges the given fields and returns the whole configuration. */
  update(fields, options = {}) {
    return call(this.#native, 'project_settings.update', toArgs(fields), options.signal)
  }
}

// ---------------------------------------------------------------------------------------------- client

class Composio {
  #native
  /** Options left undefined come from COMPOSIO_API_KEY, COMPOSIO_ORG_API_KEY and COMPOSIO_BASE_URL. */
  constructor(options = {}) {
    const nativeOptions = {
      apiKey: options.apiKey,
      orgApiKey: options.orgApiKey,
      baseUrl: options.baseURL,
      authScheme: options.authScheme,
      timeout: options.timeout,
      connectTimeout: options.connectTimeout,
      maxRetries: options.maxRetries,
      defaultHeaders: options.defaultHeaders,
    }
    this.#attach(options[NATIVE] ?? nativeCall(() => new native.NativeClient(nativeOptions, true)))
  }
  #attach(client) {
    this.#native = client
    this.tools = new Tools(client)
    this.toolkits = new Toolkits(client)
    this.projects = new Projects(client)
    this.projectSettings = new ProjectSettings(client)
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
  /** Rotates the project key of this client. */
  setApiKey(apiKey) {
    nativeCall(() => this.#native.setApiKey(apiKey))
  }
  setOrgApiKey(orgApiKey) {
    nativeCall(() => this.#native.setOrgApiKey(orgApiKey))
  }
  /** Any endpoint, with the same auth, retries and errors; resolves to the decoded JSON. */
  request(method, path, options = {}) {
    const args = { method, path, query: options.query, body: options.body, credential: options.credential }
    return call(this.#native, 'request', toArgs(args), options.signal)
  }
  toJSON() {
    return { baseURL: this.baseURL }
  }
  [util.inspect.custom]() {
    return `Composio ${this.#native.describe()}`
  }
}

const NATIVE = Symbol('native client')

module.exports = {
  Composio,
  Tools,
  Toolkits,
  Projects,
  ProjectSettings,
  ComposioError,
  ConfigurationError,
  APIError,
  APIStatusError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIResponseValidationError,
  operations: native.operations,
}
