//! `acwh trigger` against a running `acwh listen`, and against receivers that fail.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{Listener, Test, closed_port};

fn trigger(t: &Test, args: &[&str]) -> assert_cmd::assert::Assert {
    t.acwh().arg("trigger").args(args).assert()
}

#[test]
fn every_event_arrives_as_the_tree_that_was_sent() {
    let t = Test::new();
    let l = Listener::start(&["--json"]);
    let url = l.url();
    for event in acwh::events::EVENTS.iter().map(|e| e.name) {
        let out = trigger(&t, &[event, "--to", &url, "--json"]).success();
        let sent: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let got = l.json();
        assert_eq!(got["event"], event);
        assert_eq!(got["content_type"], "application/x-www-form-urlencoded");
        assert_eq!(got["fields"], sent, "{event}");
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains(&format!("{event} -> {url}  200 OK")),
            "{stderr}"
        );
    }
}

#[test]
fn the_body_is_standard_form_encoding_of_the_sample() {
    let t = Test::new();
    for event in acwh::events::EVENTS.iter().map(|e| e.name) {
        let out = trigger(&t, &[event, "--print"]).success();
        let body = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        let body = body.trim_end();
        assert!(body.contains("type=") && !body.contains('['), "{body}");
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let opts = acwh::samples::SampleOptions {
            source: None,
            list: None,
            now: chrono::Local::now().fixed_offset(),
        };
        let mut want = acwh::samples::sample(event, &opts).unwrap();
        // date_time is "now": compare everything else, and check its shape.
        let dt = &pairs[1];
        assert_eq!(dt.0, "date_time");
        assert!(
            chrono::DateTime::parse_from_rfc3339(&dt.1).is_ok(),
            "{}",
            dt.1
        );
        want[1].1 = dt.1.clone();
        assert_eq!(pairs, want, "{event}");
        assert_eq!(pairs[0], ("type".to_string(), event.to_string()));
    }
}

#[test]
fn overrides_removals_source_and_list() {
    let t = Test::new();
    let l = Listener::start(&["--json"]);
    trigger(
        &t,
        &[
            "deal_add",
            "--to",
            &l.url(),
            "-d",
            "contact[email]=me@example.org",
            "-d",
            "extra[note]=a b&c",
            "--remove",
            "deal",
            "--source",
            "api",
            "--list",
            "7",
        ],
    )
    .success();
    let v = l.json();
    let f = &v["fields"];
    assert_eq!(f["contact"]["email"], "me@example.org");
    assert_eq!(f["extra"]["note"], "a b&c");
    assert!(f.get("deal").is_none(), "{f}");
    assert_eq!(f["initiated_from"], "api");
    assert_eq!(f["list"], "7");

    trigger(&t, &["deal_add", "--remove", "nope", "--print"])
        .code(2)
        .stderr(predicate::str::contains("--remove nope"));
}

#[test]
fn repeat_sends_duplicates_that_listen_marks() {
    let t = Test::new();
    let l = Listener::start(&["--json"]);
    trigger(&t, &["update", "--to", &l.url(), "--repeat", "3"])
        .success()
        .stderr(predicate::str::contains("(3 of 3)"));
    let dups: Vec<Value> = (0..3).map(|_| l.json()["duplicate_of"].clone()).collect();
    assert_eq!(dups, [Value::Null, Value::from(1), Value::from(1)]);
}

#[test]
fn print_sends_nothing_and_json_prints_the_tree() {
    let t = Test::new();
    // Nothing listens on this port: --print must not try.
    trigger(&t, &["subscribe", "--print", "--to", "http://127.0.0.1:9/"])
        .success()
        .stdout(predicate::str::starts_with("type=subscribe&date_time="));
    let out = trigger(&t, &["click", "--print", "--json"]).success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["type"], "click");
    assert!(v["link"]["url"].as_str().unwrap().starts_with("https://"));
}

#[test]
fn exit_codes_follow_the_receiver() {
    let t = Test::new();
    let not_found = Listener::start(&["--status", "404"]);
    trigger(&t, &["subscribe", "--to", &not_found.url()])
        .code(4)
        .stderr(predicate::str::contains("404 Not Found"));
    let broken = Listener::start(&["--status", "500"]);
    trigger(&t, &["subscribe", "--to", &broken.url()]).code(5);

    let port = closed_port();
    trigger(
        &t,
        &["subscribe", "--to", &format!("http://127.0.0.1:{port}/")],
    )
    .code(1)
    .stderr(predicate::str::contains("acwh listen"));
}

#[test]
fn unknown_event_suggests_and_exits_2() {
    let t = Test::new();
    trigger(&t, &["deal_ad"])
        .code(2)
        .stderr(predicate::str::contains("deal_add"));
    trigger(&t, &["subscribe", "--to", "not a url"]).code(2);
}

/// A receiver's redirect is not success (acwh never follows it): exit 1, as for any answer
/// that is neither 2xx nor a 4xx or 5xx.
#[test]
fn a_redirect_from_the_receiver_exits_1() {
    let t = Test::new();
    let l = Listener::start(&["--status", "302"]);
    trigger(&t, &["subscribe", "--to", &l.url()])
        .code(1)
        .stderr(predicate::str::contains("302").and(predicate::str::contains("error").not()));
}

/// An automation's Webhook step: the contact, fields by personalisation tag, `seriesid`
/// last; no `type` or envelope. `listen` names it in its summary line.
#[test]
fn automation_bodies_have_no_envelope_and_listen_names_them() {
    let t = Test::new();
    let out = trigger(&t, &["automation", "--print"]).success();
    let body = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let keys: Vec<String> = form_urlencoded::parse(body.trim_end().as_bytes())
        .map(|(k, _)| k.into_owned())
        .collect();
    assert_eq!(keys.first().map(String::as_str), Some("contact[id]"));
    assert_eq!(keys.last().map(String::as_str), Some("seriesid"));
    assert!(keys.contains(&"contact[ip4]".to_string()), "{keys:?}");
    for absent in [
        "type",
        "date_time",
        "initiated_from",
        "initiated_by",
        "list",
    ] {
        assert!(!keys.contains(&absent.to_string()), "{absent} in {keys:?}");
    }
    let l = Listener::start(&[]);
    trigger(&t, &["automation", "--to", &l.url()]).success();
    l.line();
    let summary = l.line();
    assert!(
        summary.contains("automation webhook · automation 929  jane.doe@example.com"),
        "{summary}"
    );
    // Counted as what it is, not as "(not AC)"; `--json` says so too.
    let (code, rest) = l.stop();
    assert_eq!(code, Some(0));
    assert!(rest.contains("1 request (automation 1)"), "{rest}");
    let l = Listener::start(&["--json"]);
    trigger(&t, &["automation", "--to", &l.url()]).success();
    assert_eq!(l.json()["event"], "automation");
    // The envelope's options do not apply to a body that has no envelope.
    for extra in [["--list", "3"], ["--source", "api"]] {
        trigger(&t, &[&["automation", "--print"][..], &extra[..]].concat())
            .code(2)
            .stderr(predicate::str::contains("automation"));
    }
}

/// `--print` says when a sample has no captured delivery behind it.
#[test]
fn print_says_when_a_sample_is_not_captured() {
    let t = Test::new();
    trigger(&t, &["bounce", "--print"])
        .success()
        .stderr(predicate::str::contains(
            "bounce: no captured delivery is behind this sample; its keys are inferred, and the values of bounce[type], bounce[code], bounce[description] are guesses",
        ));
    trigger(&t, &["reply", "--print"])
        .success()
        .stderr(predicate::str::contains("the values of result are guesses"));
    trigger(&t, &["sent", "--print"])
        .success()
        .stderr(predicate::str::contains("its keys are consumer-code (see"));
    trigger(&t, &["subscribe", "--print"])
        .success()
        .stderr(predicate::str::contains("no captured delivery").not());
    // Captured in part: what is not, said.
    trigger(&t, &["deal_add", "--print"])
        .success()
        .stderr(predicate::str::contains(
            "deal_add: its keys were captured in 2017; their layout",
        ));
    trigger(&t, &["unsubscribe", "--print"])
        .success()
        .stderr(predicate::str::contains(
            "only the keys up to account_id were captured",
        ));
}
