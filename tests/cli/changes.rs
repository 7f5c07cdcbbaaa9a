//! Changes that are no change, and names that clash: `update` that would change nothing sends
//! nothing, and `create` at a terminal warns of a name another webhook has (`apply` matches
//! webhooks by name).

use acwh::sandbox::Handle;

use crate::support::{SECRET_KEY, Test, exec, sandbox, says};

fn methods_since(h: &Handle, from: usize) -> Vec<String> {
    h.sandbox().requests()[from..]
        .iter()
        .map(|r| r.method.clone())
        .collect()
}

#[test]
fn update_that_changes_nothing_says_so_and_sends_no_put() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let before = h.sandbox().webhooks()[0].clone();
    let t = Test::new();
    for args in [
        &["update", "1", "--list", "0"][..],
        &[
            "update",
            "1",
            "--name",
            "Hook 1",
            "-e",
            "subscribe",
            "-s",
            "public",
        ],
        &["update", "1", "--add-event", "subscribe", "--json"],
    ] {
        let from = h.sandbox().requests().len();
        let r = exec(t.api(&h.url()), args);
        let out = r.ok().to_string();
        says(&r.err, &["nothing to change", "nothing was sent"]);
        if args.contains(&"--json") {
            let json: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(json["id"], "1", "{out}");
        } else {
            says(&out, &["Unchanged webhook 1"]);
        }
        assert_eq!(methods_since(&h, from), ["GET"], "{args:?}");
    }
    assert_eq!(h.sandbox().webhooks()[0], before);
    // A real change still goes out.
    let from = h.sandbox().requests().len();
    let r = exec(t.api(&h.url()), &["update", "1", "--list", "2"]);
    says(r.ok(), &["Updated webhook 1"]);
    assert_eq!(methods_since(&h, from), ["GET", "PUT"]);
}

const DOWN: &str = "\x1b[B";

fn key(p: &mut rexpect::session::PtySession, s: &str) {
    p.send(s).unwrap();
    p.flush().unwrap();
}

/// Runs the create wizard for `subscribe` to `url`, source public, list and name as offered.
fn wizard_create(t: &Test, h: &Handle, url: &str) -> String {
    let mut cmd = t.command();
    // The URL as a flag: the wizard asks only for what is missing.
    cmd.args(["create", "--url", url]).env("TERM", "xterm");
    cmd.env("ACWH_API_URL", h.url())
        .env("ACWH_API_KEY", SECRET_KEY);
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    // What to wait for on screen, then the key to press: each key waits for the redraw it
    // answers, so none is typed ahead of its prompt.
    let steps = [
        ("deal_update", " "), // events: subscribe, the first
        ("[x] contact  subscribe", "\r"),
        ("By system processes", " "), // sources: public, the first
        ("[x] public", "\r"),
        ("Trial users", DOWN), // list: the first offered
        ("Trial users", "\r"),
        ("Name", "\r"), // the default name
    ];
    for (screen, press) in steps {
        p.exp_string(screen).unwrap();
        key(&mut p, press);
    }
    let before = p.exp_string("Create this webhook?").unwrap();
    key(&mut p, "y");
    p.exp_string("Created webhook").unwrap();
    p.exp_eof().unwrap();
    before
}

#[test]
fn create_at_a_terminal_warns_of_a_name_already_taken() {
    let h = sandbox();
    let t = Test::new();
    // The first: no one has its name.
    let first = wizard_create(&t, &h, "https://example.com/hooks/one");
    assert!(!first.contains("already named"), "{first}");
    // The second gets the same default name, from the same event and host.
    let second = wizard_create(&t, &h, "https://example.com/hooks/two");
    says(
        &second,
        &[
            "webhook 1 is already named \"subscribe -> example.com\"",
            "`acwh apply` matches webhooks by name",
        ],
    );
    assert_eq!(h.sandbox().webhooks().len(), 2);
}

#[test]
fn create_with_flags_still_sends_exactly_one_request() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let t = Test::new();
    let args = [
        "create",
        "-e",
        "subscribe",
        "-s",
        "api",
        "--name",
        "Hook 1",
        "--url",
        "https://example.com/hooks/ac",
    ];
    let from = h.sandbox().requests().len();
    exec(t.api(&h.url()), &args).ok();
    assert_eq!(methods_since(&h, from), ["POST"]);
}
