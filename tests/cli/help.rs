//! Every command's help, through the real binary: its own options first and the global ones
//! under `Global options`, env-backed flags without a dangling `=`, `--api-url` worded for
//! what it means there, and 2 to 4 examples at the end that really parse.

use clap::{CommandFactory, Parser};

use crate::support::{Test, says};

const HEADING: &str = "\nGlobal options:\n";

/// Every command path with its unbuilt clap command, `[]` (acwh itself) included.
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(path: Vec<String>, cmd: &clap::Command, out: &mut Vec<(Vec<String>, clap::Command)>) {
        out.push((path.clone(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(p, sub, out);
        }
    }
    let mut out = Vec::new();
    walk(Vec::new(), &acwh::cli::Cli::command(), &mut out);
    out
}

/// The long flags of the global options (`--api-url`, ...).
fn global_longs() -> Vec<String> {
    acwh::cli::Cli::command()
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

fn help(t: &Test, path: &[String], flag: &str) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push(flag);
    let ran = t.run(&args);
    assert!(ran.err.is_empty(), "{args:?}: {}", ran.err);
    ran.ok().to_string()
}

/// Whether `text` has an option line for `long` (`  -s, --long <V>  ...` or `      --long`).
fn lists_option(text: &str, long: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        let l = match l.split_once(", ") {
            Some((short, rest)) if short.len() == 2 && short.starts_with('-') => rest,
            _ => l,
        };
        l.strip_prefix(long)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

#[test]
fn own_options_come_first_and_the_global_ones_under_their_heading() {
    let t = Test::new();
    let globals = global_longs();
    assert!(globals.contains(&"--api-url".to_string()), "{globals:?}");
    for (path, cmd) in commands() {
        for flag in ["-h", "--help"] {
            let text = help(&t, &path, flag);
            assert_eq!(text.matches(HEADING).count(), 1, "{path:?} {flag}:\n{text}");
            let heading = text.find(HEADING).unwrap();
            let before = &text[..heading];
            let after = &text[heading..];
            for g in &globals {
                assert!(
                    lists_option(after, g) && !lists_option(before, g),
                    "{path:?} {flag}: {g} is not under Global options:\n{text}"
                );
            }
            for own in cmd.get_arguments().filter(|a| !a.is_global_set()) {
                let Some(long) = own.get_long().map(|l| format!("--{l}")) else {
                    continue;
                };
                if globals.contains(&long) || own.is_hide_set() {
                    continue;
                }
                assert!(
                    lists_option(before, &long),
                    "{path:?} {flag}: own option {long} is not before Global options:\n{text}"
                );
            }
        }
    }
}

#[test]
fn env_backed_flags_show_their_variable_without_a_dangling_equals() {
    let t = Test::new();
    let text = t.run(&["list", "--help"]).ok().to_string();
    says(
        &text,
        &[
            "[env: ACWH_API_URL]",
            "[env: ACWH_API_KEY]",
            "[env: ACWH_PROFILE]",
        ],
    );
    assert!(!text.contains("=]"), "{text}");
    // Set, a value is not shown either: it would reach the terminal unescaped.
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_URL", "http://127.0.0.1:4100/\u{1b}[2J")
        .env("ACWH_PROFILE", "work");
    let o = cmd.args(["list", "--help"]).output().unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    says(&text, &["[env: ACWH_API_URL]", "[env: ACWH_PROFILE]"]);
    assert!(!text.contains("=]") && !text.contains('\u{1b}'), "{text}");
}

#[test]
fn api_url_and_api_key_mean_the_sandbox_in_sandbox_fire() {
    let t = Test::new();
    let option = |text: &str, name: &str| {
        let start = text.find(name).expect("an option line");
        let rest = &text[start..];
        rest[..rest.find("\n\n").unwrap_or(rest.len())].to_string()
    };
    for flag in ["-h", "--help"] {
        let text = t.run(&["sandbox", "fire", flag]).ok().to_string();
        let fire = option(&text, "--api-url <URL>");
        says(&fire, &["sandbox's URL"]);
        assert!(!fire.contains("Settings -> Developer"), "{fire}");
        // The key is the sandbox's too, not the account's.
        let key = option(&text, "--api-key <KEY>");
        says(&key, &["sandbox's key"]);
        assert!(!key.contains("Your API key"), "{key}");
        let text = t.run(&["create", flag]).ok().to_string();
        says(
            &option(&text, "--api-url <URL>"),
            &["AC's Settings -> Developer"],
        );
        says(&option(&text, "--api-key <KEY>"), &["Your API key"]);
    }
    // The flag still reaches fire wherever it is given: a closed port is "not running" (1),
    // not "no URL" (2).
    let url = format!("http://127.0.0.1:{}", crate::support::closed_port());
    for args in [
        ["sandbox", "fire", "--api-url", &url, "subscribe"],
        ["--api-url", &url, "sandbox", "fire", "subscribe"],
    ] {
        let err = t.run(&args).fails(1).to_string();
        says(&err, &["start one with `acwh sandbox`"]);
    }
    t.run(&["sandbox", "fire", "subscribe"]).expect(2);
}

/// The `acwh ...` command inside an example line (after `source <(`, `echo ... |`), split as
/// sh would, up to the first unquoted `|`, `>`, or `)`.
fn example_words(line: &str) -> Vec<String> {
    let start = line
        .find("acwh ")
        .unwrap_or_else(|| panic!("no acwh in {line:?}"));
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line[start..].chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '|' | '>' | ')') => break,
            (None, ' ') => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unbalanced quotes in {line:?}");
    words.extend(word);
    words
}

/// The widest an example line may be, its two-space indent included: a terminal of 80
/// columns shows it whole.
const EXAMPLE_WIDTH: usize = 78;

/// The examples of a help's `Examples:` section, one string each: a line ending in ` \`
/// goes on with the next (indented further), as sh reads it.
fn examples(path: &[String], text: &str) -> Vec<String> {
    let at = text
        .rfind("\nExamples:\n")
        .unwrap_or_else(|| panic!("{path:?}: no Examples:\n{text}"));
    let mut out: Vec<String> = Vec::new();
    let mut going_on = false;
    for line in text[at + 1..].lines().skip(1) {
        assert!(
            line.chars().count() <= EXAMPLE_WIDTH,
            "{path:?}: example line wider than {EXAMPLE_WIDTH} columns: {line:?}"
        );
        let (body, more) = match line.strip_suffix(" \\") {
            Some(body) => (body, true),
            None => (line, false),
        };
        if going_on {
            assert!(
                line.starts_with("    "),
                "{path:?}: {line:?} is not indented"
            );
            let last = out.last_mut().unwrap();
            last.push(' ');
            last.push_str(body.trim_start());
        } else {
            // A new example starts at the indent: one that starts at column 0 is a wrapped
            // line, read as a command of its own.
            assert!(
                line.starts_with("  ") && !line.starts_with("   "),
                "{path:?}: {line:?} is not an example's first line:\n{text}"
            );
            out.push(body.to_string());
        }
        going_on = more;
    }
    assert!(
        !going_on,
        "{path:?}: the last example ends in a continuation"
    );
    out
}

#[test]
fn every_command_help_ends_with_examples_that_parse() {
    let t = Test::new();
    for (path, _) in commands() {
        for flag in ["-h", "--help"] {
            // At 80 columns (and at clap's 100 when the width is unknown), no example wraps.
            for columns in [None, Some("80")] {
                let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
                args.push(flag);
                let mut cmd = t.acwh();
                if let Some(c) = columns {
                    cmd.env("COLUMNS", c);
                }
                let text = crate::support::exec(cmd, &args).ok().to_string();
                let examples = examples(&path, &text);
                assert!(
                    (2..=4).contains(&examples.len()),
                    "{path:?} {flag}: {} examples, want 2 to 4:\n{text}",
                    examples.len()
                );
                for ex in &examples {
                    let words = example_words(ex);
                    if let Err(e) = acwh::cli::Cli::try_parse_from(&words) {
                        panic!("{path:?}: example {ex:?} does not parse:\n{e}");
                    }
                    if !path.is_empty() {
                        let named = path.iter().all(|p| words.contains(p));
                        assert!(named, "{path:?}: example {ex:?} is another command's");
                    }
                }
            }
        }
    }
}

#[test]
fn examples_join_continued_lines() {
    let text = "Usage: x\n\nExamples:\n  acwh create --event subscribe \\\n      --url https://e.com\n  acwh list\n";
    assert_eq!(
        examples(&[], text),
        [
            "  acwh create --event subscribe --url https://e.com",
            "  acwh list"
        ]
    );
}

#[test]
fn example_words_split_as_sh_does() {
    assert_eq!(
        example_words("  echo \"$KEY\" | acwh login --api-key-stdin"),
        ["acwh", "login", "--api-key-stdin"]
    );
    assert_eq!(
        example_words("  acwh trigger x -d 'deal[title]=Big deal' > out"),
        ["acwh", "trigger", "x", "-d", "deal[title]=Big deal"]
    );
    assert_eq!(
        example_words("  source <(acwh completions bash)"),
        ["acwh", "completions", "bash"]
    );
}
