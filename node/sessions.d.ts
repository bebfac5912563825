// Types of tool router sessions (`client.sessions`). Options are camelCase; results keep the API's field names.
import type {
  ConnectedAccount,
  DeletedMountFile,
  DeletedToolRouterSession,
  MountDownloadUrl,
  MountFile,
  MountUploadUrl,
  ToolRouterExecution,
  ToolRouterLink,
  ToolRouterProxyResult,
  ToolRouterSearch,
  ToolRouterSession,
  ToolRouterToolkit,
} from './resources'
import type { Modifier, CustomTool, Toolset, ToolFormat } from './agent'

type JsonObject = { [key: string]: unknown }
/** The toolkits (or a toolkit's tools) enabled, as an array, or a rule `{ enable }` / `{ disable }` / `{ tags }`. */
export type SessionRule = string[] | { enable?: string[]; disable?: string[]; tags?: JsonObject }

export interface SessionOptions {
  toolkits?: SessionRule
  tools?: Record<string, SessionRule>
  tags?: string[] | { enable?: string[]; disable?: string[] }
  /** Per toolkit, the auth config to use. */
  authConfigs?: Record<string, string>
  /** Per toolkit, the connected account to use. */
  connectedAccounts?: Record<string, string | string[]>
  /** Whether the model may start connections (default true). */
  manageConnections?: boolean | { enable?: boolean; callbackUrl?: string }
  workbench?: { enableProxyExecution?: boolean; autoOffloadThreshold?: number }
  signal?: AbortSignal
}

export interface SessionToolsetOptions {
  /** Default `openai`. */
  format?: ToolFormat
  strict?: boolean
  maxConcurrency?: number
  /** How long one call may take, in milliseconds. */
  timeout?: number
  modifiers?: Modifier[]
  customTools?: CustomTool[]
  signal?: AbortSignal
}

/** What an MCP client needs to reach a session's tools. */
export interface SessionMcp {
  type: string
  url: string
  /** `x-api-key`: the project key. */
  headers: Record<string, string>
}

export interface SessionLink extends ToolRouterLink {}
/** A connect link for the session's user (`session.authorize`). */
export declare class SessionLink {
  /** Resolves when the account is ACTIVE (`timeout` in ms, default 60000). */
  waitForConnection(options?: { timeout?: number; signal?: AbortSignal }): Promise<ConnectedAccount>
}

type Signal = { signal?: AbortSignal }

/** A session's file mount (what its sandbox tools read and write), by mount path. */
export declare class SessionFiles {
  list(options?: Signal & { prefix?: string }): Promise<MountFile[]>
  /** `source`: a local path, a `file:` URL, or bytes. */
  upload(mountRelativePath: string, source: string | URL | Uint8Array, options?: Signal & { mimetype?: string }): Promise<MountUploadUrl>
  download(mountRelativePath: string, to: string | URL, options?: Signal): Promise<MountDownloadUrl>
  delete(mountRelativePath: string, options?: Signal): Promise<DeletedMountFile>
}

export declare class Session {
  readonly files: SessionFiles
  readonly id: string
  readonly userId: string
  readonly info: ToolRouterSession
  /** The key may come from a key function, asked now: a method. */
  mcp(options?: Signal): Promise<SessionMcp>
  toolset(options?: SessionToolsetOptions): Promise<Toolset>
  execute(toolSlug: string, args?: JsonObject, options?: Signal): Promise<ToolRouterExecution>
  executeMeta(slug: string, args?: JsonObject, options?: Signal): Promise<ToolRouterExecution>
  search(
    queries: { use_case: string; known_fields?: string }[],
    options?: Signal & { model?: string; searchStrategy?: 'auto' | 'tool_search' },
  ): Promise<ToolRouterSearch>
  proxyExecute(
    options: Signal & { toolkitSlug: string; endpoint: string; method?: string; body?: unknown; parameters?: unknown },
  ): Promise<ToolRouterProxyResult>
  authorize(toolkit: string, options?: Signal & { callbackUrl?: string }): Promise<SessionLink>
  toolkits(options?: Signal & { toolkits?: string[]; isConnected?: boolean; search?: string }): Promise<ToolRouterToolkit[]>
  update(options: SessionOptions): Promise<Session>
  delete(options?: Signal): Promise<DeletedToolRouterSession>
  toJSON(): { id: string; userId: string }
}

export declare class Sessions {
  create(userId: string, options?: SessionOptions): Promise<Session>
  get(sessionId: string, options?: Signal): Promise<Session>
}
