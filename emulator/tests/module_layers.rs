//! The emulator's modules form layers, as the core's do: the store uses nothing above it, the routes use the store
//! and the middleware but never the router, and no two modules use each other, directly or round a circle. A
//! `use crate::…` that points up fails here, naming the file. A directory is one module (`store/`, `routes/`:
//! their files each handle one resource); test modules are not counted.

#[path = "../../core/tests/layers/mod.rs"]
mod layers;

use std::path::Path;

use layers::{back_edges, circle, code_of, crate_paths, edges, Edges};

/// Bottom first.
const LAYERS: &[&[&str]] = &[
    &[
        "errors", "clock", "checksum", "params", "schemas", "awkward", "ids", "headers",
    ],
    &["faults", "pagination", "delivery", "pusher"],
    &["store"],
    &["shared"],
    &["auth"],
    &["observe"],
    &["routes"],
    &["app"],
];

/// The module a file of `emulator/src` belongs to: its top directory or file (`None` for the crate roots).
fn module_of_file(relative: &str) -> Option<String> {
    let top = relative.split('/').next()?.trim_end_matches(".rs");
    match top {
        "lib" | "main" => None,
        _ => Some(top.to_string()),
    }
}

fn emulator_edges() -> Edges {
    edges(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        module_of_file,
        |_, text| crate_paths(&code_of(text)),
    )
}

#[test]
fn every_module_uses_only_its_layer_or_below() {
    let problems = back_edges(LAYERS, &emulator_edges());
    assert!(problems.is_empty(), "back edges:\n{}", problems.join("\n"));
}

#[test]
fn no_modules_use_each_other_within_a_layer() {
    if let Some(circle) = circle(&emulator_edges()) {
        panic!("a circle: {circle}");
    }
}
