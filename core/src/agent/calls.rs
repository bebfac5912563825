//! Reading the tool calls out of a model's response, and writing what goes back, in each format.

use serde_json::{json, Value};

use super::format::Format;
use crate::error::{Error, Result};

/// One call the model asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// The provider's id for the call (`tool_call_id`, `call_id`, `tool_use_id`); Gemini may send none.
    pub id: Option<String>,
    /// The name as the model sent it (the provider-safe name of the definition).
    pub name: String,
    pub arguments: Arguments,
}

/// A call's arguments as the provider sends them: JSON text (OpenAI) or a decoded object (Anthropic, Gemini, MCP).
#[derive(Debug, Clone, PartialEq)]
pub enum Arguments {
    Text(String),
    Json(Value),
}

impl Arguments {
    /// The arguments as a JSON object, or words the model can act on when they are not one.
    pub fn into_object(self) -> std::result::Result<Value, String> {
        let value = match self {
            Self::Text(text) if text.trim().is_empty() => json!({}),
            Self::Text(text) => serde_json::from_str::<Value>(&text).map_err(|e| {
                format!("The arguments are not valid JSON ({e}). Call the tool again with a JSON object that matches its parameters.")
            })?,
            Self::Json(Value::Null) => json!({}),
            Self::Json(value) => value,
        };
        if value.is_object() {
            Ok(value)
        } else {
            Err("The arguments must be a JSON object of the tool's parameters. Call the tool again with one.".to_string())
        }
    }
}

/// What one call produced, as the model is shown it: the whole result, errors included.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CallResult {
    pub successful: bool,
    pub data: Value,
    pub error: Option<String>,
}

impl CallResult {
    pub fn failed(error: impl Into<String>) -> Self {
        Self {
            successful: false,
            data: Value::Null,
            error: Some(error.into()),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({"successful": self.successful, "data": self.data, "error": self.error})
    }

    /// A value a callback returned: a result when it has a boolean `successful` (then `data` and `error` are
    /// read from it), else the data of a successful result, whole (so a tool's own `data` key is not taken apart).
    pub fn from_json(value: Value) -> Self {
        match value {
            Value::Object(mut map) if map.get("successful").is_some_and(Value::is_boolean) => {
                let error = match map.remove("error") {
                    Some(Value::String(s)) => Some(s),
                    Some(Value::Null) | None => None,
                    Some(other) => Some(other.to_string()),
                };
                Self {
                    successful: map
                        .remove("successful")
                        .and_then(|s| s.as_bool())
                        .unwrap_or(error.is_none()),
                    data: map.remove("data").unwrap_or(Value::Null),
                    error,
                }
            }
            data => Self {
                successful: true,
                data,
                error: None,
            },
        }
    }

    /// The result as the text a model reads (JSON).
    pub fn to_text(&self) -> String {
        self.to_json().to_string()
    }
}

/// Every tool call in `response`: a whole response of the provider, one message or item, or a list of them.
pub fn extract(format: Format, response: &Value) -> Result<Vec<ToolCall>> {
    let mut calls = Vec::new();
    let recognised = match format {
        Format::OpenAi => openai(response, &mut calls),
        Format::OpenAiResponses => responses(response, &mut calls),
        Format::Anthropic => anthropic(response, &mut calls),
        Format::Gemini => gemini(response, &mut calls),
        Format::Mcp => mcp(response, &mut calls),
    };
    if recognised {
        Ok(calls)
    } else {
        Err(Error::configuration(format!(
            "this is not a response, message or list of tool calls of the {format} format: {}",
            preview(response)
        )))
    }
}

fn preview(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_string)
}

fn each(value: &Value, mut f: impl FnMut(&Value) -> bool) -> bool {
    match value {
        Value::Array(items) => items.iter().all(f),
        other => f(other),
    }
}

/// A chat completion (every choice), a message with `tool_calls`, or tool calls themselves.
fn openai(value: &Value, calls: &mut Vec<ToolCall>) -> bool {
    each(value, |item| {
        if let Some(choices) = item.get("choices").and_then(Value::as_array) {
            choices
                .iter()
                .all(|c| c.get("message").map_or(true, |m| openai(m, calls)))
        } else if item.get("role").is_some() || item.get("tool_calls").is_some() {
            match item.get("tool_calls") {
                Some(Value::Array(list)) => list.iter().all(|c| openai(c, calls)),
                _ => true,
            }
        } else if let Some(function) = item.get("function") {
            calls.push(ToolCall {
                id: text_of(item.get("id")),
                name: text_of(function.get("name")).unwrap_or_default(),
                arguments: match function.get("arguments") {
                    Some(Value::String(s)) => Arguments::Text(s.clone()),
                    other => Arguments::Json(other.cloned().unwrap_or(Value::Null)),
                },
            });
            true
        } else {
            false
        }
    })
}

/// A Responses API response (`output`), or its items; only `function_call` items are calls.
fn responses(value: &Value, calls: &mut Vec<ToolCall>) -> bool {
    each(value, |item| {
        if let Some(output) = item.get("output").filter(|o| o.is_array()) {
            return responses(output, calls);
        }
        match item.get("type").and_then(Value::as_str) {
            Some("function_call") => {
                calls.push(ToolCall {
                    id: text_of(item.get("call_id")),
                    name: text_of(item.get("name")).unwrap_or_default(),
                    arguments: match item.get("arguments") {
                        Some(Value::String(s)) => Arguments::Text(s.clone()),
                        other => Arguments::Json(other.cloned().unwrap_or(Value::Null)),
                    },
                });
                true
            }
            Some(_) => true,
            None => false,
        }
    })
}

/// An Anthropic message (`content` blocks), or blocks; only `tool_use` blocks are calls.
fn anthropic(value: &Value, calls: &mut Vec<ToolCall>) -> bool {
    each(value, |item| {
        if let Some(content) = item.get("content") {
            return match content {
                Value::Array(_) => anthropic(content, calls),
                _ => true, // a text-only message
            };
        }
        match item.get("type").and_then(Value::as_str) {
            Some("tool_use") => {
                calls.push(ToolCall {
                    id: text_of(item.get("id")),
                    name: text_of(item.get("name")).unwrap_or_default(),
                    arguments: Arguments::Json(item.get("input").cloned().unwrap_or(Value::Null)),
                });
                true
            }
            Some(_) => true,
            None => false,
        }
    })
}

/// A Gemini response (every candidate), a `Content`, or parts; REST (`functionCall`) and Python SDK
/// (`function_call`) spellings both read.
fn gemini(value: &Value, calls: &mut Vec<ToolCall>) -> bool {
    each(value, |item| {
        if let Some(candidates) = item.get("candidates").and_then(Value::as_array) {
            return candidates.iter().all(|c| {
                c.get("content")
                    .map_or(true, |content| gemini(content, calls))
            });
        }
        if let Some(parts) = item.get("parts") {
            return parts.is_null() || gemini(parts, calls);
        }
        let call = item
            .get("functionCall")
            .or_else(|| item.get("function_call"))
            .filter(|c| !c.is_null());
        match call {
            Some(call) => {
                calls.push(ToolCall {
                    id: text_of(call.get("id")),
                    name: text_of(call.get("name")).unwrap_or_default(),
                    arguments: Arguments::Json(call.get("args").cloned().unwrap_or(Value::Null)),
                });
                true
            }
            None => item.is_object(),
        }
    })
}

/// MCP `tools/call` requests (`{method, params: {name, arguments}}`) or their params.
fn mcp(value: &Value, calls: &mut Vec<ToolCall>) -> bool {
    each(value, |item| {
        let params = item.get("params").unwrap_or(item);
        let Some(name) = text_of(params.get("name")) else {
            return false;
        };
        calls.push(ToolCall {
            id: item.get("id").map(|id| match id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            name,
            arguments: Arguments::Json(params.get("arguments").cloned().unwrap_or(Value::Null)),
        });
        true
    })
}

/// What goes back to the model for these calls and their results, as the messages (or items) to append.
pub fn outputs(format: Format, done: &[(ToolCall, CallResult)]) -> Vec<Value> {
    let id = |call: &ToolCall| call.id.clone().unwrap_or_default();
    match format {
        Format::OpenAi => done
            .iter()
            .map(|(call, result)| json!({"role": "tool", "tool_call_id": id(call), "content": result.to_text()}))
            .collect(),
        Format::OpenAiResponses => done
            .iter()
            .map(|(call, result)| json!({"type": "function_call_output", "call_id": id(call), "output": result.to_text()}))
            .collect(),
        Format::Anthropic if done.is_empty() => vec![],
        Format::Anthropic => {
            let blocks: Vec<Value> = done
                .iter()
                .map(|(call, result)| {
                    json!({"type": "tool_result", "tool_use_id": id(call),
                           "content": result.to_text(), "is_error": !result.successful})
                })
                .collect();
            vec![json!({"role": "user", "content": blocks})]
        }
        Format::Gemini if done.is_empty() => vec![],
        Format::Gemini => {
            let parts: Vec<Value> = done
                .iter()
                .map(|(call, result)| {
                    let mut response = json!({"name": call.name, "response": result.to_json()});
                    if let Some(id) = &call.id {
                        response["id"] = json!(id);
                    }
                    json!({"functionResponse": response})
                })
                .collect();
            vec![json!({"role": "user", "parts": parts})]
        }
        Format::Mcp => done
            .iter()
            .map(|(_, result)| {
                json!({"content": [{"type": "text", "text": result.to_text()}],
                       "structuredContent": result.to_json(), "isError": !result.successful})
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_and_parallel_call_is_read() {
        let completion = json!({"choices": [
            {"message": {"role": "assistant", "tool_calls": [
                {"id": "a", "type": "function", "function": {"name": "X", "arguments": "{}"}},
                {"id": "b", "type": "function", "function": {"name": "Y", "arguments": "{\"k\":1}"}}]}},
            {"message": {"role": "assistant", "content": "hi", "tool_calls": null}},
            {"message": {"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {"name": "Z", "arguments": ""}}]}}
        ]});
        let calls = extract(Format::OpenAi, &completion).unwrap();
        let ids: Vec<_> = calls.iter().map(|c| c.id.clone().unwrap()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert!(extract(Format::OpenAi, &json!(42)).is_err());
    }

    #[test]
    fn anthropic_and_gemini_calls_are_read() {
        let message = json!({"role": "assistant", "content": [{"type": "text", "text": "ok"},
            {"type": "tool_use", "id": "t1", "name": "X", "input": {"a": 1}}]});
        assert_eq!(
            extract(Format::Anthropic, &message).unwrap()[0].arguments,
            Arguments::Json(json!({"a": 1}))
        );
        let response = json!({"candidates": [{"content": {"role": "model", "parts": [
            {"text": "ok"}, {"function_call": {"name": "X", "args": {"a": 1}}}]}}]});
        let calls = extract(Format::Gemini, &response).unwrap();
        assert_eq!((calls.len(), calls[0].id.clone()), (1, None));
    }

    #[test]
    fn only_a_value_with_successful_is_read_as_a_result() {
        let mine = json!({"data": [1], "count": 1});
        assert_eq!(CallResult::from_json(mine.clone()).data, mine);
        let failed =
            CallResult::from_json(json!({"successful": false, "data": null, "error": "no"}));
        assert_eq!(
            (failed.successful, failed.error.as_deref()),
            (false, Some("no"))
        );
    }

    #[test]
    fn bad_arguments_become_words_for_the_model() {
        assert!(Arguments::Text("{oops".into())
            .into_object()
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(Arguments::Text("[1]".into())
            .into_object()
            .unwrap_err()
            .contains("JSON object"));
        assert_eq!(
            Arguments::Text(" ".into()).into_object().unwrap(),
            json!({})
        );
    }
}
