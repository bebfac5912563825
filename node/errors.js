'use strict'
// The error classes of the package and the conversion of native errors into them (one place).

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
class ConfigurationError extends ComposioError {}
class APIError extends ComposioError {}
class APIStatusError extends APIError {}
class BadRequestError extends APIStatusError {}
class AuthenticationError extends APIStatusError {}
class PermissionDeniedError extends APIStatusError {}
class NotFoundError extends APIStatusError {}
class ConflictError extends APIStatusError {}
class UnprocessableEntityError extends APIStatusError {}
class RateLimitError extends APIStatusError {}
class InternalServerError extends APIStatusError {}
class APIConnectionError extends APIError {}
class APITimeoutError extends APIConnectionError {}
class APIResponseValidationError extends APIError {}
/** A webhook that does not verify; `slug` says which check failed. */
class WebhookVerificationError extends ComposioError {}

const ERROR_CLASSES = {
  configuration: ConfigurationError,
  bad_request: BadRequestError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  conflict: ConflictError,
  unprocessable: UnprocessableEntityError,
  rate_limited: RateLimitError,
  server: InternalServerError,
  api_status: APIStatusError,
  timeout: APITimeoutError,
  connection: APIConnectionError,
  decode: APIResponseValidationError,
  webhook_verification: WebhookVerificationError,
}

/** The native layer reports errors as JSON in the message; anything else is a bug, still wrapped. */
function convertError(error, signal) {
  let fields
  try {
    fields = JSON.parse(error.message)
  } catch {
    return new ComposioError(`internal error: ${error.message}`, { kind: 'connection' })
  }
  if (!fields || fields.composio !== true) return new ComposioError(String(error.message), { kind: 'connection' })
  if (fields.kind === 'aborted') return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError')
  const Class = ERROR_CLASSES[fields.kind] ?? ComposioError
  return new Class(fields.description, fields)
}

module.exports = {
  ComposioError,
  ConfigurationError,
  APIError,
  APIStatusError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIResponseValidationError,
  WebhookVerificationError,
  convertError,
}
