//! `acwh sandbox` as a user runs it: the real binary as a child, its export lines, webhooks
//! created with `acwh create`, events fired with `acwh sandbox fire` and caught by a real
//! `acwh listen`. The rate-limit test serves the same sandbox in-process instead, seeded
//! with 300 webhooks. Every wait is bounded; children are killed on drop.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use acwh::sandbox::{Handle, Options};
use serde_json::Value;

use crate::support::{Conn, Listener, SECRET_KEY, WAIT, acwh, acwh_std};

/// A running `acwh sandbox --port 0`, killed on drop.
pub(crate) struct SandboxChild {
    child: Child,
    url: String,
    key: String,
    err: Receiver<String>,
    /// Everything read from stderr so far.
    seen: Vec<String>,
}

impl SandboxChild {
    /// Starts `acwh sandbox --port 0 --no-rate-limit` with `args`, and reads its export lines.
    pub(crate) fn start(dir: &Path, args: &[&str]) -> SandboxChild {
        Self::start_with(acwh_std(dir), args)
    }

    fn start_with(mut cmd: StdCommand, args: &[&str]) -> SandboxChild {
        let mut child = cmd
            .args(["sandbox", "--port", "0", "--no-rate-limit"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, err) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = SandboxChild {
            child,
            url: String::new(),
            key: String::new(),
            err,
            seen: Vec::new(),
        };
        let url_line = s.stderr_with("export ACWH_API_URL=");
        s.url = url_line["export ACWH_API_URL=".len()..].to_string();
        let key_line = s.stderr_with("export ACWH_API_KEY=");
        s.key = key_line["export ACWH_API_KEY=".len()..].to_string();
        s
    }

    /// The next stderr line containing `needle`, waiting at most `WAIT`.
    pub(crate) fn stderr_with(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(needle) {
                        return l;
                    }
                }
                Err(e) => panic!(
                    "no stderr line with {needle:?} ({e}); seen: {:#?}",
                    self.seen
                ),
            }
        }
    }

    /// `acwh` pointed at this sandbox through the exported variables.
    pub(crate) fn cmd(&self, dir: &Path) -> assert_cmd::Command {
        let mut cmd = acwh(dir);
        cmd.env("ACWH_API_URL", &self.url)
            .env("ACWH_API_KEY", &self.key);
        cmd
    }

    /// `acwh create ... -q` for a webhook to `url`; returns its id.
    pub(crate) fn create(&self, dir: &Path, url: &str, extra: &str) -> String {
        let out = self
            .cmd(dir)
            .args(["create", "--url", url, "-q"])
            .args(extra.split_whitespace())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// `acwh sandbox fire ARGS`: asserts exit 0, returns (stdout lines, stderr).
    pub(crate) fn fire(&self, dir: &Path, args: &str) -> (Vec<String>, String) {
        let out = self
            .cmd(dir)
            .args(["sandbox", "fire"])
            .args(args.split_whitespace())
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "stdout:\n{stdout}\nstderr:\n{stderr}"
        );
        (stdout.lines().map(str::to_owned).collect(), stderr)
    }

    /// SIGTERM, then the exit code, bounded.
    pub(crate) fn stop(&mut self) -> Option<i32> {
        let _ = StdCommand::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "the sandbox did not exit in time"
            );
            std::thread::park_timeout(Duration::from_millis(20));
        }
    }
}

impl SandboxChild {
    /// The address it serves on.
    pub(crate) fn addr(&self) -> std::net::SocketAddr {
        self.url.trim_start_matches("http://").parse().unwrap()
    }

    /// Everything it wrote on stderr: call after [`Self::stop`], once its pipe has closed.
    pub(crate) fn log(&mut self) -> String {
        let deadline = Instant::now() + WAIT;
        while let Ok(l) = self
            .err
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.seen.push(l);
        }
        self.seen.join("\n")
    }
}

impl Drop for SandboxChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `acwh listen --json` line, parsed.
fn caught(l: &Listener) -> Value {
    serde_json::from_str(&l.line()).unwrap()
}

#[test]
fn full_loop_create_fire_listen() {
    let dir = tempfile::tempdir().unwrap();
    let mut sandbox = SandboxChild::start(dir.path(), &[]);
    assert!(
        sandbox.url.starts_with("http://127.0.0.1:"),
        "{}",
        sandbox.url
    );
    assert!(!sandbox.url.contains("/api/3"));
    assert_eq!(sandbox.key.len(), 32);
    let listen = Listener::start(&["--json"]);

    let id = sandbox.create(
        dir.path(),
        &listen.url(),
        "--event subscribe --source public",
    );
    assert_eq!(id, "1");
    let (lines, _) = sandbox.fire(dir.path(), "subscribe");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("#1 {} 200 ", listen.url())),
        "{lines:?}"
    );

    let got = caught(&listen);
    assert_eq!(got["event"], "subscribe");
    assert_eq!(got["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(got["fields"]["initiated_from"], "public");
    assert_eq!(got["duplicate_of"], Value::Null);

    sandbox.stderr_with("POST /api/3/webhooks 201");
    let logged = sandbox.stderr_with("deliver subscribe");
    assert!(
        logged.contains(&format!("#1 {} 200", listen.url())),
        "{logged}"
    );
    assert_eq!(sandbox.stop(), Some(0));
}

#[test]
fn deliveries_go_only_to_matching_hooks() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = SandboxChild::start(dir.path(), &[]);
    let listen = Listener::start(&["--json"]);
    let to = |path: &str| format!("{}{path}", listen.url());
    let d = dir.path();
    sandbox.create(d, &to("all"), "--event subscribe --source public");
    sandbox.create(
        d,
        &to("list2"),
        "--event subscribe --source public --list 2",
    );
    sandbox.create(d, &to("admin"), "--event subscribe --source admin");
    sandbox.create(d, &to("unsub"), "--event unsubscribe --source public");
    sandbox.create(
        d,
        &to("list1"),
        "--event subscribe --source public,api --list 1",
    );
    sandbox.create(
        d,
        &to("deals"),
        "--event deal_add,subscribe --source public --list 2",
    );

    let ids = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
            .collect()
    };
    let paths = |n: usize| -> Vec<String> {
        let mut p: Vec<String> = (0..n)
            .map(|_| caught(&listen)["path"].as_str().unwrap().to_string())
            .collect();
        p.sort();
        p
    };

    // Event, source and list all count: list 1 rules out the hooks on list 2.
    let (lines, _) = sandbox.fire(d, "subscribe --source public --list 1");
    assert_eq!(ids(&lines), ["#1", "#5"]);
    assert_eq!(paths(2), ["/all", "/list1"]);

    // Another source: only the hook that takes api.
    let (lines, _) = sandbox.fire(d, "subscribe --source api --list 1");
    assert_eq!(ids(&lines), ["#5"]);
    assert_eq!(paths(1), ["/list1"]);

    // deal_add ignores listid (reference §4.1), so the list-2 hook gets it.
    let (lines, _) = sandbox.fire(d, "deal_add --source public");
    assert_eq!(ids(&lines), ["#6"]);
    assert_eq!(paths(1), ["/deals"]);

    // Nothing matches: said on stderr, still exit 0.
    let (lines, err) = sandbox.fire(d, "update --source system");
    assert!(lines.is_empty(), "{lines:?}");
    assert!(
        err.contains("no webhook matches update from system on list 1"),
        "{err}"
    );
    // Every delivery was printed before it was answered, and fire waits for the answers.
    assert!(listen.no_line_within(Duration::from_millis(200)));
}

#[test]
fn a_410_deactivates_the_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let mut sandbox = SandboxChild::start(dir.path(), &[]);
    let listen = Listener::start(&["--json", "--status", "410"]);
    sandbox.create(
        dir.path(),
        &listen.url(),
        "--event subscribe --source public",
    );

    let (lines, _) = sandbox.fire(dir.path(), "subscribe");
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains(" 410 "), "{lines:?}");
    assert!(lines[0].contains("(webhook deactivated)"), "{lines:?}");
    assert_eq!(caught(&listen)["event"], "subscribe");
    sandbox.stderr_with("webhook #1 is now inactive");

    let (lines, err) = sandbox.fire(dir.path(), "subscribe");
    assert!(lines.is_empty(), "{lines:?}");
    assert!(err.contains("skipped #1: inactive"), "{err}");
    assert!(err.contains("no active webhook matches subscribe"), "{err}");
    assert!(listen.no_line_within(Duration::from_millis(200)));
}

#[test]
fn duplicate_rate_one_delivers_twice() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = SandboxChild::start(dir.path(), &["--duplicate-rate", "1"]);
    let listen = Listener::start(&["--json"]);
    sandbox.create(
        dir.path(),
        &listen.url(),
        "--event subscribe --source public",
    );

    let (lines, _) = sandbox.fire(dir.path(), "subscribe --json");
    let sent: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(sent.len(), 2, "{lines:?}");
    assert_eq!(
        (&sent[0]["duplicate"], &sent[1]["duplicate"]),
        (&Value::Bool(false), &Value::Bool(true))
    );
    assert!(
        sent.iter()
            .all(|d| d["status"] == 200 && d["webhook"] == "1")
    );

    let (first, second) = (caught(&listen), caught(&listen));
    assert_eq!(first["duplicate_of"], Value::Null);
    assert_eq!(second["duplicate_of"], 1);
    assert_eq!(first["body"], second["body"]);
}

#[test]
fn list_rides_through_the_rate_limit_over_300_webhooks() {
    let dir = tempfile::tempdir().unwrap();
    let h = Handle::start(Options {
        api_key: SECRET_KEY.into(),
        ..Options::default()
    })
    .unwrap();
    h.sandbox().seed_webhooks(300);
    h.sandbox().set_rate_limit(Some(5));
    // Use up this second's five requests, so acwh's first page meets a 429 unless the
    // window has already turned over (acwh paces itself and would not hit it otherwise).
    let mut conn = Conn::open(h.addr());
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let r = conn.request("GET", "/api/3/users/me", &[("Api-Token", SECRET_KEY)], b"");
        statuses.push(r.status);
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429]);

    let out = acwh(dir.path())
        .env("ACWH_API_URL", h.url())
        .env("ACWH_API_KEY", SECRET_KEY)
        .args(["list", "-q"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let ids: Vec<&str> = stdout.lines().collect();
    assert_eq!(ids.len(), 300);
    assert_eq!((ids[0], ids[299]), ("1", "300"));
    assert!(!stderr.contains(SECRET_KEY));
    let lists: Vec<u16> = h
        .sandbox()
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/3/webhooks"))
        .map(|r| r.status)
        .collect();
    assert!(lists.iter().all(|s| matches!(s, 200 | 429)), "{lists:?}");
    assert_eq!(lists.iter().filter(|s| **s == 200).count(), 3, "{lists:?}");
    if lists.contains(&429) {
        assert!(stderr.contains("rate limit was reached"), "{stderr}");
    }
}

#[test]
fn state_file_keeps_webhooks_and_key_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let state_arg = state.to_str().unwrap();
    let mut first = SandboxChild::start(dir.path(), &["--state", state_arg]);
    let id = first.create(
        dir.path(),
        "http://127.0.0.1:9/kept",
        "--event subscribe --source api",
    );
    assert_eq!(first.stop(), Some(0));
    drop(first);

    let mut second = SandboxChild::start(dir.path(), &["--state", state_arg]);
    let out = second
        .cmd(dir.path())
        .args(["list", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{id}\n"));
    assert!(
        second.seen.iter().any(|l| l.contains(state_arg)),
        "{:?}",
        second.seen
    );
    assert_eq!(second.stop(), Some(0));
}

#[test]
fn the_key_survives_a_restart_and_is_never_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let state_arg = state.to_str().unwrap();
    let mut env = acwh_std(dir.path());
    env.env("ACWH_API_KEY", SECRET_KEY);
    let mut first = SandboxChild::start_with(env, &["--state", state_arg]);
    assert_ne!(first.key, SECRET_KEY);
    first.stderr_with("ignores --api-key / ACWH_API_KEY");
    let key = first.key.clone();
    assert_eq!(first.stop(), Some(0));
    let rest: Vec<String> = first.err.try_iter().collect();
    assert!(
        !first
            .seen
            .iter()
            .chain(&rest)
            .any(|l| l.contains(SECRET_KEY)),
        "the user's key was printed"
    );
    drop(first);

    let second = SandboxChild::start(dir.path(), &["--state", state_arg]);
    assert_eq!(second.key, key);
}

#[test]
fn fire_without_a_sandbox_or_its_key_fails_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    acwh(dir.path())
        .env("ACWH_API_URL", &url)
        .args(["sandbox", "fire", "subscribe"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("start one with `acwh sandbox`"));

    let sandbox = SandboxChild::start(dir.path(), &[]);
    acwh(dir.path())
        .env("ACWH_API_URL", &sandbox.url)
        .args(["sandbox", "fire", "subscribe"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains("export the two lines"));
    // AC's event names, verbatim.
    sandbox
        .cmd(dir.path())
        .args(["sandbox", "fire", "deal_task_add"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "no webhook matches deal_task_add",
        ));
}
