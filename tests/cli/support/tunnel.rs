//! [`FakeTunnels`]: the fake `cloudflared`, `ngrok` and `fake-tunnel` programs of
//! `tests/fakes/tunnel.py` (its docstring lists the `FAKE_*` variables that steer them),
//! installed in a folder of their own to put first on `PATH`; and what tests need to watch
//! them: their state file ([`read_state`], [`edge_addr`]), their pid ([`pid_alive`],
//! [`wait_gone`]) and plain GETs to their metrics or API server ([`get`], [`poll_get`]).
//! Everything stays on loopback; every wait is bounded polling.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::WAIT;

/// The fakes' one script; its name on disk picks the personality.
const SCRIPT: &str = include_str!("../../fakes/tunnel.py");

/// The names the script is installed under.
pub const FAKE_NAMES: [&str; 3] = ["cloudflared", "ngrok", "fake-tunnel"];

/// How often the polls here look again.
const POLL: Duration = Duration::from_millis(20);

/// A folder holding the three fakes, removed on drop.
pub struct FakeTunnels {
    dir: TempDir,
}

impl FakeTunnels {
    /// Writes the fakes, mode 0755, into a fresh folder.
    pub fn install() -> FakeTunnels {
        let dir = tempfile::tempdir().unwrap();
        // A child writes the files, not this process: a descriptor of ours open for writing
        // would be inherited by any child another test thread forks in the meantime, and
        // running the file would then fail with ETXTBSY ("Text file busy").
        let script = r#"cat > "$0/tunnel.py" || exit 1
            for n in "$@"; do cp "$0/tunnel.py" "$0/$n" && chmod 755 "$0/$n" || exit 1; done"#;
        let mut child = Command::new("sh")
            .args(["-c", script])
            .arg(dir.path())
            .args(FAKE_NAMES)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(SCRIPT.as_bytes())
            .unwrap();
        assert!(
            child.wait().unwrap().success(),
            "could not install the fakes"
        );
        FakeTunnels { dir }
    }

    /// The folder to put first on `PATH`.
    pub fn bin_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The path of one fake (`cloudflared`, `ngrok`, `fake-tunnel`), for `ACWH_CLOUDFLARED`,
    /// `ACWH_NGROK` or a direct run.
    pub fn bin(&self, name: &str) -> PathBuf {
        assert!(FAKE_NAMES.contains(&name), "no fake named {name}");
        self.dir.path().join(name)
    }

    /// `PATH` with [`Self::bin_dir`] first.
    pub fn path_env(&self) -> OsString {
        let rest = std::env::var_os("PATH").unwrap_or_default();
        let dirs =
            std::iter::once(self.bin_dir().to_path_buf()).chain(std::env::split_paths(&rest));
        std::env::join_paths(dirs).unwrap()
    }

    /// A path for `FAKE_STATE_FILE`, one per `name`.
    pub fn state(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("state-{name}.json"))
    }
}

/// The state a fake writes to `FAKE_STATE_FILE` once it listens (pid, edge_port, mode,
/// argv, origin, public_url, metrics_port or api_port), waiting at most `timeout`.
pub fn read_state(path: &Path, timeout: Duration) -> serde_json::Value {
    let deadline = Instant::now() + timeout;
    loop {
        // The fake renames a finished file into place: what exists parses.
        if let Ok(text) = std::fs::read_to_string(path)
            && let Ok(v) = serde_json::from_str(&text)
        {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "no state file {} in time",
            path.display()
        );
        std::thread::park_timeout(POLL);
    }
}

/// The loopback address of a fake's edge (its "public" side), from its state.
pub fn edge_addr(state: &serde_json::Value) -> SocketAddr {
    let port = state["edge_port"]
        .as_u64()
        .expect("no edge_port in the state");
    SocketAddr::from(([127, 0, 0, 1], u16::try_from(port).unwrap()))
}

/// Whether a process `pid` exists on this host and is not a zombie.
pub fn pid_alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `PID (COMM) STATE ...`; COMM may hold spaces and parentheses, so split at the last ')'.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    !matches!(state, None | Some('Z' | 'X'))
}

/// Waits at most `timeout` for process `pid` to be gone; whether it is.
pub fn wait_gone(pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while pid_alive(pid) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::park_timeout(POLL);
    }
    true
}

/// One `GET path` on a fresh connection: the status and body, or None when the connection
/// was refused or closed without an answer.
pub fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, WAIT).ok()?;
    s.set_read_timeout(Some(WAIT)).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8(answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

/// Polls `GET path` until it answers `status`, at most `timeout`; the body as JSON.
pub fn poll_get(addr: SocketAddr, path: &str, status: u16, timeout: Duration) -> serde_json::Value {
    let deadline = Instant::now() + timeout;
    loop {
        let got = get(addr, path);
        if let Some((s, body)) = &got
            && *s == status
        {
            return serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
        }
        assert!(
            Instant::now() < deadline,
            "GET {addr}{path} never answered {status}; last: {got:?}"
        );
        std::thread::park_timeout(POLL);
    }
}
