//! Understands a caught body by its content type: AC's urlencoded forms (through
//! `crate::form`, the one decoder), JSON, multipart, text, or bytes. Never fails: anything
//! it cannot read is kept as text or an escaped preview with a note.
//!
//! A large body is decoded on tokio's blocking pool, not on a runtime worker: hundreds of MiB
//! take a while, and other requests are answered meanwhile. Small ones (nearly all) take
//! microseconds and stay where they are, which saves a thread hand-off per delivery. Only
//! what the run reads is decoded ([`Need`]): for the human view, long form keys and values are
//! cut to [`SHOWN_BYTES`], so a huge body is held once (the raw bytes), not once per decoded
//! copy; for `--raw`, no tree is built.

use bytes::Bytes;
use serde_json::Value;

use crate::form;

/// How many bytes of a binary body are shown escaped.
const PREVIEW_BYTES: usize = 256;

/// Bodies larger than this are decoded (and hashed) on the blocking pool.
pub(crate) const OFFLOAD_BYTES: usize = 64 * 1024;

/// How much of a long form key or value is kept when only the human view reads it: more than it
/// shows of any text.
pub(crate) const SHOWN_BYTES: usize = 16 * 1024;

/// How much of a body a run reads, and so how much is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Everything, whole: `--json`, `--save`, `--ui`, `--full`.
    Whole,
    /// What the human view shows: long form keys and values cut to [`SHOWN_BYTES`].
    Shown,
    /// `--raw`: the form's pairs (cut), for its event; no tree, which nobody reads.
    Pairs,
}

/// A body, understood.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    Empty,
    /// `application/x-www-form-urlencoded`: pairs in order, their tree, and decoding notes.
    Form {
        pairs: Vec<(String, String)>,
        tree: Value,
        notes: Vec<String>,
    },
    Json(Value),
    /// Declared JSON that does not parse: shown as text with the parser's complaint.
    BadJson {
        text: String,
        error: String,
    },
    Multipart(Vec<Part>),
    /// Declared multipart that does not parse.
    BadMultipart {
        error: String,
    },
    Text(String),
    /// Not UTF-8: an escaped preview of the start.
    Binary {
        preview: String,
    },
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub name: Option<String>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub size: usize,
    /// The value, for text parts (no filename, valid UTF-8).
    pub text: Option<String>,
}

impl Body {
    /// A top-level scalar field of a form or JSON object body.
    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        match self {
            Body::Form { pairs, .. } => pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            Body::Json(Value::Object(m)) => m.get(key).and_then(Value::as_str),
            _ => None,
        }
    }

    /// The nested tree, for form and JSON bodies.
    pub(crate) fn tree(&self) -> Option<&Value> {
        match self {
            // `Need::Pairs` builds no tree.
            Body::Form { tree, .. } => Some(tree).filter(|t| !t.is_null()),
            Body::Json(v) => Some(v),
            _ => None,
        }
    }

    /// A short name of the kind, for notes and tests.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Body::Empty => "empty",
            Body::Form { .. } => "form",
            Body::Json(_) | Body::BadJson { .. } => "json",
            Body::Multipart(_) | Body::BadMultipart { .. } => "multipart",
            Body::Text(_) => "text",
            Body::Binary { .. } => "binary",
        }
    }
}

/// The media type without parameters, lowercased.
fn media_type(content_type: Option<&str>) -> String {
    content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Understands a body. Multipart is parsed on the caller's task (multer is async); every
/// other kind on the blocking pool when larger than [`OFFLOAD_BYTES`]. `need` says how much
/// the run reads: below [`Need::Whole`], long form keys and values are cut (see
/// [`SHOWN_BYTES`]), and [`Need::Pairs`] builds no tree.
pub(crate) async fn decode(content_type: Option<&str>, raw: &Bytes, need: Need) -> Body {
    if raw.is_empty() {
        return Body::Empty;
    }
    let media = media_type(content_type);
    if media == "multipart/form-data" {
        return decode_multipart(content_type.unwrap_or(""), raw).await;
    }
    if raw.len() <= OFFLOAD_BYTES {
        return decode_sync(&media, raw, need);
    }
    let owned = raw.clone();
    tokio::task::spawn_blocking(move || decode_sync(&media, &owned, need))
        .await
        // Decoding does not panic; were the task lost, the body is shown as text or bytes.
        .unwrap_or_else(|_| decode_text(raw))
}

/// The same understanding outside the async runtime, for bodies read back from a save file:
/// every kind but multipart at once, multipart (read from memory, so ready at once) polled
/// once. None if it ever is not ready.
pub(crate) fn decode_now(content_type: Option<&str>, raw: &Bytes) -> Option<Body> {
    use futures_util::FutureExt as _;
    if raw.is_empty() {
        return Some(Body::Empty);
    }
    let media = media_type(content_type);
    if media == "multipart/form-data" {
        return decode_multipart(content_type.unwrap_or(""), raw).now_or_never();
    }
    Some(decode_sync(&media, raw, Need::Whole))
}

/// Every kind but multipart, by media type (lowercased, without parameters).
fn decode_sync(media: &str, raw: &[u8], need: Need) -> Body {
    match media {
        "application/x-www-form-urlencoded" => decode_form(raw, need),
        m if m == "application/json" || m.ends_with("+json") => decode_json(raw),
        "" if looks_like_form(raw) => decode_form(raw, need),
        "" if serde_json::from_slice::<Value>(raw).is_ok() => decode_json(raw),
        _ => decode_text(raw),
    }
}

fn decode_form(raw: &[u8], need: Need) -> Body {
    let mut decoded = form::decode(raw);
    if need != Need::Whole {
        for (key, value) in &mut decoded.pairs {
            cut_value(key);
            cut_value(value);
        }
    }
    let tree = match need {
        Need::Pairs => Value::Null,
        Need::Whole | Need::Shown => form::to_tree(&decoded.pairs),
    };
    Body::Form {
        pairs: decoded.pairs,
        tree,
        notes: decoded.notes,
    }
}

/// Cuts a key or value longer than [`SHOWN_BYTES`] on a character boundary, saying how much is not
/// kept, and gives the memory back. What is kept, note included, fits in [`SHOWN_BYTES`], so
/// the view shows it as it is rather than cutting it (and its note) again.
fn cut_value(value: &mut String) {
    if value.len() <= SHOWN_BYTES {
        return;
    }
    let kept = crate::escape::cut(value, SHOWN_BYTES - 64).len();
    let rest = value.len() - kept;
    value.truncate(kept);
    value.push_str(&format!(
        "… ({rest} more bytes not shown; --full shows all)"
    ));
    value.shrink_to_fit();
}

fn decode_json(raw: &[u8]) -> Body {
    match serde_json::from_slice(raw) {
        Ok(v) => Body::Json(v),
        Err(e) => Body::BadJson {
            text: String::from_utf8_lossy(raw).into_owned(),
            error: e.to_string(),
        },
    }
}

fn decode_text(raw: &[u8]) -> Body {
    match std::str::from_utf8(raw) {
        Ok(s) => Body::Text(s.to_string()),
        Err(_) => Body::Binary {
            preview: raw[..raw.len().min(PREVIEW_BYTES)]
                .escape_ascii()
                .to_string(),
        },
    }
}

/// A body sent with no content type that reads as `k=v&k=v`: decoded as a form, since that is
/// what AC and `curl -d` send.
fn looks_like_form(raw: &[u8]) -> bool {
    raw.contains(&b'=')
        && !raw
            .iter()
            .any(|b| b.is_ascii_whitespace() || matches!(b, b'{' | b'[' | b'"' | b'<'))
        && std::str::from_utf8(raw).is_ok()
}

async fn decode_multipart(content_type: &str, raw: &Bytes) -> Body {
    let boundary = match multer::parse_boundary(content_type) {
        Ok(b) => b,
        Err(e) => {
            return Body::BadMultipart {
                error: e.to_string(),
            };
        }
    };
    let stream = futures_util::stream::once({
        let raw = raw.clone();
        async move { Ok::<Bytes, std::convert::Infallible>(raw) }
    });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().map(str::to_string);
                let filename = field.file_name().map(str::to_string);
                let content_type = field.content_type().map(|m| m.to_string());
                match field.bytes().await {
                    Ok(data) => {
                        let text = if filename.is_none() {
                            std::str::from_utf8(&data).ok().map(str::to_string)
                        } else {
                            None
                        };
                        parts.push(Part {
                            name,
                            filename,
                            content_type,
                            size: data.len(),
                            text,
                        });
                    }
                    Err(e) => {
                        return Body::BadMultipart {
                            error: e.to_string(),
                        };
                    }
                }
            }
            Ok(None) => return Body::Multipart(parts),
            Err(e) => {
                return Body::BadMultipart {
                    error: e.to_string(),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ct: Option<&str>, body: &[u8]) -> Body {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(decode(ct, &Bytes::copy_from_slice(body), Need::Whole))
    }

    #[test]
    fn kinds_by_content_type() {
        let form = run(
            Some("application/x-www-form-urlencoded"),
            b"type=subscribe&contact%5Bemail%5D=a%40b.c",
        );
        assert_eq!(form.field("type"), Some("subscribe"));
        assert_eq!(form.tree().unwrap()["contact"]["email"], "a@b.c");
        let json = run(Some("application/json; charset=utf-8"), br#"{"type":"x"}"#);
        assert_eq!(json.field("type"), Some("x"));
        assert_eq!(run(Some("application/json"), b"{nope").kind(), "json");
        assert!(matches!(
            run(Some("application/json"), b"{nope"),
            Body::BadJson { .. }
        ));
        assert_eq!(run(Some("text/plain"), b"hi"), Body::Text("hi".into()));
        assert_eq!(run(None, b"a=1&b=2").kind(), "form");
        assert_eq!(run(None, b"").kind(), "empty");
        assert!(matches!(
            run(Some("application/octet-stream"), &[0xff, 0x00, b'a']),
            Body::Binary { preview } if preview == "\\xff\\x00a"
        ));
    }

    #[test]
    fn raw_runs_get_the_pairs_and_no_tree() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let ct = Some("application/x-www-form-urlencoded");
        let body = Bytes::from_static(b"type=subscribe&contact[email]=a%40b");
        let pairs = rt.block_on(decode(ct, &body, Need::Pairs));
        assert_eq!(pairs.field("type"), Some("subscribe"));
        assert!(pairs.tree().is_none());
        let whole = rt.block_on(decode(ct, &body, Need::Whole));
        assert_eq!(whole.tree().unwrap()["contact"]["email"], "a@b");
    }

    #[test]
    fn a_preview_keeps_only_the_start_of_long_form_values() {
        let long = format!("type=x&data={}", "é".repeat(SHOWN_BYTES));
        let body = Bytes::from(long);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let ct = Some("application/x-www-form-urlencoded");
        let Body::Form { pairs, tree, .. } = rt.block_on(decode(ct, &body, Need::Shown)) else {
            panic!("not a form")
        };
        let kept = &pairs[1].1;
        assert!(kept.len() < SHOWN_BYTES + 64, "{} bytes kept", kept.len());
        assert!(kept.len() <= SHOWN_BYTES, "{}", kept.len());
        assert!(kept.ends_with(&format!(
            "… ({} more bytes not shown; --full shows all)",
            2 * SHOWN_BYTES - (SHOWN_BYTES - 64)
        )));
        assert_eq!(tree["data"].as_str(), Some(kept.as_str()));
        assert_eq!(pairs[0].1, "x");
        let full = rt.block_on(decode(ct, &body, Need::Whole));
        assert_eq!(full.field("data").map(str::len), Some(2 * SHOWN_BYTES));
    }

    #[test]
    fn multipart_parts() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n--XX--\r\n";
        let Body::Multipart(parts) = run(Some("multipart/form-data; boundary=XX"), body) else {
            panic!("not multipart")
        };
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text.as_deref(), Some("hello"));
        assert_eq!(parts[1].filename.as_deref(), Some("x.bin"));
        assert_eq!(parts[1].size, 3);
        assert!(matches!(
            run(Some("multipart/form-data"), b"x"),
            Body::BadMultipart { .. }
        ));
    }
}
