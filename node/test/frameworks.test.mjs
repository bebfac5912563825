// The LangChain.js and OpenAI Agents SDK adapters under each framework's own test model: the tools carry the
// core's JSON Schema, and the calls the model makes run through the toolset (errors as results).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { Agent, run, setTracingDisabled, Usage } from '@openai/agents'
import { AIMessageChunk } from '@langchain/core/messages'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { FakeStreamingChatModel } from '@langchain/core/utils/testing'

import { Composio } from '../index.mjs'
import { startEmulator } from './emulator.mjs'

const ISSUE = { owner: 'acme', repo: 'app', title: 'Login fails' }
let emu
before(async () => {
  emu = await startEmulator()
  setTracingDisabled(true)
})
after(() => emu.stop())

const toolset = (options = {}) =>
  new Composio({ apiKey: emu.api_key, baseURL: emu.base_url }).toolset({
    userId: 'user-1', tools: ['GITHUB_CREATE_ISSUE'], ...options,
  })

test('LangChain.js tools carry the JSON Schema and run the fake model\'s calls through the toolset', async () => {
  const ts = await toolset({ format: 'anthropic' })
  const tools = ts.langchain()
  assert.equal(tools.length, 1)
  // What LangChain sends a model is the core's schema, unchanged.
  assert.deepEqual(convertToOpenAITool(tools[0]).function.parameters, ts.jsonSchemas[0].parameters)
  const model = new FakeStreamingChatModel({
    chunks: [new AIMessageChunk({ content: '', tool_calls: [
      { id: 'c1', name: 'GITHUB_CREATE_ISSUE', args: ISSUE, type: 'tool_call' },
      { id: 'c2', name: 'GITHUB_CREATE_ISSUE', args: { owner: 'acme' }, type: 'tool_call' },
    ] })],
  }).bindTools(tools)
  const reply = await model.invoke('Open an issue')
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]))
  const [good, bad] = reply.tool_calls
  const message = await byName[good.name].invoke(good)
  assert.equal(message.tool_call_id, 'c1')
  const result = JSON.parse(message.content)
  assert.equal(result.successful, true)
  assert.deepEqual(result.data.arguments, ISSUE)
  // LangChain.js checks arguments against the schema itself, before the toolset sees them (LangGraph's ToolNode
  // turns this into an error message for the model); the details say what is missing.
  await assert.rejects(byName[bad.name].invoke(bad), /did not match expected schema[\s\S]*required/)
})

/** A custom Agents SDK model: the first turn calls the tool twice, the second answers with what it received. */
class Scripted {
  requests = []
  async getResponse(request) {
    this.requests.push(request)
    const usage = new Usage()
    if (this.requests.length === 1) {
      return { usage, responseId: 'r1', output: [
        { type: 'function_call', callId: 'c1', name: 'GITHUB_CREATE_ISSUE', arguments: JSON.stringify(ISSUE), status: 'completed' },
        { type: 'function_call', callId: 'c2', name: 'GITHUB_CREATE_ISSUE', arguments: '{"owner": "acme"}', status: 'completed' },
      ] }
    }
    return { usage, responseId: 'r2', output: [
      { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'done' }] },
    ] }
  }
  async *getStreamedResponse() {
    throw new Error('not streamed')
  }
}

test('OpenAI Agents SDK tools run the custom model\'s calls through the toolset, strict when the toolset is', async () => {
  for (const strict of [false, true]) {
    const ts = await toolset({ format: 'openai', strict })
    const tools = ts.openaiAgents()
    assert.equal(tools[0].strict, strict)
    assert.deepEqual(tools[0].parameters, ts.jsonSchemas[0].parameters)
    const model = new Scripted()
    const result = await run(new Agent({ name: 'issues', model, tools }), 'Open an issue')
    assert.equal(result.finalOutput, 'done')
    const outputs = model.requests[1].input.filter((item) => item.type === 'function_call_result')
    assert.deepEqual(outputs.map((o) => o.callId), ['c1', 'c2'])
    const text = (o) => (typeof o.output === 'string' ? o.output : o.output.text)
    const [ok, failed] = outputs.map((o) => JSON.parse(text(o)))
    assert.equal(ok.successful, true, JSON.stringify(ok))
    assert.equal(failed.successful, false)
  }
})
