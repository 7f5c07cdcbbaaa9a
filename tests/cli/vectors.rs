//! The shared request bodies of `tests/vectors/`: each file is one whole body (no newline an
//! editor added), in AC's encoding, that the decoder reads without a note and `encode` writes
//! back byte for byte.

use acwh::form::{decode, encode};
use serde_json::Value;

use crate::support::{FORM, Listener, post};

/// Every file of `tests/vectors/` (keep in sync with its README and `benches/decode.rs`).
const VECTORS: [(&str, &str); 10] = [
    ("subscribe.form", include_str!("../vectors/subscribe.form")),
    (
        "automation.form",
        include_str!("../vectors/automation.form"),
    ),
    (
        "automation_partial.form",
        include_str!("../vectors/automation_partial.form"),
    ),
    (
        "update_2024.form",
        include_str!("../vectors/update_2024.form"),
    ),
    (
        "deal_update_2024.form",
        include_str!("../vectors/deal_update_2024.form"),
    ),
    (
        "deal_task_add_2024.form",
        include_str!("../vectors/deal_task_add_2024.form"),
    ),
    (
        "account_update_2024.form",
        include_str!("../vectors/account_update_2024.form"),
    ),
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

/// The vectors rebuilt from public captures (tests/vectors/README.md): `listen --json` gives
/// exactly the pairs, in wire order, and the tree that the `.expected.json` file next to each
/// holds. Those files were written by a decoder independent of acwh's (Python's `parse_qsl`
/// and a PHP-style bracket walk), so this checks acwh against something other than itself.
#[test]
fn captured_vectors_decode_exactly_in_listen_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let captured: Vec<(&str, &str)> = VECTORS
        .into_iter()
        .filter(|(name, _)| dir.join(name.replace(".form", ".expected.json")).exists())
        .collect();
    assert_eq!(
        captured.len(),
        6,
        "every capture-based vector has its expectation"
    );
    let l = Listener::start(&["--json"]);
    for (name, body) in captured {
        let expected = std::fs::read_to_string(dir.join(name.replace(".form", ".expected.json")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected: Value = serde_json::from_str(&expected).unwrap();
        let r = post(l.addr, "/hook", FORM, body.as_bytes());
        assert_eq!(r.status, 200, "{name}");
        let got = l.json();
        assert_eq!(got["form"], expected["form"], "{name}: pairs");
        assert_eq!(got["fields"], expected["fields"], "{name}: tree");
        assert_eq!(got["body"], body, "{name}: body kept byte for byte");
    }
}
