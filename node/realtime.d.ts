// Live trigger events: the types of realtime.js.
import type { WebhookEvent } from './index'

/** Which events a subscription delivers: every filter given must match (case-insensitively). */
export interface SubscribeOptions {
  triggerSlug?: string
  triggerId?: string
  /** The toolkit, as the start of the trigger slug names it (`github` for `GITHUB_COMMIT_EVENT`). */
  toolkit?: string
  userId?: string
  authConfigId?: string
  connectedAccountId?: string
  /** Replaces the websocket URL the realtime credentials name (`wss`, or `ws` on loopback). */
  realtimeUrl?: string
  /** Aborting stops the subscription: the iteration ends. */
  signal?: AbortSignal
}

/** The live events of a project; `for await (const event of subscription)`. */
export declare class TriggerSubscription implements AsyncIterableIterator<WebhookEvent> {
  /** Joins the channel now (a refused key or channel signature rejects here); iterating joins it too. */
  ready(): Promise<this>
  next(): Promise<IteratorResult<WebhookEvent, undefined>>
  return(): Promise<IteratorResult<WebhookEvent, undefined>>
  [Symbol.asyncIterator](): this
  /** Ends the subscription at once, from anywhere: a waiting `next` resolves done. */
  stop(): void
  readonly stopped: boolean
}

/** The base of `Triggers`: its live subscription. */
export declare class TriggerSubscriptions {
  /** The project's live trigger events, reconnecting by itself; see `SubscribeOptions`. */
  subscribe(options?: SubscribeOptions): TriggerSubscription
}
