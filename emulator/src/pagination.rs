//! `limit` / `cursor` pagination shared by every list endpoint.

use serde_json::{json, Map, Value};

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
        let limit = match params.get("limit") {
            None | Some("") => DEFAULT_LIMIT,
            Some(raw) => parse_limit(raw).ok_or_else(|| {
                ApiError::bad_request(
                    "Request_InvalidPagination",
                    format!("limit must be an integer between 1 and {MAX_LIMIT}, got {raw:?}"),
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
    pub fn page(&self, items: Vec<Value>, key: &str) -> ApiResult<Value> {
        self.page_map(items, key, |v| v)
    }

    /// The same, turning only the items of the page into JSON: the answer costs time in proportion to the
    /// page, not to everything that matched.
    pub fn page_map<T>(
        &self,
        items: Vec<T>,
        key: &str,
        to_json: impl Fn(T) -> Value,
    ) -> ApiResult<Value> {
        let total = items.len();
        if self.offset > total || (self.offset == total && total > 0) {
            return Err(ApiError::bad_request(
                "Request_InvalidPagination",
                "Invalid cursor",
            ));
        }
        let end = (self.offset + self.limit).min(total);
        let next_cursor = if end < total {
            json!(encode_cursor(end))
        } else {
            Value::Null
        };
        let page_items: Vec<Value> = items
            .into_iter()
            .skip(self.offset)
            .take(end - self.offset)
            .map(to_json)
            .collect();
        let mut out = Map::new();
        out.insert(key.to_string(), Value::Array(page_items));
        out.insert("next_cursor".into(), next_cursor);
        out.insert(
            "total_pages".into(),
            json!(total.div_ceil(self.limit).max(1)),
        );
        out.insert("current_page".into(), json!(self.offset / self.limit + 1));
        out.insert("total_items".into(), json!(total));
        Ok(Value::Object(out))
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
