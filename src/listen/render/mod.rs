//! Renders a caught request: the human view (a block, or one `--compact` line) laid out to a
//! width, and the `--json` and `--save` lines ([`json`]). Pure: no I/O, no hyper types (only
//! its reason phrases); colour only through the `Palette` it is given. Outside text is escaped
//! before it is laid out, so a cut or a wrap never splits an escape.

mod head;
mod json;
mod tree;

pub(crate) use head::{reason, summary_parts};
#[cfg(test)]
pub(crate) use json::json;
#[cfg(test)]
pub(crate) use json::placed;
pub(crate) use json::{json_line, json_line_named, place_into, saved_line};

use std::fmt::Write as _;

use super::names::FieldNames;
use super::{Answer, Body, Capture, Seen};
use crate::form;
use crate::output::Palette;
pub(crate) use tree::fit;
use tree::{Tree, wrap};

/// How many characters of a text body or a JSON string the human view shows.
const TEXT_LIMIT: usize = 4096;

/// How the human view is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct View {
    /// The columns to fit: the terminal's, else `COLUMNS`, else 100.
    pub(crate) width: usize,
    /// `-v`: the headers and content type, and a duplicate's body again.
    pub(crate) verbose: bool,
    /// `--hide-empty`: no `(empty)` leaves.
    pub(crate) hide_empty: bool,
    /// `--full`: long values and texts whole, not cut with a note.
    pub(crate) full: bool,
}

impl View {
    pub(crate) fn new(width: usize, verbose: bool, hide_empty: bool, full: bool) -> View {
        View {
            width,
            verbose,
            hide_empty,
            full,
        }
    }

    /// How many bytes of a value, and characters of a text, are shown.
    pub(crate) fn limits(&self) -> (usize, usize) {
        match self.full {
            true => (usize::MAX, usize::MAX),
            false => (crate::listen::body::SHOWN_BYTES, TEXT_LIMIT),
        }
    }
}

/// The human view: a header line, an AC summary when the body is an AC payload, the body by
/// kind (a duplicate's only with `-v`), then the answer given. Never shows percent-encoded
/// text: `--raw` is for bytes.
pub(crate) fn human(
    cap: &Capture,
    seen: Seen,
    answer: Option<&Answer>,
    view: &View,
    p: &Palette,
    names: Option<&FieldNames>,
) -> String {
    let mut out = String::with_capacity(1024);
    human_into(&mut out, cap, seen, answer, view, p, names);
    out
}

/// The parts of the human view that do not depend on the delivery's place in the run: its
/// summary, `-v`'s headers and the body's lines. The connection's handler renders them, on
/// the runtime's workers, side by side with others; the printer then adds only the header
/// line (seq, duplicate mark) and the answer ([`compose`]).
#[derive(Debug, Default)]
pub(crate) struct Prerendered {
    summary: String,
    headers: String,
    body: String,
}

/// [`Prerendered`] for one delivery; without `body`, no body lines (a duplicate's, which
/// are not shown).
pub(crate) fn prerender(
    cap: &Capture,
    view: &View,
    p: &Palette,
    names: Option<&FieldNames>,
    body: bool,
) -> Prerendered {
    let mut pre = Prerendered::default();
    head::summary(cap, view.width, p, &mut pre.summary);
    if view.verbose {
        let out = &mut pre.headers;
        let col = tree::value_col(view.width);
        for (k, v) in &cap.headers {
            out.push_str("  ");
            let k = fit(k, view.width / 2);
            let _ = write!(out, "{}:", p.dim(&k));
            // "  KEY: ": the value starts four columns past the key.
            let at = 4 + tree::cols(&k);
            out.push(' ');
            wrap(out, v, (at, col, view.width), p, tree::plain);
            out.push('\n');
        }
        if !cap.headers.is_empty() {
            out.push('\n');
        }
    }
    if body {
        body_lines(cap, view, p, names, &mut pre.body);
    }
    pre
}

/// [`human`], appended to `out` (the printer reuses one buffer).
pub(crate) fn human_into(
    out: &mut String,
    cap: &Capture,
    seen: Seen,
    answer: Option<&Answer>,
    view: &View,
    p: &Palette,
    names: Option<&FieldNames>,
) {
    let body = view.verbose || seen.duplicate_of.is_none();
    let pre = prerender(cap, view, p, names, body);
    compose(out, cap, seen, answer, view, p, &pre);
}

/// The human view from its [`Prerendered`] parts: the header line, the summary, the headers
/// with `-v`, the body (for a duplicate, a line saying so unless `-v`), then the answer.
pub(crate) fn compose(
    out: &mut String,
    cap: &Capture,
    seen: Seen,
    answer: Option<&Answer>,
    view: &View,
    p: &Palette,
    pre: &Prerendered,
) {
    head::header(cap, seen, view, p, out);
    out.push_str(&pre.summary);
    out.push_str(&pre.headers);
    match seen.duplicate_of {
        Some(d) if !view.verbose => {
            let _ = writeln!(
                out,
                "  {}",
                p.dim(&format!("same body as #{d}; -v shows it again"))
            );
        }
        _ => out.push_str(&pre.body),
    }
    if let Some(a) = answer {
        if let Some(f) = &a.forward {
            head::forwarded(f, view.width, p, out);
        }
        head::answer(a, p, out);
    }
    out.push('\n');
}

/// `--compact`: one line per request.
pub(crate) fn compact(
    cap: &Capture,
    seen: Seen,
    answer: &Answer,
    view: &View,
    p: &Palette,
) -> String {
    head::compact(cap, seen, answer, view, p)
}

fn body_lines(
    cap: &Capture,
    view: &View,
    p: &Palette,
    names: Option<&FieldNames>,
    out: &mut String,
) {
    let len = cap.raw.len();
    match &cap.body {
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
            let t = Tree {
                p,
                width: view.width,
                hide_empty: view.hide_empty,
                limit: view.limits().0,
                repeated: tree::repeated(pairs),
                path: Default::default(),
            };
            match names {
                Some(n) => t.write(&n.named(tree), 1, out),
                None => t.write(tree, 1, out),
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
            text_block(text, view.limits().1, out);
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
                    text_block(t, view.limits().1, out);
                }
            }
        }
        Body::BadMultipart { error } => out.push_str(&format!(
            "  {} multipart body could not be read ({}); {}\n",
            p.warn("note:"),
            clean(error, false),
            size(len)
        )),
        Body::Text(t) => text_block(t, view.limits().1, out),
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

/// The first `limit` characters of a text ([`TEXT_LIMIT`] unless `--full`), cut before they are escaped: escaping a
/// large body whole would cost memory for text nobody sees.
fn text_block(text: &str, limit: usize, out: &mut String) {
    let cut = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(i, _)| i);
    for line in clean(&text[..cut], true).lines() {
        out.push_str(&format!("    {line}\n"));
    }
    if cut < text.len() {
        out.push_str(&format!(
            "    … {} more characters (--full shows all)\n",
            text[cut..].chars().count()
        ));
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

#[cfg(test)]
mod tests {
    use super::json::json_len;
    use super::*;
    use base64::Engine as _;
    use bytes::Bytes;
    use serde_json::Value;

    const SUBSCRIBE: &str = include_str!("../../../tests/vectors/subscribe.form");

    const VIEW: View = View {
        width: 80,
        verbose: false,
        hide_empty: false,
        full: false,
    };

    fn answered(status: u16) -> Answer {
        Answer {
            status,
            forward: None,
            ms: 0.25,
            unrouted: false,
        }
    }

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

    /// The value column: where values start, whatever the key and the depth.
    fn col(v: usize) -> String {
        " ".repeat(v)
    }

    #[test]
    fn subscribe_reads_as_a_tree_without_percent_encoding() {
        let cap = capture(
            "application/x-www-form-urlencoded",
            SUBSCRIBE,
            "token=a%20b",
        );
        let text = human(
            &cap,
            seen(1),
            Some(&answered(200)),
            &VIEW,
            &Palette::PLAIN,
            None,
        );
        let mut lines = text.lines();
        let head = lines.next().unwrap();
        assert!(head.starts_with("#1 "), "{head}");
        // Date and milliseconds: "#1 2026-12-03 10:30:14.120 POST".
        let stamp = head.split(' ').nth(2).unwrap();
        assert!(stamp.len() == 12 && stamp.as_bytes()[8] == b'.', "{head}");
        assert!(
            head.contains("POST /hooks/ac?token=a b from 127.0.0.1:5000 310 B"),
            "{head}"
        );
        // "from admin by admin" says nothing the tree does not.
        assert_eq!(
            lines.next().unwrap(),
            "subscribe · Contact added  jane@example.com  list 1"
        );
        assert!(
            text.contains("\n  date_time             2017-11-24T08:50:26-06:00\n"),
            "{text}"
        );
        assert!(
            text.contains("\n  contact\n    id                  10\n    email               jane@example.com\n"),
            "{text}"
        );
        assert!(!text.contains("%5B") && !text.contains("%40"));
        // The block ends with the answer given.
        assert!(text.ends_with("\n  <- 200 OK  0.2 ms\n\n"), "{text}");
    }

    #[test]
    fn multi_values_split_only_in_acs_multi_value_form() {
        let cap = capture(
            "application/x-www-form-urlencoded",
            "contact[tags]=tag1, tag2&contact[fields][2]=||Option 1||Option 2||",
            "",
        );
        let text = human(&cap, seen(2), None, &VIEW, &Palette::PLAIN, None);
        assert!(
            text.contains(&format!("tags{}tag1, tag2\n", col(16))),
            "{text}"
        );
        assert!(!text.contains("↳ [tag1, tag2]"), "{text}");
        assert!(
            text.contains(&format!("2{}||Option 1||Option 2||\n", col(17))),
            "{text}"
        );
        assert!(
            text.contains(&format!("{}↳ [Option 1, Option 2]", col(24))),
            "{text}"
        );
    }

    #[test]
    fn duplicates_show_their_head_only_and_repeated_keys_are_marked() {
        let cap = capture("application/x-www-form-urlencoded", "a=1&a=2", "");
        let dup = Seen {
            seq: 3,
            duplicate_of: Some(1),
        };
        let short = human(
            &cap,
            dup,
            Some(&answered(200)),
            &VIEW,
            &Palette::PLAIN,
            None,
        );
        assert!(short.lines().next().unwrap().ends_with("duplicate of #1"));
        assert!(!short.contains("a  "), "{short}");
        assert!(
            short.contains("same body as #1; -v shows it again"),
            "{short}"
        );
        let verbose = View {
            verbose: true,
            ..VIEW
        };
        let text = human(&cap, dup, None, &verbose, &Palette::PLAIN, None);
        let a = |n: &str| format!("  a{}{n}", col(21));
        assert!(
            text.contains(&format!("{} (1 of 2)\n", a("1")))
                && text.contains(&format!("{} (2 of 2)\n", a("2"))),
            "{text}"
        );
        // -v also names the content type on the header line, when there is room.
        let wide = View {
            width: 160,
            ..verbose
        };
        let text = human(&cap, dup, None, &wide, &Palette::PLAIN, None);
        let head = text.lines().next().unwrap();
        assert!(
            head.contains(" 7 B application/x-www-form-urlencoded "),
            "{head}"
        );
    }

    #[test]
    fn every_line_fits_the_width_and_long_values_hang_under_their_column() {
        let url = "https://example.activehosted.com/index.php?action=social&chash=c20ad4d76fe97759aa27a0c99bff6710.15";
        let body = format!(
            "type=unsubscribe&initiated_from=admin&initiated_by=api&list=1&contact[email]=jane.doe@example.com\
             &campaign[name]=The%20November%20newsletter%20for%20every%20customer&campaign[webcopy_url]={}",
            url.replace('&', "%26")
        );
        let cap = capture(
            "application/x-www-form-urlencoded",
            &body,
            &format!("token=x&path={}", "p".repeat(90)),
        );
        let text = human(
            &cap,
            seen(1),
            Some(&answered(200)),
            &VIEW,
            &Palette::PLAIN,
            None,
        );
        for line in text.lines() {
            assert!(
                line.chars().count() <= 80,
                "{} columns: {line}\n{text}",
                line.chars().count()
            );
        }
        // What does not fit goes, least telling first, and a lesser fact that still fits
        // stays (the list, after the long campaign name went); wider, everything is there.
        let summary = text.lines().nth(1).unwrap();
        assert_eq!(
            summary,
            "unsubscribe · Contact unsubscribed  jane.doe@example.com  list 1"
        );
        let wide = View { width: 160, ..VIEW };
        let text = human(&cap, seen(1), None, &wide, &Palette::PLAIN, None);
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "unsubscribe · Contact unsubscribed  from admin by api  jane.doe@example.com  list 1  \
             campaign \"The November newsletter for every customer\""
        );
        let text = human(&cap, seen(1), None, &VIEW, &Palette::PLAIN, None);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains("webcopy_url"))
            .unwrap();
        let wrapped = &lines[at..at + 2];
        assert!(
            wrapped[1].starts_with(&col(24)) && !wrapped[1][24..].starts_with(' '),
            "{text}"
        );
        assert_eq!(format!("{}{}", &wrapped[0][24..], &wrapped[1][24..]), url);
    }

    #[test]
    fn lists_custom_fields_and_values_that_are_also_parents_read_naturally() {
        let body = "type=list_add&list=0&list[id]=3&list[name]=Webinar%20attendees&list[sender_addr2]=\
            &updated_fields[0]=value&updated_fields[1]=stage\
            &deal[fields][0][id]=1&deal[fields][0][key]=Forecasted%20Close%20Date&deal[fields][0][value]=2026-12-15";
        let cap = capture("application/x-www-form-urlencoded", body, "");
        let text = human(&cap, seen(1), None, &VIEW, &Palette::PLAIN, None);
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .contains("list 3 \"Webinar attendees\""),
            "{text}"
        );
        assert!(
            text.contains(&format!("\n  list{}0\n    id{}3\n", col(18), col(18))),
            "{text}"
        );
        assert!(!text.contains("_value"), "{text}");
        assert!(
            text.contains(&format!("\n  updated_fields{}value, stage\n", col(8))),
            "{text}"
        );
        assert!(
            text.contains("\n    fields\n      Forecasted Close Date (1)  2026-12-15\n"),
            "{text}"
        );
        assert!(text.contains("(empty)"), "{text}");
        let hidden = View {
            hide_empty: true,
            ..VIEW
        };
        let text = human(&cap, seen(1), None, &hidden, &Palette::PLAIN, None);
        assert!(
            !text.contains("(empty)") && !text.contains("sender_addr2"),
            "{text}"
        );
    }

    #[test]
    fn compact_is_one_line_per_delivery() {
        let cap = capture("application/x-www-form-urlencoded", SUBSCRIBE, "");
        let dup = Seen {
            seq: 7,
            duplicate_of: Some(5),
        };
        let wide = View { width: 100, ..VIEW };
        let line = compact(&cap, dup, &answered(200), &wide, &Palette::PLAIN);
        let (time, rest) = line.split_once("  ").unwrap();
        assert_eq!(time.len(), 12, "{line}");
        assert_eq!(
            rest,
            "#7  subscribe  jane@example.com  list 1  <- 200  0.2 ms  [dup of #5]\n"
        );
    }

    #[test]
    fn the_answer_line_says_what_was_answered() {
        let cap = capture("text/plain", "hi", "");
        let mut a = answered(413);
        a.unrouted = true;
        let text = human(&cap, seen(1), Some(&a), &VIEW, &Palette::PLAIN, None);
        assert!(
            text.contains(
                "  <- 413 Payload Too Large  0.2 ms  no --forward-to prefix matches this path"
            ),
            "{text}"
        );
        a.forward = Some(crate::listen::Forwarded {
            url: "http://127.0.0.1:3000/x".into(),
            status: Some(201),
            error: None,
            ms: 12.34,
            body_head: String::new(),
        });
        (a.status, a.unrouted) = (201, false);
        let text = human(&cap, seen(1), Some(&a), &VIEW, &Palette::PLAIN, None);
        assert!(text.contains("  <- 201 Created  12.3 ms\n"), "{text}");
    }

    #[test]
    fn a_line_placed_later_is_the_line_rendered_in_place() {
        // A JSON body whose own tree holds the key the printer patches.
        let body = r#"{"type":"x","duplicate_of":null,"a":{"duplicate_of":null}}"#;
        let json_cap = capture("application/json", body, "");
        let form_cap = capture("application/x-www-form-urlencoded", SUBSCRIBE, "a=1");
        let answer = answered(200);
        for cap in [&json_cap, &form_cap] {
            let unplaced = json_line_named(cap, seen(0), &answer, None);
            for seen in [
                seen(7),
                Seen {
                    seq: 9,
                    duplicate_of: Some(3),
                },
            ] {
                let direct = json_line_named(cap, seen, &answer, None);
                assert_eq!(placed(&unplaced, seen), direct);
            }
        }
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
        let answer = answered(200);
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
        let text = human(&cap, seen(1), None, &VIEW, &Palette::PLAIN, None);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(
            text.contains(&format!("k\\u{{1b}}[31m{}v\\u{{1b}}[0m\\u{{7}}", col(11))),
            "{text}"
        );
        assert_eq!(clean("a\nb", true), "a\nb");
        assert_eq!(clean("a\nb", false), "a\\nb");
    }

    /// Columns a rendered line takes on a terminal.
    fn columns(line: &str) -> usize {
        unicode_width::UnicodeWidthStr::width(line)
    }

    #[test]
    fn wide_characters_are_measured_in_columns() {
        let name = "山田太郎".repeat(12);
        let title = "大型商談の見積もり".repeat(4);
        let body = format!(
            "type=deal_update&contact[email]=jane@example.com&contact[first_name]={name}\
             &deal[title]={title}&contact[note]={}",
            "e\u{301}\u{200b}".repeat(70)
        );
        let cap = capture("application/x-www-form-urlencoded", &body, "");
        for view in [
            VIEW,
            View {
                verbose: true,
                ..VIEW
            },
        ] {
            let text = human(&cap, seen(1), None, &view, &Palette::PLAIN, None);
            for line in text.lines() {
                assert!(
                    columns(line) <= 80,
                    "{} columns: {line}\n{text}",
                    columns(line)
                );
            }
            // The summary stays one line: the next one is the tree.
            assert!(text.lines().nth(2).unwrap().starts_with("  "), "{text}");
            // The name wraps under the value column, whole.
            let at = text.lines().position(|l| l.contains("first_name")).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines[at + 1].starts_with(&col(24)), "{text}");
            assert_eq!(
                format!("{}{}", lines[at][24..].trim(), lines[at + 1].trim()),
                name
            );
        }
        let line = compact(&cap, seen(1), &answered(200), &VIEW, &Palette::PLAIN);
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(columns(line.trim_end()) <= 80, "{line}");
    }

    #[test]
    fn verbose_header_and_header_lines_fit_the_width() {
        let mut cap = capture("application/x-www-form-urlencoded", SUBSCRIBE, "token=x");
        cap.headers.push(("x-long".into(), "v".repeat(200)));
        cap.headers.push(("x-wide".into(), "漢".repeat(100)));
        let verbose = View {
            verbose: true,
            ..VIEW
        };
        for duplicate_of in [None, Some(123)] {
            let dup = Seen {
                seq: 4567,
                duplicate_of,
            };
            let text = human(&cap, dup, None, &verbose, &Palette::PLAIN, None);
            for line in text.lines() {
                assert!(
                    columns(line) <= 80,
                    "{} columns: {line}\n{text}",
                    columns(line)
                );
            }
            assert!(text.contains("\n  x-long: vvvv"), "{text}");
        }
        // With room, -v names the content type on the header line: see
        // duplicates_show_their_head_only_and_repeated_keys_are_marked.
    }

    #[test]
    fn hide_empty_leaves_no_empty_heading() {
        let body = "type=deal_update&deal[fields][0][id]=1&deal[fields][0][key]=Close&deal[fields][0][value]=\
            &list=&list[id]=3&contact[email]=jane@example.com";
        let cap = capture("application/x-www-form-urlencoded", body, "");
        let hidden = View {
            hide_empty: true,
            ..VIEW
        };
        let text = human(&cap, seen(1), None, &hidden, &Palette::PLAIN, None);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            !lines.contains(&"  deal") && !lines.contains(&"    fields"),
            "{text}"
        );
        assert!(
            text.contains(&format!("\n  list\n    id{}3\n", col(18))),
            "{text}"
        );
        assert!(text.contains("jane@example.com"), "{text}");
    }

    #[test]
    fn arrays_from_empty_brackets_are_one_list_and_repeated_keys_stay_marked() {
        let body = "updated_fields[]=email&updated_fields[]=phone&contact[tags]=a&contact[tags]=b";
        let cap = capture("application/x-www-form-urlencoded", body, "");
        let text = human(&cap, seen(1), None, &VIEW, &Palette::PLAIN, None);
        assert!(
            text.contains(&format!("\n  updated_fields{}email, phone\n", col(8))),
            "{text}"
        );
        assert!(!text.contains("phone (2 of 2)"), "{text}");
        assert!(
            text.contains(&format!("    tags{}a (1 of 2)\n", col(16))),
            "{text}"
        );
    }

    #[test]
    fn compact_marks_a_path_no_route_took() {
        let cap = capture("application/x-www-form-urlencoded", SUBSCRIBE, "");
        let mut a = answered(200);
        a.unrouted = true;
        let line = compact(&cap, seen(1), &a, &VIEW, &Palette::PLAIN);
        assert!(
            line.trim_end().ends_with("  [not forwarded: no route]"),
            "{line}"
        );
        assert!(columns(line.trim_end()) <= 80, "{line}");
    }

    #[test]
    fn sizes() {
        assert_eq!(size(612), "612 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MiB");
    }
}
