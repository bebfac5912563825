// A whole loop through the real @google/genai client against a scripted local server: the declarations go out
// as the SDK sends them, the SDK's own response object goes into handle, and the functionResponse parts go back.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { GoogleGenAI } from '@google/genai'

import { Composio } from '../index.mjs'
import { startEmulator } from './emulator.mjs'
import { scripted } from './scripted.mjs'

let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const ISSUE = { owner: 'acme', repo: 'app', title: 'Login fails' }

test('a whole loop through the @google/genai SDK', async () => {
  const ts = await new Composio({ apiKey: emu.api_key, baseURL: emu.base_url }).toolset({
    userId: 'user-1', tools: ['GITHUB_CREATE_ISSUE'], format: 'gemini',
  })
  const call = (args) => ({ functionCall: { name: 'GITHUB_CREATE_ISSUE', args } })
  const server = await scripted([
    { candidates: [{ content: { role: 'model', parts: [call(ISSUE), call({ owner: 'acme' }), { functionCall: { name: 'NOPE', args: {} } }] } }] },
    { candidates: [{ content: { role: 'model', parts: [{ text: 'done' }] } }] },
  ])
  try {
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } })
    const contents = [{ role: 'user', parts: [{ text: 'Open an issue' }] }]
    const config = { tools: [{ functionDeclarations: ts.definitions }] }
    const first = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents, config })
    assert.equal(first.functionCalls.length, 3) // the SDK's own class instance, with its getters
    const reply = await ts.handle(first)
    assert.equal(reply.length, 1)
    const parts = reply[0].parts
    assert.deepEqual(parts.map((p) => p.functionResponse.name), ['GITHUB_CREATE_ISSUE', 'GITHUB_CREATE_ISSUE', 'NOPE'])
    const [ok, failed, unknown] = parts.map((p) => p.functionResponse.response)
    assert.equal(ok.successful, true)
    assert.equal(failed.successful, false)
    assert.match(unknown.error, /no tool named "NOPE"/)
    const second = await ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: [...contents, first.candidates[0].content, ...reply], config,
    })
    assert.equal(second.text, 'done')
    // What the SDK sent: the declarations as given, then the three functionResponse parts as one user turn.
    assert.deepEqual(server.received[0].tools[0].functionDeclarations, ts.definitions)
    const turn = server.received[1].contents.at(-1)
    assert.equal(turn.role, 'user')
    assert.equal(turn.parts.filter((p) => p.functionResponse).length, 3)
  } finally {
    await server.close()
  }
})
