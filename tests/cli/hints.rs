//! Hints where a new user gets stuck: a port in use or reserved, `trigger` with no event, a
//! wrong `--secret` token, a URL with a `{` placeholder, and AC's errors without the status's
//! reason twice.

use std::os::unix::fs::MetadataExt;
use std::process::{Command as StdCommand, Stdio};

use crate::support::{Child, FORM, Listener, SECRET_KEY, Stdout, Test, post, sandbox, says};

#[test]
fn a_port_in_use_names_who_holds_it_and_suggests_port_0() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let t = Test::new();
    for cmd in ["listen", "sandbox"] {
        let err = t.run(&[cmd, "--port", &port]).fails(1).to_string();
        says(
            &err,
            &[
                &format!("acwh: error: could not listen on 127.0.0.1:{port}"),
                &format!("(pid {}) is listening on port {port}", std::process::id()),
                "hint:",
                "--port 0 for any free one",
            ],
        );
    }
}

#[test]
fn a_privileged_port_says_what_it_needs() {
    let reserved = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .ok()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .unwrap_or(1024);
    // Where every port is open to every user there is nothing to refuse.
    if reserved <= 1 {
        return;
    }
    let t = Test::new();
    let root = std::fs::metadata("/proc/self").unwrap().uid() == 0;
    let has_setpriv = StdCommand::new("setpriv").arg("--version").output().is_ok();
    // Root may bind any port; without a way to drop that, there is nothing to refuse.
    if root && !has_setpriv {
        return;
    }
    for args in [
        &["listen", "--port", "1", "--timeout", "1s"][..],
        &["sandbox", "--port", "1"],
    ] {
        let mut cmd = if root {
            // As nobody: root may bind any port.
            let mut c = StdCommand::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(crate::support::BIN);
            c
        } else {
            StdCommand::new(crate::support::BIN)
        };
        t.isolate(&mut cmd);
        let o = cmd.args(args).stdin(Stdio::null()).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        says(
            &err,
            &[
                "could not listen on 127.0.0.1:1\n",
                "hint: ports below 1024 need root or CAP_NET_BIND_SERVICE",
                "--port 8080",
            ],
        );
        // Nothing holds the port: no guess that something does.
        assert!(!err.contains("another sandbox"), "{args:?}: {err}");
    }
}

#[test]
fn trigger_with_no_event_points_at_the_event_list() {
    for args in [&["trigger"][..], &["sandbox", "fire"]] {
        let ran = Test::new().run(args);
        let err = ran.fails(2);
        says(
            err,
            &[
                "<EVENT>",
                "  hint: name one: `acwh events --offline` lists them",
                "Usage: acwh ",
            ],
        );
        // The hint sits with the message, before clap's usage line.
        assert!(err.find("hint:") < err.find("Usage:"), "{err}");
    }
    // Not for other missing arguments.
    let err = Test::new().run(&["show"]).fails(2).to_string();
    assert!(!err.contains("hint:"), "{err}");
}

#[test]
fn a_wrong_secret_token_is_called_that() {
    let l = Listener::start(&["--secret", "0123456789abcdef-token"]);
    let r = post(l.addr, "/hook?token=wrong", FORM, b"type=subscribe");
    assert_eq!(r.status, 401);
    let line = l.stderr_with("rejected");
    says(
        &line,
        &["the token does not match --secret  <- 401 Unauthorized"],
    );
    assert!(!line.contains("lacks"), "{line}");
}

#[test]
fn with_a_secret_the_sample_hint_says_where_the_token_goes() {
    let secret = "0123456789abcdef-token";
    let t = Test::new();
    let mut cmd = t.command();
    cmd.args(["listen", "--port", "0", "--count", "1", "--secret", secret])
        .current_dir(t.path());
    let mut listener = Child::spawn(cmd, Stdout::Lines);
    listener.first_line("listen");
    let line = listener.stderr_with("send a sample");
    let after = line.split_once("with:").unwrap().1.trim().to_string();
    // A command too long for the line comes whole on the next one.
    let suggested = if after.is_empty() {
        listener.stderr_with("trigger subscribe").trim().to_string()
    } else {
        after
    };
    says(&line, &["--secret"]);
    says(&suggested, &["?token=<your --secret>"]);
    assert!(
        !line.contains(secret) && !suggested.contains(secret),
        "{line}"
    );
    // Followed as told, with the secret in its place, the sample gets in.
    let mut sh = StdCommand::new("/bin/sh");
    t.isolate(&mut sh);
    let o = sh
        .args(["-c", &suggested.replace("<your --secret>", secret)])
        .current_dir(t.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{suggested}: {err}");
    assert_eq!(listener.wait_exit(), Some(0), "the sample did not arrive");
}

#[test]
fn a_url_with_a_placeholder_says_so() {
    let t = Test::new();
    let create = |url: &str| {
        let args = [
            "create",
            "--dry-run",
            "-e",
            "subscribe",
            "-s",
            "api",
            "--url",
            url,
        ];
        t.run(&args).fails(2).to_string()
    };
    says(
        &create("https://example.com/hooks/{id}"),
        &[
            "the URL contains '{id}', a placeholder that nothing fills in: give the real value",
            "AC sends to the URL exactly as written",
        ],
    );
    says(
        &create("https://example.com/hooks?token=${TOKEN}"),
        &["'${TOKEN}', a variable nothing filled in", "double quotes"],
    );
    let err = t
        .run(&["trigger", "subscribe", "--to", "http://127.0.0.1:{port}/"])
        .fails(2)
        .to_string();
    says(&err, &["'{port}', a placeholder that nothing fills in"]);
}

#[test]
fn acs_errors_do_not_repeat_the_status_reason() {
    let ac = sandbox();
    let t = Test::new();
    let ran = crate::support::exec(
        {
            let mut cmd = t.acwh();
            cmd.env("ACWH_API_URL", ac.url())
                .env("ACWH_API_KEY", "sk-not-the-sandbox-key-0000");
            cmd
        },
        &["list"],
    );
    let err = ran.fails(4);
    says(
        err,
        &["AC answered 403 Forbidden: The API token is missing or invalid."],
    );
    assert!(!err.contains("Forbidden: Forbidden"), "{err}");
    assert!(!err.contains(SECRET_KEY), "{err}");
}
