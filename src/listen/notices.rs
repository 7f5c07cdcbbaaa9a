//! What `listen` says as it starts: the address first (tests and scripts read that line),
//! then hints, then warnings about flags that work but may surprise.

use std::net::SocketAddr;

use super::Stop;
use super::tally::Tally;
use crate::error::usage;
use crate::output::{Palette, warn, width_err, wrap_words};

/// A `--secret` shorter than this is warned about: easy to guess.
const SECRET_MIN_CHARS: usize = 16;

/// An empty `--secret` would let through every request with an empty `?token=`.
pub(crate) fn check_secret(secret: Option<&str>) -> anyhow::Result<()> {
    if secret.is_some_and(str::is_empty) {
        return Err(usage(
            "--secret is empty, which would let through any request with an empty ?token=: give a long random token, e.g. --secret \"$(openssl rand -hex 16)\"",
        ));
    }
    Ok(())
}

/// `Listening on http://HOST:PORT`, then the hints (not when a tunnel or public URL is in
/// use: then the next lines say where AC reaches the catcher).
/// `(addr, ui)`: the catcher's address, and the inspector's with `--ui`.
pub(crate) fn announce(
    (addr, ui): (SocketAddr, Option<SocketAddr>),
    exposed: bool,
    secret: bool,
    p: &Palette,
) {
    crate::note!("Listening on http://{addr}");
    if let Some(ui) = ui {
        crate::note!("Inspector on http://{ui}");
    }
    let url = format!("http://{addr}/");
    let hint = p.dim("hint:");
    // Laid out to stderr's width: "  hint: " then the text, wrapped under itself.
    let fit = |text: &str| wrap_words(text, width_err(), 8, 8);
    if !exposed {
        let tunnel = format!(
            "AC delivers only to public https on port 443: expose this catcher through a tunnel that forwards https to {url}"
        );
        crate::note!("  {hint} {}", fit(&tunnel));
        // A command is never broken across lines, so it pastes whole: when it does not fit
        // after the words, it goes on a line of its own.
        // With --secret, only a request carrying it gets in: the sample must carry it too
        // (its value is never printed: the placeholder says where it goes).
        let (command, words) = if secret {
            let to = crate::escape::shell_word(&format!("{url}?token=<your --secret>"));
            let command = format!("{} trigger subscribe --to {to}", program());
            (
                command,
                "send a sample (put your --secret in its ?token=) with:",
            )
        } else {
            let command = format!("{} trigger subscribe --to {url}", program());
            (command, "send a sample with:")
        };
        if 8 + words.len() + 1 + command.chars().count() <= width_err() {
            crate::note!("  {hint} {words} {command}");
        } else {
            crate::note!("  {hint} {words}\n        {command}");
        }
    }
    if !addr.ip().is_loopback() {
        let ip = addr.ip();
        warn(
            p,
            &format!(
                "listening on {ip} is reachable from other machines; use --secret so only requests with ?token=... are shown"
            ),
        );
    }
}

/// How to run this acwh from a shell: `acwh` when that name on PATH is this very program,
/// else its own path (after `cargo run`, `./target/release/acwh`), so a hint works as printed.
pub(crate) fn program() -> String {
    let Some(me) = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok())
    else {
        return "acwh".into();
    };
    let on_path = std::env::var_os("PATH").and_then(|dirs| {
        std::env::split_paths(&dirs)
            .map(|d| d.join("acwh"))
            .find(|p| p.is_file())
    });
    if on_path.and_then(|p| p.canonicalize().ok()).as_ref() == Some(&me) {
        return "acwh".into();
    }
    let cwd = std::env::current_dir().ok();
    let shown = match cwd.as_ref().and_then(|d| me.strip_prefix(d).ok()) {
        Some(rel) => format!("./{}", rel.display()),
        None => me.display().to_string(),
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+~".contains(c);
    if shown.chars().all(plain) {
        shown
    } else {
        crate::escape::shell_word(&shown)
    }
}

/// Warnings that follow the address line.
pub(crate) fn warnings(secret: Option<&str>, raw: bool, status: Option<u16>, p: &Palette) {
    let n = secret.map_or(0, |s| s.chars().count());
    if (1..SECRET_MIN_CHARS).contains(&n) {
        let msg = format!(
            "--secret is {n} characters, easy to guess: use {SECRET_MIN_CHARS} or more, e.g. {}",
            whole("--secret \"$(openssl rand -hex 16)\"")
        );
        fitted(p, &msg);
    }
    if raw && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // The one output that is not escaped, by design: say so where it matters.
        fitted(
            p,
            "--raw writes each body byte for byte, unescaped: a sender's escape sequences reach this terminal as they are; redirect it to a file or a pipe, or use the default view",
        );
    }
    if status == Some(410) {
        fitted(
            p,
            "answering 410: AC deactivates a webhook that gets a 410, and it stays inactive until recreated",
        );
    }
}

/// A command kept whole by [`fitted`]: its spaces do not break a line.
fn whole(command: &str) -> String {
    command.replace(' ', "\u{a0}")
}

/// A warning in acwh's own words laid out to stderr's width, lines after the first under
/// its text; a command marked [`whole`] stays on one line, so it pastes.
fn fitted(p: &Palette, msg: &str) {
    let head = "acwh: warning: ";
    let text = wrap_words(msg, width_err(), head.len(), 2).replace('\u{a0}', " ");
    crate::note!("acwh: {}: {text}", p.warn("warning"));
}

/// How the run ended, on stderr, in one line: the tally's summary, or, when stdout was
/// closed (`listen --json | head -1`), why listening stopped.
pub(crate) fn closing(stop: Stop, tally: &Tally, p: &Palette) {
    let head = p.bold("acwh listen:");
    if stop == Stop::OutputClosed {
        let n = tally.printed;
        let requests = if n == 1 { "request" } else { "requests" };
        crate::note!(
            "{head} stopped: stdout was closed (whatever read it, e.g. head, has exited) after {n} {requests} printed"
        );
    } else {
        // Laid out to stderr's width, continued under itself, like the start-up hints.
        let at = "acwh listen: ".len();
        let summary = wrap_words(&tally.summary(), width_err(), at, 2);
        crate::note!("{head} {summary}");
    }
}
