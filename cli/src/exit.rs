//! How a command ends: exit codes that say what happened (a script can branch on them), a typed one-line message
//! on standard error, keys read from files, and `composio-rs emulator`.

use std::io::Read;
use std::path::PathBuf;

use clap::ArgMatches;

pub const USAGE: u8 = 2;
pub const AUTHENTICATION: u8 = 3;
pub const NOT_FOUND: u8 = 4;
pub const REJECTED: u8 = 5;
pub const RATE_LIMITED: u8 = 6;
pub const SERVER: u8 = 7;
pub const NETWORK: u8 = 8;
pub const OTHER: u8 = 9;

/// A failed command: its exit code and what to print (never a key: the core's messages mask them).
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: USAGE,
            message: message.into(),
        }
    }
}

/// The exit code of each error kind (the README's table).
pub fn code_of(kind: &str) -> u8 {
    match kind {
        "configuration" => USAGE,
        "authentication" | "permission_denied" => AUTHENTICATION,
        "not_found" => NOT_FOUND,
        "bad_request" | "conflict" | "unprocessable" => REJECTED,
        "rate_limited" => RATE_LIMITED,
        "server" | "api_status" => SERVER,
        "timeout" | "connection" => NETWORK,
        _ => OTHER,
    }
}

impl From<composio::Error> for Failure {
    fn from(e: composio::Error) -> Self {
        let kind = e.kind().as_str();
        Self {
            code: code_of(kind),
            message: format!("{kind}: {e}"),
        }
    }
}

/// A key from a file (`-`: standard input), its first line without the line break.
pub fn read_key(path: &str, flag: &str) -> Result<String, Failure> {
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map_err(|e| Failure::usage(format!("--{flag}: {path}: {e}")))?;
    let key = text.lines().next().unwrap_or_default().trim().to_string();
    if key.is_empty() {
        return Err(Failure::usage(format!("--{flag}: {path} holds no key")));
    }
    Ok(key)
}

/// Runs the emulator binary (`composio-emulator`, beside this one or on the PATH) with the arguments given, its
/// output passed through; the exit code is the emulator's.
pub fn emulator(matches: &ArgMatches) -> Result<(), Failure> {
    let name = format!("composio-emulator{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|p| p.is_file());
    let on_path = || {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(&name))
                .find(|p: &PathBuf| p.is_file())
        })
    };
    let binary = beside.or_else(on_path).ok_or_else(|| Failure {
        code: OTHER,
        message: "the emulator is not installed: `pip install 'composio-rs[testing]'` (or build it: cargo build -p composio-emulator)".into(),
    })?;
    let args: Vec<&String> = matches
        .get_many::<String>("args")
        .into_iter()
        .flatten()
        .collect();
    let status = std::process::Command::new(&binary)
        .args(args)
        .status()
        .map_err(|e| Failure {
            code: OTHER,
            message: format!("{}: {e}", binary.display()),
        })?;
    match status.code() {
        Some(0) => Ok(()),
        code => Err(Failure {
            code: code.and_then(|c| u8::try_from(c).ok()).unwrap_or(OTHER),
            message: format!("the emulator exited with {status}"),
        }),
    }
}
