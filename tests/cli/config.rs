//! Login, profiles, the config file, and the prompts at a real pseudo-terminal.

use acwh::sandbox::Handle;
use predicates::prelude::*;

use crate::support::{SECRET_KEY, Test, sandbox};

fn login(t: &Test, url: &str, key: &str, profile: Option<&str>) -> assert_cmd::assert::Assert {
    let mut cmd = t.acwh();
    cmd.args(["login", "--api-key-stdin", "--api-url", url]);
    if let Some(p) = profile {
        cmd.args(["--profile", p]);
    }
    cmd.write_stdin(format!("{key}\n")).assert()
}

#[test]
fn login_saves_a_private_profile_that_later_commands_use() {
    let h = sandbox();
    let t = Test::new();
    login(&t, &h.url(), SECRET_KEY, None)
        .success()
        .stdout(predicate::str::contains(
            "Logged in as sandbox <sandbox@example.com> (profile default)",
        ))
        .stdout(predicate::str::contains(SECRET_KEY).not());
    let file = t.path().join("config.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("[profiles.default]"), "{text}");
    t.acwh()
        .arg("whoami")
        .assert()
        .success()
        .stdout(predicate::str::contains("sandbox"));
    t.acwh()
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sk-A…RINT"))
        .stdout(predicate::str::contains("(config file)"))
        .stdout(predicate::str::contains(SECRET_KEY).not());
    t.acwh()
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", file.display()));
    t.acwh().arg("logout").assert().success();
    t.acwh().arg("whoami").assert().code(2);
}

#[test]
fn a_rejected_key_saves_nothing() {
    let h = sandbox();
    let t = Test::new();
    login(&t, &h.url(), "wrong-key", None)
        .code(4)
        .stderr(predicate::str::contains("nothing was saved"));
    assert!(!t.path().join("config.toml").exists());
}

#[test]
fn profiles_are_separate_and_selected_by_flag_or_env() {
    let work = sandbox();
    let t = Test::new();
    login(&t, &work.url(), SECRET_KEY, Some("work")).success();
    // No default profile: a bare command has no credentials.
    t.acwh().arg("whoami").assert().code(2);
    t.acwh()
        .args(["--profile", "work", "whoami"])
        .assert()
        .success();
    t.acwh()
        .env("ACWH_PROFILE", "work")
        .arg("whoami")
        .assert()
        .success();
    t.acwh()
        .args(["--profile", "nope", "whoami"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("acwh login --profile nope"));
}

#[test]
fn flag_beats_env_beats_profile() {
    let saved = sandbox();
    let t = Test::new();
    login(&t, &saved.url(), SECRET_KEY, None).success();
    let other = sandbox();
    let before = saved.sandbox().requests().len();
    // env beats the profile: the request goes to `other`.
    t.acwh()
        .env("ACWH_API_URL", other.url())
        .arg("whoami")
        .assert()
        .success();
    assert_eq!(saved.sandbox().requests().len(), before);
    assert_eq!(other.sandbox().requests().len(), 1);
    // The flag beats the environment.
    t.acwh()
        .env("ACWH_API_URL", "http://127.0.0.1:9")
        .args(["--api-url", &saved.url(), "whoami"])
        .assert()
        .success();
    assert_eq!(saved.sandbox().requests().len(), before + 1);
}

#[test]
fn a_broken_config_file_is_reported_and_never_overwritten() {
    let h = sandbox();
    let t = Test::new();
    let file = t.path().join("config.toml");
    std::fs::write(&file, "this is = = not toml").unwrap();
    t.acwh()
        .arg("whoami")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(file.display().to_string()));
    login(&t, &h.url(), SECRET_KEY, None).code(1);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "this is = = not toml"
    );
}

#[cfg(unix)]
#[test]
fn a_config_file_others_can_read_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let h = sandbox();
    let t = Test::new();
    login(&t, &h.url(), SECRET_KEY, None).success();
    let file = t.path().join("config.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    t.acwh()
        .arg("whoami")
        .assert()
        .success()
        .stderr(predicate::str::contains("chmod 600"));
}

/// Spawns acwh on a pseudo-terminal with an isolated environment.
fn pty(t: &Test, h: &Handle, args: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = t.command();
    cmd.args(args)
        .env("TERM", "xterm")
        .env("ACWH_API_URL", h.url());
    rexpect::session::spawn_command(cmd, Some(10_000)).unwrap()
}

const DOWN: &str = "\x1b[B";

/// Types at the terminal: rexpect buffers writes until flushed.
fn key(p: &mut rexpect::session::PtySession, s: &str) {
    p.send(s).unwrap();
    p.flush().unwrap();
}

#[test]
fn interactive_create_at_a_terminal() {
    let h = sandbox();
    let t = Test::new();
    let mut cmd = t.command();
    cmd.arg("create")
        .env("TERM", "xterm")
        .env("ACWH_API_URL", h.url())
        .env("ACWH_API_KEY", SECRET_KEY);
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    p.exp_string("URL to deliver to").unwrap();
    p.send_line("https://example.com/hooks/ac?token=t1")
        .unwrap();
    p.exp_string("Events to send").unwrap();
    p.exp_string("deal_update").unwrap();
    // Each key waits for the redraw it causes, so none is typed ahead of the prompt.
    key(&mut p, " ");
    p.exp_string("[x] contact  subscribe").unwrap();
    key(&mut p, DOWN);
    p.exp_string("deal_update").unwrap();
    key(&mut p, " ");
    p.exp_string("[x] contact  unsubscribe").unwrap();
    key(&mut p, "\r");
    p.exp_string("Sources").unwrap();
    p.exp_string("By system processes").unwrap();
    key(&mut p, DOWN);
    p.exp_string("By system processes").unwrap();
    key(&mut p, DOWN);
    p.exp_string("By system processes").unwrap();
    key(&mut p, " ");
    p.exp_string("[x] api").unwrap();
    key(&mut p, "\r");
    p.exp_string("Only for events on this list").unwrap();
    p.exp_string("Trial users").unwrap();
    key(&mut p, DOWN);
    p.exp_string("Trial users").unwrap();
    key(&mut p, "\r");
    p.exp_string("Name").unwrap();
    key(&mut p, "\r");
    p.exp_string("Create this webhook?").unwrap();
    key(&mut p, "y");
    p.exp_string("Created webhook").unwrap();
    p.exp_eof().unwrap();
    let hooks = h.sandbox().webhooks();
    assert_eq!(hooks.len(), 1, "{hooks:?}");
    let w = &hooks[0];
    assert_eq!(w["url"], "https://example.com/hooks/ac?token=t1");
    assert_eq!(w["events"], serde_json::json!(["subscribe", "unsubscribe"]));
    assert_eq!(w["sources"], serde_json::json!(["api"]));
    assert_eq!(w["listid"], "1");
    assert_eq!(w["name"], "subscribe, unsubscribe -> example.com");
}

#[test]
fn login_at_a_terminal_does_not_echo_the_key() {
    let h = sandbox();
    let t = Test::new();
    let mut p = pty(&t, &h, &["login"]);
    p.exp_string("API key (hidden)").unwrap();
    p.send_line(SECRET_KEY).unwrap();
    let before = p.exp_string("Logged in as sandbox").unwrap();
    assert!(!before.contains(SECRET_KEY), "key echoed: {before:?}");
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains(SECRET_KEY));
    assert!(t.path().join("config.toml").exists());
}

#[test]
fn no_input_and_no_terminal_never_prompt() {
    let h = sandbox();
    let t = Test::new();
    let mut p = pty(
        &t,
        &h,
        &[
            "--no-input",
            "--api-key",
            SECRET_KEY,
            "create",
            "--event",
            "subscribe",
        ],
    );
    p.exp_string("missing --url").unwrap();
    p.exp_eof().unwrap();
    t.acwh()
        .args(["login", "--api-url", &h.url()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--api-key-stdin"));
}
