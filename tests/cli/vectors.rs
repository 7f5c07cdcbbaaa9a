//! The shared request bodies of `tests/vectors/`: each file is one whole body (no newline an
//! editor added), in AC's encoding, that the decoder reads without a note and `encode` writes
//! back byte for byte.

use acwh::form::{decode, encode};

/// Every file of `tests/vectors/` (keep in sync with its README and `benches/decode.rs`).
const VECTORS: [(&str, &str); 4] = [
    ("subscribe.form", include_str!("../vectors/subscribe.form")),
    (
        "subscribe_filled.form",
        include_str!("../vectors/subscribe_filled.form"),
    ),
    (
        "deal_update.form",
        include_str!("../vectors/deal_update.form"),
    ),
    (
        "deal_update_tail.form",
        include_str!("../vectors/deal_update_tail.form"),
    ),
];

#[test]
fn every_vector_is_one_body_in_acs_encoding() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".form"))
        .collect();
    files.sort();
    let mut listed: Vec<&str> = VECTORS.iter().map(|(name, _)| *name).collect();
    listed.sort();
    assert_eq!(files, listed, "a vector file is not listed here");
    for (name, body) in VECTORS {
        assert!(
            !body.ends_with('\n'),
            "{name} ends in a newline, which would become part of the body"
        );
        let decoded = decode(body.as_bytes());
        assert!(decoded.notes.is_empty(), "{name}: {:?}", decoded.notes);
        assert!(decoded.pairs.len() > 1, "{name}");
        assert_eq!(encode(&decoded.pairs), body, "{name} does not round-trip");
    }
}
