//! The client's `toolkit_versions` option: which toolkit version `tools.list`, `tools.get` and
//! `tools.execute` ask for when the call itself names none. Without the option nothing is sent and the
//! API (v3.1) uses each toolkit's latest version.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::transport::Call;

/// Toolkit slug → version; the key `*` is the version for every other toolkit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolkitVersions(BTreeMap<String, String>);

impl ToolkitVersions {
    /// From a map of toolkit slug → version (`*` for the rest); slugs are matched without case.
    pub fn new(map: impl IntoIterator<Item = (String, String)>) -> Result<Self> {
        let mut out = BTreeMap::new();
        for (toolkit, version) in map {
            if toolkit.is_empty() || version.is_empty() {
                return Err(Error::configuration(
                    "toolkit_versions: toolkit slugs and versions must not be empty",
                ));
            }
            out.insert(toolkit.to_ascii_lowercase(), version);
        }
        Ok(Self(out))
    }

    /// One version for every toolkit (`"latest"` or a version such as `20250909_00`).
    pub fn all(version: impl Into<String>) -> Result<Self> {
        Self::new([("*".to_string(), version.into())])
    }

    /// What the bindings pass: a string (one version for all) or an object of toolkit → version.
    pub fn from_json(value: &Value) -> Result<Self> {
        match value {
            Value::Null => Ok(Self::default()),
            Value::String(v) => Self::all(v.clone()),
            Value::Object(map) => Self::new(
                map.iter()
                    .map(|(k, v)| match v {
                        Value::String(v) => Ok((k.clone(), v.clone())),
                        _ => Err(Error::configuration(format!(
                            "toolkit_versions: the version of {k:?} must be a string"
                        ))),
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            _ => Err(Error::configuration(
                "toolkit_versions must be a version string or a map of toolkit slug to version",
            )),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The version for a toolkit: its own, else the `*` one.
    pub fn for_toolkit(&self, toolkit: &str) -> Option<&str> {
        self.0
            .get(&toolkit.to_ascii_lowercase())
            .or_else(|| self.0.get("*"))
            .map(String::as_str)
    }

    /// The version for a tool slug (`GITHUB_CREATE_ISSUE`): the toolkit whose slug is the longest prefix
    /// of it, else the `*` one. No request is made to look the tool up.
    pub fn for_tool(&self, tool_slug: &str) -> Option<&str> {
        let slug = tool_slug.to_ascii_lowercase();
        self.0
            .iter()
            .filter(|(k, _)| k.as_str() != "*" && slug.starts_with(&format!("{k}_")))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, v)| v.as_str())
            .or_else(|| self.0.get("*").map(String::as_str))
    }

    /// Adds the version to a call of `tools.list`, `tools.get` or `tools.execute` that names none.
    pub(crate) fn apply(&self, call: &mut Call<'_>) {
        if self.is_empty() {
            return;
        }
        let has = |call: &Call<'_>, name: &str| call.query.iter().any(|(k, _)| k == name);
        match call.op.name {
            "tools.list" if !has(call, "toolkit_versions") => {
                let toolkit = call
                    .query
                    .iter()
                    .find(|(k, _)| k == "toolkit_slug")
                    .map(|(_, v)| v.clone());
                match toolkit {
                    Some(t) => {
                        if let Some(v) = self.for_toolkit(&t) {
                            call.query.push(("toolkit_versions".into(), v.into()));
                        }
                    }
                    None => {
                        // Bracket notation per toolkit (the spec's form), or one version for all.
                        let named: Vec<_> = self.0.iter().filter(|(k, _)| *k != "*").collect();
                        if named.is_empty() {
                            if let Some(v) = self.0.get("*") {
                                call.query.push(("toolkit_versions".into(), v.clone()));
                            }
                        }
                        for (k, v) in named {
                            call.query
                                .push((format!("toolkit_versions[{k}]"), v.clone()));
                        }
                    }
                }
            }
            "tools.get" if !has(call, "version") => {
                let slug = call.path.rsplit('/').next().unwrap_or_default().to_string();
                if let Some(v) = self.for_tool(&slug) {
                    call.query.push(("version".into(), v.into()));
                }
            }
            "tools.execute" => {
                let slug = call.path.rsplit('/').next().unwrap_or_default().to_string();
                let Some(version) = self.for_tool(&slug) else {
                    return;
                };
                let mut body: Value = call
                    .body
                    .as_deref()
                    .and_then(|b| serde_json::from_slice(b).ok())
                    .unwrap_or_else(|| Value::Object(Default::default()));
                if let Value::Object(map) = &mut body {
                    if map.get("version").map_or(true, Value::is_null) {
                        map.insert("version".into(), Value::String(version.into()));
                        if let Ok(bytes) = serde_json::to_vec(&body) {
                            call.body = Some(bytes.into());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_takes_its_toolkit_version_else_the_default() {
        let v = ToolkitVersions::new([
            ("github".to_string(), "20250101_00".to_string()),
            ("*".to_string(), "latest".to_string()),
        ])
        .unwrap();
        assert_eq!(v.for_tool("GITHUB_CREATE_ISSUE"), Some("20250101_00"));
        assert_eq!(v.for_tool("GMAIL_SEND_EMAIL"), Some("latest"));
        assert_eq!(v.for_toolkit("GitHub"), Some("20250101_00"));
        assert!(ToolkitVersions::from_json(&serde_json::json!(3)).is_err());
        assert_eq!(
            ToolkitVersions::from_json(&serde_json::json!("latest")).unwrap(),
            ToolkitVersions::all("latest").unwrap()
        );
    }
}
