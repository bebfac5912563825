//! The spec copies, parsed with the `openapiv3` crate: the January 2026 spec (`api/openapi.json`, the paths of the
//! table's older `spec` keys, `/api/v3/…`) and the current API's (`api/openapi-current.json`, rebuilt by
//! `scripts/import-spec.sh`, `/api/v3.1/…`). An operation is looked up in whichever has its path; a schema
//! reference in the January spec first (it names five components the current one also has, with its own shapes).

use std::path::Path;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, ReferenceOr, Schema, SchemaKind, Type};

pub struct Spec {
    layers: Vec<OpenAPI>,
}

/// What the table takes from one spec operation.
pub struct SpecOp<'a> {
    pub method: String,
    pub summary: String,
    pub description: String,
    pub op: &'a Operation,
}

impl Spec {
    pub fn load(paths: &[&Path]) -> Result<Self, String> {
        let mut layers = Vec::new();
        for path in paths {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            layers
                .push(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?);
        }
        Ok(Self { layers })
    }

    /// Every operation of the spec at `layer` (0: January, 1: current): `METHOD /path` and its operation id.
    pub fn operations(&self, layer: usize) -> Vec<(String, String)> {
        let Some(api) = self.layers.get(layer) else {
            return vec![];
        };
        let mut keys = Vec::new();
        for (path, item) in &api.paths.paths {
            if let ReferenceOr::Item(item) = item {
                for (method, op) in item.iter() {
                    let id = op.operation_id.clone().unwrap_or_default();
                    keys.push((format!("{} {path}", method.to_ascii_uppercase()), id));
                }
            }
        }
        keys.sort();
        keys
    }

    /// The operation `METHOD /path` (paths as the spec writes them).
    pub fn operation(&self, key: &str) -> Option<SpecOp<'_>> {
        let (method, path) = key.split_once(' ')?;
        let item = match self
            .layers
            .iter()
            .find_map(|api| api.paths.paths.get(path))?
        {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => return None,
        };
        let op = item
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(method))
            .map(|(_, op)| op)?;
        Some(SpecOp {
            method: method.to_ascii_uppercase(),
            summary: op.summary.clone().unwrap_or_default(),
            description: op.description.clone().unwrap_or_default(),
            op,
        })
    }

    /// The spec's descriptions of an operation's parameters: path parameters in order (their names differ
    /// from ours), query parameters and request-body properties by name.
    pub fn parameter_docs(&self, key: &str) -> (Vec<String>, BTreeMap<String, String>) {
        let mut path = Vec::new();
        let mut named = BTreeMap::new();
        let Some(op) = self.operation(key).map(|o| o.op) else {
            return (path, named);
        };
        for p in &op.parameters {
            let ReferenceOr::Item(p) = p else { continue };
            let data = p.parameter_data_ref();
            let text = data.description.clone().unwrap_or_default();
            match p {
                openapiv3::Parameter::Path { .. } => path.push(text),
                _ => {
                    named.insert(data.name.clone(), text);
                }
            }
        }
        let body = match &op.request_body {
            Some(ReferenceOr::Item(b)) => b
                .content
                .get("application/json")
                .and_then(|m| m.schema.as_ref()),
            _ => None,
        };
        if let Some(SchemaKind::Type(Type::Object(o))) =
            body.and_then(|s| self.resolve(s)).map(|s| &s.schema_kind)
        {
            for (name, prop) in &o.properties {
                if let Some(text) = self
                    .resolve_boxed(prop)
                    .and_then(|s| s.schema_data.description.clone())
                {
                    named.insert(name.clone(), text);
                }
            }
        }
        (path, named)
    }

    /// The JSON schema of an operation's 200 (or 201) response.
    pub fn response_schema(&self, key: &str) -> Option<&Schema> {
        let op = self.operation(key)?.op;
        let response = ["200", "201"].iter().find_map(|status| {
            op.responses
                .responses
                .get(&openapiv3::StatusCode::Code(status.parse().ok()?))
        })?;
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { .. } => return None,
        };
        self.resolve(response.content.get("application/json")?.schema.as_ref()?)
    }

    /// The schema itself, following a `#/components/schemas/…` reference.
    pub fn resolve<'a>(&'a self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.named(reference),
        }
    }

    /// The same for the boxed schemas of properties and items.
    pub fn resolve_boxed<'a>(&'a self, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s.as_ref()),
            ReferenceOr::Reference { reference } => self.named(reference),
        }
    }

    /// The one schema of an `allOf` of one (how the importer writes a nullable reference), else the schema itself.
    pub fn through_all_of<'a>(&'a self, schema: &'a Schema) -> &'a Schema {
        match &schema.schema_kind {
            openapiv3::SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.resolve(&all_of[0]).unwrap_or(schema)
            }
            _ => schema,
        }
    }

    fn named(&self, reference: &str) -> Option<&Schema> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let schema = self
            .layers
            .iter()
            .find_map(|api| api.components.as_ref()?.schemas.get(name))?;
        self.resolve(schema)
    }
}
