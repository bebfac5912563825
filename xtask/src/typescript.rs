//! The npm package's generated files: the resource classes (`resources.js`), their ESM re-export
//! (`resources.mjs`) and their types with the models generated from the spec (`resources.d.ts`).

use std::collections::BTreeSet;

use crate::emit::{one_line, Out, GENERATED_BY};
use crate::model::{FieldType, Model};
use crate::names::{camel, upper_camel};
use crate::table::{Api, Arg, ResolvedOp};

pub fn files(api: &Api) -> Vec<(String, String)> {
    vec![
        ("node/resources.js".into(), js(api)),
        ("node/resources.mjs".into(), mjs(api)),
        ("node/resources.d.ts".into(), dts(api)),
    ]
}

fn js(api: &Api) -> String {
    let mut o = Out::new(&format!("// {GENERATED_BY}"));
    o.line("'use strict'");
    o.line("// The resources of `Composio`: one method per operation. Options are camelCase; results keep the API's names.");
    o.blank();
    o.line("const { call, callPage, iterate, toArgs } = require('./calls.js')");
    let mut mixins: Vec<&String> = api
        .groups
        .iter()
        .filter_map(|g| g.node_mixin.as_ref())
        .collect();
    mixins.sort();
    if !mixins.is_empty() {
        let names: Vec<&str> = mixins.iter().map(|m| m.as_str()).collect();
        o.line(format!(
            "const {{ {} }} = require('./realtime.js')",
            names.join(", ")
        ));
    }
    for g in &api.groups {
        o.blank();
        o.line(format!("/** {} */", g.doc));
        let extends = g
            .node_mixin
            .as_ref()
            .map(|m| format!(" extends {m}"))
            .unwrap_or_default();
        o.line(format!("class {}{extends} {{", g.node));
        o.line("  #native");
        o.line("  constructor(client) {");
        if g.node_mixin.is_some() {
            o.line("    super(client)");
        }
        o.line("    this.#native = client");
        o.line("  }");
        for op in &g.ops {
            js_method(&mut o, op, false);
            if op.decl.page {
                js_method(&mut o, op, true);
            }
        }
        o.line("}");
    }
    o.blank();
    o.line("/** Gives `target` one instance of every resource over the native client. */");
    o.line("function attachResources(target, native) {");
    for g in &api.groups {
        o.line(format!("  target.{} = new {}(native)", g.camel(), g.node));
    }
    o.line("}");
    o.blank();
    o.line("/** Per operation, the names of the arguments passed before the options, and whether the other arguments");
    o.line(" *  are one positional object (`update(fields, options)`): what a generic caller (the shared-case runner) needs. */");
    o.line("const signatures = {");
    for op in api.ops() {
        let names: Vec<String> = op
            .positional_args()
            .iter()
            .map(|a| format!("'{}'", a.name))
            .collect();
        o.line(format!(
            "  '{}': {{ positional: [{}], fields: {} }},",
            op.name(),
            names.join(", "),
            op.decl.fields_arg
        ));
    }
    o.line("}");
    o.blank();
    let names: Vec<&str> = api.groups.iter().map(|g| g.node.as_str()).collect();
    o.line(format!(
        "module.exports = {{ {}, attachResources, signatures }}",
        names.join(", ")
    ));
    o.finish()
}

fn js_method(o: &mut Out, op: &ResolvedOp, iter: bool) {
    let name = if iter {
        camel(&op.iter_name())
    } else {
        camel(&op.method_name)
    };
    let positional = op.positional_args();
    let mut params: Vec<String> = positional.iter().map(|a| camel(&a.name)).collect();
    let extra: Vec<String> = positional
        .iter()
        .map(|a| {
            if camel(&a.name) == a.name {
                a.name.clone()
            } else {
                format!("{}: {}", a.name, camel(&a.name))
            }
        })
        .collect();
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {{ {} }}", extra.join(", "))
    };
    let has_keywords = !op.keyword_args().is_empty();
    let args = if op.decl.fields_arg {
        params.push("fields".into());
        format!("toArgs(fields{extra})")
    } else if has_keywords {
        format!("toArgs(options{extra})")
    } else {
        format!("toArgs({{}}{extra})")
    };
    params.push("options = {}".into());
    let doc = if iter {
        "Every matching item, page after page, each page fetched when it is reached.".to_string()
    } else {
        one_line(&op.doc)
    };
    let func = match (iter, op.decl.page) {
        (true, _) => "iterate",
        (false, true) => "callPage",
        (false, false) => "call",
    };
    o.line(format!("  /** {doc} */"));
    o.line(format!("  {name}({}) {{", params.join(", ")));
    o.line(format!(
        "    return {func}(this.#native, '{}', {args}, options.signal)",
        op.name()
    ));
    o.line("  }");
}

fn mjs(api: &Api) -> String {
    let mut o = Out::new(&format!("// {GENERATED_BY}"));
    o.line("// ESM re-export of the resource classes (the same instances as the CommonJS entry).");
    o.line("import cjs from './resources.js'");
    o.blank();
    let names: Vec<&str> = api.groups.iter().map(|g| g.node.as_str()).collect();
    o.line(format!("export const {{ {} }} = cjs", names.join(", ")));
    o.finish()
}

fn ts_type(a: &Arg) -> String {
    match a.ty.as_str() {
        "string" if !a.one_of.is_empty() => a
            .one_of
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(" | "),
        "string" => "string".into(),
        "bool" => "boolean".into(),
        "int" | "epoch_ms" | "duration" => "number".into(),
        "strings" => "string[]".into(),
        "json" => "JsonValue".into(),
        "bytes" => "Uint8Array".into(),
        _ => "JsonObject".into(),
    }
}

/// `ToolsListOptions`: the name of an operation's options interface.
fn options_name(op: &ResolvedOp) -> String {
    format!("{}Options", upper_camel(&op.decl.name.replace('.', "_")))
}

fn dts(api: &Api) -> String {
    let mut o = Out::new(&format!("// {GENERATED_BY}"));
    o.line("// Types of the resources and of the models generated from the spec.");
    let generated: BTreeSet<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
    let mut imports: BTreeSet<String> = ["CallOptions", "JsonObject", "JsonValue", "Page"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for op in api.ops() {
        if !generated.contains(op.decl.returns.as_str()) && !op.returns_strings() {
            imports.insert(api.node_model(&op.decl.returns).to_string());
        }
    }
    o.line(format!(
        "import type {{ {} }} from './index'",
        imports.into_iter().collect::<Vec<_>>().join(", ")
    ));
    let mut mixins: Vec<&str> = api
        .groups
        .iter()
        .filter_map(|g| g.node_mixin.as_deref())
        .collect();
    mixins.sort();
    if !mixins.is_empty() {
        o.line(format!(
            "import {{ {} }} from './realtime'",
            mixins.join(", ")
        ));
    }
    for op in api.ops() {
        let keywords = op.keyword_args();
        if keywords.is_empty() {
            continue;
        }
        o.blank();
        o.line(format!("/** Options of `{}`. */", op.name()));
        o.line(format!("export interface {} {{", options_name(op)));
        for a in keywords {
            let unit = if a.ty == "duration" {
                " In milliseconds."
            } else {
                ""
            };
            if let Some(doc) = a.doc() {
                o.line(format!("  /** {}{unit} */", one_line(doc)));
            }
            o.line(format!("  {}?: {}", camel(&a.name), ts_type(a)));
        }
        o.line("}");
    }
    for g in &api.groups {
        o.blank();
        o.line(format!("/** {} */", g.doc));
        let extends = g
            .node_mixin
            .as_ref()
            .map(|m| format!(" extends {m}"))
            .unwrap_or_default();
        o.line(format!("export declare class {}{extends} {{", g.node));
        for op in &g.ops {
            ts_method(&mut o, op, api.node_model(&op.decl.returns), false);
            if op.decl.page {
                ts_method(&mut o, op, api.node_model(&op.decl.returns), true);
            }
        }
        o.line("}");
    }
    o.blank();
    o.line("/** The resource attributes of `Composio`. */");
    o.line("export interface Resources {");
    for g in &api.groups {
        o.line(format!("  readonly {}: {}", g.camel(), g.node));
    }
    o.line("}");
    for m in &api.models {
        ts_model(&mut o, m, api.node_model(&m.name));
    }
    o.finish()
}

fn ts_method(o: &mut Out, op: &ResolvedOp, item: &str, iter: bool) {
    let name = if iter {
        camel(&op.iter_name())
    } else {
        camel(&op.method_name)
    };
    let mut params: Vec<String> = op
        .positional_args()
        .iter()
        .map(|a| format!("{}: {}", camel(&a.name), ts_type(a)))
        .collect();
    let has_keywords = !op.keyword_args().is_empty();
    let options = match (has_keywords, iter, op.decl.fields_arg) {
        (true, _, true) => {
            params.push(format!("fields: {}", options_name(op)));
            "CallOptions".to_string()
        }
        (true, true, _) => format!("Omit<{}, 'cursor'> & CallOptions", options_name(op)),
        (true, false, _) => format!("{} & CallOptions", options_name(op)),
        (false, _, _) => "CallOptions".to_string(),
    };
    params.push(format!("options?: {options}"));
    let ret = match (iter, op.decl.page) {
        (true, _) => format!("AsyncGenerator<{item}, void, undefined>"),
        (false, true) => format!("Promise<Page<{item}>>"),
        (false, false) => format!("Promise<{item}>"),
    };
    let doc = if iter {
        "Every matching item, page after page, each page fetched when it is reached.".to_string()
    } else {
        one_line(&op.doc)
    };
    o.line(format!("  /** {doc} */"));
    o.line(format!("  {name}({}): {ret}", params.join(", ")));
}

fn ts_model(o: &mut Out, m: &Model, name: &str) {
    o.blank();
    o.line(format!("/** {} */", one_line(&m.doc)));
    match &m.extends {
        Some(base) => o.line(format!("export interface {name} extends {base} {{")),
        None => o.line(format!("export interface {name} {{")),
    }
    for f in &m.fields {
        let base = match &f.ty {
            FieldType::String => "string".to_string(),
            FieldType::Bool => "boolean".to_string(),
            FieldType::Int | FieldType::Float | FieldType::Count => "number".to_string(),
            FieldType::Strings => "string[]".to_string(),
            FieldType::Json => "JsonValue".to_string(),
            FieldType::Jsons => "JsonValue[]".to_string(),
            FieldType::Model(n) => n.clone(),
            FieldType::Models(n) => format!("{n}[]"),
        };
        let ty = if f.optional {
            format!("{base} | null")
        } else {
            base
        };
        if !f.doc.is_empty() {
            o.line(format!(
                "  /** {} */",
                one_line(&f.doc).replace("*/", "* /")
            ));
        }
        let key = if f
            .wire
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            f.wire.clone()
        } else {
            format!("'{}'", f.wire)
        };
        o.line(format!("  {key}: {ty}"));
    }
    if m.extends.is_none() {
        o.line("  [unknownField: string]: unknown");
    }
    o.line("}");
}
