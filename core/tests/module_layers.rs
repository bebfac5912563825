//! The core's modules form layers: a module uses only modules of its own layer or below, and no two modules use
//! each other, directly or round a circle. A `use crate::…` that points up (a back edge) fails here, naming it.
//! Generated files count as part of the module they serve (the by-name dispatch is `dynamic`'s, the generated
//! resource methods `resources`', the generated models and params `models`'); test modules are not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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
    &["agent", "dynamic"],
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
        "models" | "shapes" | "params" => "models",
        _ => "resources",
    }
}

/// The modules a file's code names: `crate::x`, and in a generated file `super::x` (a sibling) and
/// `super::super::x`; the text before its `#[cfg(test)]`, comments left out.
fn references(relative: &str, text: &str) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let generated = relative.starts_with("generated/");
    let mut out = BTreeSet::new();
    let ident = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect()
    };
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
    if generated {
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

fn edges() -> BTreeMap<String, BTreeMap<String, String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().map_or(true, |e| e != "rs") {
                continue;
            }
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let Some(module) = module_of_file(&relative) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            for used in references(&relative, &text) {
                if used != module {
                    edges
                        .entry(module.clone())
                        .or_default()
                        .entry(used)
                        .or_insert_with(|| relative.clone());
                }
            }
            edges.entry(module).or_default();
        }
    }
    edges
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn every_module_uses_only_its_layer_or_below() {
    let mut problems = Vec::new();
    for (module, uses) in edges() {
        let Some(own) = layer_of(&module) else {
            problems.push(format!("{module} is in no layer of LAYERS"));
            continue;
        };
        for (used, file) in uses {
            match layer_of(&used) {
                Some(layer) if layer <= own => {}
                Some(_) => {
                    problems.push(format!("{module} uses {used}, a layer above it ({file})"))
                }
                None => problems.push(format!(
                    "{module} uses {used}, which is in no layer ({file})"
                )),
            }
        }
    }
    assert!(problems.is_empty(), "back edges:\n{}", problems.join("\n"));
}

#[test]
fn no_modules_use_each_other_within_a_layer() {
    let edges = edges();
    // A depth-first walk from each module; reaching it again is a circle.
    for start in edges.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for used in edges.get(&module).into_iter().flat_map(|u| u.keys()) {
                if used == start {
                    panic!("a circle: {} -> {start}", path.join(" -> "));
                }
                if seen.insert(used.clone()) {
                    let mut next = path.clone();
                    next.push(used.clone());
                    stack.push((used.clone(), next));
                }
            }
        }
    }
}
