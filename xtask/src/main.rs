//! `cargo xtask codegen` writes every generated file from `api/operations.toml`, `api/overlay.toml` and the
//! spec copy `api/openapi.json`; `cargo xtask codegen --check` writes nothing and fails when a file is stale.

mod cli;
mod coverage;
mod emit;
mod errors;
mod model;
mod names;
mod options;
mod python;
mod readme;
mod rust;
mod spec;
mod table;
mod typescript;
mod uniffi;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = args.iter().any(|a| a == "--check");
            match codegen(&repo_root(), check) {
                Ok(stale) if check && !stale.is_empty() => {
                    eprintln!("stale generated files (run `cargo xtask codegen`):");
                    for path in stale {
                        eprintln!("  {path}");
                    }
                    ExitCode::FAILURE
                }
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("codegen: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            ExitCode::FAILURE
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_path_buf()
}

/// Generates every file; returns the paths whose content differs from what is on disk.
fn codegen(root: &Path, check: bool) -> Result<Vec<String>, String> {
    let table = table::load(&root.join("api"))?;
    let spec = spec::Spec::load(&[
        &root.join("api/openapi.json"),
        &root.join("api/openapi-current.json"),
    ])?;
    let api = table::Api::resolve(table, &spec)?;
    let mut files = emit::all(&api);
    files.push(coverage::file(&api, &spec));
    files.extend(cli::files(&api));
    files.extend(errors::files(&errors::load(&root.join("api"))?));
    files.extend(options::files(&options::load(&root.join("api"))?));
    let mut stale = Vec::new();
    for (path, content) in files {
        let content = if path.ends_with(".rs") {
            rustfmt(&content).map_err(|e| format!("{path}: {e}"))?
        } else {
            content
        };
        let full = root.join(&path);
        let current = std::fs::read_to_string(&full).unwrap_or_default();
        if current != content {
            stale.push(path.clone());
            if !check {
                if let Some(dir) = full.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{path}: {e}"))?;
                }
                std::fs::write(&full, content).map_err(|e| format!("{path}: {e}"))?;
            }
        }
    }
    Ok(stale)
}

/// Formats generated Rust as `cargo fmt` would, so that formatting the tree never makes it stale.
fn rustfmt(source: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run rustfmt: {e}"))?;
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(source.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}
