//! `acwh diff FILE A B`: two deliveries saved by a real `acwh listen --save`, sent by
//! `acwh trigger`, compared path by path.

use std::path::{Path, PathBuf};

use crate::support::{Listener, Test};

/// A save file holding `deal_update` deliveries, the first as sampled and each next one with
/// the `trigger` arguments given.
fn saved(t: &Test, edits: &[&[&str]]) -> PathBuf {
    let file = t.path().join("deliveries.jsonl");
    let l = Listener::start(&["--json", "--save", file.to_str().unwrap()]);
    let date = ["-d", "date_time=2026-01-01T10:00:00+00:00"];
    let url = l.url();
    let mut sends: Vec<Vec<&str>> = vec![date.to_vec()];
    sends.extend(edits.iter().map(|e| e.to_vec()));
    for extra in sends {
        let mut args = vec!["trigger", "deal_update", "--to", url.as_str()];
        args.extend(extra);
        t.run(&args).ok();
        l.line();
    }
    file
}

fn diff(t: &Test, file: &Path, args: &[&str]) -> crate::support::Ran {
    let mut all = vec!["diff", file.to_str().unwrap()];
    all.extend(args);
    t.run(&all)
}

const SAME_DATE: &[&str] = &["-d", "date_time=2026-01-01T10:00:00+00:00"];

#[test]
fn a_changed_field_reads_old_arrow_new() {
    let t = Test::new();
    let won: &[&str] = &[SAME_DATE, &["-d", "deal[stage_title]=Won"]].concat();
    let file = saved(&t, &[won]);
    let out = diff(&t, &file, &["1", "2", "--color", "never"]);
    assert_eq!(out.ok(), "deal[stage_title]: Qualified → Won\n");
}

#[test]
fn added_and_removed_paths_are_marked() {
    let t = Test::new();
    let edit: &[&str] = &[
        SAME_DATE,
        &["-d", "deal[extra]=new one", "--remove", "deal[currency]"],
    ]
    .concat();
    let file = saved(&t, &[edit]);
    let out = diff(&t, &file, &["1", "2"]);
    let text = out.ok();
    assert!(text.contains("+ deal[extra]: new one\n"), "{text}");
    assert!(text.contains("- deal[currency]: "), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn date_time_is_left_out_unless_asked_for() {
    let t = Test::new();
    let later: &[&str] = &["-d", "date_time=2026-01-02T11:00:00+00:00"];
    let file = saved(&t, &[later]);
    let out = diff(&t, &file, &["1", "2"]);
    assert_eq!(out.ok(), "");
    assert!(
        out.err.contains("deliveries 1 and 2 are the same"),
        "{}",
        out.err
    );
    let out = diff(&t, &file, &["1", "2", "--all"]);
    assert_eq!(
        out.ok(),
        "date_time: 2026-01-01T10:00:00+00:00 → 2026-01-02T11:00:00+00:00\n"
    );
}

#[test]
fn json_lists_changed_added_and_removed() {
    let t = Test::new();
    let edit: &[&str] = &[
        SAME_DATE,
        &[
            "-d",
            "deal[stage_title]=Won",
            "-d",
            "deal[extra]=1",
            "--remove",
            "deal[currency]",
        ],
    ]
    .concat();
    let file = saved(&t, &[edit]);
    let v = diff(&t, &file, &["1", "2", "--json"]).json();
    assert_eq!(
        v["changed"],
        serde_json::json!([{"path": "deal[stage_title]", "old": "Qualified", "new": "Won"}])
    );
    assert_eq!(
        v["added"],
        serde_json::json!([{"path": "deal[extra]", "new": "1"}])
    );
    assert_eq!(v["removed"][0]["path"], "deal[currency]");
    assert!(v["removed"][0]["old"].is_string(), "{v}");
    let same = diff(&t, &file, &["1", "1", "--json"]).json();
    assert_eq!(
        same,
        serde_json::json!({"changed": [], "added": [], "removed": []})
    );
}

#[test]
fn hostile_values_are_escaped_and_long_ones_cut() {
    let t = Test::new();
    let long = format!("deal[title]={}", "x".repeat(500));
    let edit: &[&str] = &[
        SAME_DATE,
        &[
            "-d",
            "deal[stage_title]=\u{1b}]52;c;aGk=\u{7}Won\u{202e}",
            "-d",
            "deal[\u{1b}[2J]=1",
            "-d",
            &long,
        ],
    ]
    .concat();
    let file = saved(&t, &[edit]);
    let out = t
        .acwh()
        .env("COLUMNS", "80")
        .args([
            "diff",
            file.to_str().unwrap(),
            "1",
            "2",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let plain: String = strip_sgr(&text);
    assert!(acwh::escape::is_terminal_safe(&plain), "{plain:?}");
    assert!(
        plain.contains(r"\u{1b}]52;c;aGk=\u{7}Won\u{202e}"),
        "{plain}"
    );
    assert!(plain.contains(r"+ deal[\u{1b}[2J]: 1"), "{plain}");
    let title = plain
        .lines()
        .find(|l| l.starts_with("deal[title]"))
        .unwrap();
    assert!(
        title.ends_with('…') && title.chars().count() <= 80,
        "{title}"
    );
    // Old red, new green.
    assert!(
        text.contains("\u{1b}[1;31mQualified\u{1b}[0m → \u{1b}[32m"),
        "{text:?}"
    );
}

/// `s` without the colour sequences acwh itself wrote (`ESC [ … m`).
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('m') {
            Some(j) if after[..j].chars().all(|c| c.is_ascii_digit() || c == ';') => {
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str("\u{1b}[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn a_missing_seq_or_a_foreign_file_is_a_usage_error() {
    let t = Test::new();
    let file = saved(&t, &[]);
    let err = diff(&t, &file, &["1", "5"]).fails(2).to_string();
    assert!(err.contains("no saved delivery with seq 5"), "{err}");
    let other = t.path().join("other.txt");
    std::fs::write(&other, "not a save file\n").unwrap();
    let err = diff(&t, &other, &["1", "2"]).fails(2).to_string();
    assert!(
        err.contains("not a file written by `acwh listen --save`"),
        "{err}"
    );
    diff(&t, &file, &["1"]).fails(2);
    diff(&t, &file, &["1", "two"]).fails(2);
}
