//! What the generated dispatch (`crate::generated::dispatch`) needs: JSON arguments taken apart by
//! name, results as JSON, and pages as JSON.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::auth::Credential;
use crate::error::{Error, Result};
use crate::resources::RawRequest;

/// The keyword arguments of one call; every one must be used, so a misspelt name is an error.
pub(crate) struct Args {
    operation: String,
    map: Map<String, Value>,
}

impl Args {
    pub fn new(operation: &str, args: Value) -> Result<Self> {
        let map = match args {
            Value::Null => Map::new(),
            Value::Object(map) => map,
            other => {
                return Err(Error::configuration(format!(
                    "{operation}: arguments must be an object, not {other}"
                )))
            }
        };
        Ok(Self {
            operation: operation.to_string(),
            map,
        })
    }

    fn invalid(&self, why: impl std::fmt::Display) -> Error {
        Error::configuration(format!("{}: invalid arguments: {why}", self.operation))
    }

    /// A required string argument.
    pub fn string(&mut self, name: &str) -> Result<String> {
        match self.map.remove(name) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(self.invalid(format!("{name} must be a string, not {other}"))),
            None => Err(self.invalid(format!("missing field `{name}`"))),
        }
    }

    /// An optional string argument (null counts as not given).
    pub fn opt_string(&mut self, name: &str) -> Result<Option<String>> {
        match self.map.remove(name) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Null) | None => Ok(None),
            Some(other) => Err(self.invalid(format!("{name} must be a string, not {other}"))),
        }
    }

    /// Every remaining argument, as the operation's parameter struct (which rejects unknown names).
    pub fn rest<T: DeserializeOwned>(&mut self) -> Result<T> {
        let rest = Value::Object(std::mem::take(&mut self.map));
        serde_json::from_value(rest).map_err(|e| self.invalid(e))
    }

    /// Fails on any argument that was not used.
    pub fn done(self) -> Result<()> {
        match self.map.keys().next() {
            Some(name) => Err(self.invalid(format!("unknown field `{name}`"))),
            None => Ok(()),
        }
    }
}

pub(crate) fn json(model: impl serde::Serialize) -> Result<Value> {
    serde_json::to_value(model)
        .map_err(|e| Error::configuration(format!("could not encode a result: {e}")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestArgs {
    method: String,
    path: String,
    #[serde(default)]
    query: Option<Map<String, Value>>,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    credential: Option<String>,
}

pub(crate) fn raw_request(a: RequestArgs) -> Result<RawRequest> {
    let credential = match a.credential.as_deref().unwrap_or("project") {
        "project" => Credential::Project,
        "org" => Credential::Org,
        "user" => Credential::User,
        "project_or_user" => Credential::ProjectOrUser,
        "none" => Credential::None,
        other => {
            return Err(Error::configuration(format!(
                "credential must be \"project\", \"org\", \"user\", \"project_or_user\" or \"none\", not {other:?}"
            )))
        }
    };
    let query = a
        .query
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect();
    Ok(RawRequest {
        method: a.method,
        path: a.path,
        query,
        body: a.body,
        credential,
    })
}
