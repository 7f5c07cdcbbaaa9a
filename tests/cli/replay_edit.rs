//! `acwh replay --set KEY=VALUE --unset KEY`: the receiver (a second `acwh listen --json`)
//! gets the saved bytes with exactly the asked edit, every other pair as it was written.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{FORM, Listener, Test, body_of, post};

/// A form body with odd but valid spellings, each of which must survive untouched.
const BODY: &str = "type=subscribe&contact%5Bemail%5D=jane%40example.com\
&contact[first_name]=Jane+Doe&contact%5bfields%5d%5B1%5D=x%20y\
&contact%5Bfields%5D%5B2%5D=z&&flag&list=1";

/// `BODY` after `--set contact[email]=new@example.com --unset contact[fields]
/// --set note=a b`: the email's value replaced in place, the fields gone, the note appended.
const EDITED: &str = "type=subscribe&contact%5Bemail%5D=new%40example.com\
&contact[first_name]=Jane+Doe&&flag&list=1&note=a+b";

const EDITS: [&str; 6] = [
    "--set",
    "contact[email]=new@example.com",
    "--unset",
    "contact[fields]",
    "--set",
    "note=a b",
];

/// A save file with the form delivery as #1 and a JSON one as #2.
fn saved(dir: &Path) -> PathBuf {
    let file = dir.join("s.jsonl");
    let l = Listener::start(&["--json", "--save", file.to_str().unwrap()]);
    post(l.addr, "/hooks?token=1", FORM, BODY.as_bytes());
    post(l.addr, "/j", "application/json", br#"{"type":"x"}"#);
    l.line();
    l.line();
    file
}

fn header(v: &Value, name: &str) -> Option<String> {
    v["headers"]
        .as_array()?
        .iter()
        .find(|h| h[0] == name)
        .and_then(|h| h[1].as_str().map(str::to_string))
}

#[test]
fn replay_set_and_unset_change_only_the_edited_pairs() {
    let t = Test::new();
    let file = saved(t.path());
    let app = Listener::start(&["--json"]);
    let to = format!("http://{}/", app.addr);
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "1", "--to", &to])
        .args(EDITS)
        .assert()
        .success()
        .stdout(predicate::str::contains("#1 POST"));
    let got = app.json();
    assert_eq!(String::from_utf8(body_of(&got)).unwrap(), EDITED);
    assert_eq!(got["target"], "/hooks?token=1");
    assert_eq!(
        header(&got, "content-length"),
        Some(EDITED.len().to_string())
    );
    assert_eq!(header(&got, "content-type").as_deref(), Some(FORM));
    // The saved delivery itself is unchanged, and replays as it was without edits.
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "1", "--to", &to])
        .assert()
        .success();
    assert_eq!(body_of(&app.json()), BODY.as_bytes());
}

#[test]
fn replay_curl_carries_the_edited_body() {
    let t = Test::new();
    let file = saved(t.path());
    let out = t
        .acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "1", "--curl"])
        .args(EDITS)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // printf's format doubles every '%'.
    let printed = format!("printf '{}' |", EDITED.replace('%', "%%"));
    assert!(text.starts_with(&printed), "{text}");
}

#[test]
fn replay_unset_of_a_missing_key_exits_2_naming_it() {
    let t = Test::new();
    let file = saved(t.path());
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "1", "--curl", "--unset", "contact[tags]"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("--unset contact[tags]").and(predicate::str::contains("#1")),
        );
}

#[test]
fn replay_set_on_a_json_body_exits_2() {
    let t = Test::new();
    let file = saved(t.path());
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "2", "--curl", "--set", "type=y"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("the body of #2 is application/json")
                .and(predicate::str::contains("--set and --unset edit only")),
        );
    // A value that is not KEY=VALUE is a usage error that names --set.
    t.acwh()
        .arg("replay")
        .arg(&file)
        .args(["--seq", "1", "--curl", "--set", "novalue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--set contact[email]="));
}
