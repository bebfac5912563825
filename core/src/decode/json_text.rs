//! A sink that writes normalised JSON text: what JavaScript's `JSON.parse` reads in one go. JSON the model
//! keeps as it is (tool schemas) is copied as raw text, never re-encoded.

use super::Sink;

#[derive(Default)]
pub struct JsonText {
    out: Vec<u8>,
    /// Per open container: whether it is still empty (no comma before the next element).
    empty: Vec<bool>,
    after_key: bool,
}

impl JsonText {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: Vec::with_capacity(bytes),
            ..Self::default()
        }
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
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}
