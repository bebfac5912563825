// Live trigger events over the emulator's own Pusher websocket: order, chunks, filters, a reconnect after the
// emulator drops every socket, stopping from inside the loop and by AbortSignal, and a refused channel signature.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { AuthenticationError, Composio, ConfigurationError } from '../index.mjs'
import { startEmulator } from './emulator.mjs'

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const client = () => new Composio(emu.options())

async function trigger(c, slug) {
  const made = await c.triggers.upsert(slug, { userId: 'user-1', triggerConfig: { owner: 'acme', repo: 'live' } })
  return made.trigger_id
}

const fire = (id, data) => emu.admin('POST', `/_emulator/triggers/${id}/fire`, { data })

/** Polls the emulator (bounded) until `want` sockets have joined a channel. */
async function waitForSubscribers(want) {
  const deadline = Date.now() + 15_000
  while ((await emu.admin('GET', '/_emulator/realtime')).subscribed !== want) {
    assert.ok(Date.now() < deadline, `no ${want} subscribers`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('events arrive in order, chunked, filtered, and after a reconnect', async () => {
  const c = client()
  const wanted = await trigger(c, 'GITHUB_STAR_ADDED_EVENT')
  const other = await trigger(c, 'GITHUB_COMMIT_EVENT')
  const events = await c.triggers.subscribe({ triggerSlug: 'github_star_added_event', toolkit: 'GITHUB' }).ready()
  assert.equal((await fire(wanted, { n: 1 })).realtime, 1)
  await fire(other, { n: 'filtered out' })
  await fire(wanted, { n: 2, large: 'x'.repeat(40_000) })
  await fire(wanted, { n: 3 })
  const got = []
  for await (const event of events) {
    got.push(event)
    if (got.length === 3) break // leaving the loop stops the subscription
  }
  assert.deepEqual(got.map((e) => e.data.n), [1, 2, 3])
  assert.equal(got[1].data.large.length, 40_000)
  assert.equal(got[0].type, 'composio.trigger.message')
  assert.equal(got[0].metadata.trigger_id, wanted)
  assert.equal(got[0].metadata.user_id, 'user-1')
  assert.equal(new Set(got.map((e) => e.webhook_id)).size, 3)
  assert.ok(events.stopped)
  await waitForSubscribers(0)

  const again = await c.triggers.subscribe({ triggerId: wanted }).ready()
  assert.equal((await emu.admin('POST', '/_emulator/realtime/drop', {})).dropped, 1)
  await waitForSubscribers(1)
  await fire(wanted, { n: 4 })
  assert.equal((await again.next()).value.data.n, 4)
  again.stop()
  assert.deepEqual(await again.next(), { done: true, value: undefined })
  await waitForSubscribers(0)
})

test('an AbortSignal ends a waiting loop', async () => {
  const controller = new AbortController()
  const events = await client().triggers.subscribe({ signal: controller.signal }).ready()
  const waiting = events.next()
  controller.abort()
  assert.deepEqual(await waiting, { done: true, value: undefined })
  await waitForSubscribers(0)
})

test('a bad channel signature is a typed error, not a hang; bad options are refused', async () => {
  await emu.fault({
    method: 'POST',
    path: '/api/v3/internal/sdk/realtime/auth',
    status: 200,
    body: '{"auth": "nope:0000"}',
    body_kind: 'raw',
  })
  const started = Date.now()
  await assert.rejects(client().triggers.subscribe().ready(), (e) => {
    assert.ok(e instanceof AuthenticationError, String(e))
    assert.equal(e.slug, 'Realtime_SubscriptionRefused')
    return true
  })
  assert.ok(Date.now() - started < 10_000)
  assert.throws(() => client().triggers.subscribe({ triggerslug: 'x' }), ConfigurationError)
  await assert.rejects(client().triggers.subscribe({ realtimeUrl: 'ws://example.com/app/k' }).ready(), ConfigurationError)
})
