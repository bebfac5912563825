'use strict'
// How every resource method (generated in resources.js) reaches the native addon: options to JSON
// arguments, AbortSignal to cancellation, native errors to the package's classes.

const util = require('node:util')

const native = require('./native.js')
const { convertError } = require('./errors.js')

const SPECIAL_NAMES = { is2FAEnabled: 'is_2FA_enabled' }

/** Top-level option names to the API's snake_case; undefined and null mean "not sent". */
function toArgs(options, extra = {}) {
  const args = { ...extra }
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === 'signal' || value === undefined || value === null) continue
    // Bytes (a Buffer or any Uint8Array) travel as base64 text; the core decodes them.
    const sent = value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value
    args[SPECIAL_NAMES[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = sent
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

// ---------------------------------------------------------------------------------------------- results

// The addon's result: [text, tail], text being normalised JSON and tail null, or the text (a Buffer when large)
// of the big values the model keeps as they are (tool schemas, ~90 % of a tool list's bytes): those are in the
// tail, each replaced in the text by {"\u0000raw": [start, end]} (its span of the tail; ASCII, so bytes and
// characters agree). The text is parsed at once; each such value when its property is first read. The objects
// stay plain: the property becomes an ordinary data property on first read or write, and JSON.stringify,
// spreading and structuredClone read it like any other.
const DEFERRED = '\u0000raw'

function parseResult([text, tail]) {
  const value = JSON.parse(text)
  if (tail == null) return value
  const top = value?.[DEFERRED]
  if (top) return parseSpan(tail, top[0], top[1])
  restore(value, tail)
  return value
}

function parseSpan(tail, start, end) {
  return JSON.parse(typeof tail === 'string' ? tail.slice(start, end) : tail.toString('latin1', start, end))
}

function restore(node, tail) {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i]
      if (item === null || typeof item !== 'object') continue
      const span = item[DEFERRED]
      if (span) node[i] = parseSpan(tail, span[0], span[1])
      else restore(item, tail)
    }
    return
  }
  let deferred = false
  for (const key in node) {
    const item = node[key]
    if (item === null || typeof item !== 'object') continue
    const span = item[DEFERRED]
    if (span) {
      parseOnRead(node, key, tail, span[0], span[1])
      deferred = true
    } else restore(item, tail)
  }
  // console.log and util.inspect show the values, not [Getter/Setter] (non-enumerable: nothing else sees it).
  if (deferred) Object.defineProperty(node, util.inspect.custom, INSPECT)
}

function inspectValues(depth, options, inspect) {
  // `depth` is what is left at this level: the copy is shown as this object would be.
  if (depth < 0) return options.stylize('[Object]', 'special')
  return inspect({ ...this }, { ...options, depth: options.depth === null ? null : depth })
}
const INSPECT = { value: inspectValues, configurable: true, writable: true }

function settle(object, key, value) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
  return value
}

// One setter per field name, shared by every object (a page has thousands of these properties).
const setters = new Map()
function setterFor(key) {
  let setter = setters.get(key)
  if (!setter) {
    setter = function (value) {
      settle(this, key, value)
    }
    setters.set(key, setter)
  }
  return setter
}

function parseOnRead(object, key, tail, start, end) {
  Object.defineProperty(object, key, {
    get() {
      return settle(this, key, parseSpan(tail, start, end))
    },
    set: setterFor(key),
    enumerable: true,
    configurable: true,
  })
}

async function call(client, operation, args, signal) {
  const text = await withSignal(signal, (id) => client.call(operation, args, id))
  return parseResult(text)
}

/** One page of a list, with `next_page_no`: a numbered list's next page number (no cursor), else null. */
async function callPage(client, operation, args, signal) {
  const page = await call(client, operation, args, signal)
  const current = Number(page.current_page) || 0
  const total = Number(page.total_pages) || 0
  const numbered = !page.next_cursor && Array.isArray(page.items) && page.items.length > 0 && current >= 1
  page.next_page_no = numbered && current < total ? current + 1 : null
  return page
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
    yield* parseResult(page).items
  }
}

function nativeCall(fn) {
  try {
    return fn()
  } catch (error) {
    throw convertError(error)
  }
}

module.exports = { toArgs, call, callPage, iterate, nativeCall, withSignal, parseResult }
