// The webhook vectors of tests/cases/webhooks.json, and the list of operations.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

import * as composio from '../index.mjs'
import { ROOT } from './emulator.mjs'

const VECTORS = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'webhooks.json'), 'utf8'))

const contains = (got, want) =>
  want && typeof want === 'object' && !Array.isArray(want)
    ? got && typeof got === 'object' && Object.entries(want).every(([k, v]) => contains(got[k], v))
    : JSON.stringify(got) === JSON.stringify(want)

for (const c of VECTORS) {
  test(`webhook: ${c.name}`, () => {
    const expect = c.expect
    let event
    let error
    try {
      event = composio.verifyWebhook(Buffer.from(c.body, 'utf8'), c.headers, c.secret, {
        tolerance: c.tolerance_seconds ?? 300,
        now: c.now,
      })
    } catch (e) {
      error = e
    }
    if (expect.ok) {
      assert.equal(error, undefined, String(error))
      for (const [key, want] of Object.entries(expect)) if (key !== 'ok') assert.ok(contains(event[key], want), key)
    } else {
      assert.ok(error instanceof composio.WebhookVerificationError, String(error))
      assert.equal(error.kind, expect.error)
      assert.equal(error.slug, expect.slug)
      if (expect.message_contains) assert.ok(error.serverMessage.includes(expect.message_contains), error.serverMessage)
      assert.ok(!String(error).includes(c.secret) && !JSON.stringify(error).includes(c.secret))
    }
  })
}

test('webhook: headers as a Headers object and the body as text', () => {
  const c = VECTORS[0]
  const event = composio.verifyWebhook(c.body, new Headers(c.headers), c.secret, { now: c.now })
  assert.equal(event.metadata.trigger_slug, 'GITHUB_STAR_ADDED_EVENT')
})

function specOperations(name) {
  const spec = JSON.parse(readFileSync(join(ROOT, 'api', name), 'utf8'))
  const keys = new Set()
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of Object.keys(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) keys.add(`${method.toUpperCase()} ${path}`)
    }
  }
  return keys
}

test('operations cover every operation of both specs, and only operations a spec has', () => {
  const january = specOperations('openapi.json')
  const current = specOperations('openapi-current.json')
  assert.deepEqual([january.size, current.size], [60, 113])
  const ours = new Set(composio.operations().map((op) => op.spec))
  assert.deepEqual([...january].filter((k) => !ours.has(k)), [])
  // A January key counts for the current API's same operation: v3 → v3.1, path parameters unnamed.
  const normalized = (k) => k.replace(' /api/v3/', ' /api/v3.1/').replace(/\{[^}]*\}/g, '{}')
  const oursNormalized = new Set([...ours].map(normalized))
  assert.deepEqual([...current].filter((k) => !oursNormalized.has(normalized(k))), [])
  assert.deepEqual([...ours].filter((k) => !january.has(k) && !current.has(k)), [])
})
