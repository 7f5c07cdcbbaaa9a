//! API commands against the AC stand-in: `--help`'s first `create`, every read and write
//! command and its output modes, validation before any request, HTTP retries and exit codes,
//! and the promise that the API key is never printed. Each test starts its own sandbox.
//!
//! Command lines are written as one string split on whitespace; `ac_args` takes the few
//! arguments that hold a space.

use std::time::Duration;

use acwh::sandbox::{FaultKind, Handle, Logged, Options};
use serde_json::{Value, json};

use crate::support::{
    Ran, SECRET_KEY, Test, closed_port, exec, inject, sandbox, says, status, statuses,
};

/// The first example of `acwh --help`, verbatim.
const CARD: &str = "create --event subscribe --source api --url https://example.com/hooks/ac";

/// AC's key order for a webhook, and for the user `/users/me` answers with.
const HOOK_KEYS: &str = "cdate listid name url events sources links id";
const USER_KEYS: &str = "username firstName lastName email phone signature links id";

fn sandbox_with_key(key: &str) -> Handle {
    let api_key = key.into();
    Handle::start(Options {
        api_key,
        ..Options::default()
    })
    .unwrap()
}

fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Runs `acwh LINE` against `h` with credentials in the environment.
fn ac(h: &Handle, line: &str) -> Ran {
    ac_args(h, &words(line))
}

fn ac_args(h: &Handle, args: &[&str]) -> Ran {
    let t = Test::new();
    exec(t.api(&h.url()), args)
}

/// Runs `acwh LINE` with no credentials at all.
fn bare(line: &str) -> Ran {
    let t = Test::new();
    t.run(&words(line))
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

fn param(path: &str, key: &str) -> Option<String> {
    query(path)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// A loopback URL nothing listens on.
fn closed_url() -> String {
    format!("http://127.0.0.1:{}", closed_port())
}

#[test]
fn quick_start_create_posts_once_then_list_sees_it() {
    let h = sandbox();
    says(ac(&h, CARD).ok(), &["Created webhook 1"]);
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

    let table = ac(&h, "list").ok().to_string();
    assert!(table.starts_with("ID"), "{table}");
    says(&table, &["subscribe -> example.com", "/hooks/ac"]);
}

#[test]
fn json_outputs_keep_ac_shapes_and_quiet_prints_ids() {
    let h = sandbox();
    let created = ac(&h, &format!("{CARD} --json")).json();
    assert_eq!(keys(&created), words(HOOK_KEYS));
    assert_eq!(created["id"], "1");
    assert_eq!(created["listid"], "0");
    assert_eq!(ac(&h, &format!("{CARD} -q")).ok(), "2\n");

    let list = ac(&h, "list --json").json();
    let arr = list.as_array().unwrap();
    assert_eq!(arr, &h.sandbox().webhooks());
    for w in arr {
        assert_eq!(keys(w), words(HOOK_KEYS));
        assert!(w["id"].is_string() && w["listid"].is_string(), "{w}");
    }
    assert_eq!(lines(ac(&h, "list -q").ok()), ["1", "2"]);

    let shown = ac(&h, "show 2 --json").json();
    assert_eq!(shown, h.sandbox().webhooks()[1]);

    let me = ac(&h, "whoami --json").json();
    assert_eq!(keys(&me), words(USER_KEYS));
    assert_eq!(me["id"], "1");
}

#[test]
fn list_follows_pages_past_250_webhooks() {
    let h = sandbox();
    h.sandbox().seed_webhooks(260);
    let out = ac(&h, "list -q").ok().to_string();
    let ids = lines(&out);
    assert_eq!(ids.len(), 260);
    assert_eq!((ids[0], ids[259]), ("1", "260"));
    let mut offsets = Vec::new();
    for r in requests(&h) {
        assert_eq!((r.method.as_str(), r.status), ("GET", 200));
        assert!(r.path.starts_with("/api/3/webhooks?"), "{}", r.path);
        let limit = param(&r.path, "limit");
        assert_eq!(limit.as_deref(), Some("100"), "{}", r.path);
        offsets.push(param(&r.path, "offset").unwrap());
    }
    assert_eq!(offsets, ["0", "100", "200"]);
}

#[test]
fn list_filters_are_sent_and_narrow_the_result() {
    let h = sandbox();
    h.sandbox().seed_webhooks(3);
    assert_eq!(ac(&h, &format!("{CARD} --list 2 -q")).ok(), "4\n");

    assert_eq!(ac_args(&h, &["list", "--name", "Hook 2", "-q"]).ok(), "2\n");
    let url = "https://example.com/hooks/3";
    assert_eq!(ac(&h, &format!("list --url {url} -q")).ok(), "3\n");
    assert_eq!(ac(&h, "list --list 2 -q").ok(), "4\n");
    assert_eq!(ac(&h, "list --name nobody -q").ok(), "");

    let gets: Vec<String> = requests(&h).into_iter().skip(1).map(|r| r.path).collect();
    assert_eq!(param(&gets[0], "filters[name]").as_deref(), Some("Hook 2"));
    assert_eq!(param(&gets[1], "filters[url]").as_deref(), Some(url));
    assert_eq!(param(&gets[2], "filters[listid]").as_deref(), Some("2"));
}

#[test]
fn show_prints_a_summary() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let out = ac(&h, "show 1").ok().to_string();
    says(&out, &["Hook 1", "/hooks/1", "subscribe (", "public"]);
    assert!(out.contains("list     all"), "{out}");
    assert_eq!(methods(&h), ["GET"]);
    let err = ac(&h, "show 7").fails(4).to_string();
    says(&err, &["404", "No Result found for Webhook with id 7"]);
}

#[test]
fn update_merges_and_puts_the_whole_object() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let before = h.sandbox().webhooks()[0].clone();
    let r = ac(&h, "update 1 --add-event unsubscribe --list 2");
    says(r.ok(), &["Updated webhook 1"]);
    assert_eq!(methods(&h), ["GET", "PUT"]);
    assert_eq!(requests(&h)[1].path, "/api/3/webhooks/1");

    let after = h.sandbox().webhooks()[0].clone();
    assert_eq!(after["events"], json!(["subscribe", "unsubscribe"]));
    assert_eq!(after["listid"], "2");
    for kept in ["name", "url", "sources", "cdate", "id"] {
        assert_eq!(after[kept], before[kept], "{kept} changed");
    }

    let json = ac(&h, "update 1 --remove-event subscribe --json").json();
    assert_eq!(json["events"], json!(["unsubscribe"]));
    assert_eq!(json["listid"], "2", "AC's string listid survives a merge");
    assert_eq!(json["name"], "Hook 1");

    ac(&h, "update 1 --name Renamed --source admin,api").ok();
    let last = h.sandbox().webhooks()[0].clone();
    assert_eq!(last["name"], "Renamed");
    assert_eq!(last["sources"], json!(["admin", "api"]));
    assert_eq!(last["events"], json!(["unsubscribe"]));
    assert_eq!(last["listid"], "2");
}

#[test]
fn update_without_a_change_flag_exits_2_before_any_request() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    for line in ["update 1", "update 1 --no-input"] {
        says(ac(&h, line).fails(2), &["nothing to change"]);
    }
    assert!(requests(&h).is_empty());
}

#[test]
fn delete_with_yes_removes_the_webhook() {
    let h = sandbox();
    h.sandbox().seed_webhooks(2);
    assert_eq!(ac(&h, "delete 1 --yes").ok(), "Deleted webhook 1\n");
    assert_eq!(methods(&h), ["DELETE"]);
    let left = h.sandbox().webhooks();
    assert_eq!((left.len(), &left[0]["id"]), (1, &json!("2")));
}

#[test]
fn delete_without_yes_and_no_terminal_exits_2_and_deletes_nothing() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    says(
        ac(&h, "delete 1").fails(2),
        &["refusing to delete webhook 1 without", "--yes"],
    );
    says(
        ac(&h, "delete 99 3").fails(2),
        &["refusing to delete webhooks 99, 3 without", "--yes"],
    );
    assert!(requests(&h).is_empty());
    assert_eq!(h.sandbox().webhooks().len(), 1);
}

#[test]
fn delete_of_a_repeated_id_deletes_it_once() {
    let h = sandbox();
    h.sandbox().seed_webhooks(2);
    let r = ac(&h, "delete 1 2 1 --yes");
    assert_eq!(lines(r.ok()), ["Deleted webhook 1", "Deleted webhook 2"]);
    assert_eq!(methods(&h), ["DELETE", "DELETE"]);
}

#[test]
fn delete_of_a_missing_id_exits_4_with_acs_message() {
    let h = sandbox();
    let err = ac(&h, "delete 99 --yes").fails(4).to_string();
    says(&err, &["404", "No Result found for Webhook with id 99"]);
}

#[test]
fn delete_tries_every_id_and_exits_with_the_worst() {
    let h = sandbox();
    h.sandbox().seed_webhooks(3);
    // 99 is a mistyped id: the others are still deleted, and each result is told.
    let r = ac(&h, "delete 99 2 --yes");
    let err = r.fails(4);
    assert_eq!(lines(&r.out), ["Deleted webhook 2"]);
    says(
        err,
        &[
            "failed to delete webhook 99",
            "404",
            "1 webhook(s) deleted, 1 failed",
        ],
    );
    assert_eq!(methods(&h), ["DELETE", "DELETE"]);

    // A 5xx outranks a 4xx, whatever the order.
    inject(&h, "DELETE", 1, status(500, None, r#"{"message":"boom"}"#));
    let r = ac(&h, "delete 1 98 --yes");
    says(
        r.fails(5),
        &[
            "failed to delete webhook 1",
            "500",
            "failed to delete webhook 98",
        ],
    );
    assert_eq!(h.sandbox().webhooks().len(), 2, "nothing went");
}

#[test]
fn list_and_show_mark_a_webhook_inactive_when_acs_answer_says_so() {
    let h = sandbox();
    // AC documents no such field; an answer that carries one, in any of its shapes, is shown.
    let hook = |id: &str, extra: &str| {
        format!(
            r#"{{"cdate":"2026-01-01T00:00:00-05:00","listid":"0","name":"Hook {id}","url":"https://example.com/{id}","events":["subscribe"],"sources":["public"],"links":[],"id":"{id}"{extra}}}"#
        )
    };
    let page = format!(
        r#"{{"webhooks":[{},{},{}],"meta":{{"total":"3"}}}}"#,
        hook("1", r#","state":"inactive""#),
        hook("2", r#","active":"1""#),
        hook("3", "")
    );
    inject(&h, "GET", 1, status(200, None, &page));
    let r = ac(&h, "list");
    let out = lines(r.ok());
    assert!(out[0].contains("STATE"), "{out:?}");
    assert_eq!(words(out[1])[6], "inactive", "{out:?}");
    assert_eq!(words(out[2])[6], "active", "{out:?}");
    assert!(
        r.err.contains("1 inactive: AC stopped delivering"),
        "{}",
        r.err
    );

    let one = format!(r#"{{"webhook":{}}}"#, hook("1", r#","status":0"#));
    inject(&h, "GET", 1, status(200, None, &one));
    says(
        ac(&h, "show 1").ok(),
        &["state    inactive (AC delivers nothing to it"],
    );

    // Without such a field, no state is claimed either way.
    h.sandbox().seed_webhooks(1);
    let plain = ac(&h, "list").ok().to_string();
    assert!(
        !plain.contains("STATE") && !plain.contains("active"),
        "{plain}"
    );
    assert!(!ac(&h, "show 1").ok().contains("state"));
}

#[test]
fn events_live_and_offline() {
    let h = sandbox();
    let live = ac(&h, "events").ok().to_string();
    assert!(live.starts_with("EVENT"), "{live}");
    says(&live, &["subscribe", "deal_add", "account_contact_update"]);
    assert_eq!(lines(&live).len(), 31, "a header and 30 rows");
    assert!(requests(&h)[0].path.starts_with("/api/3/webhook/events"));

    // The built-in table: the 30 events and the automation Webhook step, with provenance.
    let offline = bare("events --offline").ok().to_string();
    assert_eq!(lines(&offline).len(), 32);
    says(
        &offline,
        &[
            "PROVENANCE",
            "captured 2017",
            "consumer-code",
            "inferred",
            "automation",
        ],
    );
    let arr = bare("events --offline --json").json();
    let arr = arr.as_array().unwrap();
    assert_eq!(arr.len(), 31);
    assert_eq!(arr[0]["name"], "subscribe");
    assert_eq!(
        (arr[0]["provenance"].as_str(), arr[0]["year"].as_u64()),
        (Some("captured"), Some(2017))
    );
    for e in arr {
        for key in ["name", "group", "uses_list", "description", "provenance"] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
    }
    assert_eq!(arr[30]["name"], "automation");
}

#[test]
fn lists_and_whoami_read_the_account() {
    let h = sandbox();
    let out = ac(&h, "lists").ok().to_string();
    assert!(out.starts_with("ID"), "{out}");
    says(&out, &["Newsletter", "Trial users", "trial-users"]);
    let arr = ac(&h, "lists --json").json();
    assert_eq!(arr.as_array().unwrap().len(), 3);
    assert_eq!(arr[0]["id"], "1");

    let me = ac(&h, "whoami").ok().to_string();
    let want = ["sandbox", "Sandy Box", "<sandbox@example.com>", &h.url()];
    says(&me, &want);
}

/// `acwh ARGS` must exit 2, say `needle` on stderr, and send nothing.
fn refused(args: &[&str], needle: &str) {
    let h = sandbox();
    let err = ac_args(&h, args).fails(2).to_string();
    let said = err.contains(needle);
    assert!(said, "{args:?}: {needle:?} missing from:\n{err}");
    assert!(requests(&h).is_empty(), "{args:?} reached the API");
}

fn refused_line(line: &str, needle: &str) {
    refused(&words(line), needle);
}

#[test]
fn validation_errors_exit_2_before_any_request() {
    let url = "--url https://example.com/hooks/ac";
    refused_line(&format!("create -e subscrib -s api {url}"), "subscribe");
    refused_line(&format!("create -e subscribe -s robot {url}"), "public");
    refused_line(&format!("create -s api {url}"), "missing --event");
    refused_line(&format!("create -e subscribe {url}"), "missing --source");
    refused_line("create -e subscribe -s api", "missing --url");
    let base = ["create", "-e", "subscribe", "-s", "api", "--url"];
    let space = [&base[..], &["https://example.com/a b"]].concat();
    refused(&space, "a space");
    let port = "create -e open -s api --url https://example.com:8443/h";
    refused_line(port, "port 443");
    refused_line(&format!("{CARD} --list=-1"), "acwh lists");
    refused_line(&format!("{CARD} --list -1"), "-1");
    refused_line(&format!("{CARD} --list abc"), "acwh lists");
    refused_line("list --list abc", "acwh lists");
    refused_line("show 0", "webhook id");
    refused_line("update 1 --url https://example.com:8443/", "port 443");
}

#[test]
fn negative_list_id_names_the_fix() {
    refused_line(&format!("{CARD} --list -1"), "acwh lists");
}

#[test]
fn plain_http_api_url_off_loopback_is_refused() {
    let r = bare("list --api-url http://example.com --api-key k");
    says(r.fails(2), &["refusing plain http", "https://"]);
}

#[test]
fn missing_credentials_exit_2_naming_flag_and_variable() {
    let both = ["--api-url", "ACWH_API_URL", "--api-key", "ACWH_API_KEY"];
    says(bare("list").fails(2), &both);
    says(bare("whoami --api-key k").fails(2), &both[..2]);
    let no_key = bare("lists --api-url http://127.0.0.1:1");
    says(no_key.fails(2), &both[2..]);
}

#[test]
fn dry_run_prints_the_body_and_needs_no_credentials() {
    let r = bare(&format!("{CARD} --list 2 --dry-run"));
    let body = r.json();
    let webhook = json!({
        "name": "subscribe -> example.com",
        "url": "https://example.com/hooks/ac",
        "events": ["subscribe"],
        "sources": ["api"],
        "listid": 2,
    });
    assert_eq!(body, json!({ "webhook": webhook }));
    assert!(body["webhook"]["listid"].is_u64());
    says(&r.err, &["nothing was sent"]);

    let h = sandbox();
    ac(&h, &format!("{CARD} --dry-run")).ok();
    assert!(requests(&h).is_empty());
}

#[test]
fn list_on_events_that_ignore_it_warns() {
    let h = sandbox();
    let line = "create -e deal_add -s api --list 3 --url https://example.com/d";
    let r = ac(&h, line);
    r.ok();
    says(&r.err, &["warning", "--list 3", "deal_add"]);
    assert_eq!(h.sandbox().webhooks()[0]["listid"], "3");

    let quiet = ac(&h, &format!("{CARD} --list 3"));
    quiet.ok();
    assert!(!quiet.err.contains("warning"), "{}", quiet.err);
}

#[test]
fn rate_limit_429_is_waited_out_and_retried() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    let body = r#"{"message":"Too Many Requests"}"#;
    inject(&h, "GET", 1, status(429, Some(1), body));
    let r = ac(&h, "list -q");
    assert_eq!(r.ok(), "1\n");
    says(&r.err, &["rate limit"]);
    assert!(r.took >= Duration::from_secs(1), "Retry-After not honoured");
    assert_eq!(statuses(&h), [429, 200]);

    // A 429 means AC did nothing, so even a POST is sent again; one webhook results.
    inject(&h, "POST", 1, status(429, Some(0), body));
    let r = ac(&h, CARD);
    r.ok();
    says(&r.err, &["rate limit"]);
    assert_eq!(h.sandbox().webhooks().len(), 2);
    assert_eq!(methods(&h)[2..], ["POST", "POST"]);
}

#[test]
fn post_is_never_retried_on_503() {
    let h = sandbox();
    inject(&h, "POST", 1, status(503, None, r#"{"message":"down"}"#));
    says(ac(&h, CARD).fails(5), &["503", "down"]);
    assert_eq!(methods(&h), ["POST"]);
    // Nor after a lost connection: AC may have stored it.
    inject(&h, "POST", 1, FaultKind::Drop);
    says(ac(&h, CARD).fails(1), &["could not reach"]);
    assert_eq!(methods(&h), ["POST", "POST"]);
    assert!(h.sandbox().webhooks().is_empty());
}

#[test]
fn get_put_and_delete_are_retried_on_502_and_503() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    inject(&h, "GET", 2, status(503, None, "{}"));
    let r = ac(&h, "list -q");
    assert_eq!(r.ok(), "1\n");
    says(&r.err, &["503", "retrying"]);
    assert_eq!(statuses(&h), [503, 503, 200]);

    inject(&h, "PUT", 1, status(503, None, "{}"));
    ac(&h, "update 1 --name Again").ok();
    inject(&h, "DELETE", 1, status(502, None, "{}"));
    ac(&h, "delete 1 --yes").ok();
    let m = methods(&h);
    assert_eq!(m[3..], ["GET", "PUT", "PUT", "DELETE", "DELETE"]);
    assert!(h.sandbox().webhooks().is_empty());
}

#[test]
fn get_gives_up_with_5_after_five_503s() {
    let h = sandbox();
    inject(&h, "GET", 9, status(503, Some(0), "{}"));
    says(ac(&h, "show 1").fails(5), &["503"]);
    assert_eq!(methods(&h).len(), 5, "five tries in all");
}

#[test]
fn dropped_connection_on_get_is_retried() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    inject(&h, "GET", 1, FaultKind::Drop);
    let r = ac(&h, "show 1 --json");
    assert_eq!(r.json()["id"], "1");
    says(&r.err, &["connection lost"]);
    assert_eq!(statuses(&h), [0, 200]);
}

#[test]
fn wrong_key_exits_4_with_a_hint() {
    let h = sandbox_with_key("the-right-key");
    says(ac(&h, "whoami").fails(4), &["403", "hint: check the key"]);
    assert_eq!(requests(&h).len(), 1, "a 403 is not retried");
}

#[test]
fn connection_refused_exits_1_with_a_hint() {
    let url = closed_url();
    let r = bare(&format!("list --api-url {url} --api-key {SECRET_KEY}"));
    says(r.fails(1), &["could not reach", "hint:", "--api-url"]);
}

#[test]
fn unprocessable_422_exits_4_with_acs_field_message() {
    let h = sandbox();
    // AC refuses plain http off loopback; acwh warns, sends, and reports AC's answer.
    let http = "create -e subscribe -s api --url http://example.com/hooks";
    let r = ac(&h, http);
    says(r.fails(4), &["warning", "422", "(field url)"]);

    let body = r#"{"errors":[{"title":"The webhook url was not provided.","detail":"","code":"field_missing","source":{"pointer":"/data/attributes/url"}}]}"#;
    inject(&h, "POST", 1, status(422, None, body));
    let err = ac(&h, CARD).fails(4).to_string();
    says(&err, &["The webhook url was not provided. (field url)"]);
    assert_eq!(methods(&h), ["POST", "POST"]);
}

#[test]
fn http_timeout_ends_a_slow_request_with_exit_1() {
    let h = sandbox();
    inject(&h, "GET", 1, FaultKind::Delay(Duration::from_secs(3)));
    let r = ac(&h, "--http-timeout 1s list");
    says(r.fails(1), &["did not answer within 1s", "--http-timeout"]);
    assert!(r.took < Duration::from_millis(2900), "took {:?}", r.took);
    assert_eq!(requests(&h).len(), 1, "a timeout is not retried");
}

/// Every command once, with credentials from the environment; `|` separates them.
const EVERY_COMMAND: &str = "create -e subscribe -s api --url https://example.com/hooks/ac
    | list | list --json | show 1 | show 1 --json | update 1 --name x | events | events --json
    | lists | whoami | whoami --json | create -e open -s api --url https://example.com/ --dry-run
    | delete 1 --yes | delete 1 --yes | list --help | create --event subscrib | update 1";

#[test]
fn the_api_key_is_never_printed() {
    let h = sandbox();
    let mut runs = Vec::new();
    for line in EVERY_COMMAND.split('|') {
        runs.push(ac(&h, line));
    }
    assert_eq!(runs[0].code, Some(0));
    assert_eq!(runs[13].code, Some(4), "the second delete is a 404");

    inject(&h, "GET", 1, status(500, None, r#"{"message":"boom"}"#));
    runs.push(ac(&h, "list"));
    assert_eq!(runs.last().unwrap().code, Some(5));

    let t = Test::new();
    let closed = closed_url();
    let wrong = format!("{}/wrong", h.url());
    for url in [wrong.as_str(), &closed, "http://example.com"] {
        runs.push(exec(t.api(url), &["list"]));
        assert_ne!(runs.last().unwrap().code, Some(0), "{url}");
    }
    // The key as a flag, on success and on failure.
    for line in [
        format!("whoami --api-key {SECRET_KEY}"),
        format!("--api-key {SECRET_KEY} create --event subscrib"),
        format!("--api-key {SECRET_KEY} --api-url {closed} lists"),
    ] {
        let mut cmd = t.acwh();
        cmd.env("ACWH_API_URL", h.url());
        runs.push(exec(cmd, &words(&line)));
    }
    assert_eq!(runs[runs.len() - 3].code, Some(0));
    // A key AC refuses is not printed either.
    runs.push(ac(&sandbox_with_key("another-key"), "whoami"));

    for (i, r) in runs.iter().enumerate() {
        let leaked = r.out.contains(SECRET_KEY) || r.err.contains(SECRET_KEY);
        assert!(!leaked, "run {i} printed the key:\n{}\n{}", r.out, r.err);
    }
}
