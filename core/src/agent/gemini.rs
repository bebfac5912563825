//! Gemini's function declarations take an OpenAPI-style `Schema`, not JSON Schema: a fixed set of fields (the
//! google-genai SDK refuses any other), `nullable` instead of a `null` type, no `$ref`, `additionalProperties`
//! or `const`, string-only enums, few formats, and nested `properties` always beside `type: object`.

use serde_json::{json, Map, Value};

use super::strict::{merge_compositions, required_names};

/// The fields of Gemini's `Schema`; every other one is removed.
const KEEP: &[&str] = &[
    "type",
    "format",
    "title",
    "description",
    "nullable",
    "enum",
    "maxItems",
    "minItems",
    "properties",
    "required",
    "minProperties",
    "maxProperties",
    "minLength",
    "maxLength",
    "pattern",
    "example",
    "anyOf",
    "default",
    "items",
    "minimum",
    "maximum",
];
/// How deep `$ref`s are followed before a recursive schema is cut off.
const MAX_REF_DEPTH: usize = 8;

/// The Gemini form of a tool's input schema.
pub fn gemini(schema: &Value) -> Value {
    let empty = Map::new();
    let root = schema.as_object().unwrap_or(&empty);
    let mut out = node(root, root, 0);
    if !out.contains_key("type") {
        out.insert("type".into(), json!("object"));
    }
    Value::Object(out)
}

/// Whether a converted schema has anything for the model to fill in (Gemini refuses empty objects).
pub fn has_properties(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

fn node(map: &Map<String, Value>, root: &Map<String, Value>, depth: usize) -> Map<String, Value> {
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        return follow(reference, map, root, depth);
    }
    let mut map = map.clone();
    merge_compositions(&mut map);
    let mut nullable = map.get("nullable") == Some(&json!(true));
    let mut out = Map::new();
    match map.get("type") {
        Some(Value::String(t)) if t == "null" => nullable = true,
        Some(Value::String(t)) => {
            out.insert("type".into(), json!(t));
        }
        Some(Value::Array(types)) => {
            nullable |= types.iter().any(|t| t == "null");
            let named: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
            match named.as_slice() {
                [one] => {
                    out.insert("type".into(), (*one).clone());
                }
                [] => {}
                many => {
                    let options = many.iter().map(|t| json!({"type": t})).collect();
                    out.insert("anyOf".into(), Value::Array(options));
                }
            }
        }
        _ => {}
    }
    if let Some(Value::Array(options)) = map.get("anyOf") {
        let mut kept = Vec::new();
        for option in options.iter().filter_map(Value::as_object) {
            if option.get("type") == Some(&json!("null")) {
                nullable = true;
            } else {
                kept.push(Value::Object(node(option, root, depth)));
            }
        }
        if kept.len() == 1 && !out.contains_key("type") {
            if let Some(Value::Object(only)) = kept.pop() {
                for (key, value) in only {
                    out.entry(key).or_insert(value);
                }
            }
        } else if !kept.is_empty() {
            out.insert("anyOf".into(), Value::Array(kept));
        }
    }
    if let Some(Value::Object(properties)) = map.get("properties") {
        let converted: Map<String, Value> = properties
            .iter()
            .filter_map(|(name, p)| {
                Some((
                    name.clone(),
                    Value::Object(node(p.as_object()?, root, depth)),
                ))
            })
            .collect();
        let required: Vec<Value> = required_names(&map)
            .into_iter()
            .filter(|name| converted.contains_key(name))
            .map(Value::from)
            .collect();
        out.entry("type").or_insert_with(|| json!("object"));
        if !converted.is_empty() {
            out.insert("properties".into(), Value::Object(converted));
        }
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
    }
    if let Some(items) = map.get("items").and_then(Value::as_object) {
        out.insert("items".into(), Value::Object(node(items, root, depth)));
    }
    copy_plain_fields(&map, &mut out);
    if nullable {
        out.insert("nullable".into(), json!(true));
    }
    out
}

/// The fields that carry over unchanged, and the ones with a Gemini spelling (`examples`, `const`).
fn copy_plain_fields(map: &Map<String, Value>, out: &mut Map<String, Value>) {
    let kind = out
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    for (key, value) in map {
        let keep = match key.as_str() {
            "type" | "nullable" | "anyOf" | "properties" | "required" | "items" => false,
            "format" => match kind.as_str() {
                "string" => value == "date-time" || value == "enum",
                "integer" => value == "int32" || value == "int64",
                "number" => value == "float" || value == "double",
                _ => false,
            },
            "enum" => value
                .as_array()
                .is_some_and(|v| v.iter().all(Value::is_string)),
            other => KEEP.contains(&other),
        };
        if keep {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(first) = map
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        out.entry("example").or_insert_with(|| first.clone());
    }
    if let Some(constant) = map.get("const").filter(|c| c.is_string()) {
        out.entry("enum").or_insert_with(|| json!([constant]));
    }
}

/// Inlines the target of a local `$ref` (`#/$defs/X`, `#/definitions/X`), with the referring node's own fields
/// (a description) on top; a chain deeper than [`MAX_REF_DEPTH`] becomes a plain object.
fn follow(
    reference: &str,
    referring: &Map<String, Value>,
    root: &Map<String, Value>,
    depth: usize,
) -> Map<String, Value> {
    let target = reference
        .strip_prefix("#/")
        .and_then(|path| {
            path.split('/')
                .try_fold(root, |at, part| at.get(part)?.as_object())
        })
        .filter(|_| depth < MAX_REF_DEPTH);
    let Some(target) = target else {
        let mut cut = Map::new();
        cut.insert("type".into(), json!("object"));
        if let Some(d) = referring.get("description") {
            cut.insert("description".into(), d.clone());
        }
        return cut;
    };
    let mut merged = target.clone();
    for (key, value) in referring.iter().filter(|(k, _)| *k != "$ref") {
        merged.insert(key.clone(), value.clone());
    }
    node(&merged, root, depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_schema_becomes_gemini_schema() {
        let schema = json!({"type": "object", "additionalProperties": false, "properties": {
            "when": {"type": ["string", "null"], "format": "date-time", "examples": ["2026-01-01T00:00:00Z"]},
            "url": {"type": "string", "format": "uri"},
            "nested": {"properties": {"n": {"type": "integer", "const": 3}}},
            "item": {"$ref": "#/$defs/Item", "description": "One item."},
            "mode": {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}]}
        }, "required": ["when", "gone"], "$defs": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}}});
        let out = gemini(&schema);
        assert_eq!(out["required"], json!(["when"]));
        assert!(out.get("additionalProperties").is_none() && out.get("$defs").is_none());
        let p = &out["properties"];
        assert_eq!(
            p["when"],
            json!({"type": "string", "format": "date-time", "example": "2026-01-01T00:00:00Z", "nullable": true})
        );
        assert_eq!(p["url"], json!({"type": "string"}));
        assert_eq!(p["nested"]["type"], json!("object"));
        assert_eq!(
            p["item"],
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "description": "One item."})
        );
        assert_eq!(
            p["mode"],
            json!({"type": "string", "enum": ["a", "b"], "nullable": true})
        );
    }

    #[test]
    fn recursive_references_are_cut_off() {
        let schema = json!({"type": "object", "properties": {"node": {"$ref": "#/$defs/Node"}},
            "$defs": {"Node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/Node"}}}}});
        let out = gemini(&schema);
        let mut at = &out["properties"]["node"];
        for _ in 0..MAX_REF_DEPTH - 1 {
            at = &at["properties"]["child"];
        }
        assert_eq!(at["type"], json!("object"));
    }
}
