//! A sandbox served on 127.0.0.1 from its own thread and tokio runtime, so that plain
//! synchronous tests can start one, point a client at it and drop it. Owns that thread and
//! its shutdown; nothing else.

use std::net::SocketAddr;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use super::{Options, Sandbox};
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
