//! The `--json` and `--save` lines: one request as one JSON object, borrowing from the
//! capture. Pure: no I/O.

use base64::Engine as _;
use serde_json::Value;

use super::super::names::FieldNames;
use super::super::{Answer, Body, Capture, Seen};

/// One `--json` or `--save` line, borrowing from the capture: nothing is cloned to print it.
/// Field order is part of the interface. A field that is `None` is left out (only `--save`
/// lines leave fields out); `Some(None)` is `null`.
#[derive(serde::Serialize)]
struct Line<'a> {
    seq: u64,
    received_at: String,
    method: &'a str,
    path: &'a str,
    target: String,
    query: Vec<(String, String)>,
    headers: &'a [(String, String)],
    remote_addr: String,
    content_type: Option<&'a str>,
    size: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_base64: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<Option<&'a [(String, String)]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Option<&'a Value>>,
    event: Option<&'a str>,
    duplicate_of: Option<u64>,
    /// How the sender was answered: in `--save` lines, and in `--json` lines once answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<Value>,
    /// Only with `listen --field-names --json`: the titles of the custom fields it uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    field_names: Option<std::collections::BTreeMap<String, String>>,
}

/// The `--json` line for one request, without its newline, terminal-safe (see
/// [`crate::escape::json`]). With `saved`, it is a `--save` line: the body is there once,
/// as `body` when it is text that JSON does not make longer than base64, else as
/// `body_base64` (a replay must be byte-exact, and a line costs at most about 1.4 bytes per
/// byte received); `form` and `fields` are left out (they are decoded again from the body
/// when the line is read back); the answer given is added as `response`.
pub(crate) fn json_line(cap: &Capture, seen: Seen, saved: Option<&Answer>) -> String {
    line(cap, seen, saved.is_some(), saved, None)
}

/// A `--save` line, with the answer given when there is one (the inspector's NDJSON export).
pub(crate) fn saved_line(cap: &Capture, seen: Seen, answer: Option<&Answer>) -> String {
    line(cap, seen, true, answer, None)
}

/// `listen --json`'s line: the answer given as `response` (as in a `--save` line), and
/// `field_names` added from `names`.
pub(crate) fn json_line_named(
    cap: &Capture,
    seen: Seen,
    answer: &Answer,
    names: Option<&FieldNames>,
) -> String {
    line(cap, seen, false, Some(answer), names)
}

/// A `--json` line rendered before its place in the run was known (seq 0, no
/// `duplicate_of`), given its place: the one thing the printer adds, so the line itself is
/// rendered by the connection's handler on a worker.
#[cfg(test)]
pub(crate) fn placed(line: &str, seen: Seen) -> String {
    let mut out = Vec::with_capacity(line.len() + 24);
    place_into(&mut out, line, seen);
    String::from_utf8(out).unwrap_or_default()
}

/// [`placed`], appended to `out` (the printer's batch) without a copy of its own.
pub(crate) fn place_into(out: &mut Vec<u8>, line: &str, seen: Seen) {
    const UNPLACED: &str = "{\"seq\":0,";
    const NO_DUP: &[u8] = b",\"duplicate_of\":null";
    out.extend_from_slice(b"{\"seq\":");
    out.extend_from_slice(itoa::Buffer::new().format(seen.seq).as_bytes());
    out.push(b',');
    let rest = line.strip_prefix(UNPLACED).unwrap_or(line).as_bytes();
    // Only a duplicate needs its `duplicate_of` found. The last one is the line's own: any
    // earlier is inside the body's tree, and nothing after it (the answer, field titles) can
    // hold the bare sequence, since their strings escape quotes.
    let at = seen
        .duplicate_of
        .and_then(|first| Some((first, memchr::memmem::rfind(rest, NO_DUP)?)));
    match at {
        Some((first, at)) => {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(b",\"duplicate_of\":");
            out.extend_from_slice(itoa::Buffer::new().format(first).as_bytes());
            out.extend_from_slice(&rest[at + NO_DUP.len()..]);
        }
        None => out.extend_from_slice(rest),
    }
}

fn line(
    cap: &Capture,
    seen: Seen,
    saved: bool,
    answer: Option<&Answer>,
    names: Option<&FieldNames>,
) -> String {
    let text = std::str::from_utf8(&cap.raw).ok();
    let base64 = || base64::engine::general_purpose::STANDARD.encode(&cap.raw);
    let (body, body_base64, form, fields) = match saved {
        false => (
            Some(text),
            Some(text.is_none().then(base64)),
            Some(match &cap.body {
                Body::Form { pairs, .. } => Some(&pairs[..]),
                _ => None,
            }),
            Some(cap.body.tree()),
        ),
        true => match text.filter(|t| json_len(t) <= cap.raw.len().div_ceil(3) * 4) {
            Some(t) => (Some(Some(t)), None, None, None),
            None => (None, Some(Some(base64())), None, None),
        },
    };
    let line = Line {
        seq: seen.seq,
        received_at: cap
            .received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
        method: &cap.method,
        path: &cap.path,
        target: cap.target(),
        query: cap.query_pairs(),
        headers: &cap.headers,
        remote_addr: cap.remote.to_string(),
        content_type: cap.content_type.as_deref(),
        size: cap.raw.len(),
        body,
        body_base64,
        form,
        fields,
        event: cap.kind(),
        duplicate_of: seen.duplicate_of,
        response: answer.map(Answer::to_json),
        field_names: names.filter(|_| !saved).map(|n| n.used(cap.body.tree())),
    };
    crate::escape::json_line(&line)
}

/// How long `s` is as a terminal-safe JSON string, quotes aside: serde_json's two-byte
/// escapes, `\uXXXX` for the other C0 controls, and `\uXXXX` for what [`crate::escape::json`]
/// escapes after it (DEL, C1 and bidi controls). Decides whether a saved body is stored as
/// text or as base64.
pub(super) fn json_len(s: &str) -> usize {
    // Nothing to escape in the usual form or JSON body: its length as it is.
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        return s.len();
    }
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if crate::escape::is_unsafe(c) => 6,
            c => c.len_utf8(),
        })
        .sum()
}

/// The `--json` object for one request.
#[cfg(test)]
pub(crate) fn json(cap: &Capture, seen: Seen) -> Value {
    serde_json::from_str(&json_line(cap, seen, None)).unwrap_or(Value::Null)
}
