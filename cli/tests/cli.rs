//! `composio-rs` run as a user runs it, against the emulator over HTTP: the seed docs' admin tasks, every page
//! streamed, keys from a file and from standard input, exit codes per failure, JSON when piped, completions.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use composio_emulator::Emulator;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_composio-rs");

/// The binary with the emulator's URL and the given keys (and none from the test's own environment).
fn cli(emu: &Emulator, keys: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    for var in [
        "COMPOSIO_API_KEY",
        "COMPOSIO_ORG_API_KEY",
        "COMPOSIO_USER_API_KEY",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("COMPOSIO_BASE_URL", &emu.base_url);
    for (var, value) in keys {
        cmd.env(var, value);
    }
    cmd
}

fn run(cmd: &mut Command, stdin: Option<&str>) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout when piped")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_docs_admin_tasks_as_commands() {
    let emu = Emulator::start().await.unwrap();
    let org = [("COMPOSIO_ORG_API_KEY", emu.org_api_key.as_str())];

    let created = json(&run(
        cli(&emu, &org).args([
            "projects",
            "create",
            "cli-staging",
            "--should-create-api-key",
        ]),
        None,
    ));
    let id = created["id"].as_str().unwrap().to_string();
    let key = created["api_key"].as_str().unwrap().to_string();

    let listed = json(&run(cli(&emu, &org).args(["projects", "list"]), None));
    assert!(listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == id.as_str()));

    let details = json(&run(cli(&emu, &org).args(["projects", "get", &id]), None));
    assert_eq!(details["name"], "cli-staging", "{details}");
    assert!(
        details["api_keys"]
            .as_array()
            .is_some_and(|k| !k.is_empty()),
        "{details}"
    );

    // The new project's key from standard input: never on the command line or in the environment.
    let settings = json(&run(
        cli(&emu, &[]).args([
            "project-settings",
            "update",
            "--log-visibility-setting",
            "show_all",
            "--api-key-file",
            "-",
        ]),
        Some(&format!("{key}\n")),
    ));
    assert_eq!(settings["log_visibility_setting"], "show_all", "{settings}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_streams_one_item_per_line() {
    let emu = Emulator::start().await.unwrap();
    let dir = std::env::temp_dir().join(format!("composio-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key_file = dir.join("key");
    std::fs::write(&key_file, format!("{}\n", emu.api_key)).unwrap();
    let key_flag = key_file.to_string_lossy().into_owned();
    let output = run(
        cli(&emu, &[]).args([
            "tools",
            "list",
            "--toolkit-slug",
            "github",
            "--limit",
            "7",
            "--all",
            "--api-key-file",
            &key_flag,
        ]),
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON item per line"))
        .collect();
    let first_page = json(&run(
        cli(&emu, &[("COMPOSIO_API_KEY", &emu.api_key)]).args([
            "tools",
            "list",
            "--toolkit-slug",
            "github",
            "--limit",
            "7",
        ]),
        None,
    ));
    assert!(lines.len() > 7, "more than one page: {}", lines.len());
    assert_eq!(lines[0]["slug"], first_page["items"][0]["slug"]);
    let slugs: std::collections::HashSet<_> =
        lines.iter().map(|t| t["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs.len(), lines.len(), "each tool once");

    // A file argument: the tool's arguments from a file.
    let args_file = dir.join("args.json");
    std::fs::write(
        &args_file,
        r#"{"owner": "acme", "repo": "app", "title": "From the CLI"}"#,
    )
    .unwrap();
    let executed = run(
        cli(&emu, &[("COMPOSIO_API_KEY", &emu.api_key)]).args([
            "tools",
            "execute",
            "GITHUB_CREATE_ISSUE",
            "--user-id",
            "user-1",
            "--arguments",
            &format!("@{}", args_file.display()),
        ]),
        None,
    );
    // The seeded user has a GitHub account in the emulator, or the API says why not: either way a real answer.
    let text = String::from_utf8_lossy(&executed.stdout).into_owned() + &stderr(&executed);
    assert!(
        text.contains("From the CLI") || text.contains("connected account"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_have_their_exit_codes_and_never_show_a_key() {
    let emu = Emulator::start().await.unwrap();
    let project = [("COMPOSIO_API_KEY", emu.api_key.as_str())];
    let missing = run(
        cli(&emu, &project).args(["toolkits", "get", "no_such_toolkit"]),
        None,
    );
    assert_eq!(missing.status.code(), Some(4), "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("not_found"),
        "{}",
        stderr(&missing)
    );

    let wrong_key = "ak_wrong_key_0000000000";
    let refused = run(
        cli(&emu, &[("COMPOSIO_API_KEY", wrong_key)]).args(["tools", "list"]),
        None,
    );
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert!(
        !stderr(&refused).contains(wrong_key),
        "{}",
        stderr(&refused)
    );

    let no_key = run(cli(&emu, &[]).args(["tools", "list"]), None);
    assert_eq!(no_key.status.code(), Some(2), "{}", stderr(&no_key));
    assert!(
        stderr(&no_key).contains("COMPOSIO_API_KEY"),
        "{}",
        stderr(&no_key)
    );

    let usage = run(
        cli(&emu, &project).args(["tools", "list", "--limit", "lots"]),
        None,
    );
    assert_eq!(usage.status.code(), Some(2));
    let bad_json = run(
        cli(&emu, &project).args(["tools", "execute", "X", "--arguments", "{oops"]),
        None,
    );
    assert_eq!(bad_json.status.code(), Some(2));
    assert!(
        stderr(&bad_json).contains("--arguments is not JSON"),
        "{}",
        stderr(&bad_json)
    );

    let unreachable = run(
        cli(&emu, &project)
            .env("COMPOSIO_BASE_URL", "http://127.0.0.1:9")
            .args(["tools", "list", "--max-retries", "0"]),
        None,
    );
    assert_eq!(
        unreachable.status.code(),
        Some(8),
        "{}",
        stderr(&unreachable)
    );
}

#[test]
fn help_and_completions_come_from_the_table() {
    let help = Command::new(BIN)
        .args(["tools", "execute", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(
        text.contains("--user-id") && text.contains("<SLUG>"),
        "{text}"
    );
    let bash = Command::new(BIN)
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let script = String::from_utf8(bash.stdout).unwrap();
    assert!(
        script.contains("composio-rs") && script.contains("project-settings"),
        "completions"
    );
    let version = Command::new(BIN).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        concat!("composio-rs ", env!("CARGO_PKG_VERSION"))
    );
}
