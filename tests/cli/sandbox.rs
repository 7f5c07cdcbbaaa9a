//! `acwh sandbox` as a user runs it: the real binary as a child, its export lines, webhooks
//! created with `acwh create`, events fired with `acwh sandbox fire` and caught by a real
//! `acwh listen`. The rate-limit test serves the same sandbox in-process instead, seeded
//! with 300 webhooks. Every wait is bounded; children are killed on drop.

use std::time::Duration;

use serde_json::Value;

use crate::support::{Conn, Listener, SECRET_KEY, SandboxChild, Test, closed_port, sandbox};

#[test]
fn full_loop_create_fire_listen() {
    let t = Test::new();
    let mut sandbox = SandboxChild::start(&t, &[]);
    assert!(
        sandbox.url.starts_with("http://127.0.0.1:"),
        "{}",
        sandbox.url
    );
    assert!(!sandbox.url.contains("/api/3"));
    assert_eq!(sandbox.key.len(), 32);
    let listen = Listener::start(&["--json"]);

    let id = sandbox.create(&t, &listen.url(), "--event subscribe --source public");
    assert_eq!(id, "1");
    let (lines, _) = sandbox.fire(&t, "subscribe");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("#1 {} 200 ", listen.url())),
        "{lines:?}"
    );

    let got = listen.json();
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
    let t = Test::new();
    let sandbox = SandboxChild::start(&t, &[]);
    let listen = Listener::start(&["--json"]);
    let to = |path: &str| format!("{}{path}", listen.url());
    let d = &t;
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
            .map(|_| listen.json()["path"].as_str().unwrap().to_string())
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

    // deal_add is one of the events a webhook's listid does not restrict (`acwh::events`),
    // so the list-2 hook gets it.
    let (lines, _) = sandbox.fire(d, "deal_add --source public");
    assert_eq!(ids(&lines), ["#6"]);
    assert_eq!(paths(1), ["/deals"]);

    // Nothing matches: said on stderr in one line, exit 1.
    let (lines, err) = sandbox.fire_code(d, "update --source system", 1);
    assert!(lines.is_empty(), "{lines:?}");
    assert!(
        err.contains("nothing delivered: no webhook matches update from system on list 1"),
        "{err}"
    );
    // Every delivery was printed before it was answered, and fire waits for the answers.
    assert!(listen.no_line_within(Duration::from_millis(200)));
}

#[test]
fn a_410_deactivates_the_webhook() {
    let t = Test::new();
    let sandbox = SandboxChild::start(&t, &[]);
    let listen = Listener::start(&["--json", "--status", "410"]);
    sandbox.create(&t, &listen.url(), "--event subscribe --source public");

    // The receiver's 4xx is the exit status, as for `trigger`.
    let (lines, _) = sandbox.fire_code(&t, "subscribe", 4);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains(" 410 "), "{lines:?}");
    assert!(lines[0].contains("(webhook deactivated)"), "{lines:?}");
    assert_eq!(listen.json()["event"], "subscribe");
    sandbox.stderr_with("webhook #1 is now inactive");

    // The sandbox's own list tells it; AC's API (and so `acwh list`) has no such field.
    let mut c = Conn::open(sandbox.addr());
    let r = c.request(
        "GET",
        "/_sandbox/webhooks",
        &[("Api-Token", &sandbox.key)],
        b"",
    );
    assert_eq!(r.status, 200);
    let own: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(own["webhooks"][0]["id"], "1");
    assert_eq!(own["webhooks"][0]["active"], false);
    let listed = sandbox.ok(&t, &["list", "--json"]);
    assert!(!listed.contains("active"), "{listed}");
    assert!(!sandbox.ok(&t, &["list"]).contains("STATE"));

    let (lines, err) = sandbox.fire_code(&t, "subscribe", 1);
    assert!(lines.is_empty(), "{lines:?}");
    assert!(err.contains("skipped #1: inactive"), "{err}");
    assert!(err.contains("no active webhook matches subscribe"), "{err}");
    assert!(listen.no_line_within(Duration::from_millis(200)));
}

#[test]
fn duplicate_rate_one_delivers_twice() {
    let t = Test::new();
    let sandbox = SandboxChild::start(&t, &["--duplicate-rate", "1"]);
    let listen = Listener::start(&["--json"]);
    sandbox.create(&t, &listen.url(), "--event subscribe --source public");

    let (lines, _) = sandbox.fire(&t, "subscribe --json");
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

    let (first, second) = (listen.json(), listen.json());
    assert_eq!(first["duplicate_of"], Value::Null);
    assert_eq!(second["duplicate_of"], 1);
    assert_eq!(first["body"], second["body"]);
}

#[test]
fn list_rides_through_the_rate_limit_over_300_webhooks() {
    let t = Test::new();
    let h = sandbox();
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

    let out = t.api(&h.url()).args(["list", "-q"]).output().unwrap();
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
    let t = Test::new();
    let state = t.path().join("sandbox.json");
    let state_arg = state.to_str().unwrap();
    let mut first = SandboxChild::start(&t, &["--state", state_arg]);
    let id = first.create(
        &t,
        "http://127.0.0.1:9/kept",
        "--event subscribe --source api",
    );
    assert_eq!(first.stop(), Some(0));
    drop(first);

    let mut second = SandboxChild::start(&t, &["--state", state_arg]);
    assert_eq!(second.ok(&t, &["list", "-q"]), format!("{id}\n"));
    assert!(
        second.seen().iter().any(|l| l.contains(state_arg)),
        "{:?}",
        second.seen()
    );
    assert_eq!(second.stop(), Some(0));
}

#[test]
fn the_key_survives_a_restart_and_is_never_the_users() {
    let t = Test::new();
    let state = t.path().join("s.json");
    let state_arg = state.to_str().unwrap();
    let mut env = t.command();
    env.env("ACWH_API_KEY", SECRET_KEY);
    let mut first = SandboxChild::start_with(env, &["--state", state_arg]);
    assert_ne!(first.key, SECRET_KEY);
    first.stderr_with("ignores --api-key / ACWH_API_KEY");
    let key = first.key.clone();
    assert_eq!(first.stop(), Some(0));
    assert!(
        !first.log().contains(SECRET_KEY),
        "the user's key was printed"
    );
    drop(first);

    let second = SandboxChild::start(&t, &["--state", state_arg]);
    assert_eq!(second.key, key);
}

#[test]
fn fire_without_a_sandbox_or_its_key_fails_with_a_hint() {
    let t = Test::new();
    let url = format!("http://127.0.0.1:{}", closed_port());
    t.acwh()
        .env("ACWH_API_URL", &url)
        .args(["sandbox", "fire", "subscribe"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("start one with `acwh sandbox`"));

    let sandbox = SandboxChild::start(&t, &[]);
    t.acwh()
        .env("ACWH_API_URL", &sandbox.url)
        .args(["sandbox", "fire", "subscribe"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains("export the two lines"));
    // AC's event names, verbatim.
    sandbox
        .cmd(&t)
        .args(["sandbox", "fire", "deal_task_add"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no webhook matches deal_task_add",
        ));
}

#[test]
fn fire_exits_like_trigger() {
    let t = Test::new();
    let sandbox = SandboxChild::start(&t, &[]);
    let how = "--event subscribe --source public";
    // A receiver that is down: printed, then exit 1 with one line saying nothing arrived.
    sandbox.create(&t, &format!("http://127.0.0.1:{}/", closed_port()), how);
    let (lines, err) = sandbox.fire_code(&t, "subscribe", 1);
    assert!(lines[0].contains("failed: could not connect"), "{lines:?}");
    assert!(
        err.contains("nothing delivered: no receiver of the 1 matching webhook(s) answered 2xx"),
        "{err}"
    );

    // One receiver takes it, another answers 503: the worst answer wins.
    let ok = Listener::start(&["--json"]);
    let down = Listener::start(&["--json", "--status", "503"]);
    sandbox.create(&t, &ok.url(), how);
    sandbox.create(&t, &down.url(), how);
    let (lines, err) = sandbox.fire_code(&t, "subscribe", 5);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(!err.contains("nothing delivered"), "{err}");
    assert_eq!(ok.json()["event"], "subscribe");
    assert_eq!(down.json()["event"], "subscribe");
}

#[test]
fn the_start_up_note_fits_stderrs_width() {
    let t = Test::new();
    let mut cmd = t.command();
    cmd.env("COLUMNS", "60");
    let sandbox = SandboxChild::start_with(cmd, &[]);
    sandbox.stderr_with("lifts this)");
    let seen = sandbox.seen();
    let first = seen
        .iter()
        .position(|l| l.contains("note: deliveries go only to loopback"))
        .unwrap_or_else(|| panic!("no note: {seen:#?}"));
    let last = first
        + seen[first..]
            .iter()
            .position(|l| l.contains("lifts this)"))
            .unwrap();
    assert!(last > first, "not wrapped: {seen:#?}");
    for line in &seen[first..=last] {
        assert!(line.chars().count() <= 60, "{line:?} is over 60 columns");
    }
    // Wrapped under its own text, after `  note: `.
    for line in &seen[first + 1..=last] {
        assert!(
            line.starts_with("        ") && !line.starts_with("         "),
            "{line:?}"
        );
    }
}
