//! Operations by name with JSON arguments, for the language bindings: each binding converts its
//! native keyword arguments to JSON once, and the generated dispatch parses them into the typed
//! parameters and runs the typed operation. Argument parsing and validation therefore live in the
//! core, once, for every language.

pub(crate) mod args;

use serde_json::Value;

pub use crate::generated::dispatch::{Call, OPERATIONS};

/// An operation of the table: its name, the spec operation it implements (`METHOD /api/v3/...`), and
/// whether it is a helper that makes several requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct OperationInfo {
    pub name: &'static str,
    pub spec: &'static str,
    pub helper: bool,
}
pub use crate::transport::Response;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::pagination::Cursor;

/// A pager over any page operation (`tools.list`, …), yielding each page undecoded, for a one-pass decoder.
pub struct JsonPager {
    client: Client,
    call: Call,
    cursor: Cursor,
}

impl JsonPager {
    /// A pager for the page operation `operation` with these arguments (`cursor` is where to start;
    /// `limit` is the page size).
    pub fn new(client: &Client, operation: &str, args: Value) -> Result<Self> {
        let call = Call::parse(operation, args)?;
        if call.with_cursor(None).is_none() {
            return Err(Error::configuration(format!(
                "{operation} has no pages to iterate"
            )));
        }
        let first = call.cursor();
        Ok(Self {
            client: client.clone(),
            call,
            cursor: Cursor::new(first),
        })
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Response>> {
        let Some(sent) = self.cursor.take() else {
            return Ok(None);
        };
        let Some(call) = self.call.with_cursor(sent.clone()) else {
            return Ok(None); // not reached: `new` accepts page operations only
        };
        match call.run_raw(&self.client).await {
            Ok(page) => {
                // A body that does not read as the model fails when the binding decodes it.
                let next = if self.call.numbered() {
                    page.next_page_number()
                } else {
                    page.next_cursor()
                };
                self.cursor.advance(sent.as_deref(), next.as_deref())?;
                Ok(Some(page))
            }
            Err(e) => {
                self.cursor.failed(sent);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    #[test]
    fn parses_typed_arguments_and_rejects_unknown_ones() {
        let call =
            Call::parse("tools.list", json!({"toolkit_slug": "github", "limit": 5})).unwrap();
        assert!(matches!(call, Call::ToolsList { params } if params.limit == Some(5)));
        let err = Call::parse("tools.list", json!({"toolkit": "github"})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("toolkit"), "{err}");
        let err = Call::parse("tools.list", json!({"limit": "five"})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        let err = Call::parse("tools.get", json!({"slug": "X", "versoin": "1"})).unwrap_err();
        assert!(err.message().contains("versoin"), "{err}");
        assert_eq!(
            Call::parse("nope", Value::Null).unwrap_err().kind(),
            ErrorKind::Configuration
        );
        assert!(OPERATIONS.iter().all(|op| !matches!(Call::parse(op.name, Value::Null), Err(e) if e.message().contains("unknown operation"))));
    }

    #[test]
    fn execute_takes_its_parameters_flat() {
        let call = Call::parse(
            "tools.execute",
            json!({"slug": "X_Y", "text": "hi", "user_id": "u"}),
        )
        .unwrap();
        assert!(
            matches!(call, Call::ToolsExecute { slug, params } if slug == "X_Y" && params.text.as_deref() == Some("hi"))
        );
    }
}
