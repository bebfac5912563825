//! The core's generated files: parameter structs, `Operation` statics and resource methods, the blocking
//! twins, the operation-by-name dispatch the bindings use, and the models generated from the spec.

use crate::emit::{one_line, Out, GENERATED_BY};
use crate::model::{FieldType, Model};
use crate::table::{Api, Arg, Location, ResolvedOp};

pub fn files(api: &Api) -> Vec<(String, String)> {
    vec![
        ("core/src/generated/mod.rs".into(), module(api)),
        ("core/src/generated/params.rs".into(), params(api)),
        ("core/src/generated/resources.rs".into(), resources(api)),
        ("core/src/generated/blocking.rs".into(), blocking(api)),
        ("core/src/generated/dispatch.rs".into(), dispatch(api)),
        ("core/src/generated/models.rs".into(), models(&api.models)),
        ("core/src/generated/shapes.rs".into(), shapes(api)),
    ]
}

fn header(what: &str) -> Out {
    let mut o = Out::new(&format!("// {GENERATED_BY}"));
    o.line(format!("//! {what}"));
    o.blank();
    o
}

fn module(api: &Api) -> String {
    let mut o = header("The code written from the operation table (`cargo xtask codegen`).");
    for m in [
        "blocking",
        "dispatch",
        "error_kind",
        "models",
        "options",
        "params",
        "resources",
        "shapes",
    ] {
        o.line(format!("pub(crate) mod {m};"));
    }
    o.blank();
    let structs: Vec<&String> = api.params.keys().collect();
    o.line(format!(
        "pub use params::{{{}}};",
        structs
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let groups: Vec<&str> = api.groups.iter().map(|g| g.rust.as_str()).collect();
    o.line(format!("pub use resources::{{{}}};", groups.join(", ")));
    o.finish()
}

// ---------------------------------------------------------------------------------------------- params

/// The Rust type of a non-path argument inside a params struct.
pub fn field_type(a: &Arg) -> String {
    let base = match a.ty.as_str() {
        "string" => "String".to_string(),
        "bool" => "bool".to_string(),
        "int" => "u32".to_string(),
        "epoch_ms" => "u64".to_string(),
        "duration" => "std::time::Duration".to_string(),
        "strings" => return "Vec<String>".to_string(),
        "json_object" => "Map<String, Value>".to_string(),
        "json" => "Value".to_string(),
        "bytes" => "Vec<u8>".to_string(),
        other => other.trim_start_matches("params:").to_string(),
    };
    if a.is_optional() {
        format!("Option<{base}>")
    } else {
        base
    }
}

fn has_json(args: &[Arg]) -> bool {
    args.iter()
        .any(|a| matches!(a.ty.as_str(), "json" | "json_object" | "bytes"))
}

pub fn params_have_json(api: &Api, name: &str) -> bool {
    api.params
        .get(name)
        .is_some_and(|(args, _, _)| has_json(args))
}

fn params(api: &Api) -> String {
    let mut o = header("Arguments of the operations, with the local checks the table declares.");
    o.line("use serde::{Deserialize, Serialize};");
    o.line("#[allow(unused_imports)]");
    o.line("use serde_json::{Map, Value};");
    o.blank();
    o.line("#[allow(unused_imports)]");
    o.line("use crate::checks::{check_chars, check_duration, check_exclusive, check_min_len, check_one_of, check_range, Query};");
    o.line("use crate::error::Result;");
    for (name, (args, exclusive, _)) in &api.params {
        let users: Vec<&str> = api
            .ops()
            .filter(|op| op.decl.params.as_deref() == Some(name))
            .map(|op| op.name())
            .collect();
        let secret = args.iter().any(|a| a.secret);
        let json = has_json(args);
        o.blank();
        o.line(format!("/// Arguments of `{}`.", users.join("`, `")));
        let mut derives = vec!["Clone", "Default", "PartialEq", "Serialize", "Deserialize"];
        if !secret {
            derives.insert(0, "Debug");
        }
        o.line(format!("#[derive({})]", derives.join(", ")));
        o.line("#[serde(default, deny_unknown_fields)]");
        if !json {
            o.line("#[cfg_attr(feature = \"uniffi\", derive(uniffi::Record))]");
        }
        o.line(format!("pub struct {name} {{"));
        for a in args {
            if let Some(doc) = a.doc() {
                o.line(format!("    /// {}", one_line(doc)));
            }
            if !json && !a.required {
                o.line("    #[cfg_attr(feature = \"uniffi\", uniffi(default))]");
            }
            let mut serde = Vec::new();
            if a.location == Location::Query {
                serde.push("skip_serializing".to_string());
            } else if a.ty == "strings" && !a.required {
                // An unset list is not sent (an empty one would filter everything out).
                serde.push("skip_serializing_if = \"Vec::is_empty\"".to_string());
            } else if a.is_optional() {
                serde.push("skip_serializing_if = \"Option::is_none\"".to_string());
            }
            if a.ty == "bytes" {
                // Bytes travel through the by-name dispatch as base64 text.
                serde.push("with = \"crate::checks::base64_bytes\"".to_string());
            }
            if a.ty == "duration" {
                // Durations travel through the by-name dispatch as milliseconds.
                serde.push("with = \"crate::checks::duration_ms\"".to_string());
            }
            if a.rust_field() != a.name || a.wire() != a.name {
                serde.push(format!(
                    "rename(serialize = \"{}\", deserialize = \"{}\")",
                    a.wire(),
                    a.name
                ));
            }
            if !serde.is_empty() {
                o.line(format!("    #[serde({})]", serde.join(", ")));
            }
            o.line(format!("    pub {}: {},", a.rust_field(), field_type(a)));
        }
        o.line("}");
        o.blank();
        o.line(format!("impl {name} {{"));
        let required: Vec<&Arg> = args
            .iter()
            .filter(|a| a.required && a.ty == "string")
            .collect();
        if !required.is_empty() {
            let sig: Vec<String> = required
                .iter()
                .map(|a| format!("{}: impl Into<String>", a.rust_field()))
                .collect();
            let init: Vec<String> = required
                .iter()
                .map(|a| format!("{0}: {0}.into()", a.rust_field()))
                .collect();
            o.line("    /// The required arguments; the others at their defaults.");
            o.line(format!("    pub fn new({}) -> Self {{", sig.join(", ")));
            let rest = if required.len() == args.len() {
                ""
            } else {
                ", ..Self::default()"
            };
            o.line(format!("        Self {{ {}{rest} }}", init.join(", ")));
            o.line("    }");
            o.blank();
        }
        // Query pairs, in the table's order.
        let query: Vec<&Arg> = args
            .iter()
            .filter(|a| a.location == Location::Query)
            .collect();
        if !query.is_empty() {
            o.line("    pub(crate) fn query(&self) -> Vec<(String, String)> {");
            o.line("        Query::default()");
            for a in &query {
                let f = a.rust_field();
                let call = match a.ty.as_str() {
                    "string" if a.required => {
                        format!(".opt(\"{}\", Some(self.{f}.as_str()))", a.wire())
                    }
                    "string" => format!(".opt(\"{}\", self.{f}.as_deref())", a.wire()),
                    "bool" => format!(".flag(\"{}\", self.{f})", a.wire()),
                    "int" | "epoch_ms" => format!(".num(\"{}\", self.{f})", a.wire()),
                    "strings" => format!(".list(\"{}\", &self.{f})", a.wire()),
                    other => panic!("query argument {} of type {other}", a.name),
                };
                o.line(format!("            {call}"));
            }
            o.line("            .0");
            o.line("    }");
            o.blank();
        }
        o.line("    /// The checks the table declares, made before any request.");
        o.line("    pub(crate) fn validate(&self) -> Result<()> {");
        for a in args {
            let f = a.rust_field();
            match (a.min, a.max, a.ty.as_str()) {
                (Some(min), Some(max), "duration") => o.line(format!(
                    "        if let Some(v) = self.{f} {{ check_duration(\"{}\", v, {min}, {max})?; }}",
                    a.name
                )),
                (Some(min), Some(max), _) => o.line(format!(
                    "        if let Some(v) = self.{f} {{ check_range(\"{}\", v, {min}, {max})?; }}",
                    a.name
                )),
                _ => {}
            }
            if !a.one_of.is_empty() {
                let values: Vec<String> = a.one_of.iter().map(|v| format!("\"{v}\"")).collect();
                let check = format!(
                    "check_one_of(\"{}\", v, &[{}])?;",
                    a.name,
                    values.join(", ")
                );
                if a.is_optional() {
                    o.line(format!("        if let Some(v) = &self.{f} {{ {check} }}"));
                } else {
                    o.line(format!("        {{ let v = &self.{f}; {check} }}"));
                }
            }
            if let Some(chars) = &a.pattern_chars {
                o.line(format!(
                    "        check_chars(\"{}\", &self.{f}, \"{chars}\", {}, {}, |c| {})?;",
                    a.name,
                    a.min_len.unwrap_or(0),
                    a.max_len.unwrap_or(usize::MAX),
                    char_test(chars)
                ));
            }
            if let (None, Some(min)) = (&a.pattern_chars, a.min_len) {
                let check = format!("check_min_len(\"{}\", v, {min})?;", a.name);
                if a.is_optional() {
                    o.line(format!("        if let Some(v) = &self.{f} {{ {check} }}"));
                } else {
                    o.line(format!("        {{ let v = &self.{f}; {check} }}"));
                }
            }
            if a.ty.starts_with("params:") {
                o.line(format!(
                    "        if let Some(v) = &self.{f} {{ v.validate()?; }}"
                ));
            }
        }
        if !exclusive.is_empty() {
            let pairs: Vec<String> = exclusive
                .iter()
                .map(|n| format!("(\"{n}\", self.{}.is_some())", n.to_lowercase()))
                .collect();
            o.line(format!(
                "        check_exclusive(&[{}])?;",
                pairs.join(", ")
            ));
        }
        o.line("        Ok(())");
        o.line("    }");
        o.blank();
        o.line("    /// True when no argument is set.");
        o.line("    pub fn is_empty(&self) -> bool {");
        o.line("        self == &Self::default()");
        o.line("    }");
        o.line("}");
        if secret {
            o.blank();
            o.line(format!("impl std::fmt::Debug for {name} {{"));
            o.line("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
            o.line(format!("        f.debug_struct(\"{name}\")"));
            for a in args {
                let f = a.rust_field();
                if a.secret && a.required {
                    o.line(format!("            .field(\"{f}\", &\"***\")"));
                } else if a.secret {
                    o.line(format!(
                        "            .field(\"{f}\", &self.{f}.as_ref().map(|_| \"***\"))"
                    ));
                } else {
                    o.line(format!("            .field(\"{f}\", &self.{f})"));
                }
            }
            o.line("            .finish()");
            o.line("    }");
            o.line("}");
        }
    }
    o.finish()
}

/// `a-zA-Z0-9_-` → a Rust expression over `c: u8` that accepts exactly those characters.
fn char_test(chars: &str) -> String {
    let cs: Vec<char> = chars.chars().collect();
    let mut tests = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if i + 2 < cs.len() && cs[i + 1] == '-' {
            tests.push(match (cs[i], cs[i + 2]) {
                ('a', 'z') => "c.is_ascii_lowercase()".to_string(),
                ('A', 'Z') => "c.is_ascii_uppercase()".to_string(),
                ('0', '9') => "c.is_ascii_digit()".to_string(),
                (from, to) => format!("(b'{from}'..=b'{to}').contains(&c)"),
            });
            i += 3;
        } else {
            tests.push(format!("c == b'{}'", cs[i]));
            i += 1;
        }
    }
    tests.join(" || ")
}

// ---------------------------------------------------------------------------------------------- resources

/// The Rust parameter list of an operation method (after `self`), borrowed or owned.
fn rust_params(op: &ResolvedOp, owned_params: bool) -> Vec<String> {
    let mut out: Vec<String> = op
        .path_args()
        .iter()
        .map(|a| format!("{}: &str", a.rust_field()))
        .collect();
    match &op.decl.params {
        Some(p) if owned_params => out.push(format!("params: {p}")),
        Some(p) => out.push(format!("params: &{p}")),
        None => out.extend(
            op.other_args()
                .iter()
                .map(|a| format!("{}: Option<&str>", a.rust_field())),
        ),
    }
    out
}

fn rust_arg_names(op: &ResolvedOp) -> Vec<String> {
    let mut out: Vec<String> = op.path_args().iter().map(|a| a.rust_field()).collect();
    match &op.decl.params {
        Some(_) => out.push("params".into()),
        None => out.extend(op.other_args().iter().map(|a| a.rust_field())),
    }
    out
}

pub fn returns(op: &ResolvedOp) -> String {
    if op.returns_strings() {
        return "Vec<String>".to_string();
    }
    if op.decl.page {
        format!("Page<{}>", op.decl.returns)
    } else {
        op.decl.returns.clone()
    }
}

fn credential(op: &ResolvedOp) -> &'static str {
    match op.decl.credential.as_str() {
        "org" => "Credential::Org",
        "user" => "Credential::User",
        "project_or_user" => "Credential::ProjectOrUser",
        "none" => "Credential::None",
        _ => "Credential::Project",
    }
}

fn resources(api: &Api) -> String {
    let mut o =
        header("The operations as async methods, grouped as users see them: `client.tools()`, ….");
    o.line("use reqwest::Method;");
    o.blank();
    o.line("use super::params::*;");
    o.line("use crate::checks::{segment, Query};");
    o.line("use crate::auth::Credential;");
    o.line("use crate::client::Client;");
    o.line("use crate::error::{Error, Result};");
    o.line("use crate::models::*;");
    o.line("use crate::pagination::Pager;");
    o.line("use crate::transport::{HttpRequest, Operation};");
    o.line("use crate::versions::ToolkitVersions;");
    for op in api.ops().filter(|op| op.decl.helper.is_none()) {
        o.blank();
        if !op.idempotent {
            o.line("/// Not repeated once the request may have reached the server.");
        }
        o.line(format!(
            "pub(crate) static {}: Operation = Operation::new(",
            op.static_name()
        ));
        o.line(format!("    \"{}\",", op.name()));
        o.line(format!("    Method::{},", op.decl.method));
        o.line(format!("    \"{}\",", op.decl.path));
        o.line(format!("    {},", credential(op)));
        o.line(format!("    {},", op.idempotent));
        o.line(");");
    }
    for op in api.ops().filter(|op| op.decl.helper.is_none()) {
        o.blank();
        request_fn(&mut o, op);
    }
    for g in &api.groups {
        o.blank();
        o.line(format!("/// `client.{}()`: {}", g.name, g.doc));
        o.line("#[derive(Clone, Copy)]");
        o.line(format!("pub struct {}<'a> {{", g.rust));
        o.line("    pub(crate) client: &'a Client,");
        o.line("}");
        o.blank();
        o.line("impl Client {");
        o.line(format!("    pub fn {}(&self) -> {}<'_> {{", g.name, g.rust));
        o.line(format!("        {} {{ client: self }}", g.rust));
        o.line("    }");
        o.line("}");
        o.blank();
        o.line(format!("impl {}<'_> {{", g.rust));
        for (i, op) in g.ops.iter().enumerate() {
            if i > 0 {
                o.blank();
            }
            resource_method(&mut o, op);
            if op.decl.page {
                o.blank();
                iter_method(&mut o, g.name.as_str(), op);
            }
        }
        o.line("}");
    }
    o.finish()
}

/// The request of an operation, built and checked: one free function per operation, which the typed
/// method and the by-name dispatch (`run_raw`) both send.
fn request_fn(o: &mut Out, op: &ResolvedOp) {
    o.line(format!("/// The request of `{}`, checked.", op.name()));
    let mut params = rust_params(op, false);
    if op.versioned_arg().is_some() {
        params.push("versions: &ToolkitVersions".into());
    }
    o.line(format!(
        "pub(crate) fn {}({}) -> Result<HttpRequest<'static>> {{",
        op.static_name().to_lowercase(),
        params.join(", "),
    ));
    let st = op.static_name();
    if op.decl.params.is_some() {
        o.line("    params.validate()?;");
        if op.decl.non_empty {
            o.line("    if params.is_empty() {");
            o.line(format!(
                "        return Err(Error::configuration(\"{} needs at least one field to change\"));",
                op.name()
            ));
            o.line("    }");
        }
    }
    let path_args = op.path_args();
    let path = if path_args.is_empty() {
        format!("{st}.template")
    } else {
        let segs: Vec<String> = path_args
            .iter()
            .map(|a| format!("segment(\"{}\", {})?", a.name, a.rust_field()))
            .collect();
        o.line(format!(
            "    let path = format!(\"{}\", {});",
            op.format_path(),
            segs.join(", ")
        ));
        "path".to_string()
    };
    let mut call = format!("HttpRequest::new(&{st}, {path})");
    let others = op.other_args();
    let mut query = "params.query()";
    // The argument the client's `toolkit_versions` fills when the call leaves it unset.
    if let Some(a) = op.versioned_arg() {
        let f = a.rust_field();
        let tool = path_args
            .first()
            .map(|p| p.rust_field())
            .unwrap_or_default();
        match (a.toolkit_version.as_deref(), &op.decl.params, a.location) {
            (Some("toolkits"), Some(_), _) => {
                o.line("    let mut query = params.query();");
                o.line(format!("    if params.{f}.is_none() {{"));
                o.line(
                    "        query.extend(versions.list_query(params.toolkit_slug.as_deref()));",
                );
                o.line("    }");
                query = "query";
            }
            (_, Some(p), Location::Body) => {
                o.line("    let filled;");
                o.line(format!(
                    "    let params = match (&params.{f}, versions.for_tool({tool})) {{"
                ));
                o.line(format!(
                    "        (None, Some(v)) => {{ filled = {p} {{ {f}: Some(v.to_string()), ..params.clone() }}; &filled }}"
                ));
                o.line("        _ => params,");
                o.line("    };");
            }
            (_, None, Location::Query) => {
                o.line(format!(
                    "    let {f} = {f}.or_else(|| versions.for_tool({tool}));"
                ));
            }
            (kind, _, location) => panic!(
                "{}: toolkit_version {kind:?} on a {location:?} argument is not generated",
                op.name()
            ),
        }
    }
    match &op.decl.params {
        Some(_) => {
            if others.iter().any(|a| a.location == Location::Query) {
                call.push_str(&format!(".query({query})"));
            }
            if op.nested_body() {
                call.push_str(".nested_json_body(params)?");
            } else if others.iter().any(|a| a.location == Location::Body) {
                call.push_str(".json_body(params)?");
            }
        }
        None if !others.is_empty() => {
            let mut q = "Query::default()".to_string();
            for a in &others {
                q.push_str(&format!(".opt(\"{}\", {})", a.wire(), a.rust_field()));
            }
            call.push_str(&format!(".query({q}.0)"));
        }
        None => {}
    }
    if let Some(body) = &op.decl.const_body {
        call.push_str(&format!(".const_body({body:?})"));
    }
    // `json_body` already returns a Result; everything else is wrapped.
    match call.strip_suffix('?') {
        Some(fallible) => o.line(format!("    {fallible}")),
        None => o.line(format!("    Ok({call})")),
    }
    o.line("}");
}

fn resource_method(o: &mut Out, op: &ResolvedOp) {
    o.line(format!("    /// {}", one_line(&op.doc)));
    if !op.help.is_empty() && one_line(&op.help) != one_line(&op.doc) {
        o.line("    ///");
        o.line(format!("    /// {}", one_line(&op.help)));
    }
    o.line(format!(
        "    pub async fn {}(self, {}) -> Result<{}> {{",
        op.method_name,
        rust_params(op, false).join(", "),
        returns(op)
    ));
    match &op.decl.helper {
        Some(helper) => o.line(format!(
            "        crate::resources::helpers::{helper}(self.client, {}).await",
            rust_arg_names(op).join(", ")
        )),
        None => {
            let mut args = rust_arg_names(op);
            if op.versioned_arg().is_some() {
                args.push("self.client.toolkit_versions()".into());
            }
            o.line(format!(
                "        self.client.send({}({})?).await",
                op.static_name().to_lowercase(),
                args.join(", ")
            ))
        }
    }
    o.line("    }");
}

fn iter_method(o: &mut Out, group: &str, op: &ResolvedOp) {
    let p = op.decl.params.as_deref().unwrap();
    let path_params: Vec<String> = op
        .path_args()
        .iter()
        .map(|a| format!("{}: &str", a.rust_field()))
        .collect();
    let mut sig = path_params.clone();
    sig.push(format!("params: {p}"));
    o.line("    /// Every item from `params.cursor` on, page after page, each page fetched when it is reached.");
    o.line(format!(
        "    pub fn {}(self, {}) -> Result<Pager<{}>> {{",
        op.iter_name(),
        sig.join(", "),
        op.decl.returns
    ));
    o.line("        params.validate()?;");
    for a in op.path_args() {
        o.line(format!(
            "        segment(\"{}\", {})?;",
            a.name,
            a.rust_field()
        ));
        o.line(format!(
            "        let {0} = {0}.to_string();",
            a.rust_field()
        ));
    }
    o.line("        let client = self.client.clone();");
    if op.numbered() {
        o.line("        let first = params.page_no.map(|n| n.to_string());");
        o.line("        Ok(Pager::numbered(first, move |cursor| {");
    } else {
        o.line("        let first = params.cursor.clone();");
        o.line("        Ok(Pager::new(first, move |cursor| {");
    }
    o.line("            let client = client.clone();");
    for a in op.path_args() {
        o.line(format!(
            "            let {0} = {0}.clone();",
            a.rust_field()
        ));
    }
    if op.numbered() {
        o.line(format!(
            "            let params = {p} {{ page_no: cursor.and_then(|c| c.parse().ok()), ..params.clone() }};"
        ));
    } else {
        o.line(format!(
            "            let params = {p} {{ cursor, ..params.clone() }};"
        ));
    }
    let mut args: Vec<String> = op
        .path_args()
        .iter()
        .map(|a| format!("&{}", a.rust_field()))
        .collect();
    args.push("&params".into());
    o.line(format!(
        "            Box::pin(async move {{ client.{group}().{}({}).await }})",
        op.method_name,
        args.join(", ")
    ));
    o.line("        }))");
    o.line("    }");
}

// ---------------------------------------------------------------------------------------------- blocking

fn blocking(api: &Api) -> String {
    let mut o = header("The blocking twins of the operations (`composio::blocking::Client`).");
    o.line("use super::params::*;");
    o.line("use crate::blocking::{BlockingPager, Client};");
    o.line("use crate::error::Result;");
    o.line("use crate::models::*;");
    for g in &api.groups {
        o.blank();
        o.line(format!("/// `client.{}()`: {}", g.name, g.doc));
        o.line(format!("pub struct {}<'a>(&'a Client);", g.rust));
        o.blank();
        o.line("impl Client {");
        o.line(format!("    pub fn {}(&self) -> {}<'_> {{", g.name, g.rust));
        o.line(format!("        {}(self)", g.rust));
        o.line("    }");
        o.line("}");
        o.blank();
        o.line(format!("impl {}<'_> {{", g.rust));
        for op in &g.ops {
            o.line(format!("    /// {}", one_line(&op.doc)));
            o.line(format!(
                "    pub fn {}(&self, {}) -> Result<{}> {{",
                op.method_name,
                rust_params(op, false).join(", "),
                returns(op)
            ));
            // The call runs as a task (`crate::runtime::block_on`), so it owns what it borrows.
            let mut owned = vec!["self.0.as_async().clone()".to_string()];
            let mut names = vec!["client".to_string()];
            let mut uses = Vec::new();
            for a in op.path_args() {
                owned.push(format!("{}.to_string()", a.rust_field()));
                names.push(a.rust_field());
                uses.push(format!("&{}", a.rust_field()));
            }
            match &op.decl.params {
                Some(_) => {
                    owned.push("params.clone()".into());
                    names.push("params".into());
                    uses.push("&params".into());
                }
                None => {
                    for a in op.other_args() {
                        owned.push(format!("{}.map(str::to_string)", a.rust_field()));
                        names.push(a.rust_field());
                        uses.push(format!("{}.as_deref()", a.rust_field()));
                    }
                }
            }
            if names.len() == 1 {
                o.line(format!("        let client = {};", owned[0]));
            } else {
                o.line(format!(
                    "        let ({}) = ({});",
                    names.join(", "),
                    owned.join(", ")
                ));
            }
            o.line(format!(
                "        self.0.block_on(async move {{ client.{}().{}({}).await }})",
                g.name,
                op.method_name,
                uses.join(", ")
            ));
            o.line("    }");
            if op.decl.page {
                let mut sig: Vec<String> = op
                    .path_args()
                    .iter()
                    .map(|a| format!("{}: &str", a.rust_field()))
                    .collect();
                sig.push(format!("params: {}", op.decl.params.as_deref().unwrap()));
                let mut names: Vec<String> =
                    op.path_args().iter().map(|a| a.rust_field()).collect();
                names.push("params".into());
                o.line("    /// Every item, page after page; also an `Iterator`.");
                o.line(format!(
                    "    pub fn {}(&self, {}) -> Result<BlockingPager<{}>> {{",
                    op.iter_name(),
                    sig.join(", "),
                    op.decl.returns
                ));
                o.line(format!(
                    "        let pager = self.0.as_async().{}().{}({})?;",
                    g.name,
                    op.iter_name(),
                    names.join(", ")
                ));
                o.line("        Ok(BlockingPager::new(pager, self.0.clone()))");
                o.line("    }");
            }
        }
        o.line("}");
    }
    o.finish()
}

// ---------------------------------------------------------------------------------------------- dispatch

fn dispatch(api: &Api) -> String {
    let mut o = header(
        "Operations by name with JSON arguments: what the Python and Node bindings call. Parsing and checks \
         happen here, once, for every language.",
    );
    o.line("use serde_json::Value;");
    o.blank();
    o.line("use super::params::*;");
    o.line("use crate::client::Client;");
    o.line("use super::{resources, shapes};");
    o.line("use crate::decode::ResponseShape;");
    o.line("use crate::dynamic::args::{json, raw_request, Args};");
    o.line("use crate::dynamic::Response;");
    o.line("use crate::error::{Error, Result};");
    o.line("use crate::dynamic::OperationInfo;");
    o.line("use crate::resources::RawRequest;");
    o.blank();
    o.line("/// Every operation of the table (named as the shared test cases and the bindings spell them), with the");
    o.line(
        "/// spec operation it implements. `Call::parse` also takes `request`, the raw request.",
    );
    o.line("pub const OPERATIONS: &[OperationInfo] = &[");
    for op in api.ops() {
        o.line(format!(
            "    OperationInfo {{ name: \"{}\", spec: \"{}\", helper: {} }},",
            op.name(),
            op.decl.spec,
            op.decl.helper.is_some()
        ));
    }
    o.line("];");
    o.blank();
    o.line("/// One API call with its arguments parsed and checked, ready to run (possibly more than once).");
    o.line("#[derive(Debug, Clone)]");
    o.line("pub enum Call {");
    for op in api.ops() {
        let fields = call_fields(op);
        if fields.is_empty() {
            o.line(format!("    {},", op.variant()));
        } else {
            o.line(format!("    {} {{ {} }},", op.variant(), fields.join(", ")));
        }
    }
    o.line("    Request(RawRequest),");
    o.line("}");
    o.blank();
    o.line("impl Call {");
    o.line("    /// Parses `args` (a JSON object, or null for none) for the named operation.");
    o.line("    pub fn parse(operation: &str, args: Value) -> Result<Self> {");
    o.line("        let mut a = Args::new(operation, args)?;");
    o.line("        let call = match operation {");
    for op in api.ops() {
        let mut inits: Vec<String> = op
            .path_args()
            .iter()
            .map(|x| format!("{}: a.string(\"{}\")?", x.rust_field(), x.name))
            .collect();
        match &op.decl.params {
            Some(_) => inits.push("params: a.rest()?".into()),
            None => inits.extend(
                op.other_args()
                    .iter()
                    .map(|x| format!("{}: a.opt_string(\"{}\")?", x.rust_field(), x.name)),
            ),
        }
        if inits.is_empty() {
            o.line(format!(
                "            \"{}\" => Self::{},",
                op.name(),
                op.variant()
            ));
        } else {
            o.line(format!(
                "            \"{}\" => Self::{} {{ {} }},",
                op.name(),
                op.variant(),
                inits.join(", ")
            ));
        }
    }
    o.line("            \"request\" => Self::Request(raw_request(a.rest()?)?),");
    o.line("            other => return Err(Error::configuration(format!(\"unknown operation {other:?}\"))),");
    o.line("        };");
    o.line("        a.done()?;");
    o.line("        Ok(call)");
    o.line("    }");
    o.blank();
    o.line("    /// Runs the call and returns its result as JSON (the model serialized, unknown fields included).");
    o.line("    pub async fn run(&self, client: &Client) -> Result<Value> {");
    o.line("        match self {");
    for op in api.ops() {
        let (pattern, args) = (binding_pattern(op), borrowed_args(op));
        o.line(format!(
            "            {pattern} => json(client.{}().{}({}).await?),",
            op.group,
            op.method_name,
            args.join(", ")
        ));
    }
    o.line("            Self::Request(r) => client.request(r).await,");
    o.line("        }");
    o.line("    }");
    o.blank();
    o.line("    /// The shape of the operation's response, for the one-pass decoders.");
    o.line("    pub fn shape(&self) -> ResponseShape {");
    o.line("        match self {");
    for op in api.ops() {
        let pattern = if call_fields(op).is_empty() {
            format!("Self::{}", op.variant())
        } else {
            format!("Self::{} {{ .. }}", op.variant())
        };
        if op.returns_strings() {
            o.line(format!("            {pattern} => ResponseShape::Json,"));
            continue;
        }
        o.line(format!(
            "            {pattern} => ResponseShape::Model(&shapes::{}),",
            shape_static(&op.decl.returns, op.decl.page)
        ));
    }
    o.line("            Self::Request(_) => ResponseShape::Json,");
    o.line("        }");
    o.line("    }");
    o.blank();
    o.line("    /// Sends the call; the response comes back undecoded, with the shape to read it with.");
    o.line("    pub async fn run_raw(&self, client: &Client) -> Result<Response> {");
    o.line("        let request = match self {");
    for op in api.ops() {
        let (pattern, args) = (binding_pattern(op), borrowed_args(op));
        if op.decl.helper.is_some() {
            // A helper makes several requests; its result is handed on as the model's JSON.
            o.line(format!(
                "            {} {{ .. }} => return Response::from_result(self.name(), self.shape(), self.run(client).await?),",
                pattern.split(' ').next().unwrap_or_default()
            ));
            continue;
        }
        let mut args = args;
        if op.versioned_arg().is_some() {
            args.push("client.toolkit_versions()".into());
        }
        o.line(format!(
            "            {pattern} => resources::{}({})?,",
            op.static_name().to_lowercase(),
            args.join(", ")
        ));
    }
    o.line("            Self::Request(r) => return client.request_raw(r).await,");
    o.line("        };");
    o.line("        client.send_raw(request, self.shape()).await");
    o.line("    }");
    o.blank();
    o.line("    /// The same page operation from another cursor (`None` for an operation without pages).");
    o.line("    pub(crate) fn with_cursor(&self, cursor: Option<String>) -> Option<Self> {");
    o.line("        match self {");
    for op in api.ops().filter(|op| op.decl.page) {
        let p = op.decl.params.as_deref().unwrap();
        let mut fields: Vec<String> = op
            .path_args()
            .iter()
            .map(|a| format!("{0}: {0}.clone()", a.rust_field()))
            .collect();
        if op.numbered() {
            fields.push(format!(
                "params: {p} {{ page_no: cursor.and_then(|c| c.parse().ok()), ..params.clone() }}"
            ));
        } else {
            fields.push(format!("params: {p} {{ cursor, ..params.clone() }}"));
        }
        let names = rust_arg_names(op);
        o.line(format!(
            "            Self::{} {{ {} }} => Some(Self::{} {{ {} }}),",
            op.variant(),
            names.join(", "),
            op.variant(),
            fields.join(", ")
        ));
    }
    o.line("            _ => None,");
    o.line("        }");
    o.line("    }");
    o.blank();
    o.line(
        "    /// The cursor a page operation starts from (for numbered pages, the page number).",
    );
    o.line("    pub(crate) fn cursor(&self) -> Option<String> {");
    o.line("        match self {");
    for op in api.ops().filter(|op| op.decl.page) {
        let from = if op.numbered() {
            "params.page_no.map(|n| n.to_string())"
        } else {
            "params.cursor.clone()"
        };
        o.line(format!(
            "            Self::{} {{ params, .. }} => {from},",
            op.variant()
        ));
    }
    o.line("            _ => None,");
    o.line("        }");
    o.line("    }");
    o.blank();
    o.line(
        "    /// True for numbered pages: the next page is `current_page + 1` until `total_pages`.",
    );
    o.line("    pub(crate) fn numbered(&self) -> bool {");
    let numbered: Vec<String> = api
        .ops()
        .filter(|op| op.numbered())
        .map(|op| format!("Self::{} {{ .. }}", op.variant()))
        .collect();
    if numbered.is_empty() {
        o.line("        false");
    } else {
        o.line(format!("        matches!(self, {})", numbered.join(" | ")));
    }
    o.line("    }");
    o.blank();
    o.line("    /// The operation's name.");
    o.line("    pub fn name(&self) -> &'static str {");
    o.line("        match self {");
    for op in api.ops() {
        let pattern = if call_fields(op).is_empty() {
            format!("Self::{}", op.variant())
        } else {
            format!("Self::{} {{ .. }}", op.variant())
        };
        o.line(format!("            {pattern} => \"{}\",", op.name()));
    }
    o.line("            Self::Request(_) => \"request\",");
    o.line("        }");
    o.line("    }");
    o.line("}");
    o.finish()
}

/// `Tool` → `TOOL`; pages of `Tool` → `PAGE_OF_TOOL`.
fn shape_static(model: &str, page: bool) -> String {
    let name = heck::ToShoutySnakeCase::to_shouty_snake_case(model);
    if page {
        format!("PAGE_OF_{name}")
    } else {
        name
    }
}

fn shapes(api: &Api) -> String {
    let mut o = header(
        "The shape of every model, for the one-pass decoders (`crate::decode`): the same fields, types and \
         defaults as the typed models.",
    );
    o.line("use crate::decode::{FieldShape, Kind, ModelShape};");
    let field = |o: &mut Out, f: &crate::model::Field| {
        let kind = match &f.ty {
            FieldType::String => "Kind::Str".to_string(),
            FieldType::Bool => "Kind::Bool".to_string(),
            FieldType::Int => "Kind::Int".to_string(),
            FieldType::Float => "Kind::Float".to_string(),
            FieldType::Count => "Kind::Count".to_string(),
            FieldType::Strings => "Kind::Strings".to_string(),
            FieldType::Json => "Kind::Json".to_string(),
            FieldType::Jsons => "Kind::Jsons".to_string(),
            FieldType::Model(m) => format!("Kind::Model(&{})", shape_static(m, false)),
            FieldType::Models(m) => format!("Kind::Models(&{})", shape_static(m, false)),
        };
        o.line(format!(
            "        FieldShape {{ wire: \"{}\", kind: {kind}, optional: {}, required: false }},",
            f.wire, f.optional
        ));
    };
    for m in &api.models {
        o.blank();
        o.line(format!(
            "pub(crate) static {}: ModelShape = ModelShape {{",
            shape_static(&m.name, false)
        ));
        o.line(format!("    name: \"{}\",", m.name));
        o.line("    fields: &[");
        if let Some(base) = &m.extends {
            let base = api
                .models
                .iter()
                .find(|b| &b.name == base)
                .expect("a declared base");
            for f in &base.fields {
                field(&mut o, f);
            }
        }
        for f in &m.fields {
            field(&mut o, f);
        }
        o.line("    ],");
        o.line("    aliases: &[],");
        o.line("};");
    }
    let items: std::collections::BTreeSet<&str> = api
        .ops()
        .filter(|op| op.decl.page)
        .map(|op| op.decl.returns.as_str())
        .collect();
    for item in items {
        o.blank();
        o.line(format!(
            "/// A page of `{item}`; the project list's `data` reads as `items`."
        ));
        o.line(format!(
            "pub(crate) static {}: ModelShape = ModelShape {{",
            shape_static(item, true)
        ));
        o.line(format!("    name: \"Page<{item}>\","));
        o.line("    fields: &[");
        o.line(format!(
            "        FieldShape {{ wire: \"items\", kind: Kind::Models(&{}), optional: false, required: true }},",
            shape_static(item, false)
        ));
        o.line("        FieldShape { wire: \"next_cursor\", kind: Kind::Str, optional: true, required: false },");
        for count in ["total_pages", "current_page", "total_items"] {
            o.line(format!(
                "        FieldShape {{ wire: \"{count}\", kind: Kind::Count, optional: false, required: false }},"
            ));
        }
        o.line("    ],");
        o.line("    aliases: &[(\"data\", \"items\"), (\"organizations\", \"items\"), (\"logs\", \"items\")],");
        o.line("};");
    }
    o.finish()
}

/// `Self::ToolsGet { slug, version }`: a match pattern binding every field of the operation's variant.
fn binding_pattern(op: &ResolvedOp) -> String {
    let names = rust_arg_names(op);
    if names.is_empty() {
        format!("Self::{}", op.variant())
    } else {
        format!("Self::{} {{ {} }}", op.variant(), names.join(", "))
    }
}

/// Those bindings as the arguments of the typed method (`slug, version.as_deref()`).
fn borrowed_args(op: &ResolvedOp) -> Vec<String> {
    let mut args: Vec<String> = op.path_args().iter().map(|a| a.rust_field()).collect();
    match &op.decl.params {
        Some(_) => args.push("params".to_string()),
        None => args.extend(
            op.other_args()
                .iter()
                .map(|a| format!("{}.as_deref()", a.rust_field())),
        ),
    }
    args
}

fn call_fields(op: &ResolvedOp) -> Vec<String> {
    let mut out: Vec<String> = op
        .path_args()
        .iter()
        .map(|a| format!("{}: String", a.rust_field()))
        .collect();
    match &op.decl.params {
        Some(p) => out.push(format!("params: {p}")),
        None => out.extend(
            op.other_args()
                .iter()
                .map(|a| format!("{}: Option<String>", a.rust_field())),
        ),
    }
    out
}

// ---------------------------------------------------------------------------------------------- models

fn model_type(ty: &FieldType, optional: bool) -> String {
    let base = match ty {
        FieldType::String => "String".to_string(),
        FieldType::Bool => "bool".to_string(),
        FieldType::Int => "i64".to_string(),
        FieldType::Float => "f64".to_string(),
        FieldType::Count => "u64".to_string(),
        FieldType::Strings => "Vec<String>".to_string(),
        FieldType::Json => "Value".to_string(),
        FieldType::Jsons => "Vec<Value>".to_string(),
        FieldType::Model(m) => m.clone(),
        FieldType::Models(m) => format!("Vec<{m}>"),
    };
    if optional {
        format!("Option<{base}>")
    } else {
        base
    }
}

fn models(models: &[Model]) -> String {
    let mut o = header(
        "Response models generated from the spec's schemas (api/overlay.toml names them). Every field is \
         typed; fields the spec does not name are kept in `extra`.",
    );
    o.line("#[allow(unused_imports)]");
    o.line("use serde::{Deserialize, Serialize};");
    o.line("#[allow(unused_imports)]");
    o.line("use serde_json::Value;");
    o.blank();
    o.line("#[allow(unused_imports)]");
    o.line("use super::super::models::{lenient_count, masked, Extra};");
    for m in models {
        let secret = m.fields.iter().any(|f| f.secret);
        o.blank();
        o.line(format!("/// {}", one_line(&m.doc)));
        let derive = if secret {
            "#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]"
        } else {
            "#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]"
        };
        o.line(derive);
        o.line("#[serde(default)]");
        if secret {
            o.line(
                "#[cfg_attr(feature = \"uniffi\", derive(uniffi::Record), uniffi::export(Debug))]",
            );
        } else {
            o.line("#[cfg_attr(feature = \"uniffi\", derive(uniffi::Record))]");
        }
        o.line(format!("pub struct {} {{", m.name));
        if let Some(base) = &m.extends {
            o.line(format!("    /// The fields it shares with `{base}`."));
            o.line("    #[serde(flatten)]");
            o.line(format!("    pub {}: {base},", crate::names::snake(base)));
        }
        for f in &m.fields {
            if !f.doc.is_empty() {
                o.line(format!("    /// {}", one_line(&f.doc)));
            }
            if f.rust != f.wire {
                o.line(format!("    #[serde(rename = \"{}\")]", f.wire));
            }
            if f.ty == FieldType::Count {
                o.line("    #[serde(deserialize_with = \"lenient_count\")]");
            }
            let ty = model_type(&f.ty, f.optional);
            o.line(format!("    pub {}: {ty},", f.rust));
        }
        if m.extends.is_none() {
            o.line("    /// Fields this version has no name for.");
            o.line("    #[serde(flatten)]");
            o.line("    pub extra: Extra,");
        }
        o.line("}");
        if secret {
            o.blank();
            o.line(format!("impl std::fmt::Debug for {} {{", m.name));
            o.line("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
            o.line(format!("        f.debug_struct(\"{}\")", m.name));
            for f in &m.fields {
                if f.secret && !matches!(f.ty, FieldType::String) {
                    // JSON (credentials): nothing of it is shown.
                    o.line(format!("            .field(\"{0}\", &\"***\")", f.rust));
                } else if f.secret && f.optional {
                    o.line(format!(
                        "            .field(\"{0}\", &self.{0}.as_deref().map(masked))",
                        f.rust
                    ));
                } else if f.secret {
                    o.line(format!(
                        "            .field(\"{0}\", &masked(&self.{0}))",
                        f.rust
                    ));
                } else {
                    o.line(format!("            .field(\"{0}\", &self.{0})", f.rust));
                }
            }
            o.line("            .finish_non_exhaustive()");
            o.line("    }");
            o.line("}");
        }
    }
    o.finish()
}
