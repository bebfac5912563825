// ESM entry: the same classes as the CommonJS entry (one module instance, so instanceof works across both);
// the resource classes come from the generated resources.mjs.
import cjs from './index.js'

export const {
  Composio,
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
  operations,
  verifyWebhook,
  Toolset,
  toolDefinition,
  schemaModifier,
  beforeExecute,
  afterExecute,
  customTool,
} = cjs
export * from './resources.mjs'
export default cjs
