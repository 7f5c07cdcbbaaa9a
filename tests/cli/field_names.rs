//! `listen --field-names`: custom field titles from the account (the sandbox's
//! `/api/3/fields`) next to `contact[fields][N]` keys, in the view and in `--json`; a fetch
//! that fails is one warning, and deliveries are still shown.

use serde_json::Value;

use acwh::sandbox::Logged;

use crate::support::{
    Child, SECRET_KEY, SandboxChild, Stdout, Test, closed_port, inject, sandbox, says, status,
};

fn listen(t: &Test, api: (&str, &str), args: &[&str]) -> (Child, String) {
    let mut cmd = t.command();
    cmd.env("ACWH_API_URL", api.0)
        .env("ACWH_API_KEY", api.1)
        .args(["listen", "--port", "0", "--count", "1", "--field-names"])
        .args(args);
    let l = Child::spawn(cmd, Stdout::Lines);
    let first = l.first_line("listen");
    let url = format!(
        "http://{}/",
        first.trim_start_matches("Listening on http://")
    );
    (l, url)
}

#[test]
fn titles_from_the_account_in_the_view_and_in_json() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    let (mut l, url) = listen(&t, (&sb.url, &sb.key), &["--json"]);
    t.run(&["trigger", "update", "--to", &url]).expect(0);
    let v: Value = serde_json::from_slice(&l.out_line(crate::support::WAIT).unwrap()).unwrap();
    assert_eq!(v["field_names"]["1"], "Favorite color", "{v}");
    assert_eq!(v["field_names"]["2"], "Interests");
    assert_eq!(l.wait_exit(), Some(0));

    let (mut l, url) = listen(&t, (&sb.url, &sb.key), &[]);
    t.run(&["trigger", "update", "--to", &url]).expect(0);
    let mut shown = String::new();
    while let Ok(line) = l.out_line(crate::support::WAIT) {
        shown.push_str(&String::from_utf8_lossy(&line));
        shown.push('\n');
        if shown.contains("(Interests)") {
            break;
        }
    }
    says(&shown, &["1 (Favorite color)", "2 (Interests)"]);
    assert_eq!(l.wait_exit(), Some(0));
}

#[test]
fn a_failed_fetch_is_one_warning_and_deliveries_still_show() {
    let t = Test::new();
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let (mut l, url) = listen(&t, (&dead, "k"), &["--json"]);
    t.run(&["trigger", "update", "--to", &url]).expect(0);
    let v: Value = serde_json::from_slice(&l.out_line(crate::support::WAIT).unwrap()).unwrap();
    assert_eq!(v["event"], "update");
    assert!(
        v.get("field_names")
            .is_none_or(|m| m.as_object().is_some_and(|m| m.is_empty()))
    );
    assert_eq!(l.wait_exit(), Some(0));
    let log = l.log();
    assert_eq!(
        log.matches("custom field names are not shown").count(),
        1,
        "{log}"
    );
}

/// An account that answers 503 with a long `Retry-After`: one try, no retry notices, one
/// warning, and the delivery is answered and shown (before, the fetch retried five times,
/// printing a notice each time, while the first delivery waited 11 s for its answer).
#[test]
fn a_busy_account_is_asked_once_and_the_delivery_does_not_wait_for_it() {
    let t = Test::new();
    let h = sandbox();
    inject(&h, "GET", 10, status(503, Some(3), "busy"));
    let (mut l, url) = listen(&t, (&h.url(), SECRET_KEY), &["--json"]);
    t.run(&["trigger", "update", "--to", &url]).expect(0);
    let v: Value = serde_json::from_slice(&l.out_line(crate::support::WAIT).unwrap()).unwrap();
    assert_eq!(v["event"], "update");
    assert_eq!(l.wait_exit(), Some(0));
    let fetches: Vec<Logged> = h
        .sandbox()
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/3/fields"))
        .collect();
    assert_eq!(fetches.len(), 1, "{fetches:?}");
    let log = l.log();
    assert_eq!(
        log.matches("custom field names are not shown").count(),
        1,
        "{log}"
    );
    assert!(!log.contains("retrying"), "{log}");
}
