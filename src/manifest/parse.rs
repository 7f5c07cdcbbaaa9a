//! Reads the webhook file's syntax, TOML or JSON, into entries whose every value keeps its
//! byte span, so that later checks can name a line and column. Checks only shapes and keys;
//! the meaning (events, URLs, names) is checked in `super`. Pure: no I/O.

use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;
use toml::Spanned;

/// A value and where it is in the file (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// One `[[webhook]]` entry as written. Missing keys are `None`, for `super` to report.
#[derive(Debug, Clone, Default)]
pub(super) struct RawEntry {
    /// The entry itself, for "missing key" messages.
    pub span: Range<usize>,
    pub name: Option<Located<String>>,
    pub url: Option<Located<String>>,
    pub events: Option<Located<Vec<Located<String>>>>,
    pub sources: Option<Located<Vec<Located<String>>>>,
    pub list: Option<Located<u64>>,
}

/// A syntax or shape error: the message and the byte offset it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlDoc {
    #[serde(default)]
    webhook: Vec<Spanned<TomlEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlEntry {
    name: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    events: Option<Spanned<Vec<Spanned<String>>>>,
    sources: Option<Spanned<Vec<Spanned<String>>>>,
    list: Option<Spanned<u64>>,
}

fn located<T>(s: Spanned<T>) -> Located<T> {
    let span = s.span();
    Located {
        value: s.into_inner(),
        span,
    }
}

fn located_list(s: Spanned<Vec<Spanned<String>>>) -> Located<Vec<Located<String>>> {
    let span = s.span();
    Located {
        value: s.into_inner().into_iter().map(located).collect(),
        span,
    }
}

/// Reads a TOML file.
pub(super) fn toml(text: &str) -> Result<Vec<RawEntry>, SyntaxError> {
    let doc: TomlDoc = toml::from_str(text).map_err(|e| SyntaxError {
        offset: e.span().map_or(0, |s| s.start),
        message: e.message().trim().to_string(),
    })?;
    Ok(doc
        .webhook
        .into_iter()
        .map(|entry| {
            let span = entry.span();
            let e = entry.into_inner();
            RawEntry {
                span,
                name: e.name.map(located),
                url: e.url.map(located),
                events: e.events.map(located_list),
                sources: e.sources.map(located_list),
                list: e.list.map(located),
            }
        })
        .collect())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDoc<'a> {
    #[serde(default, borrow)]
    webhook: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEntry<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    events: Option<&'a RawValue>,
    #[serde(borrow)]
    sources: Option<&'a RawValue>,
    #[serde(borrow)]
    list: Option<&'a RawValue>,
}

/// Reads a JSON file of the same shape: `{"webhook": [{"name": ..., ...}]}`.
///
/// serde_json keeps no spans, so every value is kept as a `RawValue` borrowed from `text`
/// and its position is where that slice starts.
pub(super) fn json(text: &str) -> Result<Vec<RawEntry>, SyntaxError> {
    let doc: JsonDoc = serde_json::from_str(text).map_err(|e| whole(text, &e))?;
    let mut entries = Vec::with_capacity(doc.webhook.len());
    for raw in doc.webhook {
        let span = span_of(text, raw);
        // Errors inside one entry (an unknown key, say) are at the entry's position plus the
        // offset serde_json reports within it.
        let e: JsonEntry = serde_json::from_str(raw.get()).map_err(|e| {
            let inner = whole(raw.get(), &e);
            SyntaxError {
                offset: span.start + inner.offset,
                message: inner.message,
            }
        })?;
        entries.push(RawEntry {
            span,
            name: e.name.map(|r| leaf(text, r, "a string")).transpose()?,
            url: e.url.map(|r| leaf(text, r, "a string")).transpose()?,
            events: e.events.map(|r| strings(text, r)).transpose()?,
            sources: e.sources.map(|r| strings(text, r)).transpose()?,
            list: e
                .list
                .map(|r| leaf(text, r, "a list id: a whole number, 0 or more"))
                .transpose()?,
        });
    }
    Ok(entries)
}

fn span_of(text: &str, raw: &RawValue) -> Range<usize> {
    // The raw slice borrows from `text`, so its address tells where it is.
    let start = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    start..start + raw.get().len()
}

fn leaf<'a, T: Deserialize<'a>>(
    text: &str,
    raw: &'a RawValue,
    what: &str,
) -> Result<Located<T>, SyntaxError> {
    let span = span_of(text, raw);
    let value = serde_json::from_str(raw.get()).map_err(|_| SyntaxError {
        offset: span.start,
        message: format!("expected {what}, found {}", raw.get()),
    })?;
    Ok(Located { value, span })
}

fn strings(text: &str, raw: &RawValue) -> Result<Located<Vec<Located<String>>>, SyntaxError> {
    let items: Located<Vec<&RawValue>> = leaf(text, raw, "an array of strings")?;
    let value = items
        .value
        .into_iter()
        .map(|r| leaf(text, r, "a string"))
        .collect::<Result<_, _>>()?;
    Ok(Located {
        value,
        span: items.span,
    })
}

/// A serde_json error's line and column turned back into an offset in `text`.
fn whole(text: &str, e: &serde_json::Error) -> SyntaxError {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (line_start + e.column().saturating_sub(1)).min(text.len());
    // serde_json appends " at line L column C"; the caller gives its own position.
    let msg = e.to_string();
    let message = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    SyntaxError { offset, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[[webhook]]
name = "crm"
url = "https://x.io/h"
events = ["subscribe", "update"]
sources = ["api"]

[[webhook]]
name = "b"
list = 3
"#;

    #[test]
    fn toml_keeps_spans() {
        let e = toml(TOML).unwrap();
        assert_eq!(e.len(), 2);
        let name = e[0].name.as_ref().unwrap();
        assert_eq!(&TOML[name.span.clone()], "\"crm\"");
        let events = e[0].events.as_ref().unwrap();
        assert_eq!(&TOML[events.value[1].span.clone()], "\"update\"");
        assert_eq!(e[1].list.as_ref().unwrap().value, 3);
        assert!(e[1].url.is_none());
    }

    #[test]
    fn toml_unknown_key_points_at_it() {
        let text = "[[webhook]]\nname = \"a\"\nevnts = []\n";
        let err = toml(text).unwrap_err();
        assert!(
            err.message.contains("unknown field `evnts`"),
            "{}",
            err.message
        );
        assert_eq!(&text[err.offset..err.offset + 5], "evnts");
    }

    #[test]
    fn json_keeps_spans() {
        let text = r#"{"webhook": [
  {"name": "crm", "url": "https://x.io/h", "events": ["subscribe"], "sources": ["api"], "list": 0}
]}"#;
        let e = json(text).unwrap();
        let ev = &e[0].events.as_ref().unwrap().value[0];
        assert_eq!(&text[ev.span.clone()], "\"subscribe\"");
        assert_eq!(e[0].list.as_ref().unwrap().value, 0);
    }

    #[test]
    fn json_errors_point_into_the_file() {
        let text = "{\"webhook\": [\n  {\"name\": \"a\",\n   \"evnts\": []}\n]}";
        let err = json(text).unwrap_err();
        assert!(
            err.message.contains("unknown field `evnts`"),
            "{}",
            err.message
        );
        assert_eq!(text[..err.offset].matches('\n').count(), 2);
        let err = json("{\"webhook\": [{\"list\": -1}]}").unwrap_err();
        assert!(err.message.contains("whole number"), "{}", err.message);
        let err = json("{\"webhook\": [{\"events\": \"open\"}]}").unwrap_err();
        assert!(err.message.contains("array of strings"), "{}", err.message);
        assert!(json("{\"webhook\": [").is_err());
    }
}
