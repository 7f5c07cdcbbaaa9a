//! `acwh listen`: flags into the catcher's settings, the address announced, the catcher run
//! (`crate::listen`), and how the run ended reported.

use std::net::SocketAddr;
use std::time::Duration;

use crate::cli::ListenArgs;
use crate::context::Context;
use crate::error::usage;
use crate::httpd::Server;
use crate::listen::saved::{self, SaveFile};
use crate::listen::{self, Mode, Policy, Route, Settings, Stop};
use crate::output::{Palette, warn};

/// A `--secret` shorter than this is warned about: easy to guess.
const SECRET_MIN_CHARS: usize = 16;

pub(crate) fn run(args: ListenArgs, ctx: &Context) -> anyhow::Result<()> {
    crate::httpd::bind_ip(&args.host)?;
    check_secret(args.secret.as_deref())?;
    let perr = ctx.palette_err;
    let mode = match (args.json, args.raw) {
        (true, _) => Mode::Json,
        (false, true) => Mode::Raw,
        (false, false) => Mode::Human {
            headers: args.headers,
        },
    };
    let forward = args
        .forward_to
        .iter()
        .map(|f| Route::parse(f).map_err(usage));
    let forward = forward.collect::<anyhow::Result<Vec<_>>>()?;
    let server = Server::bind(&args.host, args.port, "")?;
    // Opened now, so an unwritable file fails at start-up rather than at the first delivery.
    // Its warnings wait until the address is announced: that line comes first.
    let save_warnings = std::cell::RefCell::new(Vec::new());
    let warn_later = |m: &str| save_warnings.borrow_mut().push(m.to_string());
    let save = match &args.save {
        Some(path) => Some(SaveFile::open(path, args.fsync, &warn_later)?),
        None => None,
    };
    if save.is_some() {
        server.block_on(async { saved::survive_file_size_limit() })?;
    }
    announce(server.addr(), &perr);
    for w in save_warnings.into_inner() {
        warn(&perr, &w);
    }
    warn_short_secret(args.secret.as_deref(), &perr);
    if args.raw && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // The one output that is not escaped, by design: say so where it matters.
        warn(
            &perr,
            "--raw writes each body byte for byte, unescaped: a sender's escape sequences reach this terminal as they are; redirect it to a file or a pipe, or use the default view",
        );
    }
    if args.status == Some(410) {
        warn(
            &perr,
            "answering 410: AC deactivates a webhook that gets a 410, and it stays inactive until recreated",
        );
    }
    let outcome = listen::run(
        server,
        Settings {
            policy: Policy {
                max_body: args.max_body,
                status: args.status,
                forward,
                secret: args.secret,
                body_timeout: Duration::from_secs(30),
            },
            mode,
            save,
            only: args.events,
            count: args.count,
            timeout: args.timeout,
            palette: ctx.palette_out,
            perr,
        },
    )?;
    let (tally, wanted) = (outcome.tally, args.count.unwrap_or(1));
    if outcome.stop != Stop::OutputClosed {
        crate::note!("{} {}", perr.bold("acwh listen:"), tally.summary());
    }
    if let Some(why) = outcome.save_error {
        return Err(anyhow::anyhow!(why).context("could not append to the --save file; stopped"));
    }
    if outcome.stop == Stop::Timeout && tally.printed < wanted {
        let secs = args.timeout.map_or(0, |t| t.as_secs_f64().round() as u64);
        return Err(anyhow::anyhow!(
            "timed out after {secs}s with {} of {wanted} requests printed",
            tally.printed
        ));
    }
    Ok(())
}

/// An empty `--secret` would let through every request with an empty `?token=`.
fn check_secret(secret: Option<&str>) -> anyhow::Result<()> {
    if secret.is_some_and(str::is_empty) {
        return Err(usage(
            "--secret is empty, which would let through any request with an empty ?token=: give a long random token, e.g. --secret \"$(openssl rand -hex 16)\"",
        ));
    }
    Ok(())
}

/// Warns, after the address line, about a `--secret` short enough to guess.
fn warn_short_secret(secret: Option<&str>, p: &Palette) {
    let n = secret.map_or(0, |s| s.chars().count());
    if (1..SECRET_MIN_CHARS).contains(&n) {
        let msg = format!(
            "--secret is {n} characters, easy to guess: use {SECRET_MIN_CHARS} or more, e.g. --secret \"$(openssl rand -hex 16)\""
        );
        warn(p, &msg);
    }
}

fn announce(addr: SocketAddr, p: &Palette) {
    crate::note!("Listening on http://{addr}");
    let url = format!("http://{addr}/");
    let hint = p.dim("hint:");
    crate::note!(
        "  {hint} AC delivers only to public https on port 443: expose this catcher through a tunnel that forwards https to {url}"
    );
    crate::note!("  {hint} send a sample with: acwh trigger subscribe --to {url}");
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
