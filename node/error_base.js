'use strict'
// The base of the error classes (the classes themselves are generated into errors.js), and the one place a
// native error becomes one of them.

class ComposioError extends Error {
  constructor(description, fields = {}) {
    super(description)
    this.name = new.target.name
    this.kind = fields.kind ?? 'configuration'
    this.operation = fields.operation ?? null
    this.status = fields.status ?? null
    this.code = fields.code ?? null
    this.slug = fields.slug ?? null
    this.serverMessage = fields.message ?? description
    this.requestId = fields.requestId ?? null
    this.suggestedFix = fields.suggestedFix ?? null
    this.errors = fields.errors ?? []
    this.retryAfter = fields.retryAfter ?? null
    this.body = fields.body ?? null
  }
}

/**
 * `convertError(error, signal)` for the given class per kind. The native layer reports errors as JSON in the
 * message; anything else is a bug, still wrapped.
 */
function converter(classes) {
  return function convertError(error, signal) {
    let fields
    try {
      fields = JSON.parse(error.message)
    } catch {
      return new ComposioError(`internal error: ${error.message}`, { kind: 'connection' })
    }
    if (!fields || fields.composio !== true) return new ComposioError(String(error.message), { kind: 'connection' })
    if (fields.kind === 'aborted') return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError')
    const Class = classes[fields.kind] ?? ComposioError
    return new Class(fields.description, fields)
  }
}

module.exports = { ComposioError, converter }
