//! `limit` / `cursor` pagination shared by every list endpoint.

use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;

use crate::errors::{ApiError, ApiResult};
use crate::params::Params;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 1000;
const CURSOR_PREFIX: &str = "cur_";

/// Where a page starts and how long it is, read from the query.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub offset: usize,
    pub limit: usize,
}

impl PageRequest {
    pub fn from_params(params: &Params) -> ApiResult<Self> {
        // The spec sets no minimum for `limit`, so 0 is accepted and means the default page size.
        let limit = match params.get("limit") {
            None | Some("") => DEFAULT_LIMIT,
            Some(raw) if raw.trim().parse::<f64>() == Ok(0.0) => DEFAULT_LIMIT,
            Some(raw) => parse_limit(raw).ok_or_else(|| {
                ApiError::bad_request(
                    "Request_InvalidPagination",
                    format!("limit must be an integer between 0 and {MAX_LIMIT}, got {raw:?}"),
                )
            })?,
        };
        let offset = match params.get("cursor") {
            None | Some("") => 0,
            Some(raw) => decode_cursor(raw).ok_or_else(|| {
                ApiError::bad_request(
                    "Request_InvalidPagination",
                    format!("Invalid cursor {raw:?}"),
                )
            })?,
        };
        Ok(PageRequest { offset, limit })
    }

    /// Slices `items` and returns the page object with the items under `key` ("items" or "data").
    /// A cursor beyond the end is unknown (400): a real cursor never points there.
    pub fn page(&self, items: Vec<Value>, key: &'static str) -> ApiResult<PageBody<Value>> {
        self.page_map(items, key, |v| v)
    }

    /// The same, turning only the items of the page into JSON: the answer costs time in proportion to the
    /// page, not to everything that matched.
    pub fn page_map<T, V: Serialize>(
        &self,
        items: Vec<T>,
        key: &'static str,
        to_json: impl Fn(T) -> V,
    ) -> ApiResult<PageBody<V>> {
        let total = items.len();
        if self.offset > total || (self.offset == total && total > 0) {
            return Err(ApiError::bad_request(
                "Request_InvalidPagination",
                "Invalid cursor",
            ));
        }
        let end = (self.offset + self.limit).min(total);
        let items = items
            .into_iter()
            .skip(self.offset)
            .take(end - self.offset)
            .map(to_json)
            .collect();
        Ok(PageBody {
            key,
            items,
            next_cursor: (end < total).then(|| encode_cursor(end)),
            total_pages: total.div_ceil(self.limit).max(1),
            current_page: self.offset / self.limit + 1,
            total_items: total,
        })
    }
}

/// A page as the API sends it: the items under `key` ("items", or "data" for the project list), then the
/// cursor and totals. Items may be pre-serialized JSON (`RawValue`), so a page costs a copy, not a re-encode.
pub struct PageBody<V> {
    key: &'static str,
    items: Vec<V>,
    next_cursor: Option<String>,
    total_pages: usize,
    current_page: usize,
    total_items: usize,
}

impl<V: Serialize> Serialize for PageBody<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry(self.key, &self.items)?;
        map.serialize_entry("next_cursor", &self.next_cursor)?;
        map.serialize_entry("total_pages", &self.total_pages)?;
        map.serialize_entry("current_page", &self.current_page)?;
        map.serialize_entry("total_items", &self.total_items)?;
        map.end()
    }
}

fn parse_limit(raw: &str) -> Option<usize> {
    // The spec types limit as a number, so accept "50" and "50.0" but not "50.5".
    let n: f64 = raw.trim().parse().ok()?;
    if n.fract() != 0.0 || !(1.0..=MAX_LIMIT as f64).contains(&n) {
        return None;
    }
    Some(n as usize)
}

fn encode_cursor(offset: usize) -> String {
    format!("{CURSOR_PREFIX}{offset:08x}")
}

fn decode_cursor(raw: &str) -> Option<usize> {
    let hex = raw.strip_prefix(CURSOR_PREFIX)?;
    if hex.len() != 8 {
        return None;
    }
    usize::from_str_radix(hex, 16).ok()
}
