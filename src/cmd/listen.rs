//! `acwh listen`: bind, announce the address, serve with the catcher, and print each request
//! under one lock that owns stdout and the save file, so output never interleaves and each
//! request is flushed before its sender gets an answer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::cli::ListenArgs;
use crate::context::Context;
use crate::error::{Exit, usage};
use crate::httpd::{self, Limits};
use crate::listen::saved::{self, SaveFile};
use crate::listen::server::{Catcher, Event, Options, Report, Route};
use crate::listen::{render, tally::Tally};
use crate::output::{Out, Palette};

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
    let (save, first_seq) = match &args.save {
        Some(path) => {
            let (file, last) = SaveFile::open(path, args.fsync, &|m| super::warn(&perr, m))?;
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
    if args.status == Some(410) {
        super::warn(
            &perr,
            "answering 410: AC deactivates a webhook that gets a 410, and it stays inactive until recreated",
        );
    }

    let (stop_tx, mut stop_rx) = watch::channel(Stop::Running);
    let printer = Arc::new(Printer {
        state: Mutex::new(PrinterState {
            sink: Sink {
                mode,
                palette: ctx.palette_out,
                perr,
                save,
                out: Out::default(),
            },
            tally: Tally::new(args.events.clone()).starting_after(first_seq),
            count: args.count,
            done: false,
        }),
        stop: stop_tx.clone(),
    });
    let catcher = Arc::new(Catcher::new(opts, printer.clone())?);
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
    // Dropping the runtime ends every connection task; what they printed is in the tally.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let tally = printer.take_tally();
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

/// The printer's state: one lock around the tally and the outputs, so seqs, the save file
/// and stdout agree on one order.
struct PrinterState {
    sink: Sink,
    tally: Tally,
    count: Option<u64>,
    done: bool,
}

/// Shows each request on the connection's own worker thread, under the lock, before the
/// sender is answered: no hand-off to another thread per request.
struct Printer {
    state: Mutex<PrinterState>,
    stop: watch::Sender<Stop>,
}

impl Printer {
    fn take_tally(&self) -> Tally {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut state.tally)
    }
}

impl Report for Printer {
    fn report(&self, event: Event) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.handle(event, &self.stop)
    }
}

impl PrinterState {
    /// Shows one event; for a caught request, true once it is printed (and, with `--save`,
    /// its line is in the file), so the sender may be answered.
    fn handle(&mut self, event: Event, stop: &watch::Sender<Stop>) -> bool {
        let perr = self.sink.perr;
        match event {
            Event::Caught { capture, answer } => {
                if self.done {
                    // Past --count or a closed stdout: the sender hears nobody kept it.
                    return false;
                }
                let (seen, print) = self.tally.see(&capture);
                if let Some(file) = &mut self.sink.save {
                    // The whole line is in the file (one write, checked) before the answer
                    // goes; a line that does not fit stops the listener with 503.
                    let line = render::json_line(&capture, seen, Some(&answer)) + "\n";
                    if let Err(e) = file.append(line.as_bytes()) {
                        crate::note!(
                            "acwh: {}: could not append to the --save file: {e}; stopping",
                            perr.error("error")
                        );
                        self.done = true;
                        let _ = stop.send(Stop::SaveFailed);
                        return false;
                    }
                }
                if let Some(f) = &answer.forward
                    && f.status.is_none()
                {
                    crate::note!(
                        "{} {} {}: {}; answered 502",
                        perr.warn("forward failed"),
                        capture.method,
                        f.url,
                        f.error.as_deref().unwrap_or("no answer")
                    );
                }
                if print {
                    let sink = &mut self.sink;
                    let written = match sink.mode {
                        Mode::Human { headers } => sink.out.write(&render::human(
                            &capture,
                            seen,
                            headers,
                            answer.forward.as_ref(),
                            &sink.palette,
                        )),
                        Mode::Json => sink.out.line(&render::json_line(&capture, seen, None)),
                        Mode::Raw => sink.out.bytes(&capture.raw),
                    };
                    if written.is_err() {
                        self.done = true;
                        let _ = stop.send(Stop::OutputClosed);
                        return false;
                    }
                    self.tally.printed += 1;
                }
                if self.count.is_some_and(|n| self.tally.printed >= n) {
                    self.done = true;
                    let _ = stop.send(Stop::Count);
                }
                true
            }
            Event::Rejected {
                method,
                path,
                remote,
            } => {
                self.tally.rejected += 1;
                crate::note!(
                    "{} {method} {path} from {remote}: 401, the query lacks the --secret token",
                    perr.warn("rejected")
                );
                true
            }
            Event::TooLarge {
                method,
                path,
                remote,
                declared,
            } => {
                self.tally.too_large += 1;
                let size = declared.map_or("a body".to_string(), |n| format!("{n} bytes"));
                crate::note!(
                    "{} {method} {path} from {remote}: 413, {size} is over --max-body",
                    perr.warn("refused")
                );
                true
            }
            Event::BadBody {
                method,
                path,
                remote,
                status,
                reason,
            } => {
                self.tally.bad += 1;
                crate::note!(
                    "{} {method} {path} from {remote}: {status}, {reason}",
                    perr.warn("failed")
                );
                true
            }
        }
    }
}
