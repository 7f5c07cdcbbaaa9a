//! The inspector's search box: a query parsed once, then matched against each kept delivery.
//! Pure: no I/O, and nothing here fails or panics on any query or any capture.
//!
//! # Syntax
//! - Terms are split on whitespace; `"double quoted"` keeps its spaces (an unclosed quote runs
//!   to the end). Every term must match (AND). Letters are compared lowercased
//!   (`str::to_lowercase`).
//! - `key:value`: some leaf whose key path ENDS with the key's segments has a value that
//!   CONTAINS `value`. The key is dotted (`contact.email`), bracketed (`contact[email]`,
//!   `contact[fields][27]`) or both. Leaves are a form's pairs (their keys split as
//!   [`crate::form::split_key`] splits them, so `a[b][]` is `a`, `b`, `""`), a JSON body's
//!   scalars, the query's pairs and a multipart body's text parts. The key may also name a
//!   header (`content-type:form`, the whole name), or be one of the pseudo-keys `path` and
//!   `method`. `key:` (nothing after the colon) asks only that the key exists, leaf or not.
//!   A term that does not match as `key:value` is then searched as plain text, whole, so
//!   text with a colon in it (`2026-12-03T13:36`) is found too.
//! - Plain text is everything else: a term without `:`, with nothing before its `:`, one
//!   that starts with a quote (`"a:b"`), and one that looks like a URL or a time (it holds
//!   `://`, or its key is all digits: `13:05`). It matches a substring of any decoded key or
//!   value of the body (form pairs, JSON keys and scalars, text, multipart names and text
//!   parts), any header name or value, the method, the path or the decoded query.
//!
//! Matching allocates only for text that is not ASCII (to lowercase it) and for the keys of
//! form pairs whose value already matched: the page searches up to `--ui-keep` deliveries on
//! every pause in typing.

use std::borrow::Cow;

use serde_json::Value;

use crate::listen::body::Part;
use crate::listen::{Body, Capture};

/// Terms beyond this many are ignored (after dropping repeats): a pasted page of text
/// should not cost a scan of every delivery per word.
const MAX_TERMS: usize = 64;

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// Lowercased.
    Text(String),
    Key(KeyTerm),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyTerm {
    /// The key as typed, lowercased: for header names and pseudo-keys.
    name: String,
    /// The key's segments, lowercased; never empty.
    path: Vec<String>,
    /// Lowercased; empty = the key only has to exist.
    value: String,
    /// The whole term, lowercased, searched as plain text when the key does not match.
    whole: String,
}

impl Query {
    /// Parses a search; never fails (see the module doc).
    pub(crate) fn parse(q: &str) -> Query {
        let mut terms: Vec<Term> = Vec::new();
        for (token, quoted) in tokens(q) {
            let term = term(&token.to_lowercase(), quoted);
            if !terms.contains(&term) {
                terms.push(term);
            }
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        Query { terms }
    }

    /// No terms: everything matches.
    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every term matches the delivery.
    pub(crate) fn matches(&self, cap: &Capture) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Text(text) => text_matches(text, cap),
            Term::Key(key) => key.matches(cap) || text_matches(&key.whole, cap),
        })
    }
}

/// The query's terms as typed (quotes removed), each with whether it began with a quote.
/// Empty terms (`""`) are dropped.
fn tokens(q: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut started, mut quoted, mut in_quotes) = (false, false, false);
    for c in q.chars() {
        if c == '"' {
            quoted |= !started;
            started = true;
            in_quotes = !in_quotes;
        } else if c.is_whitespace() && !in_quotes {
            if !current.is_empty() {
                out.push((std::mem::take(&mut current), quoted));
            }
            (started, quoted) = (false, false);
        } else {
            current.push(c);
            started = true;
        }
    }
    if !current.is_empty() {
        out.push((current, quoted));
    }
    out
}

/// One lowercased token as a term.
fn term(token: &str, quoted: bool) -> Term {
    let text = || Term::Text(token.to_string());
    if quoted || token.contains("://") {
        return text();
    }
    let Some((name, value)) = token.split_once(':') else {
        return text();
    };
    if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
        return text();
    }
    let path = key_path(name);
    if path.is_empty() {
        return text();
    }
    Term::Key(KeyTerm {
        name: name.to_string(),
        path,
        value: value.to_string(),
        whole: token.to_string(),
    })
}

/// `contact.email`, `contact[email]`, `deal.fields[27]` -> their segments. Dots separate
/// segments only before the first bracket, so a bracketed segment may hold a dot.
fn key_path(name: &str) -> Vec<String> {
    let (base, segments) = crate::form::split_key(name);
    base.split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .chain(segments)
        .collect()
}

/// A plain term against everything searchable.
fn text_matches(text: &str, cap: &Capture) -> bool {
    let has = |s: &str| contains(s, text);
    has(&cap.method)
        || has(&cap.path)
        || form_urlencoded::parse(cap.query.as_bytes()).any(|(k, v)| has(&k) || has(&v))
        || cap.headers.iter().any(|(k, v)| has(k) || has(v))
        || match &cap.body {
            Body::Form { pairs, .. } => pairs.iter().any(|(k, v)| has(k) || has(v)),
            Body::Json(v) => json_has(v, text, &mut String::new()),
            Body::BadJson { text: body, .. } | Body::Text(body) => has(body),
            Body::Multipart(parts) => parts.iter().any(|p| {
                [&p.name, &p.filename, &p.text]
                    .into_iter()
                    .any(|s| s.as_deref().is_some_and(has))
            }),
            Body::Empty | Body::BadMultipart { .. } | Body::Binary { .. } => false,
        }
}

/// Whether a JSON key or scalar anywhere in `v` contains `text`.
fn json_has(v: &Value, text: &str, buf: &mut String) -> bool {
    match v {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| contains(k, text) || json_has(v, text, buf)),
        Value::Array(items) => items.iter().any(|v| json_has(v, text, buf)),
        scalar => contains(scalar_text(scalar, buf), text),
    }
}

/// A JSON scalar as text: a string as it is, anything else as JSON writes it.
fn scalar_text<'a>(v: &'a Value, buf: &'a mut String) -> &'a str {
    use std::fmt::Write as _;
    match v {
        Value::String(s) => s,
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        Value::Null => "null",
        other => {
            buf.clear();
            let _ = write!(buf, "{other}");
            buf
        }
    }
}

/// One step of a JSON path.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl KeyTerm {
    fn matches(&self, cap: &Capture) -> bool {
        let name = self.name.as_str();
        let pseudo = match name {
            "path" => Some(cap.path.as_str()),
            "method" => Some(cap.method.as_str()),
            _ => None,
        };
        pseudo.is_some_and(|v| contains(v, &self.value))
            || cap
                .headers
                .iter()
                .any(|(k, v)| same(k, name) && contains(v, &self.value))
            || form_urlencoded::parse(cap.query.as_bytes()).any(|(k, v)| self.pair(&k, &v))
            || match &cap.body {
                Body::Form { pairs, .. } => pairs.iter().any(|(k, v)| self.pair(k, v)),
                Body::Json(v) => self.json(v, &mut Vec::new(), &mut String::new()),
                Body::Multipart(parts) => parts.iter().any(|p| self.part(p)),
                _ => false,
            }
    }

    /// A form or query pair. The value is looked at first: it is cheap, and most pairs fail
    /// it. The key is split only when it may hold the last segment.
    fn pair(&self, key: &str, value: &str) -> bool {
        let last = self.path.last().map_or("", String::as_str);
        if !contains(value, &self.value) || !contains(key, last) {
            return false;
        }
        let (base, segments) = crate::form::split_key(key);
        let steps: Vec<&str> = std::iter::once(base.as_str())
            .chain(segments.iter().map(String::as_str))
            .collect();
        if self.value.is_empty() {
            // The key exists: some node on the pair's path ends with the segments.
            (1..=steps.len()).any(|n| self.ends(&steps[..n], |s, q| same(s, q)))
        } else {
            self.ends(&steps, |s, q| same(s, q))
        }
    }

    /// A multipart text part, by its field name.
    fn part(&self, p: &Part) -> bool {
        match (&p.name, &p.text) {
            (Some(name), Some(text)) => self.pair(name, text),
            (Some(name), None) => self.value.is_empty() && self.pair(name, ""),
            _ => false,
        }
    }

    /// Walks a JSON value, `path` holding the steps to it.
    fn json<'a>(&self, v: &'a Value, path: &mut Vec<Step<'a>>, buf: &mut String) -> bool {
        let step_is = |s: &Step<'_>, q: &str| match *s {
            Step::Key(k) => same(k, q),
            Step::Index(i) => is_index(q, i),
        };
        if !path.is_empty() && self.value.is_empty() && self.ends(path, step_is) {
            return true;
        }
        let mut below = |path: &mut Vec<Step<'a>>, step: Step<'a>, v: &'a Value| {
            path.push(step);
            let hit = self.json(v, path, buf);
            path.pop();
            hit
        };
        match v {
            Value::Object(map) => map.iter().any(|(k, v)| below(path, Step::Key(k), v)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .any(|(i, v)| below(path, Step::Index(i), v)),
            scalar => {
                !self.value.is_empty()
                    && self.ends(path, step_is)
                    && contains(scalar_text(scalar, buf), &self.value)
            }
        }
    }

    /// Whether `steps` ends with this key's segments.
    fn ends<S>(&self, steps: &[S], same_step: impl Fn(&S, &str) -> bool) -> bool {
        steps.len() >= self.path.len()
            && steps[steps.len() - self.path.len()..]
                .iter()
                .zip(&self.path)
                .all(|(s, q)| same_step(s, q))
    }
}

/// Whether the segment `q` names array index `i` (`"3"`, not `"03"` or `"+3"`).
fn is_index(q: &str, i: usize) -> bool {
    !q.is_empty()
        && q.bytes().all(|b| b.is_ascii_digit())
        && (q == "0" || !q.starts_with('0'))
        && q.parse() == Ok(i)
}

/// `s`, lowercased, when it has to be: ASCII text is compared without a copy.
fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Whether `hay` contains `needle` (already lowercased), ignoring case.
fn contains(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    match lower(hay) {
        Cow::Borrowed(ascii) => {
            // Lowercased ASCII stays ASCII, so a needle with anything else cannot be in it.
            let (h, n) = (ascii.as_bytes(), needle.as_bytes());
            needle.is_ascii()
                && h.len() >= n.len()
                && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
        }
        Cow::Owned(lowered) => lowered.contains(needle),
    }
}

/// Whether `s` equals `q` (already lowercased), ignoring case.
fn same(s: &str, q: &str) -> bool {
    match lower(s) {
        Cow::Borrowed(ascii) => ascii.eq_ignore_ascii_case(q),
        Cow::Owned(lowered) => lowered == q,
    }
}

#[cfg(test)]
mod tests {
    use crate::inspect::test_capture as capture;

    use super::*;

    fn form(body: &str) -> Capture {
        capture(
            Some("application/x-www-form-urlencoded"),
            body.as_bytes(),
            "/hook",
        )
    }

    fn json(body: &str) -> Capture {
        capture(Some("application/json"), body.as_bytes(), "/hook")
    }

    fn hit(q: &str, cap: &Capture) -> bool {
        Query::parse(q).matches(cap)
    }

    const SUBSCRIBE: &str = "type=subscribe&contact%5Bemail%5D=Jane.Doe%40Example.com&contact%5Bfields%5D%5B27%5D=Blue&list=1&tags%5B%5D=vip&url=https%3A%2F%2Fx.test%2Fa";

    #[test]
    fn terms_split_on_whitespace_and_quotes_keep_spaces() {
        let q = Query::parse("  a\tB   \"c d\"  e:\"f g\" ");
        assert_eq!(
            q.terms,
            vec![
                Term::Text("a".into()),
                Term::Text("b".into()),
                Term::Text("c d".into()),
                Term::Key(KeyTerm {
                    name: "e".into(),
                    path: vec!["e".into()],
                    value: "f g".into(),
                    whole: "e:f g".into(),
                }),
            ]
        );
    }

    #[test]
    fn every_term_must_match() {
        let cap = form(SUBSCRIBE);
        assert!(hit("subscribe jane", &cap));
        assert!(!hit("subscribe john", &cap));
        assert!(hit("\"doe@example\"", &cap));
        assert!(!hit("\"jane doe\"", &cap));
    }

    #[test]
    fn empty_and_blank_queries_match_everything() {
        let cap = form(SUBSCRIBE);
        for q in ["", "   ", "\t\n", "\"\"", "\"\" \"\""] {
            let parsed = Query::parse(q);
            assert!(parsed.is_empty(), "{q:?}");
            assert!(parsed.matches(&cap), "{q:?}");
        }
        assert!(!Query::parse("a").is_empty());
    }

    #[test]
    fn dotted_and_bracketed_keys_match_the_end_of_a_form_key() {
        let cap = form(SUBSCRIBE);
        for q in [
            "contact.email:jane",
            "contact[email]:JANE",
            "email:example.com",
            "fields[27]:blu",
            "contact[fields][27]:blue",
            "contact.fields[27]:blue",
            "tags[]:vip",
            "type:subscribe",
            "127.0.0.1:8080", // no such key: found as plain text, in the Host header
        ] {
            assert!(hit(q, &cap), "{q}");
        }
        for q in [
            "contact:jane",         // not a leaf's whole tail
            "contact.email:john",   // value does not match
            "deal.email:jane",      // path does not end that way
            "fields[28]:blue",      // another field
            "nothere:x",            // key matches nothing, nor does the text
            "27:blue",              // all digits: a time, so plain text
            "email[contact]:jane",  // order matters
            "contact.email.x:jane", // longer than the key
        ] {
            assert!(!hit(q, &cap), "{q}");
        }
    }

    #[test]
    fn an_empty_value_asks_only_that_the_key_exists() {
        let cap = form(SUBSCRIBE);
        for q in [
            "contact:",
            "contact.email:",
            "fields:",
            "contact[fields]:",
            "tags:",
        ] {
            assert!(hit(q, &cap), "{q}");
        }
        for q in ["deal:", "email.contact:", "nothere:"] {
            assert!(!hit(q, &cap), "{q}");
        }
        let cap = json(r#"{"deal":{"fields":[],"title":null}}"#);
        for q in ["deal:", "deal.fields:", "title:"] {
            assert!(hit(q, &cap), "{q}");
        }
        assert!(!hit("contact:", &cap));
    }

    #[test]
    fn json_trees_are_walked() {
        let cap = json(
            r#"{"contact":{"email":"jane@example.com","fields":[{"id":27,"value":"Blue"}]},"ok":true,"n":null}"#,
        );
        for q in [
            "contact.email:jane",
            "email:JANE",
            "fields[0][value]:blue",
            "fields.0.id:27",
            "id:2",
            "ok:true",
            "n:null",
            "jane",
            "27",
            "fields",
            "true",
        ] {
            assert!(hit(q, &cap), "{q}");
        }
        for q in [
            "fields[1][value]:blue",
            "fields[00][value]:blue",
            "contact:jane",
            "email:john",
            "nothere:x",
        ] {
            assert!(!hit(q, &cap), "{q}");
        }
        // A top-level array and a scalar body.
        assert!(hit("[0]:a", &json(r#"["a"]"#)));
        assert!(hit("5", &json("5")));
        assert!(!hit("x:5", &json("5")));
    }

    #[test]
    fn headers_path_and_method_are_keys_too() {
        let cap = capture(
            Some("application/x-www-form-urlencoded; charset=utf-8"),
            b"a=1",
            "/hooks/ac?src=ac&k=v",
        );
        for q in [
            "content-type:form",
            "Content-Type:UTF-8",
            "host:127.0.0.1",
            "content-type:",
            "path:/hooks",
            "path:AC",
            "method:post",
            "method:",
            "src:ac",
            "k:",
        ] {
            assert!(hit(q, &cap), "{q}");
        }
        for q in ["content-type:json", "path:/other", "method:get", "accept:"] {
            assert!(!hit(q, &cap), "{q}");
        }
    }

    #[test]
    fn plain_text_searches_keys_values_headers_method_path_and_query() {
        let cap = capture(
            Some("application/x-www-form-urlencoded"),
            SUBSCRIBE.as_bytes(),
            "/hooks/ac?source=Zapier%20One",
        );
        for q in [
            "jane.doe@example.com", // decoded value
            "contact[email]",       // decoded key
            "fields",               // part of a key
            "content-type",         // header name
            "urlencoded",           // header value
            "post",                 // method
            "hooks/ac",             // path
            "zapier one",           // query, decoded
            "source",               // query key
        ] {
            assert!(hit(q, &cap), "{q}");
        }
        for q in ["%5b", "%40", "zapier%20", "deal"] {
            assert!(!hit(q, &cap), "{q}");
        }
        assert!(hit(
            "hello",
            &capture(Some("text/plain"), b"Say HELLO", "/")
        ));
        assert!(hit(
            "nope",
            &capture(Some("application/json"), b"{nope", "/")
        ));
        assert!(!hit("\\xff", &capture(Some("image/png"), &[0xff, 0], "/")));
    }

    #[test]
    fn urls_times_and_empty_keys_are_plain_text() {
        let cap = form(SUBSCRIBE);
        assert!(hit("https://x.test/a", &cap));
        assert_eq!(
            Query::parse("url:https://x.test").terms,
            vec![Term::Text("url:https://x.test".into())]
        );
        let cap = capture(Some("text/plain"), b"at 13:05 and :x: and a::b", "/");
        for q in ["13:05", ":x:", ":", "::", "\"a:b\"", "3:0"] {
            assert_eq!(hit(q, &cap), q != "\"a:b\"", "{q}");
        }
        // A quoted term is plain text even when it holds a colon; unquoted, one whose key
        // matches nothing is searched as text too.
        let cap = capture(Some("text/plain"), b"note a:b", "/");
        assert!(hit("\"a:b\"", &cap));
        assert!(hit("a:b", &cap));
        assert!(!hit("a:c", &cap));
    }

    #[test]
    fn unicode_is_lowercased() {
        let cap = form("name=%C3%89LODIE+%C3%84RGER&%C3%96rt=M%C3%9CNCHEN");
        for q in [
            "élodie",
            "ÉLODIE",
            "ärger",
            "name:élo",
            "ört:münchen",
            "ÖRT:",
        ] {
            assert!(hit(q, &cap), "{q}");
        }
        assert!(!hit("elodie", &cap));
        // ASCII text never holds a needle that is not ASCII.
        assert!(!hit("é", &form("e=e")));
        // The Kelvin sign lowercases to an ASCII k.
        assert!(hit("kelvin", &form("x=%E2%84%AAelvin")));
    }

    #[test]
    fn multipart_names_and_text_parts() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"contact[email]\"\r\n\r\njane@example.com\r\n--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"cv.pdf\"\r\n\r\n\x00\x01\r\n--XX--\r\n";
        let cap = capture(Some("multipart/form-data; boundary=XX"), body, "/");
        for q in ["email:jane", "cv.pdf", "jane", "f:", "contact:"] {
            assert!(hit(q, &cap), "{q}");
        }
        assert!(!hit("f:x", &cap));
    }

    #[test]
    fn odd_and_hostile_queries_never_fail() {
        let cap = form(SUBSCRIBE);
        for q in [
            "\"unbalanced",
            "\"",
            "a\"b",
            ":",
            "::",
            ".:x",
            "[]:",
            "[:x",
            "]]]:[[[",
            "a[b:c",
            "\u{0}",
            "\u{202e}x",
            "<script>alert(1)</script>",
        ] {
            let _ = Query::parse(q).matches(&cap);
        }
        // An unclosed quote runs to the end.
        assert_eq!(
            Query::parse("\"jane doe").terms,
            vec![Term::Text("jane doe".into())]
        );
        assert!(hit("\"jane", &cap));
        // A huge query: repeats are dropped, and at most MAX_TERMS terms are kept.
        let huge = "jane ".repeat(100_000);
        let q = Query::parse(&huge);
        assert_eq!(q.terms.len(), 1);
        assert!(q.matches(&cap));
        let many: String = (0..10_000).map(|i| format!("t{i} ")).collect();
        assert_eq!(Query::parse(&many).terms.len(), MAX_TERMS);
        let long = "x".repeat(1 << 20);
        assert!(!hit(&long, &cap));
        assert!(!hit(&format!("email:{long}"), &cap));
    }

    #[test]
    fn empty_and_odd_bodies() {
        let cap = capture(None, b"", "/");
        assert!(hit("post", &cap));
        assert!(!hit("a:", &cap));
        let cap = capture(Some("multipart/form-data"), b"x", "/");
        assert!(!hit("x", &cap));
    }
}
