//! The operation table (`api/operations.toml`) and the overlay (`api/overlay.toml`), read and checked
//! against the spec, resolved into what every emitter needs.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::model::{self, Model};
use crate::names::{camel, upper_camel};
use crate::spec::Spec;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Model names that TypeScript spells differently (where a model and a resource class share a name).
    #[serde(default)]
    pub node_model_names: BTreeMap<String, String>,
    pub group: Vec<GroupDecl>,
    pub op: Vec<Op>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDecl {
    pub name: String,
    pub doc: String,
    pub rust: Option<String>,
    pub python: Option<String>,
    pub node: Option<String>,
    /// A hand-written Python mixin (in `composio_rs._realtime`, as `{name}` and `Async{name}`) adding methods the
    /// table cannot describe (a live subscription).
    pub python_mixin: Option<String>,
    /// The same for Node: a hand-written base class in `node/realtime.js` (and its `.d.ts`).
    pub node_mixin: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Op {
    pub name: String,
    pub spec: String,
    pub method: String,
    pub path: String,
    pub credential: String,
    pub returns: String,
    #[serde(default)]
    pub page: bool,
    /// `page_no`: numbered pages (`page_no`, `current_page`, `total_pages`) instead of cursors.
    pub pagination: Option<String>,
    pub params: Option<String>,
    #[serde(default)]
    pub fields_arg: bool,
    pub retry: Option<String>,
    pub doc: Option<String>,
    #[serde(default)]
    pub non_empty: bool,
    #[serde(default)]
    pub exclusive: Vec<String>,
    /// A composite operation: the hand-written `core/src/resources/helpers/<name>` runs it (its `spec`, `method`
    /// and `path` name the main call it makes).
    pub helper: Option<String>,
    /// A fixed JSON body (for operations that differ from another only by it, like `enable`/`disable`).
    pub const_body: Option<String>,
    #[serde(default)]
    pub arg: Vec<Arg>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Arg {
    pub name: String,
    #[serde(rename = "in")]
    pub location: Location,
    #[serde(rename = "type")]
    pub ty: String,
    pub wire: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub positional: bool,
    /// A local file's path: Python takes any `os.PathLike`, positionally (elsewhere a string option).
    #[serde(default)]
    pub local_path: bool,
    /// Filled from the client's `toolkit_versions` when the call leaves it unset: `tool` (the version for the
    /// tool the path names) or `toolkits` (the list's form: the version of the `toolkit_slug` argument's toolkit,
    /// else one per toolkit).
    pub toolkit_version: Option<String>,
    pub default: Option<bool>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    #[serde(default)]
    pub one_of: Vec<String>,
    pub pattern_chars: Option<String>,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    #[serde(default)]
    pub secret: bool,
    pub doc: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Path,
    Query,
    Body,
}

/// The overlay: models generated from the spec's schemas, with the names and fixes the spec lacks.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    #[serde(default)]
    pub model: Vec<model::ModelDecl>,
}

pub fn load(dir: &Path) -> Result<(Table, Overlay), String> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| format!("api/{name}: {e}"))
    };
    let table: Table = toml::from_str(&read("operations.toml")?)
        .map_err(|e| format!("api/operations.toml: {e}"))?;
    let overlay: Overlay =
        toml::from_str(&read("overlay.toml")?).map_err(|e| format!("api/overlay.toml: {e}"))?;
    Ok((table, overlay))
}

/// A group of operations with its type name in each language.
pub struct Group {
    pub name: String,
    pub doc: String,
    pub rust: String,
    pub python: String,
    pub node: String,
    pub python_mixin: Option<String>,
    pub node_mixin: Option<String>,
    pub ops: Vec<ResolvedOp>,
}

impl Group {
    pub fn camel(&self) -> String {
        camel(&self.name)
    }
}

/// An operation with everything derived from its declaration.
pub struct ResolvedOp {
    pub decl: Op,
    pub group: String,
    pub method_name: String,
    pub doc: String,
    /// The operation's help text from the spec (its description), for later surfaces such as a CLI.
    pub help: String,
    pub idempotent: bool,
}

impl ResolvedOp {
    pub fn name(&self) -> &str {
        &self.decl.name
    }
    pub fn path_args(&self) -> Vec<&Arg> {
        self.decl
            .arg
            .iter()
            .filter(|a| a.location == Location::Path)
            .collect()
    }
    pub fn other_args(&self) -> Vec<&Arg> {
        self.decl
            .arg
            .iter()
            .filter(|a| a.location != Location::Path)
            .collect()
    }
    /// The argument the client's `toolkit_versions` fills, if any.
    pub fn versioned_arg(&self) -> Option<&Arg> {
        self.decl.arg.iter().find(|a| a.toolkit_version.is_some())
    }
    /// Arguments users pass before the options: path arguments, then those marked positional.
    pub fn positional_args(&self) -> Vec<&Arg> {
        let mut args = self.path_args();
        args.extend(self.other_args().into_iter().filter(|a| a.positional));
        args
    }
    pub fn keyword_args(&self) -> Vec<&Arg> {
        self.other_args()
            .into_iter()
            .filter(|a| !a.positional)
            .collect()
    }
    /// `ToolsList`: the operation's name as one Rust identifier.
    pub fn variant(&self) -> String {
        upper_camel(&self.decl.name.replace('.', "_"))
    }
    /// `TOOLS_LIST`: the name of its `Operation` static.
    pub fn static_name(&self) -> String {
        self.decl.name.replace('.', "_").to_uppercase()
    }
    /// The path template with `{name}` replaced by `{}` for `format!`.
    /// The method that walks every page: `list` → `iter`, `list_active` → `iter_active`, `x` → `iter_x`.
    pub fn iter_name(&self) -> String {
        match self.method_name.as_str() {
            "list" => "iter".to_string(),
            other => format!("iter_{}", other.strip_prefix("list_").unwrap_or(other)),
        }
    }
    /// True for numbered pages (`page_no`): the pager's cursor is the page number.
    pub fn numbered(&self) -> bool {
        self.decl.pagination.as_deref() == Some("page_no")
    }
    /// True when the operation answers a list of strings, not a model.
    pub fn returns_strings(&self) -> bool {
        self.decl.returns == "strings"
    }
    /// True when a body argument's wire name is a dotted path (`toolkit.slug`): the body is nested.
    pub fn nested_body(&self) -> bool {
        self.decl
            .arg
            .iter()
            .any(|a| a.location == Location::Body && a.wire().contains('.'))
    }
    pub fn format_path(&self) -> String {
        let mut out = self.decl.path.clone();
        for a in self.path_args() {
            out = out.replace(&format!("{{{}}}", a.name), "{}");
        }
        out
    }
}

impl Arg {
    pub fn wire(&self) -> &str {
        self.wire.as_deref().unwrap_or(&self.name)
    }
    /// The Rust field name (snake_case, lower case: `is_2FA_enabled` → `is_2fa_enabled`).
    pub fn rust_field(&self) -> String {
        self.name.to_lowercase()
    }
    pub fn doc(&self) -> Option<&str> {
        self.doc.as_deref()
    }
    /// Optional arguments are `Option<_>` in Rust (a bool with a default is not).
    pub fn is_optional(&self) -> bool {
        !self.required && self.default.is_none() && self.ty != "strings"
    }
}

pub struct Api {
    pub node_model_names: BTreeMap<String, String>,
    pub groups: Vec<Group>,
    pub models: Vec<Model>,
    /// Every generated params struct with the arguments it carries.
    pub params: BTreeMap<String, (Vec<Arg>, Vec<String>, bool)>,
}

impl Api {
    pub fn resolve((table, overlay): (Table, Overlay), spec: &Spec) -> Result<Self, String> {
        let mut groups: Vec<Group> = table
            .group
            .into_iter()
            .map(|g| Group {
                rust: g.rust.unwrap_or_else(|| upper_camel(&g.name)),
                python: g.python.unwrap_or_else(|| upper_camel(&g.name)),
                node: g.node.unwrap_or_else(|| upper_camel(&g.name)),
                python_mixin: g.python_mixin,
                node_mixin: g.node_mixin,
                name: g.name,
                doc: g.doc,
                ops: Vec::new(),
            })
            .collect();
        let mut params = BTreeMap::new();
        for mut op in table.op {
            // Help text per argument: the table's own, else the spec's description.
            let (path_docs, named_docs) = spec.parameter_docs(&op.spec);
            let mut path_index = 0;
            for a in op.arg.iter_mut() {
                let from_spec = if a.location == Location::Path {
                    path_index += 1;
                    path_docs.get(path_index - 1).cloned()
                } else {
                    named_docs.get(a.wire()).cloned()
                };
                if a.doc.is_none() {
                    a.doc = from_spec.filter(|d| !d.trim().is_empty());
                }
            }
            let (group, method_name) = op
                .name
                .split_once('.')
                .ok_or_else(|| format!("{}: name must be group.method", op.name))?;
            let spec_op = spec
                .operation(&op.spec)
                .ok_or_else(|| format!("{}: the spec has no operation {:?}", op.name, op.spec))?;
            check_op(&op, spec_op.method.as_str())?;
            let doc = op.doc.clone().unwrap_or_else(|| spec_op.summary.clone());
            if doc.trim().is_empty() {
                // The current spec has no summaries: every operation needs words of its own.
                return Err(format!(
                    "{}: needs a `doc` (the spec has no summary)",
                    op.name
                ));
            }
            let idempotent = match op.retry.as_deref() {
                Some("reads") => true,
                Some("unsent") => false,
                None => !matches!(op.method.as_str(), "POST" | "PATCH"),
                Some(other) => return Err(format!("{}: unknown retry {other:?}", op.name)),
            };
            if let Some(name) = &op.params {
                let args: Vec<Arg> = op
                    .arg
                    .iter()
                    .filter(|a| a.location != Location::Path)
                    .cloned()
                    .collect();
                params.insert(name.clone(), (args, op.exclusive.clone(), op.non_empty));
            }
            let resolved = ResolvedOp {
                group: group.to_string(),
                method_name: method_name.to_string(),
                doc,
                help: spec_op.description.clone(),
                idempotent,
                decl: op,
            };
            groups
                .iter_mut()
                .find(|g| g.name == resolved.group)
                .ok_or_else(|| format!("{}: no group {:?}", resolved.name(), resolved.group))?
                .ops
                .push(resolved);
        }
        groups.retain(|g| !g.ops.is_empty());
        let mut models: Vec<Model> = Vec::new();
        for decl in &overlay.model {
            let built = model::from_spec(decl, spec, &models)?;
            models.extend(built);
        }
        Ok(Self {
            node_model_names: table.node_model_names,
            groups,
            models,
            params,
        })
    }

    /// The TypeScript name of a model.
    pub fn node_model<'a>(&'a self, name: &'a str) -> &'a str {
        if name == "strings" {
            return "string[]";
        }
        self.node_model_names.get(name).map_or(name, String::as_str)
    }

    pub fn ops(&self) -> impl Iterator<Item = &ResolvedOp> {
        self.groups.iter().flat_map(|g| g.ops.iter())
    }
}

fn check_op(op: &Op, spec_method: &str) -> Result<(), String> {
    if !op.method.eq_ignore_ascii_case(spec_method) {
        return Err(format!(
            "{}: method {} but the spec says {spec_method}",
            op.name, op.method
        ));
    }
    if !matches!(
        op.credential.as_str(),
        "project" | "org" | "user" | "project_or_user" | "none"
    ) {
        return Err(format!("{}: unknown credential {}", op.name, op.credential));
    }
    for a in &op.arg {
        match a.toolkit_version.as_deref() {
            None => {}
            Some("tool") if op.path.contains('{') && a.location != Location::Path => {}
            Some("toolkits")
                if a.location == Location::Query && op.arg.iter().any(|b| b.name == "toolkit_slug") => {}
            Some(other) => {
                return Err(format!(
                    "{}: argument {}: toolkit_version {other:?} needs `tool` (with a tool in the path) or \
                     `toolkits` (a query argument beside `toolkit_slug`)",
                    op.name, a.name
                ))
            }
        }
        let in_path = op.path.contains(&format!("{{{}}}", a.name));
        if in_path != (a.location == Location::Path) {
            return Err(format!(
                "{}: argument {} is{} in the path template",
                op.name,
                a.name,
                if in_path { "" } else { " not" }
            ));
        }
        let known = matches!(
            a.ty.as_str(),
            "string"
                | "bool"
                | "int"
                | "epoch_ms"
                | "duration"
                | "strings"
                | "json_object"
                | "json"
                | "bytes"
        ) || a.ty.starts_with("params:");
        if !known {
            return Err(format!("{}: {} has unknown type {}", op.name, a.name, a.ty));
        }
    }
    let has_struct_args = op.arg.iter().any(|a| a.location != Location::Path);
    let simple = op
        .arg
        .iter()
        .filter(|a| a.location != Location::Path)
        .all(|a| a.ty == "string" && !a.required);
    if has_struct_args && op.params.is_none() && !simple {
        return Err(format!(
            "{}: name a params struct for its non-path arguments",
            op.name
        ));
    }
    if let Some(body) = &op.const_body {
        serde_json::from_str::<serde_json::Value>(body)
            .map_err(|e| format!("{}: const_body is not JSON: {e}", op.name))?;
        if op.arg.iter().any(|a| a.location == Location::Body) {
            return Err(format!("{}: const_body and body arguments", op.name));
        }
    }
    match op.pagination.as_deref() {
        None => {}
        Some("page_no") if op.page && op.arg.iter().any(|a| a.name == "page_no") => {}
        Some(other) => {
            return Err(format!(
                "{}: pagination {other:?} needs page = true and a page_no argument",
                op.name
            ))
        }
    }
    if op.returns == "strings" && !op.arg.is_empty() {
        return Err(format!(
            "{}: a list of strings is answered by operations without arguments only",
            op.name
        ));
    }
    if op.helper.is_some() && op.page {
        return Err(format!("{}: a helper cannot be a page", op.name));
    }
    if op.page && op.params.is_none() {
        return Err(format!(
            "{}: a page operation needs a params struct (cursor)",
            op.name
        ));
    }
    Ok(())
}
