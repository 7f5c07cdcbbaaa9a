//! Prompts at a real terminal (a pty from rexpect): what `delete` asks, and how a prompt is
//! left. Ctrl-C and Esc must leave the cursor visible (`ESC [ ? 25 h` written after the
//! prompt hid it), exit 130 and send nothing.

use acwh::sandbox::Handle;
use rexpect::session::PtySession;

use crate::support::{SECRET_KEY, Test, sandbox};

const SHOW_CURSOR: &str = "\x1b[?25h";
const HIDE_CURSOR: &str = "\x1b[?25l";
const ESC: &str = "\x1b";

/// `acwh ARGS` at a terminal, pointed at `h`.
fn pty(t: &Test, h: &Handle, args: &[&str]) -> PtySession {
    let mut cmd = t.command();
    cmd.args(args)
        .env("TERM", "xterm")
        .env("ACWH_API_URL", h.url())
        .env("ACWH_API_KEY", SECRET_KEY);
    rexpect::session::spawn_command(cmd, Some(10_000)).unwrap()
}

/// Types at the terminal: rexpect buffers writes until flushed.
fn key(p: &mut PtySession, s: &str) {
    p.send(s).unwrap();
    p.flush().unwrap();
}

/// Everything left until the process ends, and its exit code (`None` if a signal ended it).
fn finish(p: &mut PtySession) -> (String, Option<i32>) {
    let rest = p.exp_eof().unwrap();
    let status = format!("{:?}", p.process().wait().unwrap());
    // nix's `Exited(Pid(N), CODE)`; anything else (`Signaled(..)`) is no exit code.
    let code = status
        .strip_prefix("Exited(")
        .and_then(|s| s.rsplit(", ").next())
        .and_then(|s| s.trim_end_matches(')').parse().ok());
    (rest, code)
}

fn methods(h: &Handle) -> Vec<String> {
    h.sandbox()
        .requests()
        .into_iter()
        .map(|r| r.method)
        .collect()
}

#[test]
fn delete_at_a_terminal_names_what_goes_and_catches_a_mistyped_id() {
    let h = sandbox();
    h.sandbox().seed_webhooks(2);
    let t = Test::new();
    let mut p = pty(&t, &h, &["delete", "2", "99"]);
    // One GET per id, before anything is deleted: 99 is told before the question.
    p.exp_string("failed to find webhook 99").unwrap();
    p.exp_string("#2 Hook 2  https://example.com/hooks/2")
        .unwrap();
    p.exp_string("Delete this webhook?").unwrap();
    key(&mut p, "y");
    p.exp_string("Deleted webhook 2").unwrap();
    let (_, code) = finish(&mut p);
    assert_eq!(code, Some(4), "the 404 for 99 is the worst result");
    assert_eq!(methods(&h), ["GET", "GET", "DELETE"]);
    assert_eq!(h.sandbox().webhooks().len(), 1);
}

#[test]
fn delete_at_a_terminal_says_nothing_was_deleted_in_one_line() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let t = Test::new();
    // Both missing: nothing to ask about.
    let mut p = pty(&t, &h, &["delete", "98", "99"]);
    let (rest, code) = finish(&mut p);
    assert_eq!(code, Some(4), "{rest:?}");
    assert!(!rest.contains("Delete"), "asked: {rest:?}");
    let at = rest.find("nothing deleted").expect(&rest);
    let line = rest[at..].lines().next().unwrap();
    assert_eq!(
        line.trim_end(),
        "nothing deleted: could not find webhooks 98, 99 (see above)"
    );
    assert_eq!(rest.matches("nothing deleted").count(), 1, "{rest:?}");
    assert!(!rest.contains("webhook(s) deleted"), "{rest:?}");
    // One found, declined: the refusal and the missing one in the same line.
    let mut p = pty(&t, &h, &["delete", "1", "99"]);
    p.exp_string("Delete this webhook?").unwrap();
    key(&mut p, "n");
    let (rest, code) = finish(&mut p);
    assert_eq!(code, Some(4), "{rest:?}");
    says_once(
        &rest,
        "nothing deleted (declined): could not find webhook 99 (see above)",
    );
    assert!(!rest.contains("webhook(s) deleted"), "{rest:?}");
    assert_eq!(methods(&h), ["GET", "GET", "GET", "GET"], "nothing deleted");
}

fn says_once(text: &str, what: &str) {
    assert_eq!(text.matches(what).count(), 1, "{what:?} in {text:?}");
    assert_eq!(text.matches("nothing deleted").count(), 1, "{text:?}");
}

/// Opens `delete 1`'s confirmation and waits until the cursor is hidden.
fn at_the_confirmation(t: &Test, h: &Handle) -> PtySession {
    let mut p = pty(t, h, &["delete", "1"]);
    p.exp_string("Delete this webhook?").unwrap();
    p.exp_string(HIDE_CURSOR).unwrap();
    p
}

#[test]
fn ctrl_c_at_a_prompt_shows_the_cursor_again_and_exits_130() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let t = Test::new();
    let mut p = at_the_confirmation(&t, &h);
    p.send_control('c').unwrap();
    let (rest, code) = finish(&mut p);
    assert!(rest.contains(SHOW_CURSOR), "cursor left hidden: {rest:?}");
    assert_eq!(code, Some(130), "{rest:?}");
    // Said once, on a line of its own (not after the prompt's text), with no causes.
    let at = rest
        .find("acwh: error: interrupted")
        .unwrap_or_else(|| panic!("not said: {rest:?}"));
    assert!(rest[..at].ends_with('\n'), "not on its own line: {rest:?}");
    assert_eq!(rest.matches("interrupted").count(), 1, "{rest:?}");
    assert!(!rest.contains("caused by"), "{rest:?}");
    assert_eq!(methods(&h), ["GET"], "nothing deleted");
    assert_eq!(h.sandbox().webhooks().len(), 1);
}

#[test]
fn esc_at_a_prompt_cancels_with_130_and_sends_nothing() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let t = Test::new();
    let mut p = at_the_confirmation(&t, &h);
    key(&mut p, ESC);
    let (rest, code) = finish(&mut p);
    assert!(rest.contains(SHOW_CURSOR), "cursor left hidden: {rest:?}");
    assert!(rest.contains("cancelled"), "{rest:?}");
    assert_eq!(code, Some(130), "{rest:?}");
    assert_eq!(methods(&h), ["GET"], "nothing deleted");
}

#[test]
fn ctrl_c_and_esc_in_the_create_wizard_leave_a_working_terminal() {
    for (name, press) in [("ctrl-c", "\x03"), ("esc", ESC)] {
        let h = sandbox();
        let t = Test::new();
        let mut p = pty(&t, &h, &["create"]);
        p.exp_string("URL to deliver to").unwrap();
        p.send_line("https://example.com/hooks/ac").unwrap();
        // The events multi-select hides the cursor while it is open.
        let drawn = p.exp_string("Events to send").unwrap() + &p.exp_string("deal_update").unwrap();
        assert!(drawn.contains(HIDE_CURSOR), "{name}: {drawn:?}");
        key(&mut p, press);
        let (rest, code) = finish(&mut p);
        assert!(
            rest.contains(SHOW_CURSOR),
            "{name}: cursor left hidden: {rest:?}"
        );
        assert_eq!(code, Some(130), "{name}: {rest:?}");
        assert!(
            !methods(&h).iter().any(|m| m == "POST"),
            "{name}: a webhook was created"
        );
    }
}

#[test]
fn ctrl_c_at_a_text_prompt_exits_130_and_saves_nothing() {
    let t = Test::new();
    let mut cmd = t.command();
    cmd.arg("login").env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    p.exp_string("API URL").unwrap();
    p.send_control('c').unwrap();
    let (rest, code) = finish(&mut p);
    assert_eq!(code, Some(130), "{rest:?}");
    assert!(!t.path().join("config.toml").exists());
}
