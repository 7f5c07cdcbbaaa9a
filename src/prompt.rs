//! Thin dialoguer wrappers. They draw on stderr and are only called when
//! `Context::interactive` holds; every prompted value also has a flag, and callers without a
//! terminal get a usage error naming that flag instead (see `missing`).
//!
//! Leaving a prompt never leaves the terminal broken: Esc (or q) at a select, multi-select or
//! y/N prompt cancels the command (exit 130, nothing sent), and Ctrl-C, which console turns
//! into a SIGINT to the process, is caught while prompts are in use so the hidden cursor is
//! shown again before acwh exits 130. A text prompt cannot be left with Esc: dialoguer
//! 0.12's `Input` ignores the key and has no `interact_opt`; Ctrl-C leaves it.

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, MultiSelect, Password, Select};

use crate::context::Context;
use crate::error::{UsageError, usage};

/// The usage error for a value that is missing and cannot be asked for.
pub(crate) fn missing(flag: &str, example: &str) -> anyhow::Error {
    usage(format!(
        "missing {flag} (no terminal for prompting, or --no-input): pass it, e.g. {example}"
    ))
}

fn theme(ctx: &Context) -> Box<dyn Theme> {
    restore_on_interrupt();
    if ctx.palette_err.enabled {
        Box::new(ColorfulTheme::default())
    } else {
        Box::new(SimpleTheme)
    }
}

/// From the first prompt on, Ctrl-C shows the cursor again and exits 130 instead of killing
/// acwh where it stands: dialoguer hides the cursor while a select or y/N prompt is open, and
/// console answers Ctrl-C in raw mode by raising SIGINT, whose default action would leave the
/// cursor hidden in the user's shell. Installed once; the handler is in place before the
/// prompt draws.
fn restore_on_interrupt() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            use tokio::signal::unix::{SignalKind, signal};
            // The runtime lives on its own thread, so a prompt may be called from anywhere,
            // even inside another runtime; the prompt waits until the handler is in place.
            let (ready, installed) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                let interrupted = rt.block_on(async {
                    let Ok(mut sigint) = signal(SignalKind::interrupt()) else {
                        return false;
                    };
                    let _ = ready.send(());
                    sigint.recv().await.is_some()
                });
                if interrupted && claim_interruption() {
                    let _ = console::Term::stderr().write_line("acwh: error: interrupted");
                    std::process::exit(130);
                }
            });
            let _ = installed.recv_timeout(std::time::Duration::from_secs(2));
        });
    }
}

/// Ctrl-C is reported once, by whichever sees it first: this handler, or the prompt that read
/// it (console raises SIGINT and also fails the read). The first shows the cursor and ends
/// the prompt's line, so the message starts on its own; the other stays out of the way.
fn claim_interruption() -> bool {
    static CLAIMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if CLAIMED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return false;
    }
    let term = console::Term::stderr();
    let _ = term.show_cursor();
    let _ = term.write_line("");
    true
}

/// Esc at a prompt: the command stops, nothing was sent, and it exits 130 like Ctrl-C.
fn cancelled() -> anyhow::Error {
    let _ = console::Term::stderr().show_cursor();
    anyhow::Error::new(std::io::Error::new(
        std::io::ErrorKind::Interrupted,
        "cancelled at the prompt (Esc): nothing was sent",
    ))
}

/// Maps dialoguer's failures: Ctrl-C at a prompt is an interruption (exit 130), anything
/// else an I/O failure.
fn io(e: dialoguer::Error) -> anyhow::Error {
    let dialoguer::Error::IO(e) = e;
    if e.kind() == std::io::ErrorKind::Interrupted {
        if !claim_interruption() {
            // The signal handler is reporting it and ending acwh (exit 130).
            loop {
                std::thread::park();
            }
        }
        // One word: console's own "read interrupted" would say it twice.
        return std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted").into();
    }
    anyhow::Error::new(e).context("could not read from the terminal")
}

/// A line of text, checked by `check` as it is entered (an error re-asks).
pub(crate) fn text(
    ctx: &Context,
    prompt: &str,
    default: Option<&str>,
    check: fn(&str) -> Result<String, String>,
) -> anyhow::Result<String> {
    let theme = theme(ctx);
    // A default may come from AC's answer (`update` pre-fills). Accepted, it is kept as it
    // is; shown, it is escaped: one that needs escaping is shown in the prompt instead.
    let shown = default.map(crate::escape::line);
    let prompt = match &shown {
        Some(std::borrow::Cow::Owned(safe)) => format!("{prompt} [{safe}]"),
        _ => prompt.to_string(),
    };
    let mut input = Input::<String>::with_theme(theme.as_ref())
        .with_prompt(prompt)
        .validate_with(move |s: &String| check(s).map(drop));
    if let Some(d) = default {
        input = input
            .default(d.to_string())
            .show_default(matches!(shown, Some(std::borrow::Cow::Borrowed(_))));
    }
    let raw = input.interact_text().map_err(io)?;
    check(&raw).map_err(|e| UsageError(e).into())
}

/// A secret: not echoed.
pub(crate) fn secret(ctx: &Context, prompt: &str) -> anyhow::Result<String> {
    let theme = theme(ctx);
    Password::with_theme(theme.as_ref())
        .with_prompt(prompt)
        .interact()
        .map_err(io)
}

/// Several of `items`, at least one; `checked` are ticked to start with.
pub(crate) fn several(
    ctx: &Context,
    prompt: &str,
    items: &[String],
    checked: &[bool],
) -> anyhow::Result<Vec<usize>> {
    let theme = theme(ctx);
    let items = safe_items(items);
    loop {
        let chosen = MultiSelect::with_theme(theme.as_ref())
            .with_prompt(format!("{prompt} (space to tick, enter to go on)"))
            .items(&items)
            .defaults(checked)
            .max_length(16)
            .interact_opt()
            .map_err(io)?
            .ok_or_else(cancelled)?;
        if !chosen.is_empty() {
            return Ok(chosen);
        }
        crate::note!("  choose at least one (space ticks the highlighted line)");
    }
}

/// One of `items`.
pub(crate) fn one(
    ctx: &Context,
    prompt: &str,
    items: &[String],
    default: usize,
) -> anyhow::Result<usize> {
    let theme = theme(ctx);
    Select::with_theme(theme.as_ref())
        .with_prompt(prompt)
        .items(safe_items(items))
        .default(default)
        .max_length(16)
        .interact_opt()
        .map_err(io)?
        .ok_or_else(cancelled)
}

/// Choices as shown: they may hold AC's names (lists, events), so each is escaped.
fn safe_items(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|i| crate::escape::line(i).into_owned())
        .collect()
}

/// Yes or no.
pub(crate) fn confirm(ctx: &Context, prompt: &str, default: bool) -> anyhow::Result<bool> {
    let theme = theme(ctx);
    Confirm::with_theme(theme.as_ref())
        .with_prompt(prompt)
        .default(default)
        .interact_opt()
        .map_err(|e| match io(e) {
            e if crate::report::interruption(&e).is_some() => e,
            e => e.context("no confirmation"),
        })?
        .ok_or_else(cancelled)
}
