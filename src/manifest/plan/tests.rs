//! The planner: matching by name, per-field diffs, sets for events and sources, prune, the
//! ambiguity refusal, and the renderings.

use serde_json::json;

use super::*;

fn hook(id: u64, name: &str, url: &str, events: &[&str], sources: &[&str], list: &str) -> Webhook {
    Webhook::from_value(json!({
        "id": id.to_string(), "name": name, "url": url, "events": events,
        "sources": sources, "listid": list, "cdate": "2024-01-01T00:00:00-05:00",
    }))
    .unwrap()
}

fn spec(name: &str, url: &str, events: &[&str], sources: &[&str], list: u64) -> WebhookSpec {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
    WebhookSpec {
        name: name.into(),
        url: url.into(),
        events: v(events),
        sources: v(sources),
        listid: list,
    }
}

const U: &str = "https://example.com/h";

fn a_spec() -> WebhookSpec {
    spec("a", U, &["subscribe", "update"], &["api", "admin"], 0)
}

fn a_hook() -> Webhook {
    hook(3, "a", U, &["subscribe", "update"], &["api", "admin"], "0")
}

#[test]
fn empty_account_creates_everything_in_file_order() {
    let b = spec("b", U, &["open"], &["public"], 2);
    let p = plan(&[a_spec(), b.clone()], &[], false).unwrap();
    assert_eq!(p.actions, [Action::Create(a_spec()), Action::Create(b)]);
    assert!(p.pending());
    assert_eq!(
        p.summary(),
        "Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged"
    );
}

#[test]
fn same_webhook_in_another_order_is_unchanged() {
    let reordered = hook(3, "a", U, &["update", "subscribe"], &["admin", "api"], "0");
    let p = plan(&[a_spec()], &[reordered], false).unwrap();
    assert!(!p.pending());
    assert_eq!(
        p.unchanged,
        [Existing {
            id: "3".into(),
            name: "a".into()
        }]
    );
}

#[test]
fn each_field_is_diffed_alone() {
    let cases: [(WebhookSpec, &str, serde_json::Value, serde_json::Value); 4] = [
        (
            spec(
                "a",
                "https://example.com/new",
                &["subscribe", "update"],
                &["api", "admin"],
                0,
            ),
            "url",
            json!(U),
            json!("https://example.com/new"),
        ),
        (
            spec("a", U, &["subscribe"], &["api", "admin"], 0),
            "events",
            json!(["subscribe", "update"]),
            json!(["subscribe"]),
        ),
        (
            spec("a", U, &["subscribe", "update"], &["api"], 0),
            "sources",
            json!(["api", "admin"]),
            json!(["api"]),
        ),
        (
            spec("a", U, &["subscribe", "update"], &["api", "admin"], 7),
            "list",
            json!(0),
            json!(7),
        ),
    ];
    for (want, field, old, new) in cases {
        let p = plan(std::slice::from_ref(&want), &[a_hook()], false).unwrap();
        let expected = Action::Update {
            id: "3".into(),
            spec: want,
            changes: vec![Change { field, old, new }],
        };
        assert_eq!(p.actions, [expected]);
    }
}

#[test]
fn the_list_id_string_is_compared_as_a_number() {
    let h = hook(3, "a", U, &["subscribe", "update"], &["api", "admin"], "7");
    let mut s = a_spec();
    s.listid = 7;
    assert!(!plan(&[s], &[h], false).unwrap().pending());
}

#[test]
fn names_match_ignoring_spaces_around_them_and_the_put_tidies() {
    let h = hook(
        3,
        " a ",
        U,
        &["subscribe", "update"],
        &["api", "admin"],
        "0",
    );
    let p = plan(&[a_spec()], &[h], true).unwrap();
    let [Action::Update { changes, .. }] = p.actions.as_slice() else {
        panic!("{p:?}")
    };
    assert_eq!(changes[0].field, "name");
    assert_eq!(p.count("delete"), 0);
}

#[test]
fn others_are_kept_unless_pruned() {
    let other = hook(9, "old", U, &["open"], &["public"], "0");
    let p = plan(&[a_spec()], &[other.clone(), a_hook()], false).unwrap();
    assert!(!p.pending());
    assert_eq!(
        p.kept,
        [Existing {
            id: "9".into(),
            name: "old".into()
        }]
    );
    let p = plan(&[a_spec()], &[other, a_hook()], true).unwrap();
    assert_eq!(
        p.actions,
        [Action::Delete {
            id: "9".into(),
            name: "old".into()
        }]
    );
    assert_eq!(p.deletes().count(), 1);
    assert!(p.kept.is_empty());
}

#[test]
fn pruning_with_an_empty_file_deletes_everything() {
    let p = plan(&[], &[a_hook()], true).unwrap();
    assert_eq!(p.count("delete"), 1);
}

#[test]
fn creates_and_updates_keep_file_order_and_deletes_come_last() {
    let gone = hook(1, "gone", U, &["open"], &["public"], "0");
    let new = spec("new", U, &["open"], &["public"], 0);
    let mut changed = a_spec();
    changed.url = "https://example.com/2".into();
    let p = plan(&[new, changed], &[gone, a_hook()], true).unwrap();
    let verbs: Vec<_> = p.actions.iter().map(Action::verb).collect();
    assert_eq!(verbs, ["create", "update", "delete"]);
}

#[test]
fn two_account_webhooks_with_one_name_are_refused() {
    let twin = hook(
        8,
        "a",
        "https://example.com/other",
        &["open"],
        &["public"],
        "0",
    );
    let err = plan(&[a_spec()], &[a_hook(), twin], false).unwrap_err();
    assert_eq!(
        err.0,
        [("a".to_string(), vec!["3".to_string(), "8".to_string()])]
    );
    let msg = err.to_string();
    assert!(msg.contains("2 webhooks named 'a' (ids 3, 8)"), "{msg}");
    assert!(msg.contains("acwh delete ID"), "{msg}");
}

#[test]
fn twins_the_file_does_not_name_are_simply_pruned() {
    let t1 = hook(1, "x", U, &["open"], &["public"], "0");
    let t2 = hook(2, "x", U, &["open"], &["public"], "0");
    let p = plan(&[], &[t1, t2], true).unwrap();
    assert_eq!(p.count("delete"), 2);
}

#[test]
fn render_shows_each_kind_and_hides_secrets() {
    let mut r = Redactor::default();
    r.add(vec![("TOKEN".into(), "sekrit-value".into())]);
    let gone = hook(1, "gone", U, &["open"], &["public"], "0");
    let new = spec(
        "new",
        "https://x.io/?t=sekrit-value",
        &["open"],
        &["public"],
        0,
    );
    let mut changed = a_spec();
    changed.events = vec!["subscribe".into()];
    let same = spec("same", U, &["open"], &["public"], 0);
    let current = [
        gone,
        a_hook(),
        hook(5, "same", U, &["open"], &["public"], "0"),
    ];
    let p = plan(&[new, changed, same], &current, true).unwrap();
    let text = p.render(&Palette::PLAIN, &r);
    assert_eq!(
        text,
        "\
+ create new
    url      https://x.io/?t=${TOKEN}
    events   open
    sources  public
    list     0
~ update a (id 3)
    events   - subscribe, update
             + subscribe
- delete gone (id 1)
= 1 unchanged
Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged
"
    );
    let j = p.actions[0].to_json(&r);
    assert_eq!(j["webhook"]["url"], "https://x.io/?t=${TOKEN}");
    assert_eq!(
        p.actions[1].to_json(&r),
        json!({"action": "update", "name": "a", "id": "3", "changes": {
            "events": {"old": ["subscribe", "update"], "new": ["subscribe"]}}})
    );
}

#[test]
fn render_mentions_what_is_left_alone() {
    let other = hook(9, "old", U, &["open"], &["public"], "0");
    let text = plan(&[], &[other], false)
        .unwrap()
        .render(&Palette::PLAIN, &Redactor::default());
    assert!(
        text.contains(
            "1 in the account but not in the file, left alone (--prune deletes them): old (id 9)"
        ),
        "{text}"
    );
}
