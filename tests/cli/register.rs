//! `acwh listen --register` against the AC stand-in, with `--public-url` naming the catcher's
//! own loopback address (the sandbox delivers there; AC would not, and listen says so). The
//! webhook is created with the right events, sources, list, name and tokened URL, deliveries
//! arrive, and the webhook is gone after every way out. Tunnels are in `tunnel.rs`.

use serde_json::Value;

use crate::support::{
    Child, FORM, SandboxChild, Stdout, Test, closed_port, exec, inject, post, sandbox, says, status,
};

/// `acwh listen --port PORT --public-url http://127.0.0.1:PORT/hooks --register ARGS`
/// against `api` (URL, key), with stdout read by line; returns it once registered.
pub(crate) fn register_listener(t: &Test, api: (&str, &str), port: u16, args: &[&str]) -> Child {
    let mut cmd = t.command();
    cmd.env("ACWH_API_URL", api.0)
        .env("ACWH_API_KEY", api.1)
        .args(["listen", "--json", "--port", &port.to_string()])
        .args([
            "--public-url",
            &format!("http://127.0.0.1:{port}/hooks"),
            "--register",
        ])
        .args(args);
    Child::spawn(cmd, Stdout::Lines)
}

/// The sandbox's webhooks, as `acwh list --json` shows them.
pub(crate) fn hooks(sb: &SandboxChild, t: &Test) -> Vec<Value> {
    let out = sb.ok(t, &["list", "--json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn json_line(c: &Child) -> Value {
    let line = c
        .out_line(crate::support::WAIT)
        .expect("a delivery on stdout");
    serde_json::from_slice(&line).unwrap()
}

#[test]
fn the_whole_loop_through_the_sandbox_and_cleanup_on_ctrl_c() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    let port = closed_port();
    let mut l = register_listener(
        &t,
        (&sb.url, &sb.key),
        port,
        &[
            "--event",
            "subscribe,update",
            "--source",
            "public,admin",
            "--list",
            "1",
        ],
    );
    says(
        &l.first_line("listen"),
        &[&format!("Listening on http://127.0.0.1:{port}")],
    );
    l.stderr_with("not https on port 443");
    let registered = l.stderr_with("Registered webhook");
    says(
        &registered,
        &[
            "acwh listen on ",
            &format!("(pid {})", l.id()),
            "subscribe, update from public, admin",
            "?token=REDACTED",
        ],
    );
    let all = hooks(&sb, &t);
    assert_eq!(all.len(), 1, "{all:?}");
    let hook = &all[0];
    assert_eq!(hook["events"], serde_json::json!(["subscribe", "update"]));
    assert_eq!(hook["sources"], serde_json::json!(["public", "admin"]));
    assert_eq!(hook["listid"], "1");
    assert!(
        hook["name"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(pid {})", l.id()))
    );
    let url = hook["url"].as_str().unwrap().to_string();
    let prefix = format!("http://127.0.0.1:{port}/hooks?token=");
    assert!(url.starts_with(&prefix), "{url}");
    let secret = url[prefix.len()..].to_string();
    assert_eq!(secret.len(), 32);

    // AC's delivery (the sandbox's) arrives through the registered URL.
    sb.fire(&t, "subscribe --list 1");
    let got = json_line(&l);
    assert_eq!(got["event"], "subscribe");
    assert_eq!(got["query"], serde_json::json!([["token", "REDACTED"]]));
    // Anyone else is refused.
    let refused = post(
        format!("127.0.0.1:{port}").parse().unwrap(),
        "/hooks",
        FORM,
        b"type=x",
    );
    assert_eq!(refused.status, 401);

    l.signal("-INT");
    assert_eq!(l.wait_exit(), Some(0));
    let log = l.log();
    says(&log, &["Deleted webhook 1.", "acwh listen: 1 request"]);
    assert!(!log.contains(&secret), "the secret was shown:\n{log}");
    assert!(!log.contains(&sb.key), "the key was shown");
    assert!(hooks(&sb, &t).is_empty());
}

#[test]
fn sigterm_and_count_delete_the_webhook_too() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    let mut l = register_listener(
        &t,
        (&sb.url, &sb.key),
        closed_port(),
        &["-e", "subscribe", "--source", "public"],
    );
    l.stderr_with("Registered webhook");
    l.signal("-TERM");
    assert_eq!(l.wait_exit(), Some(0));
    says(&l.log(), &["Deleted webhook 1."]);
    assert!(hooks(&sb, &t).is_empty());

    let mut l = register_listener(
        &t,
        (&sb.url, &sb.key),
        closed_port(),
        &["-e", "subscribe", "--source", "public", "--count", "1"],
    );
    l.stderr_with("Registered webhook 2");
    sb.fire(&t, "subscribe");
    assert_eq!(l.wait_exit(), Some(0));
    says(&l.log(), &["Deleted webhook 2."]);
    assert!(hooks(&sb, &t).is_empty());
}

#[test]
fn a_killed_listeners_webhook_is_removed_by_the_next_run_and_nothing_else() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    // Two webhooks that are not this host's stale ones: kept.
    sb.create(
        &t,
        "https://example.com/a",
        "--event subscribe --source public --name keep-me",
    );
    sb.create(
        &t,
        "https://example.com/b",
        "--event subscribe --source public --name acwh-listen-lookalike",
    );
    let args = ["-e", "subscribe", "--source", "public"];
    let mut first = register_listener(&t, (&sb.url, &sb.key), closed_port(), &args);
    first.stderr_with("Registered webhook 3");
    let first_pid = first.id();
    first.kill();
    assert_eq!(hooks(&sb, &t).len(), 3);
    let mut second = register_listener(&t, (&sb.url, &sb.key), closed_port(), &args);
    says(
        &second.stderr_with("Deleted stale webhook"),
        &["Deleted stale webhook 3", &format!("pid {first_pid}")],
    );
    second.stderr_with("Registered webhook 4");
    let names: Vec<String> = hooks(&sb, &t)
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names.contains(&"keep-me".to_string())
            && names.contains(&"acwh-listen-lookalike".to_string())
    );
    second.stop();

    // --keep-stale leaves it.
    let mut third = register_listener(&t, (&sb.url, &sb.key), closed_port(), &args);
    third.stderr_with("Registered webhook 5");
    third.kill();
    let mut fourth = register_listener(
        &t,
        (&sb.url, &sb.key),
        closed_port(),
        &[&args[..], &["--keep-stale"]].concat(),
    );
    fourth.stderr_with("Registered webhook 6");
    fourth.stop();
    assert!(!fourth.log().contains("stale"), "{}", fourth.log());
    assert_eq!(hooks(&sb, &t).len(), 3);
}

/// `acwh listen --port 0 ARGS` against `url` with the test key, run to its end.
fn listen_once(t: &Test, url: &str, args: &str) -> crate::support::Ran {
    let mut all = vec!["listen", "--port", "0"];
    all.extend(args.split_whitespace());
    exec(t.api(url), &all)
}

#[test]
fn register_needs_somewhere_public_and_its_events_and_sources() {
    let t = Test::new();
    let r = listen_once(
        &t,
        "http://127.0.0.1:9",
        "--register -e subscribe --source public",
    );
    says(
        r.fails(2),
        &["--register needs a public URL", "127.0.0.1", "--tunnel"],
    );
    let sb = sandbox();
    let r = listen_once(
        &t,
        &sb.url(),
        "--public-url https://h.example --register -e subscribe --no-input",
    );
    says(r.fails(2), &["missing --source"]);
    let r = exec(t.acwh(), &["listen", "--port", "0", "--public-url", "nope"]);
    says(r.fails(2), &["--public-url 'nope' is not an http(s) URL"]);
}

#[test]
fn ac_refusing_or_failing_the_create_leaves_nothing_behind() {
    let t = Test::new();
    let sb = sandbox();
    let args = "--register -e subscribe --source public --public-url";
    // AC takes https on port 443 only: a 422, shown, exit 4.
    let r = listen_once(&t, &sb.url(), &format!("{args} https://h.example:8443"));
    let err = r.fails(4);
    says(err, &["AC refused the webhook", "422", "?token=REDACTED"]);
    assert!(sb.sandbox().webhooks().is_empty());
    // A 503 on the create: exit 5, and nothing was made.
    inject(&sb, "POST", 1, status(503, None, "{}"));
    let r = listen_once(&t, &sb.url(), &format!("{args} https://h.example"));
    r.fails(5);
    assert!(sb.sandbox().webhooks().is_empty());
}

#[test]
fn a_webhook_that_cannot_be_deleted_is_named_with_the_command_to_delete_it() {
    let t = Test::new();
    let sb = sandbox();
    let mut l = register_listener(
        &t,
        (&sb.url(), crate::support::SECRET_KEY),
        closed_port(),
        &["-e", "subscribe", "--source", "public"],
    );
    l.stderr_with("Registered webhook 1");
    inject(&sb, "DELETE", 1, status(500, None, "{}"));
    l.signal("-INT");
    assert_eq!(l.wait_exit(), Some(5));
    says(
        &l.log(),
        &[
            "could not delete webhook 1: delete it with `acwh --api-url ",
            " delete 1`",
            "AC answered 500",
        ],
    );
    assert_eq!(sb.sandbox().webhooks().len(), 1);
}

/// The token reaches no output and no file, whatever carries the URL: the forward note and
/// view, `--json`, `--save`, and AC's own error text with an odd `--secret`.
#[test]
fn the_token_stays_out_of_forwards_saves_and_acs_errors() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    let (port, file) = (closed_port(), t.path().join("s.jsonl"));
    let closed = format!("http://127.0.0.1:{}/app", closed_port());
    let args = [
        "-e",
        "subscribe",
        "--source",
        "public",
        "--forward-to",
        &closed,
        "--save",
        file.to_str().unwrap(),
    ];
    let mut l = register_listener(&t, (&sb.url, &sb.key), port, &args);
    l.stderr_with("Registered webhook 1");
    let url = hooks(&sb, &t)[0]["url"].as_str().unwrap().to_string();
    let secret = url.rsplit_once("token=").unwrap().1.to_string();
    // The app behind the listener is down: the listener answers 502, so fire exits 5.
    sb.fire_code(&t, "subscribe", 5);
    let line = String::from_utf8(l.out_line(crate::support::WAIT).unwrap()).unwrap();
    l.stderr_with("forward failed");
    l.stop();
    let saved = std::fs::read_to_string(&file).unwrap();
    for (what, text) in [("stdout", line), ("stderr", l.log()), ("--save", saved)] {
        assert!(!text.contains(&secret), "the token is in {what}:\n{text}");
        assert!(text.contains("REDACTED"), "{what}:\n{text}");
    }

    let odd = "my-secret/with&chars+0123456789";
    let r = listen_once(
        &t,
        &crate::support::sandbox().url(),
        &format!(
            "--secret {odd} --public-url https://h.example:8443 --register -e subscribe --source public"
        ),
    );
    let err = r.fails(4);
    assert!(!err.contains("secret"), "{err}");
}

/// A closed terminal (SIGHUP) ends listen as Ctrl-C does: the webhook goes too.
#[test]
fn sighup_deletes_the_webhook() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    let args = ["-e", "subscribe", "--source", "public"];
    let mut l = register_listener(&t, (&sb.url, &sb.key), closed_port(), &args);
    l.stderr_with("Registered webhook 1");
    l.signal("-HUP");
    assert_eq!(l.wait_exit(), Some(0));
    says(&l.log(), &["Deleted webhook 1."]);
    assert!(hooks(&sb, &t).is_empty());
}
