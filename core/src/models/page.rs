use serde::{Deserialize, Serialize};

use super::lenient_count;

/// One page of a list. The project lists' `data` array, the organisation list's `organizations` and the tool
/// execution log list's `logs` are read into `items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    #[serde(alias = "data", alias = "organizations", alias = "logs")]
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total_pages: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub current_page: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total_items: u64,
}

impl<T> Page<T> {
    /// The cursor of the next page; an empty cursor counts as none.
    pub fn next(&self) -> Option<&str> {
        self.next_cursor.as_deref().filter(|c| !c.is_empty())
    }
}
