'use strict'
// Live trigger events: `client.triggers.subscribe({ ...filters, realtimeUrl, signal })` is an async iterator of the
// events of the project's realtime channel, each the same object `verifyWebhook` returns. It joins the channel on
// the first `next()`; the subscription reconnects by itself, delivers a repeated or reassembled event once, and
// `stop()` (or aborting `signal`) ends the iteration at once, from anywhere.

const { toArgs, withSignal } = require('./calls.js')
const { ConfigurationError, convertError } = require('./errors.js')

const FILTERS = ['triggerSlug', 'triggerId', 'toolkit', 'userId', 'authConfigId', 'connectedAccountId', 'realtimeUrl']

class TriggerSubscription {
  #connect
  #native = null
  #stopped = false

  constructor(connect, signal) {
    this.#connect = connect
    if (signal?.aborted) this.stop()
    else signal?.addEventListener('abort', () => this.stop(), { once: true })
  }

  async #subscription() {
    if (this.#native === null) {
      this.#native = await this.#connect()
      if (this.#stopped) this.#native.stop()
    }
    return this.#native
  }

  /** Joins the channel now (a refused key or channel signature rejects here). */
  async ready() {
    await this.#subscription()
    return this
  }

  async next() {
    if (this.#stopped) return { done: true, value: undefined }
    const native = await this.#subscription()
    let text
    try {
      text = await native.next()
    } catch (error) {
      throw convertError(error)
    }
    return text == null ? { done: true, value: undefined } : { done: false, value: JSON.parse(text) }
  }

  /** Leaving a `for await` loop early stops the subscription. */
  async return() {
    this.stop()
    return { done: true, value: undefined }
  }

  [Symbol.asyncIterator]() {
    return this
  }

  stop() {
    this.#stopped = true
    this.#native?.stop()
  }

  get stopped() {
    return this.#stopped
  }
}

/** The base of the generated `Triggers` class: its `subscribe`. */
class TriggerSubscriptions {
  #client
  constructor(client) {
    this.#client = client
  }

  subscribe(options = {}) {
    for (const name of Object.keys(options)) {
      if (name !== 'signal' && !FILTERS.includes(name)) throw new ConfigurationError(`unknown subscribe option ${name}`)
    }
    const client = this.#client
    const args = toArgs(options)
    return new TriggerSubscription(() => withSignal(undefined, (id) => client.subscribe(args, id)), options.signal)
  }
}

module.exports = { TriggerSubscription, TriggerSubscriptions }
