//! [`Child`]: a long-running `acwh` (`listen`, `sandbox`) with its stderr read line by line
//! on a thread, every wait bounded by [`WAIT`], and a kill on drop (miniserve's
//! `TestServer`). [`Listener`](super::Listener) and [`SandboxChild`](super::SandboxChild)
//! are built on it.

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read};
use std::process::{ChildStdout, Command as StdCommand, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use super::WAIT;

/// What becomes of the child's stdout.
pub enum Stdout {
    /// Discarded.
    Null,
    /// Written to this file (created or truncated): output nothing can stall.
    File(std::path::PathBuf),
    /// Read line by line on a thread: [`Child::out_line`].
    Lines,
    /// A pipe held open and never read, until the test takes it ([`Child::take_stdout`]):
    /// a terminal that stalls.
    Unread,
}

/// A running child, killed on drop.
pub struct Child {
    child: std::process::Child,
    err: Receiver<String>,
    /// Every stderr line read so far, for [`Child::log`] and for failure messages.
    seen: RefCell<Vec<String>>,
    out: Option<Receiver<Vec<u8>>>,
    stdout: Option<ChildStdout>,
}

impl Child {
    /// Spawns `cmd` with stdin closed, stderr piped and stdout as `stdout` says.
    pub fn spawn(mut cmd: StdCommand, stdout: Stdout) -> Child {
        let piped = match &stdout {
            Stdout::Null => Stdio::null(),
            Stdout::File(path) => Stdio::from(std::fs::File::create(path).unwrap()),
            Stdout::Lines | Stdout::Unread => Stdio::piped(),
        };
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(piped)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = text_lines(child.stderr.take().unwrap());
        let (out, stdout) = match stdout {
            Stdout::Null | Stdout::File(_) => (None, None),
            Stdout::Lines => (Some(byte_lines(child.stdout.take().unwrap())), None),
            Stdout::Unread => (None, child.stdout.take()),
        };
        Child {
            child,
            err,
            seen: RefCell::new(Vec::new()),
            out,
            stdout,
        }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The first stderr line, waiting at most [`WAIT`].
    pub fn first_line(&self, what: &str) -> String {
        let line = self
            .err
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("{what} printed nothing on stderr ({e})"));
        self.seen.borrow_mut().push(line.clone());
        line
    }

    /// The next stderr line that contains `needle`, waiting at most [`WAIT`].
    pub fn stderr_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(l) => {
                    self.seen.borrow_mut().push(l.clone());
                    if l.contains(needle) {
                        return l;
                    }
                }
                Err(e) => panic!(
                    "no stderr line with {needle:?} ({e}); seen: {:#?}",
                    self.seen.borrow()
                ),
            }
        }
    }

    /// The stderr lines read so far.
    pub fn seen(&self) -> Vec<String> {
        self.seen.borrow().clone()
    }

    /// The stderr lines not read yet, until the pipe closes (bounded): call once the child
    /// has exited.
    pub fn rest(&self) -> String {
        let deadline = Instant::now() + WAIT;
        let mut rest = Vec::new();
        while let Ok(l) = self
            .err
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            rest.push(l);
        }
        self.seen.borrow_mut().extend(rest.iter().cloned());
        rest.join("\n")
    }

    /// Everything the child wrote on stderr: call once it has exited.
    pub fn log(&self) -> String {
        self.rest();
        self.seen.borrow().join("\n")
    }

    /// The next stdout line (without its `\n`), or why none came within `wait`.
    pub fn out_line(&self, wait: Duration) -> Result<Vec<u8>, RecvTimeoutError> {
        self.out
            .as_ref()
            .expect("stdout is not read line by line")
            .recv_timeout(wait)
    }

    /// The stdout pipe of a [`Stdout::Unread`] child, to read at last.
    pub fn take_stdout(&mut self) -> ChildStdout {
        self.stdout.take().expect("stdout was not held unread")
    }

    /// Sends `signal` (as `kill` spells it: `-TERM`, `-INT`).
    pub fn signal(&self, signal: &str) {
        let _ = StdCommand::new("kill")
            .args([signal, &self.id().to_string()])
            .status();
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the child to exit, bounded by [`WAIT`]; its exit code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the child did not exit in time");
            std::thread::park_timeout(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then the exit code, bounded.
    pub fn stop(&mut self) -> Option<i32> {
        self.signal("-TERM");
        self.wait_exit()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The lines of `r` as text, on a channel fed by a thread.
fn text_lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The lines of `r` as bytes (any encoding), on a channel fed by a thread.
fn byte_lines(r: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
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
