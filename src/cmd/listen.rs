//! `acwh listen`: bind, announce the address, serve with the catcher, and print each request
//! on one dedicated printer thread that owns stdout, the save file and the notes on stderr,
//! so output never interleaves, each request is flushed before its sender gets an answer,
//! and a stalled terminal or pipe holds up printing but never the runtime that answers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::capture;
use crate::cli::ListenArgs;
use crate::context::Context;
use crate::error::{Exit, usage};
use crate::escape;
use crate::httpd::{self, Limits};
use crate::listen::saved::{self, SaveFile};
use crate::listen::server::{Catcher, Caught, Inbox, Options, Outbox, Refusal, Route};
use crate::listen::{Capture, render, tally::Tally};
use crate::output::{Out, Palette};

/// A `--secret` shorter than this is warned about: easy to guess.
const SECRET_MIN_CHARS: usize = 16;

/// How long, once serving has stopped, the printer may take to finish what it holds (it may
/// be stuck on a stalled stdout).
const PRINTER_GRACE: Duration = Duration::from_millis(500);

/// How the printer shows requests.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Human { headers: bool },
    Json,
    Raw,
}

/// Why the listener stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Running,
    Signal,
    Count,
    Timeout,
    OutputClosed,
    SaveFailed,
}

pub fn run(args: ListenArgs, ctx: &Context) -> anyhow::Result<()> {
    let ip = super::bind_ip(&args.host)?;
    check_secret(args.secret.as_deref())?;
    httpd::raise_fd_limit();
    let perr = ctx.palette_err;
    let mode = if args.json {
        Mode::Json
    } else if args.raw {
        Mode::Raw
    } else {
        Mode::Human {
            headers: args.headers,
        }
    };
    let forward = args
        .forward_to
        .iter()
        .map(|f| parse_route(f))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Opened now, so an unwritable file fails at start-up rather than at the first delivery.
    // Its warnings wait until the address is announced: that line comes first.
    let save_warnings = std::cell::RefCell::new(Vec::new());
    let (save, first_seq) = match &args.save {
        Some(path) => {
            let warn = |m: &str| save_warnings.borrow_mut().push(m.to_string());
            let (file, last) = SaveFile::open(path, args.fsync, &warn)?;
            (Some(file), last)
        }
        None => (None, 0),
    };
    let opts = Options {
        max_body: args.max_body,
        status: args.status,
        forward,
        secret: args.secret.clone(),
        body_timeout: Duration::from_secs(30),
        // Only the human or raw view reads the decoded body, and nothing is saved.
        preview: !matches!(mode, Mode::Json) && args.save.is_none(),
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            ip, args.port,
        )))
        .with_context(|| format!("could not listen on {}", SocketAddr::new(ip, args.port)))?;
    let addr = listener
        .local_addr()
        .context("could not read the bound address")?;
    let mut signals = runtime.block_on(async { super::signals::Signals::install() })?;
    if save.is_some() {
        runtime.block_on(async { saved::survive_file_size_limit() })?;
    }
    announce(addr, &perr);
    for w in save_warnings.into_inner() {
        super::warn(&perr, &w);
    }
    warn_short_secret(args.secret.as_deref(), &perr);
    if args.raw && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // The one output that is not escaped, by design: say so where it matters.
        super::warn(
            &perr,
            "--raw writes each body byte for byte, unescaped: a sender's escape sequences reach this terminal as they are; redirect it to a file or a pipe, or use the default view",
        );
    }
    if args.status == Some(410) {
        super::warn(
            &perr,
            "answering 410: AC deactivates a webhook that gets a 410, and it stays inactive until recreated",
        );
    }

    let (stop_tx, mut stop_rx) = watch::channel(Stop::Running);
    let tally = Arc::new(Mutex::new(
        Tally::new(args.events.clone()).starting_after(first_seq),
    ));
    let (outbox, inbox) = Outbox::new(lock(&tally).refused.clone());
    let printer = Printer {
        sink: Sink {
            mode,
            palette: ctx.palette_out,
            perr,
            save,
            out: Out::default(),
        },
        tally: tally.clone(),
        count: args.count,
        done: false,
        stop: stop_tx.clone(),
    };
    let printer_done = printer.spawn(inbox)?;
    let catcher = Arc::new(Catcher::new(opts, outbox)?);
    let timeout = args.timeout;
    let stop = runtime.block_on(async move {
        let shutdown = async {
            let waited = async {
                match timeout {
                    Some(t) => tokio::time::sleep(t).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = signals.recv() => { let _ = stop_tx.send(Stop::Signal); }
                () = waited => { let _ = stop_tx.send(Stop::Timeout); }
                _ = stop_rx.wait_for(|s| *s != Stop::Running) => {}
            }
        };
        httpd::serve(listener, catcher, Limits::default(), shutdown).await;
        *stop_rx.borrow()
    });
    // Dropping the runtime ends every connection task, and with them the printer's inbox;
    // what was printed is in the tally. A printer stuck on a stalled stdout is left behind.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let _ = printer_done.recv_timeout(PRINTER_GRACE);
    let tally = std::mem::take(&mut *lock(&tally));
    if stop != Stop::OutputClosed {
        crate::note!("{} {}", perr.bold("acwh listen:"), tally.summary());
    }
    if stop == Stop::SaveFailed {
        return Err(anyhow::anyhow!(
            "stopped: the --save file could not be written"
        ));
    }
    if stop == Stop::Timeout {
        let wanted = args.count.unwrap_or(1);
        if tally.printed < wanted {
            let secs = args.timeout.map_or(0, |t| t.as_secs_f64().round() as u64);
            return Err(Exit {
                code: 1,
                message: format!(
                    "timed out after {secs}s with {} of {wanted} requests printed",
                    tally.printed
                ),
            }
            .into());
        }
    }
    Ok(())
}

/// An empty `--secret` would let every request with an empty `?token=` through.
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
        super::warn(
            p,
            &format!(
                "--secret is {n} characters, easy to guess: use {SECRET_MIN_CHARS} or more, e.g. --secret \"$(openssl rand -hex 16)\""
            ),
        );
    }
}

/// The tally, even if a thread panicked while holding it (its counts are still good).
fn lock(tally: &Mutex<Tally>) -> MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(|p| p.into_inner())
}

fn announce(addr: SocketAddr, p: &Palette) {
    crate::note!("Listening on http://{addr}");
    let url = format!("http://{addr}/");
    crate::note!(
        "  {} AC delivers only to public https on port 443: expose this catcher through a tunnel that forwards https to {url}",
        p.dim("hint:")
    );
    crate::note!(
        "  {} send a sample with: acwh trigger subscribe --to {url}",
        p.dim("hint:")
    );
    if !addr.ip().is_loopback() {
        crate::note!(
            "acwh: {}: listening on {} is reachable from other machines; use --secret so only requests with ?token=... are shown",
            p.warn("warning"),
            addr.ip()
        );
    }
}

/// `--forward-to [PREFIX=]URL`: a prefix is recognised by its leading `/`, since a URL's
/// query may hold `=` too.
fn parse_route(s: &str) -> anyhow::Result<Route> {
    let (prefix, url) = match s.split_once('=') {
        Some((p, u)) if p.starts_with('/') => (p.to_string(), u),
        _ => (String::new(), s),
    };
    let url = url::Url::parse(url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| {
            usage(format!(
                "--forward-to '{s}': give an http(s) URL, optionally after a path prefix, e.g. http://localhost:3000/hooks or /ac/contacts=http://localhost:3000/contacts"
            ))
        })?;
    Ok(Route { prefix, url })
}

/// Where and how requests are shown.
struct Sink {
    mode: Mode,
    palette: Palette,
    perr: Palette,
    save: Option<SaveFile>,
    out: Out,
}

/// The printer: the only code that writes stdout, the save file and (while serving) stderr,
/// on a thread of its own fed by the catcher's [`Outbox`]. It holds the tally's lock only
/// to count, never while writing, so the closing summary can always be read.
struct Printer {
    sink: Sink,
    tally: Arc<Mutex<Tally>>,
    count: Option<u64>,
    done: bool,
    stop: watch::Sender<Stop>,
}

impl Printer {
    /// Starts the printer thread. The receiver hears once the inbox is closed and drained.
    fn spawn(mut self, mut inbox: Inbox) -> anyhow::Result<std::sync::mpsc::Receiver<()>> {
        let (done_tx, done) = std::sync::mpsc::channel();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .context("could not start the printer")?;
        std::thread::Builder::new()
            .name("acwh-printer".into())
            .spawn(move || {
                rt.block_on(async {
                    loop {
                        tokio::select! {
                            biased;
                            Some(r) = inbox.refused.recv() => self.refusal(r),
                            Some(c) = inbox.caught.recv() => self.caught(c),
                            else => break,
                        }
                    }
                });
                let _ = done_tx.send(());
            })
            .context("could not start the printer thread")?;
        Ok(done)
    }

    fn tally(&self) -> MutexGuard<'_, Tally> {
        lock(&self.tally)
    }

    /// Shows a caught request and tells its handler whether it was kept.
    fn caught(&mut self, c: Caught) {
        let kept = self.show(&c.capture, c.hash, &c.answer);
        // The handler is gone when its client hung up; the request is shown all the same.
        let _ = c.kept.send(kept);
    }

    /// True once the request is printed (and, with `--save`, its line is in the file), so
    /// the sender may be answered.
    fn show(&mut self, capture: &Capture, hash: Option<u64>, answer: &capture::Answer) -> bool {
        let perr = self.sink.perr;
        if self.done {
            // Past --count or a closed stdout: the sender hears nobody kept it.
            return false;
        }
        let (seen, print) = self.tally().see_hashed(capture, hash);
        if let Some(file) = &mut self.sink.save {
            // The whole line is in the file (one write, checked) before the answer goes; a
            // line that does not fit stops the listener with 503.
            let line = render::json_line(capture, seen, Some(answer)) + "\n";
            if let Err(e) = file.append(line.as_bytes()) {
                crate::note!(
                    "acwh: {}: could not append to the --save file: {e}; stopping",
                    perr.error("error")
                );
                self.done = true;
                let _ = self.stop.send(Stop::SaveFailed);
                return false;
            }
        }
        if let Some(f) = &answer.forward
            && f.status.is_none()
        {
            crate::note!(
                "{} {} {}: {}; answered 502",
                perr.warn("forward failed"),
                escape::line(&capture.method),
                escape::line(&f.url),
                escape::line(f.error.as_deref().unwrap_or("no answer"))
            );
        }
        if print {
            let sink = &mut self.sink;
            let written = match sink.mode {
                Mode::Human { headers } => sink.out.write(&render::human(
                    capture,
                    seen,
                    headers,
                    answer.forward.as_ref(),
                    &sink.palette,
                )),
                Mode::Json => sink.out.line(&render::json_line(capture, seen, None)),
                Mode::Raw => sink.out.bytes(&capture.raw),
            };
            if written.is_err() {
                self.done = true;
                let _ = self.stop.send(Stop::OutputClosed);
                return false;
            }
        }
        let printed = {
            let mut tally = self.tally();
            tally.printed += u64::from(print);
            tally.printed
        };
        if self.count.is_some_and(|n| printed >= n) {
            self.done = true;
            let _ = self.stop.send(Stop::Count);
        }
        true
    }

    /// The note on stderr for a refused request (already counted and answered).
    fn refusal(&self, refusal: Refusal) {
        let perr = self.sink.perr;
        let (label, method, path, remote, why) = match refusal {
            Refusal::Rejected {
                method,
                path,
                remote,
            } => (
                "rejected",
                method,
                path,
                remote,
                "401, the query lacks the --secret token".to_string(),
            ),
            Refusal::TooLarge {
                method,
                path,
                remote,
                declared,
            } => {
                let size = declared.map_or("a body".to_string(), |n| format!("{n} bytes"));
                let why = format!("413, {size} is over --max-body");
                ("refused", method, path, remote, why)
            }
            Refusal::BadBody {
                method,
                path,
                remote,
                status,
                reason,
            } => {
                let why = format!("{status}, {}", escape::line(&reason));
                ("failed", method, path, remote, why)
            }
        };
        crate::note!(
            "{} {} {} from {remote}: {why}",
            perr.warn(label),
            escape::line(&method),
            escape::line(&path)
        );
    }
}
