//! The difference between two deliveries, by path: what `acwh diff FILE A B` prints, kept free
//! of I/O so the inspector's `GET /api/diff` can give the same answer.
//!
//! Two form bodies are compared pair by pair, by bracket path (`deal[stage_title]`); two JSON
//! bodies leaf by leaf, by JSON pointer (`/deal/stage_title`, a string leaf as its text, any
//! other as its JSON); any other two bodies (text, binary, multipart, one form and one JSON)
//! as a whole, one `body` path that changed or did not. A key sent twice is matched
//! occurrence by occurrence. `date_time` (when AC sent it) differs between any two
//! deliveries, so it is left out unless asked for.

use serde_json::Value;

use crate::listen::body::Body;
use crate::output::Palette;

/// The leaf that is left out unless asked for.
pub(crate) const IGNORED: &str = "date_time";

/// One path that differs; `old` is None for an added path, `new` for a removed one (and
/// then left out of the JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Change {
    pub(crate) path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new: Option<String>,
}

/// What differs from A to B: changed and removed paths in A's order, added ones in B's.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Diff {
    pub(crate) changed: Vec<Change>,
    pub(crate) added: Vec<Change>,
    pub(crate) removed: Vec<Change>,
}

impl Diff {
    pub(crate) fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// `{"changed": [{path, old, new}], "added": [{path, new}], "removed": [{path, old}]}`.
    pub(crate) fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The difference between two decoded bodies (with their raw bytes, for bodies compared as a
/// whole); `all` keeps `date_time`.
pub(crate) fn bodies(a: (&Body, &[u8]), b: (&Body, &[u8]), all: bool) -> Diff {
    let (pa, pb) = match (a.0, b.0) {
        (Body::Form { pairs: x, .. }, Body::Form { pairs: y, .. }) => (x.clone(), y.clone()),
        (Body::Json(x), Body::Json(y)) => (leaves(x), leaves(y)),
        _ if a.1 == b.1 => return Diff::default(),
        _ => {
            let text = |raw: &[u8]| String::from_utf8_lossy(raw).into_owned();
            let change = Change {
                path: "body".into(),
                old: Some(text(a.1)),
                new: Some(text(b.1)),
            };
            return Diff {
                changed: vec![change],
                ..Diff::default()
            };
        }
    };
    let keep = |p: &(String, String)| all || !ignored(&p.0);
    let pa: Vec<_> = pa.into_iter().filter(keep).collect();
    let pb: Vec<_> = pb.into_iter().filter(keep).collect();
    pairs(&pa, &pb)
}

/// Whether a path names `date_time`, at any depth, as a form key or a JSON pointer.
fn ignored(path: &str) -> bool {
    path.strip_suffix(IGNORED)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with('/'))
        || path
            .strip_suffix(']')
            .and_then(|p| p.strip_suffix(IGNORED))
            .is_some_and(|rest| rest.ends_with('['))
}

/// The difference between two lists of (path, value), matching the n-th occurrence of a path
/// in A with its n-th in B.
pub(crate) fn pairs(a: &[(String, String)], b: &[(String, String)]) -> Diff {
    let numbered = |v: &[(String, String)]| -> Vec<(String, usize, String)> {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        v.iter()
            .map(|(k, val)| {
                let n = seen.entry(k.as_str()).or_default();
                *n += 1;
                (k.clone(), *n, val.clone())
            })
            .collect()
    };
    let (na, nb) = (numbered(a), numbered(b));
    let index: std::collections::HashMap<(&str, usize), &str> = nb
        .iter()
        .map(|(k, n, v)| ((k.as_str(), *n), v.as_str()))
        .collect();
    let in_a: std::collections::HashSet<(&str, usize)> =
        na.iter().map(|(k, n, _)| (k.as_str(), *n)).collect();
    let mut diff = Diff::default();
    for (k, n, old) in &na {
        match index.get(&(k.as_str(), *n)) {
            Some(new) if *new == old => {}
            Some(new) => diff.changed.push(Change {
                path: k.clone(),
                old: Some(old.clone()),
                new: Some((*new).to_string()),
            }),
            None => diff.removed.push(Change {
                path: k.clone(),
                old: Some(old.clone()),
                new: None,
            }),
        }
    }
    for (k, n, new) in &nb {
        if !in_a.contains(&(k.as_str(), *n)) {
            diff.added.push(Change {
                path: k.clone(),
                old: None,
                new: Some(new.clone()),
            });
        }
    }
    diff
}

/// A JSON value's leaves in document order, by JSON pointer: a string as its text, any other
/// scalar (and an empty object or array) as its JSON.
fn leaves(v: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, at: &mut String, out: &mut Vec<(String, String)>) {
        let mut down = |key: &str, child: &Value, at: &mut String| {
            let len = at.len();
            at.push('/');
            at.push_str(&key.replace('~', "~0").replace('/', "~1"));
            walk(child, at, out);
            at.truncate(len);
        };
        match v {
            Value::Object(m) if !m.is_empty() => m.iter().for_each(|(k, c)| down(k, c, at)),
            Value::Array(a) if !a.is_empty() => a
                .iter()
                .enumerate()
                .for_each(|(i, c)| down(&i.to_string(), c, at)),
            Value::String(s) => out.push((at.clone(), s.clone())),
            other => out.push((at.clone(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(v, &mut String::new(), &mut out);
    out
}

/// The diff as lines for a terminal `width` columns wide: `path: old → new` for a change,
/// `+ path: new` for an added path, `- path: old` for a removed one; old values red, new ones
/// green. Every path and value is outside text: escaped, and cut with `…` to fit.
pub(crate) fn human(diff: &Diff, width: usize, p: &Palette) -> String {
    let fit = crate::listen::render::fit;
    let mut out = String::new();
    let line = |out: &mut String, sign: &str, c: &Change| {
        let path = fit(&c.path, width / 2);
        let room = width.saturating_sub(sign.len() + path.chars().count() + 2);
        out.push_str(sign);
        out.push_str(&path);
        out.push_str(": ");
        match (&c.old, &c.new) {
            (Some(old), Some(new)) => {
                let half = room.saturating_sub(3) / 2;
                let old = fit(old, half.max(1));
                let new = fit(new, room.saturating_sub(old.chars().count() + 3).max(1));
                out.push_str(&p.error(&old));
                out.push_str(" → ");
                out.push_str(&p.value(&new));
            }
            (Some(old), None) => out.push_str(&p.error(&fit(old, room.max(1)))),
            (None, Some(new)) => out.push_str(&p.value(&fit(new, room.max(1)))),
            (None, None) => {}
        }
        out.push('\n');
    };
    diff.changed.iter().for_each(|c| line(&mut out, "", c));
    diff.added.iter().for_each(|c| line(&mut out, "+ ", c));
    diff.removed.iter().for_each(|c| line(&mut out, "- ", c));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn form(v: &[(&str, &str)]) -> Body {
        Body::Form {
            pairs: kv(v),
            tree: Value::Null,
            notes: vec![],
        }
    }

    fn change(path: &str, old: Option<&str>, new: Option<&str>) -> Change {
        Change {
            path: path.into(),
            old: old.map(Into::into),
            new: new.map(Into::into),
        }
    }

    #[test]
    fn pairs_differ_in_body_order() {
        let a = kv(&[("b", "1"), ("gone", "x"), ("a", "2"), ("same", "s")]);
        let b = kv(&[("new", "n"), ("a", "3"), ("same", "s"), ("b", "4")]);
        let d = pairs(&a, &b);
        assert_eq!(
            d.changed,
            [
                change("b", Some("1"), Some("4")),
                change("a", Some("2"), Some("3"))
            ]
        );
        assert_eq!(d.added, [change("new", None, Some("n"))]);
        assert_eq!(d.removed, [change("gone", Some("x"), None)]);
    }

    #[test]
    fn a_repeated_key_is_matched_occurrence_by_occurrence() {
        let a = kv(&[("t[]", "x"), ("t[]", "y")]);
        let b = kv(&[("t[]", "x"), ("t[]", "z"), ("t[]", "w")]);
        let d = pairs(&a, &b);
        assert_eq!(d.changed, [change("t[]", Some("y"), Some("z"))]);
        assert_eq!(d.added, [change("t[]", None, Some("w"))]);
        assert!(pairs(&a, &a).is_empty());
    }

    #[test]
    fn date_time_is_left_out_unless_all() {
        let a = form(&[("date_time", "1"), ("x[date_time]", "1"), ("k", "v")]);
        let b = form(&[("date_time", "2"), ("x[date_time]", "2"), ("k", "v")]);
        assert!(bodies((&a, b""), (&b, b""), false).is_empty());
        let all = bodies((&a, b""), (&b, b""), true);
        let paths: Vec<_> = all.changed.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["date_time", "x[date_time]"]);
        // A key that merely ends in the name is compared.
        let a = form(&[("my_date_time", "1")]);
        let b = form(&[("my_date_time", "2")]);
        assert_eq!(bodies((&a, b""), (&b, b""), false).changed.len(), 1);
    }

    #[test]
    fn json_bodies_compare_by_pointer() {
        let a = Body::Json(
            serde_json::json!({"deal": {"stage": "Q", "n": 1, "a/b": [1, 2]},
            "date_time": "t1"}),
        );
        let b = Body::Json(
            serde_json::json!({"deal": {"stage": "W", "n": 1, "a/b": [1]},
            "date_time": "t2", "x": null}),
        );
        let d = bodies((&a, b""), (&b, b""), false);
        assert_eq!(d.changed, [change("/deal/stage", Some("Q"), Some("W"))]);
        assert_eq!(d.removed, [change("/deal/a~1b/1", Some("2"), None)]);
        assert_eq!(d.added, [change("/x", None, Some("null"))]);
    }

    #[test]
    fn other_bodies_compare_as_a_whole() {
        let (a, b) = (Body::Text("hi".into()), Body::Text("ho".into()));
        assert!(bodies((&a, b"hi"), (&a, b"hi"), false).is_empty());
        let d = bodies((&a, b"hi"), (&b, b"ho"), false);
        assert_eq!(d.changed, [change("body", Some("hi"), Some("ho"))]);
        // A form and a JSON body are not compared path by path.
        let f = form(&[("a", "1")]);
        let j = Body::Json(serde_json::json!({"a": "1"}));
        assert_eq!(bodies((&f, b"a=1"), (&j, b"{}"), false).changed.len(), 1);
    }

    #[test]
    fn json_shape_and_lines() {
        let d = Diff {
            changed: vec![change("deal[stage_title]", Some("Qualified"), Some("Won"))],
            added: vec![change("n", None, Some("1"))],
            removed: vec![change("o", Some("\u{1b}[2J"), None)],
        };
        assert_eq!(
            d.to_json(),
            serde_json::json!({"changed": [{"path": "deal[stage_title]", "old": "Qualified",
                "new": "Won"}], "added": [{"path": "n", "new": "1"}],
                "removed": [{"path": "o", "old": "\u{1b}[2J"}]})
        );
        assert_eq!(
            human(&d, 80, &Palette::PLAIN),
            "deal[stage_title]: Qualified → Won\n+ n: 1\n- o: \\u{1b}[2J\n"
        );
        let long = Diff {
            changed: vec![change("k", Some(&"a".repeat(100)), Some(&"b".repeat(100)))],
            ..Diff::default()
        };
        let line = human(&long, 40, &Palette::PLAIN);
        assert_eq!(line.trim_end().chars().count(), 40, "{line}");
        assert_eq!(line.matches('…').count(), 2, "{line}");
    }
}
