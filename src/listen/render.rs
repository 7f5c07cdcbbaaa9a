//! Renders a caught request: the human view and the `--json` object. Pure: no I/O, no hyper
//! types; colour only through the `Palette` it is given.

use base64::Engine as _;
use std::fmt::Write as _;

use serde_json::Value;

use super::names::FieldNames;
use super::{Answer, Forwarded};
use super::{Body, Capture, Seen};
use crate::events;
use crate::form;
use crate::output::Palette;

/// How many characters of a text body or a JSON string the human view shows.
const TEXT_LIMIT: usize = 4096;

/// The human view: a header line, an AC summary when the body is an AC payload, then the
/// body by kind. Never shows percent-encoded text: `--raw` is for bytes.
pub(crate) fn human(
    cap: &Capture,
    seen: Seen,
    show_headers: bool,
    forwarded: Option<&Forwarded>,
    p: &Palette,
    names: Option<&FieldNames>,
) -> String {
    let mut out = String::new();
    out.push_str(&header_line(cap, seen, p));
    out.push('\n');
    if let Some(s) = summary_line(cap, p) {
        out.push_str(&s);
        out.push('\n');
    }
    if show_headers {
        for (k, v) in &cap.headers {
            let (k, v) = (clean(k, false), clean(v, false));
            out.push_str(&format!("  {}: {v}\n", p.dim(&k)));
        }
        if !cap.headers.is_empty() {
            out.push('\n');
        }
    }
    body_lines(&cap.body, cap.raw.len(), p, names, &mut out);
    if let Some(f) = forwarded {
        out.push_str(&forward_lines(f, p));
    }
    out.push('\n');
    out
}

/// What the app said to a forwarded request: status and time, then the first lines of its
/// answer.
fn forward_lines(f: &Forwarded, p: &Palette) -> String {
    let mut out = match (f.status, &f.error) {
        (Some(status), _) => format!(
            "  {} {} {} in {:.1} ms\n",
            p.dim("-> app"),
            clean(&f.url, false),
            p.status(status),
            f.ms
        ),
        (None, err) => format!(
            "  {} {} {} ({}); answered 502\n",
            p.dim("-> app"),
            clean(&f.url, false),
            p.error("unreachable"),
            clean(err.as_deref().unwrap_or("no answer"), false)
        ),
    };
    for line in f.body_head.lines().take(5) {
        out.push_str(&format!("     {}\n", p.dim(&clean(line, false))));
    }
    out
}

fn header_line(cap: &Capture, seen: Seen, p: &Palette) -> String {
    use chrono::Timelike as _;
    let mut target = cap.path.clone();
    if !cap.query.is_empty() {
        target.push('?');
        for (i, (k, v)) in cap.query_pairs().iter().enumerate() {
            if i > 0 {
                target.push('&');
            }
            target.push_str(k);
            if !v.is_empty() {
                target.push('=');
                target.push_str(v);
            }
        }
    }
    let t = cap.received_at;
    let mut line = String::with_capacity(96);
    let _ = write!(
        line,
        "{} {:02}:{:02}:{:02} {} {} {} {}",
        p.bold(&format!("#{}", seen.seq)),
        t.hour(),
        t.minute(),
        t.second(),
        p.method(&clean(&cap.method, false)),
        clean(&target, false),
        p.dim(&format!("from {}", clean(&cap.client(), false))),
        p.dim(&size(cap.raw.len())),
    );
    if let Some(d) = seen.duplicate_of {
        let _ = write!(line, " {}", p.warn(&format!("duplicate of #{d}")));
    }
    line
}

/// "subscribe · Contact added  from admin by admin  list 1  jane@example.com". Every part
/// is the sender's text, escaped.
fn summary_line(cap: &Capture, p: &Palette) -> Option<String> {
    let Some(event) = cap.event() else {
        return automation_line(cap, p);
    };
    let mut parts = vec![match events::describe(event) {
        Some(d) => format!("{} · {d}", p.event(event)),
        None => p.event(&clean(event, false)).into_owned(),
    }];
    let b = &cap.body;
    let field = |k: &str| b.field(k).map(|v| clean(v, false));
    match (field("initiated_from"), field("initiated_by")) {
        (Some(f), Some(by)) => parts.push(format!("from {f} by {by}")),
        (Some(f), None) => parts.push(format!("from {f}")),
        (None, Some(by)) => parts.push(format!("by {by}")),
        (None, None) => {}
    }
    if let Some(l) = field("list") {
        parts.push(format!("list {l}"));
    }
    let tree = b.tree();
    let at = |block: &str, field: &str| {
        tree.and_then(|t| t.get(block))
            .and_then(|b| b.get(field))
            .and_then(Value::as_str)
            .map(|s| clean(s, false))
    };
    if let Some(email) = at("contact", "email").filter(|s| !s.is_empty()) {
        parts.push(email.into_owned());
    }
    if let Some(title) = at("deal", "title").filter(|s| !s.is_empty()) {
        parts.push(format!("deal \"{title}\""));
    }
    Some(parts.join("  "))
}

/// "automation webhook · automation 929  jane@example.com": a body with no `type` but a
/// `seriesid` is an automation's Webhook step.
fn automation_line(cap: &Capture, p: &Palette) -> Option<String> {
    let b = &cap.body;
    let series = b.field("seriesid")?;
    let mut parts = vec![format!(
        "{} · automation {}",
        p.event("automation webhook"),
        clean(series, false)
    )];
    let email = b
        .tree()
        .and_then(|t| t.pointer("/contact/email"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if let Some(email) = email {
        parts.push(clean(email, false).into_owned());
    }
    Some(parts.join("  "))
}

fn body_lines(body: &Body, len: usize, p: &Palette, names: Option<&FieldNames>, out: &mut String) {
    match body {
        Body::Empty => out.push_str(&format!("  {}\n", p.dim("(no body)"))),
        Body::Form { pairs, tree, notes } => {
            for n in notes {
                out.push_str(&format!("  {} {}\n", p.warn("note:"), clean(n, false)));
            }
            if pairs.iter().any(|(k, _)| form::exceeds_depth(k)) {
                out.push_str(&format!(
                    "  {} keys nested deeper than {} levels are shown with the rest of the key as text\n",
                    p.warn("note:"),
                    form::MAX_DEPTH
                ));
            }
            match names {
                Some(n) => tree_lines(&n.named(tree), 1, p, out),
                None => tree_lines(tree, 1, p, out),
            }
        }
        Body::Json(v) => {
            let text = crate::escape::json_pretty(v);
            for line in text.lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
        Body::BadJson { text, error } => {
            let error = clean(error, false);
            out.push_str(&format!("  {} not valid JSON ({error})\n", p.warn("note:")));
            text_block(text, out);
        }
        Body::Multipart(parts) => {
            for part in parts {
                let mut line = format!(
                    "  {} {}",
                    p.key("part"),
                    clean(part.name.as_deref().unwrap_or("(unnamed)"), false)
                );
                if let Some(f) = &part.filename {
                    line.push_str(&format!("  filename {}", clean(f, false)));
                }
                if let Some(t) = &part.content_type {
                    line.push_str(&format!("  {}", clean(t, false)));
                }
                line.push_str(&format!("  {}", size(part.size)));
                out.push_str(&line);
                out.push('\n');
                if let Some(t) = &part.text {
                    text_block(t, out);
                }
            }
        }
        Body::BadMultipart { error } => out.push_str(&format!(
            "  {} multipart body could not be read ({}); {}\n",
            p.warn("note:"),
            clean(error, false),
            size(len)
        )),
        Body::Text(t) => text_block(t, out),
        Body::Binary { preview } => {
            out.push_str(&format!(
                "  {} not UTF-8; {}, first bytes escaped:\n",
                p.warn("note:"),
                size(len)
            ));
            out.push_str(&format!("    {}\n", clean(preview, false)));
        }
    }
}

/// Outside text made safe for the terminal: see [`crate::escape`]. Newlines and tabs survive
/// only where `keep_lines` allows them.
pub(crate) fn clean(s: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    crate::escape::escape(s, keep_lines)
}

/// The first [`TEXT_LIMIT`] characters of a text, cut before they are escaped: escaping a
/// large body whole would cost memory for text nobody sees.
fn text_block(text: &str, out: &mut String) {
    let cut = text
        .char_indices()
        .nth(TEXT_LIMIT)
        .map_or(text.len(), |(i, _)| i);
    for line in clean(&text[..cut], true).lines() {
        out.push_str(&format!("    {line}\n"));
    }
    if cut < text.len() {
        out.push_str(&format!(
            "    … {} more characters\n",
            text[cut..].chars().count()
        ));
    }
}

/// The tree, one key a line, children indented. Writes straight into `out`: the human view
/// is on the catcher's hot path.
fn tree_lines(v: &Value, depth: usize, p: &Palette, out: &mut String) {
    match v {
        Value::Object(map) => {
            let width = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
            for (k, child) in map {
                let nested = match child {
                    Value::Object(_) => true,
                    Value::Array(items) => items.iter().any(|i| !i.is_string()),
                    _ => false,
                };
                if nested {
                    indent(out, depth);
                    let _ = writeln!(out, "{}", p.key(&clean(k, false)));
                    tree_lines(child, depth + 1, p, out);
                } else {
                    leaf(depth, k, width, child, p, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let k = format!("[{i}]");
                if item.is_object() || item.is_array() {
                    indent(out, depth);
                    let _ = writeln!(out, "{}", p.key(&k));
                    tree_lines(item, depth + 1, p, out);
                } else {
                    leaf(depth, &k, 0, item, p, out);
                }
            }
        }
        other => leaf(depth, "", 0, other, p, out),
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// One key and its value(s). `k` is the key's last segment, which is all `split_multi` needs
/// (it recognises `tags` by it).
fn leaf(depth: usize, k: &str, width: usize, v: &Value, p: &Palette, out: &mut String) {
    let k = clean(k, false);
    let pad = width.saturating_sub(k.chars().count());
    let (single, many): (Option<&str>, &[Value]) = match v {
        Value::String(s) => (Some(s), &[]),
        Value::Array(items) => (None, items),
        _ => (None, &[]),
    };
    let values = single
        .into_iter()
        .chain(many.iter().filter_map(Value::as_str));
    let head = |out: &mut String| {
        indent(out, depth);
        out.push_str(&p.key(&k));
        for _ in 0..pad + 2 {
            out.push(' ');
        }
    };
    let count = values.clone().count();
    if count == 0 {
        head(out);
        let _ = match v {
            Value::String(_) | Value::Array(_) => writeln!(out, "{}", p.dim("(none)")),
            other => writeln!(out, "{other}"),
        };
        return;
    }
    for (i, value) in values.enumerate() {
        head(out);
        // Only what is shown is escaped: a value longer than the decoder keeps for the human
        // view is cut here too, whatever else (`--save`, `--json`) kept it whole.
        let shown = crate::escape::cut(value, super::body::SHOWN_BYTES);
        if value.is_empty() {
            out.push_str(&p.dim("(empty)"));
        } else {
            out.push_str(&p.value(&clean(shown, false)));
            if shown.len() < value.len() {
                let more = value.len() - shown.len();
                out.push_str(&p.dim(&format!("… ({more} more bytes not shown)")));
            }
        }
        // A repeated key shows each value on its own line, marked, since AC may send a key
        // twice and both values matter.
        if count > 1 {
            out.push_str(&p.dim(&format!(" ({} of {count})", i + 1)));
        }
        out.push('\n');
        if let Some(items) = form::split_multi(&k, shown) {
            indent(out, depth);
            for _ in 0..k.chars().count() + pad + 2 {
                out.push(' ');
            }
            let _ = writeln!(
                out,
                "{} {}",
                p.dim("↳"),
                p.dim(&clean(&format!("[{}]", items.join(", ")), false))
            );
        }
    }
}

/// "612 B", "1.5 KiB", "3.2 MiB".
pub(crate) fn size(n: usize) -> String {
    const KIB: f64 = 1024.0;
    let f = n as f64;
    if f < KIB {
        format!("{n} B")
    } else if f < KIB * KIB {
        format!("{:.1} KiB", f / KIB)
    } else {
        format!("{:.1} MiB", f / KIB / KIB)
    }
}

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
    /// Only in `--save` lines: how the sender was answered.
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
    json_line_named(cap, seen, saved, None)
}

/// [`json_line`], with `field_names` added from `names` (never to a `--save` line).
pub(crate) fn json_line_named(
    cap: &Capture,
    seen: Seen,
    saved: Option<&Answer>,
    names: Option<&FieldNames>,
) -> String {
    let text = std::str::from_utf8(&cap.raw).ok();
    let base64 = || base64::engine::general_purpose::STANDARD.encode(&cap.raw);
    let (body, body_base64, form, fields) = match saved {
        None => (
            Some(text),
            Some(text.is_none().then(base64)),
            Some(match &cap.body {
                Body::Form { pairs, .. } => Some(&pairs[..]),
                _ => None,
            }),
            Some(cap.body.tree()),
        ),
        Some(_) => match text.filter(|t| json_len(t) <= cap.raw.len().div_ceil(3) * 4) {
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
        event: cap.event(),
        duplicate_of: seen.duplicate_of,
        response: saved.map(Answer::to_json),
        field_names: names
            .filter(|_| saved.is_none())
            .map(|n| n.used(cap.body.tree())),
    };
    crate::escape::json_line(&line)
}

/// How long `s` is as a terminal-safe JSON string, quotes aside: serde_json's two-byte
/// escapes, `\uXXXX` for the other C0 controls, and `\uXXXX` for what [`crate::escape::json`]
/// escapes after it (DEL, C1 and bidi controls). Decides whether a saved body is stored as
/// text or as base64.
fn json_len(s: &str) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    const SUBSCRIBE: &str = include_str!("../../tests/vectors/subscribe.form");

    fn capture(ct: &str, body: &str, query: &str) -> Capture {
        let raw = Bytes::from(body.to_string());
        let decoded = form::decode(&raw);
        let tree = form::to_tree(&decoded.pairs);
        Capture {
            received_at: chrono::Local::now(),
            method: "POST".into(),
            path: "/hooks/ac".into(),
            query: query.into(),
            headers: vec![("content-type".into(), ct.into())],
            remote: "127.0.0.1:5000".parse().unwrap(),
            content_type: Some(ct.into()),
            raw,
            body: Body::Form {
                pairs: decoded.pairs,
                tree,
                notes: decoded.notes,
            },
        }
    }

    fn seen(seq: u64) -> Seen {
        Seen {
            seq,
            duplicate_of: None,
        }
    }

    #[test]
    fn subscribe_reads_as_a_tree_without_percent_encoding() {
        let cap = capture(
            "application/x-www-form-urlencoded",
            SUBSCRIBE,
            "token=a%20b",
        );
        let text = human(&cap, seen(1), false, None, &Palette::PLAIN, None);
        let mut lines = text.lines();
        let head = lines.next().unwrap();
        assert!(head.starts_with("#1 "), "{head}");
        assert!(
            head.contains("POST /hooks/ac?token=a b from 127.0.0.1:5000 310 B"),
            "{head}"
        );
        assert_eq!(
            lines.next().unwrap(),
            "subscribe · Contact added  from admin by admin  list 1  jane@example.com"
        );
        assert!(
            text.contains("\n  date_time       2017-11-24T08:50:26-06:00\n"),
            "{text}"
        );
        assert!(
            text.contains("\n  contact\n    id          10\n    email       jane@example.com\n"),
            "{text}"
        );
        assert!(!text.contains("%5B") && !text.contains("%40"));
    }

    #[test]
    fn multi_values_and_tags_are_also_shown_split() {
        let cap = capture(
            "application/x-www-form-urlencoded",
            "contact[tags]=tag1, tag2&contact[fields][2]=||Option 1||Option 2||",
            "",
        );
        let text = human(&cap, seen(2), false, None, &Palette::PLAIN, None);
        assert!(text.contains("tags    tag1, tag2\n"), "{text}");
        assert!(text.contains("↳ [tag1, tag2]"), "{text}");
        assert!(text.contains("2  ||Option 1||Option 2||\n"), "{text}");
        assert!(text.contains("↳ [Option 1, Option 2]"), "{text}");
    }

    #[test]
    fn duplicates_and_repeated_keys_are_marked() {
        let cap = capture("application/x-www-form-urlencoded", "a=1&a=2", "");
        let text = human(
            &cap,
            Seen {
                seq: 3,
                duplicate_of: Some(1),
            },
            false,
            None,
            &Palette::PLAIN,
            None,
        );
        assert!(text.lines().next().unwrap().ends_with("duplicate of #1"));
        assert!(
            text.contains("a  1 (1 of 2)\n") && text.contains("a  2 (2 of 2)\n"),
            "{text}"
        );
    }

    #[test]
    fn json_object_has_every_field_in_order() {
        let cap = capture("application/x-www-form-urlencoded", SUBSCRIBE, "token=x");
        let v = json(&cap, seen(1));
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "seq",
                "received_at",
                "method",
                "path",
                "target",
                "query",
                "headers",
                "remote_addr",
                "content_type",
                "size",
                "body",
                "body_base64",
                "form",
                "fields",
                "event",
                "duplicate_of"
            ]
        );
        assert_eq!(v["event"], "subscribe");
        assert_eq!(v["query"], serde_json::json!([["token", "x"]]));
        assert_eq!(v["fields"]["contact"]["email"], "jane@example.com");
        assert_eq!(v["form"][0], serde_json::json!(["type", "subscribe"]));
        assert_eq!(v["body"], SUBSCRIBE);
    }

    #[test]
    fn saved_lines_carry_the_body_once() {
        let answer = Answer {
            status: 200,
            forward: None,
        };
        let cap = capture("application/x-www-form-urlencoded", SUBSCRIBE, "token=x");
        let v: Value = serde_json::from_str(&json_line(&cap, seen(1), Some(&answer))).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "seq",
                "received_at",
                "method",
                "path",
                "target",
                "query",
                "headers",
                "remote_addr",
                "content_type",
                "size",
                "body",
                "event",
                "duplicate_of",
                "response"
            ]
        );
        assert_eq!(v["body"], SUBSCRIBE);
        // Text that JSON would make longer than base64 is stored as base64; so are bytes.
        for raw in [vec![1u8; 300], vec![0xff, 0xfe, b'a']] {
            let mut bin = capture("application/octet-stream", "", "");
            bin.raw = Bytes::from(raw.clone());
            let v: Value = serde_json::from_str(&json_line(&bin, seen(2), Some(&answer))).unwrap();
            assert!(v.get("body").is_none(), "{v}");
            let back = base64::engine::general_purpose::STANDARD
                .decode(v["body_base64"].as_str().unwrap())
                .unwrap();
            assert_eq!(back, raw);
        }
        assert_eq!(json_len("a\"\n\u{1}\u{202e}é"), 1 + 2 + 2 + 6 + 6 + 2);
    }

    #[test]
    fn control_characters_are_escaped() {
        let cap = capture(
            "application/x-www-form-urlencoded",
            "k%1B%5B31m=v%1B%5B0m%07",
            "",
        );
        let text = human(&cap, seen(1), false, None, &Palette::PLAIN, None);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(text.contains("k\\u{1b}[31m  v\\u{1b}[0m\\u{7}"), "{text}");
        assert_eq!(clean("a\nb", true), "a\nb");
        assert_eq!(clean("a\nb", false), "a\\nb");
    }

    #[test]
    fn sizes() {
        assert_eq!(size(612), "612 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MiB");
    }
}
