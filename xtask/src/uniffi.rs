//! The uniffi binding's generated file: one object per group, each operation async (`suspend`/`async`) and
//! `…Blocking`, pagers for page operations, and binding-side records for parameters that carry JSON (so that
//! text which is not JSON is a typed error before any request). Also the Kotlin shared-case dispatch.

use std::collections::BTreeSet;

use crate::emit::{one_line, Out, GENERATED_BY};
use crate::names::camel;
use crate::rust::{params_have_json, returns};
use crate::table::{Api, ResolvedOp};

pub fn files(api: &Api) -> Vec<(String, String)> {
    vec![
        ("bindings/uniffi/src/generated.rs".into(), binding(api)),
        (
            "bindings/uniffi/kotlin/src/test/kotlin/dev/composio/GeneratedDispatch.kt".into(),
            kotlin_dispatch(api),
        ),
    ]
}

fn page_type(item: &str) -> String {
    format!("{item}Page")
}

/// Whether the params argument may be left out (no required field).
fn params_optional(api: &Api, name: &str) -> bool {
    api.params
        .get(name)
        .is_some_and(|(args, _, _)| args.iter().all(|a| !a.required))
}

fn binding(api: &Api) -> String {
    let mut o = Out::new(&format!("// {GENERATED_BY}"));
    o.line("//! The operation groups of the `Composio` object. Every operation is defined once (`*_call`, a future");
    o.line("//! on the core client) and exported twice: async (on the shared runtime, aborted when the caller is");
    o.line("//! cancelled) and `*_blocking` (blocks the calling thread; bounded by the timeouts).");
    o.blank();
    o.line("use std::future::Future;");
    o.line("use std::sync::Arc;");
    o.blank();
    o.line("#[allow(unused_imports)]");
    o.line("use composio::*;");
    o.line("#[allow(unused_imports)]");
    o.line("use serde_json::{Map, Value};");
    o.blank();
    o.line("use crate::client::Composio;");
    o.line("#[allow(unused_imports)]");
    o.line("use crate::error::invalid_argument;");
    o.line("use crate::pages::page_and_pager;");
    o.line("use crate::resources::{block, run, Outcome};");
    let items: BTreeSet<&str> = api
        .ops()
        .filter(|op| op.decl.page)
        .map(|op| op.decl.returns.as_str())
        .collect();
    o.blank();
    for item in &items {
        o.line(format!(
            "page_and_pager!({}, {}Pager, {item});",
            page_type(item),
            item
        ));
    }
    o.blank();
    o.line("#[uniffi::export]");
    o.line("impl Composio {");
    for (i, g) in api.groups.iter().enumerate() {
        if i > 0 {
            o.blank();
        }
        o.line(format!("    /// {}", g.doc));
        o.line(format!(
            "    pub fn {}(&self) -> Arc<{}> {{",
            g.name, g.rust
        ));
        o.line(format!("        Arc::new({}(self.core().clone()))", g.rust));
        o.line("    }");
    }
    o.line("}");
    for g in &api.groups {
        o.blank();
        o.line(format!("/// `{}`: {}", camel(&g.name), g.doc));
        o.line("#[derive(uniffi::Object)]");
        o.line(format!(
            "pub struct {}(pub(crate) composio::Client);",
            g.rust
        ));
        o.blank();
        o.line(format!("impl {} {{", g.rust));
        for op in &g.ops {
            call_fn(&mut o, api, op);
        }
        o.line("}");
        o.blank();
        o.line("#[uniffi::export]");
        o.line(format!("impl {} {{", g.rust));
        for (i, op) in g.ops.iter().enumerate() {
            if i > 0 {
                o.blank();
            }
            exported(&mut o, api, op);
        }
        o.line("}");
    }
    for (name, (args, _, _)) in &api.params {
        if params_have_json(api, name) {
            mirror(&mut o, api, name, args);
        }
    }
    o.finish()
}

/// The uniffi parameter list (name: type) of an operation.
fn ffi_params(api: &Api, op: &ResolvedOp) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = op
        .path_args()
        .iter()
        .map(|a| (a.rust_field(), "String".to_string()))
        .collect();
    match &op.decl.params {
        Some(p) if params_optional(api, p) => out.push(("params".into(), format!("Option<{p}>"))),
        Some(p) => out.push(("params".into(), p.clone())),
        None => out.extend(
            op.other_args()
                .iter()
                .map(|a| (a.rust_field(), "Option<String>".to_string())),
        ),
    }
    out
}

fn ffi_return(op: &ResolvedOp) -> String {
    if op.decl.page {
        page_type(&op.decl.returns)
    } else {
        returns(op)
    }
}

fn call_fn(o: &mut Out, api: &Api, op: &ResolvedOp) {
    let params = ffi_params(api, op);
    let sig: Vec<String> = params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    o.line(format!(
        "    fn {}_call(&self, {}) -> Outcome<impl Future<Output = composio::Result<{}>> + 'static> {{",
        op.method_name,
        sig.join(", "),
        ffi_return(op)
    ));
    o.line("        let c = self.0.clone();");
    if let Some(p) = &op.decl.params {
        let value = if params_optional(api, p) {
            "params.unwrap_or_default()"
        } else {
            "params"
        };
        if params_have_json(api, p) {
            o.line(format!("        let params = {value}.into_core()?;"));
        } else if value != "params" {
            o.line(format!("        let params = {value};"));
        }
    }
    let mut args: Vec<String> = op
        .path_args()
        .iter()
        .map(|a| format!("&{}", a.rust_field()))
        .collect();
    match &op.decl.params {
        Some(_) => args.push("&params".into()),
        None => args.extend(
            op.other_args()
                .iter()
                .map(|a| format!("{}.as_deref()", a.rust_field())),
        ),
    }
    let call = format!(
        "c.{}().{}({}).await",
        op.group,
        op.method_name,
        args.join(", ")
    );
    if op.decl.page {
        o.line(format!("        Ok(async move {{ Ok({call}?.into()) }})"));
    } else {
        o.line(format!("        Ok(async move {{ {call} }})"));
    }
    o.line("    }");
}

fn exported(o: &mut Out, api: &Api, op: &ResolvedOp) {
    let params = ffi_params(api, op);
    let sig: Vec<String> = params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    let names: Vec<String> = params.iter().map(|(n, _)| n.clone()).collect();
    let defaults: Vec<String> = params
        .iter()
        .filter(|(_, t)| t.starts_with("Option<"))
        .map(|(n, _)| format!("{n} = None"))
        .collect();
    let attr = if defaults.is_empty() {
        None
    } else {
        Some(format!(
            "    #[uniffi::method(default({}))]",
            defaults.join(", ")
        ))
    };
    let ret = ffi_return(op);
    o.line(format!(
        "    /// {} (`{} {}`)",
        one_line(&op.doc).trim_end_matches('.'),
        op.decl.method,
        op.decl.path
    ));
    if let Some(a) = &attr {
        o.line(a);
    }
    o.line(format!(
        "    pub async fn {}(&self, {}) -> Outcome<{ret}> {{",
        op.method_name,
        sig.join(", ")
    ));
    o.line(format!(
        "        run(self.{}_call({})?).await",
        op.method_name,
        names.join(", ")
    ));
    o.line("    }");
    if let Some(a) = &attr {
        o.line(a);
    }
    o.line(format!(
        "    pub fn {}_blocking(&self, {}) -> Outcome<{ret}> {{",
        op.method_name,
        sig.join(", ")
    ));
    o.line(format!(
        "        block(self.{}_call({})?)",
        op.method_name,
        names.join(", ")
    ));
    o.line("    }");
    if op.decl.page {
        let item = &op.decl.returns;
        let p = op.decl.params.as_deref().unwrap();
        let mut isig: Vec<String> = op
            .path_args()
            .iter()
            .map(|a| format!("{}: String", a.rust_field()))
            .collect();
        isig.push(format!("params: Option<{p}>"));
        let mut iargs: Vec<String> = op
            .path_args()
            .iter()
            .map(|a| format!("&{}", a.rust_field()))
            .collect();
        iargs.push(if params_have_json(api, p) {
            "params.unwrap_or_default().into_core()?".into()
        } else {
            "params.unwrap_or_default()".into()
        });
        o.line(
            "    /// Every page from `params.cursor` on, fetched lazily by the pager's `next()`.",
        );
        o.line("    #[uniffi::method(default(params = None))]");
        o.line(format!(
            "    pub fn {}(&self, {}) -> Outcome<Arc<{item}Pager>> {{",
            op.iter_name(),
            isig.join(", ")
        ));
        o.line(format!(
            "        Ok({item}Pager::new(self.0.{}().{}({})?))",
            op.group,
            op.iter_name(),
            iargs.join(", ")
        ));
        o.line("    }");
    }
}

/// A binding-side record for a params struct with JSON fields: JSON travels as text and is parsed here.
fn mirror(o: &mut Out, api: &Api, name: &str, args: &[crate::table::Arg]) {
    let users: Vec<&str> = api
        .ops()
        .filter(|op| op.decl.params.as_deref() == Some(name))
        .map(|op| op.name())
        .collect();
    let op_name = users.first().copied().unwrap_or(name);
    o.blank();
    o.line(format!(
        "/// Arguments of `{}`; JSON arguments are JSON text. `toString()` hides secret arguments.",
        users.join("`, `")
    ));
    o.line("#[derive(Clone, Default, uniffi::Record)]");
    o.line("#[uniffi::export(Debug)]");
    o.line(format!("pub struct {name} {{"));
    for a in args {
        if !a.required {
            o.line("    #[uniffi(default)]");
        }
        let ty = match a.ty.as_str() {
            "json" | "json_object" if a.required => "String".to_string(),
            "json" | "json_object" => "Option<String>".to_string(),
            _ => crate::rust::field_type(a),
        };
        o.line(format!("    pub {}: {ty},", a.rust_field()));
    }
    o.line("}");
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
    o.blank();
    o.line(format!("impl {name} {{"));
    o.line(format!(
        "    fn into_core(self) -> Outcome<composio::{name}> {{"
    ));
    o.line(format!("        Ok(composio::{name} {{"));
    for a in args {
        let f = a.rust_field();
        match a.ty.as_str() {
            "json" if a.required => o.line(format!(
                "            {f}: serde_json::from_str::<Value>(&self.{f}).map_err(|e| invalid_argument(format!(\"{op_name}: {f} is not JSON: {{e}}\")))?,"
            )),
            "json_object" if a.required => o.line(format!(
                "            {f}: serde_json::from_str::<Map<String, Value>>(&self.{f}).map_err(|e| invalid_argument(format!(\"{op_name}: {f} must be a JSON object: {{e}}\")))?,"
            )),
            "json_object" => o.line(format!(
                "            {f}: self.{f}.map(|t| serde_json::from_str::<Map<String, Value>>(&t)).transpose().map_err(|e| invalid_argument(format!(\"{op_name}: {f} must be a JSON object: {{e}}\")))?,"
            )),
            "json" => o.line(format!(
                "            {f}: self.{f}.map(|t| serde_json::from_str::<Value>(&t)).transpose().map_err(|e| invalid_argument(format!(\"{op_name}: {f} is not JSON: {{e}}\")))?,"
            )),
            _ => o.line(format!("            {f}: self.{f},")),
        }
    }
    o.line("        })");
    o.line("    }");
    o.line("}");
}

// ---------------------------------------------------------------------------------------------- Kotlin

/// The shared cases' operation names mapped to calls, in the suspend and the blocking form.
fn kotlin_dispatch(api: &Api) -> String {
    let mut o = Out::new(&format!("// {GENERATED_BY}"));
    o.line("package dev.composio");
    o.blank();
    o.line("import dev.composio.models.*");
    o.line("import kotlinx.coroutines.runBlocking");
    o.blank();
    o.line("/** Runs `operation` with the case's arguments: `tools.get` → client.tools().get(...) or getBlocking(...). */");
    o.line("internal fun dispatch(client: Composio, operation: String, a: SharedCasesTest.Args, blocking: Boolean): (() -> Any?)? {");
    o.line("    fun <T> either(suspending: suspend () -> T, blockingForm: () -> T): T =");
    o.line("        if (blocking) blockingForm() else runBlocking { suspending() }");
    o.line("    return when (operation) {");
    for op in api.ops() {
        let group = format!("client.{}()", camel(&op.group));
        let method = camel(&op.method_name);
        let mut lets: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        for a in op.path_args() {
            lets.push(format!(
                "val {} = a.string(\"{}\")",
                camel(&a.rust_field()),
                a.name
            ));
            args.push(camel(&a.rust_field()));
        }
        match &op.decl.params {
            Some(p) => {
                let (fields, _, _) = &api.params[p];
                let mut inits = Vec::new();
                for f in fields {
                    let getter = match f.ty.as_str() {
                        "string" if f.required => format!("a.string(\"{}\")", f.name),
                        "string" => format!("a.stringOrNull(\"{}\")", f.name),
                        "bool" if f.default.is_some() => {
                            format!("a.bool(\"{}\") ?: {}", f.name, f.default.unwrap())
                        }
                        "bool" if f.required => format!("a.bool(\"{}\")!!", f.name),
                        "bool" => format!("a.bool(\"{}\")", f.name),
                        "int" => format!("a.uint(\"{}\")", f.name),
                        "epoch_ms" => format!("a.ulong(\"{}\")", f.name),
                        "duration" => format!("a.duration(\"{}\")", f.name),
                        "strings" => format!("a.strings(\"{}\")", f.name),
                        "json" | "json_object" if f.required => {
                            format!("a.jsonText(\"{}\")!!", f.name)
                        }
                        "json" | "json_object" => format!("a.jsonText(\"{}\")", f.name),
                        "bytes" => format!("a.bytes(\"{}\")", f.name),
                        _ => continue, // nested params: not used by the shared cases
                    };
                    inits.push(format!("{} = {getter}", camel(&f.rust_field())));
                }
                lets.push(format!("val params = {p}({})", inits.join(", ")));
                args.push("params".into());
            }
            None => {
                for a in op.other_args() {
                    lets.push(format!(
                        "val {} = a.stringOrNull(\"{}\")",
                        camel(&a.rust_field()),
                        a.name
                    ));
                    args.push(camel(&a.rust_field()));
                }
            }
        }
        let args = args.join(", ");
        o.line(format!("        \"{}\" -> {{", op.name()));
        for l in lets {
            o.line(format!("            {l}"));
        }
        o.line(format!(
            "            ({{ either({{ {group}.{method}({args}) }}, {{ {group}.{method}Blocking({args}) }}) }})"
        ));
        o.line("        }");
    }
    o.line("        else -> null");
    o.line("    }");
    o.line("}");
    o.finish()
}
