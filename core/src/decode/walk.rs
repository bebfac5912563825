//! The walker: serde visitors driven by the model's shape, emitting events to a sink as the bytes are read.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{FieldShape, Kind, ModelShape, ResponseShape, Sink};

/// Reads `bytes` once, checking them against `shape` and sending the normalised result to `sink`.
pub fn transcode(
    bytes: &[u8],
    shape: ResponseShape,
    sink: &mut dyn Sink,
) -> serde_json::Result<()> {
    let body: &[u8] = if bytes.is_empty() { b"null" } else { bytes };
    let mut de = serde_json::Deserializer::from_slice(body);
    match shape {
        ResponseShape::Model(model) => ModelSeed { model, sink }.deserialize(&mut de)?,
        ResponseShape::Json => AnySeed { sink }.deserialize(&mut de)?,
    }
    de.end()
}

fn sink_err<E: de::Error>(message: String) -> E {
    E::custom(message)
}

// ---------------------------------------------------------------------------------------------- any JSON

/// Any JSON value, as events.
struct AnySeed<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for AnySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(AnyVisitor { sink: self.sink })
    }
}

struct AnyVisitor<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> Visitor<'de> for AnyVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.sink.null().map_err(sink_err)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.sink.null().map_err(sink_err)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.sink.bool(v).map_err(sink_err)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.sink.i64(v).map_err(sink_err)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.sink.u64(v).map_err(sink_err)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.sink.f64(v).map_err(sink_err)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.sink.str(v).map_err(sink_err)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.sink.begin_list().map_err(sink_err)?;
        while seq
            .next_element_seed(AnySeed {
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        self.sink.end_list().map_err(sink_err)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.sink.begin_object().map_err(sink_err)?;
        while map
            .next_key_seed(KeySeed {
                sink: &mut *self.sink,
                model: None,
            })?
            .is_some()
        {
            map.next_value_seed(AnySeed {
                sink: &mut *self.sink,
            })?;
        }
        self.sink.end_object().map_err(sink_err)
    }
}

// ---------------------------------------------------------------------------------------------- keys

/// A key: emitted to the sink (renamed when it is an alias), and looked up among the model's fields.
struct KeySeed<'s> {
    sink: &'s mut dyn Sink,
    model: Option<&'static ModelShape>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    /// The index of the field it names, if any.
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        let Some(model) = self.model else {
            self.sink.key(key).map_err(sink_err)?;
            return Ok(None);
        };
        let name = match model.aliases.iter().find(|(alias, _)| *alias == key) {
            Some((_, field)) => {
                self.sink.normalised();
                *field
            }
            None => key,
        };
        self.sink.key(name).map_err(sink_err)?;
        Ok(model.fields.iter().position(|f| f.wire == name))
    }
}

// ---------------------------------------------------------------------------------------------- models

struct ModelSeed<'s> {
    model: &'static ModelShape,
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for ModelSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ModelSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a {} object", self.model.name)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let model = self.model;
        let mut seen = vec![false; model.fields.len()];
        self.sink.begin_object().map_err(sink_err)?;
        while let Some(found) = map.next_key_seed(KeySeed {
            sink: &mut *self.sink,
            model: Some(model),
        })? {
            match found {
                Some(i) => {
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(de::Error::duplicate_field(model.fields[i].wire));
                    }
                    map.next_value_seed(FieldSeed {
                        field: &model.fields[i],
                        sink: &mut *self.sink,
                    })?;
                }
                None => map.next_value_seed(AnySeed {
                    sink: &mut *self.sink,
                })?,
            }
        }
        for (field, seen) in model.fields.iter().zip(seen) {
            if seen {
                continue;
            }
            if field.required {
                return Err(de::Error::missing_field(field.wire));
            }
            self.sink.normalised();
            self.sink.key(field.wire).map_err(sink_err)?;
            default(field.kind, field.optional, self.sink).map_err(sink_err)?;
        }
        self.sink.end_object().map_err(sink_err)
    }
}

/// The value a field gets when the server left it out (what `Default` gives the typed model).
fn default(kind: Kind, optional: bool, sink: &mut dyn Sink) -> Result<(), String> {
    if optional {
        return sink.null();
    }
    match kind {
        Kind::Str => sink.str(""),
        Kind::Bool => sink.bool(false),
        Kind::Int | Kind::Count => sink.u64(0),
        Kind::Float => sink.f64(0.0),
        Kind::Json => sink.null(),
        Kind::Strings | Kind::Jsons | Kind::Models(_) => {
            sink.begin_list()?;
            sink.end_list()
        }
        Kind::Model(model) => {
            sink.begin_object()?;
            for field in model.fields {
                sink.key(field.wire)?;
                default(field.kind, field.optional, sink)?;
            }
            sink.end_object()
        }
    }
}

// ---------------------------------------------------------------------------------------------- fields

struct FieldSeed<'s> {
    field: &'static FieldShape,
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let FieldShape { kind, optional, .. } = *self.field;
        match kind {
            Kind::Json => JsonSeed { sink: self.sink }.deserialize(d),
            Kind::Count => d.deserialize_any(CountVisitor { sink: self.sink }),
            Kind::Model(model) if optional => d.deserialize_option(OptionVisitor {
                model,
                sink: self.sink,
            }),
            Kind::Model(model) => ModelSeed {
                model,
                sink: self.sink,
            }
            .deserialize(d),
            _ => d.deserialize_any(ScalarVisitor {
                kind,
                optional,
                sink: self.sink,
            }),
        }
    }
}

/// A value the model keeps as JSON: raw text when the sink takes it, events otherwise.
struct JsonSeed<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for JsonSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.sink.takes_raw_json() {
            let raw = <&RawValue>::deserialize(d)?;
            self.sink.raw_json(raw.get()).map_err(sink_err)?;
            Ok(())
        } else {
            AnySeed { sink: self.sink }.deserialize(d)
        }
    }
}

/// A nested model that may be null.
struct OptionVisitor<'s> {
    model: &'static ModelShape,
    sink: &'s mut dyn Sink,
}

impl<'de> Visitor<'de> for OptionVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.sink.null().map_err(sink_err)
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.sink.null().map_err(sink_err)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        ModelSeed {
            model: self.model,
            sink: self.sink,
        }
        .deserialize(d)
    }
}

/// Counts: numbers read leniently, anything else as 0 (as the typed models' `lenient_count`).
struct CountVisitor<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> Visitor<'de> for CountVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a count")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.sink.u64(v).map_err(sink_err)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        if v < 0 {
            self.sink.normalised();
        }
        self.sink
            .u64(u64::try_from(v).unwrap_or(0))
            .map_err(sink_err)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.sink.normalised();
        let n = if v >= 0.0 { v as u64 } else { 0 };
        self.sink.u64(n).map_err(sink_err)
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.sink.normalised();
        self.sink.u64(0).map_err(sink_err)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
}

/// Strings, booleans, numbers and lists of them, with the type the model declares.
struct ScalarVisitor<'s> {
    kind: Kind,
    optional: bool,
    sink: &'s mut dyn Sink,
}

impl ScalarVisitor<'_> {
    fn wrong<E: de::Error>(&self, unexpected: de::Unexpected) -> E {
        E::invalid_type(unexpected, self)
    }
}

impl<'de> Visitor<'de> for ScalarVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let what = match self.kind {
            Kind::Str => "a string",
            Kind::Bool => "a boolean",
            Kind::Int => "an integer",
            Kind::Float => "a number",
            Kind::Strings => "a list of strings",
            Kind::Jsons => "a list",
            Kind::Models(_) => "a list of objects",
            _ => "a value",
        };
        f.write_str(what)
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.optional {
            self.sink.null().map_err(sink_err)
        } else {
            Err(self.wrong(de::Unexpected::Unit))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        match self.kind {
            Kind::Bool => self.sink.bool(v).map_err(sink_err),
            _ => Err(self.wrong(de::Unexpected::Bool(v))),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        match self.kind {
            Kind::Int if i64::try_from(v).is_ok() => self.sink.u64(v).map_err(sink_err),
            Kind::Float => {
                self.sink.normalised();
                self.sink.f64(v as f64).map_err(sink_err)
            }
            _ => Err(self.wrong(de::Unexpected::Unsigned(v))),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        match self.kind {
            Kind::Int => self.sink.i64(v).map_err(sink_err),
            Kind::Float => {
                self.sink.normalised();
                self.sink.f64(v as f64).map_err(sink_err)
            }
            _ => Err(self.wrong(de::Unexpected::Signed(v))),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        match self.kind {
            Kind::Float => self.sink.f64(v).map_err(sink_err),
            _ => Err(self.wrong(de::Unexpected::Float(v))),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        match self.kind {
            Kind::Str => self.sink.str(v).map_err(sink_err),
            _ => Err(self.wrong(de::Unexpected::Str(v))),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let item = match self.kind {
            Kind::Strings => Item::Str,
            Kind::Jsons => Item::Json,
            Kind::Models(model) => Item::Model(model),
            _ => return Err(self.wrong(de::Unexpected::Seq)),
        };
        self.sink.begin_list().map_err(sink_err)?;
        while seq
            .next_element_seed(ItemSeed {
                item,
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        self.sink.end_list().map_err(sink_err)
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<(), A::Error> {
        Err(self.wrong(de::Unexpected::Map))
    }
}

#[derive(Clone, Copy)]
enum Item {
    Str,
    Json,
    Model(&'static ModelShape),
}

struct ItemSeed<'s> {
    item: Item,
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.item {
            Item::Str => d.deserialize_any(ScalarVisitor {
                kind: Kind::Str,
                optional: false,
                sink: self.sink,
            }),
            Item::Json => JsonSeed { sink: self.sink }.deserialize(d),
            Item::Model(model) => ModelSeed {
                model,
                sink: self.sink,
            }
            .deserialize(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::{JsonText, ResponseShape};
    use super::transcode;
    use crate::generated::shapes::{PAGE_OF_PROJECT, PROJECT_DETAILS, TOOLKIT};
    use crate::models::{Page, Project, ProjectDetails, Toolkit};

    fn one_pass(body: &Value, shape: ResponseShape) -> serde_json::Result<Value> {
        let mut text = JsonText::default();
        transcode(body.to_string().as_bytes(), shape, &mut text)?;
        Ok(serde_json::from_str(&text.into_string()).unwrap())
    }

    fn typed<T: serde::de::DeserializeOwned + serde::Serialize>(body: &Value) -> Value {
        serde_json::to_value(serde_json::from_value::<T>(body.clone()).unwrap()).unwrap()
    }

    #[test]
    fn reads_as_the_typed_models_do() {
        // `data` read as `items`, counts as 3.0 and null, fields left out, an unknown field kept.
        let page = json!({"data": [{"id": "p1", "name": "a", "webhook_secret": null, "surprise": [1, {"x": true}]}],
                          "next_cursor": null, "total_pages": 3.0, "current_page": null, "total_items": 1});
        let shape = ResponseShape::Model(&PAGE_OF_PROJECT);
        assert_eq!(
            one_pass(&page, shape).unwrap(),
            typed::<Page<Project>>(&page)
        );
        // A nested model with defaults, flattened base fields, lists of models.
        let details = json!({"id": "p", "api_keys": [{"id": "k", "key": "ak_x"}], "deleted": true});
        let shape = ResponseShape::Model(&PROJECT_DETAILS);
        assert_eq!(
            one_pass(&details, shape).unwrap(),
            typed::<ProjectDetails>(&details)
        );
        let toolkit =
            json!({"slug": "s", "meta": {"tools_count": 4.0, "categories": [{"name": "n"}]}});
        let shape = ResponseShape::Model(&TOOLKIT);
        assert_eq!(
            one_pass(&toolkit, shape).unwrap(),
            typed::<Toolkit>(&toolkit)
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_as_for_the_typed_models() {
        let shape = ResponseShape::Model(&PAGE_OF_PROJECT);
        for bad in [
            json!({"items": [{"id": 7}]}),
            json!({"items": "no"}),
            json!({"next_cursor": null}),
            json!([1]),
        ] {
            assert!(one_pass(&bad, shape).is_err(), "{bad}");
            assert!(serde_json::from_value::<Page<Project>>(bad).is_err());
        }
        let mut text = JsonText::default();
        assert!(transcode(b"{\"items\": [", shape, &mut text).is_err());
    }
}

#[cfg(test)]
mod check_tests {
    use super::super::{Check, ResponseShape};
    use super::transcode;
    use crate::generated::shapes::{PAGE_OF_PROJECT, PAGE_OF_TOOLKIT};

    fn changed(body: &str, shape: &'static crate::decode::ModelShape) -> bool {
        let mut check = Check::default();
        transcode(body.as_bytes(), ResponseShape::Model(shape), &mut check).unwrap();
        check.changed
    }

    #[test]
    fn a_body_already_in_normal_form_is_handed_on_as_it_is() {
        let full = r#"{"items": [], "next_cursor": null, "total_pages": 1, "current_page": 1, "total_items": 0}"#;
        assert!(!changed(full, &PAGE_OF_TOOLKIT));
        assert!(changed(
            &full.replace("\"items\"", "\"data\""),
            &PAGE_OF_PROJECT
        ));
        assert!(changed(
            &full.replace("\"total_pages\": 1", "\"total_pages\": 1.0"),
            &PAGE_OF_TOOLKIT
        ));
        assert!(changed(r#"{"items": []}"#, &PAGE_OF_TOOLKIT));
    }
}
