// `composio-rs mcp` driven by the official TypeScript MCP client over stdio, against the emulator: initialize,
// every tool listed (as the toolset's MCP format has them), a call run as the user, failing calls as MCP tool
// errors (bad arguments, an unknown tool), a session's meta tools, and a clean close.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { spawn } from 'node:child_process'
import { once } from 'node:events'

import { Composio } from '../index.mjs'
import { ROOT, startEmulator } from './emulator.mjs'

const BIN = join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'debug', 'composio-rs')

let emu
before(async () => {
  assert.ok(existsSync(BIN), `build the command line first: cargo build -p composio-cli (${BIN})`)
  emu = await startEmulator()
})
after(() => emu.stop())

async function connect(args) {
  const transport = new StdioClientTransport({
    command: BIN,
    args: ['mcp', ...args],
    env: { PATH: process.env.PATH, COMPOSIO_API_KEY: emu.api_key, COMPOSIO_BASE_URL: emu.base_url },
    stderr: 'pipe',
  })
  const client = new Client({ name: 'composio-rs-test', version: '1.0.0' })
  await client.connect(transport)
  return client
}

async function everyTool(client) {
  const tools = []
  let cursor
  do {
    const page = await client.listTools(cursor ? { cursor } : {})
    tools.push(...page.tools)
    cursor = page.nextCursor
  } while (cursor)
  return tools
}

const text = (result) => JSON.parse(result.content[0].text)

test("a user's tools over stdio: listed, called, and failing calls as tool errors", async () => {
  const client = await connect(['--user-id', 'user-1', '--toolkits', 'github'])
  try {
    assert.equal(client.getServerVersion().name, 'composio-rs')
    const tools = await everyTool(client)
    const composio = new Composio(emu.options())
    const expected = await composio.toolset({ userId: 'user-1', toolkits: ['github'], format: 'mcp' })
    assert.deepEqual(tools.map((t) => t.name), expected.definitions.map((d) => d.name))
    assert.ok(tools.every((t) => t.inputSchema.type === 'object' && t.name.length <= 64))

    const ran = await client.callTool({ name: 'GITHUB_CREATE_ISSUE', arguments: { owner: 'acme', repo: 'app', title: 'From MCP' } })
    assert.equal(ran.isError, false, JSON.stringify(ran))
    assert.equal(text(ran).data.arguments.title, 'From MCP')
    assert.equal(text(ran).data.user_id, 'user-1')

    const missing = await client.callTool({ name: 'GITHUB_CREATE_ISSUE', arguments: { title: 'no repo' } })
    assert.equal(missing.isError, true, JSON.stringify(missing))
    assert.match(missing.content[0].text, /owner|required/i)

    const unknown = await client.callTool({ name: 'NOT_A_TOOL', arguments: {} })
    assert.equal(unknown.isError, true)
    assert.match(unknown.content[0].text, /no tool named/)
  } finally {
    await client.close()
  }
})

test("a session's meta tools over stdio", async () => {
  const composio = new Composio(emu.options())
  const session = await composio.sessions.create('mcp-user', { toolkits: ['github'] })
  const client = await connect(['--session', session.id])
  try {
    const names = (await everyTool(client)).map((t) => t.name)
    assert.ok(names.includes('COMPOSIO_SEARCH_TOOLS') && names.includes('COMPOSIO_MULTI_EXECUTE_TOOL'), names.join())
    const found = await client.callTool({ name: 'COMPOSIO_SEARCH_TOOLS', arguments: { query: 'create issue' } })
    assert.equal(found.isError, false, JSON.stringify(found))
    assert.equal(text(found).data.results[0].tool_slug, 'GITHUB_CREATE_ISSUE')
  } finally {
    await client.close()
  }
})

test('streamable HTTP: the same tools at http://ADDRESS/mcp', async () => {
  const server = spawn(BIN, ['mcp', '--user-id', 'user-1', '--toolkits', 'github', '--http', '127.0.0.1:0'], {
    env: { PATH: process.env.PATH, COMPOSIO_API_KEY: emu.api_key, COMPOSIO_BASE_URL: emu.base_url },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  try {
    // The server says where it listens once it does (port 0: the system picked one).
    let said = ''
    while (!/serving (http:\S+)\n/.test(said)) {
      const [chunk] = await once(server.stderr, 'data')
      said += chunk
    }
    const url = new URL(said.match(/serving (http:\S+)\n/)[1])
    const client = new Client({ name: 'composio-rs-test', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(url))
    try {
      const tools = await everyTool(client)
      assert.ok(tools.some((t) => t.name === 'GITHUB_CREATE_ISSUE'), `${tools.length} tools`)
      const ran = await client.callTool({ name: 'GITHUB_CREATE_ISSUE', arguments: { owner: 'acme', repo: 'app', title: 'Over HTTP' } })
      assert.equal(ran.isError, false, JSON.stringify(ran))
      assert.equal(text(ran).data.arguments.title, 'Over HTTP')
    } finally {
      await client.close()
    }
  } finally {
    server.kill()
  }
})
