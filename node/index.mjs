// ESM entry: the same classes as the CommonJS entry (one module instance, so instanceof works across both);
// the error and resource classes come from the generated errors.mjs and resources.mjs.
import cjs from './index.js'

export const {
  Composio,
  Sessions,
  Session,
  SessionFiles,
  SessionLink,
  operations,
  verifyWebhook,
  Toolset,
  toolDefinition,
  schemaModifier,
  beforeExecute,
  afterExecute,
  customTool,
} = cjs
export * from './errors.mjs'
export * from './resources.mjs'
export default cjs
