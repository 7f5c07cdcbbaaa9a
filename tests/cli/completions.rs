//! The committed completion scripts match what the CLI generates, they really complete, and
//! the man page renders.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Test;

const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "acwh.bash"),
    ("zsh", "_acwh"),
    ("fish", "acwh.fish"),
    ("powershell", "_acwh.ps1"),
    ("elvish", "acwh.elv"),
];

fn committed(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

fn generate(shell: &str) -> Vec<u8> {
    let t = Test::new();
    let out = t.acwh().args(["completions", shell]).assert().success();
    out.get_output().stdout.clone()
}

#[test]
fn completions_are_current() {
    let bless = std::env::var_os("ACWH_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (shell, file) in SCRIPTS {
        let fresh = generate(shell);
        assert!(!fresh.is_empty(), "{shell}: empty script");
        let path = committed(file);
        if bless {
            std::fs::write(&path, &fresh).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(fresh.as_slice()) {
            stale.push(format!("completions/{file}"));
        }
    }
    assert!(
        stale.is_empty(),
        "{} stale: run `ACWH_BLESS=1 cargo test --test cli completions`",
        stale.join(", ")
    );
}

/// Runs bash's completion function for `line` (the cursor at its end) and returns COMPREPLY.
fn bash_complete(words: &[&str]) -> Vec<String> {
    let script = committed("acwh.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _acwh acwh '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_really_completes_commands_and_values() {
    assert_eq!(bash_complete(&["acwh", "cr"]), ["create"]);
    let events = bash_complete(&["acwh", "create", "--event", "sub"]);
    assert!(events.contains(&"subscribe".to_string()), "{events:?}");
    assert!(
        events.contains(&"subscriber_note".to_string()),
        "{events:?}"
    );
    assert_eq!(
        bash_complete(&["acwh", "create", "--source", "ad"]),
        ["admin"]
    );
    assert_eq!(
        bash_complete(&["acwh", "trigger", "deal_task_c"]),
        ["deal_task_complete"]
    );
    assert_eq!(bash_complete(&["acwh", "completions", "fi"]), ["fish"]);
    assert_eq!(bash_complete(&["acwh", "--color", "ne"]), ["never"]);
}

#[test]
fn zsh_and_fish_load_the_scripts_where_installed() {
    let has = |p: &str| Command::new(p).arg("--version").output().is_ok();
    if has("zsh") {
        let out = Command::new("zsh")
            .args([
                "-fc",
                &format!(
                    "autoload -U compinit; compinit -u; source '{}'; whence -w _acwh",
                    committed("_acwh").display()
                ),
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("_acwh: function"), "{text}");
    }
    if has("fish") {
        let out = Command::new("fish")
            .args([
                "-c",
                &format!(
                    "source '{}'; complete -C 'acwh create --event sub'",
                    committed("acwh.fish").display()
                ),
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("subscribe\tContact added"), "{text}");
    }
}

#[test]
fn man_page_is_valid_roff_naming_every_subcommand() {
    let t = Test::new();
    let out = t.acwh().arg("man").assert().success();
    let roff = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(roff.starts_with(".ie \\n(.g .ds Aq") || roff.contains(".TH acwh 1"));
    assert!(roff.contains(".SH NAME"));
    use clap::CommandFactory;
    for sub in acwh::cli::Cli::command().get_subcommands() {
        let th = format!(".TH acwh-{} 1", sub.get_name());
        assert!(roff.contains(&th), "no page for {}", sub.get_name());
    }
    if Command::new("groff").arg("--version").output().is_ok() {
        let mut child = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(roff.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("ActiveCampaign"), "{text}");
    }
}
