// Tool schemas (~90 % of a tool list's bytes) are parsed when first read, not with the page: what users see is
// still plain objects holding exactly what the API sent.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import util from 'node:util'

import { Composio } from '../index.mjs'
import { startEmulator } from './emulator.mjs'

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

async function rawPage(query) {
  const response = await fetch(`${emu.base_url.replace(/\/$/, '')}/api/v3.1/tools?${query}`, { headers: { 'x-api-key': emu.api_key } })
  assert.equal(response.status, 200)
  return response.json()
}

test('a listed tool holds the schemas the API sent, read whenever and however', async () => {
  const client = new Composio(emu.options())
  const page = await client.tools.list({ toolkitSlug: 'github', limit: 20 })
  const raw = await rawPage('toolkit_slug=github&limit=20')
  assert.equal(page.items.length, raw.items.length)
  const bySlug = new Map(raw.items.map((t) => [t.slug, t]))

  const [first] = page.items
  // Not parsed yet: an accessor until the first read, then an ordinary data property holding one object.
  assert.equal(typeof Object.getOwnPropertyDescriptor(first, 'input_parameters').get, 'function')
  const schema = first.input_parameters
  assert.deepEqual(schema, bySlug.get(first.slug).input_parameters)
  assert.equal(Object.getOwnPropertyDescriptor(first, 'input_parameters').value, schema)
  assert.equal(first.input_parameters, schema)

  // JSON.stringify, spreading, structuredClone and Object.entries see the values, unread ones included.
  for (const tool of page.items) {
    const expected = bySlug.get(tool.slug)
    assert.deepEqual(JSON.parse(JSON.stringify(tool)).output_parameters, expected.output_parameters)
    assert.deepEqual({ ...tool }.input_parameters, expected.input_parameters)
    assert.deepEqual(structuredClone(tool).input_parameters, expected.input_parameters)
    assert.ok(Object.keys(tool).includes('input_parameters'))
  }

  // console.log shows the schema, not an accessor.
  const shown = util.inspect(page.items[4], { depth: 4 })
  assert.doesNotMatch(shown, /Getter|Setter/)
  assert.match(shown, /input_parameters: \{/)

  // Writable and deletable like any field, before or after a read.
  const [, second, third] = page.items
  second.input_parameters = { replaced: true }
  assert.deepEqual(second.input_parameters, { replaced: true })
  delete third.output_parameters
  assert.equal('output_parameters' in third, false)
})

test('every page of an iteration, and a single tool, read the same way', async () => {
  const client = new Composio(emu.options())
  const raw = await rawPage('toolkit_slug=github&limit=1000')
  const expected = new Map(raw.items.map((t) => [t.slug, t.input_parameters]))
  let seen = 0
  for await (const tool of client.tools.iter({ toolkitSlug: 'github', limit: 7 })) {
    assert.deepEqual(tool.input_parameters, expected.get(tool.slug), tool.slug)
    seen++
  }
  assert.equal(seen, expected.size)
  const slug = raw.items[0].slug
  assert.deepEqual((await client.tools.get(slug)).input_parameters, expected.get(slug))
})

test('a page too large to copy (its schemas lent from native memory) reads the same as a small one', async () => {
  const client = new Composio(emu.options())
  const page = await client.tools.list({ limit: 1000 })
  const raw = await rawPage('limit=1000')
  assert.ok(JSON.stringify(raw).length > 1_000_000, 'the page should be large enough to be lent')
  // Every schema, non-ASCII text included (escaped on the way, the same characters on arrival).
  assert.deepEqual(JSON.parse(JSON.stringify(page.items)), raw.items)
  const last = page.items.at(-1)
  assert.deepEqual(last.input_parameters, raw.items.at(-1).input_parameters)
})
