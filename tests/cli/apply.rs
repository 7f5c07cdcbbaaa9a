//! `acwh apply` and `acwh export` against the AC stand-in: create from empty, a one-field
//! change, no write at all on a second run, prune and its confirmation, `${VAR}`, every file
//! error with its line, a failure halfway and the run that converges, export round trips,
//! `--dry-run --exit-code`, `--json`, and the refusal of an ambiguous name. Each test starts
//! its own sandbox and works in its own folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use acwh::sandbox::{Fault, FaultKind, Handle};
use serde_json::Value;

use crate::support::{Ran, SECRET_KEY, Test, exec, sandbox};

/// A sandbox and a folder: every command runs in the folder, against the sandbox.
struct Env {
    h: Handle,
    t: Test,
}

impl Env {
    fn new() -> Env {
        Env {
            h: sandbox(),
            t: Test::new(),
        }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.t.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn run_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Ran {
        let mut cmd = self.t.api(&self.h.url());
        cmd.current_dir(self.t.path());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        exec(cmd, args)
    }

    fn run(&self, args: &[&str]) -> Ran {
        self.run_env(args, &[])
    }

    /// Requests other than GET since the log began.
    fn writes(&self) -> Vec<String> {
        self.h
            .sandbox()
            .requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    fn hooks(&self) -> Vec<Value> {
        self.h.sandbox().webhooks()
    }

    fn named(&self, name: &str) -> Value {
        self.hooks()
            .into_iter()
            .find(|w| w["name"] == name)
            .unwrap_or_else(|| panic!("no webhook {name}: {:?}", self.hooks()))
    }
}

fn entry(name: &str, url: &str, events: &str, list: u64) -> String {
    format!(
        "[[webhook]]\nname = \"{name}\"\nurl = \"{url}\"\nevents = [{events}]\nsources = [\"public\", \"api\"]\nlist = {list}\n\n"
    )
}

fn two() -> String {
    entry(
        "crm-sync",
        "https://crm.example.com/ac",
        "\"subscribe\", \"update\"",
        3,
    ) + &entry("deals", "https://example.com/deals", "\"deal_task_add\"", 0)
}

#[test]
fn creates_from_empty_then_a_second_run_writes_nothing() {
    let e = Env::new();
    let f = e.file("hooks.toml", &two());
    let f = f.to_str().unwrap();
    let r = e.run(&["apply", "-f", f]);
    r.expect(0);
    assert!(r.out.contains("+ create crm-sync\n"), "{}", r.out);
    assert!(r.out.contains("created crm-sync (id 1)\n"), "{}", r.out);
    assert!(
        r.out.contains("Applied: 2 created, 0 updated, 0 deleted"),
        "{}",
        r.out
    );
    assert_eq!(e.writes(), ["POST /api/3/webhooks", "POST /api/3/webhooks"]);
    let w = e.named("crm-sync");
    assert_eq!(w["listid"], "3");
    assert_eq!(w["events"], serde_json::json!(["subscribe", "update"]));
    assert_eq!(w["sources"], serde_json::json!(["public", "api"]));

    let before = e.h.sandbox().requests().len();
    let r = e.run(&["apply", "-f", f]);
    r.expect(0);
    assert!(r.out.contains("= 2 unchanged"), "{}", r.out);
    let again = &e.h.sandbox().requests()[before..];
    assert!(again.iter().all(|q| q.method == "GET"), "{again:?}");
    assert_eq!(e.writes().len(), 2);
}

#[test]
fn changing_one_field_puts_that_webhook_only() {
    let e = Env::new();
    let f = e.file("hooks.toml", &two());
    let f = f.to_str().unwrap();
    e.run(&["apply", "-f", f]).expect(0);
    e.file("hooks.toml", &two().replace("/deals", "/deals/v2"));
    let r = e.run(&["apply", "-f", f]);
    r.expect(0);
    assert!(r.out.contains("~ update deals (id 2)\n"), "{}", r.out);
    assert!(r.out.contains("- https://example.com/deals\n"), "{}", r.out);
    assert!(
        r.out.contains("+ https://example.com/deals/v2\n"),
        "{}",
        r.out
    );
    assert!(r.out.contains("= 1 unchanged"), "{}", r.out);
    assert_eq!(&e.writes()[2..], ["PUT /api/3/webhooks/2"]);
    assert_eq!(e.named("deals")["url"], "https://example.com/deals/v2");
    assert_eq!(e.named("crm-sync")["listid"], "3");
}

#[test]
fn prune_deletes_with_yes_and_refuses_without_a_terminal() {
    let e = Env::new();
    e.h.sandbox().seed_webhooks(2);
    let f = e.file("hooks.toml", &two());
    let f = f.to_str().unwrap();
    let r = e.run(&["apply", "-f", f]);
    r.expect(0);
    assert!(
        r.out
            .contains("2 in the account but not in the file, left alone"),
        "{}",
        r.out
    );
    let writes = e.writes().len();
    let r = e.run(&["apply", "-f", f, "--prune"]);
    r.expect(2);
    assert!(r.out.contains("- delete Hook 1 (id 1)\n"), "{}", r.out);
    assert!(r.err.contains("pass --yes"), "{}", r.err);
    assert!(r.err.contains("Hook 1, Hook 2"), "{}", r.err);
    assert_eq!(e.writes().len(), writes, "nothing may change");

    let r = e.run(&["apply", "-f", f, "--prune", "--yes"]);
    r.expect(0);
    assert!(r.out.contains("deleted Hook 2 (id 2)\n"), "{}", r.out);
    assert_eq!(
        &e.writes()[writes..],
        ["DELETE /api/3/webhooks/1", "DELETE /api/3/webhooks/2"]
    );
    assert_eq!(e.hooks().len(), 2);
}

#[test]
fn variables_come_from_the_environment_and_stay_hidden() {
    let e = Env::new();
    let f = e.file(
        "hooks.toml",
        &entry(
            "crm",
            "https://crm.example.com/ac?token=${CRM_TOKEN}",
            "\"subscribe\"",
            0,
        ),
    );
    let f = f.to_str().unwrap();
    let r = e.run_env(&["apply", "-f", f], &[("CRM_TOKEN", "tok-abc-123")]);
    r.expect(0);
    assert_eq!(
        e.named("crm")["url"],
        "https://crm.example.com/ac?token=tok-abc-123"
    );
    assert!(r.out.contains("token=${CRM_TOKEN}"), "{}", r.out);
    assert!(!r.out.contains("tok-abc-123"), "{}", r.out);

    let e = Env::new();
    let r = e.run(&["apply", "-f", f]);
    r.expect(2);
    assert!(r.err.contains("hooks.toml:3:7:"), "{}", r.err);
    assert!(
        r.err.contains("environment variable CRM_TOKEN is not set"),
        "{}",
        r.err
    );
    assert!(e.h.sandbox().requests().is_empty());
}

#[test]
fn every_file_error_names_its_line_and_column() {
    let ok = entry("a", "https://example.com/h", "\"subscribe\"", 0);
    let cases: [(&str, String, &str); 7] = [
        (
            "unknown key",
            ok.replace("list = 0", "listid = 0"),
            "hooks.toml:6:1: unknown field `listid`",
        ),
        (
            "duplicate name",
            format!("{ok}{ok}"),
            "hooks.toml:9:8: duplicate name 'a' (first used on line 2)",
        ),
        (
            "unknown event",
            ok.replace("subscribe", "subscrib"),
            "hooks.toml:4:11: unknown event 'subscrib': did you mean 'subscribe'?",
        ),
        (
            "unknown source",
            ok.replace("\"api\"", "\"apii\""),
            "hooks.toml:5:22: unknown source 'apii': did you mean 'api'?",
        ),
        (
            "bad URL",
            ok.replace("example.com/h", "example.com:8443/h"),
            "hooks.toml:3:7: AC delivers only to port 443",
        ),
        (
            "bad TOML",
            ok.replace("name = \"a\"", "name = \"a"),
            "hooks.toml:2:",
        ),
        (
            "missing url",
            ok.replace("url = ", "# url = "),
            "hooks.toml:1:1: this webhook has no 'url'",
        ),
    ];
    let e = Env::new();
    for (what, text, want) in cases {
        let f = e.file("hooks.toml", &text);
        let r = e.run(&["apply", "-f", f.to_str().unwrap()]);
        assert_eq!(r.code, Some(2), "{what}: {}", r.err);
        assert!(r.err.contains(want), "{what}: {}", r.err);
    }
    let r = e.run(&["apply", "-f", "missing.toml"]);
    r.expect(2);
    assert!(r.err.contains("missing.toml: no such file"), "{}", r.err);
    assert!(
        e.h.sandbox().requests().is_empty(),
        "a bad file sends nothing"
    );
}

fn fault(times: usize, kind: FaultKind) -> Fault {
    Fault {
        method: Some("POST".into()),
        path_prefix: "/api/3/webhooks".into(),
        times,
        kind,
    }
}

#[test]
fn a_failure_halfway_is_reported_and_a_rerun_converges() {
    let e = Env::new();
    e.h.sandbox().seed_webhooks(1);
    let mut text = entry("Hook 1", "https://example.com/moved", "\"subscribe\"", 0);
    for n in ["b", "c", "d"] {
        text += &entry(n, "https://example.com/h", "\"open\"", 0);
    }
    let f = e.file("hooks.toml", &text);
    let f = f.to_str().unwrap();
    // Writes: PUT Hook 1, POST b, POST c, POST d. The first POST passes (a zero delay), the
    // second, the run's third write, gets a 503, which a POST never retries.
    e.h.sandbox()
        .inject(fault(1, FaultKind::Delay(Duration::ZERO)));
    e.h.sandbox().inject(fault(
        1,
        FaultKind::Status {
            status: 503,
            retry_after: None,
            body: "{\"message\": \"Service Unavailable\"}".into(),
        },
    ));
    let r = e.run(&["apply", "-f", f]);
    r.expect(5);
    assert!(r.out.contains("updated Hook 1 (id 1)\n"), "{}", r.out);
    assert!(r.out.contains("created b (id 2)\n"), "{}", r.out);
    assert!(
        r.out.contains("failed to create c: AC answered 503"),
        "{}",
        r.out
    );
    assert!(r.out.contains("skipped create d\n"), "{}", r.out);
    assert!(
        r.err
            .contains("2 of 4 changes made, 1 failed, 1 not attempted"),
        "{}",
        r.err
    );
    assert_eq!(e.writes().len(), 3);

    let r = e.run(&["apply", "-f", f, "--json"]);
    r.expect(0);
    let j: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(j["summary"]["create"], 2);
    assert_eq!(j["summary"]["unchanged"], 2);
    assert_eq!(j["changes"][0]["name"], "c");
    assert_eq!(j["changes"][0]["status"], "done");
    assert_eq!(j["ok"], true);
    assert_eq!(e.writes().len(), 5);

    e.run(&["apply", "-f", f]).expect(0);
    assert_eq!(e.writes().len(), 5, "converged: nothing left to write");
    assert_eq!(e.hooks().len(), 4);
}

#[test]
fn export_then_apply_is_a_no_op_in_both_formats() {
    let e = Env::new();
    e.h.sandbox().seed_webhooks(2);
    let f = e.file("hooks.toml", &two());
    e.run(&["apply", "-f", f.to_str().unwrap()]).expect(0);
    let writes = e.writes().len();

    let r = e.run(&["export"]);
    r.expect(0);
    assert!(
        r.out.contains("[[webhook]]\nname = \"Hook 1\"\n"),
        "{}",
        r.out
    );
    let exported = e.file("exported.toml", &r.out);
    let r = e.run(&["apply", "-f", exported.to_str().unwrap(), "--prune"]);
    r.expect(0);
    assert!(r.out.contains("= 4 unchanged"), "{}", r.out);

    let r = e.run(&["export", "--format", "json", "-o", "hooks.json"]);
    r.expect(0);
    assert!(
        r.err.contains("exported 4 webhooks to hooks.json"),
        "{}",
        r.err
    );
    let json = e.t.path().join("hooks.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["webhook"][2]["list"], 3);
    private(&json);
    e.run(&["apply", "-f", "hooks.json", "--prune"]).expect(0);
    assert_eq!(e.writes().len(), writes, "export then apply writes nothing");

    let r = e.run(&["export", "-o", "hooks.json"]);
    r.expect(2);
    assert!(r.err.contains("--format json"), "{}", r.err);
}

#[test]
fn export_warns_about_query_tokens_and_redact_query_writes_placeholders() {
    let e = Env::new();
    let token = "s3cr3t-t0ken";
    let url = format!("https://crm.example.com/ac?token={token}&v=2");
    e.run(&[
        "create",
        "--name",
        "crm-sync",
        "--url",
        &url,
        "--event",
        "subscribe",
        "--source",
        "public",
    ])
    .expect(0);

    // Plain export: the token is written as it is, and said so.
    let r = e.run(&["export"]);
    r.expect(0);
    assert!(r.out.contains(token), "{}", r.out);
    assert!(
        r.err.contains("1 URL(s) carry query values") && r.err.contains("crm-sync (?token=, ?v=)"),
        "{}",
        r.err
    );
    assert!(r.err.contains("--redact-query"), "{}", r.err);

    for (file, format) in [("hooks.toml", "toml"), ("hooks.json", "json")] {
        let r = e.run(&["export", "--redact-query", "--format", format, "-o", file]);
        r.expect(0);
        let text = std::fs::read_to_string(e.t.path().join(file)).unwrap();
        assert!(!text.contains(token), "{text}");
        assert!(
            text.contains("https://crm.example.com/ac?token=${CRM_SYNC_TOKEN}&v=${CRM_SYNC_V}"),
            "{text}"
        );
        // The variables to set are named; their values (the token) are never printed.
        assert!(
            r.err.contains("CRM_SYNC_TOKEN  (crm-sync ?token=)"),
            "{}",
            r.err
        );
        assert!(r.err.contains("CRM_SYNC_V"), "{}", r.err);
        assert!(
            !r.err.contains(token) && !r.err.contains("in clear"),
            "{}",
            r.err
        );
        assert!(!r.err.contains("apply will refuse"), "{}", r.err);

        // With the variables set, apply finds nothing to change.
        let vars = [("CRM_SYNC_TOKEN", token), ("CRM_SYNC_V", "2")];
        let r = e.run_env(&["apply", "-f", file, "--dry-run", "--exit-code"], &vars);
        r.expect(0);
        assert!(r.out.contains("1 unchanged"), "{}", r.out);
        // Without them, apply names the variable and exits 2.
        let r = e.run(&["apply", "-f", file, "--dry-run"]);
        assert!(r.fails(2).contains("CRM_SYNC_TOKEN"), "{}", r.err);
    }
}

#[cfg(unix)]
fn private(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(not(unix))]
fn private(_: &Path) {}

#[test]
fn dry_run_with_exit_code_exits_3_while_changes_are_pending() {
    let e = Env::new();
    let f = e.file("hooks.toml", &two());
    let f = f.to_str().unwrap();
    let r = e.run(&["apply", "-f", f, "--dry-run", "--exit-code"]);
    r.expect(3);
    assert!(
        r.out
            .contains("Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged")
    );
    assert!(r.err.contains("changes pending"), "{}", r.err);
    e.run(&["apply", "-f", f, "--dry-run"]).expect(0);
    let r = e.run(&["apply", "-f", f, "--dry-run", "--json"]);
    r.expect(0);
    let j: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(j["dry_run"], true);
    assert_eq!(j["changes"][1]["status"], "planned");
    assert_eq!(j["changes"][1]["webhook"]["events"][0], "deal_task_add");
    assert!(e.writes().is_empty());
    e.run(&["apply", "-f", f]).expect(0);
    e.run(&["apply", "-f", f, "--dry-run", "--exit-code"])
        .expect(0);
}

#[test]
fn two_account_webhooks_with_the_files_name_are_refused() {
    let e = Env::new();
    for _ in 0..2 {
        e.run(&[
            "create",
            "--name",
            "deals",
            "--event",
            "deal_add",
            "--source",
            "api",
            "--url",
            "https://example.com/d",
        ])
        .expect(0);
    }
    let f = e.file("hooks.toml", &two());
    let r = e.run(&["apply", "-f", f.to_str().unwrap(), "--prune", "--yes"]);
    r.expect(2);
    assert!(
        r.err
            .contains("the account has 2 webhooks named 'deals' (ids 1, 2)"),
        "{}",
        r.err
    );
    assert_eq!(e.writes().len(), 2, "only the two creates");
}

/// `acwh apply` at a terminal (a pty), in the env's folder.
fn pty(e: &Env, args: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = e.t.command();
    cmd.args(args)
        .current_dir(e.t.path())
        .env("TERM", "xterm")
        .env("ACWH_API_URL", e.h.url())
        .env("ACWH_API_KEY", SECRET_KEY);
    rexpect::session::spawn_command(cmd, Some(10_000)).unwrap()
}

#[test]
fn prune_asks_at_a_terminal_and_a_no_changes_nothing() {
    let e = Env::new();
    e.h.sandbox().seed_webhooks(1);
    e.file("hooks.toml", &two());
    let mut p = pty(&e, &["apply", "-f", "hooks.toml", "--prune"]);
    p.exp_string("Delete 1 webhook not in hooks.toml (Hook 1)?")
        .unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_string("nothing changed").unwrap();
    p.exp_eof().unwrap();
    assert!(e.writes().is_empty());

    let mut p = pty(&e, &["apply", "-f", "hooks.toml", "--prune"]);
    p.exp_string("Delete 1 webhook").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("deleted Hook 1 (id 1)").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(e.writes().len(), 3);
}
