//! The one decoder and encoder of ActiveCampaign's webhook bodies.
//!
//! AC posts `application/x-www-form-urlencoded` bodies with PHP-style bracketed keys
//! (`contact[fields][27]=x`). This module owns turning such a body into ordered pairs
//! ([`decode`]), those pairs into a nested JSON tree ([`to_tree`]), sample pairs back into a
//! body ([`encode`]), and the small key and value helpers the views share (`split_key`,
//! `split_multi`, `exceeds_depth`). `listen` and `trigger` both go through here, so what
//! one shows is what the other sends. Pure: no I/O, and nothing here panics on any input.
//!
//! # Keys
//! A key is a base followed by `[segment]`s; a segment runs to the first `]`, so it may hold
//! a `[` (`a[b[c]` -> `a`, `["b[c"]`), as in PHP. Nothing is ever dropped:
//! - a key whose first `[` is never closed stays whole as the base (`a[b` -> `a[b`, `[]`);
//!   a key without `[` is all base (`a]b`);
//! - once the key stops being a run of `[segment]`s (`a[b]c`, `a[b][c`), or past
//!   `MAX_DEPTH` segments, the rest of the key is glued onto the last kept segment
//!   verbatim: that segment becomes the raw text from just after its `[` to the end of the
//!   key (`a[b]c` -> `["b]c"]`, `a[b][c` -> `["b][c"]`).
//!
//! # Tree
//! Each node of the tree collects the scalars given to its own path, its named children
//! and its `[]` elements, and becomes:
//! - scalars only: a string, or an array of strings when the key was repeated;
//! - named children only: an object (numeric names stay object keys, never arrays);
//! - `[]` elements only: an array, one element per `[]`;
//! - any mix: an object with the scalar(s) under `VALUE_KEY` first, then the named
//!   children and the `[]` elements in order of first appearance, the elements numbered
//!   `"0"`, `"1"`, ... in order, skipping numbers that a named child of that node uses.
//!   A named child that is itself called `VALUE_KEY` is folded into the scalars' array as
//!   its last item.
//!
//! So every pair is exactly one string leaf of the tree, whatever the mix.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Deepest bracket nesting the tree builder follows; deeper segments stay part of the literal key.
pub(crate) const MAX_DEPTH: usize = 32;

/// Key under which a node that is both a scalar and a parent keeps its scalar(s).
pub(crate) const VALUE_KEY: &str = "_value";

/// Note for a body whose percent-decoded bytes are not UTF-8.
pub(crate) const NOTE_INVALID_UTF8: &str =
    "body is not valid UTF-8: invalid bytes are shown as U+FFFD";

/// Note for a `%` that is not followed by two hex digits.
pub(crate) const NOTE_BAD_PERCENT: &str = "malformed percent-encoding kept as written";

/// A decoded body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// Decoded (key, value) pairs in the original order, duplicates kept.
    pub pairs: Vec<(String, String)>,
    /// Human notes about anything odd, e.g. invalid UTF-8 (replaced by U+FFFD), malformed percent-encoding (kept as written). Empty for a clean body. No duplicates in this list.
    pub notes: Vec<String>,
}

/// Decodes an urlencoded body: split on '&', then on the first '='; '+' means space; %XX decoded. Never panics, on any bytes.
///
/// A segment without '=' is a key with the value "", and empty segments (`&&`) are skipped.
/// The same rules as the `form_urlencoded` crate (a property test holds the two equal), with
/// a cheaper path for the usual key or value that has nothing to unescape: it is copied once.
pub fn decode(body: &[u8]) -> Decoded {
    let count = memchr::memchr_iter(b'&', body).count() + 1;
    let mut pairs = Vec::with_capacity(count);
    // '&' and '=' are ASCII and so can never sit inside a UTF-8 sequence: the whole body
    // decodes to valid UTF-8 exactly when every key and value does.
    let mut invalid = false;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'&', body).chain([body.len()]);
    for piece in ends.map(|end| {
        let piece = &body[start..end];
        start = end + 1;
        piece
    }) {
        if piece.is_empty() {
            continue;
        }
        let (key, value) = match memchr::memchr(b'=', piece) {
            Some(at) => (&piece[..at], &piece[at + 1..]),
            None => (piece, &[][..]),
        };
        pairs.push((unescape(key, &mut invalid), unescape(value, &mut invalid)));
    }
    let mut notes = Vec::new();
    if has_bad_percent(body) {
        notes.push(NOTE_BAD_PERCENT.to_string());
    }
    if invalid {
        notes.push(NOTE_INVALID_UTF8.to_string());
    }
    Decoded { pairs, notes }
}

/// One key or value: '+' to space, `%XX` to its byte (a '%' without two hex digits kept),
/// then UTF-8, invalid sequences as U+FFFD (and `invalid` set).
fn unescape(raw: &[u8], invalid: &mut bool) -> String {
    if memchr::memchr2(b'%', b'+', raw).is_none()
        && let Ok(text) = std::str::from_utf8(raw)
    {
        return text.to_owned();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    // The runs between '%' and '+' are copied whole.
    while let Some(at) = memchr::memchr2(b'%', b'+', rest) {
        out.extend_from_slice(&rest[..at]);
        let (byte, used) = match rest[at] {
            b'+' => (b' ', 1),
            _ => match hex_pair(rest.get(at + 1).copied(), rest.get(at + 2).copied()) {
                Some(byte) => (byte, 3),
                None => (b'%', 1),
            },
        };
        out.push(byte);
        rest = &rest[at + used..];
    }
    out.extend_from_slice(rest);
    String::from_utf8(out).unwrap_or_else(|e| {
        *invalid = true;
        String::from_utf8_lossy(e.as_bytes()).into_owned()
    })
}

/// A '%' not followed by two hex digits, which form_urlencoded keeps as written.
fn has_bad_percent(body: &[u8]) -> bool {
    memchr::memchr_iter(b'%', body).any(|i| !(is_hex(body.get(i + 1)) && is_hex(body.get(i + 2))))
}

fn is_hex(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_hexdigit)
}

fn hex_pair(hi: Option<u8>, lo: Option<u8>) -> Option<u8> {
    let hi = char::from(hi?).to_digit(16)?;
    let lo = char::from(lo?).to_digit(16)?;
    u8::try_from(hi * 16 + lo).ok()
}

/// Encodes pairs the way AC sends them: application/x-www-form-urlencoded (form_urlencoded::Serializer),
/// so brackets become %5B/%5D, spaces '+', '@' %40, ':' %3A, '$' %24.
pub fn encode(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Splits a value that holds several values, for display: AC's multi-value form `||a||b||` -> ["a","b"]
/// (for any key), and for a key whose last segment is `tags` (e.g. `contact[tags]`) a comma list "a, b" -> ["a","b"] (trimmed, empties dropped).
/// Returns None when the value is not a multi-value (including "" and a single tag with no comma).
///
/// A multi-value with one option (`||a||`) is still AC's multi-value form and gives `["a"]`;
/// its empty options are dropped, and one with none left (`||||`) gives None.
pub(crate) fn split_multi(key: &str, value: &str) -> Option<Vec<String>> {
    if value.len() >= 4
        && let Some(inner) = value.strip_prefix("||").and_then(|v| v.strip_suffix("||"))
    {
        let items: Vec<String> = inner
            .split("||")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        return (!items.is_empty()).then_some(items);
    }
    // The comma test first: it is cheap, and most values fail it.
    if !value.contains(',') {
        return None;
    }
    let (base, segments) = split_key(key);
    let last = segments.last().unwrap_or(&base);
    if last != "tags" {
        return None;
    }
    let tags: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (!tags.is_empty()).then_some(tags)
}

/// Splits a key into its base and bracket segments: `deal[fields][0][key]` -> ("deal", ["fields","0","key"]);
/// `a[]` -> ("a", [""]). A segment runs to the first `]`, so it may hold a `[`: `a[b[c]` -> ("a", ["b[c"]).
///
/// Unbalanced brackets keep their text literal. A key whose first `[` is never closed is all
/// base (`a[b` -> `("a[b", [])`), as is a key with no `[` (`a]b` -> `("a]b", [])`).
/// Otherwise, whatever follows the last kept segment that is not a well-formed `[segment]`
/// run, and any segments past [`MAX_DEPTH`], are folded into that last segment, which becomes
/// the raw key text from just after its `[` to the end of the key:
/// `a[b]c` -> `("a", ["b]c"])`, `a[b][c` -> `("a", ["b][c"])`, and at depth 33 the 32nd
/// segment reads `s32][s33]`. So no text, and no pair, is lost.
pub(crate) fn split_key(key: &str) -> (String, Vec<String>) {
    let parsed = parse_key(key);
    let segments = parsed.segments.iter().map(|s| s.to_string()).collect();
    (parsed.base.to_string(), segments)
}

/// True when the tree builder had to cap nesting for some key (so the UI can say so).
pub(crate) fn exceeds_depth(key: &str) -> bool {
    parse_key(key).capped
}

struct ParsedKey<'a> {
    base: &'a str,
    segments: Vec<&'a str>,
    capped: bool,
}

fn parse_key(key: &str) -> ParsedKey<'_> {
    let literal = ParsedKey {
        base: key,
        segments: Vec::new(),
        capped: false,
    };
    // Keys are short: a plain scan beats `str::find`'s searcher set-up.
    let Some(open) = key.bytes().position(|b| b == b'[') else {
        return literal;
    };
    // '[' and ']' are ASCII, so every index below is a char boundary.
    let mut segments: Vec<&str> = Vec::new();
    let mut last_start = 0;
    let mut pos = open;
    let mut count = 0usize;
    while key[pos..].starts_with('[') {
        let start = pos + 1;
        let Some(len) = key.as_bytes()[start..].iter().position(|&b| b == b']') else {
            break;
        };
        count += 1;
        // Segments past the cap are only counted: they end up inside the last kept one.
        if segments.len() < MAX_DEPTH {
            segments.push(&key[start..start + len]);
            last_start = start;
        }
        pos = start + len + 1;
    }
    if segments.is_empty() {
        return literal;
    }
    let capped = count > MAX_DEPTH;
    let rest_is_glued = capped || pos < key.len();
    if rest_is_glued && let Some(last) = segments.last_mut() {
        *last = &key[last_start..];
    }
    ParsedKey {
        base: &key[..open],
        segments,
        capped,
    }
}

/// The node at `path` under `tree` (`["contact", "email"]`): what `Value::pointer` finds,
/// without parsing a pointer or allocating, for the lookups made on every delivery.
pub(crate) fn get<'v>(tree: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter()
        .try_fold(tree, |node, key| node.as_object()?.get(*key))
}

/// Builds the nested JSON tree from pairs (see the module doc for the rules). Never panics.
///
/// Object keys keep the order of their first appearance; every pair becomes exactly one
/// string leaf.
pub fn to_tree(pairs: &[(String, String)]) -> Value {
    let mut root = Node::default();
    for (key, value) in pairs {
        let parsed = parse_key(key);
        let mut node = root.named(parsed.base);
        for segment in parsed.segments {
            node = if segment.is_empty() {
                node.append()
            } else {
                node.named(segment)
            };
        }
        node.values.push(value.clone());
    }
    root.into_value()
}

/// One path of the tree while it is being built; turned into JSON only at the end so that
/// the shape does not depend on the order of the pairs.
#[derive(Default)]
struct Node {
    /// Scalars given to this very path, in order.
    values: Vec<String>,
    /// Named children and `[]` elements (name None), in order of first appearance.
    entries: Vec<(Option<String>, Node)>,
    /// Position in `entries` of each named child, kept only once there are more than
    /// [`LINEAR_LOOKUP`] entries.
    index: HashMap<String, usize>,
    /// How many entries are named.
    named_count: usize,
}

/// Up to this many children a node finds one by scanning, past it by its index.
const LINEAR_LOOKUP: usize = 16;

impl Node {
    fn named(&mut self, name: &str) -> &mut Node {
        // Most nodes have a handful of children: a scan beats hashing until there are many.
        let found = if self.entries.len() <= LINEAR_LOOKUP {
            self.entries
                .iter()
                .position(|(n, _)| n.as_deref() == Some(name))
        } else {
            self.index.get(name).copied()
        };
        let at = match found {
            Some(at) => at,
            None => {
                self.entries.push((Some(name.to_string()), Node::default()));
                let at = self.entries.len() - 1;
                self.named_count += 1;
                if self.entries.len() > LINEAR_LOOKUP {
                    if self.index.is_empty() {
                        // Crossing the threshold: index every named child so far.
                        for (i, (n, _)) in self.entries.iter().enumerate() {
                            if let Some(n) = n {
                                self.index.entry(n.clone()).or_insert(i);
                            }
                        }
                    } else {
                        self.index.insert(name.to_string(), at);
                    }
                }
                at
            }
        };
        &mut self.entries[at].1
    }

    fn append(&mut self) -> &mut Node {
        self.entries.push((None, Node::default()));
        let last = self.entries.len() - 1;
        &mut self.entries[last].1
    }

    /// Recursion depth is bounded by MAX_DEPTH + 1, as parse_key caps segments.
    fn into_value(self) -> Value {
        let named = self.named_count;
        if self.values.is_empty() && named == 0 && !self.entries.is_empty() {
            return Value::Array(
                self.entries
                    .into_iter()
                    .map(|(_, n)| n.into_value())
                    .collect(),
            );
        }
        if self.entries.is_empty() && !self.values.is_empty() {
            return strings(self.values);
        }
        let mut own = (!self.values.is_empty()).then(|| strings(self.values));
        let mut map = Map::with_capacity(self.entries.len() + usize::from(own.is_some()));
        if own.is_some() {
            // Reserve the first slot so the scalar(s) always lead, whatever the pair order.
            map.insert(VALUE_KEY.to_string(), Value::Null);
        }
        let mut next_element = 0usize;
        // Element numbers skip the names of named children (only needed in a mix).
        let names: std::collections::HashSet<String> = if named > 0 && named < self.entries.len() {
            self.entries.iter().filter_map(|(n, _)| n.clone()).collect()
        } else {
            Default::default()
        };
        for (name, node) in self.entries {
            let child = node.into_value();
            let key = match name {
                Some(name) if name == VALUE_KEY && own.is_some() => {
                    own = own.map(|v| absorb(v, child));
                    continue;
                }
                Some(name) => name,
                None => loop {
                    let key = next_element.to_string();
                    next_element += 1;
                    if !names.contains(key.as_str()) {
                        break key;
                    }
                },
            };
            map.insert(key, child);
        }
        if let Some(own) = own {
            map.insert(VALUE_KEY.to_string(), own);
        }
        Value::Object(map)
    }
}

fn strings(values: Vec<String>) -> Value {
    match <[String; 1]>::try_from(values) {
        Ok([one]) => Value::String(one),
        Err(many) => Value::Array(many.into_iter().map(Value::String).collect()),
    }
}

/// Adds a named `_value` child to the node's own scalar(s) without losing either side.
fn absorb(own: Value, child: Value) -> Value {
    let mut items = match own {
        Value::Array(items) => items,
        other => vec![other],
    };
    items.push(child);
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const SUBSCRIBE: &str = include_str!("../tests/vectors/subscribe.form");

    const DEAL_UPDATE: &str = include_str!("../tests/vectors/deal_update_tail.form");

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn tree(body: &str) -> Value {
        to_tree(&decode(body.as_bytes()).pairs)
    }

    fn leaves(value: &Value) -> usize {
        match value {
            Value::String(_) => 1,
            Value::Array(items) => items.iter().map(leaves).sum(),
            Value::Object(map) => map.values().map(leaves).sum(),
            _ => 0,
        }
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    fn split(key: &str) -> (String, Vec<String>) {
        split_key(key)
    }

    fn owned(base: &str, segments: &[&str]) -> (String, Vec<String>) {
        (
            base.to_string(),
            segments.iter().map(|s| s.to_string()).collect(),
        )
    }

    fn nested_key(depth: usize) -> String {
        let mut key = "a".to_string();
        for i in 1..=depth {
            key.push_str(&format!("[s{i}]"));
        }
        key
    }

    #[test]
    fn subscribe_vector_decodes_to_fourteen_pairs_in_order() {
        let decoded = decode(SUBSCRIBE.as_bytes());
        let expected = pairs(&[
            ("type", "subscribe"),
            ("date_time", "2017-11-24T08:50:26-06:00"),
            ("initiated_by", "admin"),
            ("initiated_from", "admin"),
            ("list", "1"),
            ("contact[id]", "10"),
            ("contact[email]", "jane@example.com"),
            ("contact[first_name]", "Jane"),
            ("contact[last_name]", "Doe"),
            ("contact[phone]", ""),
            ("contact[tags]", ""),
            ("contact[orgname]", ""),
            ("contact[ip]", "0.0.0.0"),
            ("orgname", ""),
        ]);
        assert_eq!(decoded.pairs, expected);
        assert!(decoded.notes.is_empty());
    }

    #[test]
    fn subscribe_vector_tree() {
        let t = tree(SUBSCRIBE);
        assert_eq!(t["contact"]["email"], "jane@example.com");
        assert_eq!(t["list"], "1");
        assert_eq!(
            keys(&t),
            [
                "type",
                "date_time",
                "initiated_by",
                "initiated_from",
                "list",
                "contact",
                "orgname"
            ]
        );
        assert_eq!(leaves(&t), 14);
    }

    #[test]
    fn deal_update_vector_tree() {
        let t = tree(DEAL_UPDATE);
        assert_eq!(t["deal"]["currency_symbol"], "$");
        assert!(t["updated_fields"].is_object());
        assert_eq!(keys(&t["updated_fields"]), ["0", "1", "2", "3", "4"]);
        assert_eq!(t["updated_fields"]["3"], "stage");
        assert_eq!(t["deal"]["fields"]["0"]["key"], "Forecasted Close Date");
        assert_eq!(keys(&t["deal"]), ["currency_symbol", "fields"]);
    }

    #[test]
    fn unencoded_brackets_decode_like_encoded_ones() {
        let raw = decode(b"contact[fields][27]=x&deal[fields][0][key]=a+b");
        let encoded = decode(b"contact%5Bfields%5D%5B27%5D=x&deal%5Bfields%5D%5B0%5D%5Bkey%5D=a+b");
        assert_eq!(raw, encoded);
        assert_eq!(raw.pairs[0].0, "contact[fields][27]");
    }

    #[test]
    fn decode_plus_equals_and_empty_segments() {
        let d = decode(b"a=1=2&&b&=v&c=x+y%2B");
        assert_eq!(
            d.pairs,
            pairs(&[("a", "1=2"), ("b", ""), ("", "v"), ("c", "x y+")])
        );
        assert!(d.notes.is_empty());
        assert_eq!(decode(b""), Decoded::default());
    }

    #[test]
    fn note_for_invalid_utf8() {
        let d = decode(b"a=%FF");
        assert_eq!(d.pairs, pairs(&[("a", "\u{FFFD}")]));
        assert_eq!(d.notes, [NOTE_INVALID_UTF8]);
        // Raw (not percent-encoded) invalid bytes, twice: still one note.
        let d = decode(b"a=\xff&b\xfe=1");
        assert_eq!(d.notes, [NOTE_INVALID_UTF8]);
        // An encoded U+FFFD is valid UTF-8 and not worth a note.
        assert!(decode(b"a=%EF%BF%BD").notes.is_empty());
        // A sequence split by '=' is invalid on both sides.
        assert_eq!(decode(b"%C3=%A9").notes, [NOTE_INVALID_UTF8]);
    }

    #[test]
    fn note_for_malformed_percent() {
        for body in [&b"a=%zz"[..], b"a=%", b"a=%4", b"%=1", b"a=%g0&b=%"] {
            let d = decode(body);
            assert_eq!(d.notes, [NOTE_BAD_PERCENT], "{body:?}");
        }
        assert_eq!(decode(b"a=%zz").pairs, pairs(&[("a", "%zz")]));
        assert_eq!(decode(b"a=%").pairs, pairs(&[("a", "%")]));
        assert_eq!(decode(b"a=%%41").pairs, pairs(&[("a", "%A")]));
        assert!(decode(b"a=%41%2f").notes.is_empty());
    }

    #[test]
    fn both_notes_each_once() {
        let d = decode(b"a=%zz&b=%FF&c=%&d=%FE");
        assert_eq!(d.notes, [NOTE_BAD_PERCENT, NOTE_INVALID_UTF8]);
    }

    #[test]
    fn encode_like_ac() {
        let body = encode(&pairs(&[
            ("contact[email]", "jane@example.com"),
            ("date_time", "2017-11-24T08:50:26-06:00"),
            ("deal[currency_symbol]", "$"),
            ("deal[fields][0][key]", "Forecasted Close Date"),
        ]));
        assert_eq!(
            body,
            "contact%5Bemail%5D=jane%40example.com&date_time=2017-11-24T08%3A50%3A26-06%3A00\
             &deal%5Bcurrency_symbol%5D=%24&deal%5Bfields%5D%5B0%5D%5Bkey%5D=Forecasted+Close+Date"
        );
        assert_eq!(encode(&[]), "");
    }

    #[test]
    fn encode_round_trips_the_vectors() {
        for body in [SUBSCRIBE, DEAL_UPDATE] {
            assert_eq!(encode(&decode(body.as_bytes()).pairs), body);
        }
    }

    #[test]
    fn tree_nests_brackets() {
        assert_eq!(tree("a[b][c]=v"), json!({"a": {"b": {"c": "v"}}}));
    }

    #[test]
    fn tree_keeps_first_appearance_order() {
        let t = tree("z=1&a[y]=2&m=3&a[b]=4&z=5");
        assert_eq!(keys(&t), ["z", "a", "m"]);
        assert_eq!(keys(&t["a"]), ["y", "b"]);
    }

    #[test]
    fn tree_numeric_keys_are_object_keys() {
        assert_eq!(
            tree("contact[fields][27]=x"),
            json!({"contact": {"fields": {"27": "x"}}})
        );
        assert_eq!(
            tree("updated_fields[0]=x"),
            json!({"updated_fields": {"0": "x"}})
        );
        assert!(tree("updated_fields[0]=x")["updated_fields"].is_object());
    }

    #[test]
    fn tree_empty_brackets_append() {
        assert_eq!(tree("a[]=1&a[]=2"), json!({"a": ["1", "2"]}));
        assert_eq!(tree("a[][x]=1"), json!({"a": [{"x": "1"}]}));
        assert_eq!(
            tree("a[][x]=1&a[][x]=2"),
            json!({"a": [{"x": "1"}, {"x": "2"}]})
        );
        assert_eq!(tree("a[][]=1"), json!({"a": [["1"]]}));
    }

    #[test]
    fn tree_scalar_and_parent_keeps_both_in_either_order() {
        let expected = json!({"list": {VALUE_KEY: "1", "id": "5"}});
        assert_eq!(tree("list=1&list[id]=5"), expected);
        let reversed = tree("list[id]=5&list=1");
        assert_eq!(reversed, expected);
        // The scalar leads even when it came last.
        assert_eq!(keys(&reversed["list"]), [VALUE_KEY, "id"]);
    }

    #[test]
    fn tree_keeps_duplicates() {
        assert_eq!(tree("a=1&a=2"), json!({"a": ["1", "2"]}));
        assert_eq!(tree("a[b]=1&a[b]=2"), json!({"a": {"b": ["1", "2"]}}));
        assert_eq!(
            tree("a=1&a[b]=2&a=3"),
            json!({"a": {VALUE_KEY: ["1", "3"], "b": "2"}})
        );
    }

    #[test]
    fn tree_mixed_array_and_named_children() {
        let t = tree("a[]=1&a[x]=2&a=3");
        assert_eq!(t, json!({"a": {VALUE_KEY: "3", "0": "1", "x": "2"}}));
        assert_eq!(keys(&t["a"]), [VALUE_KEY, "0", "x"]);
        // Elements skip numbers that named children already use.
        let t = tree("a[]=e0&a[0]=n0&a[]=e1&a[1]=n1");
        assert_eq!(
            t,
            json!({"a": {"0": "n0", "1": "n1", "2": "e0", "3": "e1"}})
        );
        assert_eq!(keys(&t["a"]), ["2", "0", "3", "1"]);
        assert_eq!(leaves(&t), 4);
    }

    #[test]
    fn tree_named_value_key_collision_loses_nothing() {
        let t = tree("a=1&a[_value]=2");
        assert_eq!(t, json!({"a": {VALUE_KEY: ["1", "2"]}}));
        let t = tree("a[_value][z]=2&a=1&a=3");
        assert_eq!(t, json!({"a": {VALUE_KEY: ["1", "3", {"z": "2"}]}}));
        // Without a scalar of its own, `_value` is an ordinary child.
        assert_eq!(tree("a[_value]=2"), json!({"a": {VALUE_KEY: "2"}}));
        assert_eq!(
            tree("a[_value]=2&a[x]=1"),
            json!({"a": {VALUE_KEY: "2", "x": "1"}})
        );
    }

    #[test]
    fn tree_empty_keys_and_bases() {
        assert_eq!(tree("[x]=1"), json!({"": {"x": "1"}}));
        assert_eq!(tree("=1"), json!({"": "1"}));
        assert_eq!(tree("&&a"), json!({"a": ""}));
        assert_eq!(tree("[]=1&[]=2"), json!({"": ["1", "2"]}));
        assert_eq!(to_tree(&[]), json!({}));
    }

    #[test]
    fn tree_unbalanced_keys_stay_literal() {
        assert_eq!(tree("a[b=1"), json!({"a[b": "1"}));
        assert_eq!(tree("a]b=1"), json!({"a]b": "1"}));
        assert_eq!(tree("a[b]c=1"), json!({"a": {"b]c": "1"}}));
        assert_eq!(tree("a[b]c=1&a[b]=2"), json!({"a": {"b]c": "1", "b": "2"}}));
    }

    #[test]
    fn tree_caps_depth_without_losing_pairs() {
        let deep = nested_key(40);
        let t = to_tree(&pairs(&[(deep.as_str(), "v")]));
        let mut node = &t["a"];
        for i in 1..MAX_DEPTH {
            node = &node[format!("s{i}").as_str()];
        }
        let last = keys(node);
        assert_eq!(last.len(), 1);
        assert!(last[0].starts_with("s32][s33]"));
        assert!(last[0].ends_with("[s40]"));
        assert_eq!(leaves(&t), 1);
    }

    #[test]
    fn split_key_well_formed() {
        assert_eq!(
            split("deal[fields][0][key]"),
            owned("deal", &["fields", "0", "key"])
        );
        assert_eq!(split("a[]"), owned("a", &[""]));
        assert_eq!(split("a[][x]"), owned("a", &["", "x"]));
        assert_eq!(split("type"), owned("type", &[]));
        assert_eq!(split(""), owned("", &[]));
        assert_eq!(split("[x]"), owned("", &["x"]));
        assert_eq!(split("[]"), owned("", &[""]));
        // A segment runs to the first ']', as in PHP.
        assert_eq!(split("a[b[c]"), owned("a", &["b[c"]));
        assert_eq!(split("a]b[c]"), owned("a]b", &["c"]));
        assert_eq!(split("é[ü][日本]"), owned("é", &["ü", "日本"]));
    }

    #[test]
    fn split_key_unbalanced() {
        assert_eq!(split("a[b"), owned("a[b", &[]));
        assert_eq!(split("a]b"), owned("a]b", &[]));
        assert_eq!(split("["), owned("[", &[]));
        assert_eq!(split("]"), owned("]", &[]));
        assert_eq!(split("a[b]c"), owned("a", &["b]c"]));
        assert_eq!(split("a[b][c"), owned("a", &["b][c"]));
        assert_eq!(split("a[b][c]d"), owned("a", &["b", "c]d"]));
        assert_eq!(split("a[b]]"), owned("a", &["b]]"]));
        assert_eq!(split("a[b]c[d]"), owned("a", &["b]c[d]"]));
        assert_eq!(split("a[]x"), owned("a", &["]x"]));
    }

    #[test]
    fn split_key_folds_past_max_depth() {
        let at_cap = nested_key(MAX_DEPTH);
        let (base, segments) = split(&at_cap);
        assert_eq!(base, "a");
        assert_eq!(segments.len(), MAX_DEPTH);
        assert_eq!(segments[MAX_DEPTH - 1], format!("s{MAX_DEPTH}"));
        assert!(!exceeds_depth(&at_cap));

        let over = nested_key(MAX_DEPTH + 1);
        let (_, segments) = split(&over);
        assert_eq!(segments.len(), MAX_DEPTH);
        assert_eq!(segments[MAX_DEPTH - 1], "s32][s33]");
        assert!(exceeds_depth(&over));
    }

    #[test]
    fn exceeds_depth_only_for_deep_keys() {
        assert!(!exceeds_depth("a"));
        assert!(!exceeds_depth("a[b]c"));
        assert!(!exceeds_depth(&"[".repeat(100)));
        assert!(exceeds_depth(&format!("x{}", "[]".repeat(MAX_DEPTH + 1))));
        assert!(!exceeds_depth(&format!("x{}", "[]".repeat(MAX_DEPTH))));
    }

    #[test]
    fn split_multi_ac_multi_value() {
        assert_eq!(
            split_multi("contact[fields][2]", "||Option 1||Option 2||"),
            Some(vec!["Option 1".to_string(), "Option 2".to_string()])
        );
        assert_eq!(
            split_multi("x", "||a||b||"),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(split_multi("x", "||a||"), Some(vec!["a".to_string()]));
        assert_eq!(split_multi("x", "||||"), None);
        assert_eq!(split_multi("x", "||"), None);
        assert_eq!(split_multi("x", "|||"), None);
        assert_eq!(split_multi("x", "a||b"), None);
        assert_eq!(split_multi("x", ""), None);
        assert_eq!(split_multi("x", "a, b"), None);
    }

    #[test]
    fn split_multi_tags() {
        let ab = Some(vec!["tag1".to_string(), "tag2".to_string()]);
        assert_eq!(split_multi("contact[tags]", "tag1, tag2"), ab);
        assert_eq!(split_multi("tags", " tag1 ,, tag2 ,"), ab);
        assert_eq!(split_multi("contact[tags]", "tag1"), None);
        assert_eq!(split_multi("contact[tags]", ""), None);
        assert_eq!(split_multi("contact[tags]", " , "), None);
        assert_eq!(split_multi("contact[tags][x]", "a, b"), None);
        assert_eq!(split_multi("contact[tagsx]", "a, b"), None);
        assert_eq!(
            split_multi("contact[tags]", "||a||b, c||"),
            Some(vec!["a".to_string(), "b, c".to_string()])
        );
    }

    fn join_key(base: &str, segments: &[String]) -> String {
        let mut key = base.to_string();
        for s in segments {
            key.push('[');
            key.push_str(s);
            key.push(']');
        }
        key
    }

    fn bracket_key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-c\\[\\]0-9]{0,12}",
            proptest::collection::vec(
                prop::sample::select(vec![
                    "a", "0", "1", "_value", "[", "]", "[]", "[_value]", "[0]"
                ]),
                0..8,
            )
            .prop_map(|parts| parts.concat()),
        ]
    }

    /// 10,000 cases a property in CI; `PROPTEST_CASES` raises it (benches/ runs more).
    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(10_000);
        ProptestConfig::with_cases(cases)
    }

    fn simple_key() -> impl Strategy<Value = String> {
        (
            "[a-c]{1,2}",
            proptest::collection::vec("[a-c0-9]{1,2}", 0..4),
        )
            .prop_map(|(b, segs)| join_key(&b, &segs))
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn tree_keeps_pair_order_under_every_parent(
            pairs in proptest::collection::vec((simple_key(), "[a-z]{0,3}"), 0..16)
        ) {
            let tree = to_tree(&pairs);
            let mut expected: Vec<(Vec<String>, Vec<String>)> = Vec::new();
            for (k, _) in &pairs {
                let (base, segs) = split_key(k);
                let full: Vec<String> = std::iter::once(base).chain(segs).collect();
                for d in 0..full.len() {
                    let parent = full[..d].to_vec();
                    let pos = match expected.iter().position(|(p, _)| *p == parent) {
                        Some(i) => i,
                        None => { expected.push((parent, Vec::new())); expected.len() - 1 }
                    };
                    if !expected[pos].1.contains(&full[d]) {
                        expected[pos].1.push(full[d].clone());
                    }
                }
            }
            for (parent, kids) in expected {
                let mut node = &tree;
                for seg in &parent {
                    node = &node[seg.as_str()];
                }
                let actual: Vec<String> = node
                    .as_object()
                    .map(|m| m.keys().filter(|k| *k != VALUE_KEY).cloned().collect())
                    .unwrap_or_default();
                prop_assert_eq!(actual, kids, "at {:?} in {}", parent, tree);
            }
        }

        #[test]
        fn decode_never_panics(body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let d = decode(&body);
            prop_assert!(d.notes.len() <= 2);
            let _ = to_tree(&d.pairs);
        }

        #[test]
        fn decode_is_form_urlencoded_exactly(
            body in proptest::collection::vec(
                prop_oneof![
                    Just(b'%'), Just(b'+'), Just(b'&'), Just(b'='), Just(b'a'), Just(b'F'),
                    Just(b'3'), Just(0xC3u8), Just(0xA9u8), Just(0xFFu8), any::<u8>()
                ],
                0..60,
            )
        ) {
            let expected: Vec<(String, String)> = form_urlencoded::parse(&body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let d = decode(&body);
            prop_assert_eq!(&d.pairs, &expected);
            // The note says exactly whether the percent-decoded body is not UTF-8.
            let mut bytes = Vec::new();
            let mut i = 0;
            while i < body.len() {
                match (body[i], hex_pair(body.get(i + 1).copied(), body.get(i + 2).copied())) {
                    (b'%', Some(b)) => { bytes.push(b); i += 3; }
                    (b, _) => { bytes.push(b); i += 1; }
                }
            }
            let invalid = std::str::from_utf8(&bytes).is_err();
            prop_assert_eq!(d.notes.contains(&NOTE_INVALID_UTF8.to_string()), invalid);
        }

        #[test]
        fn decode_never_panics_on_percent_heavy(body in "[%&=+a-fA-F0-9\\[\\]]{0,40}") {
            let d = decode(body.as_bytes());
            prop_assert_eq!(d.notes.contains(&NOTE_BAD_PERCENT.to_string()), has_bad_percent(body.as_bytes()));
        }

        #[test]
        fn encode_then_decode_round_trips(
            pairs in proptest::collection::vec((".+", ".*"), 0..8)
        ) {
            let decoded = decode(encode(&pairs).as_bytes());
            prop_assert_eq!(decoded.pairs, pairs);
            prop_assert!(decoded.notes.is_empty());
        }

        #[test]
        fn tree_has_one_leaf_per_pair(
            pairs in proptest::collection::vec((bracket_key(), "[a-z]{0,3}"), 0..16)
        ) {
            prop_assert_eq!(leaves(&to_tree(&pairs)), pairs.len());
        }

        #[test]
        fn tree_has_one_leaf_per_pair_deep(
            pairs in proptest::collection::vec(("[a\\[\\]]{0,120}", "[a-z]{0,3}"), 0..8)
        ) {
            prop_assert_eq!(leaves(&to_tree(&pairs)), pairs.len());
        }

        #[test]
        fn split_key_loses_no_text(key in "[ab\\[\\]]{0,80}") {
            let (base, segments) = split_key(&key);
            let joined = join_key(&base, &segments);
            // Glued text ends up inside the last segment, whose closing ']' join_key adds.
            let with_bracket = format!("{key}]");
            prop_assert!(joined == key || joined == with_bracket, "{:?} -> {:?}", key, joined);
            prop_assert!(segments.len() <= MAX_DEPTH);
        }

        #[test]
        fn split_multi_never_panics(key in bracket_key(), value in "[|, a-c]{0,12}") {
            if let Some(items) = split_multi(&key, &value) {
                prop_assert!(!items.is_empty());
                prop_assert!(items.iter().all(|s| !s.is_empty()));
            }
        }
    }
}
