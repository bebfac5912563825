// The shared live-event cases (tests/cases/realtime.json) as an async iterator, as the Rust core runs them: the
// "callback" is the loop body, which stops its own subscription.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { Composio, ComposioError } from '../index.mjs'
import { ROOT, startEmulator } from './emulator.mjs'

const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'realtime.json'), 'utf8'))

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

async function waitSubscribed(want) {
  const deadline = Date.now() + 15_000
  while ((await emu.admin('GET', '/_emulator/realtime')).subscribed !== want) {
    assert.ok(Date.now() < deadline, `no ${want} subscribed sockets`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const substitute = (value, saved) => {
  if (typeof value === 'string' && value.startsWith('$')) return saved[value.slice(1)] ?? value
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]))
  }
  return value
}

function checkEvents(events, expect, where) {
  assert.deepEqual(events.map((e) => e.data.n), expect.n, where)
  if (expect.large) assert.deepEqual(events.map((e) => e.data.large?.length ?? null), expect.large, where)
  if (expect.trigger_id) assert.ok(events.every((e) => e.metadata?.trigger_id === expect.trigger_id), where)
  if (expect.user_id) assert.ok(events.every((e) => e.metadata?.user_id === expect.user_id), where)
  if (expect.type) assert.ok(events.every((e) => e.type === expect.type), where)
  if (expect.distinct_ids) assert.equal(new Set(events.map((e) => e.webhook_id)).size, expect.distinct_ids, where)
}

for (const shared of CASES) {
  test(shared.name, async () => {
    const c = new Composio(emu.options())
    // Every case starts with no socket open, so the counts it waits for are its own.
    await emu.admin('POST', '/_emulator/realtime/drop', {})
    await waitSubscribed(0)
    const saved = {}
    let events
    for (const [index, raw] of shared.steps.entries()) {
      const step = substitute(raw, saved)
      const where = `${shared.name} #${index}`
      if (step.trigger) {
        const made = await c.triggers.upsert(step.trigger, { userId: 'user-1', triggerConfig: { owner: 'acme', repo: 'live' } })
        saved[step.save] = made.trigger_id
      } else if (step.subscribe) {
        const options = Object.fromEntries(Object.entries(step.subscribe).map(([k, v]) => [camel(k), v]))
        const started = Date.now()
        let error
        try {
          events = await c.triggers.subscribe(options).ready()
        } catch (e) {
          error = e
        }
        const expect = step.expect ?? {}
        if (!expect.error) {
          assert.equal(error, undefined, `${where}: ${error}`)
          continue
        }
        assert.ok(error instanceof ComposioError, `${where}: expected a ${expect.error} error, got ${error}`)
        assert.equal(error.kind, expect.error, where)
        if (expect.slug) assert.equal(error.slug, expect.slug, where)
        assert.ok(Date.now() - started < 10_000, `${where}: slow`)
      } else if (step.fire) {
        const data = { ...step.data }
        if (step.large) data.large = 'x'.repeat(step.large)
        const fired = await emu.admin('POST', `/_emulator/triggers/${step.fire}/fire`, { data })
        if ('expect_realtime' in step) assert.equal(fired.realtime, step.expect_realtime, where)
      } else if (step.receive) {
        const got = []
        for (let i = 0; i < step.receive; i++) got.push((await events.next()).value)
        checkEvents(got, step.expect, where)
      } else if ('drop' in step) {
        assert.equal((await emu.admin('POST', '/_emulator/realtime/drop', {})).dropped, step.drop, where)
      } else if ('wait_subscribed' in step) {
        await waitSubscribed(step.wait_subscribed)
      } else if (step.stop) {
        events.stop()
        assert.equal((await events.next()).done, true, where)
      } else if (step.stop_in_callback_after) {
        const got = []
        for await (const event of events) {
          got.push(event)
          if (got.length === step.stop_in_callback_after) events.stop()
        }
        checkEvents(got, step.expect, where)
      } else if (step.fault) {
        await emu.admin('POST', '/_emulator/faults', step.fault)
      } else {
        throw new Error(`${where}: unknown step ${JSON.stringify(step)}`)
      }
    }
  })
}
