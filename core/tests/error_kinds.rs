//! The core's error kinds are the ones every language's shared cases check (tests/cases/error_kinds.json).

use composio::ErrorKind;

fn table() -> Vec<serde_json::Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/cases/error_kinds.json"
    );
    let text = std::fs::read_to_string(path).expect("tests/cases/error_kinds.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["kinds"].as_array().expect("kinds").clone()
}

#[test]
fn every_kind_of_the_table_and_no_other() {
    let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
    let rows = table();
    let listed: Vec<&str> = rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(names, listed);
    for (kind, row) in ErrorKind::ALL.iter().zip(&rows) {
        assert_eq!(kind.is_retryable(), row["retryable"] == true, "{kind:?}");
        assert_eq!(format!("{kind:?}"), row["variant"].as_str().unwrap());
    }
}

#[test]
fn statuses_map_to_their_kinds() {
    let cases = [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::PermissionDenied),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (422, ErrorKind::Unprocessable),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (503, ErrorKind::Server),
        (599, ErrorKind::Server),
        (302, ErrorKind::ApiStatus),
        (418, ErrorKind::ApiStatus),
        (600, ErrorKind::ApiStatus),
    ];
    for (status, kind) in cases {
        assert_eq!(ErrorKind::from_status(status), kind, "{status}");
    }
}
