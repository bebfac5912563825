//! Strict mode for OpenAI (Chat Completions and Responses): the provider only accepts a schema in which every
//! object at every depth has `additionalProperties: false` and lists every property as required, and it refuses
//! keywords outside a subset. Optional properties stay optional by becoming nullable; the model then sends
//! `null` for them, and [`drop_unset`] removes those nulls before the tool runs.

use serde_json::{json, Map, Value};

/// The keywords OpenAI's strict mode accepts; every other one is removed.
const KEEP: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "description",
    "title",
    "$ref",
    "$defs",
    "definitions",
    "pattern",
    "format",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "minItems",
    "maxItems",
];
/// The string formats strict mode accepts.
const FORMATS: &[&str] = &[
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
];

/// The strict form of a tool's input schema.
pub fn strict(schema: &Value) -> Value {
    let mut out = schema.clone();
    if !out.is_object() {
        out = json!({});
    }
    strict_node(&mut out);
    out
}

fn strict_node(node: &mut Value) {
    let Some(map) = node.as_object_mut() else {
        return;
    };
    merge_compositions(map);
    if let Some(default) = map.remove("default") {
        // The model cannot see a default it is not told about: keep it as words.
        append_description(map, &format!("Default: {default}."));
    }
    if map.contains_key("$ref") {
        // A reference may carry no other keyword in strict mode.
        map.retain(|k, _| k == "$ref");
        return;
    }
    map.retain(|key, value| {
        KEEP.contains(&key.as_str())
            && (key != "format" || value.as_str().is_some_and(|f| FORMATS.contains(&f)))
    });
    for key in ["items", "additionalProperties"] {
        if let Some(child) = map.get_mut(key).filter(|c| c.is_object()) {
            strict_node(child);
        }
    }
    for key in ["properties", "$defs", "definitions"] {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            children.values_mut().for_each(strict_node);
        }
    }
    if let Some(Value::Array(options)) = map.get_mut("anyOf") {
        options.iter_mut().for_each(strict_node);
    }
    if is_object(map) {
        close_object(map);
    }
}

/// `oneOf` becomes `anyOf` (what strict mode and Gemini have), a choice of constants becomes an `enum`, and
/// `allOf` is merged into the node; a node with only constants gets their type.
pub(crate) fn merge_compositions(map: &mut Map<String, Value>) {
    if let Some(one_of) = map.remove("oneOf") {
        map.entry("anyOf").or_insert(one_of);
    }
    constants_to_enum(map);
    if !map.contains_key("type") {
        let values: Option<Vec<&Value>> = match (map.get("const"), map.get("enum")) {
            (Some(c), _) => Some(vec![c]),
            (None, Some(Value::Array(values))) => Some(values.iter().collect()),
            _ => None,
        };
        if let Some(kind) = values.and_then(|v| common_type(&v)) {
            map.insert("type".into(), json!(kind));
        }
    }
    let Some(Value::Array(parts)) = map.remove("allOf") else {
        return;
    };
    for part in parts {
        let Value::Object(part) = part else { continue };
        for (key, value) in part {
            match (key.as_str(), map.get_mut(&key), value) {
                ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                    for (name, schema) in theirs {
                        mine.entry(name).or_insert(schema);
                    }
                }
                ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                    for name in theirs {
                        if !mine.contains(&name) {
                            mine.push(name);
                        }
                    }
                }
                (_, Some(_), _) => {}
                (_, None, value) => {
                    map.insert(key, value);
                }
            }
        }
    }
}

/// `anyOf: [{const: a}, {const: b}]` (titles and descriptions aside) is `enum: [a, b]`.
fn constants_to_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(options)) = map.get("anyOf") else {
        return;
    };
    let constants: Option<Vec<Value>> = options
        .iter()
        .map(|o| {
            let o = o.as_object()?;
            let only_const = o
                .keys()
                .all(|k| matches!(k.as_str(), "const" | "type" | "title" | "description"));
            only_const.then(|| o.get("const").cloned()).flatten()
        })
        .collect();
    if let Some(values) = constants.filter(|v| !v.is_empty()) {
        map.remove("anyOf");
        map.insert("enum".into(), Value::Array(values));
    }
}

/// The JSON Schema type all these values share, if they share one.
fn common_type(values: &[&Value]) -> Option<&'static str> {
    let kind = |v: &Value| match v {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    let first = kind(values.first()?)?;
    values
        .iter()
        .all(|v| kind(v) == Some(first))
        .then_some(first)
}

pub(crate) fn is_object(map: &Map<String, Value>) -> bool {
    match map.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        _ => map.contains_key("properties"),
    }
}

fn close_object(map: &mut Map<String, Value>) {
    if !map.contains_key("type") {
        map.insert("type".into(), json!("object"));
    }
    let required = required_names(map);
    let properties = map
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let mut all = Vec::new();
    if let Some(properties) = properties {
        for (name, schema) in properties.iter_mut() {
            if !required.contains(name) {
                make_nullable(schema);
            }
            all.push(json!(name));
        }
    }
    map.insert("required".into(), Value::Array(all));
    map.insert("additionalProperties".into(), json!(false));
}

pub(crate) fn required_names(map: &Map<String, Value>) -> Vec<String> {
    map.get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn make_nullable(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    match map.get_mut("type") {
        Some(Value::String(t)) if t != "null" => {
            let t = std::mem::take(t);
            map.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) if !types.contains(&json!("null")) => types.push(json!("null")),
        Some(_) => {}
        None => match map.get_mut("anyOf") {
            Some(Value::Array(options)) => {
                if !options.contains(&json!({"type": "null"})) {
                    options.push(json!({"type": "null"}));
                }
            }
            _ => {
                let inner = std::mem::take(map);
                map.insert(
                    "anyOf".into(),
                    json!([Value::Object(inner), {"type": "null"}]),
                );
            }
        },
    }
    if let Some(constant) = map.remove("const") {
        // A constant that may also be null is a choice of two.
        map.insert("enum".into(), json!([constant]));
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
}

fn append_description(map: &mut Map<String, Value>, words: &str) {
    let text = match map.get("description").and_then(Value::as_str) {
        Some(d) if !d.trim().is_empty() => format!("{} {words}", d.trim_end()),
        _ => words.to_string(),
    };
    map.insert("description".into(), json!(text));
}

/// Removes the `null`s a model sent for properties the original schema did not require (strict mode makes the
/// model send every property), at every depth, so the tool receives what it would have without strict mode.
pub fn drop_unset(arguments: &mut Value, original: &Value) {
    let (Some(args), Some(schema)) = (arguments.as_object_mut(), original.as_object()) else {
        return;
    };
    let required = required_names(schema);
    let properties = schema.get("properties").and_then(Value::as_object);
    args.retain(|name, value| !value.is_null() || required.contains(name));
    let Some(properties) = properties else { return };
    for (name, value) in args.iter_mut() {
        let Some(prop) = properties.get(name) else {
            continue;
        };
        match value {
            Value::Object(_) => drop_unset(value, prop),
            Value::Array(items) => {
                if let Some(item_schema) = prop.get("items") {
                    items.iter_mut().for_each(|i| drop_unset(i, item_schema));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_depth_is_closed_and_optional_fields_become_nullable() {
        let schema = json!({"type": "object", "properties": {
            "title": {"type": "string", "default": "x", "examples": ["a"]},
            "meta": {"type": "object", "properties": {"labels": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}}}}},
            "state": {"type": "string", "enum": ["open", "closed"]}
        }, "required": ["title"]});
        let out = strict(&schema);
        assert_eq!(out["additionalProperties"], json!(false));
        assert_eq!(out["required"], json!(["title", "meta", "state"]));
        assert_eq!(
            out["properties"]["title"],
            json!({"type": "string", "description": "Default: \"x\"."})
        );
        assert_eq!(out["properties"]["meta"]["type"], json!(["object", "null"]));
        let item = &out["properties"]["meta"]["properties"]["labels"]["items"];
        assert_eq!(item["additionalProperties"], json!(false));
        assert_eq!(item["properties"]["k"]["type"], json!(["string", "null"]));
        assert_eq!(
            out["properties"]["state"]["enum"],
            json!(["open", "closed", null])
        );
    }

    #[test]
    fn nulls_of_optional_fields_are_dropped() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "object", "properties": {"c": {"type": "string"}}}}, "required": ["a"]});
        let mut args = json!({"a": "x", "b": {"c": null}});
        drop_unset(&mut args, &schema);
        assert_eq!(args, json!({"a": "x", "b": {}}));
        let mut args = json!({"a": null, "b": null});
        drop_unset(&mut args, &schema);
        assert_eq!(args, json!({"a": null}));
    }
}
