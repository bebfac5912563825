//! Query-string access that tolerates both `tags=a,b` and `tags=a&tags=b`.

use crate::errors::{ApiError, ApiResult};

#[derive(Debug, Default, Clone)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// The last value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` (and `name[]`), split on commas, trimmed, empty ones dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        let bracketed = format!("{name}[]");
        self.0
            .iter()
            .filter(|(k, _)| k == name || *k == bracketed)
            .flat_map(|(_, v)| v.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn bool(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(ApiError::bad_request(
                "Request_InvalidQuery",
                format!("{name} must be true or false, got {v:?}"),
            )),
        }
    }

    /// `toolkit_versions=<v>` for every toolkit, or `toolkit_versions[<slug>]=<v>` for one.
    pub fn toolkit_version(&self, toolkit: &str) -> Option<&str> {
        let keyed = format!("toolkit_versions[{toolkit}]");
        self.get(&keyed)
            .or_else(|| self.get("toolkit_versions"))
            .filter(|v| !v.is_empty())
    }
}
