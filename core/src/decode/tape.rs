//! A response read ahead: the events of one [`transcode`](super::transcode), recorded so that another sink
//! gets them later. Python reads a body on a runtime thread, without the GIL, and the thread that holds it
//! only builds objects: nothing there is parsed, unescaped or checked as UTF-8 again.

use std::collections::HashMap;

use super::Sink;

/// Recorded events; strings are spans of one buffer, keys indexes into a table of distinct keys.
#[derive(Debug, Default)]
pub struct Tape {
    events: Vec<Event>,
    text: String,
    keys: Vec<(usize, usize)>,
    key_index: HashMap<String, usize>,
    raw_json: bool,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(usize, usize),
    BeginList,
    EndList,
    BeginObject,
    Key(usize),
    EndObject,
    RawJson(usize, usize),
}

impl Tape {
    /// A tape for a sink that takes raw JSON ([`Sink::takes_raw_json`]) or not.
    pub fn new(raw_json: bool, bytes: usize) -> Self {
        Self {
            events: Vec::with_capacity(bytes / 16),
            text: String::with_capacity(bytes),
            raw_json,
            ..Self::default()
        }
    }

    /// Sends the recorded events to `sink`, each key with its index in this tape (see [`Sink::indexed_key`]).
    pub fn replay(&self, sink: &mut dyn Sink) -> Result<(), String> {
        let span = |start: usize, end: usize| &self.text[start..end];
        for event in &self.events {
            match *event {
                Event::Null => sink.null()?,
                Event::Bool(v) => sink.bool(v)?,
                Event::I64(v) => sink.i64(v)?,
                Event::U64(v) => sink.u64(v)?,
                Event::F64(v) => sink.f64(v)?,
                Event::Str(s, e) => sink.str(span(s, e))?,
                Event::BeginList => sink.begin_list()?,
                Event::EndList => sink.end_list()?,
                Event::BeginObject => sink.begin_object()?,
                Event::Key(i) => {
                    let (s, e) = self.keys[i];
                    sink.indexed_key(i, span(s, e))?
                }
                Event::EndObject => sink.end_object()?,
                Event::RawJson(s, e) => sink.raw_json(span(s, e))?,
            }
        }
        Ok(())
    }

    /// How many distinct keys the events use (the indexes [`Tape::replay`] passes are below it).
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    fn push_text(&mut self, text: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(text);
        (start, self.text.len())
    }
}

impl Sink for Tape {
    fn null(&mut self) -> Result<(), String> {
        self.events.push(Event::Null);
        Ok(())
    }
    fn bool(&mut self, value: bool) -> Result<(), String> {
        self.events.push(Event::Bool(value));
        Ok(())
    }
    fn i64(&mut self, value: i64) -> Result<(), String> {
        self.events.push(Event::I64(value));
        Ok(())
    }
    fn u64(&mut self, value: u64) -> Result<(), String> {
        self.events.push(Event::U64(value));
        Ok(())
    }
    fn f64(&mut self, value: f64) -> Result<(), String> {
        self.events.push(Event::F64(value));
        Ok(())
    }
    fn str(&mut self, value: &str) -> Result<(), String> {
        let (s, e) = self.push_text(value);
        self.events.push(Event::Str(s, e));
        Ok(())
    }
    fn begin_list(&mut self) -> Result<(), String> {
        self.events.push(Event::BeginList);
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), String> {
        self.events.push(Event::EndList);
        Ok(())
    }
    fn begin_object(&mut self) -> Result<(), String> {
        self.events.push(Event::BeginObject);
        Ok(())
    }
    fn key(&mut self, key: &str) -> Result<(), String> {
        let index = match self.key_index.get(key) {
            Some(&index) => index,
            None => {
                let span = self.push_text(key);
                self.keys.push(span);
                self.key_index.insert(key.to_string(), self.keys.len() - 1);
                self.keys.len() - 1
            }
        };
        self.events.push(Event::Key(index));
        Ok(())
    }
    fn end_object(&mut self) -> Result<(), String> {
        self.events.push(Event::EndObject);
        Ok(())
    }
    fn takes_raw_json(&self) -> bool {
        self.raw_json
    }
    fn raw_json(&mut self, text: &str) -> Result<(), String> {
        let (s, e) = self.push_text(text);
        self.events.push(Event::RawJson(s, e));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::Tape;
    use crate::decode::{transcode, JsonText, ResponseShape, Sink};
    use crate::generated::shapes::PAGE_OF_TOOL;

    fn text_of(shape: ResponseShape, body: &Value, via_tape: bool) -> Value {
        let bytes = serde_json::to_vec(body).unwrap();
        let mut out = JsonText::with_capacity(bytes.len());
        if via_tape {
            let mut tape = Tape::new(out.takes_raw_json(), bytes.len());
            transcode(&bytes, shape, &mut tape).unwrap();
            tape.replay(&mut out).unwrap();
        } else {
            transcode(&bytes, shape, &mut out).unwrap();
        }
        serde_json::from_str(&out.into_string()).unwrap()
    }

    #[test]
    fn a_replayed_tape_gives_the_sink_what_the_body_would() {
        let page = json!({
            "items": [
                {"slug": "A_B", "name": "é \" \\n", "input_parameters": {"type": "object", "x": [1, 2.5, -3]},
                 "tags": ["t"], "extra": {"nested": [null, true, false, 18446744073709551615u64]}},
                {"slug": "C", "deprecated": {"available_versions": ["1"]}}
            ],
            "next_cursor": null,
            "total_items": 2.0
        });
        let shape = ResponseShape::Model(&PAGE_OF_TOOL);
        assert_eq!(text_of(shape, &page, true), text_of(shape, &page, false));
        let any = json!([{"a": {"a": [1, {"a": "z"}]}}, "s", 0.5]);
        let shape = ResponseShape::Json;
        assert_eq!(text_of(shape, &any, true), text_of(shape, &any, false));
    }

    #[test]
    fn each_distinct_key_has_one_index() {
        let body = serde_json::to_vec(&json!([{"a": 1, "b": 2}, {"b": 3, "a": 4}])).unwrap();
        let mut tape = Tape::new(false, body.len());
        transcode(&body, ResponseShape::Json, &mut tape).unwrap();
        assert_eq!(tape.key_count(), 2);
    }
}
