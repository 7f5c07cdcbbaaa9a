//! Test helpers: an isolated `acwh` command, a running `acwh listen` child, and a tiny
//! HTTP/1.1 client over loopback. Every wait is bounded; nothing sleeps to wait.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_acwh");

/// The longest any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// A key no output may ever contain.
pub const SECRET_KEY: &str = "sk-ACWH-TEST-9f8e7d6c5b4a-NEVER-PRINT";

/// `acwh` with a clean environment: no credentials, no colour, a private config folder.
pub fn acwh(config_dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(BIN);
    isolate(cmd.env_clear_like(), config_dir);
    cmd
}

/// The same isolation for a `std::process::Command`.
pub fn acwh_std(config_dir: &Path) -> StdCommand {
    let mut cmd = StdCommand::new(BIN);
    for k in ENV_REMOVED {
        cmd.env_remove(k);
    }
    cmd.env("ACWH_CONFIG_DIR", config_dir)
        .env("HOME", config_dir)
        .env("XDG_CONFIG_HOME", config_dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0");
    cmd
}

const ENV_REMOVED: [&str; 5] = [
    "ACWH_API_KEY",
    "ACWH_API_URL",
    "ACWH_PROFILE",
    "CLICOLOR_FORCE",
    "TERM",
];

trait EnvClearLike {
    fn env_clear_like(&mut self) -> &mut Self;
}

impl EnvClearLike for assert_cmd::Command {
    fn env_clear_like(&mut self) -> &mut Self {
        for k in ENV_REMOVED {
            self.env_remove(k);
        }
        self
    }
}

fn isolate(cmd: &mut assert_cmd::Command, dir: &Path) {
    cmd.env("ACWH_CONFIG_DIR", dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .timeout(Duration::from_secs(60));
}

/// A running `acwh listen`, killed on drop.
pub struct Listener {
    child: Child,
    pub addr: SocketAddr,
    out: Receiver<Vec<u8>>,
    err: Receiver<String>,
    _dir: tempfile::TempDir,
}

impl Listener {
    /// Starts `acwh listen --port 0` with `args` and waits for its address.
    pub fn start(args: &[&str]) -> Listener {
        let dir = tempfile::tempdir().unwrap();
        let mut child = acwh_std(dir.path())
            .args(["listen", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = lines(child.stdout.take().unwrap());
        let (etx, err) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if etx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = err.recv_timeout(WAIT).expect("listen printed no address");
        let addr = first
            .strip_prefix("Listening on http://")
            .unwrap_or_else(|| panic!("first stderr line was {first:?}"))
            .parse()
            .unwrap();
        Listener {
            child,
            addr,
            out,
            err,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn child_id(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The next stdout line, waiting at most `WAIT`.
    pub fn line(&self) -> String {
        let bytes = self.out.recv_timeout(WAIT).expect("no stdout line in time");
        String::from_utf8(bytes).unwrap()
    }

    /// Raw stdout bytes as they arrive, until `n` bytes are in.
    pub fn raw_bytes(&self, n: usize) -> Vec<u8> {
        let mut got = Vec::new();
        let deadline = Instant::now() + WAIT;
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            got.extend(
                self.out
                    .recv_timeout(left)
                    .expect("not enough bytes in time"),
            );
            got.push(b'\n');
        }
        got
    }

    /// Stdout lines up to and including the first empty one: one human rendering.
    pub fn block(&self) -> String {
        let mut text = String::new();
        loop {
            let l = self.line();
            if l.is_empty() {
                return text;
            }
            text.push_str(&l);
            text.push('\n');
        }
    }

    /// The next stderr line that contains `needle`.
    pub fn stderr_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => {}
                Err(e) => panic!("no stderr line with {needle:?}: {e}"),
            }
        }
    }

    /// Whether stdout stays quiet for a short moment (used after filtered requests; the
    /// request's own answer already proved it was handled).
    pub fn no_line_within(&self, d: Duration) -> bool {
        matches!(self.out.recv_timeout(d), Err(RecvTimeoutError::Timeout))
    }

    /// Sends SIGTERM (or kills) and returns the exit code and the rest of stderr.
    pub fn stop(mut self) -> (Option<i32>, String) {
        #[cfg(unix)]
        {
            let _ = StdCommand::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
        }
        let code = self.wait_exit();
        let rest: Vec<String> = self.err.try_iter().collect();
        (code, rest.join("\n"))
    }

    /// Waits for the child to exit by itself, bounded.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader threads drain what the child wrote.
                std::thread::yield_now();
                return status.code();
            }
            assert!(Instant::now() < deadline, "listen did not exit in time");
            std::thread::park_timeout(Duration::from_millis(20));
        }
    }

    /// Everything left on stderr once the child has exited.
    pub fn stderr_rest(&self) -> String {
        let mut all = Vec::new();
        while let Ok(l) = self.err.recv_timeout(Duration::from_secs(2)) {
            all.push(l);
        }
        all.join("\n")
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(r: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(r);
        loop {
            let mut buf = Vec::new();
            match r.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if buf.last() == Some(&b'\n') {
                        buf.pop();
                    }
                    if tx.send(buf).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

/// The peak resident memory of process `pid` so far (VmHWM), in KiB; 0 when unknown.
pub fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// An HTTP/1.1 response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A keep-alive HTTP/1.1 connection.
pub struct Conn {
    stream: BufReader<TcpStream>,
}

impl Conn {
    pub fn open(addr: SocketAddr) -> Conn {
        let s = TcpStream::connect_timeout(&addr, WAIT).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        s.set_write_timeout(Some(WAIT)).unwrap();
        Conn {
            stream: BufReader::new(s),
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.get_mut().write_all(bytes).unwrap();
    }

    pub fn request(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut req = format!("{method} {target} HTTP/1.1\r\nHost: test\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.send_raw(&bytes);
        self.response()
    }

    /// A form POST that reports failure instead of panicking: the status, or None when the
    /// connection broke (the server was killed).
    pub fn try_request(&mut self, body: &[u8]) -> Option<u16> {
        let mut req = format!(
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Type: {FORM}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.stream.get_mut().write_all(&req).ok()?;
        let mut line = String::new();
        if self.stream.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let status = line.split_whitespace().nth(1)?.parse().ok()?;
        let mut len = 0;
        loop {
            let mut h = String::new();
            if self.stream.read_line(&mut h).ok()? == 0 {
                return None;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; len];
        self.stream.read_exact(&mut body).ok()?;
        Some(status)
    }

    /// Reads one response (Content-Length bodies only, which is all the servers here send).
    pub fn response(&mut self) -> Response {
        let mut line = String::new();
        self.stream.read_line(&mut line).unwrap();
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.stream.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let len = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        self.stream.read_exact(&mut body).unwrap();
        Response {
            status,
            headers,
            body,
        }
    }
}

/// One POST on a fresh connection.
pub fn post(addr: SocketAddr, target: &str, content_type: &str, body: &[u8]) -> Response {
    Conn::open(addr).request("POST", target, &[("Content-Type", content_type)], body)
}

pub const FORM: &str = "application/x-www-form-urlencoded";

/// Reference §6.4's subscribe test vector.
pub const SUBSCRIBE: &str = "type=subscribe&date_time=2017-11-24T08%3A50%3A26-06%3A00&initiated_by=admin&initiated_from=admin&list=1&contact%5Bid%5D=10&contact%5Bemail%5D=jane%40example.com&contact%5Bfirst_name%5D=Jane&contact%5Blast_name%5D=Doe&contact%5Bphone%5D=&contact%5Btags%5D=&contact%5Borgname%5D=&contact%5Bip%5D=0.0.0.0&orgname=";

/// Reference §6.4's deal_update body, encoded, ending in its published tail.
pub const DEAL_UPDATE: &str = "type=deal_update&date_time=2017-11-24T10%3A06%3A22-06%3A00&initiated_by=admin&initiated_from=admin&list=0&contact%5Bid%5D=9&contact%5Bemail%5D=jane%40example.com&deal%5Bid%5D=1&deal%5Btitle%5D=deal1&deal%5Bvalue%5D=1%2C044%2C055.00&deal%5Bvalue_raw%5D=1044055&deal%5Bcurrency%5D=usd&deal%5Bcurrency_symbol%5D=%24&contact%5Bfields%5D%5B1%5D=field1&contact%5Bfields%5D%5B2%5D=field2&updated_fields%5B0%5D=title&updated_fields%5B1%5D=mdate&updated_fields%5B2%5D=nextdate&updated_fields%5B3%5D=stage&updated_fields%5B4%5D=contact";

/// An AC stand-in on 127.0.0.1 whose key is [`SECRET_KEY`].
pub fn sandbox() -> acwh::sandbox::Handle {
    acwh::sandbox::Handle::start(acwh::sandbox::Options {
        api_key: SECRET_KEY.into(),
        ..acwh::sandbox::Options::default()
    })
    .unwrap()
}

/// Makes the stand-in answer the next `times` `method` requests to the API with `kind`.
pub fn inject(
    h: &acwh::sandbox::Handle,
    method: &str,
    times: usize,
    kind: acwh::sandbox::FaultKind,
) {
    h.sandbox().inject(acwh::sandbox::Fault {
        method: Some(method.into()),
        path_prefix: "/api/3/".into(),
        times,
        kind,
    });
}

/// A fault that answers `status` with `body` (and `Retry-After`, when given).
pub fn status(status: u16, retry_after: Option<u64>, body: &str) -> acwh::sandbox::FaultKind {
    acwh::sandbox::FaultKind::Status {
        status,
        retry_after,
        body: body.into(),
    }
}

/// The statuses the stand-in answered, in order.
pub fn statuses(h: &acwh::sandbox::Handle) -> Vec<u16> {
    h.sandbox().requests().iter().map(|r| r.status).collect()
}

/// Asserts that `text` contains every needle, showing the text when one is missing.
pub fn says(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} missing from:\n{text}");
    }
}

/// `acwh` with the stand-in's credentials in the environment.
pub fn env_cmd(h: &acwh::sandbox::Handle, dir: &Path) -> assert_cmd::Command {
    let mut cmd = acwh(dir);
    cmd.env("ACWH_API_URL", h.url());
    cmd.env("ACWH_API_KEY", SECRET_KEY);
    cmd
}

/// One finished run of the binary.
pub struct Ran {
    pub code: Option<i32>,
    pub out: String,
    pub err: String,
    pub took: Duration,
}

impl Ran {
    pub fn expect(&self, code: i32) {
        let (out, err) = (&self.out, &self.err);
        assert_eq!(self.code, Some(code), "stdout:\n{out}\nstderr:\n{err}");
    }

    /// Asserts exit 0 and returns stdout.
    pub fn ok(&self) -> &str {
        self.expect(0);
        &self.out
    }

    /// Asserts exit `code` and returns stderr.
    pub fn fails(&self, code: i32) -> &str {
        self.expect(code);
        &self.err
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|e| panic!("{e}: {}", self.out))
    }
}

/// Runs `cmd` with `args` and keeps what it printed and how long it took.
pub fn exec(mut cmd: assert_cmd::Command, args: &[&str]) -> Ran {
    let start = Instant::now();
    let o = cmd.args(args).output().unwrap();
    Ran {
        code: o.status.code(),
        out: String::from_utf8(o.stdout).unwrap(),
        err: String::from_utf8(o.stderr).unwrap(),
        took: start.elapsed(),
    }
}
