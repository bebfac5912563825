//! One error enum for Kotlin (`ComposioException`, a sealed class) and Swift (`ComposioError`):
//! a variant per core `ErrorKind`, each with every field of the core error.

use std::fmt;

use composio::ErrorKind;

macro_rules! composio_error {
    ($($(#[$doc:meta])* $variant:ident),* $(,)?) => {
        /// The error of every operation. `description` is the one-line summary (operation, status,
        /// server message, slug, request id); `reason` is the message alone. No field holds a key.
        #[derive(Debug, uniffi::Error)]
        #[uniffi::export(Display)]
        pub enum ComposioError {
            $($(#[$doc])* $variant {
                description: String,
                reason: String,
                status: Option<u16>,
                code: Option<i64>,
                slug: Option<String>,
                request_id: Option<String>,
                suggested_fix: Option<String>,
                errors: Vec<String>,
                /// How long the server asked to wait (`Retry-After`), on 429 and 503.
                retry_after: Option<std::time::Duration>,
                body: Option<String>,
            },)*
        }

        impl ComposioError {
            fn fields(&self) -> Fields<'_> {
                match self {
                    $(Self::$variant { description, reason, status, code, slug, request_id, retry_after, .. } =>
                        Fields { kind: ErrorKind::$variant, description, reason, status: *status, code: *code,
                                 slug, request_id, retry_after: *retry_after },)*
                }
            }
        }

        impl From<composio::Error> for ComposioError {
            fn from(e: composio::Error) -> Self {
                let description = e.to_string();
                let reason = e.message().to_string();
                let status = e.status();
                let code = e.code();
                let slug = e.slug().map(str::to_string);
                let request_id = e.request_id().map(str::to_string);
                let suggested_fix = e.suggested_fix().map(str::to_string);
                let errors = e.errors().to_vec();
                let retry_after = e.retry_after();
                let body = e.body().map(str::to_string);
                match e.kind() {
                    $(ErrorKind::$variant => Self::$variant {
                        description, reason, status, code, slug, request_id, suggested_fix, errors,
                        retry_after, body,
                    },)*
                }
            }
        }
    };
}

// The variants, one per error kind of api/errors.toml.
include!("error_variants.rs");

/// The fields every variant has, for the accessors on the base type.
struct Fields<'a> {
    kind: ErrorKind,
    description: &'a str,
    reason: &'a str,
    status: Option<u16>,
    code: Option<i64>,
    slug: &'a Option<String>,
    request_id: &'a Option<String>,
    retry_after: Option<std::time::Duration>,
}

/// Accessors on the base type (`ComposioException` / `ComposioError`), so a handler need not match
/// on the variant to read the common fields.
#[uniffi::export]
impl ComposioError {
    /// The kind as the shared test cases and every binding spell it (`not_found`, …).
    pub fn kind(&self) -> String {
        self.fields().kind.as_str().to_string()
    }
    pub fn status(&self) -> Option<u16> {
        self.fields().status
    }
    pub fn code(&self) -> Option<i64> {
        self.fields().code
    }
    pub fn slug(&self) -> Option<String> {
        self.fields().slug.clone()
    }
    pub fn reason(&self) -> String {
        self.fields().reason.to_string()
    }
    pub fn request_id(&self) -> Option<String> {
        self.fields().request_id.clone()
    }
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.fields().retry_after
    }
}

impl fmt::Display for ComposioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.fields().description)
    }
}

impl std::error::Error for ComposioError {}

/// A bad argument found while converting it (invalid JSON text, for one).
pub(crate) fn invalid_argument(message: String) -> ComposioError {
    composio::Error::configuration(message).into()
}
