// The agent layer from Node: modifiers and custom tools as JavaScript functions (sync, async, throwing), zod
// schemas, and whole loops through the real `openai` and `@anthropic-ai/sdk` clients against a scripted local
// model server.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { z } from 'zod'

import { afterExecute, beforeExecute, Composio, ConfigurationError, customTool, schemaModifier } from '../index.mjs'
import { startEmulator } from './emulator.mjs'
import { scripted } from './scripted.mjs'

const ISSUE = { owner: 'acme', repo: 'app', title: 'Login fails' }
let emu
before(async () => {
  emu = await startEmulator()
})
after(() => emu.stop())

const client = () => new Composio({ apiKey: emu.api_key, orgApiKey: emu.org_api_key, baseURL: emu.base_url })
const call = (id, name, args) => ({ id, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } })
const content = (m) => JSON.parse(m.content)

test('modifiers and custom tools are JavaScript functions, sync or async', async () => {
  const seen = []
  const ts = await client().toolset({
    userId: 'user-1',
    tools: ['GITHUB_CREATE_ISSUE', 'GITHUB_GET_ISSUE'],
    modifiers: [
      schemaModifier((slug, toolkit, tool) => ({ ...tool, description: 'Changed.' }), { tools: ['GITHUB_CREATE_ISSUE'] }),
      beforeExecute(async (slug, toolkit, req) => {
        seen.push(slug)
        return { ...req, arguments: { ...req.arguments, title: '[bot]' } }
      }, { tools: ['GITHUB_CREATE_ISSUE'] }),
      afterExecute((slug, toolkit, res) => ({ ...res, data: 'redacted' }), { toolkits: ['github'] }),
      beforeExecute(() => {
        throw new RangeError('user code failed')
      }, { tools: ['GITHUB_GET_ISSUE'] }),
    ],
    customTools: [
      customTool({
        slug: 'ADD_NUMBERS',
        description: 'Adds two numbers.',
        inputSchema: z.object({ a: z.number(), b: z.number() }),
        execute: async ({ a, b }) => ({ sum: a + b }),
      }),
      customTool({
        slug: 'GITHUB_WHOAMI',
        toolkit: 'github',
        inputSchema: { type: 'object', properties: {} },
        execute: async (args, ctx) => {
          const proxied = await ctx.proxy('/user', { method: 'GET' })
          return { account: ctx.connectedAccountId, status: ctx.account.status, endpoint: proxied.data.endpoint }
        },
      }),
    ],
  })
  const byName = Object.fromEntries(ts.definitions.map((d) => [d.function.name, d.function]))
  assert.equal(byName.GITHUB_CREATE_ISSUE.description, 'Changed.')
  assert.deepEqual(byName.ADD_NUMBERS.parameters.required, ['a', 'b'])
  const out = await ts.handle([
    call('1', 'GITHUB_CREATE_ISSUE', ISSUE),
    call('2', 'ADD_NUMBERS', { a: 2, b: 40 }),
    call('3', 'GITHUB_WHOAMI', {}),
    call('4', 'GITHUB_GET_ISSUE', { owner: 'o', repo: 'r', issue_id: '1' }),
    call('5', 'ADD_NUMBERS', { a: 'two' }),
  ])
  const results = out.map(content)
  assert.deepEqual(seen, ['GITHUB_CREATE_ISSUE'])
  assert.equal(results[0].data, 'redacted')
  assert.deepEqual(results[1].data, { sum: 42 })
  assert.equal(results[2].data, 'redacted') // after-execute applies to toolkit-bound custom tools too
  assert.match(results[3].error, /RangeError: user code failed/)
  assert.equal(results[4].successful, false) // zod refused the arguments: the model reads why
  assert.match(results[4].error, /ZodError|expected number/)
})

test('a custom tool bound to a toolkit sees the account, and its proxy calls as the user', async () => {
  const ts = await client().toolset({
    userId: 'user-1',
    customTools: [customTool({
      slug: 'GITHUB_WHOAMI', toolkit: 'github',
      execute: async (args, ctx) => ({ status: ctx.account.status, endpoint: (await ctx.proxy('/user')).data.endpoint }),
    })],
  })
  const result = await ts.execute('GITHUB_WHOAMI', {})
  assert.deepEqual(result, { successful: true, data: { status: 'ACTIVE', endpoint: '/user' }, error: null })
})

test('a whole loop through the openai SDK', async () => {
  const server = await scripted([
    { id: 'c1', object: 'chat.completion', created: 1, model: 'scripted', choices: [{ index: 0, finish_reason: 'tool_calls', message: {
      role: 'assistant', content: null, tool_calls: [
        call('call_1', 'GITHUB_CREATE_ISSUE', ISSUE), call('call_2', 'GITHUB_CREATE_ISSUE', '{"owner": '), call('call_3', 'NOPE', '{}')] } }] },
    { id: 'c2', object: 'chat.completion', created: 2, model: 'scripted', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Done.' } }] },
  ])
  try {
    const model = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 })
    const ts = await client().toolset({ userId: 'user-1', toolkits: ['github'], strict: true })
    const messages = [{ role: 'user', content: 'Open an issue' }]
    const first = await model.chat.completions.create({ model: 'scripted', messages, tools: ts.definitions })
    messages.push(first.choices[0].message, ...(await ts.handle(first)))
    const second = await model.chat.completions.create({ model: 'scripted', messages, tools: ts.definitions })
    assert.equal(second.choices[0].message.content, 'Done.')
    const tools = server.received[1].messages.filter((m) => m.role === 'tool')
    assert.deepEqual(tools.map((m) => m.tool_call_id), ['call_1', 'call_2', 'call_3'])
    const [ok, broken, unknown] = tools.map(content)
    assert.equal(ok.data.arguments.title, 'Login fails')
    assert.match(broken.error, /not valid JSON/)
    assert.match(unknown.error, /no tool named/)
    assert.equal(server.received[0].tools.length, 420)
  } finally {
    await server.close()
  }
})

test('a whole loop through the anthropic SDK', async () => {
  const usage = { input_tokens: 1, output_tokens: 1 }
  const server = await scripted([
    { id: 'm1', type: 'message', role: 'assistant', model: 'scripted', stop_reason: 'tool_use', stop_sequence: null, usage, content: [
      { type: 'tool_use', id: 'toolu_1', name: 'GITHUB_CREATE_ISSUE', input: ISSUE },
      { type: 'tool_use', id: 'toolu_2', name: 'GITHUB_CREATE_ISSUE', input: { owner: 'acme' } }] },
    { id: 'm2', type: 'message', role: 'assistant', model: 'scripted', stop_reason: 'end_turn', stop_sequence: null, usage, content: [{ type: 'text', text: 'Done.' }] },
  ])
  try {
    const model = new Anthropic({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 })
    const ts = await client().toolset({ userId: 'user-1', tools: ['GITHUB_CREATE_ISSUE'], format: 'anthropic' })
    const messages = [{ role: 'user', content: 'Open an issue' }]
    const first = await model.messages.create({ model: 'scripted', max_tokens: 100, messages, tools: ts.definitions })
    messages.push({ role: 'assistant', content: first.content }, ...(await ts.handle(first)))
    const second = await model.messages.create({ model: 'scripted', max_tokens: 100, messages, tools: ts.definitions })
    assert.equal(second.content[0].text, 'Done.')
    const blocks = server.received[1].messages[2].content
    assert.deepEqual(blocks.map((b) => [b.tool_use_id, b.is_error]), [['toolu_1', false], ['toolu_2', true]])
  } finally {
    await server.close()
  }
})

test('bad options are typed errors before any request; an abort stops handle', async () => {
  await assert.rejects(client().toolset({ userId: 'u', toolkits: ['github'], format: 'gpt' }), ConfigurationError)
  await assert.rejects(client().toolset({ userId: 'u', toolkits: ['github'], toolkit: 'x' }), /toolkit/)
  await assert.rejects(client().toolset({ userId: 'u', toolkits: ['github'], timeout: -1 }), TypeError)
  await assert.rejects(client().toolset({ userId: 'u', modifiers: [() => 1] }), TypeError)
  const ts = await client().toolset({ userId: 'user-1', tools: ['GITHUB_CREATE_ISSUE'] })
  await emu.fault({ method: 'POST', path: '/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE', count: 1, delay_ms: 5000 })
  const controller = new AbortController()
  const pending = ts.handle([call('1', 'GITHUB_CREATE_ISSUE', ISSUE)], { signal: controller.signal })
  controller.abort()
  await assert.rejects(pending, { name: 'AbortError' })
})

test('Vercel AI SDK tools run through the toolset under its mock model', async () => {
  const { generateText, stepCountIs } = await import('ai')
  const { MockLanguageModelV3 } = await import('ai/test')
  const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } }
  const prompts = []
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      prompts.push(options.prompt)
      if (prompts.length === 1) {
        return { content: [
          { type: 'tool-call', toolCallId: 'c1', toolName: 'GITHUB_CREATE_ISSUE', input: JSON.stringify(ISSUE) },
          { type: 'tool-call', toolCallId: 'c2', toolName: 'GITHUB_CREATE_ISSUE', input: JSON.stringify({ owner: 'acme' }) },
        ], finishReason: { unified: 'tool-calls', raw: undefined }, usage, warnings: [] }
      }
      return { content: [{ type: 'text', text: 'Done.' }], finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] }
    },
  })
  const ts = await client().toolset({ userId: 'user-1', tools: ['GITHUB_CREATE_ISSUE'] })
  const result = await generateText({ model, tools: ts.vercel(), prompt: 'Open an issue', stopWhen: stepCountIs(3) })
  assert.equal(result.text, 'Done.')
  const [ok, failed] = result.steps[0].toolResults.map((r) => r.output)
  assert.equal(ok.successful, true)
  assert.equal(ok.data.arguments.title, 'Login fails')
  assert.equal(failed.successful, false)
  assert.match(failed.error, /Missing required argument/)
  // The second model call saw both results.
  const toolMessage = prompts[1].find((m) => m.role === 'tool')
  assert.equal(toolMessage.content.length, 2)
})

test('files on the client (paths or file: URLs) apply to every toolset, and a toolset may turn them off', async () => {
  const { mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { pathToFileURL } = await import('node:url')
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'composio-node-files-')))
  try {
    mkdirSync(join(root, 'allowed'))
    writeFileSync(join(root, 'allowed', 'report.txt'), 'quarterly numbers\n')
    const files = new Composio({
      apiKey: emu.api_key, baseURL: emu.base_url, files: 'auto',
      uploadDirs: [pathToFileURL(join(root, 'allowed'))], downloadDir: join(root, 'downloads'),
    })
    const up = 'GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER'
    const uploads = await files.toolset({ userId: 'user-1', tools: [up] })
    const done = await uploads.execute(up, { file_to_upload: 'report.txt' })
    assert.equal(done.successful, true, JSON.stringify(done))
    assert.equal(done.data.size, 18)
    const down = 'GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT'
    const got = await (await files.toolset({ userId: 'user-1', tools: [down] })).execute(down, { file_id: 'f3' })
    assert.equal(got.data.file.path, join(root, 'downloads', 'f3.txt'))
    assert.equal(readFileSync(got.data.file.path, 'utf8'), 'Contents of Drive file f3\n')
    const off = await files.toolset({ userId: 'user-1', tools: [up], files: 'off' })
    const passed = await off.execute(up, { file_to_upload: 'report.txt' })
    assert.match(passed.error, /upload the local file first/)
    assert.throws(() => new Composio({ apiKey: emu.api_key, baseURL: emu.base_url, uploadDirs: [42] }), TypeError)
  } finally {
    rmSync(root, { recursive: true })
  }
})
