//! Starting a server the way both `listen` and `sandbox` do: the address checked, the fd
//! limit raised, a multi-thread runtime, the socket bound (port 0 picks a free one), and the
//! signal handlers installed *before* the caller announces the address, so a signal sent as
//! soon as the address is known is never missed. Then serving until a signal or the caller's
//! own stop. Prints nothing: announcing is the caller's.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;

use super::signals::Signals;
use super::{Handler, Limits};
use crate::error::{Hinted, usage};

/// How long connection tasks may take to end once serving has stopped.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(1);

/// The address to serve on: an IP, or `localhost`.
pub(crate) fn bind_ip(host: &str) -> anyhow::Result<IpAddr> {
    if host == "localhost" {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    host.trim_matches(['[', ']']).parse().map_err(|_| {
        usage(format!(
            "--host '{host}' is not an IP address: use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)"
        ))
    })
}

/// Why `addr` could not be bound, with the hint that fixes it: a port in use (and, where
/// cheaply known, who holds it) or a privileged port.
fn bind_error(e: std::io::Error, addr: SocketAddr, busy: &str) -> anyhow::Error {
    let port = addr.port();
    let any = "or --port 0 for any free one";
    let hint = match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            let who = holder(port).map_or("another program".to_string(), |(pid, name)| {
                format!("{name} (pid {pid})")
            });
            Some(format!(
                "{who} is listening on port {port}: stop it, or pick another port with --port, {any}"
            ))
        }
        std::io::ErrorKind::PermissionDenied if port < 1024 => Some(format!(
            "ports below 1024 need root or CAP_NET_BIND_SERVICE: use a port from 1024 up, e.g. --port 8080, {any}"
        )),
        _ => None,
    };
    // `busy` guesses who holds the port: said only when one does.
    let busy = if e.kind() == std::io::ErrorKind::AddrInUse {
        busy
    } else {
        ""
    };
    let message = format!("could not listen on {addr}{busy}");
    match hint {
        Some(hint) => Hinted {
            message,
            hint,
            source: Some(e.into()),
        }
        .into(),
        None => anyhow::Error::from(e).context(message),
    }
}

/// The process listening on TCP `port` (pid and name), when this user may see it: the socket's
/// inode from /proc/net/tcp{,6}, then the process holding that inode. Linux only; `None`
/// wherever anything is unreadable.
fn holder(port: u16) -> Option<(u32, String)> {
    let want = format!(":{port:04X}");
    let inode = ["/proc/net/tcp", "/proc/net/tcp6"].iter().find_map(|f| {
        let table = std::fs::read_to_string(f).ok()?;
        table.lines().skip(1).find_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address, state (0A = LISTEN), inode.
            (cols.len() > 9 && cols[1].ends_with(&want) && cols[3] == "0A")
                .then(|| cols[9].to_string())
        })
    })?;
    let socket = format!("socket:[{inode}]");
    let mut holders = Vec::new();
    for proc in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = proc
            .file_name()
            .to_str()
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(proc.path().join("fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|l| l.as_os_str() == socket.as_str())
        });
        if holds {
            let name = std::fs::read_to_string(proc.path().join("comm")).unwrap_or_default();
            // The parent's pid: the field after the name in /proc/PID/stat, which ends in ')'.
            let stat = std::fs::read_to_string(proc.path().join("stat")).unwrap_or_default();
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            holders.push((pid, name.trim().to_string(), ppid));
        }
    }
    owner(holders)
}

/// Of the processes holding one socket, the one that opened it: not a child that shares it
/// with its parent (a fork not yet turned into another program, or a pre-fork worker).
fn owner(holders: Vec<(u32, String, u32)>) -> Option<(u32, String)> {
    let pids: Vec<u32> = holders.iter().map(|(pid, _, _)| *pid).collect();
    let first = holders.iter().position(|(_, _, ppid)| !pids.contains(ppid));
    let (pid, name, _) = holders.into_iter().nth(first.unwrap_or(0))?;
    Some((pid, name))
}

#[cfg(test)]
mod owner_tests {
    use super::owner;

    /// A forked child that still shares the socket is not named: its parent is, whichever
    /// /proc lists first (as CI once saw, a test binary's fork named instead of the test).
    #[test]
    fn the_parent_is_named_not_a_child_sharing_its_socket() {
        let child = (413, "help::every_com".to_string(), 400);
        let parent = (400, "cli-test".to_string(), 1);
        assert_eq!(
            owner(vec![child.clone(), parent.clone()]),
            Some((400, "cli-test".to_string()))
        );
        assert_eq!(
            owner(vec![parent, child]),
            Some((400, "cli-test".to_string()))
        );
        assert_eq!(owner(vec![]), None);
    }
}

/// A bound server, not yet serving.
pub(crate) struct Server {
    runtime: tokio::runtime::Runtime,
    listener: TcpListener,
    signals: Signals,
    addr: SocketAddr,
    /// Set by Ctrl-C or SIGTERM at any time after binding, for start-up work that blocks
    /// (a tunnel waiting for its URL) to notice.
    interrupted: Arc<std::sync::atomic::AtomicBool>,
}

/// Why serving ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Ctrl-C or SIGTERM.
    Signal,
    /// The caller's `stop` future completed.
    Stopped,
}

impl Server {
    /// Binds `host:port`. `busy` is added to the error when the port is in use.
    pub(crate) fn bind(host: &str, port: u16, busy: &str) -> anyhow::Result<Server> {
        let ip = bind_ip(host)?;
        super::raise_fd_limit();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("could not start the async runtime")?;
        let wanted = SocketAddr::new(ip, port);
        let listener = runtime
            .block_on(TcpListener::bind(wanted))
            .map_err(|e| bind_error(e, wanted, busy))?;
        let addr = listener
            .local_addr()
            .context("could not read the bound address")?;
        let signals = runtime.block_on(async { Signals::install() })?;
        let interrupted = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut watch = runtime.block_on(async { Signals::install() })?;
        let flag = interrupted.clone();
        runtime.spawn(async move {
            watch.recv().await;
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Ok(Server {
            runtime,
            listener,
            signals,
            addr,
            interrupted,
        })
    }

    /// The bound address, with the real port.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether Ctrl-C or SIGTERM came since binding (serving will then stop at once).
    pub(crate) fn interrupted(&self) -> bool {
        self.interrupted.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The runtime's handle, to run tasks beside the handlers.
    pub(crate) fn handle(&self) -> tokio::runtime::Handle {
        self.runtime.handle().clone()
    }

    /// Runs set-up that needs the runtime (e.g. signal dispositions of its own).
    pub(crate) fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// Serves with `handler` until a signal or until `stop` completes, running `beside`
    /// alongside (it hears, through its receiver, when serving has ended). Then lets
    /// connection tasks end for a moment and drops the runtime.
    pub(crate) fn serve<H, B>(
        self,
        handler: Arc<H>,
        limits: Limits,
        stop: impl Future<Output = ()>,
        beside: impl FnOnce(tokio::sync::watch::Receiver<bool>) -> B,
    ) -> Ended
    where
        H: Handler,
        B: Future<Output = ()>,
    {
        let Server {
            runtime,
            listener,
            mut signals,
            ..
        } = self;
        let (ended_tx, ended_rx) = tokio::sync::watch::channel(false);
        let beside = beside(ended_rx);
        let ended = runtime.block_on(async move {
            let serving = async move {
                let mut ended = Ended::Stopped;
                let shutdown = async {
                    tokio::select! {
                        () = signals.recv() => ended = Ended::Signal,
                        () = stop => {}
                    }
                };
                super::serve(listener, handler, limits, shutdown).await;
                let _ = ended_tx.send(true);
                ended
            };
            let (ended, ()) = tokio::join!(serving, beside);
            ended
        });
        runtime.shutdown_timeout(SHUTDOWN_WAIT);
        ended
    }
}
