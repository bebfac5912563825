'use strict'
// How every resource method (generated in resources.js) reaches the native addon: options to JSON
// arguments, AbortSignal to cancellation, native errors to the package's classes.

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

async function call(client, operation, args, signal) {
  const text = await withSignal(signal, (id) => client.call(operation, args, id))
  return JSON.parse(text)
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

module.exports = { toArgs, call, callPage, iterate, nativeCall, withSignal }
