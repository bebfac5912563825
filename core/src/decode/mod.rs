//! One pass from response bytes to each language's objects. A response is read once, checked against the
//! shape of its model (generated from the operation table into `crate::generated::shapes`), and handed as
//! events to a [`Sink`]: Python's builds `dict`/`list`/`str` objects directly, [`JsonText`] writes normalised
//! JSON text for JavaScript's `JSON.parse`. No intermediate tree is built and nothing is decoded twice.
//!
//! The output is exactly what the typed models produce: declared fields the server left out get their default
//! (`null`, `""`, `false`, `0`, `[]`, a default object), the project list's `data` reads as `items`, counts are
//! read leniently, a value of the wrong type is an error, and fields the model does not name are kept.

mod json_text;
mod tape;
mod walk;

pub use json_text::JsonText;
pub use tape::Tape;
pub use walk::transcode;

/// The shape of a model: its fields, in declaration order.
#[derive(Debug)]
pub struct ModelShape {
    pub name: &'static str,
    pub fields: &'static [FieldShape],
    /// Keys read as another field (`data` → `items` in the project list).
    pub aliases: &'static [(&'static str, &'static str)],
}

#[derive(Debug)]
pub struct FieldShape {
    pub wire: &'static str,
    pub kind: Kind,
    /// `null` is allowed (and is the default).
    pub optional: bool,
    /// Missing is an error (otherwise it gets its default).
    pub required: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Str,
    Bool,
    Int,
    Float,
    /// A non-negative whole number the spec types as "number": 3.0 reads as 3; null, negatives and other
    /// types as 0.
    Count,
    Strings,
    /// Any JSON, kept as it is.
    Json,
    Jsons,
    Model(&'static ModelShape),
    Models(&'static ModelShape),
}

/// The shape of an operation's response.
#[derive(Debug, Clone, Copy)]
pub enum ResponseShape {
    Model(&'static ModelShape),
    /// Any JSON (the raw request).
    Json,
}

/// What a sink does with the events of one response. Errors are the sink's own (a Python allocation that
/// failed); the walker turns them into a decode error.
pub trait Sink {
    fn null(&mut self) -> Result<(), String>;
    fn bool(&mut self, value: bool) -> Result<(), String>;
    fn i64(&mut self, value: i64) -> Result<(), String>;
    fn u64(&mut self, value: u64) -> Result<(), String>;
    fn f64(&mut self, value: f64) -> Result<(), String>;
    fn str(&mut self, value: &str) -> Result<(), String>;
    fn begin_list(&mut self) -> Result<(), String>;
    fn end_list(&mut self) -> Result<(), String>;
    fn begin_object(&mut self) -> Result<(), String>;
    fn key(&mut self, key: &str) -> Result<(), String>;
    /// A key from a [`Tape`], with its index there: the same key always has the same index, so a sink may
    /// keep what it made for it by index rather than by text.
    fn indexed_key(&mut self, _index: usize, key: &str) -> Result<(), String> {
        self.key(key)
    }
    fn end_object(&mut self) -> Result<(), String>;
    /// Whether JSON values the model keeps as they are should come as raw text ([`Sink::raw_json`]) rather
    /// than as events.
    fn takes_raw_json(&self) -> bool {
        false
    }
    /// One such value as raw JSON text (only called when [`Sink::takes_raw_json`]).
    fn raw_json(&mut self, _text: &str) -> Result<(), String> {
        Err("this sink takes no raw JSON".to_string())
    }
    /// The output differs from the input here (a default filled in, an alias renamed, a count made whole).
    fn normalised(&mut self) {}
}

/// A sink that only checks: whether the body reads as the model, and whether it is already in the
/// normalised form (then it can be handed on as it is).
#[derive(Default)]
pub struct Check {
    pub changed: bool,
}

impl Sink for Check {
    fn null(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn bool(&mut self, _: bool) -> Result<(), String> {
        Ok(())
    }
    fn i64(&mut self, _: i64) -> Result<(), String> {
        Ok(())
    }
    fn u64(&mut self, _: u64) -> Result<(), String> {
        Ok(())
    }
    fn f64(&mut self, _: f64) -> Result<(), String> {
        Ok(())
    }
    fn str(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn begin_list(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn begin_object(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn key(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn end_object(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn takes_raw_json(&self) -> bool {
        true
    }
    fn raw_json(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn normalised(&mut self) {
        self.changed = true;
    }
}
