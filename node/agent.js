'use strict'
// Toolsets: a user's Composio tools in a model API's format, and the running of the calls a model makes.
// Everything that decides (which tools, the formats, strict mode, names, running calls, errors as results)
// is in the Rust core; this file turns JavaScript values into JSON and back and runs the user's functions.

const util = require('node:util')
const native = require('./native.js')
const { convertError } = require('./errors.js')
const { withSignal, nativeCall } = require('./calls.js')
const frameworks = require('./frameworks.js')

const MODIFIER = Symbol('composio modifier')
const CUSTOM_TOOL = Symbol('composio custom tool')

function modifier(kind) {
  return (fn, { tools = [], toolkits = [] } = {}) => {
    if (typeof fn !== 'function') throw new TypeError(`${kind} takes a function`)
    return { [MODIFIER]: true, kind, fn, tools: [...tools], toolkits: [...toolkits] }
  }
}

/** `(tool, toolkit, toolObject) => toolObject` while the toolset is built. */
const schemaModifier = modifier('schema')
/** `(tool, toolkit, {arguments, user_id, connected_account_id}) => request` before a call runs. */
const beforeExecute = modifier('beforeExecute')
/** `(tool, toolkit, {successful, data, error}) => result` after a call ran. */
const afterExecute = modifier('afterExecute')

/** A JSON Schema from a zod schema (zod 4's `z.toJSONSchema`), or the schema as given. */
function jsonSchemaOf(schema) {
  if (schema && typeof schema.safeParse === 'function') {
    let zod
    try {
      zod = require('zod')
    } catch {
      throw new TypeError('a zod inputSchema needs the zod package installed')
    }
    if (typeof zod.toJSONSchema !== 'function') throw new TypeError('a zod inputSchema needs zod 4 (z.toJSONSchema)')
    const { $schema, ...rest } = zod.toJSONSchema(schema)
    return rest
  }
  return schema ?? { type: 'object', properties: {} }
}

/**
 * A local function offered to the model beside Composio's tools: `execute(args, context)` may be async; a
 * tool bound to a `toolkit` gets `context.account` (the user's connected account) and `context.proxy(endpoint,
 * options)`, which calls the toolkit's API as the user. `inputSchema` is a JSON Schema or a zod schema
 * (then the arguments are parsed by it before `execute` sees them).
 */
function customTool({ slug, description = '', inputSchema, toolkit, execute }) {
  if (typeof execute !== 'function') throw new TypeError('customTool needs an execute function')
  const parse = inputSchema && typeof inputSchema.parse === 'function' ? (a) => inputSchema.parse(a) : (a) => a
  return { [CUSTOM_TOOL]: true, slug, description, inputSchema: jsonSchemaOf(inputSchema), toolkit, execute, parse }
}

const errorWords = (e) => `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`

function callbacksFor(client, options) {
  const fns = []
  const modifiers = (options.modifiers ?? []).map((m) => {
    if (!m || !m[MODIFIER]) throw new TypeError('modifiers take schemaModifier(...), beforeExecute(...) or afterExecute(...)')
    fns.push((slug, toolkit, value) => m.fn(slug, toolkit ?? null, value))
    return { kind: m.kind, tools: m.tools, toolkits: m.toolkits, index: fns.length - 1 }
  })
  const customTools = (options.customTools ?? []).map((t) => {
    if (!t || !t[CUSTOM_TOOL]) throw new TypeError('customTools take customTool({...})')
    fns.push((slug, toolkit, call) => {
      const context = {
        userId: call.user_id,
        connectedAccountId: call.connected_account_id ?? null,
        account: call.account ?? null,
        proxy: (endpoint, opts = {}) => client.tools.proxy(endpoint, { method: 'GET', ...opts, connectedAccountId: call.connected_account_id }),
      }
      return t.execute(t.parse(call.arguments ?? {}), context)
    })
    return { slug: t.slug, description: t.description, input_schema: t.inputSchema, toolkit: t.toolkit ?? null, index: fns.length - 1 }
  })
  // The one function the core calls for every callback; it never rejects, so a user's error stays inside
  // that call's result.
  const dispatch = async (index, slug, toolkit, json) => {
    try {
      const value = await fns[index](slug, toolkit, JSON.parse(json))
      return JSON.stringify({ value: value === undefined ? null : value })
    } catch (e) {
      return JSON.stringify({ error: errorWords(e) })
    }
  }
  return { spec: JSON.stringify({ modifiers, custom_tools: customTools }), dispatch: fns.length ? dispatch : null }
}

/** A path option as text: a string, or a `file:` URL. */
function pathText(name, value) {
  if (value instanceof URL) return require('node:url').fileURLToPath(value)
  if (typeof value !== 'string') throw new TypeError(`${name} must be a path (a string or a file: URL)`)
  return value
}

/** The file options (`files`, `uploadDirs`, `downloadDir`) in the core's JSON form; only the ones given. */
function fileOptions(o) {
  const json = {}
  if (o.files != null) json.files = o.files
  if (o.uploadDirs != null) {
    if (!Array.isArray(o.uploadDirs)) throw new TypeError('uploadDirs must be an array of paths')
    json.upload_dirs = o.uploadDirs.map((d) => pathText('uploadDirs', d))
  }
  if (o.downloadDir != null) json.download_dir = pathText('downloadDir', o.downloadDir)
  return json
}

function coreOptions(o) {
  if (o.timeout != null && !(o.timeout > 0)) throw new TypeError('timeout must be a positive number of milliseconds')
  const json = {
    user_id: o.userId,
    session_id: o.sessionId,
    toolkits: o.toolkits,
    tools: o.tools,
    search: o.search,
    tags: o.tags,
    scopes: o.scopes,
    limit: o.limit,
    format: o.format,
    strict: o.strict,
    connected_account_id: o.connectedAccountId,
    max_concurrency: o.maxConcurrency,
    timeout: o.timeout == null ? undefined : o.timeout / 1000,
    ...fileOptions(o),
  }
  for (const key of Object.keys(json)) if (json[key] == null) delete json[key]
  const known = new Set(['userId', 'sessionId', 'toolkits', 'tools', 'search', 'tags', 'scopes', 'limit', 'format', 'strict',
    'connectedAccountId', 'maxConcurrency', 'timeout', 'modifiers', 'customTools', 'signal', 'files', 'uploadDirs',
    'downloadDir'])
  const unknown = Object.keys(o).filter((k) => !known.has(k))
  if (unknown.length) json[unknown[0]] = o[unknown[0]] // the core names it in a ConfigurationError
  return JSON.stringify(json)
}

/** A provider SDK's response (plain objects, or class instances such as @google/genai's) as JSON text. */
function responseText(response) {
  if (typeof response === 'string') return JSON.stringify(response)
  return JSON.stringify(response ?? null)
}

class Toolset {
  #native
  #definitions
  #jsonSchemas
  constructor(nativeToolset) {
    this.#native = nativeToolset
  }
  /** The tool definitions to hand the model, in the toolset's format. */
  get definitions() {
    this.#definitions ??= JSON.parse(this.#native.definitions())
    return this.#definitions
  }
  /** Every tool: `{slug, toolkit, name}` (`name` is what the model sees). */
  get tools() {
    return JSON.parse(this.#native.tools())
  }
  get length() {
    return this.tools.length
  }
  get format() {
    return this.#native.format
  }
  get userId() {
    return this.#native.userId
  }
  /**
   * Runs every tool call of `response` (the provider SDK's response, a message, or a list of calls)
   * concurrently; resolves to the messages to append before calling the model again. A call that fails says
   * why in its result; this rejects only when `response` is not of the toolset's format, or on `signal`.
   */
  async handle(response, { signal } = {}) {
    const text = await withSignal(signal, (id) => this.#native.handle(responseText(response), id))
    return JSON.parse(text)
  }
  /** Runs one call by the name the model sees: `{successful, data, error}`, never a rejection. */
  async execute(name, args, { signal } = {}) {
    const [raw, json] = typeof args === 'string' ? [args, null] : [null, JSON.stringify(args ?? {})]
    const text = await withSignal(signal, (id) => this.#native.execute(name, raw, json, id))
    return JSON.parse(text)
  }
  /** Each tool as frameworks that take JSON Schema want it: `{name, description, parameters, strict}`. */
  get jsonSchemas() {
    this.#jsonSchemas ??= JSON.parse(this.#native.jsonSchemas())
    return this.#jsonSchemas
  }
  /**
   * The tools for the Vercel AI SDK (`generateText({ tools: ts.vercel() })`): `tool({ inputSchema: jsonSchema(…) })`
   * per tool, keyed by the name the model sees, each running through this toolset. Needs the `ai` package.
   */
  vercel() {
    return frameworks.vercelTools(this)
  }
  /** OpenAI Agents SDK tools (`new Agent({ tools: ts.openaiAgents() })`), strict when the toolset is. */
  openaiAgents() {
    return frameworks.openaiAgentsTools(this)
  }
  /** LangChain.js tools (`model.bindTools(ts.langchain())`). Needs `@langchain/core`. */
  langchain() {
    return frameworks.langchainTools(this)
  }
  [util.inspect.custom]() {
    return this.#native.describe()
  }
}

async function buildToolset(nativeClient, client, options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('toolset takes an options object')
  let json, callbacks
  try {
    json = coreOptions(options)
    callbacks = callbacksFor(client, options)
  } catch (e) {
    throw e instanceof TypeError ? e : convertError(e)
  }
  const nativeToolset = await withSignal(options.signal, (id) =>
    nativeClient.toolset(json, callbacks.spec, callbacks.dispatch, id),
  )
  return new Toolset(nativeToolset)
}

/** One Composio tool (as the API returns it) in a model API's format, as a toolset makes it. */
function toolDefinition(tool, format = 'openai', { strict = false } = {}) {
  return JSON.parse(nativeCall(() => native.toolDefinition(JSON.stringify(tool), format, strict)))
}

module.exports = { Toolset, buildToolset, fileOptions, toolDefinition, schemaModifier, beforeExecute, afterExecute, customTool }
