//! The sandbox's test hooks, in one place: [`Handle`], a sandbox served on 127.0.0.1 from
//! its own thread and tokio runtime, so that plain synchronous tests and benches can start
//! one, point a client at it and drop it; and the levers no AC client has (faults, the
//! request log, seeding, a hook made inactive, the rate limit, a failed save). `acwh sandbox`
//! itself uses none of them.

use std::net::SocketAddr;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use serde_json::Value;

use super::fault::Fault;
use super::state::{self, Hook, lock};
use super::{Logged, Options, Sandbox};
use crate::httpd::{self, Limits};

/// How long `drop` waits for the server thread: the drain (1 s) plus slack. A thread still
/// busy after that is left to finish on its own rather than hang the test.
const JOIN_WAIT: Duration = Duration::from_secs(3);

/// A running sandbox; dropping it stops the server.
pub struct Handle {
    addr: SocketAddr,
    sandbox: Arc<Sandbox>,
    shutdown: Option<oneshot::Sender<()>>,
    stopped: mpsc::Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl Handle {
    /// Starts a sandbox with `opts` on `127.0.0.1` and a free port.
    pub fn start(opts: Options) -> std::io::Result<Handle> {
        let sandbox = Sandbox::new(opts).map_err(|e| std::io::Error::other(format!("{e:#}")))?;
        let sandbox = Arc::new(sandbox);

        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };

        let (shutdown, signal) = oneshot::channel::<()>();
        let (done, stopped) = mpsc::channel();
        let handler = Arc::clone(&sandbox);
        let limits = Limits {
            drain: Duration::from_secs(1),
            ..Limits::default()
        };
        let thread = std::thread::Builder::new()
            .name(format!("sandbox-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(httpd::serve(listener, handler, limits, async {
                    // A dropped sender also means stop.
                    let _ = signal.await;
                }));
                // Drops connections still open after the drain.
                drop(runtime);
                let _ = done.send(());
            })?;

        Ok(Handle {
            addr,
            sandbox,
            shutdown: Some(shutdown),
            stopped,
            thread: Some(thread),
        })
    }

    /// The base URL, `http://127.0.0.1:PORT`, without `/api/3` (as `ACWH_API_URL` takes it).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The served sandbox, for `inject`, `requests` and the other test hooks.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if self.stopped.recv_timeout(JOIN_WAIT).is_ok()
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }
}

impl Sandbox {
    /// Queues a fault rule, after those already queued.
    pub fn inject(&self, fault: Fault) {
        lock(&self.faults).push(fault);
    }

    /// Every request seen (the last 10,000), in arrival order.
    pub fn requests(&self) -> Vec<Logged> {
        self.log.all()
    }

    /// The current webhooks in AC's shape, by id.
    pub fn webhooks(&self) -> Vec<Value> {
        self.store
            .read(|s| s.webhooks.iter().map(Hook::to_json).collect())
    }

    /// Adds `n` valid webhooks, "Hook {id}" to `https://example.com/hooks/{id}`, in one save.
    pub fn seed_webhooks(&self, n: usize) {
        let cdate = state::now();
        // A failed save is kept for `save_error`; the seed is then not applied.
        let _ = self.store.update(|s| {
            for _ in 0..n {
                let id = s.next_id;
                s.insert(Hook {
                    id,
                    name: format!("Hook {id}"),
                    url: format!("https://example.com/hooks/{id}"),
                    events: vec!["subscribe".into()],
                    sources: vec!["public".into()],
                    listid: 0,
                    cdate: cdate.clone(),
                    active: true,
                });
            }
            Ok::<_, ()>(())
        });
    }

    /// Marks webhook `id` active or not (AC deactivates a hook whose receiver answers 410).
    /// Not shown by the API, as AC shows no such field. An unknown id is ignored.
    #[cfg(test)]
    pub(crate) fn set_active(&self, id: u64, active: bool) {
        self.store.set_active(id, active);
    }

    /// Whether webhook `id` is active; `None` for an unknown id.
    #[cfg(test)]
    pub(crate) fn is_active(&self, id: u64) -> Option<bool> {
        self.store.read(|s| s.hook(id).map(|h| h.active))
    }

    /// Changes the rate limit, starting a fresh window.
    pub fn set_rate_limit(&self, rps: Option<u32>) {
        lock(&self.rate).set(rps);
    }

    /// Why the state file could not be written last time, if it could not; a failed write
    /// during a request also answers 500.
    #[cfg(test)]
    pub(crate) fn save_error(&self) -> Option<String> {
        self.store.save_error()
    }
}
