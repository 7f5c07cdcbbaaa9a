//! `listen --save`, `captures`, `replay` and `listen --forward-to`. The "app" receiving
//! forwarded and replayed requests is a second `acwh listen --json`: a real HTTP server that
//! reports each request's method, target, headers and exact bytes (base64).

use std::collections::HashSet;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{Conn, FORM, Listener, SUBSCRIBE, Test, body_of, closed_port, post};

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The app's view of the next request: its JSON line, with the body as bytes.
fn app_request(app: &Listener) -> (Value, Vec<u8>) {
    let v = app.json();
    let body = body_of(&v);
    (v, body)
}

#[test]
fn save_keeps_every_request_byte_for_byte_and_appends() {
    let t = Test::new();
    let file = t.path().join("caught.jsonl");
    let f = file.to_str().unwrap();
    {
        let l = Listener::start(&["--json", "--save", f]);
        post(l.addr, "/h?token=x", FORM, SUBSCRIBE.as_bytes());
        post(
            l.addr,
            "/bin",
            "application/octet-stream",
            &[0, 0xff, 10, 13],
        );
        l.line();
        l.line();
    }
    let saved = lines(&file);
    assert_eq!(saved.len(), 2);
    assert_eq!(body_of(&saved[0]), SUBSCRIBE.as_bytes());
    assert_eq!(body_of(&saved[1]), [0, 0xff, 10, 13]);
    assert_eq!(saved[0]["response"]["status"], 200);
    assert_eq!(saved[0]["event"], "subscribe");
    assert_eq!(saved[0]["target"], "/h?token=x");
    // A second run appends, numbering on.
    let l = Listener::start(&["--json", "--save", f]);
    post(l.addr, "/third", FORM, b"type=update");
    assert_eq!(l.json()["seq"], 3);
    let saved = lines(&file);
    assert_eq!(saved.len(), 3);
    assert_eq!(saved[2]["seq"], 3);
}

#[test]
fn an_unwritable_save_file_fails_at_start_up() {
    let t = Test::new();
    t.acwh()
        .args(["listen", "--port", "0", "--save"])
        .arg(t.path().join("no/such/dir/f.jsonl"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("could not open"));
}

fn saved_file(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("s.jsonl");
    let l = Listener::start(&["--json", "--save", file.to_str().unwrap()]);
    post(l.addr, "/a?token=1", FORM, SUBSCRIBE.as_bytes());
    post(
        l.addr,
        "/b",
        FORM,
        b"type=update&contact%5Bemail%5D=b%40example.com",
    );
    post(l.addr, "/c", "application/octet-stream", &[0xff, 0, b'\'']);
    for _ in 0..3 {
        l.line();
    }
    file
}

#[test]
fn captures_lists_filters_and_prints_json() {
    let t = Test::new();
    let file = saved_file(t.path());
    let out = t.acwh().arg("captures").arg(&file).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("SEQ"), "{text}");
    assert!(
        text.contains("/a?token=1") && text.contains("jane@example.com"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4);
    t.acwh()
        .arg("captures")
        .arg(&file)
        .args(["--event", "update"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("b@example.com").and(predicate::str::contains("/a?").not()),
        );
    let out = t
        .acwh()
        .arg("captures")
        .arg(&file)
        .args(["--last", "1", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["seq"], 3);
}

#[test]
fn replay_resends_exactly_and_reports() {
    let t = Test::new();
    let file = saved_file(t.path());
    let app = Listener::start(&["--json"]);
    let to = format!("http://{}/app", app.addr);
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--all", "--to", &to])
        .assert()
        .success()
        .stdout(predicate::str::contains("#1 POST").and(predicate::str::contains("200")));
    let originals = lines(&file);
    for original in &originals {
        let (got, body) = app_request(&app);
        assert_eq!(body, body_of(original));
        assert_eq!(got["method"], "POST");
        let want = format!("/app{}", original["target"].as_str().unwrap());
        assert_eq!(got["target"], want);
        let ct = |v: &Value| {
            v["headers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|h| h[0] == "content-type")
                .map(|h| h[1].clone())
        };
        assert_eq!(ct(&got), ct(original));
    }
    // --seq and --event choose.
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "2", "--to", &to])
        .assert()
        .success();
    assert_eq!(app_request(&app).0["path"], "/app/b");
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "9", "--to", &to])
        .assert()
        .code(2);
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--to", &to])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--all"));
}

#[test]
fn replay_exit_codes_follow_the_receiver() {
    let t = Test::new();
    let file = saved_file(t.path());
    let four = Listener::start(&["--status", "404"]);
    let five = Listener::start(&["--status", "503"]);
    let run = |to: &str| {
        t.acwh()
            .arg("replay")
            .arg(&file)
            .args(["--last", "1", "--to", to])
            .assert()
    };
    run(&four.url()).code(4);
    run(&five.url()).code(5);
    let port = closed_port();
    run(&format!("http://127.0.0.1:{port}/"))
        .code(1)
        .stderr(predicate::str::contains("is the app running"));
}

#[test]
fn curl_commands_reproduce_the_request() {
    let t = Test::new();
    let file = saved_file(t.path());
    let app = Listener::start(&["--json"]);
    let has_curl = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok();
    for seq in ["1", "3"] {
        let out = t
            .acwh()
            .arg("replay")
            .arg(&file)
            .args(["--seq", seq, "--curl", "--to", &app.url()])
            .assert()
            .success();
        let cmd = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(cmd.contains("curl -sS -X 'POST'"), "{cmd}");
        if has_curl {
            let status = std::process::Command::new("sh")
                .args(["-c", cmd.trim()])
                .output()
                .unwrap();
            assert!(status.status.success(), "{cmd}");
            let original = &lines(&file)[seq.parse::<usize>().unwrap() - 1];
            assert_eq!(app_request(&app).1, body_of(original), "{cmd}");
        }
    }
    // Without --to, the command targets the default listen address.
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "2", "--curl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("'http://127.0.0.1:8080/b'"));
}

#[test]
fn forward_passes_bytes_on_and_answers_with_the_apps_status() {
    let app = Listener::start(&["--json", "--status", "202"]);
    let l = Listener::start(&["--forward-to", &format!("http://{}/app", app.addr)]);
    let r = post(l.addr, "/hooks/ac?token=1", FORM, SUBSCRIBE.as_bytes());
    assert_eq!(r.status, 202);
    let (got, body) = app_request(&app);
    assert_eq!(body, SUBSCRIBE.as_bytes());
    assert_eq!(got["target"], "/app/hooks/ac?token=1");
    let shown = l.block();
    assert!(shown.contains("-> app http://"), "{shown}");
    assert!(shown.contains(" 202 in "), "{shown}");
    assert!(shown.contains("acwh listen answers 202"), "{shown}");
}

#[test]
fn forward_to_a_down_app_answers_502_keeps_the_delivery_and_goes_on() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let port = closed_port();
    let l = Listener::start(&[
        "--json",
        "--save",
        file.to_str().unwrap(),
        "--forward-to",
        &format!("http://127.0.0.1:{port}/"),
    ]);
    assert_eq!(post(l.addr, "/x", FORM, b"a=1").status, 502);
    l.stderr_with("forward failed");
    assert_eq!(post(l.addr, "/y", FORM, b"a=2").status, 502);
    l.line();
    l.line();
    let saved = lines(&file);
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[0]["response"]["status"], 502);
    assert!(saved[0]["response"]["forward"]["error"].is_string());
}

#[test]
fn forward_routes_by_path_prefix() {
    let contacts = Listener::start(&["--json"]);
    let deals = Listener::start(&["--json"]);
    let other = Listener::start(&["--json"]);
    let l = Listener::start(&[
        "--forward-to",
        &format!("/ac/contacts=http://{}/contacts", contacts.addr),
        "--forward-to",
        &format!("/ac/deals=http://{}/deals", deals.addr),
        "--forward-to",
        &format!("http://{}/", other.addr),
    ]);
    post(l.addr, "/ac/contacts/new?x=1", FORM, b"a=1");
    post(l.addr, "/ac/deals", FORM, b"a=2");
    post(l.addr, "/elsewhere", FORM, b"a=3");
    assert_eq!(app_request(&contacts).0["target"], "/contacts/new?x=1");
    assert_eq!(app_request(&deals).0["target"], "/deals");
    assert_eq!(app_request(&other).0["target"], "/elsewhere");
}

/// SIGKILL in the middle of a burst: every request that was answered 200 is in the file,
/// and every line is whole.
#[test]
fn kill_during_a_burst_loses_nothing_that_was_answered() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let mut l = Listener::start(&["--save", file.to_str().unwrap(), "--raw"]);
    let addr = l.addr;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut answered = Vec::new();
                let mut conn = Conn::open(addr);
                for i in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let body = format!("type=subscribe&client={c}&i={i}");
                    match conn.try_request(body.as_bytes()) {
                        Some(200) => answered.push(body),
                        _ => break,
                    }
                }
                answered
            })
        })
        .collect();
    // Kill once enough have been answered: the file is the witness. Each client has at most
    // one request in flight, saved but perhaps not yet answered, so 400 + 8 saved lines mean
    // at least 400 answers.
    let deadline = std::time::Instant::now() + crate::support::WAIT;
    while std::fs::read(&file)
        .map(|b| b.iter().filter(|c| **c == b'\n').count())
        .unwrap_or(0)
        < 400 + 8
    {
        assert!(std::time::Instant::now() < deadline, "too slow");
        std::thread::yield_now();
    }
    l.kill();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let answered: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let text = std::fs::read(&file).unwrap();
    assert_eq!(text.last(), Some(&b'\n'), "the last line is torn");
    let saved: HashSet<String> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let v: Value = serde_json::from_slice(l).expect("a torn line");
            v["body"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(answered.len() >= 400, "only {} answered", answered.len());
    for body in &answered {
        assert!(saved.contains(body), "answered 200 but not saved: {body}");
    }
}

/// A request re-sent by `--forward-to` or `replay` carries exactly its own headers: one that
/// came without a User-Agent gets none added on the way.
#[test]
fn forward_and_replay_add_no_user_agent() {
    let t = Test::new();
    let file = t.path().join("s.jsonl");
    let app = Listener::start(&["--json"]);
    let l = Listener::start(&["--forward-to", &app.url(), "--save", file.to_str().unwrap()]);
    assert_eq!(post(l.addr, "/h", FORM, b"a=1").status, 200);
    let names = |v: &Value| -> Vec<String> {
        v["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h[0].as_str().unwrap().to_ascii_lowercase())
            .collect()
    };
    let (forwarded, _) = app_request(&app);
    assert!(
        !names(&forwarded).contains(&"user-agent".to_string()),
        "{forwarded}"
    );
    t.run(&[
        "replay",
        file.to_str().unwrap(),
        "--all",
        "--to",
        &app.url(),
    ])
    .expect(0);
    let (replayed, _) = app_request(&app);
    assert!(
        !names(&replayed).contains(&"user-agent".to_string()),
        "{replayed}"
    );
}
