//! Where `acwh sandbox` delivers, and what its fire report tells about a port. No packet may
//! leave loopback even if the rule regressed: the targets that are not loopback are
//! `0.0.0.0` (which this machine answers itself) and `https://[fe80::1]/` (link-local with no
//! scope, which no connection can reach); private and metadata ranges and host names are
//! covered by the unit tests of `src/sandbox/reach.rs`. `fire` also sends the key only to a URL
//! the user gave.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{
    Listener, SECRET_KEY, SandboxChild, Test, WAIT, closed_port, exec, sandbox, says,
};

/// The longest a fire may take here: skipping is decided before any connection, so an
/// attempted connection would show up as a slower run or a failure text.
const BOUND: Duration = Duration::from_secs(2);

/// A state file with three webhooks for `subscribe`: #1 to `listen` through 127.0.0.1,
/// #2 to `listen` through 0.0.0.0, #3 to `https://[fe80::1]/hook`.
fn state_with_hooks(t: &Test, listen: &Listener) -> PathBuf {
    let state = t.path().join("sandbox.json");
    let arg = state.to_str().unwrap();
    let mut sandbox = SandboxChild::start(t, &["--state", arg]);
    let how = "--event subscribe --source public";
    for path in ["direct", "zero", "link"] {
        sandbox.create(t, &format!("{}{path}", listen.url()), how);
    }
    assert_eq!(sandbox.stop(), Some(0));
    // AC's URL rules refuse both targets; a state file can hold anything.
    let text = std::fs::read_to_string(&state).unwrap();
    let zero = format!("http://0.0.0.0:{}/zero", listen.addr.port());
    let text = text
        .replace(&format!("{}zero", listen.url()), &zero)
        .replace(&format!("{}link", listen.url()), "https://[fe80::1]/hook");
    std::fs::write(&state, text).unwrap();
    state
}

/// `acwh sandbox fire subscribe` within [`BOUND`], exiting `code`; its stdout lines, sorted
/// by webhook.
fn fire_quickly(sandbox: &SandboxChild, t: &Test, code: i32) -> Vec<String> {
    let started = Instant::now();
    let (mut lines, _) = sandbox.fire_code(t, "subscribe", code);
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
    lines.sort();
    lines
}

#[test]
fn only_loopback_receivers_get_deliveries_by_default() {
    let t = Test::new();
    let listen = Listener::start(&["--json"]);
    let state = state_with_hooks(&t, &listen);
    let sandbox = SandboxChild::start(&t, &["--state", state.to_str().unwrap()]);
    sandbox.stderr_with("deliveries go only to loopback receivers (127.0.0.0/8, ::1)");

    // A skipped delivery was not delivered: exit 1, as for a receiver that is down.
    let lines = fire_quickly(&sandbox, &t, 1);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("#1 ") && lines[0].contains(" 200 "),
        "{lines:#?}"
    );
    for (line, ip) in [(&lines[1], "0.0.0.0"), (&lines[2], "fe80::1")] {
        assert!(
            line.contains(&format!("skipped: {ip} is not a loopback address")),
            "{line}"
        );
        assert!(line.contains("--allow-remote-delivery"), "{line}");
    }
    let got = listen.json();
    assert_eq!(got["path"], "/direct");
    assert!(listen.no_line_within(Duration::from_millis(300)));
    let logged = sandbox.stderr_with("#3 https://[fe80::1]/hook skipped: ");
    assert!(logged.contains("deliver subscribe"), "{logged}");
}

#[test]
fn allow_remote_delivery_lifts_the_rule() {
    let t = Test::new();
    let listen = Listener::start(&["--json"]);
    let state = state_with_hooks(&t, &listen);
    let args = [
        "--state",
        state.to_str().unwrap(),
        "--allow-remote-delivery",
    ];
    let sandbox = SandboxChild::start(&t, &args);
    sandbox.stderr_with("--allow-remote-delivery: deliveries go to any address");
    assert!(
        !sandbox
            .seen()
            .iter()
            .any(|l| l.contains("go only to loopback")),
        "{:?}",
        sandbox.seen()
    );
    // No connection to fe80::1 is ever tried, even one that cannot leave the machine.
    sandbox.ok(&t, &["delete", "3", "--yes"]);

    let lines = fire_quickly(&sandbox, &t, 0);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[1].starts_with("#2 http://0.0.0.0:"), "{lines:#?}");
    assert!(lines.iter().all(|l| l.contains(" 200 ")), "{lines:#?}");
    let mut paths: Vec<String> = (0..2)
        .map(|_| {
            let v = listen.json();
            v["path"].as_str().unwrap().to_owned()
        })
        .collect();
    paths.sort();
    assert_eq!(paths, ["/direct", "/zero"]);
}

/// A loopback port that answers one connection like an SSH server, then closes it.
fn not_http() -> u16 {
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut conn, _)) = server.accept() {
            let _ = conn.set_write_timeout(Some(WAIT));
            let _ = conn.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        }
    });
    port
}

#[test]
fn the_report_does_not_tell_what_else_listens_on_a_port() {
    let t = Test::new();
    let sandbox = SandboxChild::start(&t, &[]);
    let closed = closed_port();
    let how = "--event subscribe --source public";
    sandbox.create(&t, &format!("http://127.0.0.1:{}/", not_http()), how);
    sandbox.create(&t, &format!("http://127.0.0.1:{closed}/"), how);
    let lines = fire_quickly(&sandbox, &t, 1);
    assert!(lines[0].contains(" failed: no HTTP answer "), "{lines:#?}");
    assert!(
        !lines[0].contains("SSH") && !lines[0].contains("version"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("failed: could not connect: connection refused"),
        "{lines:#?}"
    );
}

// `acwh sandbox fire` and credentials: the key goes only to a URL the user gave, through
// the same flag > environment > profile resolution as every command.

#[test]
fn fire_with_a_key_but_no_url_sends_nothing_and_says_how_to_fix_it() {
    let t = Test::new();
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_KEY", SECRET_KEY);
    let r = exec(cmd, &["sandbox", "fire", "subscribe"]);
    let err = r.fails(2);
    says(err, &["no API URL", "acwh sandbox", "export", "--api-url"]);
    assert!(!err.contains(SECRET_KEY), "{err}");
}

/// A private config file whose profile `name` holds `url` and the test key.
fn save_profile(dir: &Path, name: &str, url: &str) {
    let file = dir.join("config.toml");
    let text = format!("[profiles.{name}]\napi_url = \"{url}\"\napi_key = \"{SECRET_KEY}\"\n");
    std::fs::write(&file, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn fire_uses_a_saved_profile_url_and_key_together() {
    let h = sandbox();
    let t = Test::new();
    save_profile(t.path(), "work", &h.url());
    let r = t.run(&["--profile", "work", "sandbox", "fire", "subscribe"]);
    says(
        r.fails(1),
        &["nothing delivered: no webhook matches subscribe"],
    );
    assert!(!r.err.contains(SECRET_KEY), "{}", r.err);
    let log = h.sandbox().requests();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].api_token.as_deref(), Some(SECRET_KEY));
}

#[test]
fn a_profiles_key_never_goes_to_a_url_from_the_environment() {
    let saved = sandbox();
    // Whoever holds the port ACWH_API_URL names: it records what it is sent.
    let squatter = sandbox();
    let t = Test::new();
    save_profile(t.path(), "default", &saved.url());
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_URL", squatter.url());
    let r = exec(cmd, &["sandbox", "fire", "subscribe"]);
    says(r.fails(4), &["needs its key"]);
    let log = squatter.sandbox().requests();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        log[0].api_token, None,
        "the profile's key went to another URL"
    );
    assert!(saved.sandbox().requests().is_empty());
}

#[test]
fn the_saved_login_goes_with_its_own_url_from_the_environment() {
    // `acwh login` against the sandbox, then only `export ACWH_API_URL=...` in the shell:
    // the same URL as the profile, so the profile's key goes with it, as for `acwh list`.
    let h = sandbox();
    let t = Test::new();
    save_profile(t.path(), "default", &format!("{}/api/3", h.url()));
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_URL", format!("{}/", h.url()));
    let r = exec(cmd, &["sandbox", "fire", "subscribe"]);
    says(r.fails(1), &["no webhook matches subscribe"]);
    let log = h.sandbox().requests();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].api_token.as_deref(), Some(SECRET_KEY));
}
