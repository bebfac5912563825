//! What the generated table (`generated.rs`) says of each command: the operation it runs and its arguments.

/// How a flag's text becomes the operation's JSON argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    Text,
    Bool,
    Int,
    /// `30s`, `1500ms`, `2m`, or a number of seconds; sent as milliseconds.
    Duration,
    /// Comma-separated, or the flag repeated.
    List,
    /// JSON text, or `@file` (`@-`: standard input).
    Json,
    /// `@file` (`@-`: standard input), or the text itself; sent as base64.
    Bytes,
}

#[derive(Debug)]
pub struct ArgSpec {
    /// The operation's argument (snake_case).
    pub name: &'static str,
    /// The flag (`--kebab-case`) or the positional's value name.
    pub flag: &'static str,
    pub kind: ArgKind,
    pub required: bool,
    pub positional: bool,
    pub local_path: bool,
    /// A secret the command line takes from a file or standard input too (`@file`), so it stays out of history.
    pub secret: bool,
    pub one_of: &'static [&'static str],
    pub doc: &'static str,
}

#[derive(Debug)]
pub struct OpSpec {
    /// `group.method`, as the core's by-name dispatch names it.
    pub operation: &'static str,
    /// The subcommand (kebab-case).
    pub name: &'static str,
    pub about: &'static str,
    /// The spec's description, for `--help`.
    pub help: &'static str,
    /// A page operation: `--all` follows every page.
    pub page: bool,
    pub args: &'static [ArgSpec],
}

#[derive(Debug)]
pub struct GroupSpec {
    pub name: &'static str,
    pub about: &'static str,
    pub ops: &'static [OpSpec],
}
