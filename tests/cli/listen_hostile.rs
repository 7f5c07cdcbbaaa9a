//! `acwh listen` under a hostile or careless world: senders that fill memory through the
//! closing summary or with huge bodies, a stdout nobody reads, a tiny open-file limit, an
//! empty `--secret`. The listener must keep answering, in bounded memory and time.

use std::io::Read;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use crate::support::{
    BIN, Child, Conn, FORM, Listener, Stdout, Test, WAIT, peak_rss_kib, post, says,
};

/// A token long enough not to be warned about.
const TOKEN: &str = "a-long-enough-test-token";

/// 300 deliveries of 256 KiB, each with a distinct 256 KiB `type`: the summary must not keep
/// them (the old tally kept every name whole: 75 MiB and more), and stays one short line.
/// Peak memory varies by some 12 MB from run to run (threads, allocator arenas), so what is
/// checked is growth after the first 50, against a bound far from both sides.
#[test]
fn distinct_huge_event_names_do_not_grow_memory() {
    // --json keeps every value whole (no display cut), as the old tally kept every name;
    // --event keeps the 75 MiB of lines off the pipe: the tally counts them all the same.
    let l = Listener::start(&["--json", "--event", "subscribe"]);
    let mut conn = Conn::open(l.addr);
    let mut warm = 0;
    for i in 0..300 {
        let body = format!("type={i:04}{}", "t".repeat(256 * 1024));
        let r = conn.request("POST", "/", &[("Content-Type", FORM)], body.as_bytes());
        assert_eq!(r.status, 200);
        if i == 49 {
            // Threads and allocator arenas are warm by now; what follows is growth.
            warm = peak_rss_kib(l.child_id());
        }
    }
    let rss = peak_rss_kib(l.child_id());
    assert!(warm > 0 && rss > 0, "no VmHWM for the listener");
    let (code, rest) = l.stop();
    assert_eq!(code, Some(0));
    // Keeping the 250 later names whole would add 62.5 MiB (the old tally: 141 MB in all).
    let grown = rss - warm;
    assert!(
        grown < 24 * 1024,
        "peak RSS grew {grown} KiB after the first 50 ({warm} -> {rss} KiB)"
    );
    assert!(rss < 100 * 1024, "peak RSS {rss} KiB");
    // The summary, and its continuation lines (indented) when it wraps.
    let from = rest
        .find("acwh listen:")
        .unwrap_or_else(|| panic!("no summary in {rest:?}"));
    let mut lines = rest[from..].lines();
    let mut summary = lines.next().unwrap_or_default().to_string();
    for more in lines.take_while(|l| l.starts_with("  ")) {
        summary.push(' ');
        summary.push_str(more.trim());
    }
    let summary = summary.as_str();
    assert!(summary.len() < 4096, "summary of {} bytes", summary.len());
    says(summary, &["300 requests", "other 250"]);
}

/// A 48 MiB body of NUL bytes (valid UTF-8, every byte escaped when shown): only what is
/// shown is escaped, so memory stays within a few times the body.
#[test]
fn a_huge_text_body_is_not_escaped_whole() {
    let l = Listener::start(&["--max-body", "64MiB"]);
    let body = vec![0u8; 48 << 20];
    let r = post(l.addr, "/", "text/plain", &body);
    assert_eq!(r.status, 200);
    let shown = l.block();
    says(&shown, &["\\u{0}\\u{0}", "… 50327552 more characters"]);
    let rss = peak_rss_kib(l.child_id());
    assert!(rss < 3 * 48 * 1024 + 30 * 1024, "peak RSS {rss} KiB");
}

/// `acwh listen --secret TOKEN` with stdout a pipe that is never read, and stderr read line
/// by line.
fn stalled(args: &[&str]) -> Listener {
    let mut all = vec!["--secret", TOKEN];
    all.extend(args);
    Listener::start_unread(&all)
}

/// Sends 2 KiB deliveries with the right token from 4 clients until stdout's pipe is
/// full: the answers stop coming. Returns the clients (each ends once its last delivery
/// is answered) and how many were answered before the stall.
fn fill_stdout(l: &Listener) -> (Vec<std::thread::JoinHandle<Vec<u16>>>, usize) {
    let (tx, answered) = channel();
    let clients = (0..4)
        .map(|c| {
            let (addr, tx) = (l.addr, tx.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr);
                let mut statuses = Vec::new();
                for i in 0..50 {
                    let body = format!("type=update&c={c}&i={i}&pad={}", "p".repeat(2048));
                    let target = format!("/?token={TOKEN}");
                    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        conn.request("POST", &target, &[("Content-Type", FORM)], body.as_bytes())
                    })) {
                        Ok(r) => statuses.push(r.status),
                        Err(_) => break,
                    }
                    let _ = tx.send(());
                }
                statuses
            })
        })
        .collect();
    // Stalled once no answer has come for a second after the first; bounded by the 200
    // deliveries.
    let (mut count, mut wait) = (0, WAIT);
    while answered.recv_timeout(wait).is_ok() {
        count += 1;
        wait = Duration::from_secs(1);
        assert!(count < 200, "stdout never filled up");
    }
    (clients, count)
}

/// Sends a request and returns its status and how long the answer took.
fn timed(l: &Listener, target: &str, body: &[u8]) -> (u16, Duration) {
    let start = Instant::now();
    let r = Conn::open(l.addr).request("POST", target, &[("Content-Type", FORM)], body);
    (r.status, start.elapsed())
}

/// Nobody reads stdout: deliveries wait to be printed, but a wrong token still gets its 401
/// and an oversized body its 413 at once; once stdout is read, every waiting delivery is
/// printed and answered 200.
#[test]
fn a_stalled_stdout_still_answers_refusals_at_once() {
    let mut l = stalled(&["--max-body", "4KiB"]);
    let (clients, before) = fill_stdout(&l);
    assert!(before > 0, "nothing was answered before the stall");
    let (status, took) = timed(&l, "/?token=wrong", b"type=update");
    assert_eq!(status, 401);
    assert!(took < Duration::from_secs(2), "401 took {took:?}");
    let big = format!("type=update&pad={}", "p".repeat(8192));
    let (status, took) = timed(&l, &format!("/?token={TOKEN}"), big.as_bytes());
    assert_eq!(status, 413);
    assert!(took < Duration::from_secs(2), "413 took {took:?}");
    // Read stdout now: the waiting deliveries complete, each answered 200.
    let mut stdout = l.take_stdout();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = stdout.read_to_end(&mut all);
        String::from_utf8_lossy(&all).into_owned()
    });
    let statuses: Vec<u16> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert_eq!(statuses.len(), 200);
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    l.stderr_with("rejected");
    l.signal("-INT");
    assert_eq!(l.wait_exit(), Some(0));
    let shown = reader.join().unwrap();
    assert_eq!(
        shown.matches("\n#").count() + 1,
        200,
        "every delivery printed once"
    );
}

/// Ctrl-C stops the listener promptly even while stdout is stalled, with the summary on
/// stderr and exit 0.
#[test]
fn ctrl_c_stops_a_listener_whose_stdout_is_stalled() {
    let mut l = stalled(&[]);
    let (_clients, _) = fill_stdout(&l);
    let start = Instant::now();
    l.signal("-INT");
    assert_eq!(l.wait_exit(), Some(0));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    l.stderr_with("acwh listen:");
}

/// The soft open-file limit is raised to the hard one at start, so a burst of connections
/// does not run out of descriptors at a low default.
#[test]
fn the_soft_fd_limit_is_raised_to_the_hard_one() {
    let hard = fd_limits(std::process::id()).1;
    if hard != "unlimited" && hard.parse::<u64>().unwrap_or(0) <= 64 {
        return;
    }
    for cmd in ["listen", "sandbox"] {
        let t = Test::new();
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!(
                "ulimit -Sn 64; exec \"$0\" {cmd} --port 0 --host 127.0.0.1"
            ))
            .arg(BIN);
        t.isolate(&mut sh);
        let mut child = Child::spawn(sh, Stdout::Null);
        child.first_line(cmd);
        let limits = fd_limits(child.id());
        child.kill();
        assert_eq!(limits.0, limits.1, "{cmd}: soft limit not raised");
    }
}

/// (soft, hard) "Max open files" of process `pid`.
fn fd_limits(pid: u32) -> (String, String) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap()
        .to_string();
    let mut words = line["Max open files".len()..].split_whitespace();
    (
        words.next().unwrap().to_string(),
        words.next().unwrap().to_string(),
    )
}

/// `--secret ''` would let `?token=` through: refused, exit 2, saying what to do.
#[test]
fn an_empty_secret_is_refused() {
    let ran = Test::new().run(&["listen", "--port", "0", "--secret", "", "--timeout", "1s"]);
    let err = ran.fails(2);
    says(err, &["--secret", "empty"]);
    assert!(!err.contains("Listening on"), "{err}");
}

/// A guessable secret is accepted with a warning, after the address line.
#[test]
fn a_short_secret_is_warned_about() {
    let l = Listener::start(&["--secret", "abc"]);
    l.stderr_with("--secret is 3 characters");
    assert_eq!(post(l.addr, "/?token=abc", FORM, b"a=1").status, 200);
}

/// Stdout a regular file (the printer then runs beside the handlers, on the catcher's
/// runtime) and stderr a pipe nobody reads once the address is known: the notes of
/// refusals fill it and the printer stalls on the next. Refusals are still answered at
/// once, a delivery waits for the printer, and once stderr is read it is printed and 200.
#[test]
fn a_stalled_stderr_beside_a_file_still_answers_refusals_at_once() {
    use std::io::BufRead as _;
    let t = Test::new();
    let out = t.path().join("out.txt");
    let mut cmd = t.command();
    cmd.args([
        "listen", "--port", "0", "--color", "never", "--secret", TOKEN,
    ])
    .stdin(std::process::Stdio::null())
    .stdout(std::fs::File::create(&out).unwrap())
    .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let addr: std::net::SocketAddr = first
        .trim()
        .strip_prefix("Listening on http://")
        .unwrap_or_else(|| panic!("first stderr line was {first:?}"))
        .parse()
        .unwrap();
    // Each 401 adds a note of some 90 bytes: 3,000 of them are four times a 64 KiB pipe.
    // One at a time, so the printer's queue of notes never overflows before the pipe does.
    let mut conn = Conn::open(addr);
    for _ in 0..3000 {
        let r = conn.request("POST", "/?token=wrong", &[("Content-Type", FORM)], b"a=1");
        assert_eq!(r.status, 401);
    }
    // The printer is stuck writing a note: a delivery waits for it...
    let (tx, answered) = channel();
    let sender = std::thread::spawn(move || {
        let target = format!("/?token={TOKEN}");
        let r = Conn::open(addr).request("POST", &target, &[("Content-Type", FORM)], b"type=late");
        let _ = tx.send(r.status);
    });
    assert!(
        answered.recv_timeout(Duration::from_millis(500)).is_err(),
        "a delivery was answered while its printer could not have printed it"
    );
    // ...but refusals do not.
    let start = Instant::now();
    let r = Conn::open(addr).request("POST", "/?token=wrong", &[("Content-Type", FORM)], b"a=1");
    assert_eq!(r.status, 401);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "401 took {:?}",
        start.elapsed()
    );
    // Read stderr: the delivery is printed and answered.
    let drain = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        rest
    });
    assert_eq!(answered.recv_timeout(WAIT), Ok(200));
    sender.join().unwrap();
    let shown = std::fs::read_to_string(&out).unwrap();
    assert!(shown.contains("late"), "{shown}");
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + WAIT;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        assert!(Instant::now() < deadline, "listen did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(0));
    let rest = drain.join().unwrap();
    says(&rest, &["rejected", "acwh listen:"]);
}
