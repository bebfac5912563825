//! Command-line sign-ins (`POST /cli/create-session`), which the user confirms in a browser.

/// A command-line sign-in: pending until the user confirms its code (`POST /_emulator/cli/{id}/link`).
#[derive(Debug, Clone)]
pub struct CliSession {
    pub id: String,
    pub code: String,
    pub scope: String,
    pub expires_ms: u64,
    /// The project it was linked to, once it is.
    pub linked_project: Option<String>,
}
