//! `acwh listen`: bind, announce the address, serve with the catcher, and print each request
//! on one printer thread that owns stdout, so output never interleaves and each request is
//! flushed before its sender gets an answer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::capture;
use crate::cli::ListenArgs;
use crate::context::Context;
use crate::error::{Exit, usage};
use crate::httpd::{self, Limits};
use crate::listen::server::{Catcher, Event, Options, Route};
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
    let first_seq = args
        .save
        .as_deref()
        .and_then(capture::last_seq)
        .unwrap_or(0);
    // Opened now, so an unwritable file fails at start-up rather than at the first delivery.
    let save = args
        .save
        .as_ref()
        .map(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| {
                    format!("could not open {} for appending (--save)", path.display())
                })
        })
        .transpose()?;
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
    announce(addr, &perr);
    if args.status == Some(410) {
        super::warn(
            &perr,
            "answering 410: AC deactivates a webhook that gets a 410, and it stays inactive until recreated",
        );
    }

    let (tx, rx) = std::sync::mpsc::channel();
    let (stop_tx, mut stop_rx) = watch::channel(Stop::Running);
    let printer = {
        let palette = ctx.palette_out;
        let only = args.events.clone();
        let count = args.count;
        let stop_tx = stop_tx.clone();
        std::thread::Builder::new()
            .name("printer".into())
            .spawn(move || {
                let sink = Sink {
                    mode,
                    palette,
                    perr,
                    save,
                };
                print_loop(
                    rx,
                    sink,
                    Tally::new(only).starting_after(first_seq),
                    count,
                    stop_tx,
                )
            })
            .context("could not start the printer thread")?
    };
    let catcher = Arc::new(Catcher::new(opts, tx)?);
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
    // Dropping the runtime drops every connection task and with them the last senders, so
    // the printer sees the channel close and returns its tally.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let tally = printer
        .join()
        .map_err(|_| anyhow::anyhow!("the printer thread failed"))?;
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

/// Where the printer writes.
struct Sink {
    mode: Mode,
    palette: Palette,
    perr: Palette,
    save: Option<std::fs::File>,
}

/// Prints every caught request in arrival order and acknowledges it once flushed (and, with
/// `--save`, once its line is in the file). Returns the tally when the channel closes.
fn print_loop(
    rx: Receiver<Event>,
    mut sink: Sink,
    mut tally: Tally,
    count: Option<u64>,
    stop: watch::Sender<Stop>,
) -> Tally {
    use std::io::Write as _;
    let mut out = Out::default();
    let mut done = false;
    let (mode, palette, perr) = (sink.mode, sink.palette, sink.perr);
    for event in rx {
        match event {
            Event::Caught {
                capture,
                answer,
                ack,
            } => {
                if done {
                    // Past --count or a closed stdout: drop the ack so the sender hears
                    // that nobody printed this one.
                    continue;
                }
                let (seen, print) = tally.see(&capture);
                if let Some(file) = &mut sink.save {
                    // One write of one whole line on an append-mode file: a kill can never
                    // leave half a line, and the line is with the OS before the answer goes.
                    let line =
                        capture::saved_line(render::json(&capture, seen), &capture.raw, &answer);
                    if let Err(e) = file.write_all(line.as_bytes()).and_then(|()| file.flush()) {
                        crate::note!(
                            "acwh: {}: could not append to the --save file: {e}; stopping",
                            perr.error("error")
                        );
                        done = true;
                        let _ = stop.send(Stop::SaveFailed);
                        continue;
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
                    let written = match mode {
                        Mode::Human { headers } => out.write(&render::human(
                            &capture,
                            seen,
                            headers,
                            answer.forward.as_ref(),
                            &palette,
                        )),
                        Mode::Json => {
                            let line = render::json(&capture, seen).to_string();
                            out.line(&line)
                        }
                        Mode::Raw => out.bytes(&capture.raw),
                    };
                    if written.is_err() {
                        done = true;
                        let _ = stop.send(Stop::OutputClosed);
                        continue;
                    }
                    tally.printed += 1;
                }
                let _ = ack.send(());
                if count.is_some_and(|n| tally.printed >= n) {
                    done = true;
                    let _ = stop.send(Stop::Count);
                }
            }
            Event::Rejected {
                method,
                path,
                remote,
            } => {
                tally.rejected += 1;
                crate::note!(
                    "{} {method} {path} from {remote}: 401, the query lacks the --secret token",
                    perr.warn("rejected")
                );
            }
            Event::TooLarge {
                method,
                path,
                remote,
                declared,
            } => {
                tally.too_large += 1;
                let size = declared.map_or("a body".to_string(), |n| format!("{n} bytes"));
                crate::note!(
                    "{} {method} {path} from {remote}: 413, {size} is over --max-body",
                    perr.warn("refused")
                );
            }
            Event::BadBody {
                method,
                path,
                remote,
                status,
                reason,
            } => {
                tally.bad += 1;
                crate::note!(
                    "{} {method} {path} from {remote}: {status}, {reason}",
                    perr.warn("failed")
                );
            }
        }
    }
    tally
}
