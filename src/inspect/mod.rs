//! The inspector behind `acwh listen --ui`: a live page of the deliveries, with a small JSON
//! API, on a loopback address of its own, never the catching port a tunnel exposes.
//!
//! - [`Feed`] is what the printer holds: once a delivery is printed, saved and answered, the
//!   printer hands it over without waiting; the rest (summaries, JSON, search) happens on the
//!   inspector's own thread, off the catcher's answer path.
//! - [`store`] keeps the newest `--ui-keep` deliveries, so memory stays flat.
//! - [`server`] accepts connections and refuses what a tunnel, another machine or another
//!   website could send (Host, forwarding headers, Origin, Content-Type); [`api`] answers.
//! - [`search`] and [`har`] are pure: the page's search and the HAR export.
//!
//! The page (`page.html`) is one self-contained file embedded in the binary; it shows every
//! value from a delivery as text, never as markup.

mod api;
pub(crate) mod har;
mod reply;
pub(crate) mod search;
mod server;
pub(crate) mod store;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::{mpsc, watch};

use crate::error::usage;
use crate::listen::names::Shared as Names;
use crate::listen::{Answer, Capture, Route, Seen};
use store::{Entry, Store};

/// How many deliveries, and how many bytes of them ([`store::weight`]), may wait for the
/// inspector's thread before new ones are left out of the page (never out of the terminal
/// or the save file); the page says how many it missed.
const BACKLOG: usize = 4096;
const BACKLOG_BYTES: usize = 64 * 1024 * 1024;

/// What `listen` tells the inspector at start.
pub(crate) struct Config {
    /// `--ui-addr`.
    pub(crate) addr: String,
    /// `--ui-keep`.
    pub(crate) keep: usize,
    /// The catcher's own URL, for the page's header and HAR URLs.
    pub(crate) listening: String,
    /// `--forward-to`, where a replay goes when the page names no URL.
    pub(crate) forward: Vec<Route>,
    /// What the `--save` file already holds, oldest first.
    pub(crate) preload: Vec<(Capture, Seen, Option<Answer>)>,
}

/// What every request handler reads.
pub(crate) struct Shared {
    store: Mutex<Store>,
    /// The newest seq kept; the stream wakes on each change.
    latest: watch::Sender<u64>,
    listening: String,
    forward: Vec<Route>,
    /// The account's field titles, once `listen` has them.
    names: OnceLock<Names>,
    keep: usize,
    /// Deliveries the page missed because the inspector's thread fell behind.
    dropped: Arc<AtomicU64>,
    heartbeat: Duration,
}

/// The printer's end: hands a delivery to the inspector without ever waiting.
#[derive(Clone)]
pub(crate) struct Feed {
    tx: mpsc::Sender<(Box<Capture>, Seen, Answer)>,
    dropped: Arc<AtomicU64>,
    shared: Arc<Shared>,
    /// What waits in `tx`, by [`store::weight`].
    queued: Arc<AtomicUsize>,
}

impl Feed {
    /// With the field titles `listen` fetches, for the page's tree.
    pub(crate) fn with_names(self, names: Option<Names>) -> Feed {
        if let Some(names) = names {
            let _ = self.shared.names.set(names);
        }
        self
    }

    /// The printer's hook (see [`crate::listen::AfterAnswer`]).
    pub(crate) fn hook(self) -> crate::listen::AfterAnswer {
        Box::new(move |capture, seen, answer| self.send(capture, seen, answer))
    }

    pub(crate) fn send(&self, capture: Box<Capture>, seen: Seen, answer: Answer) {
        let weight = store::weight(&capture);
        let queued = self.queued.fetch_add(weight, Ordering::Relaxed);
        if queued + weight > BACKLOG_BYTES || self.tx.try_send((capture, seen, answer)).is_err() {
            self.queued.fetch_sub(weight, Ordering::Relaxed);
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// `--ui-addr`: a loopback address and a port. Anything else is a usage error: the inspector
/// can send requests (replay), so it must not be reachable from another machine.
pub(crate) fn parse_addr(addr: &str) -> anyhow::Result<SocketAddr> {
    let bad = || {
        usage(format!(
            "--ui-addr '{}': give a loopback address and a port, e.g. 127.0.0.1:4080, \
             [::1]:4080, or 127.0.0.1:0 for any free port (the inspector can replay \
             deliveries, so it is never served to other machines)",
            crate::escape::line(addr)
        ))
    };
    let (host, port) = addr.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let ip = match host {
        "localhost" => std::net::IpAddr::from([127, 0, 0, 1]),
        h => h.trim_matches(['[', ']']).parse().map_err(|_| bad())?,
    };
    if !ip.is_loopback() {
        return Err(bad());
    }
    Ok(SocketAddr::new(ip, port))
}

/// Binds `--ui-addr` and starts the inspector on a thread of its own. Returns the printer's
/// feed and the address bound (the real port for port 0).
pub(crate) fn start(config: Config) -> anyhow::Result<(Feed, SocketAddr)> {
    let addr = parse_addr(&config.addr)?;
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                "the port is in use: pick another with --ui-addr, or --ui-addr 127.0.0.1:0 for any free one"
            }
            _ => "pick another address with --ui-addr",
        };
        anyhow::anyhow!("could not serve the inspector on {addr} ({e}): {hint}")
    })?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let mut store = Store::new(config.keep);
    for (capture, seen, answer) in config.preload {
        store.push(Entry::new(capture, seen, answer));
    }
    let (latest, _) = watch::channel(store.last_seq());
    let dropped = Arc::new(AtomicU64::new(0));
    let heartbeat = std::env::var("ACWH_UI_HEARTBEAT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(15), Duration::from_millis);
    let shared = Arc::new(Shared {
        store: Mutex::new(store),
        latest,
        listening: config.listening,
        forward: config.forward,
        names: OnceLock::new(),
        keep: config.keep,
        dropped: dropped.clone(),
        heartbeat,
    });
    let (tx, rx) = mpsc::channel(BACKLOG);
    let queued = Arc::new(AtomicUsize::new(0));
    let feed = Feed {
        tx,
        dropped,
        shared: shared.clone(),
        queued: queued.clone(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the inspector")?;
    std::thread::Builder::new()
        .name("acwh-inspector".into())
        .spawn(move || {
            rt.block_on(async move {
                tokio::spawn(ingest(shared.clone(), rx, queued));
                server::serve(listener, shared).await;
            });
        })
        .context("could not start the inspector's thread")?;
    Ok((feed, bound))
}

/// What `listen`'s flags ask of the inspector.
pub(crate) struct Ask {
    on: bool,
    addr: String,
    keep: u64,
    save: Option<std::path::PathBuf>,
}

impl Ask {
    pub(crate) fn of(args: &crate::cli::ListenArgs) -> Ask {
        Ask {
            on: args.ui,
            addr: args.ui_addr.clone(),
            keep: args.ui_keep,
            save: args.save.clone(),
        }
    }
}

/// `listen --ui`: the inspector started for a catcher on `catcher`, with what the `--save`
/// file holds (its newest `--ui-keep`); warnings about the file go through `warn`.
pub(crate) fn for_listen(
    ask: &Ask,
    catcher: SocketAddr,
    forward: &[Route],
    warn: &dyn Fn(&str),
) -> anyhow::Result<Option<(Feed, SocketAddr)>> {
    if !ask.on {
        return Ok(None);
    }
    let keep = usize::try_from(ask.keep).unwrap_or(usize::MAX);
    let mut preload = Vec::new();
    if let Some(path) = ask.save.as_deref().filter(|p| p.exists()) {
        let saved = crate::listen::saved::load(path, warn)?;
        let skip = saved.len().saturating_sub(keep);
        preload = saved.iter().skip(skip).map(|s| s.shown()).collect();
    }
    let config = Config {
        addr: ask.addr.clone(),
        keep,
        listening: format!("http://{}", crate::listen::reachable(catcher)),
        forward: forward.to_vec(),
        preload,
    };
    start(config).map(Some)
}

/// Takes what the printer hands over into the store, and wakes the streams.
async fn ingest(
    shared: Arc<Shared>,
    mut rx: mpsc::Receiver<(Box<Capture>, Seen, Answer)>,
    queued: Arc<AtomicUsize>,
) {
    while let Some((capture, seen, answer)) = rx.recv().await {
        queued.fetch_sub(store::weight(&capture), Ordering::Relaxed);
        let entry = Entry::new(*capture, seen, Some(answer));
        let last = {
            let mut store = crate::sync::lock(&shared.store);
            store.push(entry);
            store.last_seq()
        };
        shared.latest.send_replace(last);
    }
}

/// A delivery as the catcher would hold it, for the inspector's tests: `ct` and `body` as
/// sent to `target`, from 127.0.0.1:5555 to 127.0.0.1:8080, at a fixed time.
#[cfg(test)]
pub(crate) fn test_capture(ct: Option<&str>, body: &[u8], target: &str) -> Capture {
    let raw = bytes::Bytes::copy_from_slice(body);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = vec![("Host".to_string(), "127.0.0.1:8080".to_string())];
    if let Some(ct) = ct {
        headers.push(("Content-Type".into(), ct.into()));
    }
    Capture {
        received_at: chrono::DateTime::parse_from_rfc3339("2026-12-03T13:00:00.123456+00:00")
            .unwrap_or_default()
            .with_timezone(&chrono::Local),
        method: "POST".into(),
        path: path.into(),
        query: query.into(),
        headers,
        remote: std::net::SocketAddr::from(([127, 0, 0, 1], 5555)),
        content_type: ct.map(str::to_string),
        body: crate::listen::body::decode_now(ct, &raw).unwrap_or(crate::listen::Body::Empty),
        raw,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_addr;

    #[test]
    fn only_loopback_addresses_are_served() {
        for ok in ["127.0.0.1:4080", "localhost:0", "[::1]:4080", "127.0.0.2:9"] {
            assert!(parse_addr(ok).is_ok(), "{ok}");
        }
        for bad in [
            "0.0.0.0:4080",
            "192.168.1.2:4080",
            "[::]:1",
            "4080",
            "x:1",
            "127.0.0.1:x",
        ] {
            assert!(parse_addr(bad).is_err(), "{bad}");
        }
    }
}
