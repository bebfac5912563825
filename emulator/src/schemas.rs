//! JSON-schema input and output parameters for generated tools, with nested objects and arrays so clients are
//! exercised on realistic shapes.

use serde_json::{json, Map, Value};

/// Returns the input schema and its top-level `required` names.
pub fn input_schema(toolkit: &str, verb: &str, noun: &str) -> (Value, Vec<String>) {
    let mut properties = Map::new();
    let mut required: Vec<String> = Vec::new();
    if toolkit == "github" {
        properties.insert(
            "owner".into(),
            string_prop("The account owner of the repository."),
        );
        properties.insert(
            "repo".into(),
            string_prop("The name of the repository, without the .git extension."),
        );
        required.extend(["owner".to_string(), "repo".to_string()]);
    }
    match verb {
        "list" | "search" | "export" | "sync" => {
            if verb == "search" {
                properties.insert("query".into(), string_prop("Free-text search query."));
                required.push("query".into());
            }
            properties.insert(
                "limit".into(),
                json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 30,
                       "description": "Maximum number of results per page."}),
            );
            properties.insert("filters".into(), filters_prop());
            properties.insert(
                "sort".into(),
                json!({"type": "object", "description": "Sort order.", "properties": {
                    "field": {"type": "string", "description": "Field to sort by."},
                    "direction": {"type": "string", "enum": ["asc", "desc"], "default": "desc"}
                }}),
            );
        }
        "create" | "import" => {
            properties.insert(
                "title".into(),
                string_prop(&format!("Title of the {}.", noun.replace('_', " "))),
            );
            properties.insert(
                "body".into(),
                string_prop("Longer text content (Markdown)."),
            );
            properties.insert("metadata".into(), metadata_prop());
            required.push("title".into());
        }
        _ => {
            properties.insert(
                format!("{noun}_id"),
                string_prop(&format!("Identifier of the {}.", noun.replace('_', " "))),
            );
            properties.insert(
                "options".into(),
                json!({"type": "object", "description": "Extra options.", "properties": {
                    "notify": {"type": "boolean", "default": false, "description": "Notify watchers."},
                    "reason": {"type": "string", "description": "Why the change is made."}
                }}),
            );
            properties.insert(
                "fields".into(),
                json!({"type": "array", "description": "Key/value fields to set.", "items": {
                    "type": "object",
                    "properties": {"key": {"type": "string"}, "value": {"type": "string"}},
                    "required": ["key", "value"]
                }}),
            );
            required.push(format!("{noun}_id"));
        }
    }
    let schema = json!({
        "type": "object",
        "title": "Request",
        "properties": Value::Object(properties),
        "required": required,
    });
    (schema, required)
}

pub fn output_schema(noun: &str) -> Value {
    json!({
        "type": "object",
        "title": "Response",
        "properties": {
            "data": {"type": "object", "description": format!("The {} returned by the service.", noun.replace('_', " ")),
                     "properties": {"id": {"type": "string"}, "url": {"type": "string"},
                                    "details": {"type": "object", "additionalProperties": true}}},
            "successful": {"type": "boolean", "description": "Whether the action succeeded."},
            "error": {"type": "string", "nullable": true, "description": "Error message when it did not."}
        },
        "required": ["data", "successful"]
    })
}

fn string_prop(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn filters_prop() -> Value {
    json!({"type": "object", "description": "Filters applied to the results.", "properties": {
        "state": {"type": "string", "enum": ["open", "closed", "all"], "default": "open"},
        "labels": {"type": "array", "items": {"type": "string"}, "description": "Only items with all these labels."},
        "created_after": {"type": "string", "format": "date-time"}
    }})
}

fn metadata_prop() -> Value {
    json!({"type": "object", "description": "Optional metadata.", "properties": {
        "labels": {"type": "array", "items": {"type": "string"}},
        "assignees": {"type": "array", "items": {
            "type": "object",
            "properties": {"login": {"type": "string"}, "role": {"type": "string", "enum": ["owner", "member"]}},
            "required": ["login"]
        }}
    }})
}
