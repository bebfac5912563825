'use strict'
// Framework tools over a toolset: each framework gets the JSON Schema the core made (no zod model is
// generated), and every call runs through the toolset, so modifiers, strict mode, files and errors-as-results
// apply. The frameworks are optional: each is required only when its adapter is asked for.

function need(pkg, what) {
  try {
    return require(pkg)
  } catch {
    throw new TypeError(`${what} needs ${pkg}: npm install ${pkg}`)
  }
}

/** The result of one call as the JSON text a framework hands back to the model. */
async function resultText(toolset, name, args, signal) {
  return JSON.stringify(await toolset.execute(name, args ?? {}, { signal }))
}

/** Vercel AI SDK tools keyed by name: `tool({ inputSchema: jsonSchema(…) })`. */
function vercelTools(toolset) {
  const ai = need('ai', 'ts.vercel()')
  const tools = {}
  for (const s of toolset.jsonSchemas) {
    tools[s.name] = ai.tool({
      description: s.description,
      inputSchema: ai.jsonSchema(s.parameters),
      execute: (args, options) => toolset.execute(s.name, args ?? {}, { signal: options?.abortSignal }),
    })
  }
  return tools
}

/** OpenAI Agents SDK function tools: `tool({ parameters: <JSON Schema>, strict })`, strict when the toolset is. */
function openaiAgentsTools(toolset) {
  const agents = need('@openai/agents', 'ts.openaiAgents()')
  return toolset.jsonSchemas.map((s) =>
    agents.tool({
      name: s.name,
      description: s.description,
      parameters: s.parameters,
      strict: s.strict,
      execute: (args, _context, details) => resultText(toolset, s.name, args, details?.signal),
    }),
  )
}

/** LangChain.js structured tools: `tool(fn, { schema: <JSON Schema> })`. */
function langchainTools(toolset) {
  const { tool } = need('@langchain/core/tools', 'ts.langchain()')
  return toolset.jsonSchemas.map((s) =>
    tool((args, config) => resultText(toolset, s.name, args, config?.signal), {
      name: s.name,
      description: s.description,
      schema: s.parameters,
      // LangChain.js checks the arguments against the schema before the call: say what failed, not only that.
      verboseParsingErrors: true,
    }),
  )
}

module.exports = { vercelTools, openaiAgentsTools, langchainTools }
