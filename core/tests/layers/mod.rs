//! The check behind each crate's `tests/module_layers.rs`: a crate's modules form layers, a module uses only modules
//! of its own layer or below, and no two modules use each other, directly or round a circle. Each crate says how
//! its files map to modules and what a file's code names; this walks `src/` and reports every back edge and circle.

// Each crate uses what it needs of this.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's uses: the module used, and the first file (relative to `src/`) that uses it.
pub type Edges = BTreeMap<String, BTreeMap<String, String>>;

/// A file's code as the check reads it: the text before its `#[cfg(test)]`, comments left out.
pub fn code_of(text: &str) -> String {
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lowercase identifier `rest` starts with (a module name).
pub fn ident(rest: &str) -> String {
    rest.chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect()
}

/// The top-level modules `code` names as `crate::x`.
pub fn crate_paths(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(i, _)| ident(&code[i + "crate::".len()..]))
        .filter(|m| !m.is_empty())
        .collect()
}

/// Walks `src`: for each file `module_of_file` places in a module, what `references` finds it uses.
pub fn edges(
    src: &Path,
    module_of_file: impl Fn(&str) -> Option<String>,
    references: impl Fn(&str, &str) -> BTreeSet<String>,
) -> Edges {
    let mut edges = Edges::new();
    let mut pending = vec![src.to_path_buf()];
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
                .strip_prefix(src)
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

/// Every use of a module above the user's layer, or of a module in no layer (bottom layer first).
pub fn back_edges(layers: &[&[&str]], edges: &Edges) -> Vec<String> {
    let layer_of = |module: &str| layers.iter().position(|layer| layer.contains(&module));
    let mut problems = Vec::new();
    for (module, uses) in edges {
        let Some(own) = layer_of(module) else {
            problems.push(format!("{module} is in no layer of LAYERS"));
            continue;
        };
        for (used, file) in uses {
            match layer_of(used) {
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
    problems
}

/// The first circle of uses found, as `a -> b -> a`.
pub fn circle(edges: &Edges) -> Option<String> {
    // A depth-first walk from each module; reaching it again is a circle.
    for start in edges.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for used in edges.get(&module).into_iter().flat_map(|u| u.keys()) {
                if used == start {
                    return Some(format!("{} -> {start}", path.join(" -> ")));
                }
                if seen.insert(used.clone()) {
                    let mut next = path.clone();
                    next.push(used.clone());
                    stack.push((used.clone(), next));
                }
            }
        }
    }
    None
}
