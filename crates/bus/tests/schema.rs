//! The message schema in docs/bus-schema.json is the one the code reads and writes; a message
//! of another version is refused, not misread.
#![allow(clippy::unwrap_used)]

use vigil_bus::message::{DecodeError, Envelope};

#[test]
fn the_documented_schema_is_the_code_s() {
    let schema = serde_json::to_string_pretty(&schemars::schema_for!(Envelope)).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/bus-schema.json");
    if std::env::var_os("VIGIL_BLESS").is_some() {
        std::fs::write(path, &schema).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == schema,
        "docs/bus-schema.json is stale: run VIGIL_BLESS=1 cargo test -p vigil-bus --test schema"
    );
}

#[test]
fn other_versions_and_garbage_are_refused() {
    let v1 = br#"{"version": 1, "anything": "else"}"#;
    assert!(matches!(Envelope::decode(v1), Err(DecodeError::Version(1))));
    let v2 = br#"{"version": 2, "anything": "else"}"#;
    assert!(matches!(Envelope::decode(v2), Err(DecodeError::Version(2))));
    assert!(matches!(
        Envelope::decode(b"not json"),
        Err(DecodeError::Malformed(_))
    ));
    let v3_bad = br#"{"version": 3, "exercise": 3}"#;
    assert!(matches!(
        Envelope::decode(v3_bad),
        Err(DecodeError::Malformed(_))
    ));
}
