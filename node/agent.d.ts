// Types of the agent layer: toolsets, modifiers and custom tools.
import type { CallOptions, JsonObject, JsonValue } from './index'

export type ToolFormat = 'openai' | 'openai_responses' | 'anthropic' | 'gemini' | 'mcp'

/** What a call produced, as the model is shown it. */
export interface CallResult {
  successful: boolean
  data: JsonValue
  error: string | null
}

export interface ExecuteRequest {
  arguments: JsonObject
  user_id: string
  connected_account_id: string | null
}

type Awaitable<T> = T | Promise<T>
export type ModifierFn<T> = (tool: string, toolkit: string | null, value: T) => Awaitable<T>
export interface ModifierFilter {
  /** Tool slugs it applies to. */
  tools?: string[]
  /** Toolkit slugs it applies to (with `tools` empty too: every tool). */
  toolkits?: string[]
}
declare const modifierBrand: unique symbol
export interface Modifier {
  readonly [modifierBrand]: true
  readonly kind: 'schema' | 'beforeExecute' | 'afterExecute'
}
export declare function schemaModifier(fn: ModifierFn<JsonObject>, filter?: ModifierFilter): Modifier
export declare function beforeExecute(fn: ModifierFn<ExecuteRequest>, filter?: ModifierFilter): Modifier
export declare function afterExecute(fn: ModifierFn<CallResult>, filter?: ModifierFilter): Modifier

export interface ToolContext {
  userId: string
  connectedAccountId: string | null
  /** The user's connected account of the tool's toolkit (for a tool bound to one). */
  account: JsonObject | null
  /** `tools.proxy` with the user's account. */
  proxy(endpoint: string, options?: { method?: string; body?: JsonValue } & CallOptions): Promise<JsonValue>
}
declare const customToolBrand: unique symbol
export interface CustomTool {
  readonly [customToolBrand]: true
  readonly slug: string
}
export declare function customTool<A = any>(tool: {
  slug: string
  description?: string
  /** A JSON Schema, or a zod schema (zod 4). */
  inputSchema?: JsonObject | { parse(value: unknown): A }
  toolkit?: string
  execute(args: A, context: ToolContext): Awaitable<JsonValue | void>
}): CustomTool

export interface ToolsetOptions extends CallOptions, FileOptions {
  /** The end user the tools run as. */
  userId: string
  toolkits?: string[]
  tools?: string[]
  search?: string
  tags?: string[]
  scopes?: string[]
  /** At most this many of Composio's tools (default: all). */
  limit?: number
  /** Default `openai`. */
  format?: ToolFormat
  /** OpenAI's strict mode at every depth (openai, openai_responses). */
  strict?: boolean
  connectedAccountId?: string
  /** How many calls of one response run at once (default 8). */
  maxConcurrency?: number
  /** How long one call may take, in milliseconds (default: the client's timeout). */
  timeout?: number
  modifiers?: Modifier[]
  customTools?: CustomTool[]
}

/**
 * How toolsets move files for the model (on the client, or per toolset over the client's): with `files: 'auto'`
 * a `file_uploadable` input takes a local path inside one of `uploadDirs` (any other path is refused in the
 * call's result) and a `file_downloadable` output is saved into `downloadDir` (default: `composio-downloads`
 * in the temporary directory), its result then giving the local `path`.
 */
export interface FileOptions {
  files?: 'auto' | 'off'
  uploadDirs?: (string | URL)[]
  downloadDir?: string | URL
}

export declare class Toolset {
  /** The definitions to hand the model as its tools. */
  readonly definitions: any[]
  readonly tools: { slug: string; toolkit: string | null; name: string }[]
  readonly length: number
  readonly format: ToolFormat
  readonly userId: string
  /** Runs every call of the response; resolves to the messages to append. */
  handle(response: unknown, options?: CallOptions): Promise<any[]>
  execute(name: string, args: string | JsonObject, options?: CallOptions): Promise<CallResult>
  /** Each tool as frameworks that take JSON Schema want it (strict parameters when the toolset is). */
  readonly jsonSchemas: { name: string; description: string; parameters: JsonObject; strict: boolean }[]
  /** Vercel AI SDK tools, keyed by name (needs the `ai` package). */
  vercel(): Record<string, any>
  /** OpenAI Agents SDK function tools (needs `@openai/agents`). */
  openaiAgents(): any[]
  /** LangChain.js structured tools (needs `@langchain/core`). */
  langchain(): any[]
}

export declare function toolDefinition(tool: JsonObject, format?: ToolFormat, options?: { strict?: boolean }): any
