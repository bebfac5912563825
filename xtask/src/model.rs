//! Response models generated from the spec's schemas. The overlay names a model, the schema it comes
//! from, and names for the nested objects worth a type of their own; every other nested object, and
//! every `oneOf`/`anyOf`, is kept as JSON. Where the spec is wrong or too loose, the overlay fixes a
//! field's type (`types`) or adds a field the API sends but the spec omits (`add`).

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use openapiv3::{Schema, SchemaKind, Type};
use serde::Deserialize;

use crate::spec::Spec;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelDecl {
    pub name: String,
    /// The spec operation whose response holds the schema, `METHOD /path`.
    pub from: String,
    /// Where in that response: property names separated by `.`, `[]` for an array's items ("" = the root).
    #[serde(default)]
    pub at: String,
    pub doc: String,
    /// Nested objects that get a type of their own: property → type name. Their own fixes go in
    /// `nested_types` as `"Type.field" = "type"`.
    #[serde(default)]
    pub nested: BTreeMap<String, String>,
    /// Field type fixes: field → `string`, `bool`, `i64`, `f64`, `count` (a non-negative whole number,
    /// read leniently), `strings`, `json`, a model name, `[Model]`; a trailing `?` makes it optional.
    /// `Type.field` keys fix a nested model's field.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Fields the API sends that the spec omits: field → type (as in `types`), per model (`Type.field`
    /// for a nested one).
    #[serde(default)]
    pub add: BTreeMap<String, String>,
    /// Fields of the schema left to `extra` (duplicates the API sends under a second name).
    #[serde(default)]
    pub skip: Vec<String>,
    /// A model whose fields this one shares: they are read into one flattened field of that type.
    pub extends: Option<String>,
    /// Fields masked in `Debug` and `repr`.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Fields shown by `repr` in Python (default: all).
    #[serde(default)]
    pub repr: Vec<String>,
}

pub struct Model {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
    pub repr: Vec<String>,
    /// The flattened base model, if any (its fields are not repeated in `fields`).
    pub extends: Option<String>,
}

pub struct Field {
    /// The API's name.
    pub wire: String,
    /// The Rust field name (snake_case).
    pub rust: String,
    pub ty: FieldType,
    pub optional: bool,
    pub secret: bool,
    pub doc: String,
}

#[derive(Clone, PartialEq)]
pub enum FieldType {
    String,
    Bool,
    Int,
    Float,
    /// A count the spec types as "number": read leniently into an unsigned integer.
    Count,
    Strings,
    Json,
    /// A list of JSON values.
    Jsons,
    Model(String),
    Models(String),
}

/// The model and the nested models it names, nested ones first.
pub fn from_spec(decl: &ModelDecl, spec: &Spec, known: &[Model]) -> Result<Vec<Model>, String> {
    let root = spec.response_schema(&decl.from).ok_or_else(|| {
        format!(
            "model {}: no JSON response schema for {:?}",
            decl.name, decl.from
        )
    })?;
    let mut schema = root;
    for step in decl.at.split('.').filter(|s| !s.is_empty()) {
        let (prop, items) = match step.strip_suffix("[]") {
            Some(p) => (p, true),
            None => (step, false),
        };
        schema = property(spec, schema, prop)
            .ok_or_else(|| format!("model {}: no property {prop:?} at {:?}", decl.name, decl.at))?;
        if items {
            schema = array_items(spec, schema)
                .ok_or_else(|| format!("model {}: {prop:?} is not an array", decl.name))?;
        }
    }
    let mut out = Vec::new();
    build(&decl.name, &decl.doc, schema, decl, spec, known, &mut out)?;
    Ok(out)
}

fn build(
    name: &str,
    doc: &str,
    schema: &Schema,
    decl: &ModelDecl,
    spec: &Spec,
    known: &[Model],
    out: &mut Vec<Model>,
) -> Result<(), String> {
    let merged;
    let object = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o,
        SchemaKind::AnyOf { any_of: variants } | SchemaKind::OneOf { one_of: variants } => {
            merged = merge_variants(spec, variants)
                .ok_or_else(|| format!("model {name}: a variant is not an object"))?;
            &merged
        }
        _ => return Err(format!("model {name}: the schema is not an object")),
    };
    let root = name == decl.name;
    let key = |field: &str| {
        if root {
            field.to_string()
        } else {
            format!("{name}.{field}")
        }
    };
    let base: Vec<&str> = match (&decl.extends, root) {
        (Some(base), true) => known
            .iter()
            .find(|m| &m.name == base)
            .ok_or_else(|| {
                format!("model {name}: extends {base}, which must be declared before it")
            })?
            .fields
            .iter()
            .map(|f| f.wire.as_str())
            .collect(),
        _ => Vec::new(),
    };
    let mut fields = Vec::new();
    for (wire, prop) in &object.properties {
        if base.contains(&wire.as_str()) || (root && decl.skip.contains(wire)) {
            continue;
        }
        let prop = spec
            .resolve_boxed(prop)
            .ok_or_else(|| format!("model {name}: unresolved $ref in {wire}"))?;
        let rust = rust_name(name, wire)?;
        let required = object.required.iter().any(|r| r == wire);
        let inner = spec.through_all_of(prop);
        let ty = match (nested_name(decl, root, name, wire), &inner.schema_kind) {
            (Some(nested), SchemaKind::Type(Type::Object(_))) => {
                build(
                    &nested,
                    &describe(prop, wire),
                    inner,
                    decl,
                    spec,
                    known,
                    out,
                )?;
                FieldType::Model(nested)
            }
            (Some(nested), SchemaKind::Type(Type::Array(_))) => {
                let items =
                    array_items(spec, inner).ok_or_else(|| format!("{name}.{wire}: no items"))?;
                build(
                    &nested,
                    &describe(prop, wire),
                    items,
                    decl,
                    spec,
                    known,
                    out,
                )?;
                FieldType::Models(nested)
            }
            (Some(_), _) => return Err(format!("model {name}: {wire} is not an object")),
            (None, kind) => scalar(spec, kind, inner),
        };
        let optional = ty != FieldType::Json && (!required || prop.schema_data.nullable);
        // The overlay's fix wins over the spec (a nested model it names is still built above).
        let (ty, optional) = match decl.types.get(&key(wire)) {
            Some(fixed) => parse_type(fixed)?,
            None => (ty, optional),
        };
        fields.push(Field {
            secret: root && decl.secrets.iter().any(|s| s == wire),
            wire: wire.clone(),
            rust,
            ty,
            optional,
            doc: describe(prop, ""),
        });
    }
    for (field, ty) in &decl.add {
        let (owner, field) = match field.split_once('.') {
            Some((owner, field)) => (owner, field),
            None => (decl.name.as_str(), field.as_str()),
        };
        if owner == name {
            let (ty, optional) = parse_type(ty)?;
            fields.push(Field {
                wire: field.to_string(),
                rust: rust_name(name, field)?,
                ty,
                optional,
                secret: false,
                doc: "Sent by the API, not named by the spec.".to_string(),
            });
        }
    }
    // A nested model two declarations share (a list entry and its detail's `metadata`) is built once.
    let same = |m: &&Model| m.name == name;
    if !root {
        if let Some(earlier) = known.iter().chain(out.iter()).find(same) {
            let shape = |fs: &[Field]| -> Vec<(String, bool)> {
                fs.iter().map(|f| (f.wire.clone(), f.optional)).collect()
            };
            if shape(&earlier.fields) != shape(&fields)
                || earlier
                    .fields
                    .iter()
                    .zip(&fields)
                    .any(|(a, b)| a.ty != b.ty)
            {
                return Err(format!("model {name}: named twice with different fields"));
            }
            return Ok(());
        }
    }
    out.push(Model {
        name: name.to_string(),
        doc: doc.to_string(),
        fields,
        repr: if root { decl.repr.clone() } else { Vec::new() },
        extends: if root { decl.extends.clone() } else { None },
    });
    Ok(())
}

fn nested_name(decl: &ModelDecl, root: bool, owner: &str, wire: &str) -> Option<String> {
    let key = if root {
        wire.to_string()
    } else {
        format!("{owner}.{wire}")
    };
    decl.nested.get(&key).cloned()
}

/// The variants of an `anyOf`/`oneOf` of objects as one object: every property of any variant (the first
/// variant's schema wins), required only when every variant requires it.
fn merge_variants(
    spec: &Spec,
    variants: &[openapiv3::ReferenceOr<Schema>],
) -> Option<openapiv3::ObjectType> {
    let mut merged = openapiv3::ObjectType::default();
    for (i, variant) in variants.iter().enumerate() {
        let SchemaKind::Type(Type::Object(o)) = &spec.resolve(variant)?.schema_kind else {
            return None;
        };
        for (k, v) in &o.properties {
            merged
                .properties
                .entry(k.clone())
                .or_insert_with(|| v.clone());
        }
        if i == 0 {
            merged.required = o.required.clone();
        } else {
            merged.required.retain(|r| o.required.contains(r));
        }
    }
    Some(merged)
}

/// The Rust (and uniffi) field name: snake_case; the keywords `type` and `use` are `kind` and `key_use`.
fn rust_name(model: &str, wire: &str) -> Result<String, String> {
    let rust = wire.to_snake_case();
    match rust.as_str() {
        "type" => return Ok("kind".to_string()),
        // A JSON Web Key's `use`.
        "use" => return Ok("key_use".to_string()),
        _ => {}
    }
    if matches!(
        rust.as_str(),
        "ref" | "self" | "move" | "loop" | "match" | "fn" | "impl" | "mod" | "in" | "as"
    ) {
        return Err(format!("model {model}: field {wire} is a Rust keyword"));
    }
    Ok(rust)
}

/// `string`, `count?`, `[ApiKeyInfo]`, … (see `ModelDecl::types`).
fn parse_type(text: &str) -> Result<(FieldType, bool), String> {
    let (base, optional) = match text.strip_suffix('?') {
        Some(b) => (b, true),
        None => (text, false),
    };
    let ty = match base {
        "string" => FieldType::String,
        "bool" => FieldType::Bool,
        "i64" => FieldType::Int,
        "f64" => FieldType::Float,
        "count" => FieldType::Count,
        "strings" => FieldType::Strings,
        "json" => FieldType::Json,
        "[json]" => FieldType::Jsons,
        list if list.starts_with('[') && list.ends_with(']') => {
            FieldType::Models(list[1..list.len() - 1].to_string())
        }
        model if model.starts_with(|c: char| c.is_ascii_uppercase()) => {
            FieldType::Model(model.to_string())
        }
        other => return Err(format!("unknown field type {other:?}")),
    };
    Ok((ty, optional))
}

fn scalar(spec: &Spec, kind: &SchemaKind, schema: &Schema) -> FieldType {
    match kind {
        SchemaKind::Type(Type::String(_)) => FieldType::String,
        SchemaKind::Type(Type::Boolean(_)) => FieldType::Bool,
        SchemaKind::Type(Type::Integer(_)) => FieldType::Int,
        SchemaKind::Type(Type::Number(_)) => FieldType::Float,
        SchemaKind::Type(Type::Array(_)) => match array_items(spec, schema).map(|s| &s.schema_kind)
        {
            Some(SchemaKind::Type(Type::String(_))) => FieldType::Strings,
            _ => FieldType::Json,
        },
        _ => FieldType::Json,
    }
}

fn describe(schema: &Schema, fallback: &str) -> String {
    let mut text = schema
        .schema_data
        .description
        .clone()
        .unwrap_or_else(|| fallback.to_string());
    if let SchemaKind::Type(Type::String(s)) = &schema.schema_kind {
        let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
        if !values.is_empty() {
            text = format!("{} ({})", text.trim_end_matches('.'), values.join(", "));
        }
    }
    if schema.schema_data.deprecated {
        text = format!("Deprecated. {text}");
    }
    text
}

fn property<'a>(spec: &'a Spec, schema: &'a Schema, name: &str) -> Option<&'a Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => spec.resolve_boxed(o.properties.get(name)?),
        _ => None,
    }
}

fn array_items<'a>(spec: &'a Spec, schema: &'a Schema) -> Option<&'a Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => spec.resolve_boxed(a.items.as_ref()?),
        _ => None,
    }
}
