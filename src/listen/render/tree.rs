//! The decoded tree laid out to a width: one key a line, children indented, every value in
//! one column that does not move between events, long values wrapped under that column.
//! Outside text is escaped one character at a time as it is laid out, so a wrap or a cut
//! never splits an escape. Pure: writes into the one buffer it is given.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;

use serde_json::{Map, Value};
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use crate::escape;
use crate::form;
use crate::output::Palette;

/// The narrowest a wrapped value gets, however long its key: narrower reads worse than a
/// line that runs past the width.
const MIN_AVAIL: usize = 16;

/// The column values start at: the same for every event and depth, so the eye finds them.
/// Keys longer than the room before it push that one line's value right.
pub(super) fn value_col(width: usize) -> usize {
    (width / 3).clamp(8, 24)
}

/// How the tree is laid out.
pub(super) struct Tree<'a> {
    pub(super) p: &'a Palette,
    pub(super) width: usize,
    pub(super) hide_empty: bool,
    /// How many bytes of a value are shown ([`View::limits`](super::View::limits)).
    pub(super) limit: usize,
    /// Form keys sent more than once as they are (`a=1&a=2`, not `a[]=…`): their values are
    /// shown one a line, marked, since AC may send a key twice and both values matter. The
    /// tree holds both forms as one array, so only the pairs tell them apart.
    pub(super) repeated: HashSet<&'a str>,
    /// The keys from the root to the entry being written, kept only while `repeated` has
    /// something to find.
    pub(super) path: RefCell<Vec<String>>,
}

/// The keys of `pairs` sent more than once without `[]`.
pub(super) fn repeated(pairs: &[(String, String)]) -> HashSet<&str> {
    let mut seen = HashSet::new();
    pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !k.ends_with("[]") && !seen.insert(*k))
        .collect()
}

impl Tree<'_> {
    /// The tree under `v`, starting at `depth` (1 = two spaces in).
    pub(super) fn write(&self, v: &Value, depth: usize, out: &mut String) {
        match v {
            Value::Object(map) => self.object(map, depth, out),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.entry(&format!("[{i}]"), item, depth, out);
                }
            }
            other => self.leaf(depth, "", other, out),
        }
    }

    fn object(&self, map: &Map<String, Value>, depth: usize, out: &mut String) {
        for (k, child) in map {
            self.entry(k, child, depth, out);
        }
    }

    /// One key of an object (or `[i]` of an array) and what it holds.
    fn entry(&self, k: &str, child: &Value, depth: usize, out: &mut String) {
        if self.hide_empty && all_empty(child) {
            return;
        }
        let track = !self.repeated.is_empty();
        if track {
            self.path.borrow_mut().push(k.to_string());
        }
        self.entry_at(k, child, depth, out);
        if track {
            self.path.borrow_mut().pop();
        }
    }

    /// A key on a line of its own and, under it, what `children` writes; with
    /// `--hide-empty`, nothing at all when they write nothing.
    fn parent(&self, depth: usize, k: &str, out: &mut String, children: impl FnOnce(&mut String)) {
        if !self.hide_empty {
            self.label(depth, k, out);
            out.push('\n');
            return children(out);
        }
        let mut under = String::new();
        children(&mut under);
        if !under.is_empty() {
            self.label(depth, k, out);
            out.push('\n');
            out.push_str(&under);
        }
    }

    fn entry_at(&self, k: &str, child: &Value, depth: usize, out: &mut String) {
        let Value::Object(map) = child else {
            return match child {
                Value::Array(items) if items.iter().any(|i| !i.is_string()) => {
                    self.parent(depth, k, out, |out| self.write(child, depth + 1, out));
                }
                _ => self.leaf(depth, k, child, out),
            };
        };
        let numbered = numbered(map);
        // `updated_fields[0]=a&updated_fields[1]=b`: one list, as it reads.
        if let Some(list) = numbered.as_deref().and_then(strings) {
            return self.leaf(depth, k, &Value::String(list.join(", ")), out);
        }
        // `deal[fields][0][id|key|value]`: one line each, `Title (id)  value`.
        if let Some(entries) = numbered.as_deref().and_then(labelled) {
            return self.parent(depth, k, out, |out| {
                for (label, value) in entries {
                    if !(self.hide_empty && value.is_empty()) {
                        self.leaf(depth + 1, &label, &Value::String(value), out);
                    }
                }
            });
        }
        // A key that is both a value and a parent (`list=0&list[id]=3`): the value on the
        // key's own line, the children under it (under the bare key when `--hide-empty`
        // drops the value).
        let children = |out: &mut String| {
            for (ck, cv) in map.iter().filter(|(ck, _)| *ck != form::VALUE_KEY) {
                self.entry(ck, cv, depth + 1, out);
            }
        };
        match map.get(form::VALUE_KEY) {
            Some(own @ Value::String(_)) if !(self.hide_empty && all_empty(own)) => {
                self.leaf(depth, k, own, out)
            }
            Some(own @ Value::Array(items))
                if items.iter().all(Value::is_string) && !(self.hide_empty && all_empty(own)) =>
            {
                self.leaf(depth, k, own, out)
            }
            Some(_) => return self.parent(depth, k, out, children),
            None => return self.parent(depth, k, out, |out| self.object(map, depth + 1, out)),
        }
        children(out);
    }

    /// Whether the leaf being written is a key sent more than once as it is.
    fn sent_repeated(&self) -> bool {
        let path = self.path.borrow();
        let Some((base, rest)) = path.split_first() else {
            return false;
        };
        let mut key = base.clone();
        for segment in rest {
            key.push('[');
            key.push_str(segment);
            key.push(']');
        }
        self.repeated.contains(key.as_str())
    }

    /// Indent and key; returns the column the cursor is at.
    fn label(&self, depth: usize, k: &str, out: &mut String) -> usize {
        pad(out, depth * 2);
        let k = fit(k, self.width.saturating_sub(depth * 2 + MIN_AVAIL).max(8));
        out.push_str(&self.p.key(&k));
        depth * 2 + cols(&k)
    }

    /// One key and its value(s).
    fn leaf(&self, depth: usize, k: &str, v: &Value, out: &mut String) {
        let (single, many): (Option<&str>, &[Value]) = match v {
            Value::String(s) => (Some(s), &[]),
            Value::Array(items) => (None, items),
            _ => (None, &[]),
        };
        let values = single
            .into_iter()
            .chain(many.iter().filter_map(Value::as_str));
        let count = values.clone().count();
        // `a[]=1&a[]=2`: one list, as it reads, like `a[0]=1&a[1]=2`.
        if count > 1 && !self.sent_repeated() {
            let shown = values.filter(|v| !(self.hide_empty && v.is_empty()));
            let list = shown.collect::<Vec<_>>().join(", ");
            return self.leaf(depth, k, &Value::String(list), out);
        }
        let col = value_col(self.width);
        let head = |out: &mut String| {
            let at = self.label(depth, k, out);
            let start = col.max(at + 2);
            pad(out, start - at);
            start
        };
        if count == 0 {
            head(out);
            match v {
                Value::String(_) | Value::Array(_) => out.push_str(&self.p.dim("(none)")),
                other => out.push_str(&escape::line(&other.to_string())),
            }
            out.push('\n');
            return;
        }
        for (i, value) in values.enumerate() {
            if self.hide_empty && value.is_empty() {
                continue;
            }
            let start = head(out);
            // Only what is shown is escaped: a value longer than the decoder keeps for the
            // human view is cut here too, whatever else (`--save`, `--json`) kept it whole.
            let shown = escape::cut(value, self.limit);
            if value.is_empty() {
                out.push_str(&self.p.dim("(empty)"));
            } else {
                let at = (start, col, self.width);
                wrap(out, shown, at, self.p, Palette::value);
                if shown.len() < value.len() {
                    let more = value.len() - shown.len();
                    out.push_str(&self.p.dim(&format!(
                        "… ({more} more bytes not shown; --full shows all)"
                    )));
                }
            }
            // A repeated key shows each value on its own line, marked, since AC may send a
            // key twice and both values matter.
            if count > 1 {
                out.push_str(&self.p.dim(&format!(" ({} of {count})", i + 1)));
            }
            out.push('\n');
            // AC's multi-value form reads better split; a plain comma list already reads.
            if shown.starts_with("||")
                && let Some(items) = form::split_multi(k, shown)
            {
                pad(out, start);
                out.push_str(&self.p.dim("↳ "));
                let list = format!("[{}]", items.join(", "));
                let at = (start + 2, start + 2, self.width);
                wrap(out, &list, at, self.p, Palette::dim);
                out.push('\n');
            }
        }
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Whether nothing under `v` but empty strings: what `--hide-empty` drops.
fn all_empty(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.iter().all(all_empty),
        Value::Object(map) => map.values().all(all_empty),
        _ => false,
    }
}

/// The values of an object keyed `0`, `1`, … in order: how the form codec keeps `a[0]=…`.
fn numbered(map: &Map<String, Value>) -> Option<Vec<&Value>> {
    // "0" is the cheap test most objects fail; "01" is not 1.
    let ordered = map.keys().next().is_some_and(|k| k == "0")
        && map.keys().enumerate().all(|(i, k)| {
            let digits =
                k.bytes().all(|b| b.is_ascii_digit()) && (k.len() == 1 || !k.starts_with('0'));
            digits && k.parse::<usize>().ok() == Some(i)
        });
    ordered.then(|| map.values().collect())
}

fn strings<'v>(items: &[&'v Value]) -> Option<Vec<&'v str>> {
    items.iter().map(|v| v.as_str()).collect()
}

/// Entries of `{id, key, value}` (AC's deal and account custom fields) as `(Title (id),
/// value)`.
fn labelled(items: &[&Value]) -> Option<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| {
            let m = item.as_object()?;
            let s = |k: &str| m.get(k).and_then(Value::as_str);
            let only = m
                .keys()
                .all(|k| matches!(k.as_str(), "id" | "key" | "value"));
            let (key, value) = (s("key")?, s("value")?);
            only.then(|| match s("id") {
                Some(id) => (format!("{key} ({id})"), value.to_string()),
                None => (key.to_string(), value.to_string()),
            })
        })
        .collect()
}

/// The columns `s` takes on a terminal: a CJK character two, a combining or zero-width one
/// none. `s` is already escaped (no control characters).
pub(super) fn cols(s: &str) -> usize {
    // Escaped ASCII is all printable: one column a byte, with no table to look up.
    if s.is_ascii() { s.len() } else { s.width() }
}

/// One character of outside text as the terminal gets it: itself, or its escape; returns
/// the columns it takes.
fn unit(c: char, buf: &mut String) -> usize {
    buf.clear();
    if escape::is_unsafe(c) {
        buf.extend(c.escape_default());
        buf.len()
    } else {
        buf.push(c);
        c.width().unwrap_or(0)
    }
}

/// Outside text, escaped, in at most `max` columns: cut with `…` when longer, never inside
/// an escape.
pub(crate) fn fit(text: &str, max: usize) -> Cow<'_, str> {
    let shown = escape::line(text);
    if cols(&shown) <= max {
        return shown;
    }
    let (mut out, mut n, mut buf) = (String::with_capacity(max + 4), 0, String::new());
    for c in text.chars() {
        let w = unit(c, &mut buf);
        if n + w + 1 > max {
            break;
        }
        out.push_str(&buf);
        n += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// How a piece of text is coloured: a [`Palette`] method, or [`plain`].
pub(super) type Paint = for<'p, 's> fn(&'p Palette, &'s str) -> Cow<'s, str>;

/// No colour.
pub(super) fn plain<'s>(_: &Palette, s: &'s str) -> Cow<'s, str> {
    Cow::Borrowed(s)
}

/// Writes outside `text`, escaped, from column `at` (where the cursor is), wrapping before
/// `width`; continuation lines start at column `col`. Breaks at a space in the second half
/// of a line, else anywhere but inside an escape. Leaves the cursor on the last line.
/// Allocates nothing for text that fits and needs no colour.
pub(super) fn wrap(
    out: &mut String,
    text: &str,
    (at, col, width): (usize, usize, usize),
    p: &Palette,
    paint: Paint,
) {
    let mut avail = width.saturating_sub(at).max(MIN_AVAIL);
    let shown = escape::line(text);
    if cols(&shown) <= avail {
        out.push_str(&paint(p, &shown));
        return;
    }
    let (mut line, mut n, mut buf) = (String::new(), 0, String::new());
    // Just after the last space in `line`: byte offset and width.
    let mut space: Option<(usize, usize)> = None;
    for c in text.chars() {
        let w = unit(c, &mut buf);
        if n + w > avail && n > 0 {
            let (cut, cut_n) = match space {
                Some((b, k)) if k * 2 > avail => (b, k),
                _ => (line.len(), n),
            };
            out.push_str(&paint(p, line[..cut].trim_end()));
            out.push('\n');
            pad(out, col);
            line.drain(..cut);
            n -= cut_n;
            space = None;
            avail = width.saturating_sub(col).max(MIN_AVAIL);
        }
        line.push_str(&buf);
        n += w;
        if c == ' ' {
            space = Some((line.len(), n));
        }
    }
    out.push_str(&paint(p, &line));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, at: usize, col: usize, width: usize) -> String {
        let mut out = String::new();
        wrap(&mut out, text, (at, col, width), &Palette::PLAIN, plain);
        out
    }

    #[test]
    fn long_values_wrap_under_their_column_and_escapes_stay_whole() {
        let url = "https://example.activehosted.com/index.php?action=social&chash=c20ad4d76fe97759aa27a0c99bff6710.15";
        let text = wrapped(url, 24, 24, 80);
        for (i, line) in text.lines().enumerate() {
            let room = if i == 0 { 56 } else { 80 };
            assert!(line.chars().count() <= room, "{text}");
        }
        assert_eq!(text.replace("\n", "").replace(' ', ""), url);
        // Words break at a space; an escape is never cut in two.
        let text = wrapped(&"\u{1b}".repeat(30), 60, 60, 80);
        assert!(text.lines().all(|l| l.trim().len() % 6 == 0), "{text}");
        let text = wrapped("aaaa bbbb cccc dddd eeee ffff", 60, 60, 80);
        assert_eq!(
            text,
            format!("aaaa bbbb cccc dddd\n{}eeee ffff", " ".repeat(60))
        );
        assert_eq!(fit("ab\u{1b}cd", 5), "ab…");
        assert_eq!(fit("abc", 3), "abc");
    }
}
