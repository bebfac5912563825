// Uses the whole public surface; `tsc --noEmit --strict` must accept it (run by scripts/test-node.sh).
import {
  beforeExecute,
  type CallResult,
  customTool,
  toolDefinition,
  type Toolset,
  Composio,
  ComposioError,
  NotFoundError,
  RateLimitError,
  type Page,
  type ProjectDetails,
  type Tool,
  type ToolExecution,
} from 'composio-rs'
import { startEmulator, type RunningEmulator } from 'composio-rs/testing'

async function main(): Promise<void> {
  const client = new Composio({ apiKey: 'ak_x', orgApiKey: 'oak_x', timeout: 10_000, maxRetries: 1, authScheme: 'bearer' })
  const controller = new AbortController()
  const page: Page<Tool> = await client.tools.list({ toolkitSlug: 'github', tags: ['important'], limit: 10, signal: controller.signal })
  const cursor: string | null = page.next_cursor
  for await (const tool of client.tools.iter({ toolkitSlug: 'github', search: 'issue' })) {
    const name: string = tool.toolkit.name
    console.log(tool.slug, name, tool.input_parameters, cursor)
  }
  const tool = await client.tools.get('GITHUB_CREATE_ISSUE', { version: 'latest' })
  const run: ToolExecution = await client.tools.execute(tool.slug, { arguments: { title: 'x' }, userId: 'u' })
  console.log(run.successful, run.data, run.error)
  console.log((await client.toolkits.get('github')).meta.tools_count)
  for await (const toolkit of client.toolkits.iter({ limit: 50 })) console.log(toolkit.slug)
  const created = await client.projects.create('proj-1', { shouldCreateApiKey: true, config: { display_name: 'P' } })
  const details: ProjectDetails = await client.projects.get(created.id)
  console.log(details.api_keys.map((k) => k.key), (await client.projects.list({ limit: 5 })).items.length)
  for await (const project of client.projects.iter()) console.log(project.name)
  const fresh = (await client.projects.regenerateApiKey(created.id)).api_key.key
  const tenant = client.withApiKey(fresh).withOptions({ timeout: 5_000 })
  const settings = await tenant.projectSettings.update({ logVisibilitySetting: 'dont_store_data', is2FAEnabled: true })
  console.log(settings.log_visibility_setting, (await tenant.projectSettings.get()).display_name)
  console.log((await client.projects.delete(created.id)).status, await client.request('GET', '/api/v3.1/tools', { query: { limit: 1 } }))
  client.setApiKey(fresh)
  client.setOrgApiKey('oak_y')
  try {
    await client.tools.get('NOPE')
  } catch (e) {
    if (e instanceof NotFoundError) console.log(e.status, e.slug, e.requestId, e.suggestedFix)
    else if (e instanceof RateLimitError) console.log(e.retryAfter)
    else if (e instanceof ComposioError) console.log(e.kind, e.serverMessage)
  }
}

// composio-rs/testing: a client against a local emulator.
async function againstEmulator(): Promise<void> {
  const emu: RunningEmulator = await startEmulator({ stderr: 'ignore', startupTimeoutMs: 10_000 })
  const client = new Composio(emu.options({ maxRetries: 0 }))
  const projectId: string = emu.projectId
  console.log(emu.baseURL, emu.apiKey, emu.orgApiKey, emu.info.other_project_id, projectId, client.baseURL)
  await emu.stop()
}

void main()
void againstEmulator

// The agent layer: a toolset, a modifier, a custom tool, one turn.
async function agentTurn(client: Composio, response: unknown): Promise<unknown[]> {
  const ts: Toolset = await client.toolset({
    userId: 'user-1',
    toolkits: ['github'],
    format: 'openai',
    strict: true,
    timeout: 30_000,
    modifiers: [beforeExecute((tool, toolkit, req) => ({ ...req, arguments: { ...req.arguments, title: 'x' } }), { tools: ['GITHUB_CREATE_ISSUE'] })],
    customTools: [customTool({ slug: 'ADD', inputSchema: { type: 'object' }, execute: async () => ({ ok: true }) })],
  })
  const result: CallResult = await ts.execute('ADD', '{}')
  console.log(ts.definitions.length, result.successful, toolDefinition({ slug: 'X' }, 'mcp'))
  return ts.handle(response)
}
void agentTurn
