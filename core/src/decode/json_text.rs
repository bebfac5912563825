//! A sink that writes normalised JSON text: what JavaScript's `JSON.parse` reads in one go. JSON the model
//! keeps as it is (tool schemas) is copied as raw text, never re-encoded; or, [`JsonText::deferred`], moved
//! after the rest so JavaScript parses each one only when it is first read.

use super::Sink;

/// The size from which deferred mode moves a raw value out (bytes of JSON).
const DEFER_FROM: usize = 128;

#[derive(Default)]
pub struct JsonText {
    out: Vec<u8>,
    /// Per open container: whether it is still empty (no comma before the next element).
    empty: Vec<bool>,
    after_key: bool,
    /// Deferred mode: the raw values, one after another, and their length in UTF-16 code units (the
    /// offsets JavaScript's `slice` takes).
    deferred: Option<(String, usize)>,
}

impl JsonText {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: Vec::with_capacity(bytes),
            ..Self::default()
        }
    }

    /// A sink that writes each raw value of 128 bytes or more as `{"\u0000raw":[start,end]}` (no API field name holds a NUL, so the
    /// stand-in cannot be mistaken for data) and, when there is any, the values
    /// themselves after a newline (which normalised JSON text never holds): `start..end` is a value's span in
    /// that tail, in UTF-16 code units.
    pub fn deferred(bytes: usize) -> Self {
        Self {
            out: Vec::with_capacity(bytes / 8 + 256),
            deferred: Some((String::with_capacity(bytes), 0)),
            ..Self::default()
        }
    }

    /// The text written; valid UTF-8, since every piece is.
    pub fn into_string(self) -> String {
        let mut out = self.out;
        if let Some((tail, _)) = self.deferred.filter(|(tail, _)| !tail.is_empty()) {
            out.push(b'\n');
            out.extend_from_slice(tail.as_bytes());
        }
        String::from_utf8(out).unwrap_or_default()
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
        serde_json::to_writer(&mut self.out, text).map_err(|e| e.to_string())
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
        // A small value costs JavaScript more as a stand-in than parsed with the rest.
        let Some((tail, units)) = self.deferred.as_mut().filter(|_| text.len() >= DEFER_FROM)
        else {
            self.out.extend_from_slice(text.as_bytes());
            return Ok(());
        };
        let start = *units;
        *units += if text.is_ascii() {
            text.len()
        } else {
            text.encode_utf16().count()
        };
        tail.push_str(text);
        let marker = format!(r#"{{"\u0000raw":[{start},{}]}}"#, *units);
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

    /// What JavaScript does with deferred text: parse the part before the newline, then put each value back
    /// from its span of the tail (UTF-16 offsets, as `String.prototype.slice` takes them).
    fn undefer(text: &str) -> Value {
        let (head, tail) = text.split_once('\n').unwrap_or((text, ""));
        let units: Vec<u16> = tail.encode_utf16().collect();
        fn put_back(value: &mut Value, units: &[u16]) {
            match value {
                Value::Object(map) if map.contains_key("\u{0}raw") => {
                    let span = &map["\u{0}raw"];
                    let (start, end) = (
                        span[0].as_u64().unwrap() as usize,
                        span[1].as_u64().unwrap() as usize,
                    );
                    *value = serde_json::from_str(&String::from_utf16(&units[start..end]).unwrap())
                        .unwrap();
                }
                Value::Object(map) => map.values_mut().for_each(|v| put_back(v, units)),
                Value::Array(list) => list.iter_mut().for_each(|v| put_back(v, units)),
                _ => {}
            }
        }
        let mut value: Value = serde_json::from_str(head).unwrap();
        put_back(&mut value, &units);
        value
    }

    fn write(body: &Value, mut sink: JsonText) -> String {
        transcode(
            body.to_string().as_bytes(),
            ResponseShape::Model(&PAGE_OF_TOOL),
            &mut sink,
        )
        .unwrap();
        sink.into_string()
    }

    #[test]
    fn deferred_text_moves_the_schemas_after_the_rest_and_reads_back_the_same() {
        // Non-ASCII text in a schema (UTF-16 offsets differ from byte offsets), an empty schema, and a tool
        // whose schemas are missing.
        let page = json!({"items": [
            {"slug": "A", "input_parameters": {"type": "object", "description": "naïve — 日本語 😀", "title": "t".repeat(120),
                                                "properties": {"q": {"type": "string"}}},
             "output_parameters": {}},
            {"slug": "B", "input_parameters": {"properties": {"é": {"type": "integer", "description": "x".repeat(200)}}},
             "output_parameters": {"small": true}},
            {"slug": "C"}
        ], "next_cursor": "n"});
        let plain = write(&page, JsonText::default());
        let deferred = write(&page, JsonText::deferred(plain.len()));
        let (head, tail) = deferred.split_once('\n').unwrap();
        assert!(
            !head.contains("naïve") && tail.contains("naïve"),
            "{deferred}"
        );
        assert!(head.contains(r#"{"\u0000raw":[0,"#), "{head}");
        // Small values stay inline.
        assert!(
            head.contains(r#""output_parameters":{"small":true}"#)
                && head.contains(r#""output_parameters":{}"#),
            "{head}"
        );
        assert_eq!(
            undefer(&deferred),
            serde_json::from_str::<Value>(&plain).unwrap()
        );
    }

    #[test]
    fn deferred_text_without_raw_values_is_plain_json() {
        let page = json!({"items": [{"slug": "C", "name": "no schemas"}]});
        let deferred = write(&page, JsonText::deferred(64));
        assert!(!deferred.contains('\n'));
        assert_eq!(
            serde_json::from_str::<Value>(&deferred).unwrap(),
            serde_json::from_str::<Value>(&write(&page, JsonText::default())).unwrap()
        );
    }
}
