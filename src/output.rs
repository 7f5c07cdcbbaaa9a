//! Colour decisions and stdout writing. `Palette` colours a string only when its stream
//! allows it, so pure renderers can take a disabled palette in tests. `Out` writes data to
//! stdout; a closed pipe surfaces as an `io::Error` of kind `BrokenPipe`, which `main` turns
//! into a silent exit 0.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use colored::Colorize;

use crate::cli::ColorChoice;

/// Whether one stream gets colour, decided once from `--color`, the environment and the
/// terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Palette {
    pub enabled: bool,
}

impl Palette {
    pub(crate) const PLAIN: Palette = Palette { enabled: false };

    /// Decides colour for a stream: `always`/`never` win; `auto` is off for a non-empty
    /// NO_COLOR or TERM=dumb, on for CLICOLOR_FORCE (not "0"), else on only for a terminal.
    pub(crate) fn decide(choice: ColorChoice, is_terminal: bool) -> Palette {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if env("NO_COLOR").is_some() || env("TERM").is_some_and(|t| t == "dumb") {
                    false
                } else if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                    true
                } else {
                    is_terminal
                }
            }
        };
        Palette { enabled }
    }

    pub(crate) fn stdout(choice: ColorChoice) -> Palette {
        Palette::decide(choice, io::stdout().is_terminal())
    }

    pub(crate) fn stderr(choice: ColorChoice) -> Palette {
        Palette::decide(choice, io::stderr().is_terminal())
    }

    /// The text, coloured by `f` when enabled; borrowed as is (no allocation) when not.
    fn paint<'a>(
        &self,
        s: &'a str,
        f: impl FnOnce(&str) -> colored::ColoredString,
    ) -> Cow<'a, str> {
        if self.enabled {
            Cow::Owned(f(s).to_string())
        } else {
            Cow::Borrowed(s)
        }
    }

    pub(crate) fn error<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.red().bold())
    }
    pub(crate) fn warn<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.yellow().bold())
    }
    pub(crate) fn bold<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.bold())
    }
    pub(crate) fn dim<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.dimmed())
    }
    pub(crate) fn key<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.cyan())
    }
    pub(crate) fn value<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.green())
    }
    pub(crate) fn event<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.magenta().bold())
    }
    pub(crate) fn method<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.paint(s, |s| s.blue().bold())
    }
    pub(crate) fn status(&self, code: u16) -> String {
        let s = code.to_string();
        match code {
            200..=299 => self.paint(&s, |s| s.green().bold()).into_owned(),
            300..=399 => self.paint(&s, |s| s.yellow().bold()).into_owned(),
            _ => self.paint(&s, |s| s.red().bold()).into_owned(),
        }
    }
}

/// Writes a line to stderr, ignoring failure: a closed stderr (`acwh ... 2>&1 | head`) must
/// not turn a notice into a panic, as `eprintln!` would.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// Writes to stdout, taking stdout's lock for each call (so one call's output is never
/// interleaved with another thread's) and flushing before it returns. Never use `println!` on
/// data paths: it panics on a closed pipe.
pub(crate) struct Out {
    inner: io::Stdout,
}

impl Default for Out {
    fn default() -> Self {
        Out {
            inner: io::stdout(),
        }
    }
}

impl Out {
    /// Writes `text` and flushes, so a reader on the pipe sees it at once.
    pub(crate) fn write(&mut self, text: &str) -> io::Result<()> {
        let mut lock = self.inner.lock();
        lock.write_all(text.as_bytes())?;
        lock.flush()
    }

    pub(crate) fn line(&mut self, text: &str) -> io::Result<()> {
        let mut lock = self.inner.lock();
        lock.write_all(text.as_bytes())?;
        lock.write_all(b"\n")?;
        lock.flush()
    }

    /// Pretty JSON, key order as given, terminal-safe (see [`crate::escape::json`]).
    pub(crate) fn json(&mut self, value: &serde_json::Value) -> io::Result<()> {
        self.line(&crate::escape::json_pretty(value))
    }

    pub(crate) fn bytes(&mut self, data: &[u8]) -> io::Result<()> {
        let mut lock = self.inner.lock();
        lock.write_all(data)?;
        lock.flush()
    }
}

/// Lays rows out in columns separated by two spaces. The header row is bold when the palette
/// allows it. Cells hold outside text (AC's names and URLs, saved captures) and are escaped
/// here, so no caller can forget. Widths count characters, which is right for the names and
/// URLs shown here.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>], palette: &Palette) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| crate::escape::line(c).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows;
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let fmt_row = |cells: Vec<String>, out: &mut String, style: &dyn Fn(&str) -> String| {
        let last = cells.len().saturating_sub(1);
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            out.push_str(&style(cell));
            if i < last {
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push('\n');
    };
    fmt_row(
        header.iter().map(|h| h.to_string()).collect(),
        &mut out,
        &|s| palette.bold(s).into_owned(),
    );
    for row in rows {
        fmt_row(row.clone(), &mut out, &|s| s.to_string());
    }
    out
}

/// A one-line warning on stderr. `msg` may carry outside text: it is escaped here.
pub(crate) fn warn(palette: &Palette, msg: &str) {
    crate::note!(
        "acwh: {}: {}",
        palette.warn("warning"),
        crate::escape::line(msg)
    );
}

/// A one-line note on stderr. `msg` may carry outside text: it is escaped here.
pub(crate) fn note(msg: &str) {
    crate::note!("{}", crate::escape::line(msg));
}

/// Progress for reads that take several pages: a bar on a terminal, nothing otherwise.
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// A bar when `show` (stderr is a terminal), reading `what`.
    pub(crate) fn new(show: bool, what: &'static str) -> Progress {
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::hidden();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message(format!("reading {what}"));
            bar
        });
        Progress { bar }
    }

    /// The callback the paginated reads call after each page. The bar shows itself only
    /// once a second page is needed.
    pub(crate) fn on_page(&self) -> impl FnMut(u64, Option<u64>) + '_ {
        move |done, total| {
            if let Some(bar) = &self.bar {
                if let Some(t) = total {
                    bar.set_length(t);
                    if done < t && bar.is_hidden() {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                }
                bar.set_position(done);
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The width to lay stdout out to: its terminal's, else `COLUMNS`, else 100.
pub(crate) fn width() -> usize {
    width_of(console::Term::stdout())
}

/// Stdout's terminal width right now, when stdout is a terminal (else None: then `COLUMNS`
/// or 100 hold for the whole run). `listen` asks before each delivery, so a resized window
/// gets the next one laid out to its new width.
pub(crate) fn terminal_width() -> Option<usize> {
    match console::Term::stdout().size_checked() {
        Some((_, cols)) if cols > 0 => Some(usize::from(cols).clamp(20, 1000)),
        _ => None,
    }
}

/// The same for stderr, for the notes acwh lays out there.
pub(crate) fn width_err() -> usize {
    width_of(console::Term::stderr())
}

fn width_of(term: console::Term) -> usize {
    let from_env = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0)
    };
    let columns = match term.size_checked() {
        Some((_, cols)) if cols > 0 => usize::from(cols),
        _ => from_env().unwrap_or(100),
    };
    columns.clamp(20, 1000)
}

/// acwh's own words (not outside text) wrapped at spaces to at most `width` columns, the
/// cursor being at column `at`; lines after the first start with `indent` spaces. A word
/// longer than a line (a URL) stays whole.
pub(crate) fn wrap_words(text: &str, width: usize, at: usize, indent: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut col = at;
    for (i, word) in text.split(' ').enumerate() {
        let w = word.chars().count();
        if i > 0 && col > indent && col + 1 + w > width {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            col = indent;
        } else if i > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let t = table(
            &["ID", "NAME"],
            &[
                vec!["1".into(), "a".into()],
                vec!["100".into(), "bb".into()],
            ],
            &Palette::PLAIN,
        );
        assert_eq!(t, "ID   NAME\n1    a\n100  bb\n");
    }

    #[test]
    fn plain_palette_never_colours() {
        let p = Palette::PLAIN;
        assert_eq!(p.error("error"), "error");
        assert_eq!(p.status(500), "500");
    }

    #[test]
    fn explicit_choices_win() {
        assert!(Palette::decide(ColorChoice::Always, false).enabled);
        assert!(!Palette::decide(ColorChoice::Never, true).enabled);
    }

    #[test]
    fn own_words_wrap_at_spaces_under_their_indent() {
        let text = "send a sample with: acwh trigger subscribe --to http://127.0.0.1:8080/";
        assert_eq!(
            wrap_words(text, 40, 8, 8),
            "send a sample with: acwh trigger\n        subscribe --to\n        http://127.0.0.1:8080/"
        );
        assert_eq!(wrap_words(text, 200, 8, 8), text);
    }
}
