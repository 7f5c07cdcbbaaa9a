//! Deliveries kept on disk by `acwh listen --save`: the line format, reading it back,
//! choosing deliveries, and the request-building rules that `--forward-to` and `replay`
//! share (where a request goes, which headers travel). Pure except for `load`.
//!
//! A saved line is `listen --json`'s object less what is derived from the body (`form`,
//! `fields`), with the body stored once: as `body` when it is UTF-8 text that JSON does not
//! make longer than base64, else as `body_base64`; plus `response`: what the sender was
//! answered and, with `--forward-to`, what the app said. Lines written before carry the body
//! twice (`body` and `body_base64`) and read back the same. Every line starts with its
//! `{"seq":N`, so a new run finds where the last one stopped from a line's first bytes.

use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use serde_json::{Value, json};
use url::Url;

use crate::escape::shell_word;

/// Headers that belong to one connection, never forwarded or replayed (RFC 9110 §7.6.1),
/// plus the ones the new request computes itself.
const HOP_BY_HOP: [&str; 10] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// Whether a header travels on a forwarded or replayed request.
pub fn passes(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    !HOP_BY_HOP.contains(&n.as_str()) && n != "content-length" && n != "expect"
}

/// What the app said to a forwarded request.
#[derive(Debug, Clone, PartialEq)]
pub struct Forwarded {
    pub url: String,
    /// The app's status, or None when it could not be reached.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub ms: f64,
    /// The start of the app's answer, for the human view.
    pub body_head: String,
}

/// How a caught request was answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub forward: Option<Forwarded>,
}

impl Answer {
    pub fn to_json(&self) -> Value {
        json!({
            "status": self.status,
            "forward": self.forward.as_ref().map(|f| json!({
                "url": f.url,
                "status": f.status,
                "error": f.error,
                "ms": (f.ms * 1000.0).round() / 1000.0,
            })),
        })
    }
}

/// One delivery read back from a save file.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub seq: u64,
    pub received_at: String,
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub event: Option<String>,
    pub email: Option<String>,
    pub body: Vec<u8>,
    pub status: Option<u64>,
    pub json: Value,
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
fn decode_body(headers: &[(String, String)], body: &[u8]) -> Option<crate::listen::Body> {
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    let raw = bytes::Bytes::copy_from_slice(body);
    crate::listen::body::decode_now(content_type, &raw)
}

/// Reads a save file. Lines that are not a saved delivery are skipped, each with a warning
/// through `warn` naming its line number, so one bad line (a torn one, say) never hides the
/// rest.
pub fn load(path: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<Vec<Saved>> {
    let shown = crate::escape::path(path);
    let text = std::fs::read(path).with_context(|| format!("could not read {shown}"))?;
    let mut out = Vec::new();
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Value>(line)
            .ok()
            .and_then(Saved::from_json)
        {
            Some(s) => out.push(s),
            None => warn(&format!("{shown}:{}: not a saved delivery; skipped", i + 1)),
        }
    }
    Ok(out)
}

/// The seq a saved line starts with (`{"seq":N,`), read from its first bytes only, so a new
/// run can number on without reading a line of any length. None for anything else, a number
/// that runs to the end of `head` included (it may be cut short).
pub fn seq_of_head(head: &[u8]) -> Option<u64> {
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
pub fn select(all: Vec<Saved>, seqs: &[u64], events: &[String], last: Option<usize>) -> Vec<Saved> {
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

/// Where a request for `target` (path and query as received) goes under `base`: the path is
/// appended to the base's path, the query kept. `http://app/hooks` + `/ac?t=1` gives
/// `http://app/hooks/ac?t=1`; a base of `http://app/` keeps the path as it was.
///
/// A target that could leave the base's path is refused with the reason: one with a `.` or
/// `..` segment in any spelling (see [`has_dot_segment`]), or with a control character or
/// white space, which no request line carries and which the URL parser would drop.
pub fn join_target(base: &Url, target: &str) -> Result<Url, String> {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    if target.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("the target holds a control character or white space".into());
    }
    if has_dot_segment(path) {
        return Err(format!(
            "the path has a `.` or `..` segment (also as %2e or with \\), which would leave {}",
            base.path()
        ));
    }
    let mut url = base.clone();
    if !path.is_empty() {
        let joined = format!(
            "{}/{}",
            base.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
    }
    let q = match (base.query(), query) {
        (Some(a), Some(b)) if !a.is_empty() => Some(format!("{a}&{b}")),
        (_, Some(b)) => Some(b.to_string()),
        (a, None) => a.map(str::to_string),
    };
    url.set_query(q.as_deref().filter(|q| !q.is_empty()));
    Ok(url)
}

/// Whether a path holds a `.` or `..` segment in any spelling that the URL parser or an app
/// might resolve: plain, percent-encoded in any case (`%2e`, `.%2E`), encoded more than once
/// (`%252e`), between `/` or `\` (plain or encoded), or with `;` parameters (`..;`).
/// A path still encoded after a few rounds of decoding counts as one, rather than guessing.
fn has_dot_segment(path: &str) -> bool {
    let is_dots = |seg: &str| matches!(seg.split(';').next(), Some("." | ".."));
    let mut text = path.to_string();
    for _ in 0..4 {
        if text.split(['/', '\\']).any(is_dots) {
            return true;
        }
        let decoded = percent_decode(&text);
        if decoded == text {
            return false;
        }
        text = decoded;
    }
    true
}

/// `%XX` escapes decoded once; invalid escapes and bytes kept, invalid UTF-8 replaced.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `s` is an HTTP token (RFC 9110 §5.6.2), as a method and a header name must be.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Why a saved delivery cannot be sent again, if it cannot: a method or a header name that
/// is not an HTTP token, or a header value holding an ASCII control other than tab (CR, LF,
/// NUL, ESC, DEL, ...). No HTTP request carries those, so a save file that has them was
/// edited; they are refused rather than sent or printed. The reason is safe for a terminal.
pub fn unsendable(s: &Saved) -> Option<String> {
    if !is_token(&s.method) {
        return Some(format!(
            "the method `{}` is not an HTTP method",
            crate::escape::line(&s.method)
        ));
    }
    s.headers.iter().find_map(|(k, v)| {
        if !is_token(k) {
            Some(format!(
                "the header name `{}` is not an HTTP header name",
                crate::escape::line(k)
            ))
        } else if v.chars().any(|c| c.is_ascii_control() && c != '\t') {
            Some(format!(
                "the {} header holds a control character",
                crate::escape::line(k)
            ))
        } else {
            None
        }
    })
}

/// A one-line POSIX shell command that sends the same request with curl, body byte for byte.
/// Every part is quoted and the text is safe for a terminal (see [`quote`]); the body always
/// goes through stdin (`--data-binary @-`), so no body can make curl read a file. `s` must
/// have passed [`unsendable`].
pub fn curl_command(s: &Saved, url: &Url) -> String {
    let mut cmd = format!(
        "curl -sS -X {} {}",
        shell_word(&s.method),
        shell_word(url.as_str())
    );
    for (k, v) in s.headers.iter().filter(|(k, _)| passes(k)) {
        // curl drops a header given as `name:` with nothing after it; `name;` sends it empty.
        let header = if v.is_empty() {
            format!("{k};")
        } else {
            format!("{k}: {v}")
        };
        cmd.push_str(&format!(" -H {}", shell_word(&header)));
    }
    if s.body.is_empty() {
        return cmd;
    }
    format!("printf {} | {cmd} --data-binary @-", printf_format(&s.body))
}

/// A quoted `printf` format that prints `bytes` exactly: printable ASCII as it is (`%` and
/// `\` doubled), every other byte, `'` included, as a `\ooo` octal escape.
fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('\'');
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\047"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn targets_join_paths_and_queries() {
        let u = |s: &str| Url::parse(s).unwrap();
        let join = |base: &str, t: &str| join_target(&u(base), t).unwrap().to_string();
        assert_eq!(
            join("http://app:3000/hooks", "/ac?t=1"),
            "http://app:3000/hooks/ac?t=1"
        );
        assert_eq!(join("http://app:3000/", "/ac/x"), "http://app:3000/ac/x");
        assert_eq!(join("http://app:3000/deals", ""), "http://app:3000/deals");
        assert_eq!(
            join("http://app:3000/h?k=v", "/?t=1"),
            "http://app:3000/h/?k=v&t=1"
        );
        // Dots inside a segment, and in the query, are only text.
        assert_eq!(
            join("http://app/h", "/a..b/.x/x./...?p=../.."),
            "http://app/h/a..b/.x/x./...?p=../.."
        );
    }

    #[test]
    fn targets_that_could_leave_the_base_are_refused() {
        let base = Url::parse("http://app/hooks/ac").unwrap();
        for target in [
            "/..",
            "/../../admin",
            "/./x",
            "/a/.",
            "/%2e%2e/admin",
            "/%2E%2e/admin",
            "/.%2e/admin",
            "/%2e./admin",
            "/%2e/admin",
            "/..\\admin",
            "/a\\..\\..\\admin",
            "/..%5cadmin",
            "/..%5Cadmin",
            "/..%2fadmin",
            "/%252e%252e/admin",
            "/%25252e%25252e/admin",
            "/..;/admin",
            "/.;x/admin",
            "..",
            "/.\t./admin",
            "/a\nb",
            "/a b",
            "/a\u{0}b",
        ] {
            let got = join_target(&base, target);
            assert!(got.is_err(), "{target:?} gave {got:?}");
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
    fn curl_quotes_every_part_and_drops_hop_by_hop_headers() {
        let s = saved(1, "a");
        let cmd = curl_command(&s, &Url::parse("http://127.0.0.1:8080/h?token=a").unwrap());
        assert_eq!(
            cmd,
            "printf 'type=x&a=it\\047s' | curl -sS -X 'POST' 'http://127.0.0.1:8080/h?token=a' -H 'content-type: application/x-www-form-urlencoded' --data-binary @-"
        );
        let mut bin = saved(1, "a");
        bin.body = vec![0xff, 0, b'%', b'\\', b'@', b'\n'];
        bin.headers.clear();
        assert_eq!(
            curl_command(&bin, &Url::parse("http://h/").unwrap()),
            "printf '\\377\\000%%\\\\@\\012' | curl -sS -X 'POST' 'http://h/' --data-binary @-"
        );
    }

    #[test]
    fn requests_no_http_can_carry_are_unsendable() {
        let with = |method: &str, header: (&str, &str)| {
            let mut s = saved(1, "a");
            s.method = method.into();
            s.headers = vec![(header.0.into(), header.1.into())];
            unsendable(&s)
        };
        assert_eq!(with("X`touch$IFS.P`&", ("x-a", "$(x)\t'")), None);
        for (method, header) in [
            ("", ("a", "1")),
            ("PO ST", ("a", "1")),
            ("POST\n", ("a", "1")),
            ("POST", ("a b", "1")),
            ("POST", ("@/etc/passwd", "1")),
            ("POST", ("a", "1\r\nX: 2")),
            ("POST", ("a", "1\u{0}")),
            ("POST", ("a", "\u{1b}[2J")),
        ] {
            let why = with(method, header);
            assert!(
                why.as_deref().is_some_and(crate::escape::is_terminal_safe),
                "{method:?} {header:?}: {why:?}"
            );
        }
    }

    #[test]
    fn saved_lines_read_back() {
        let answer = Answer {
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
