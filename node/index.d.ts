// Public types of the npm package `composio-rs`. Options are camelCase; results keep the API's field names.
import type { Resources } from './resources'
import type { FileOptions, Toolset, ToolsetOptions } from './agent'
import type { AuthScheme, CoreClientOptions, Key } from './options'
export type { AuthScheme, CoreClientOptions, Key } from './options'
export * from './agent'
export type { SubscribeOptions, TriggerSubscription } from './realtime'
export * from './sessions'
import type { Sessions } from './sessions'

export type Credential = 'project' | 'org' | 'user' | 'project_or_user' | 'none'
export type LogVisibility = 'show_all' | 'dont_store_data'
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export interface ClientOptions extends CoreClientOptions, FileOptions {}

export interface CallOptions {
  /** Aborting rejects the call with the signal's reason and cancels the request. */
  signal?: AbortSignal
}

/**
 * One page of a list. Pass `next_cursor` as `cursor` for the next page; a numbered list (the MCP servers') has no
 * cursor, and its next page is `next_page_no` (pass it as `pageNo`). `iter` follows either.
 */
export interface Page<T> {
  items: T[]
  next_cursor: string | null
  /** A numbered list's next page number; null on the last page and in cursor lists. */
  next_page_no: number | null
  total_pages: number
  current_page: number
  total_items: number
}

export * from './resources'

/** The resources (`tools`, `projects`, …) are declared in the generated `resources.d.ts`. */
export interface Composio extends Resources {}
export declare class Composio {
  constructor(options?: ClientOptions)
  readonly baseURL: string
  withApiKey(apiKey: string): Composio
  withOptions(options: { timeout?: number; maxRetries?: number; authScheme?: AuthScheme }): Composio
  setApiKey(apiKey: Key): void
  setOrgApiKey(orgApiKey: Key): void
  setUserApiKey(userApiKey: Key): void
  request(
    method: string,
    path: string,
    options?: CallOptions & {
      query?: Record<string, string | number | boolean | string[]>
      body?: JsonValue
      credential?: Credential
    },
  ): Promise<JsonValue>
  /** A user's tools in a model API's format; `handle` runs the calls the model makes. */
  toolset(options: ToolsetOptions): Promise<Toolset>
  /** Tool router sessions: a user's tools behind meta tools and one MCP URL. */
  readonly sessions: Sessions
  toJSON(): { baseURL: string }
}

export * from './errors'

/** An operation of the client: its name, the spec operation it implements, whether it is a helper. */
export interface OperationInfo {
  name: string
  spec: string
  helper: boolean
}
/** Every operation of the client (every operation of the spec is among them). */
export declare function operations(): OperationInfo[]

/** Which trigger, connected account and user a `composio.trigger.message` is about. */
export interface TriggerMetadata {
  log_id: string | null
  trigger_slug: string | null
  trigger_id: string | null
  connected_account_id: string | null
  auth_config_id: string | null
  user_id: string | null
}
/** A verified webhook. */
export interface WebhookEvent {
  webhook_id: string
  timestamp: number
  type: 'composio.trigger.message' | 'composio.connected_account.expired' | 'composio.trigger.disabled' | (string & {})
  metadata: TriggerMetadata | null
  data: JsonValue
  payload: JsonObject
}
/**
 * Verifies a webhook Composio sent and returns its event; throws `WebhookVerificationError` (its `slug` says
 * which check failed). `body` is the raw request body as received; `tolerance` is in seconds (default 300).
 */
export declare function verifyWebhook(
  body: Uint8Array | string,
  headers: Record<string, string | string[] | undefined> | Iterable<[string, string]> | { entries(): Iterable<[string, string]> },
  secret: string,
  options?: { tolerance?: number; now?: number },
): WebhookEvent
