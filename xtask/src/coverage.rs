//! `api/COVERAGE.md`: which operations of the current API (`api/openapi-current.json`) the table implements, and
//! which table operations the current API no longer lists. Generated, so it cannot drift from the table.

use std::collections::BTreeMap;

use crate::emit::Out;
use crate::spec::Spec;
use crate::table::Api;

/// `METHOD /api/v3.1/a/{}/b`: the spec key with the January prefix moved to v3.1 and path parameters unnamed.
fn normalized(key: &str) -> String {
    let key = key.replacen(" /api/v3/", " /api/v3.1/", 1);
    let mut out = String::with_capacity(key.len());
    let mut in_param = false;
    for c in key.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

pub fn file(api: &Api, spec: &Spec) -> (String, String) {
    let mut ours: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in &api.groups {
        for op in &group.ops {
            ours.entry(normalized(&op.decl.spec))
                .or_default()
                .push(op.decl.name.clone());
        }
    }
    let current = spec.operations(1);
    let done = current
        .iter()
        .filter(|(key, _)| ours.contains_key(&normalized(key)))
        .count();
    let mut out = Out::new(&format!(
        "<!-- {} Also reads api/openapi-current.json. -->",
        crate::emit::GENERATED_BY
    ));
    out.line("# The current API, operation by operation");
    out.blank();
    out.line(if done == current.len() {
        format!(
            "All {done} operations of the current API (`api/openapi-current.json`) are in the table \
             (`api/operations.toml`)."
        )
    } else {
        format!(
            "{done} of the {} operations of the current API (`api/openapi-current.json`) are in the table \
             (`api/operations.toml`); the rest are still to come.",
            current.len()
        )
    });
    out.blank();
    out.line("| operation | the official client's accessor | composio-rs |");
    out.line("|---|---|---|");
    for (key, id) in &current {
        let names = ours.get(&normalized(key)).map(|n| n.join(", "));
        out.line(format!(
            "| `{key}` | `{id}` | {} |",
            names.map_or("not yet".to_string(), |n| format!("`{n}`"))
        ));
    }
    let known: std::collections::BTreeSet<String> =
        current.iter().map(|(k, _)| normalized(k)).collect();
    let gone: Vec<(&String, &Vec<String>)> =
        ours.iter().filter(|(k, _)| !known.contains(*k)).collect();
    if !gone.is_empty() {
        out.blank();
        out.line("Table operations the current API does not list (kept from the January spec):");
        out.blank();
        for (key, names) in gone {
            out.line(format!("- `{key}`: `{}`", names.join("`, `")));
        }
    }
    ("api/COVERAGE.md".to_string(), out.finish())
}
