//! `composio-rs`: every operation of the operation table as a command, run by the Rust core's by-name dispatch
//! (the same argument checks, retries, timeouts and errors as every language), printed as a table on a terminal
//! and as JSON otherwise.

mod args;
mod command;
mod exit;
mod generated;
mod mcp;
mod output;
mod spec;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::ArgMatches;
use composio::dynamic::{Call, JsonPager};
use composio::{Client, ClientOptions};
use serde_json::Value;

use exit::Failure;

fn main() -> ExitCode {
    let matches = match command::build().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("composio-rs: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(matches: &ArgMatches) -> Result<(), Failure> {
    let (group, sub) = matches.subcommand().expect("a subcommand is required");
    match group {
        "completions" => {
            let shell = *sub
                .get_one::<clap_complete::Shell>("shell")
                .expect("required");
            clap_complete::generate(
                shell,
                &mut command::build(),
                command::NAME,
                &mut std::io::stdout(),
            );
            return Ok(());
        }
        "emulator" => return exit::emulator(sub),
        _ => {}
    }
    if group == "mcp" && sub.subcommand().is_none() {
        let client = client(matches)?;
        return runtime()?.block_on(mcp::serve(&client, sub));
    }
    let (op_name, op_matches) = sub.subcommand().expect("an operation is required");
    let op = command::find(group, op_name).expect("every subcommand is in the table");
    let arguments = args::arguments(op, op_matches).map_err(|u| Failure::usage(u.0))?;
    let client = client(matches)?;
    let as_json = matches.get_flag("json") || !std::io::stdout().is_terminal();
    let runtime = runtime()?;
    if op.page && op_matches.get_flag("all") {
        return runtime.block_on(every_page(&client, op.operation, arguments, as_json));
    }
    let call = Call::parse(op.operation, arguments).map_err(Failure::from)?;
    let response = runtime
        .block_on(call.run_raw(&client))
        .map_err(Failure::from)?;
    let text = response.to_json_text().map_err(Failure::from)?;
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    let printed = if as_json {
        output::json(&value)
    } else {
        output::table(&value)
    };
    println!("{printed}");
    Ok(())
}

/// Every page from the given cursor on: JSON prints each item on its own line as its page arrives; a terminal
/// gets one table at the end, with a progress line on standard error meanwhile.
async fn every_page(
    client: &Client,
    operation: &str,
    arguments: Value,
    as_json: bool,
) -> Result<(), Failure> {
    let mut pager = JsonPager::new(client, operation, arguments).map_err(Failure::from)?;
    let progress = !as_json && std::io::stderr().is_terminal();
    let mut kept = Vec::new();
    let mut stdout = std::io::stdout().lock();
    while let Some(page) = pager.next_page().await.map_err(Failure::from)? {
        let text = page.to_json_text().map_err(Failure::from)?;
        let page: Value = serde_json::from_str(&text).unwrap_or_default();
        let items = page["items"].as_array().cloned().unwrap_or_default();
        if as_json {
            for item in &items {
                let _ = writeln!(
                    stdout,
                    "{}",
                    serde_json::to_string(item).unwrap_or_default()
                );
            }
        } else {
            kept.extend(items);
            if progress {
                eprint!("\r{} items…", kept.len());
            }
        }
    }
    if !as_json {
        if progress {
            eprint!("\r\x1b[2K");
        }
        let _ = writeln!(stdout, "{}", output::rows(&kept));
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format!("could not start: {e}")))
}

/// The client: the environment's keys and base URL, replaced by the files and flags given.
fn client(matches: &ArgMatches) -> Result<Client, Failure> {
    let mut options = ClientOptions::from_env();
    let key = |flag: &str| -> Result<Option<String>, Failure> {
        match matches.get_one::<String>(flag) {
            None => Ok(None),
            Some(path) => exit::read_key(path, flag).map(Some),
        }
    };
    if let Some(k) = key("api-key-file")? {
        options.api_key = Some(k);
    }
    if let Some(k) = key("org-api-key-file")? {
        options.org_api_key = Some(k);
    }
    if let Some(k) = key("user-api-key-file")? {
        options.user_api_key = Some(k);
    }
    if let Some(url) = matches.get_one::<String>("base-url") {
        options.base_url = Some(url.clone());
    }
    if let Some(text) = matches.get_one::<String>("request-timeout") {
        let limit = args::duration(text).ok_or_else(|| {
            Failure::usage(format!("--request-timeout takes a duration, got {text:?}"))
        })?;
        options.timeout = Some(limit);
    }
    if let Some(n) = matches.get_one::<u32>("max-retries") {
        options.max_retries = Some(*n);
    }
    Client::new(options).map_err(Failure::from)
}
