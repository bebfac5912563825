//! The core's modules form layers: a module uses only modules of its own layer or below, and no two modules use
//! each other, directly or round a circle. A `use crate::…` that points up (a back edge) fails here, naming it.
//! Generated files count as part of the module they serve (the by-name dispatch is `dynamic`'s, the generated
//! resource methods `resources`', the generated models and params `models`'); test modules are not counted.

mod layers;

use std::collections::BTreeSet;
use std::path::Path;

use layers::{back_edges, circle, code_of, edges, ident, Edges};

/// Bottom first.
const LAYERS: &[&[&str]] = &[
    &[
        "error", "secret", "retry", "tls", "runtime", "checks", "versions", "webhooks", "ffi",
    ],
    &["key_provider", "file_options"],
    &["config", "auth"],
    &["decode", "models", "pagination"],
    &["client"],
    &["transport"],
    &["resources"],
    &["agent", "dynamic", "realtime"],
    &["session"],
    &["blocking"],
];

/// The module a file of `core/src` belongs to (`None` for the crate root).
fn module_of_file(relative: &str) -> Option<String> {
    let path = relative.trim_end_matches(".rs");
    let mut parts = path.split('/');
    match (parts.next()?, parts.next()) {
        ("lib", None) => None,
        ("generated", Some(file)) => Some(generated_module(file).to_string()),
        (top, _) => Some(top.to_string()),
    }
}

fn generated_module(file: &str) -> &'static str {
    match file {
        "dispatch" => "dynamic",
        "blocking" => "blocking",
        "error_kind" => "error",
        "options" => "config",
        "models" | "shapes" | "params" => "models",
        _ => "resources",
    }
}

/// The modules a file's code names: `crate::x`, and in a generated file `super::x` (a sibling) and
/// `super::super::x`.
fn references(relative: &str, text: &str) -> BTreeSet<String> {
    let code = code_of(text);
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let first = ident(rest);
        let module = match first.as_str() {
            "generated" => {
                let inner = rest
                    .strip_prefix("generated::")
                    .map(ident)
                    .unwrap_or_default();
                generated_module(&inner).to_string()
            }
            _ => first,
        };
        out.insert(module);
    }
    if relative.starts_with("generated/") {
        for (i, _) in code.match_indices("super::") {
            let before = &code[..i];
            if before.ends_with("super::") || before.ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let rest = &code[i + "super::".len()..];
            let module = match rest.strip_prefix("super::") {
                Some(outer) => ident(outer),
                None => generated_module(&ident(rest)).to_string(),
            };
            out.insert(module);
        }
        // The generated facade re-exports its siblings.
        if relative == "generated/mod.rs" {
            for (i, _) in code.match_indices("pub use ") {
                out.insert(generated_module(&ident(&code[i + "pub use ".len()..])).to_string());
            }
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn core_edges() -> Edges {
    edges(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        module_of_file,
        references,
    )
}

#[test]
fn every_module_uses_only_its_layer_or_below() {
    let problems = back_edges(LAYERS, &core_edges());
    assert!(problems.is_empty(), "back edges:\n{}", problems.join("\n"));
}

#[test]
fn no_modules_use_each_other_within_a_layer() {
    if let Some(circle) = circle(&core_edges()) {
        panic!("a circle: {circle}");
    }
}
