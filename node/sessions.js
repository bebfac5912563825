'use strict'
// Tool router sessions: `client.sessions.create(userId, {...})` resolves to a Session whose `toolset()` hands a
// model the session's meta tools (search, connect, run any toolkit) and runs the calls it makes in the session.
// Each method is one native call of the operation table (`tool_router.*`); the options' shorthands, the session
// toolset's routing and the MCP headers are the Rust core's.

const util = require('node:util')
const { fileURLToPath } = require('node:url')
const native = require('./native.js')
const { call, iterate, nativeCall, parseResult, toArgs, withSignal } = require('./calls.js')

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** Session options named as Node names them, nested objects included, as the core's JSON. */
function sessionArgs(options, extra = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('session options must be an object')
  const wire = {}
  for (const [name, value] of Object.entries(options)) {
    if (name === 'signal') continue
    const nested = value && typeof value === 'object' && !Array.isArray(value) && (name === 'manageConnections' || name === 'workbench')
    wire[snake(name)] = nested ? Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), v])) : value
  }
  const config = nativeCall(() => native.sessionConfig(JSON.stringify({ ...extra, ...wire })))
  return config
}

const MOUNT = 'files' // the mount every session has

/** `session.files`: the session's file mount (what its sandbox tools read and write), by mount path. */
class SessionFiles {
  #native
  #sessionId
  constructor(native, sessionId) {
    this.#native = native
    this.#sessionId = sessionId
  }
  #args(args) {
    return toArgs(args, { session_id: this.#sessionId, mount_id: MOUNT })
  }
  /** Every file of the mount (every page), by path; under `prefix` when given. */
  async list(options = {}) {
    const found = []
    const args = this.#args({ mountRelativePrefix: options.prefix })
    for await (const file of iterate(this.#native, 'tool_router.list_mount_files', args, options.signal)) found.push(file)
    return found
  }
  /** Puts a file (a local path, a `file:` URL, or bytes) at `mountRelativePath` (a file there is replaced). */
  upload(mountRelativePath, source, options = {}) {
    const from = source instanceof Uint8Array ? { content: source } : { path: source instanceof URL ? fileURLToPath(source) : source }
    const args = this.#args({ mountRelativePath, mimetype: options.mimetype, ...from })
    return call(this.#native, 'tool_router.upload_mount_file', args, options.signal)
  }
  /** Saves the file at `mountRelativePath` as the local file `to` (a path or `file:` URL; replaced if it exists). */
  download(mountRelativePath, to, options = {}) {
    const path = to instanceof URL ? fileURLToPath(to) : to
    return call(this.#native, 'tool_router.download_mount_file', this.#args({ mountRelativePath, path }), options.signal)
  }
  /** Deletes a file, or every file under a directory path. */
  delete(mountRelativePath, options = {}) {
    return call(this.#native, 'tool_router.delete_mount_file', this.#args({ mountRelativePath }), options.signal)
  }
}

class SessionLink {
  #native
  constructor(native, link) {
    this.#native = native
    Object.assign(this, link)
  }
  /** Resolves when the account is ACTIVE (`timeout` in ms, default 60000); rejects when it fails or times out. */
  waitForConnection(options = {}) {
    const args = toArgs({ connectedAccountId: this.connected_account_id, timeout: options.timeout })
    return call(this.#native, 'connected_accounts.wait_for_connection', args, options.signal)
  }
}

class Session {
  #native
  #client
  #info
  constructor(nativeClient, client, info) {
    this.#native = nativeClient
    this.#client = client
    this.#info = info
  }
  get id() {
    return this.#info.session_id
  }
  get userId() {
    return this.#info.config?.user_id ?? ''
  }
  /** The session as the API last answered it (`config`, `config_version`, `tool_router_tools`). */
  get info() {
    return this.#info
  }
  /**
   * The session's MCP server: `type`, `url` and the `headers` (`x-api-key`) an MCP client sends. A method, not a
   * property: the key may come from a key function, asked now.
   */
  async mcp(options = {}) {
    const headers = JSON.parse(await withSignal(options.signal, () => this.#native.mcpHeaders()))
    const { type, url } = this.#info.mcp ?? {}
    return { type, url, headers, [util.inspect.custom]: () => `SessionMcp { url: '${url}' }` }
  }
  #call(operation, args, signal) {
    return call(this.#native, operation, toArgs(args, { session_id: this.id }), signal)
  }
  /** The session's meta tools in `format`; `handle` runs the model's calls in the session. */
  toolset(options = {}) {
    return this.#client.toolset({ ...options, userId: this.userId, sessionId: this.id })
  }
  /** Runs a tool as the session's user; a tool that fails says why in `error`. */
  execute(toolSlug, args, options = {}) {
    return this.#call('tool_router.execute', { toolSlug, arguments: args }, options.signal)
  }
  /** Runs one of the router's own tools (`COMPOSIO_SEARCH_TOOLS`, `COMPOSIO_MULTI_EXECUTE_TOOL`, ...). */
  executeMeta(slug, args, options = {}) {
    return this.#call('tool_router.execute_meta', { slug, arguments: args }, options.signal)
  }
  /** Tools for up to seven use cases (`[{ use_case }]`), with the connection each toolkit needs. */
  search(queries, options = {}) {
    return this.#call('tool_router.search', { queries, model: options.model, searchStrategy: options.searchStrategy }, options.signal)
  }
  /** A request to the toolkit's own API with the user's account (the API adds the credentials). */
  proxyExecute(options) {
    return this.#call('tool_router.proxy_execute', { method: 'GET', ...options }, options.signal)
  }
  /** A connect link for the user and `toolkit`; then `await link.waitForConnection()`. */
  async authorize(toolkit, options = {}) {
    const link = await this.#call('tool_router.link', { toolkit, callbackUrl: options.callbackUrl }, options.signal)
    return new SessionLink(this.#native, link)
  }
  /** Every toolkit of the session (every page), each with the user's connection to it. */
  async toolkits(options = {}) {
    const args = toArgs({ toolkits: options.toolkits, isConnected: options.isConnected, search: options.search }, { session_id: this.id })
    const found = []
    for await (const toolkit of iterate(this.#native, 'tool_router.list_toolkits', args, options.signal)) found.push(toolkit)
    return found
  }
  /** Changes the session's configuration (the options given replace the session's); resolves to this session. */
  async update(options = {}) {
    const args = sessionArgs(options, { session_id: this.id })
    this.#info = await withSignal(options.signal, (id) => this.#native.call('tool_router.update_session', args, id)).then(parseResult)
    return this
  }
  /** The session's file mount: `list`, `upload` (a path or bytes), `download`, `delete`. */
  get files() {
    return new SessionFiles(this.#native, this.id)
  }
  /** Deletes the session: its MCP URL and tools stop working. */
  delete(options = {}) {
    return this.#call('tool_router.delete_session', {}, options.signal)
  }
  toJSON() {
    return { id: this.id, userId: this.userId }
  }
  [util.inspect.custom]() {
    return `Session { id: '${this.id}', userId: '${this.userId}' }`
  }
}

class Sessions {
  #native
  #client
  constructor(nativeClient, client) {
    this.#native = nativeClient
    this.#client = client
  }
  #open(info) {
    return new Session(this.#native, this.#client, info)
  }
  /**
   * A session for `userId`. `toolkits`: the ones enabled (an array) or `{ enable | disable: [...] }`; `tools`:
   * per toolkit, an array of slugs or a rule; `authConfigs` / `connectedAccounts`: per toolkit, the one to use;
   * `manageConnections`: whether the model may start connections (a boolean or `{ enable, callbackUrl }`).
   */
  async create(userId, options = {}) {
    const args = sessionArgs(options, { user_id: userId })
    const info = parseResult(await withSignal(options.signal, (id) => this.#native.call('tool_router.create_session', args, id)))
    return this.#open(info)
  }
  /** A session made before, by id. */
  async get(sessionId, options = {}) {
    const info = await call(this.#native, 'tool_router.get_session', toArgs({ sessionId }), options.signal)
    return this.#open(info)
  }
}

module.exports = { Sessions, Session, SessionFiles, SessionLink }
