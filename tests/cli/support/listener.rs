//! [`Listener`]: a running `acwh listen --port 0`, in a [`Test`] folder of its own.

use std::net::SocketAddr;
use std::process::ChildStdout;
use std::time::{Duration, Instant};

use super::child::{Child, Stdout};
use super::{Test, WAIT};

/// A running `acwh listen`, killed on drop.
pub struct Listener {
    child: Child,
    pub addr: SocketAddr,
    _test: Test,
}

impl Listener {
    /// Starts `acwh listen --port 0` with `args`, its stdout read line by line, and waits
    /// for its address.
    pub fn start(args: &[&str]) -> Listener {
        Self::spawn(args, Stdout::Lines)
    }

    /// The same with stdout a pipe that nobody reads until [`Self::take_stdout`].
    pub fn start_unread(args: &[&str]) -> Listener {
        Self::spawn(args, Stdout::Unread)
    }

    /// The same with stdout written to the file `out`, which nothing can stall.
    pub fn start_into(args: &[&str], out: &std::path::Path) -> Listener {
        Self::spawn(args, Stdout::File(out.to_path_buf()))
    }

    fn spawn(args: &[&str], stdout: Stdout) -> Listener {
        let test = Test::new();
        let mut cmd = test.command();
        cmd.args(["listen", "--port", "0"]).args(args);
        let child = Child::spawn(cmd, stdout);
        let first = child.first_line("listen");
        let addr = first
            .strip_prefix("Listening on http://")
            .unwrap_or_else(|| panic!("first stderr line was {first:?}"))
            .parse()
            .unwrap();
        Listener {
            child,
            addr,
            _test: test,
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
        self.child.kill();
    }

    /// Sends `signal` (`-INT`, `-TERM`).
    pub fn signal(&self, signal: &str) {
        self.child.signal(signal);
    }

    /// The next stdout line, waiting at most `WAIT`.
    pub fn line(&self) -> String {
        let bytes = self.child.out_line(WAIT).expect("no stdout line in time");
        String::from_utf8(bytes).unwrap()
    }

    /// The next stdout line as JSON (`listen --json`), waiting at most `WAIT`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.line()).unwrap()
    }

    /// Raw stdout bytes as they arrive, until `n` bytes are in.
    pub fn raw_bytes(&self, n: usize) -> Vec<u8> {
        let mut got = Vec::new();
        let deadline = Instant::now() + WAIT;
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            got.extend(self.child.out_line(left).expect("not enough bytes in time"));
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

    /// The stdout pipe of a listener started with [`Self::start_unread`].
    pub fn take_stdout(&mut self) -> ChildStdout {
        self.child.take_stdout()
    }

    /// The stderr lines read so far.
    pub fn seen(&self) -> Vec<String> {
        self.child.seen()
    }

    /// The next stderr line that contains `needle`.
    pub fn stderr_with(&self, needle: &str) -> String {
        self.child.stderr_with(needle)
    }

    /// Whether stdout stays quiet for a short moment (used after filtered requests; the
    /// request's own answer already proved it was handled).
    pub fn no_line_within(&self, d: Duration) -> bool {
        matches!(
            self.child.out_line(d),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        )
    }

    /// Sends SIGTERM and returns the exit code and the rest of stderr.
    pub fn stop(mut self) -> (Option<i32>, String) {
        let code = self.child.stop();
        (code, self.child.rest())
    }

    /// Waits for the child to exit by itself, bounded.
    pub fn wait_exit(&mut self) -> Option<i32> {
        self.child.wait_exit()
    }

    /// Everything left on stderr once the child has exited.
    pub fn stderr_rest(&self) -> String {
        self.child.rest()
    }
}

/// The body of a `--json` or `--save` line: `body` when it was text, else `body_base64`.
pub fn body_of(v: &serde_json::Value) -> Vec<u8> {
    use base64::Engine as _;
    match v["body"].as_str() {
        Some(t) => t.as_bytes().to_vec(),
        None => base64::engine::general_purpose::STANDARD
            .decode(v["body_base64"].as_str().unwrap())
            .unwrap(),
    }
}
