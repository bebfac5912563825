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
    let mut schema = json!({
        "type": "object",
        "title": "Request",
        "description": format!("Parameters of {verb} {} in {toolkit}.", noun.replace('_', " ")),
        "properties": Value::Object(properties),
        "required": required,
        "additionalProperties": false,
    });
    enrich(&mut schema);
    (schema, required)
}

/// Gives every property a title, and strings examples, as real tool schemas have: real tools carry 2.4–4.7 KB
/// of schema each, and clients must be measured on that size.
fn enrich(schema: &mut Value) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, prop) in properties.iter_mut() {
        let Some(obj) = prop.as_object_mut() else {
            continue;
        };
        obj.entry("title").or_insert_with(|| json!(title_of(name)));
        if obj.get("type") == Some(&json!("string")) && !obj.contains_key("enum") {
            obj.entry("examples")
                .or_insert_with(|| json!([format!("example-{name}"), format!("another-{name}")]));
        }
        enrich(prop);
        if let Some(items) = prop.get_mut("items") {
            enrich(items);
        }
    }
}

fn title_of(name: &str) -> String {
    name.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn output_schema(noun: &str) -> Value {
    let what = noun.replace('_', " ");
    let mut schema = json!({
        "type": "object",
        "title": "Response",
        "properties": {
            "data": {"type": "object", "description": format!("The {what} returned by the service."),
                     "properties": {
                        "id": {"type": "string", "description": format!("Unique identifier of the {what}.")},
                        "url": {"type": "string", "format": "uri", "description": format!("Web address of the {what}.")},
                        "created_at": {"type": "string", "format": "date-time", "description": "When it was created."},
                        "updated_at": {"type": "string", "format": "date-time", "description": "When it last changed."},
                        "author": {"type": "object", "description": "Who created it.", "properties": {
                            "id": {"type": "string"}, "login": {"type": "string"},
                            "avatar_url": {"type": "string", "format": "uri"}
                        }},
                        "details": {"type": "object", "additionalProperties": true,
                                    "description": "Every other field the service returned, unchanged."}
                     }},
            "successful": {"type": "boolean", "description": "Whether the action succeeded."},
            "error": {"type": "string", "nullable": true, "description": "Error message when it did not."}
        },
        "required": ["data", "successful"]
    });
    enrich(&mut schema);
    schema
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
