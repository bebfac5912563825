//! What a command prints: JSON for scripts (pretty once, or one item per line when streaming every page), and on a
//! terminal a table: a list's items as rows of their plain fields, one object as field / value.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde_json::Value;

/// The widest a cell gets before it is cut (the whole value is in `--json`).
const CELL: usize = 60;
/// At most this many columns: the first fields of the items.
const COLUMNS: usize = 7;

pub fn json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A page (`items`), a list, or one object, as a table; anything else as JSON.
pub fn table(value: &Value) -> String {
    match value {
        Value::Object(map) if map.get("items").is_some_and(Value::is_array) => {
            let mut text = rows(
                map["items"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
            );
            if let Some(cursor) = map.get("next_cursor").and_then(Value::as_str) {
                text.push_str(&format!("\nnext page: --cursor {cursor}  (or --all)"));
            }
            text
        }
        Value::Array(items) => rows(items),
        Value::Object(map) => {
            let mut table = new_table();
            table.set_header(["field", "value"]);
            for (key, value) in map {
                table.add_row([key.clone(), cell(value)]);
            }
            table.to_string()
        }
        other => json(other),
    }
}

/// The items as rows; the columns are the plain (not nested) fields of the first items, in their order.
pub fn rows(items: &[Value]) -> String {
    if items.is_empty() {
        return "(none)".to_string();
    }
    let mut columns: Vec<String> = Vec::new();
    for item in items.iter().take(20) {
        for (key, value) in item.as_object().into_iter().flatten() {
            if !value.is_object()
                && !value.is_array()
                && !columns.contains(key)
                && columns.len() < COLUMNS
            {
                columns.push(key.clone());
            }
        }
    }
    if columns.is_empty() {
        return items.iter().map(json).collect::<Vec<_>>().join("\n");
    }
    let mut table = new_table();
    table.set_header(columns.clone());
    for item in items {
        table.add_row(columns.iter().map(|c| cell(&item[c.as_str()])));
    }
    format!(
        "{table}\n{} item{}",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    )
}

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // A terminal that does not say its width (a pty under `script`, some CI consoles) gets a usual one.
    if table.width().map_or(true, |w| w < 40) {
        table.set_width(120);
    }
    table
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > CELL {
        let cut: String = text.chars().take(CELL - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_is_rows_of_plain_fields() {
        let page = json!({"items": [{"id": "p1", "name": "a", "meta": {"x": 1}}, {"id": "p2", "name": "b"}],
                          "next_cursor": "c2"});
        let text = table(&page);
        assert!(
            text.contains("p1") && text.contains("p2") && !text.contains("meta"),
            "{text}"
        );
        assert!(text.contains("--cursor c2"), "{text}");
    }

    #[test]
    fn long_cells_are_cut() {
        let text = table(&json!({"description": "x".repeat(200)}));
        assert!(
            text.contains('…') && !text.contains(&"x".repeat(100)),
            "{text}"
        );
    }
}
