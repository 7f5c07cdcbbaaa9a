//! The catcher behind `acwh listen`. One request's life, top-down:
//!
//! 1. **accept**: [`crate::httpd`] accepts the connection and reads the head, under its
//!    limits; [`server::Catcher`] refuses a request without the `--secret` token (401) or
//!    with a path `--forward-to` must not pass on (400) before reading its body;
//! 2. **read** the body under `--max-body` and a deadline (413, 408 otherwise);
//! 3. **decode** it ([`body`]): form, JSON, multipart, text or bytes, off the runtime's
//!    workers when it is large; and pass it on with `--forward-to` ([`forward`]);
//! 4. **tally** it ([`tally`]): its number in the run, and whether it repeats an earlier body;
//! 5. **save** its line ([`saved`]) and 6. **print** it ([`render`]), both in the one
//!    [`printer`]: a thread of its own, so a stalled terminal or pipe never holds up the
//!    runtime, or, when stdout is a file or `/dev/null`, a task beside the handlers;
//! 7. **answer** the sender, only once the printer says the request is printed and saved.
//!
//! Refusals are answered at once and only noted, so they never wait on the terminal.
//! [`run`] wires these together; `cmd::listen` turns flags into [`Settings`] and reports.

pub(crate) mod body;
pub(crate) mod expose;
mod forward;
pub(crate) mod names;
pub(crate) mod notices;
mod printer;
mod register;
pub(crate) mod render;
pub(crate) mod saved;
mod server;
pub(crate) mod tally;
mod tunnel;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Local};
use serde_json::{Value, json};

pub(crate) use body::Body;
pub(crate) use forward::Route;
pub(crate) use printer::{Mode, Stop};

use crate::httpd::{Ended, Limits, Server};
use crate::output::Palette;
use saved::SaveFile;
use tally::Tally;

/// One request as it arrived, with its body already understood. Owned and free of hyper
/// types, so everything after the server is plain synchronous code.
#[derive(Debug, Clone)]
pub(crate) struct Capture {
    pub(crate) received_at: DateTime<Local>,
    pub(crate) method: String,
    /// The path without the query, as sent.
    pub(crate) path: String,
    /// The raw query string, without `?` (empty when there is none).
    pub(crate) query: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) remote: SocketAddr,
    pub(crate) content_type: Option<String>,
    pub(crate) raw: Bytes,
    pub(crate) body: Body,
}

impl Capture {
    /// The query's decoded pairs.
    pub(crate) fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The request target as sent: path, then `?query` when there is one.
    pub(crate) fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The request target as shown: path, then the query decoded (outside text, unescaped).
    pub(crate) fn shown_target(&self) -> String {
        let mut target = self.path.clone();
        for (i, (k, v)) in self.query_pairs().iter().enumerate() {
            target.push(if i == 0 { '?' } else { '&' });
            target.push_str(k);
            if !v.is_empty() {
                target.push('=');
                target.push_str(v);
            }
        }
        target
    }

    /// AC's event name: the `type` field of a form or JSON body.
    pub(crate) fn event(&self) -> Option<&str> {
        self.body.field("type")
    }

    /// What the delivery is, for counting and `--event`: its `type`, or `automation` for an
    /// automation step's body (no `type`, a `seriesid`:
    /// docs/activecampaign.md#the-automation-webhook-action).
    pub(crate) fn kind(&self) -> Option<&str> {
        self.event().or_else(|| {
            self.body
                .field("seriesid")
                .map(|_| crate::samples::AUTOMATION)
        })
    }

    /// Who sent it: the peer, or, for a request a tunnel relayed from this machine, the
    /// original client its `Cf-Connecting-Ip` or `X-Forwarded-For` names (outside text).
    pub(crate) fn client(&self) -> String {
        if !self.remote.ip().is_loopback() {
            return self.remote.to_string();
        }
        let header = |name: &str| {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let original = header("cf-connecting-ip")
            .or_else(|| header("x-forwarded-for").and_then(|v| v.split(',').next()))
            .map(str::trim)
            .filter(|v| !v.is_empty());
        match original {
            Some(ip) => format!("{ip} (via {})", self.remote),
            None => self.remote.to_string(),
        }
    }

    /// The request to pass on, byte for byte.
    pub(crate) fn request(&self) -> crate::relay::Request<'_> {
        crate::relay::Request {
            method: &self.method,
            headers: &self.headers,
            body: self.raw.clone(),
        }
    }
}

/// What the printer adds to a capture: its place in the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seen {
    /// 1 for the first request printed or counted in this run.
    pub(crate) seq: u64,
    /// The seq of an earlier request with the same body (AC delivers at least once).
    pub(crate) duplicate_of: Option<u64>,
}

/// What the app said to a forwarded request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Forwarded {
    pub(crate) url: String,
    /// The app's status, or None when it could not be reached.
    pub(crate) status: Option<u16>,
    pub(crate) error: Option<String>,
    pub(crate) ms: f64,
    /// The start of the app's answer, for the human view.
    pub(crate) body_head: String,
}

/// Where this machine reaches a server bound to `addr`: 127.0.0.1 for the unspecified
/// address, else `addr` itself.
pub(crate) fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        ip if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], addr.port())),
        _ => addr,
    }
}

/// How a caught request was answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) forward: Option<Forwarded>,
    /// How long acwh took to decide the answer, from the request's head (ms).
    pub(crate) ms: f64,
    /// `--forward-to` was given but no prefix matched the path: answered, not forwarded.
    pub(crate) unrouted: bool,
}

/// A duration in ms, to the microsecond: what `--save` keeps, so a view of the saved line
/// (`captures --seq`) shows the same time as the live one did.
pub(crate) fn micros(elapsed: std::time::Duration) -> f64 {
    (elapsed.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

impl Answer {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "status": self.status,
            "ms": self.ms,
            "unrouted": self.unrouted,
            "forward": self.forward.as_ref().map(|f| json!({
                "url": f.url,
                "status": f.status,
                "error": f.error,
                "ms": f.ms,
            })),
        })
    }
}

/// How the catcher answers.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    /// The largest body read; larger gets 413.
    pub(crate) max_body: usize,
    /// The status every accepted request gets; None = 200, or the app's with `forward`.
    pub(crate) status: Option<u16>,
    /// Where to pass requests on, by path prefix (longest wins; "" matches all).
    pub(crate) forward: Vec<Route>,
    /// When set, a request whose query lacks `token=SECRET` gets 401.
    pub(crate) secret: Option<String>,
    /// The whole body must arrive within this time; else 408.
    pub(crate) body_timeout: Duration,
}

/// What the handlers render of their own delivery, side by side, so the printer (one
/// thread, the run's bottleneck under load) adds only what depends on the delivery's place
/// in the run: for the human view, the header line and the answer ([`render::compose`]);
/// for `--json`, the seq and `duplicate_of` ([`render::placed`]). The printer keeps `width`
/// up to date on a terminal that is resized.
#[derive(Clone)]
pub(crate) struct Prerender {
    pub(crate) mode: Mode,
    pub(crate) palette: Palette,
    pub(crate) names: Option<names::Shared>,
    /// `--json` carries the field titles too.
    pub(crate) json_names: bool,
    pub(crate) width: Arc<std::sync::atomic::AtomicUsize>,
    /// A body seen before is shown as a duplicate, without its lines (unless `-v`): those
    /// are not rendered.
    tally: Arc<Mutex<Tally>>,
}

/// What a handler rendered of its delivery.
#[derive(Debug)]
pub(crate) enum Prerendered {
    Human(render::Prerendered),
    /// The `--json` line, at seq 0 and with no `duplicate_of`.
    Json(String),
}

impl Prerender {
    /// The delivery's parts, or None when there is nothing to render ahead (the printer
    /// renders whatever it was not given): a duplicate's lines are not shown in the human
    /// view (unless `-v`).
    fn render(&self, cap: &Capture, hash: Option<u64>, answer: &Answer) -> Option<Prerendered> {
        let names = self.names.as_ref().and_then(|n| n.get());
        match self.mode {
            Mode::Human(view) => {
                let seen = hash.is_some_and(|h| crate::sync::lock(&self.tally).knows(h));
                if seen && !view.verbose {
                    return None;
                }
                let mut view = view;
                view.width = self.width.load(std::sync::atomic::Ordering::Relaxed);
                let pre = render::prerender(cap, &view, &self.palette, names, true);
                Some(Prerendered::Human(pre))
            }
            Mode::Json => {
                let names = names.filter(|_| self.json_names);
                let unplaced = Seen {
                    seq: 0,
                    duplicate_of: None,
                };
                let line = render::json_line_named(cap, unplaced, answer, names);
                Some(Prerendered::Json(line))
            }
            Mode::Compact(_) | Mode::Raw { .. } => None,
        }
    }
}

/// Takes each kept delivery once it is printed, saved and answered: on the printer's thread,
/// so it must hand the delivery on without waiting.
pub(crate) type AfterAnswer = Box<dyn FnMut(Box<Capture>, Seen, Answer) + Send>;

/// How the catcher runs: what `cmd::listen` made of the flags.
pub(crate) struct Settings {
    pub(crate) policy: Policy,
    /// How requests are shown.
    pub(crate) mode: Mode,
    /// Where kept requests are appended, and the seq the last run ended on.
    pub(crate) save: Option<(SaveFile, u64)>,
    /// Only these events are printed (all when empty).
    pub(crate) only: Vec<String>,
    /// Stop after this many printed requests.
    pub(crate) count: Option<u64>,
    /// Stop after this long.
    pub(crate) timeout: Option<Duration>,
    pub(crate) palette: Palette,
    pub(crate) perr: Palette,
    /// The account's custom field titles, to show next to the keys.
    pub(crate) field_names: Option<names::Shared>,
    /// `--field-names` was asked for: `--json` carries the titles too.
    pub(crate) json_field_names: bool,
    /// Where each kept delivery goes once it is answered (`--ui`'s inspector).
    pub(crate) after_answer: Option<AfterAnswer>,
    /// Resolves, with the reason, if the tunnel the catcher is exposed through dies.
    pub(crate) watchdog:
        Option<std::pin::Pin<Box<dyn std::future::Future<Output = String> + Send>>>,
}

/// How a run ended.
pub(crate) struct RunOutcome {
    pub(crate) stop: Stop,
    pub(crate) tally: Tally,
    /// Why the `--save` file could not be written, when that stopped the run.
    pub(crate) save_error: Option<String>,
    /// Why the tunnel was declared dead, when that stopped the run.
    pub(crate) tunnel_died: Option<String>,
}

impl RunOutcome {
    /// The error for a run a dead tunnel ended, after the tunnel's last lines (each already
    /// escaped, the token redacted) are shown.
    pub(crate) fn tunnel_error(&self) -> Option<anyhow::Error> {
        let why = self.tunnel_died.as_ref()?;
        let mut lines = why.lines();
        let head = lines.next().unwrap_or_default().to_string();
        for line in lines {
            crate::note!("  {line}");
        }
        Some(anyhow::anyhow!(head))
    }
}

/// Catches requests on `server` until a signal, `--count`, `--timeout`, a closed stdout or a
/// failed save ends the run.
pub(crate) fn run(server: Server, s: Settings) -> anyhow::Result<RunOutcome> {
    let (save, first_seq) = match s.save {
        Some((file, last)) => (Some(file), last),
        None => (None, 0),
    };
    // Only the human or raw view reads the decoded body, and nothing is saved.
    // The inspector shows whole values too.
    // What the run reads of each body: all of it for `--json`, `--save` and the inspector.
    let need = match s.mode {
        _ if save.is_some() || s.after_answer.is_some() => body::Need::Whole,
        Mode::Human(v) | Mode::Compact(v) if !v.full => body::Need::Shown,
        Mode::Raw { .. } => body::Need::Pairs,
        Mode::Human(_) | Mode::Compact(_) | Mode::Json => body::Need::Whole,
    };
    let tally = Arc::new(Mutex::new(Tally::new(s.only).starting_after(first_seq)));
    let (outbox, inbox) = server::Outbox::new(crate::sync::lock(&tally).refused.clone());
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(Stop::Running);
    let last_stop = stop_tx.subscribe();
    let save_error = Arc::new(Mutex::new(None));
    let width = match s.mode {
        Mode::Human(view) | Mode::Compact(view) => view.width,
        Mode::Json | Mode::Raw { .. } => 0,
    };
    let prerender = matches!(s.mode, Mode::Human(_) | Mode::Json).then(|| Prerender {
        mode: s.mode,
        palette: s.palette,
        names: s.field_names.clone(),
        json_names: s.json_field_names,
        width: Arc::new(std::sync::atomic::AtomicUsize::new(width)),
        tally: tally.clone(),
    });
    let fsyncs = save.as_ref().is_some_and(SaveFile::fsyncs);
    let printer = printer::Printer::new(
        printer::Sink::new(s.mode, s.palette, s.perr, save)
            .shared_width(prerender.as_ref().map(|r| r.width.clone()))
            .with_names(s.field_names, s.json_field_names)
            .after_answer(s.after_answer),
        tally.clone(),
        s.count,
        stop_tx.clone(),
        save_error.clone(),
    );
    let printer_done = printer.spawn(inbox, printer::Place::choose(server.handle(), fsyncs))?;
    let catcher = server::Catcher::new(s.policy, need, prerender, outbox)?;
    let timeout = s.timeout;
    let died = Arc::new(Mutex::new(None));
    let (watchdog, died_in) = (s.watchdog, died.clone());
    let stop = async move {
        let tunnel = async {
            match watchdog {
                Some(w) => w.await,
                None => std::future::pending().await,
            }
        };
        let waited = async {
            match timeout {
                Some(t) => tokio::time::sleep(t).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = waited => { let _ = stop_tx.send(Stop::Timeout); }
            why = tunnel => {
                *crate::sync::lock(&died_in) = Some(why);
                let _ = stop_tx.send(Stop::TunnelDied);
            }
            _ = stop_rx.wait_for(|s| *s != Stop::Running) => {}
        }
    };
    let ended = server.serve(Arc::new(catcher), Limits::default(), stop, |_| async {});
    // Dropping the runtime ended every connection task, and with them the printer's inbox;
    // what was printed is in the tally. A printer stuck on a stalled stdout is left behind.
    let _ = printer_done.recv_timeout(printer::GRACE);
    let stop = match ended {
        Ended::Signal => Stop::Signal,
        Ended::Stopped => *last_stop.borrow(),
    };
    let tally = std::mem::take(&mut *crate::sync::lock(&tally));
    let save_error = crate::sync::lock(&save_error).take();
    let tunnel_died = crate::sync::lock(&died).take();
    Ok(RunOutcome {
        stop,
        tally,
        save_error,
        tunnel_died,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(remote: &str, headers: &[(&str, &str)]) -> Capture {
        Capture {
            received_at: Local::now(),
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            remote: remote.parse().unwrap(),
            content_type: None,
            raw: Bytes::new(),
            body: Body::Empty,
        }
    }

    #[test]
    fn a_tunnelled_request_shows_its_original_client() {
        let via = |h: &[(&str, &str)]| capture("127.0.0.1:5000", h).client();
        assert_eq!(via(&[]), "127.0.0.1:5000");
        assert_eq!(
            via(&[("Cf-Connecting-Ip", "203.0.113.7")]),
            "203.0.113.7 (via 127.0.0.1:5000)"
        );
        assert_eq!(
            via(&[("x-forwarded-for", " 198.51.100.2, 10.0.0.1")]),
            "198.51.100.2 (via 127.0.0.1:5000)"
        );
        // A peer that is not this machine cannot claim another address.
        let direct = capture("192.0.2.9:41000", &[("X-Forwarded-For", "203.0.113.7")]);
        assert_eq!(direct.client(), "192.0.2.9:41000");
    }
}
