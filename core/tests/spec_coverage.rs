//! The operations a client has are every operation of both spec copies (the January one and the current API's)
//! and nothing neither spec has. A January operation the current API still has counts for both: keys compare with
//! the January prefix moved to v3.1 and path parameters unnamed, as `api/COVERAGE.md` matches them.

use std::collections::BTreeSet;
use std::path::Path;

use composio::dynamic::OPERATIONS;
use serde_json::Value;

fn spec_operations(file: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../api")
        .join(file);
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                out.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    out
}

/// `METHOD /api/v3.1/a/{}/b`.
fn normalized(key: &str) -> String {
    let key = key.replacen(" /api/v3/", " /api/v3.1/", 1);
    let mut out = String::new();
    let mut in_param = false;
    for c in key.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn operations_cover_both_specs_and_nothing_else() {
    let january = spec_operations("openapi.json");
    let current = spec_operations("openapi-current.json");
    assert_eq!((january.len(), current.len()), (60, 113));
    let ours: BTreeSet<String> = OPERATIONS.iter().map(|op| op.spec.to_string()).collect();
    let ours_normalized: BTreeSet<String> = ours.iter().map(|k| normalized(k)).collect();
    let missing: Vec<_> = january
        .iter()
        .filter(|k| !ours.contains(*k))
        .chain(
            current
                .iter()
                .filter(|k| !ours_normalized.contains(&normalized(k))),
        )
        .collect();
    assert!(missing.is_empty(), "not in the table: {missing:?}");
    let unknown: Vec<_> = ours
        .iter()
        .filter(|k| !january.contains(*k) && !current.contains(*k))
        .collect();
    assert!(unknown.is_empty(), "in no spec: {unknown:?}");
}
