//! The `--save` store: deliveries kept on disk by `acwh listen --save`, one JSON line each.
//! [`SaveFile`] appends them safely ([`file`]); this module owns the line format, reading a
//! file back, and choosing deliveries for `captures` and `replay`.
//!
//! A saved line is `listen --json`'s object less what is derived from the body (`form`,
//! `fields`), with the body stored once: as `body` when it is UTF-8 text that JSON does not
//! make longer than base64, else as `body_base64`; plus `response`: what the sender was
//! answered and, with `--forward-to`, what the app said. Lines written before carry the body
//! twice (`body` and `body_base64`) and read back the same. Every line starts with its
//! `{"seq":N`, so a new run finds where the last one stopped from a line's first bytes.

mod file;

use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use serde_json::Value;

pub(crate) use file::{SaveFile, survive_file_size_limit};

/// One delivery read back from a save file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Saved {
    pub(crate) seq: u64,
    pub(crate) received_at: String,
    pub(crate) method: String,
    /// Path and query as sent.
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) event: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) body: Vec<u8>,
    pub(crate) status: Option<u64>,
    pub(crate) json: Value,
}

impl Saved {
    /// A saved line read back, new or old: the body from `body_base64` when it is there,
    /// else from `body`. The contact's email (and the event, for a line without one) are
    /// decoded again from the body, and `fields` is added to the JSON when the line lacks it,
    /// so `captures --json` still shows the tree.
    fn from_json(mut v: Value) -> Option<Saved> {
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let body = match s(&v, "body_base64") {
            Some(b64) => base64::engine::general_purpose::STANDARD.decode(b64).ok()?,
            None => s(&v, "body")?.into_bytes(),
        };
        let headers: Vec<(String, String)> = v
            .get("headers")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|h| Some((h.get(0)?.as_str()?.into(), h.get(1)?.as_str()?.into())))
                    .collect()
            })
            .unwrap_or_default();
        let decoded = decode_body(&headers, &body);
        let tree = decoded.as_ref().and_then(|b| b.tree());
        let email = tree
            .and_then(|t| t.pointer("/contact/email"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let event = s(&v, "event").or_else(|| {
            decoded
                .as_ref()
                .and_then(|b| b.field("type"))
                .map(str::to_string)
        });
        if let (Some(obj), Some(tree)) = (v.as_object_mut(), tree)
            && !obj.contains_key("fields")
        {
            obj.insert("fields".into(), tree.clone());
        }
        Some(Saved {
            seq: v.get("seq")?.as_u64()?,
            received_at: s(&v, "received_at").unwrap_or_default(),
            method: s(&v, "method")?,
            target: s(&v, "target").or_else(|| s(&v, "path"))?,
            headers,
            event,
            email,
            body,
            status: v.pointer("/response/status").and_then(Value::as_u64),
            json: v,
        })
    }
}

/// A saved body decoded as `listen` decoded it; None if the decoder was not ready at once.
fn decode_body(headers: &[(String, String)], body: &[u8]) -> Option<super::Body> {
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    let raw = bytes::Bytes::copy_from_slice(body);
    super::body::decode_now(content_type, &raw)
}

impl Saved {
    /// The delivery as `listen` held it, to show it again with the same renderer: the
    /// capture, its place in the run, and how it was answered (when the line says).
    pub(crate) fn shown(&self) -> (super::Capture, super::Seen, Option<super::Answer>) {
        let v = &self.json;
        let (path, query) = match self.target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (self.target.clone(), String::new()),
        };
        let content_type = self
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.clone());
        let raw = bytes::Bytes::from(self.body.clone());
        let body = decode_body(&self.headers, &self.body).unwrap_or(super::Body::Empty);
        let capture = super::Capture {
            received_at: chrono::DateTime::parse_from_rfc3339(&self.received_at)
                .map(|t| t.with_timezone(&chrono::Local))
                .unwrap_or_default(),
            method: self.method.clone(),
            path,
            query,
            headers: self.headers.clone(),
            remote: v
                .get("remote_addr")
                .and_then(Value::as_str)
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| std::net::SocketAddr::from(([0, 0, 0, 0], 0))),
            content_type,
            raw,
            body,
        };
        let seen = super::Seen {
            seq: self.seq,
            duplicate_of: v.get("duplicate_of").and_then(Value::as_u64),
        };
        let answer = v.get("response").and_then(|r| {
            let f = |k: &str| r.get(k).and_then(Value::as_f64);
            let forward = r.get("forward").filter(|f| f.is_object()).map(|fw| {
                let s = |k: &str| fw.get(k).and_then(Value::as_str).map(str::to_string);
                super::Forwarded {
                    url: s("url").unwrap_or_default(),
                    status: fw
                        .get("status")
                        .and_then(Value::as_u64)
                        .and_then(|c| u16::try_from(c).ok()),
                    error: s("error"),
                    ms: fw.get("ms").and_then(Value::as_f64).unwrap_or(0.0),
                    body_head: String::new(),
                }
            });
            Some(super::Answer {
                status: u16::try_from(r.get("status")?.as_u64()?).ok()?,
                forward,
                ms: f("ms").unwrap_or(0.0),
                unrouted: r.get("unrouted").and_then(Value::as_bool).unwrap_or(false),
            })
        });
        (capture, seen, answer)
    }

    /// The request to send again.
    pub(crate) fn request(&self) -> crate::relay::Request<'_> {
        crate::relay::Request {
            method: &self.method,
            headers: &self.headers,
            body: bytes::Bytes::from(self.body.clone()),
        }
    }
}

/// How many bad lines of a save file are named one by one.
const WARN_LINES: usize = 3;

/// Reads a save file. Lines that are not a saved delivery are skipped, the first
/// [`WARN_LINES`] with a warning through `warn` naming its line number, the rest counted in
/// one more, so one bad line (a torn one, say) never hides the rest and a file with junk
/// appended does not bury the output. A file with lines but not one saved delivery is no
/// save file: one usage error (exit 2), no warnings.
pub(crate) fn load(path: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<Vec<Saved>> {
    let shown = crate::escape::path(path);
    let text = std::fs::read(path).with_context(|| format!("could not read {shown}"))?;
    let (mut out, mut bad) = (Vec::new(), Vec::new());
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Value>(line)
            .ok()
            .and_then(Saved::from_json)
        {
            Some(s) => out.push(s),
            None => bad.push(i + 1),
        }
    }
    if out.is_empty() && !bad.is_empty() {
        return Err(crate::error::usage(format!(
            "{shown} is not a file written by `acwh listen --save`: give the FILE that `acwh listen --save FILE` wrote"
        )));
    }
    for n in bad.iter().take(WARN_LINES) {
        warn(&format!("{shown}:{n}: not a saved delivery; skipped"));
    }
    if let Some(more) = bad.len().checked_sub(WARN_LINES).filter(|&n| n > 0) {
        let lines = if more == 1 { "line" } else { "lines" };
        warn(&format!(
            "{shown}: {more} more {lines} that are not saved deliveries skipped"
        ));
    }
    Ok(out)
}

/// The seq a saved line starts with (`{"seq":N,`), read from its first bytes only, so a new
/// run can number on without reading a line of any length. None for anything else, a number
/// that runs to the end of `head` included (it may be cut short).
pub(crate) fn seq_of_head(head: &[u8]) -> Option<u64> {
    let rest = head.trim_ascii_start().strip_prefix(b"{")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"seq\"")?;
    let rest = rest.trim_ascii_start().strip_prefix(b":")?;
    let rest = rest.trim_ascii_start();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    // A number cut off by the end of a torn line is no seq.
    let ended = matches!(
        rest.get(digits),
        Some(b',' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
    );
    ended.then(|| std::str::from_utf8(&rest[..digits]).ok()?.parse().ok())?
}

/// Which deliveries to take: by seq (any of), by event (any of), then the last N.
pub(crate) fn select(
    all: Vec<Saved>,
    seqs: &[u64],
    events: &[String],
    last: Option<usize>,
) -> Vec<Saved> {
    let mut chosen: Vec<Saved> = all
        .into_iter()
        .filter(|s| seqs.is_empty() || seqs.contains(&s.seq))
        .filter(|s| events.is_empty() || s.event.as_ref().is_some_and(|e| events.contains(e)))
        .collect();
    if let Some(n) = last {
        let skip = chosen.len().saturating_sub(n);
        chosen.drain(..skip);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::listen::{Answer, Forwarded};

    fn saved(seq: u64, event: &str) -> Saved {
        Saved {
            seq,
            received_at: String::new(),
            method: "POST".into(),
            target: "/h?token=a".into(),
            headers: vec![
                (
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("host".into(), "x".into()),
                ("connection".into(), "keep-alive".into()),
            ],
            event: Some(event.into()),
            email: None,
            body: b"type=x&a=it's".to_vec(),
            status: Some(200),
            json: Value::Null,
        }
    }

    #[test]
    fn selection() {
        let all = vec![saved(1, "a"), saved(2, "b"), saved(3, "a"), saved(4, "a")];
        let seqs = |v: Vec<Saved>| v.iter().map(|s| s.seq).collect::<Vec<_>>();
        assert_eq!(seqs(select(all.clone(), &[2, 4], &[], None)), [2, 4]);
        assert_eq!(
            seqs(select(all.clone(), &[], &["a".into()], Some(2))),
            [3, 4]
        );
        assert_eq!(seqs(select(all, &[], &[], None)), [1, 2, 3, 4]);
    }

    #[test]
    fn saved_lines_read_back() {
        let answer = Answer {
            ms: 0.5,
            unrouted: false,
            status: 502,
            forward: Some(Forwarded {
                url: "http://app/".into(),
                status: None,
                error: Some("connection refused".into()),
                ms: 1.23456,
                body_head: String::new(),
            }),
        };
        let line = json!({"seq": 7, "received_at": "t", "method": "POST", "path": "/h",
            "target": "/h?x=1", "headers": [["content-type", "text/plain"]], "event": null,
            "body_base64": "/2E=", "response": answer.to_json()})
        .to_string();
        let s = Saved::from_json(serde_json::from_str(&line).unwrap()).unwrap();
        assert_eq!(
            (s.seq, s.target.as_str(), s.status),
            (7, "/h?x=1", Some(502))
        );
        assert_eq!(s.body, [0xff, b'a']);
        assert_eq!(s.json["response"]["forward"]["error"], "connection refused");
    }

    #[test]
    fn new_lines_carry_the_body_once_and_fields_come_back() {
        let line = json!({"seq": 3, "method": "POST", "path": "/h", "target": "/h",
            "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
            "body": "type=subscribe&contact%5Bemail%5D=jane%40example.com",
            "event": "subscribe", "response": {"status": 200, "forward": null}});
        let s = Saved::from_json(line).unwrap();
        assert_eq!(
            s.body,
            b"type=subscribe&contact%5Bemail%5D=jane%40example.com"
        );
        assert_eq!(s.email.as_deref(), Some("jane@example.com"));
        assert_eq!(s.json["fields"]["contact"]["email"], "jane@example.com");
        // An old line, with the body twice and its own fields, reads the same.
        let old = json!({"seq": 4, "method": "POST", "target": "/", "headers": [],
            "body": "a=1", "body_base64": "YT0x", "fields": {"a": "1"}, "event": null});
        let s = Saved::from_json(old).unwrap();
        assert_eq!(
            (s.body.as_slice(), &s.json["fields"]),
            (&b"a=1"[..], &json!({"a": "1"}))
        );
        assert!(Saved::from_json(json!({"seq": 5, "method": "POST", "target": "/"})).is_none());
    }

    #[test]
    fn seqs_are_read_from_a_line_head() {
        assert_eq!(seq_of_head(b"{\"seq\":42,\"received_at\""), Some(42));
        assert_eq!(seq_of_head(b" { \"seq\" : 7 }"), Some(7));
        // Cut off inside the number: unknown, not 1.
        assert_eq!(seq_of_head(b"{\"seq\":1"), None);
        assert_eq!(seq_of_head(b"{\"sequence\":1,"), None);
        assert_eq!(seq_of_head(b"not json"), None);
    }

    #[test]
    fn load_skips_bad_lines_and_names_the_file_safely() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a\u{1b}]0;x\u{7}.jsonl");
        std::fs::write(
            &path,
            "{\"seq\":1,\"method\":\"POST\",\"target\":\"/\",\"body\":\"\"}\n{\"seq\":2,\"me",
        )
        .unwrap();
        let warned = std::cell::RefCell::new(Vec::new());
        let all = load(&path, &|m| warned.borrow_mut().push(m.to_string())).unwrap();
        assert_eq!(all.len(), 1);
        let warned = warned.into_inner();
        assert!(
            warned[0].ends_with(".jsonl:2: not a saved delivery; skipped"),
            "{warned:?}"
        );
        assert!(crate::escape::is_terminal_safe(&warned[0]), "{warned:?}");
    }
}
