//! A response whose body is still bytes: read once, by a one-pass decoder, into a binding's objects.

use bytes::Bytes;

use super::{decode_error, RawResponse};
use crate::decode::{transcode, Check, JsonText, ResponseShape, Sink, Tape};
use crate::error::Result;
use crate::secret::ApiKey;

/// The 2xx response of one call, undecoded, with the shape of its model.
pub struct Response {
    raw: RawResponse,
    operation: &'static str,
    shape: ResponseShape,
    /// The client's keys when the call was made, to scrub a decode error's body.
    keys: Vec<ApiKey>,
}

impl Response {
    pub(crate) fn new(
        raw: RawResponse,
        operation: &'static str,
        shape: ResponseShape,
        keys: Vec<ApiKey>,
    ) -> Self {
        Self {
            raw,
            operation,
            shape,
            keys,
        }
    }

    /// A helper's result (already a model's JSON) as a response, so bindings read it like any other.
    pub(crate) fn from_result(
        operation: &'static str,
        shape: ResponseShape,
        value: serde_json::Value,
    ) -> Result<Self> {
        let body = serde_json::to_vec(&value).map_err(|e| {
            crate::error::Error::configuration(format!(
                "could not encode {operation}'s result: {e}"
            ))
        })?;
        let raw = RawResponse {
            status: reqwest::StatusCode::OK,
            body: body.into(),
            request_id: String::new(),
        };
        Ok(Self::new(raw, operation, shape, Vec::new()))
    }

    /// The body's bytes, as the server sent them.
    pub fn body(&self) -> &Bytes {
        &self.raw.body
    }

    /// Reads the body once into `sink`, checked against the model; a body that does not match is a
    /// `decode` error, as for the typed models.
    pub fn write_to(&self, sink: &mut dyn Sink) -> Result<()> {
        transcode(&self.raw.body, self.shape, sink)
            .map_err(|e| decode_error(e, self.operation, &self.raw, &self.keys))
    }

    /// The body as normalised JSON text (what the typed model would serialize to), for `JSON.parse`. A body
    /// already in that form (the usual case) is checked once and handed on as it is.
    pub fn to_json_text(&self) -> Result<String> {
        let mut check = Check::default();
        self.write_to(&mut check)?;
        if !check.changed && !self.raw.body.is_empty() {
            if let Ok(text) = std::str::from_utf8(&self.raw.body) {
                return Ok(text.to_string());
            }
        }
        let mut text = JsonText::with_capacity(self.raw.body.len() + 256);
        self.write_to(&mut text)?;
        Ok(text.into_string())
    }

    /// The body read ahead into a [`Tape`] (raw JSON kept as text when `raw_json`), for a sink that is
    /// given the events later, on another thread.
    pub fn to_tape(&self, raw_json: bool) -> Result<Tape> {
        let mut tape = Tape::new(raw_json, self.raw.body.len());
        self.write_to(&mut tape)?;
        Ok(tape)
    }

    /// The body as normalised JSON text with the values the model keeps as they are (tool schemas, ~90 % of a
    /// tool list's bytes) moved to a second text ([`JsonText::deferred`]): JavaScript parses the first at once
    /// and each of those when first read. The tail is empty when nothing was moved.
    pub fn to_deferred_json_parts(&self) -> Result<(String, String)> {
        let mut text = JsonText::deferred(self.raw.body.len());
        self.write_to(&mut text)?;
        Ok(text.into_parts())
    }

    /// The page after this numbered page (`current_page`, `total_pages`), if any.
    pub(crate) fn next_page_number(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Numbers {
            #[serde(default, deserialize_with = "crate::models::lenient_count")]
            current_page: u64,
            #[serde(default, deserialize_with = "crate::models::lenient_count")]
            total_pages: u64,
            #[serde(default)]
            items: Vec<serde::de::IgnoredAny>,
        }
        let n: Numbers = serde_json::from_slice(&self.raw.body).ok()?;
        crate::models::next_page_number(n.current_page, n.total_pages, n.items.len())
            .map(|n| n.to_string())
    }

    /// The `next_cursor` of a page body (empty counts as none).
    pub(crate) fn next_cursor(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct CursorOnly {
            #[serde(default)]
            next_cursor: Option<String>,
        }
        serde_json::from_slice::<CursorOnly>(&self.raw.body)
            .ok()
            .and_then(|c| c.next_cursor)
            .filter(|c| !c.is_empty())
    }
}
