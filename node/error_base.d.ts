import type { ErrorKind } from './error_kind'

/** The base of every error this package throws; `message` is the full description, never a key. */
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
