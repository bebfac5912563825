//! The clap command tree, built from the generated table: a subcommand per group, one per operation under it, a
//! flag or positional per argument, help from the spec; plus the global flags and `completions` / `emulator`.

use clap::{Arg, ArgAction, Command, ValueHint};

use crate::generated::GROUPS;
use crate::spec::{ArgKind, ArgSpec, OpSpec};

pub const NAME: &str = "composio-rs";

pub fn build() -> Command {
    let mut root = Command::new(NAME)
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every operation of the Composio API as a command (composio-rs).")
        .long_about(
            "Every operation of the Composio API as a command. Credentials come from COMPOSIO_API_KEY, \
             COMPOSIO_ORG_API_KEY, COMPOSIO_USER_API_KEY and COMPOSIO_BASE_URL, or from files (--api-key-file; \
             `-` reads standard input), so keys stay out of shell history. Output is a table on a terminal and \
             JSON otherwise (or with --json).",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for group in GROUPS {
        let mut sub = Command::new(group.name)
            .about(group.about)
            .subcommand_required(true)
            .arg_required_else_help(true);
        if group.name == "mcp" {
            // `composio-rs mcp --user-id …` serves tools; `composio-rs mcp list` runs the group's operations.
            sub = crate::mcp::merged_into(sub, group.about);
        }
        for op in group.ops {
            sub = sub.subcommand(operation(op));
        }
        root = root.subcommand(sub);
    }
    root.subcommand(
        Command::new("completions")
            .about("Prints a shell completion script (bash, zsh, fish, elvish, powershell).")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(clap::value_parser!(clap_complete::Shell)),
            ),
    )
    .subcommand(
        Command::new("emulator")
            .about(
                "Starts the local Composio emulator (installed with the testing extras) and prints its \
                 connection details as one JSON line; stops on Ctrl-C.",
            )
            .arg(Arg::new("args").num_args(0..).trailing_var_arg(true).allow_hyphen_values(true)),
    )
}

fn global_args() -> Vec<Arg> {
    let global = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .global(true)
            .help(help)
            .help_heading("Global options")
    };
    vec![
        global(
            "json",
            "Print JSON (the default when standard output is not a terminal)",
        )
        .action(ArgAction::SetTrue),
        global(
            "api-key-file",
            "Read the project API key from this file (`-`: standard input)",
        )
        .value_name("PATH"),
        global(
            "org-api-key-file",
            "Read the organization API key from this file (`-`: standard input)",
        )
        .value_name("PATH"),
        global(
            "user-api-key-file",
            "Read the user API key from this file (`-`: standard input)",
        )
        .value_name("PATH"),
        global(
            "base-url",
            "The API's base URL (default COMPOSIO_BASE_URL, else Composio's)",
        )
        .value_name("URL"),
        global(
            "request-timeout",
            "How long one request may take: `30s`, `1500ms`, `2m` or seconds",
        )
        .value_name("DURATION"),
        global(
            "max-retries",
            "Retries of a failed request (reads; never a tool execution)",
        )
        .value_name("N")
        .value_parser(clap::value_parser!(u32)),
    ]
}

fn operation(op: &'static OpSpec) -> Command {
    let mut cmd = Command::new(op.name).about(op.about);
    if !op.help.is_empty() {
        cmd = cmd.long_about(format!("{}\n\n{}", op.about, op.help));
    }
    for spec in op.args {
        cmd = cmd.arg(argument(spec));
    }
    if op.page {
        cmd =
            cmd.arg(Arg::new("all").long("all").action(ArgAction::SetTrue).help(
                "Every page, from `--cursor` on: JSON prints one item per line as it arrives",
            ));
    }
    cmd
}

fn argument(spec: &'static ArgSpec) -> Arg {
    let mut arg = Arg::new(spec.name).help(help(spec));
    if spec.local_path {
        arg = arg.value_hint(ValueHint::FilePath); // shells complete it as a path
    }
    if spec.positional {
        arg = arg
            .value_name(spec.name.to_uppercase())
            .required(spec.required);
    } else {
        arg = arg
            .long(spec.flag)
            .value_name(spec.flag.to_uppercase().replace('-', "_"))
            .required(spec.required);
    }
    match spec.kind {
        ArgKind::Bool if !spec.positional => arg
            .num_args(0..=1)
            .require_equals(true)
            .default_missing_value("true")
            .value_parser(clap::value_parser!(bool)),
        ArgKind::List => arg.action(ArgAction::Append).value_delimiter(','),
        ArgKind::Int => arg.value_parser(clap::value_parser!(i64)),
        _ if !spec.one_of.is_empty() => arg.value_parser(spec.one_of.to_vec()),
        _ => arg,
    }
}

fn help(spec: &ArgSpec) -> String {
    let how = match spec.kind {
        ArgKind::Json => " (JSON, or @file; @- reads standard input)",
        ArgKind::Bytes => " (@file or @- for the bytes, else the text itself)",
        ArgKind::Duration => " (`30s`, `1500ms`, `2m`, or seconds)",
        ArgKind::List => " (comma-separated, or repeated)",
        _ if spec.secret => " (or @file; @- reads standard input)",
        _ => "",
    };
    format!("{}{how}", spec.doc)
}

/// The table entry of `group op`, by the subcommand names.
pub fn find(group: &str, op: &str) -> Option<&'static OpSpec> {
    GROUPS
        .iter()
        .find(|g| g.name == group)?
        .ops
        .iter()
        .find(|o| o.name == op)
}

#[cfg(test)]
mod tests {
    /// clap's own checks of every command: no flag twice (a global one included), valid defaults.
    #[test]
    fn the_command_tree_is_valid() {
        super::build().debug_assert();
    }
}
