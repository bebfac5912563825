//! Response models generated from the spec's schemas. The overlay names a model, the schema it comes
//! from, and names for the nested objects worth a type of their own; every other nested object, and
//! every `oneOf`/`anyOf`, is kept as JSON.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
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
    /// Nested objects that get a type of their own: property → type name.
    #[serde(default)]
    pub nested: BTreeMap<String, String>,
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
    Strings,
    Json,
    Model(String),
    Models(String),
}

/// The model and the nested models it names, nested ones first.
pub fn from_spec(decl: &ModelDecl, spec: &Spec) -> Result<Vec<Model>, String> {
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
        schema = property(schema, prop)
            .ok_or_else(|| format!("model {}: no property {prop:?} at {:?}", decl.name, decl.at))?;
        if items {
            schema = array_items(schema)
                .ok_or_else(|| format!("model {}: {prop:?} is not an array", decl.name))?;
        }
    }
    let mut out = Vec::new();
    build(&decl.name, &decl.doc, schema, decl, &mut out)?;
    Ok(out)
}

fn build(
    name: &str,
    doc: &str,
    schema: &Schema,
    decl: &ModelDecl,
    out: &mut Vec<Model>,
) -> Result<(), String> {
    let object = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o,
        _ => return Err(format!("model {name}: the schema is not an object")),
    };
    let mut fields = Vec::new();
    for (wire, prop) in &object.properties {
        let prop = match prop {
            ReferenceOr::Item(s) => s.as_ref(),
            ReferenceOr::Reference { .. } => return Err(format!("model {name}: $ref in {wire}")),
        };
        let rust = wire.to_snake_case();
        if matches!(
            rust.as_str(),
            "type" | "ref" | "self" | "move" | "loop" | "match" | "fn"
        ) {
            return Err(format!(
                "model {name}: field {wire} needs a rename in the overlay"
            ));
        }
        let ty = match (decl.nested.get(wire), &prop.schema_kind) {
            (Some(nested), SchemaKind::Type(Type::Object(_))) => {
                build(nested, &describe(prop, wire), prop, decl, out)?;
                FieldType::Model(nested.clone())
            }
            (Some(nested), SchemaKind::Type(Type::Array(_))) => {
                let items = array_items(prop).ok_or_else(|| format!("{name}.{wire}: no items"))?;
                build(nested, &describe(prop, wire), items, decl, out)?;
                FieldType::Models(nested.clone())
            }
            (Some(_), _) => return Err(format!("model {name}: {wire} is not an object")),
            (None, kind) => scalar(kind, prop),
        };
        let required = object.required.iter().any(|r| r == wire);
        let optional = ty != FieldType::Json && (!required || prop.schema_data.nullable);
        fields.push(Field {
            secret: decl.secrets.iter().any(|s| s == wire),
            wire: wire.clone(),
            rust,
            ty,
            optional,
            doc: describe(prop, ""),
        });
    }
    let repr = if name == decl.name {
        decl.repr.clone()
    } else {
        Vec::new()
    };
    out.push(Model {
        name: name.to_string(),
        doc: doc.to_string(),
        fields,
        repr,
    });
    Ok(())
}

fn scalar(kind: &SchemaKind, schema: &Schema) -> FieldType {
    match kind {
        SchemaKind::Type(Type::String(_)) => FieldType::String,
        SchemaKind::Type(Type::Boolean(_)) => FieldType::Bool,
        SchemaKind::Type(Type::Integer(_)) => FieldType::Int,
        SchemaKind::Type(Type::Number(_)) => FieldType::Float,
        SchemaKind::Type(Type::Array(_)) => match array_items(schema).map(|s| &s.schema_kind) {
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

fn property<'a>(schema: &'a Schema, name: &str) -> Option<&'a Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => match o.properties.get(name)? {
            ReferenceOr::Item(s) => Some(s.as_ref()),
            ReferenceOr::Reference { .. } => None,
        },
        _ => None,
    }
}

fn array_items(schema: &Schema) -> Option<&Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match a.items.as_ref()? {
            ReferenceOr::Item(s) => Some(s.as_ref()),
            ReferenceOr::Reference { .. } => None,
        },
        _ => None,
    }
}
