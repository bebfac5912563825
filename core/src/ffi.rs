//! uniffi support (the `uniffi` cargo feature): the models and parameters derive uniffi records in
//! place, so the Kotlin and Swift bindings have no mirror types. Nested JSON crosses as JSON text.

/// Any JSON value (a tool's parameter schema, execution data), as JSON text in Kotlin and Swift.
pub type JsonValue = serde_json::Value;
/// A JSON object (fields this version has no name for), as JSON text in Kotlin and Swift.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

// JSON flows only from Rust to the foreign side in this API; the way back is taken when a record
// the user built crosses again (its `toString()` goes through Rust's masked `Debug`), so lifting is
// lenient: text that is not JSON becomes a JSON string, or an empty object, instead of an error.
uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |value| value.to_string(),
    try_lift: |text| Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))),
});

uniffi::custom_type!(JsonObject, String, {
    remote,
    lower: |object| serde_json::Value::Object(object).to_string(),
    try_lift: |text| Ok(serde_json::from_str(&text).unwrap_or_default()),
});
