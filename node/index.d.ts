// Public types of the npm package `composio-rs`. Options are camelCase; results keep the API's field names.
import type { Resources } from './resources'

export type AuthScheme = 'x-api-key' | 'bearer'
export type Credential = 'project' | 'org' | 'none'
export type LogVisibility = 'show_all' | 'dont_store_data'
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export interface ClientOptions {
  /** Project API key; defaults to COMPOSIO_API_KEY. */
  apiKey?: string
  /** Organization API key; defaults to COMPOSIO_ORG_API_KEY. */
  orgApiKey?: string
  /** Defaults to COMPOSIO_BASE_URL, else https://backend.composio.dev. */
  baseURL?: string
  authScheme?: AuthScheme
  /** Per attempt, in milliseconds (default 60,000). */
  timeout?: number
  /** In milliseconds (default 5,000). */
  connectTimeout?: number
  /** Default 2. */
  maxRetries?: number
  defaultHeaders?: Record<string, string>
}

export interface CallOptions {
  /** Aborting rejects the call with the signal's reason and cancels the request. */
  signal?: AbortSignal
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
  total_pages: number
  current_page: number
  total_items: number
}

export interface ToolkitRef {
  slug: string
  name: string
  logo: string
}

export interface Tool {
  slug: string
  name: string
  description: string
  toolkit: ToolkitRef
  input_parameters: JsonObject
  output_parameters: JsonObject
  no_auth: boolean
  available_versions: string[]
  version: string
  scopes: string[]
  tags: string[]
  is_deprecated: boolean
  deprecated: JsonObject | null
  [unknownField: string]: unknown
}

export interface ToolExecution {
  data: JsonValue
  error: string | null
  successful: boolean
  session_info: JsonValue | null
  log_id: string | null
  [unknownField: string]: unknown
}

export interface ToolkitCategory {
  id?: string
  slug?: string
  name: string
}

export interface ToolkitMeta {
  created_at: string
  updated_at: string
  description: string
  logo: string
  app_url: string | null
  categories: ToolkitCategory[]
  triggers_count: number
  tools_count: number
  version: string
  available_versions: string[]
  [unknownField: string]: unknown
}

export interface Toolkit {
  slug: string
  name: string
  auth_schemes: string[]
  composio_managed_auth_schemes: string[]
  is_local_toolkit: boolean
  no_auth: boolean
  meta: ToolkitMeta
  deprecated: JsonObject | null
  enabled: boolean | null
  auth_config_details: JsonObject[] | null
  base_url: string | null
  get_current_user_endpoint: string | null
  [unknownField: string]: unknown
}

export interface Project {
  id: string
  org_id: string
  name: string
  email: string
  created_at: string
  updated_at: string
  webhook_url: string | null
  event_webhook_url: string | null
  webhook_secret: string | null
  triggers_enabled: boolean | null
  last_subscribed_at: string | null
  is_new_webhook: boolean | null
  webhook_version: string
  deleted: boolean
  [unknownField: string]: unknown
}

export interface ApiKeyInfo {
  id: string
  name: string
  key: string
  created_at: string
}

export interface ProjectDetails extends Project {
  api_keys: ApiKeyInfo[]
}

export interface CreatedProject {
  id: string
  name: string
  api_key: string | null
}

export interface DeletedProject {
  status: string
}

export interface RegeneratedApiKey {
  api_key: ApiKeyInfo
  message: string
}

export interface ProjectSettingsData {
  is_2FA_enabled: boolean
  mask_secret_keys_in_connected_account: boolean
  log_visibility_setting: LogVisibility | string
  logo_url: string | null
  display_name: string | null
  require_mcp_api_key: boolean | null
  [unknownField: string]: unknown
}

export * from './resources'

/** The resources (`tools`, `projects`, …) are declared in the generated `resources.d.ts`. */
export interface Composio extends Resources {}
export declare class Composio {
  constructor(options?: ClientOptions)
  readonly baseURL: string
  withApiKey(apiKey: string): Composio
  withOptions(options: { timeout?: number; maxRetries?: number; authScheme?: AuthScheme }): Composio
  setApiKey(apiKey: string): void
  setOrgApiKey(orgApiKey: string): void
  request(
    method: string,
    path: string,
    options?: CallOptions & {
      query?: Record<string, string | number | boolean | string[]>
      body?: JsonValue
      credential?: Credential
    },
  ): Promise<JsonValue>
  toJSON(): { baseURL: string }
}

export type ErrorKind =
  | 'configuration'
  | 'bad_request'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'server'
  | 'api_status'
  | 'timeout'
  | 'connection'
  | 'decode'

export declare class ComposioError extends Error {
  readonly kind: ErrorKind
  readonly operation: string | null
  readonly status: number | null
  readonly code: number | null
  readonly slug: string | null
  /** The server's message alone (`message` is the full description). */
  readonly serverMessage: string
  readonly requestId: string | null
  readonly suggestedFix: string | null
  readonly errors: string[]
  /** Seconds the server asked to wait. */
  readonly retryAfter: number | null
  readonly body: string | null
}
export declare class ConfigurationError extends ComposioError {}
export declare class APIError extends ComposioError {}
export declare class APIStatusError extends APIError {}
export declare class BadRequestError extends APIStatusError {}
export declare class AuthenticationError extends APIStatusError {}
export declare class PermissionDeniedError extends APIStatusError {}
export declare class NotFoundError extends APIStatusError {}
export declare class ConflictError extends APIStatusError {}
export declare class UnprocessableEntityError extends APIStatusError {}
export declare class RateLimitError extends APIStatusError {}
export declare class InternalServerError extends APIStatusError {}
export declare class APIConnectionError extends APIError {}
export declare class APITimeoutError extends APIConnectionError {}
export declare class APIResponseValidationError extends APIError {}

/** Every operation name the Rust core knows. */
export declare function operations(): string[]
