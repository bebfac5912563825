use serde::{Deserialize, Serialize};

use super::lenient_count;

/// One page of a list. The project lists' `data` array, the organisation list's `organizations` and the tool
/// execution log list's `logs` are read into `items`. A cursor list's next page is `next()` (pass it as `cursor`);
/// a numbered list (the MCP servers') has no cursor, and its next page is `next_page_no()` (pass it as `page_no`).
/// `iter` follows either.
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

    /// The number of the next page of a numbered list (`current_page + 1` while `current_page < total_pages`); none
    /// on the last page, on an empty one, and whenever the page has a cursor (a cursor list's numbers only count).
    pub fn next_page_no(&self) -> Option<u64> {
        if self.next().is_some() {
            return None;
        }
        next_page_number(self.current_page, self.total_pages, self.items.len())
    }
}

/// The page after `current` of `total` (an empty page ends the walk, whatever the counts say).
pub(crate) fn next_page_number(current: u64, total: u64, items: usize) -> Option<u64> {
    (items > 0 && current >= 1 && current < total).then_some(current + 1)
}

#[cfg(test)]
mod tests {
    use super::next_page_number;

    #[test]
    fn numbered_pages_end_at_the_last_or_an_empty_page() {
        assert_eq!(next_page_number(1, 3, 10), Some(2));
        assert_eq!(next_page_number(3, 3, 10), None);
        assert_eq!(next_page_number(1, 3, 0), None);
        assert_eq!(next_page_number(0, 3, 10), None);
    }
}
