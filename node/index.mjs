// ESM entry: the same classes as the CommonJS entry (one module instance, so instanceof works across both).
import cjs from './index.js'

export const {
  Composio,
  Tools,
  Toolkits,
  Projects,
  ProjectSettings,
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
  operations,
} = cjs
export default cjs
