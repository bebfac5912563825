//! The tool-definition formats of the model APIs, made from one tool description.

use serde_json::{json, Map, Value};

use super::{gemini, strict};
use crate::error::{Error, Result};

/// A model API's tool format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// OpenAI Chat Completions: `{"type": "function", "function": {name, description, parameters}}`.
    #[default]
    OpenAi,
    /// OpenAI Responses: `{"type": "function", name, description, parameters, strict}`.
    OpenAiResponses,
    /// Anthropic Messages: `{name, description, input_schema}`.
    Anthropic,
    /// Gemini (google-genai) function declarations: `{name, description, parameters}` with Gemini's schema.
    Gemini,
    /// MCP tool definitions: `{name, description, inputSchema}`.
    Mcp,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Self::OpenAi,
        Self::OpenAiResponses,
        Self::Anthropic,
        Self::Gemini,
        Self::Mcp,
    ];

    /// The format's name in every language: `openai`, `openai_responses`, `anthropic`, `gemini`, `mcp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OpenAi => "openai",
            Self::OpenAiResponses => "openai_responses",
            Self::Anthropic => "anthropic",
            Self::Gemini => "gemini",
            Self::Mcp => "mcp",
        }
    }

    pub fn parse(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.as_str()).collect();
                Error::configuration(format!(
                    "unknown tool format {name:?}: use one of {}",
                    names.join(", ")
                ))
            })
    }

    /// Whether the provider has a strict mode (constrained decoding against the schema).
    pub fn supports_strict(self) -> bool {
        matches!(self, Self::OpenAi | Self::OpenAiResponses)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a definition is made of: a Composio tool (after any schema modifier) or a custom tool.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub slug: String,
    pub description: String,
    /// The toolkit's slug (lowercase), when the tool belongs to one.
    pub toolkit: Option<String>,
    /// JSON Schema of the arguments.
    pub input_schema: Value,
    pub tags: Vec<String>,
}

/// `tool` as `format` defines a tool, under the provider-safe `name`.
pub fn definition(format: Format, name: &str, tool: &ToolSpec, strict_mode: bool) -> Value {
    let schema = object_schema(&tool.input_schema);
    let description = tool.description.as_str();
    match format {
        Format::OpenAi => {
            let mut function = json!({"name": name, "description": description});
            if strict_mode {
                function["parameters"] = strict::strict(&schema);
                function["strict"] = json!(true);
            } else {
                function["parameters"] = schema;
            }
            json!({"type": "function", "function": function})
        }
        Format::OpenAiResponses => {
            let parameters = if strict_mode {
                strict::strict(&schema)
            } else {
                schema
            };
            json!({"type": "function", "name": name, "description": description,
                   "parameters": parameters, "strict": strict_mode})
        }
        Format::Anthropic => {
            json!({"name": name, "description": description, "input_schema": schema})
        }
        Format::Gemini => {
            let mut declaration = json!({"name": name, "description": description});
            let parameters = gemini::gemini(&schema);
            // Gemini refuses an object schema without properties: a tool without arguments has none.
            if gemini::has_properties(&parameters) {
                declaration["parameters"] = parameters;
            }
            declaration
        }
        Format::Mcp => {
            let mut definition =
                json!({"name": name, "description": description, "inputSchema": schema});
            if let Some(annotations) = mcp_annotations(&tool.tags) {
                definition["annotations"] = annotations;
            }
            definition
        }
    }
}

/// A Composio tool as the API returns it (`slug`, `description`, `toolkit`, `input_parameters`, `tags`) as
/// `format` defines it: what a toolset does for each of its tools, for a tool a caller already has.
pub fn tool_definition(tool: &Value, format: Format, strict_mode: bool) -> Result<Value> {
    if strict_mode && !format.supports_strict() {
        return Err(strict_unavailable(format));
    }
    let slug = tool
        .get("slug")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::configuration("a tool needs a slug"))?;
    let toolkit = tool.get("toolkit");
    let spec = ToolSpec {
        slug: slug.to_string(),
        description: text(tool.get("description")),
        toolkit: toolkit
            .and_then(|t| t.get("slug").or(Some(t)))
            .and_then(Value::as_str)
            .map(str::to_string),
        input_schema: tool.get("input_parameters").cloned().unwrap_or(Value::Null),
        tags: tool
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    };
    Ok(definition(
        format,
        &super::names::provider_name(slug),
        &spec,
        strict_mode,
    ))
}

pub(crate) fn strict_unavailable(format: Format) -> Error {
    Error::configuration(format!(
        "strict mode is not available for the {format} format (only openai and openai_responses have it)"
    ))
}

fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A tool's input schema as an object schema (every provider requires `type: object` at the top).
/// What a framework that takes JSON Schema needs of a tool (LangChain, the OpenAI Agents SDK, Vercel AI):
/// `{name, description, parameters, strict}`, the parameters made strict when `strict_mode` is on. The same
/// for every format, so a toolset of any format can feed a framework.
pub fn json_schema_tool(
    name: &str,
    description: &str,
    input_schema: &Value,
    strict_mode: bool,
) -> Value {
    let schema = object_schema(input_schema);
    let parameters = if strict_mode {
        strict::strict(&schema)
    } else {
        schema
    };
    json!({"name": name, "description": description, "parameters": parameters, "strict": strict_mode})
}

fn object_schema(schema: &Value) -> Value {
    let mut map = schema.as_object().cloned().unwrap_or_default();
    map.insert("type".into(), json!("object"));
    map.entry("properties").or_insert_with(|| json!({}));
    Value::Object(map)
}

/// Composio tags the MCP tool hints are named after (`readOnlyHint`, `destructiveHint`, …).
fn mcp_annotations(tags: &[String]) -> Option<Value> {
    const HINTS: [&str; 4] = [
        "readOnlyHint",
        "destructiveHint",
        "idempotentHint",
        "openWorldHint",
    ];
    let hints: Map<String, Value> = HINTS
        .iter()
        .filter(|h| tags.iter().any(|t| t == *h))
        .map(|h| (h.to_string(), json!(true)))
        .collect();
    (!hints.is_empty()).then_some(Value::Object(hints))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_unknown_ones_are_refused() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()).unwrap(), f);
        }
        let err = Format::parse("gpt").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Configuration);
        assert!(err.message().contains("openai_responses"), "{err}");
    }
}
