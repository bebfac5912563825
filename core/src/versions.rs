//! The client's `toolkit_versions` option: which toolkit version `tools.list`, `tools.get` and
//! `tools.execute` ask for when the call itself names none. Without the option nothing is sent and the
//! API (v3.1) uses each toolkit's latest version.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result};

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

    /// The `toolkit_versions` query of a tool list that names none: the version of `toolkit` when the list
    /// is of one toolkit, else one `toolkit_versions[slug]` per toolkit named (the spec's bracket form), or one
    /// version for all when only `*` is set.
    pub(crate) fn list_query(&self, toolkit: Option<&str>) -> Vec<(String, String)> {
        if let Some(toolkit) = toolkit {
            return self
                .for_toolkit(toolkit)
                .map(|v| vec![("toolkit_versions".to_string(), v.to_string())])
                .unwrap_or_default();
        }
        let named: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(k, _)| *k != "*")
            .map(|(k, v)| (format!("toolkit_versions[{k}]"), v.clone()))
            .collect();
        if !named.is_empty() {
            return named;
        }
        self.0
            .get("*")
            .map(|v| vec![("toolkit_versions".to_string(), v.clone())])
            .unwrap_or_default()
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

    #[test]
    fn a_list_asks_for_its_toolkits_versions() {
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let v = ToolkitVersions::new([pair("github", "20250101_00"), pair("*", "latest")]).unwrap();
        assert_eq!(
            v.list_query(Some("GitHub")),
            [pair("toolkit_versions", "20250101_00")]
        );
        assert_eq!(
            v.list_query(Some("gmail")),
            [pair("toolkit_versions", "latest")]
        );
        assert_eq!(
            v.list_query(None),
            [pair("toolkit_versions[github]", "20250101_00")]
        );
        let all = ToolkitVersions::all("latest").unwrap();
        assert_eq!(all.list_query(None), [pair("toolkit_versions", "latest")]);
        assert!(ToolkitVersions::default().list_query(None).is_empty());
    }
}
