//! A sink that writes normalised JSON text: what JavaScript's `JSON.parse` reads in one go. JSON the model
//! keeps as it is (tool schemas) is copied as raw text, never re-encoded; or, [`JsonText::deferred`], moved
//! to a second text so JavaScript parses each one only when it is first read.

use super::Sink;

/// The size from which deferred mode moves a raw value out (bytes of JSON): a stand-in and an accessor cost
/// about what parsing a value of that size does.
const DEFER_FROM: usize = 96;

#[derive(Default)]
pub struct JsonText {
    out: Vec<u8>,
    /// Per open container: whether it is still empty (no comma before the next element).
    empty: Vec<bool>,
    after_key: bool,
    /// Deferred mode: the raw values, one after another, in ASCII.
    deferred: Option<Vec<u8>>,
}

impl JsonText {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: Vec::with_capacity(bytes),
            ..Self::default()
        }
    }

    /// A sink that writes each raw value of 96 bytes or more as `{"\u0000raw":[start,end]}` (no API field
    /// name holds a NUL, so the stand-in cannot be mistaken for data) and the values themselves into a tail
    /// ([`JsonText::into_parts`]): `start..end` is a value's span there. Both texts are ASCII, every other character written as a `\u` escape, which JSON allows
    /// in any string: V8 then keeps it one byte per character, and byte offsets are JavaScript's offsets.
    pub fn deferred(bytes: usize) -> Self {
        Self {
            out: Vec::with_capacity(bytes / 4 + 256),
            deferred: Some(Vec::with_capacity(bytes + 64)),
            ..Self::default()
        }
    }

    /// Deferred mode's two texts: the rest, and the tail of raw values (empty when there is none).
    pub fn into_parts(self) -> (String, String) {
        let tail = self.deferred.unwrap_or_default();
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap_or_default();
        (text(self.out), text(tail))
    }

    /// The text written; valid UTF-8, since every piece is.
    pub fn into_string(self) -> String {
        String::from_utf8(self.out).unwrap_or_default()
    }

    fn separate(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(empty) = self.empty.last_mut() {
            if !std::mem::replace(empty, false) {
                self.out.push(b',');
            }
        }
    }

    fn string(&mut self, text: &str) -> Result<(), String> {
        if self.deferred.is_none() || text.is_ascii() {
            return serde_json::to_writer(&mut self.out, text).map_err(|e| e.to_string());
        }
        let json = serde_json::to_string(text).map_err(|e| e.to_string())?;
        push_ascii(&mut self.out, &json);
        Ok(())
    }
}

/// Appends JSON text with every non-ASCII character as a `\u` escape (two for one outside the BMP). Such
/// characters only occur inside JSON strings, where the escape means the same character.
fn push_ascii(out: &mut Vec<u8>, json: &str) {
    if json.is_ascii() {
        out.extend_from_slice(json.as_bytes());
        return;
    }
    let mut units = [0u16; 2];
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            for unit in c.encode_utf16(&mut units) {
                out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
            }
        }
    }
}

impl Sink for JsonText {
    fn null(&mut self) -> Result<(), String> {
        self.separate();
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn bool(&mut self, value: bool) -> Result<(), String> {
        self.separate();
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }
    fn i64(&mut self, value: i64) -> Result<(), String> {
        self.separate();
        self.out.extend_from_slice(value.to_string().as_bytes());
        Ok(())
    }
    fn u64(&mut self, value: u64) -> Result<(), String> {
        self.separate();
        self.out.extend_from_slice(value.to_string().as_bytes());
        Ok(())
    }
    fn f64(&mut self, value: f64) -> Result<(), String> {
        self.separate();
        serde_json::to_writer(&mut self.out, &value).map_err(|e| e.to_string())
    }
    fn str(&mut self, value: &str) -> Result<(), String> {
        self.separate();
        self.string(value)
    }
    fn begin_list(&mut self) -> Result<(), String> {
        self.separate();
        self.out.push(b'[');
        self.empty.push(true);
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), String> {
        self.empty.pop();
        self.out.push(b']');
        Ok(())
    }
    fn begin_object(&mut self) -> Result<(), String> {
        self.separate();
        self.out.push(b'{');
        self.empty.push(true);
        Ok(())
    }
    fn key(&mut self, key: &str) -> Result<(), String> {
        self.separate();
        self.string(key)?;
        self.out.push(b':');
        self.after_key = true;
        Ok(())
    }
    fn end_object(&mut self) -> Result<(), String> {
        self.empty.pop();
        self.out.push(b'}');
        Ok(())
    }
    fn takes_raw_json(&self) -> bool {
        true
    }
    fn raw_json(&mut self, text: &str) -> Result<(), String> {
        self.separate();
        let Some(tail) = self.deferred.as_mut() else {
            self.out.extend_from_slice(text.as_bytes());
            return Ok(());
        };
        // A small value costs JavaScript more as a stand-in than parsed with the rest.
        if text.len() < DEFER_FROM {
            push_ascii(&mut self.out, text);
            return Ok(());
        }
        let start = tail.len();
        push_ascii(tail, text);
        let marker = format!(r#"{{"\u0000raw":[{start},{}]}}"#, tail.len());
        self.out.extend_from_slice(marker.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::JsonText;
    use crate::decode::{transcode, ResponseShape};
    use crate::generated::shapes::PAGE_OF_TOOL;

    /// What JavaScript does with the two texts: parse the first, then put each value back from its span of
    /// the tail (offsets of `String.prototype.slice`: UTF-16 units, here bytes, since both are ASCII).
    fn undefer(text: &str, tail: &str) -> Value {
        fn put_back(value: &mut Value, tail: &str) {
            match value {
                Value::Object(map) if map.contains_key("\u{0}raw") => {
                    let span = &map["\u{0}raw"];
                    let start = span[0].as_u64().unwrap() as usize;
                    let end = span[1].as_u64().unwrap() as usize;
                    *value = serde_json::from_str(&tail[start..end]).unwrap();
                }
                Value::Object(map) => map.values_mut().for_each(|v| put_back(v, tail)),
                Value::Array(list) => list.iter_mut().for_each(|v| put_back(v, tail)),
                _ => {}
            }
        }
        let mut value: Value = serde_json::from_str(text).unwrap();
        put_back(&mut value, tail);
        value
    }

    fn transcoded(body: &Value, sink: &mut JsonText) {
        let body = body.to_string();
        transcode(body.as_bytes(), ResponseShape::Model(&PAGE_OF_TOOL), sink).unwrap();
    }

    fn plain(body: &Value) -> Value {
        let mut sink = JsonText::default();
        transcoded(body, &mut sink);
        serde_json::from_str(&sink.into_string()).unwrap()
    }

    fn deferred(body: &Value) -> (String, String) {
        let mut sink = JsonText::deferred(1024);
        transcoded(body, &mut sink);
        sink.into_parts()
    }

    #[test]
    fn deferred_text_moves_the_schemas_to_the_tail_and_reads_back_the_same() {
        // Non-ASCII text in a schema and in a name, a small schema, and a tool whose schemas are missing.
        let page = json!({"items": [
            {"slug": "A", "name": "Café", "input_parameters": {"type": "object",
                "description": "naïve — 日本語 😀", "title": "t".repeat(120),
                "properties": {"q": {"type": "string"}}}, "output_parameters": {}},
            {"slug": "B", "input_parameters": {"properties": {"é": {"type": "integer",
                "description": "x".repeat(200)}}}, "output_parameters": {"small": true}},
            {"slug": "C"}
        ], "next_cursor": "n"});
        let (text, tail) = deferred(&page);
        // ASCII throughout: other characters as escapes of their UTF-16 units.
        assert!(text.is_ascii() && tail.is_ascii(), "{text}\n{tail}");
        let escaped = r"na\u00efve \u2014 \u65e5\u672c\u8a9e \ud83d\ude00";
        assert!(!text.contains(escaped) && tail.contains(escaped), "{tail}");
        assert!(text.contains(r#""name":"Caf\u00e9""#), "{text}");
        assert!(text.contains(r#"{"\u0000raw":[0,"#), "{text}");
        // Small values stay in the text.
        assert!(
            text.contains(r#""output_parameters":{"small":true}"#)
                && text.contains(r#""output_parameters":{}"#),
            "{text}"
        );
        assert_eq!(undefer(&text, &tail), plain(&page));
    }

    #[test]
    fn deferred_text_without_large_raw_values_has_an_empty_tail() {
        let page =
            json!({"items": [{"slug": "C", "name": "no schemas", "input_parameters": {"a": 1}}]});
        let (text, tail) = deferred(&page);
        assert_eq!(tail, "");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), plain(&page));
    }
}
