//! API commands against the AC stand-in: the design-card `create`, every read and write
//! command and its output modes, validation before any request, HTTP retries and exit codes,
//! and the promise that the API key is never printed. Each test starts its own sandbox.

use std::path::Path;
use std::time::{Duration, Instant};

use acwh::sandbox::{Fault, FaultKind, Handle, Logged, Options};
use serde_json::{Value, json};

use crate::support::{SECRET_KEY, acwh};

const CARD: [&str; 7] = [
    "create",
    "--event",
    "subscribe",
    "--source",
    "api",
    "--url",
    "https://example.com/hooks/ac",
];

/// AC's key order for a webhook object, as the sandbox renders it.
const HOOK_KEYS: [&str; 8] = [
    "cdate", "listid", "name", "url", "events", "sources", "links", "id",
];

fn sandbox() -> Handle {
    sandbox_with_key(SECRET_KEY)
}

fn sandbox_with_key(key: &str) -> Handle {
    Handle::start(Options {
        api_key: key.into(),
        ..Options::default()
    })
    .unwrap()
}

/// `acwh` with the sandbox's credentials in the environment.
fn env_cmd(h: &Handle, dir: &Path) -> assert_cmd::Command {
    let mut cmd = acwh(dir);
    cmd.env("ACWH_API_URL", h.url())
        .env("ACWH_API_KEY", SECRET_KEY);
    cmd
}

/// One finished run.
struct Ran {
    code: Option<i32>,
    out: String,
    err: String,
    took: Duration,
}

impl Ran {
    /// Asserts exit 0 and returns stdout.
    fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "stdout:\n{}\nstderr:\n{}", self.out, self.err);
        &self.out
    }

    /// Asserts exit `code` and returns stderr.
    fn fails(&self, code: i32) -> &str {
        assert_eq!(self.code, Some(code), "stdout:\n{}\nstderr:\n{}", self.out, self.err);
        &self.err
    }

    fn json(&self) -> Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|e| panic!("{e}: {}", self.out))
    }

    fn leaks(&self, secret: &str) -> bool {
        self.out.contains(secret) || self.err.contains(secret)
    }
}

fn exec(mut cmd: assert_cmd::Command, args: &[&str]) -> Ran {
    let start = Instant::now();
    let o = cmd.args(args).output().unwrap();
    Ran {
        code: o.status.code(),
        out: String::from_utf8(o.stdout).unwrap(),
        err: String::from_utf8(o.stderr).unwrap(),
        took: start.elapsed(),
    }
}

/// Runs `acwh ARGS` against `h` with env credentials.
fn ac(h: &Handle, args: &[&str]) -> Ran {
    let dir = tempfile::tempdir().unwrap();
    exec(env_cmd(h, dir.path()), args)
}

/// Runs `acwh ARGS` with no credentials at all.
fn bare(args: &[&str]) -> Ran {
    let dir = tempfile::tempdir().unwrap();
    exec(acwh(dir.path()), args)
}

fn requests(h: &Handle) -> Vec<Logged> {
    h.sandbox().requests()
}

fn methods(h: &Handle) -> Vec<String> {
    requests(h).into_iter().map(|r| r.method).collect()
}

/// The decoded query of a logged path.
fn query(path: &str) -> Vec<(String, String)> {
    let q = path.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

fn has(path: &str, key: &str, value: &str) -> bool {
    query(path).iter().any(|(k, v)| k == key && v == value)
}

fn inject(h: &Handle, method: &str, times: usize, kind: FaultKind) {
    h.sandbox().inject(Fault {
        method: Some(method.into()),
        path_prefix: "/api/3/".into(),
        times,
        kind,
    });
}

fn status(status: u16, retry_after: Option<u64>, body: &str) -> FaultKind {
    FaultKind::Status {
        status,
        retry_after,
        body: body.into(),
    }
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// A port nothing listens on: bound, read, released.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn design_card_command_creates_with_one_post_then_list_sees_it() {
    let h = sandbox();
    let r = ac(&h, &CARD);
    let out = r.ok();
    assert!(out.contains("Created webhook 1"), "{out}");
    let log = requests(&h);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].method, "POST");
    assert_eq!(log[0].path, "/api/3/webhooks");
    assert_eq!(log[0].api_token.as_deref(), Some(SECRET_KEY));
    assert_eq!(log[0].status, 201);

    let stored = h.sandbox().webhooks();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["name"], "subscribe -> example.com");
    assert_eq!(stored[0]["listid"], "0");
    assert_eq!(stored[0]["url"], "https://example.com/hooks/ac");
    assert_eq!(stored[0]["events"], json!(["subscribe"]));
    assert_eq!(stored[0]["sources"], json!(["api"]));

    let listed = ac(&h, &["list"]);
    let table = listed.ok();
    assert!(table.starts_with("ID"), "{table}");
    assert!(table.contains("subscribe -> example.com"), "{table}");
    assert!(table.contains("https://example.com/hooks/ac"), "{table}");
}

#[test]
fn json_outputs_keep_ac_shapes_and_quiet_prints_ids() {
    let h = sandbox();
    let created = ac(&h, &[&CARD[..], &["--json"]].concat()).json();
    assert!(created.is_object());
    assert_eq!(keys(&created), HOOK_KEYS);
    assert_eq!(created["id"], "1");
    assert_eq!(created["listid"], "0");
    assert_eq!(ac(&h, &[&CARD[..], &["-q"]].concat()).ok(), "2\n");

    let list = ac(&h, &["list", "--json"]).json();
    let arr = list.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0], h.sandbox().webhooks()[0]);
    for w in arr {
        assert_eq!(keys(w), HOOK_KEYS);
        assert!(w["id"].is_string() && w["listid"].is_string(), "{w}");
    }
    assert_eq!(lines(ac(&h, &["list", "-q"]).ok()), ["1", "2"]);

    let shown = ac(&h, &["show", "2", "--json"]).json();
    assert_eq!(shown, h.sandbox().webhooks()[1]);
    assert_eq!(keys(&shown), HOOK_KEYS);

    let me = ac(&h, &["whoami", "--json"]).json();
    assert_eq!(
        keys(&me),
        ["username", "firstName", "lastName", "email", "phone", "signature", "links", "id"]
    );
    assert_eq!(me["id"], "1");
}

#[test]
fn list_follows_pages_past_250_webhooks() {
    let h = sandbox();
    h.sandbox().seed_webhooks(260);
    let out = ac(&h, &["list", "-q"]).ok().to_string();
    let ids = lines(&out);
    assert_eq!(ids.len(), 260);
    assert_eq!((ids[0], ids[259]), ("1", "260"));
    let log = requests(&h);
    let pages: Vec<(String, String)> = log
        .iter()
        .map(|r| {
            assert_eq!((r.method.as_str(), r.status), ("GET", 200));
            assert!(r.path.starts_with("/api/3/webhooks?"), "{}", r.path);
            assert!(has(&r.path, "limit", "100"), "{}", r.path);
            let q = query(&r.path);
            let offset = q.iter().find(|(k, _)| k == "offset").unwrap();
            (offset.1.clone(), r.path.clone())
        })
        .collect();
    let offsets: Vec<&str> = pages.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(offsets, ["0", "100", "200"]);
}

#[test]
fn list_filters_are_sent_and_narrow_the_result() {
    let h = sandbox();
    h.sandbox().seed_webhooks(3);
    let id = ac(&h, &[&CARD[..], &["--list", "2", "-q"]].concat())
        .ok()
        .trim()
        .to_string();
    assert_eq!(id, "4");

    assert_eq!(lines(ac(&h, &["list", "--name", "Hook 2", "-q"]).ok()), ["2"]);
    let url = "https://example.com/hooks/3";
    assert_eq!(lines(ac(&h, &["list", "--url", url, "-q"]).ok()), ["3"]);
    assert_eq!(lines(ac(&h, &["list", "--list", "2", "-q"]).ok()), ["4"]);
    assert_eq!(ac(&h, &["list", "--name", "nobody", "-q"]).ok(), "");

    let gets: Vec<String> = requests(&h)
        .into_iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.path)
        .collect();
    assert!(has(&gets[0], "filters[name]", "Hook 2"), "{}", gets[0]);
    assert!(has(&gets[1], "filters[url]", url), "{}", gets[1]);
    assert!(has(&gets[2], "filters[listid]", "2"), "{}", gets[2]);
}

#[test]
fn show_prints_a_summary() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let out = ac(&h, &["show", "1"]).ok().to_string();
    for want in ["Hook 1", "https://example.com/hooks/1", "subscribe (", "public", "all"] {
        assert!(out.contains(want), "{want} missing from:\n{out}");
    }
    assert_eq!(methods(&h), ["GET"]);
}

#[test]
fn update_merges_and_puts_the_whole_object() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let before = h.sandbox().webhooks()[0].clone();
    let r = ac(&h, &["update", "1", "--add-event", "unsubscribe", "--list", "2"]);
    assert!(r.ok().contains("Updated webhook 1"), "{}", r.out);
    assert_eq!(methods(&h), ["GET", "PUT"]);
    assert_eq!(requests(&h)[1].path, "/api/3/webhooks/1");

    let after = h.sandbox().webhooks()[0].clone();
    assert_eq!(after["events"], json!(["subscribe", "unsubscribe"]));
    assert_eq!(after["listid"], "2");
    for kept in ["name", "url", "sources", "cdate", "id"] {
        assert_eq!(after[kept], before[kept], "{kept} changed");
    }

    let r = ac(&h, &["update", "1", "--remove-event", "subscribe", "--json"]);
    let json = r.json();
    assert_eq!(json["events"], json!(["unsubscribe"]));
    assert_eq!(json["listid"], "2", "the list survives a second merge");
    assert_eq!(json["name"], "Hook 1");

    let r = ac(&h, &["update", "1", "--name", "Renamed", "--source", "admin,api"]);
    r.ok();
    let last = h.sandbox().webhooks()[0].clone();
    assert_eq!(last["name"], "Renamed");
    assert_eq!(last["sources"], json!(["admin", "api"]));
    assert_eq!(last["events"], json!(["unsubscribe"]));
}

#[test]
fn update_without_a_change_flag_exits_2_before_any_request() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let err = ac(&h, &["update", "1"]).fails(2).to_string();
    assert!(err.contains("nothing to change"), "{err}");
    assert!(requests(&h).is_empty());
}

#[test]
fn delete_with_yes_removes_the_webhook() {
    let h = sandbox();
    h.sandbox().seed_webhooks(2);
    assert_eq!(ac(&h, &["delete", "1", "--yes"]).ok(), "Deleted webhook 1\n");
    assert_eq!(methods(&h), ["DELETE"]);
    let left = h.sandbox().webhooks();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["id"], "2");
}

#[test]
fn delete_without_yes_and_no_terminal_exits_2_and_deletes_nothing() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let err = ac(&h, &["delete", "1"]).fails(2).to_string();
    assert!(err.contains("--yes"), "{err}");
    assert!(requests(&h).is_empty());
    assert_eq!(h.sandbox().webhooks().len(), 1);
}

#[test]
fn delete_of_a_missing_id_exits_4_with_acs_message() {
    let h = sandbox();
    let err = ac(&h, &["delete", "99", "--yes"]).fails(4).to_string();
    assert!(err.contains("No Result found for Webhook with id 99"), "{err}");
    assert!(err.contains("404"), "{err}");
}

#[test]
fn events_live_and_offline() {
    let h = sandbox();
    let live = ac(&h, &["events"]).ok().to_string();
    assert!(live.starts_with("EVENT"), "{live}");
    assert!(live.contains("subscribe") && live.contains("deal_add"), "{live}");
    assert_eq!(lines(&live).len(), 31);
    assert!(requests(&h)[0].path.starts_with("/api/3/webhook/events"));

    let offline = bare(&["events", "--offline"]);
    assert_eq!(lines(offline.ok()).len(), 31, "a header and 30 rows");
    let arr = bare(&["events", "--offline", "--json"]).json();
    let arr = arr.as_array().unwrap();
    assert_eq!(arr.len(), 30);
    assert_eq!(keys(&arr[0]), ["name", "description", "group", "uses_list"]);
    assert!(arr.iter().any(|e| e["name"] == "contact_task_add"));
}

#[test]
fn lists_and_whoami_read_the_account() {
    let h = sandbox();
    let out = ac(&h, &["lists"]).ok().to_string();
    assert!(out.starts_with("ID"), "{out}");
    assert!(out.contains("Trial users") && out.contains("trial-users"), "{out}");
    let arr = ac(&h, &["lists", "--json"]).json();
    assert_eq!(arr.as_array().unwrap().len(), 3);
    assert_eq!(arr[0]["id"], "1");

    let me = ac(&h, &["whoami"]).ok().to_string();
    assert!(me.contains("sandbox") && me.contains("sandbox@example.com"), "{me}");
    assert!(me.contains(&h.url()), "{me}");
}

/// Each case must exit 2, say `needle` on stderr, and send nothing.
fn refused(args: &[&str], needle: &str) {
    let h = sandbox();
    let err = ac(&h, args).fails(2).to_string();
    assert!(err.contains(needle), "{args:?}: {needle:?} missing from:\n{err}");
    assert!(requests(&h).is_empty(), "{args:?} reached the API");
}

#[test]
fn validation_errors_exit_2_before_any_request() {
    let url = "https://example.com/hooks/ac";
    let ok = ["--source", "api", "--url", url];
    refused(&[&["create", "--event", "subscrib"], &ok[..]].concat(), "subscribe");
    let ev = ["create", "--event", "subscribe", "--url", url];
    refused(&[&ev[..], &["--source", "robot"]].concat(), "public");
    refused(&["create", "--source", "api", "--url", url], "--event");
    refused(&["create", "--event", "subscribe", "--url", url], "--source");
    refused(&["create", "--event", "subscribe", "--source", "api"], "--url");
    let card = |u: &'static str| [&CARD[..5], &["--url", u]].concat();
    refused(&card("https://example.com/a b"), "a space");
    refused(&card("https://example.com:8443/hooks"), "443");
    refused(&[&CARD[..], &["--list", "-1"]].concat(), "");
    refused(&[&CARD[..], &["--list", "abc"]].concat(), "acwh lists");
    refused(&["list", "--list", "abc"], "acwh lists");
    refused(&["show", "0"], "webhook id");
    refused(&["update", "1", "--url", "https://example.com:8443/"], "443");
}

#[test]
fn plain_http_api_url_off_loopback_is_refused() {
    let err = bare(&["list", "--api-url", "http://example.com", "--api-key", "k"])
        .fails(2)
        .to_string();
    assert!(err.contains("refusing plain http"), "{err}");
}

#[test]
fn missing_credentials_exit_2_naming_flag_and_variable() {
    let err = bare(&["list"]).fails(2).to_string();
    assert!(err.contains("--api-url") && err.contains("ACWH_API_URL"), "{err}");
    assert!(err.contains("--api-key") && err.contains("ACWH_API_KEY"), "{err}");
    let err = bare(&["whoami", "--api-key", "k"]).fails(2).to_string();
    assert!(err.contains("--api-url") && err.contains("ACWH_API_URL"), "{err}");
    let err = bare(&["lists", "--api-url", "http://127.0.0.1:1"])
        .fails(2)
        .to_string();
    assert!(err.contains("--api-key") && err.contains("ACWH_API_KEY"), "{err}");
}

#[test]
fn dry_run_prints_the_body_and_needs_no_credentials() {
    let r = bare(&[&CARD[..], &["--list", "2", "--dry-run"]].concat());
    let body = r.json();
    assert_eq!(
        body,
        json!({"webhook": {
            "name": "subscribe -> example.com",
            "url": "https://example.com/hooks/ac",
            "events": ["subscribe"],
            "sources": ["api"],
            "listid": 2,
        }})
    );
    assert!(body["webhook"]["listid"].is_u64());
    assert!(r.err.contains("nothing was sent"), "{}", r.err);

    let h = sandbox();
    ac(&h, &[&CARD[..], &["--dry-run"]].concat()).ok();
    assert!(requests(&h).is_empty());
}

#[test]
fn list_on_events_that_ignore_it_warns() {
    let h = sandbox();
    let args = ["create", "-e", "deal_add", "-s", "api", "--list", "3"];
    let r = ac(&h, &[&args[..], &["--url", "https://example.com/d"]].concat());
    r.ok();
    assert!(r.err.contains("warning") && r.err.contains("--list 3"), "{}", r.err);
    assert!(r.err.contains("deal_add"), "{}", r.err);
    assert_eq!(h.sandbox().webhooks()[0]["listid"], "3");

    let quiet = ac(&h, &[&CARD[..], &["--list", "3"]].concat());
    quiet.ok();
    assert!(!quiet.err.contains("warning"), "{}", quiet.err);
}

#[test]
fn rate_limit_429_is_waited_out_and_retried() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let body = r#"{"message":"Too Many Requests"}"#;
    inject(&h, "GET", 1, status(429, Some(1), body));
    let r = ac(&h, &["list", "-q"]);
    assert_eq!(r.ok(), "1\n");
    assert!(r.err.contains("rate limit"), "{}", r.err);
    assert!(r.took >= Duration::from_secs(1), "Retry-After was not honoured");
    let statuses: Vec<u16> = requests(&h).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
}

#[test]
fn post_is_never_retried_on_503() {
    let h = sandbox();
    inject(&h, "POST", 1, status(503, None, r#"{"message":"down"}"#));
    let err = ac(&h, &CARD).fails(5).to_string();
    assert!(err.contains("503"), "{err}");
    assert_eq!(methods(&h), ["POST"]);
    assert!(h.sandbox().webhooks().is_empty());
}

#[test]
fn get_is_retried_on_503() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    inject(&h, "GET", 2, status(503, None, "{}"));
    let r = ac(&h, &["list", "-q"]);
    assert_eq!(r.ok(), "1\n");
    assert!(r.err.contains("503"), "{}", r.err);
    assert_eq!(methods(&h), ["GET", "GET", "GET"]);
}

#[test]
fn get_gives_up_with_5_after_five_503s() {
    let h = sandbox();
    inject(&h, "GET", 9, status(503, Some(0), "{}"));
    let err = ac(&h, &["show", "1"]).fails(5).to_string();
    assert!(err.contains("503"), "{err}");
    assert_eq!(methods(&h).len(), 5, "five tries in all");
}

#[test]
fn dropped_connection_on_get_is_retried() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    inject(&h, "GET", 1, FaultKind::Drop);
    let r = ac(&h, &["show", "1", "--json"]);
    assert_eq!(r.json()["id"], "1");
    assert!(r.err.contains("connection lost"), "{}", r.err);
    let statuses: Vec<u16> = requests(&h).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [0, 200]);
}

#[test]
fn wrong_key_exits_4_with_a_hint() {
    let h = sandbox_with_key("the-right-key");
    let err = ac(&h, &["whoami"]).fails(4).to_string();
    assert!(err.contains("403"), "{err}");
    assert!(err.contains("hint: check the key"), "{err}");
    assert_eq!(requests(&h).len(), 1, "a 403 is not retried");
}

#[test]
fn connection_refused_exits_1_with_a_hint() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let r = bare(&["list", "--api-url", &url, "--api-key", SECRET_KEY]);
    let err = r.fails(1);
    assert!(err.contains("could not reach"), "{err}");
    assert!(err.contains("hint:") && err.contains("--api-url"), "{err}");
}

#[test]
fn unprocessable_422_exits_4_with_acs_field_message() {
    let h = sandbox();
    // AC refuses plain http off loopback; acwh warns but lets AC decide.
    let url = "http://example.com/hooks";
    let r = ac(&h, &[&CARD[..5], &["--url", url]].concat());
    let err = r.fails(4);
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains("422") && err.contains("(field url)"), "{err}");

    let body = r#"{"errors":[{"title":"The webhook url was not provided.","detail":"","code":"field_missing","source":{"pointer":"/data/attributes/url"}}]}"#;
    inject(&h, "POST", 1, status(422, None, body));
    let err = ac(&h, &CARD).fails(4).to_string();
    assert!(
        err.contains("The webhook url was not provided. (field url)"),
        "{err}"
    );
    assert_eq!(methods(&h), ["POST", "POST"]);
}

#[test]
fn http_timeout_ends_a_slow_request_with_exit_1() {
    let h = sandbox();
    inject(&h, "GET", 1, FaultKind::Delay(Duration::from_secs(3)));
    let r = ac(&h, &["--http-timeout", "1s", "list"]);
    let err = r.fails(1);
    assert!(err.contains("did not answer within 1s"), "{err}");
    assert!(err.contains("--http-timeout"), "{err}");
    assert!(r.took < Duration::from_millis(2900), "took {:?}", r.took);
    assert_eq!(requests(&h).len(), 1, "a timeout is not retried");
}

#[test]
fn the_api_key_is_never_printed() {
    let h = sandbox();
    let mut runs = Vec::new();
    for args in [
        &CARD[..],
        &["list"],
        &["list", "--json"],
        &["show", "1"],
        &["show", "1", "--json"],
        &["update", "1", "--name", "x"],
        &["events"],
        &["events", "--json"],
        &["lists"],
        &["whoami"],
        &["whoami", "--json"],
        &[&CARD[..], &["--dry-run"]].concat(),
        &["delete", "1", "--yes"],
        &["delete", "1", "--yes"],
        &["list", "--help"],
        &["create", "--event", "subscrib"],
        &["update", "1"],
    ] {
        runs.push(ac(&h, args));
    }
    assert_eq!(runs[0].code, Some(0));
    assert_eq!(runs[13].code, Some(4), "the second delete is a 404");

    inject(&h, "GET", 1, status(500, None, r#"{"message":"boom"}"#));
    let r = ac(&h, &["list"]);
    assert_eq!(r.code, Some(5), "{}", r.err);
    runs.push(r);

    let dir = tempfile::tempdir().unwrap();
    let wrong_path = format!("{}/wrong", h.url());
    let closed = format!("http://127.0.0.1:{}", closed_port());
    for url in [wrong_path.as_str(), closed.as_str(), "http://example.com"] {
        let mut cmd = acwh(dir.path());
        cmd.env("ACWH_API_KEY", SECRET_KEY).env("ACWH_API_URL", url);
        let r = exec(cmd, &["list"]);
        assert_ne!(r.code, Some(0), "{url}");
        runs.push(r);
    }
    // The key as a flag, on success and on failure.
    for args in [
        &["whoami", "--api-key", SECRET_KEY][..],
        &["--api-key", SECRET_KEY, "create", "--event", "subscrib"],
        &["--api-key", SECRET_KEY, "--api-url", closed.as_str(), "lists"],
    ] {
        let mut cmd = acwh(dir.path());
        cmd.env("ACWH_API_URL", h.url());
        runs.push(exec(cmd, args));
    }
    // The key AC refuses is not printed either.
    let other = sandbox_with_key("another-key");
    runs.push(ac(&other, &["whoami"]));

    for (i, r) in runs.iter().enumerate() {
        assert!(!r.leaks(SECRET_KEY), "run {i} printed the key:\n{}\n{}", r.out, r.err);
    }
}
