//! The one place that makes text from outside (deliveries, headers, paths, saved captures,
//! AC's answers, config and manifest files) safe to put in front of a person. Every printer
//! that shows such text goes through `line` (or `escape` with `keep_lines`, for text laid
//! out over several lines), and every JSON printer through `json`: no C0 or C1 control (the 8-bit CSI U+009B among them), no DEL, no lone CR and
//! no bidirectional override or isolate reaches a terminal, so a sender can neither drive the
//! terminal (clear it, set the clipboard with OSC 52, plant an OSC 8 link) nor make text read
//! in another order than it is stored.
//!
//! Escapes read like Rust's: `\u{1b}`, `\n`, `\u{202e}`, so the text stays legible and two
//! different inputs never look the same.

use std::borrow::Cow;

/// Whether `c` may never reach a terminal as it is. Newlines and tabs are laid out by
/// `escape` itself when asked to keep lines; everywhere else they are escaped too. Writers of other formats (TOML)
/// use it to choose what to write as an escape.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The bidirectional embeddings, overrides and isolates: U+202A–U+202E and U+2066–U+2069.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Outside text for a one-line place (a summary line, a header line, a table cell, a note
/// on stderr): every control character, newlines and tabs included, is escaped.
pub(crate) fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// The one escaping function: with `keep_lines`, for outside text laid out over several
/// lines (a text body, a tree value with its continuation lines), newlines, CRLF and tabs
/// are kept and a CR that does not start a CRLF is escaped; without, as `line`. Borrows when there is nothing
/// to escape, which is nearly always.
pub(crate) fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let keep = |c: char, next: Option<char>| {
        keep_lines && (c == '\n' || c == '\t' || (c == '\r' && next == Some('\n')))
    };
    // Printable ASCII (nearly all text) has nothing to escape: checked without decoding.
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Cow::Borrowed(s);
    }
    let mut chars = s.chars().peekable();
    let mut first_bad = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if is_unsafe(c) && !keep(c, chars.peek().copied()) {
            first_bad = Some(at);
            break;
        }
        at += c.len_utf8();
    }
    let Some(start) = first_bad else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..start]);
    let mut chars = s[start..].chars().peekable();
    while let Some(c) = chars.next() {
        if is_unsafe(c) && !keep(c, chars.peek().copied()) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Makes serialised JSON safe for a terminal without changing what it means: serde_json
/// already writes C0 controls as `\uXXXX`; this does the same for DEL, the C1 controls and
/// the bidi controls, which serde_json writes raw. Outside strings JSON text is ASCII
/// punctuation, so every such character is inside a string, where `\uXXXX` is the same
/// character to any reader.
pub(crate) fn json(text: String) -> String {
    // DEL is 0x7F; a C1 control is 0xC2 0x80..=0x9F; the bidi controls start with 0xE2.
    // A vectorised search: a line holds the body three times over.
    if memchr::memchr3(0x7F, 0xC2, 0xE2, text.as_bytes()).is_none() {
        return text;
    }
    if !text.chars().any(is_unsafe) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        if is_unsafe(c) {
            // Every unsafe character here is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `value` as one line of terminal-safe JSON.
pub(crate) fn json_line<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising values built from strings and numbers cannot fail.
    json(serde_json::to_string(value).unwrap_or_default())
}

/// `value` as pretty, terminal-safe JSON.
pub(crate) fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    json(serde_json::to_string_pretty(value).unwrap_or_default())
}

/// Whether `s` is free of anything a terminal would act on (for checks and tests): ESC,
/// BEL, any other C0 control but newline, tab and the CR of a CRLF, DEL, a C1 control or a
/// bidi control.
pub fn is_terminal_safe(s: &str) -> bool {
    matches!(escape(s, true), Cow::Borrowed(_))
}

/// One shell word for a POSIX shell, safe to paste into a terminal: runs of plain characters
/// single-quoted, and each character a terminal would act on (a control, DEL, C1, bidi)
/// written as `"$(printf '\ooo')"`, so none reaches the terminal raw and the word keeps its
/// exact bytes. A trailing newline cannot survive `$(...)`, so callers refuse newlines first
/// (`relay::unsendable`; a URL never has one).
pub(crate) fn shell_word(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut open = false;
    for c in s.chars() {
        let mut buf = [0u8; 4];
        let text = c.encode_utf8(&mut buf);
        if !is_unsafe(c) {
            if !open {
                out.push('\'');
                open = true;
            }
            match c {
                '\'' => out.push_str(r"'\''"),
                _ => out.push(c),
            }
        } else {
            if open {
                out.push('\'');
                open = false;
            }
            let octal: String = text.bytes().map(|b| format!("\\{b:03o}")).collect();
            out.push_str(&format!("\"$(printf '{octal}')\""));
        }
    }
    if open {
        out.push('\'');
    }
    if out.is_empty() {
        out.push_str("''");
    }
    out
}

/// `s` cut to at most `max` bytes, on a character boundary: how outside text is cut to what
/// is kept or shown, before it is escaped.
pub(crate) fn cut(s: &str, max: usize) -> &str {
    &s[..s.floor_char_boundary(max)]
}

/// A path as it is shown: escaped like any outside text.
pub(crate) fn path(p: &std::path::Path) -> String {
    line(&p.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(s: &str) -> Cow<'_, str> {
        escape(s, true)
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(line("jane@example.com"), Cow::Borrowed(_)));
        assert!(matches!(block("a\nb\tc\r\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(line("a\u{1b}]52;c;eA==\u{7}b"), "a\\u{1b}]52;c;eA==\\u{7}b");
        assert_eq!(line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(line("x\u{7f}"), "x\\u{7f}");
        assert_eq!(line("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe");
        assert_eq!(line("\u{2066}a\u{2069}"), "\\u{2066}a\\u{2069}");
        assert_eq!(line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(line("a\r\nb"), "a\\r\\nb");
    }

    #[test]
    fn blocks_keep_their_lines_but_not_a_lone_cr() {
        assert_eq!(block("a\nb\tc"), "a\nb\tc");
        assert_eq!(block("a\r\nb"), "a\r\nb");
        assert_eq!(block("a\rb"), "a\\rb");
        assert_eq!(block("a\r"), "a\\r");
        assert_eq!(block("é\u{1b}[2J"), "é\\u{1b}[2J");
    }

    #[test]
    fn json_keeps_its_meaning_and_loses_the_controls() {
        let v = serde_json::json!({"k\u{9b}": "a\u{202e}b\u{7f}\u{1b}c é"});
        let text = json_line(&v);
        assert!(is_terminal_safe(&text), "{text:?}");
        assert!(!text.contains('\u{1b}'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        let plain = json_line(&serde_json::json!({"a": "é"}));
        assert_eq!(plain, "{\"a\":\"é\"}");
    }

    #[test]
    fn the_check_agrees_with_the_escapes() {
        for s in [
            "\u{1b}", "\u{7}", "\u{9b}", "\u{202a}", "\u{2069}", "\u{7f}",
        ] {
            assert!(!is_terminal_safe(s));
            assert!(is_terminal_safe(&line(s)));
            assert!(is_terminal_safe(&block(s)));
        }
    }

    #[test]
    fn words_keep_their_bytes_and_stay_terminal_safe() {
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a'b"), "'a'\\''b'");
        assert_eq!(shell_word("$(x) `y`"), "'$(x) `y`'");
        assert_eq!(shell_word("a\tb"), "'a'\"$(printf '\\011')\"'b'");
        assert_eq!(
            shell_word("\u{202e}x\u{9b}"),
            "\"$(printf '\\342\\200\\256')\"'x'\"$(printf '\\302\\233')\""
        );
        assert!(is_terminal_safe(&shell_word("\u{1b}[2J\u{7}\u{7f}")));
    }
}
