//! `listen --save` under attack and accident: SIGKILL mid-line, a full disk (a file-size
//! limit set on the running listener with `prlimit`), a last line longer than any tail, a
//! FIFO or a device as the target, symlinks, files of other users, and the bytes a saved
//! line costs. Every answered delivery must stay readable by `captures` and `replay`.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::{Conn, FORM, Listener, Test, WAIT, body_of, exec, post, says};

/// What `acwh captures FILE --json` reads back: (seq, body) pairs, and its stderr.
fn captured(file: &Path) -> (Vec<(u64, Vec<u8>)>, String) {
    let t = Test::new();
    let ran = t.run(&["captures", file.to_str().unwrap(), "--json"]);
    let list = ran.json();
    let pairs = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["seq"].as_u64().unwrap(), body_of(v)))
        .collect();
    (pairs, ran.err)
}

/// Replays every saved delivery to a fresh `acwh listen --json` and returns the bodies it
/// received, in order.
fn replayed(file: &Path, n: usize) -> Vec<Vec<u8>> {
    let t = Test::new();
    let sink = Listener::start(&["--json"]);
    let to = sink.url();
    t.run(&["replay", file.to_str().unwrap(), "--all", "--to", &to])
        .ok();
    (0..n).map(|_| body_of(&sink.json())).collect()
}

/// A 700 KiB form body, unique by `id`.
fn large(id: &str) -> Vec<u8> {
    let mut b = format!("type=subscribe&id={id}&pad=").into_bytes();
    b.resize(b.len() + 700 * 1024, b'x');
    b
}

fn size_of(file: &Path) -> u64 {
    std::fs::metadata(file).map_or(0, |m| m.len())
}

/// Asserts that every answered body is read back by both `captures` and `replay`, byte for
/// byte, and that seqs are unique.
fn all_readable(file: &Path, answered: &[Vec<u8>]) {
    let (saved, _) = captured(file);
    let seqs: HashSet<u64> = saved.iter().map(|(s, _)| *s).collect();
    assert_eq!(seqs.len(), saved.len(), "a seq repeats");
    let bodies: HashSet<Vec<u8>> = saved.into_iter().map(|(_, b)| b).collect();
    let replays: HashSet<Vec<u8>> = replayed(file, bodies.len()).into_iter().collect();
    for a in answered {
        let head = String::from_utf8_lossy(&a[..40]);
        assert!(bodies.contains(a), "answered but not in captures: {head}");
        assert!(replays.contains(a), "answered but not replayed: {head}");
    }
}

/// SIGKILL in the middle of a burst of 700 KiB deliveries, then a restart on the same file:
/// every delivery that was answered 200 is readable, the new one too, and a torn fragment
/// (if the kill left one) is a skipped line with a warning.
#[test]
fn sigkill_mid_burst_of_large_lines_keeps_every_answered_delivery() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let f = file.to_str().unwrap();
    let mut l = Listener::start(&["--save", f, "--raw"]);
    let addr = l.addr;
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..3)
        .map(|c| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut answered = Vec::new();
                let mut conn = Conn::open(addr);
                for i in 0..200 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let body = large(&format!("{c}-{i}"));
                    match conn.try_request(&body) {
                        Some(200) => answered.push(body),
                        _ => break,
                    }
                }
                answered
            })
        })
        .collect();
    let deadline = Instant::now() + WAIT;
    while size_of(&file) < 6 * 700 * 1024 {
        assert!(Instant::now() < deadline, "too slow");
        std::thread::park_timeout(Duration::from_millis(1));
    }
    l.kill();
    stop.store(true, Ordering::Relaxed);
    let mut answered: Vec<Vec<u8>> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert!(answered.len() >= 5, "{} answered", answered.len());
    let torn = std::fs::read(&file).unwrap().last() != Some(&b'\n');
    eprintln!(
        "{} answered; the kill {} the line being written",
        answered.len(),
        if torn { "cut" } else { "did not cut" }
    );

    let l = Listener::start(&["--save", f, "--raw"]);
    if torn {
        l.stderr_with("cut short");
    }
    let last = large("after-restart");
    assert_eq!(post(l.addr, "/", FORM, &last).status, 200);
    answered.push(last);
    drop(l);
    let (_, warnings) = captured(&file);
    if torn {
        says(&warnings, &["not a saved delivery; skipped"]);
    }
    all_readable(&file, &answered);
}

/// The torn fragment a kill leaves, made on purpose: the next run ends it, warns, and its
/// first delivery is whole.
#[test]
fn a_torn_last_line_is_ended_before_the_next_delivery() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let f = file.to_str().unwrap();
    {
        let l = Listener::start(&["--json", "--save", f]);
        post(l.addr, "/one", FORM, b"type=subscribe&n=1");
        l.line();
    }
    let mut text = std::fs::read(&file).unwrap();
    text.extend_from_slice(b"{\"seq\":2,\"received_at\":\"2026-11-30T08:00:00.000+00:00\",\"met");
    std::fs::write(&file, &text).unwrap();
    let l = Listener::start(&["--json", "--save", f]);
    l.stderr_with("cut short");
    assert_eq!(
        post(l.addr, "/three", FORM, b"type=subscribe&n=3").status,
        200
    );
    let printed = l.json();
    assert_eq!(printed["seq"], 3, "the torn line's seq is not reused");
    drop(l);
    let (saved, warnings) = captured(&file);
    says(&warnings, &[":2: not a saved delivery; skipped"]);
    let bodies: Vec<Vec<u8>> = saved.into_iter().map(|(_, b)| b).collect();
    assert_eq!(
        bodies,
        [
            b"type=subscribe&n=1".to_vec(),
            b"type=subscribe&n=3".to_vec()
        ]
    );
}

/// A full disk, as a file-size limit set on the running listener: the delivery whose line
/// does not fit is answered 503, the listener stops with exit 1, the file holds only whole
/// lines, and a restart on the same file goes on. `slack` is how many bytes of the next line
/// still fit: 0 makes write(2) fail outright (EFBIG and SIGXFSZ), more makes it short.
fn full_disk(slack: u64) {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let f = file.to_str().unwrap();
    let mut l = Listener::start(&["--save", f, "--raw"]);
    let first = large("first");
    assert_eq!(post(l.addr, "/", FORM, &first).status, 200);
    let limit = std::fs::metadata(&file).unwrap().len() + slack;
    let pid = l.child_id().to_string();
    let set = Command::new("prlimit")
        .args(["--pid", &pid, &format!("--fsize={limit}:{limit}")])
        .status();
    if !set.is_ok_and(|s| s.success()) {
        eprintln!("skipped: prlimit could not set a file-size limit on the listener");
        return;
    }
    let mut conn = Conn::open(l.addr);
    assert_eq!(conn.try_request(&large("second")), Some(503));
    assert_eq!(l.wait_exit(), Some(1), "listen must stop with exit 1");
    says(&l.stderr_rest(), &["could not append to the --save file"]);
    let text = std::fs::read(&file).unwrap();
    assert_eq!(
        text.len() as u64,
        limit - slack,
        "the short line is taken back"
    );
    assert_eq!(text.last(), Some(&b'\n'));

    let l = Listener::start(&["--save", f, "--raw"]);
    let third = large("third");
    assert_eq!(post(l.addr, "/", FORM, &third).status, 200);
    drop(l);
    let (saved, warnings) = captured(&file);
    assert!(!warnings.contains("skipped"), "{warnings}");
    assert_eq!(saved.len(), 2);
    all_readable(&file, &[first, third]);
}

#[test]
fn a_full_disk_mid_line_answers_503_and_keeps_whole_lines() {
    full_disk(1000);
}

#[test]
fn a_full_disk_at_a_line_boundary_answers_503_and_keeps_whole_lines() {
    full_disk(0);
}

/// A last line longer than any fixed tail: the next run still numbers on from it.
#[test]
fn seqs_continue_after_a_1_mib_last_line() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let body = "x".repeat(1024 * 1024);
    let line = |seq: u64, body: &str| {
        serde_json::json!({"seq": seq, "received_at": "2026-11-30T08:00:00.000+00:00",
            "method": "POST", "path": "/", "target": "/", "headers": [], "body": body,
            "response": {"status": 200, "forward": null}})
        .to_string()
    };
    std::fs::write(&file, format!("{}\n{}\n", line(40, "a=1"), line(41, &body))).unwrap();
    let l = Listener::start(&["--json", "--save", file.to_str().unwrap()]);
    post(l.addr, "/", FORM, b"type=subscribe");
    let v = l.json();
    assert_eq!(v["seq"], 42);
}

/// `--save` to something that is not a regular file fails at once with exit 2.
fn refused(target: &Path, needle: &str) {
    let t = Test::new();
    let mut cmd = t.acwh();
    cmd.timeout(Duration::from_secs(10));
    let ran = exec(
        cmd,
        &["listen", "--port", "0", "--save", target.to_str().unwrap()],
    );
    assert!(ran.took < Duration::from_secs(5), "took {:?}", ran.took);
    says(ran.fails(2), &[needle, "--save"]);
}

#[test]
fn save_to_a_fifo_is_refused_at_once() {
    let t = Test::new();
    let fifo = t.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    refused(&fifo, "not a regular file");
}

#[test]
fn save_to_dev_zero_is_refused_at_once() {
    refused(Path::new("/dev/zero"), "not a regular file");
}

#[test]
fn save_through_a_symlink_is_refused_and_the_target_untouched() {
    let t = Test::new();
    let target = t.path().join("victim");
    std::fs::write(&target, "precious\n").unwrap();
    let link = t.path().join("s.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    refused(&link, "symbolic link");
    assert_eq!(std::fs::read(&target).unwrap(), b"precious\n");
    // A dangling link is refused too, and creates nothing.
    let dangling = t.path().join("d.jsonl");
    std::os::unix::fs::symlink(t.path().join("nowhere"), &dangling).unwrap();
    refused(&dangling, "symbolic link");
    assert!(!t.path().join("nowhere").exists());
}

#[test]
fn a_new_save_file_is_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let l = Listener::start(&["--json", "--save", file.to_str().unwrap()]);
    post(l.addr, "/h?token=secret", FORM, b"type=subscribe");
    l.line();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

#[test]
fn an_open_existing_save_file_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt as _;
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    std::fs::write(&file, "").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let l = Listener::start(&["--save", file.to_str().unwrap()]);
    says(
        &l.stderr_with("chmod 600"),
        &["open to other users", "mode 644"],
    );
}

#[test]
fn a_save_file_owned_by_another_user_is_refused() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    std::fs::write(&file, "").unwrap();
    if std::os::unix::fs::chown(&file, Some(65534), Some(65534)).is_err() {
        eprintln!("skipped: not allowed to chown (not root)");
        return;
    }
    refused(&file, "owned by another user");
    assert_eq!(std::fs::read(&file).unwrap(), b"");
}

/// Bytes written to the save file per byte received: the body is stored once.
fn ratio(content_type: &str, body: &[u8]) -> f64 {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let l = Listener::start(&["--raw", "--save", file.to_str().unwrap()]);
    assert_eq!(post(l.addr, "/h?token=t", content_type, body).status, 200);
    drop(l);
    let (saved, _) = captured(&file);
    assert_eq!(saved[0].1, body);
    std::fs::metadata(&file).unwrap().len() as f64 / body.len() as f64
}

#[test]
fn a_saved_line_costs_at_most_1_5_bytes_per_text_byte_and_1_4_per_binary_byte() {
    let mut text = Vec::new();
    let mut i = 0;
    while text.len() < 200 * 1024 {
        text.extend_from_slice(
            format!("contact%5Bfields%5D%5B{i}%5D=%7C%7COption+{i}%7C%7C&").as_bytes(),
        );
        i += 1;
    }
    let r = ratio(FORM, &text);
    assert!(r <= 1.5, "form text: {r:.2} bytes per byte");
    // Text made of characters JSON must escape costs no more than base64.
    let r = ratio("text/plain", &[1u8; 64 * 1024]);
    assert!(r <= 1.5, "control text: {r:.2} bytes per byte");
    let binary: Vec<u8> = (0..200 * 1024)
        .map(|i| (i * 7 % 256) as u8 | 0x80)
        .collect();
    let r = ratio("application/octet-stream", &binary);
    assert!(r <= 1.4, "binary: {r:.2} bytes per byte");
}

#[test]
fn fsync_saves_the_same_lines_and_needs_save() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let l = Listener::start(&["--json", "--fsync", "--save", file.to_str().unwrap()]);
    assert_eq!(post(l.addr, "/", FORM, b"type=subscribe").status, 200);
    l.line();
    drop(l);
    let (saved, _) = captured(&file);
    assert_eq!(saved, [(1, b"type=subscribe".to_vec())]);
    let ran = t.run(&["listen", "--port", "0", "--fsync"]);
    says(ran.fails(2), &["--save"]);
}
