//! README's commands, run as printed (issue: "every `acwh …` command in README must run as
//! printed"). Every `$ acwh …` line of a `console` block, every line of a `sh` block that
//! runs acwh and every `run: acwh …` line of a `yaml` block is taken out of README.md and
//! run, word for word, by a real shell (zsh, where unquoted brackets fail before acwh even
//! starts; bash only for a line that says it is for bash), against real processes on
//! loopback: the sandbox, the listeners README starts, and one app at `localhost:3000`.
//!
//! Each `##`/`###` section is a story of its own: it starts with a fresh folder (config,
//! home and working directory) and a fresh sandbox on README's port 4100, whose two export
//! lines are set as the user would set them, unless the section starts its own sandbox.
//! Servers (`listen`, `sandbox`) run until the section ends or a later line takes their
//! port, and must then stop cleanly (exit 0). The prompts of `login` and of `update ID` at a
//! terminal are answered on a pseudo-terminal. Everything else must exit 0 (or 3 for
//! `--exit-code` with changes pending).
//!
//! The ports are README's own (4100, 8080, 8081, 3000): this is the one test that uses fixed
//! ports, and none of the others use them.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use crate::support::{Child, FakeTunnels, Stdout, Test};

const README: &str = include_str!("../../README.md");
const PTY: &str = include_str!("../fakes/pty_answer.py");

/// One command shown in README.
#[derive(Debug)]
struct Shown {
    /// Its line in README.md, for failure messages.
    line: usize,
    /// The `##`/`###` heading it is under.
    section: String,
    /// The command as printed, without the prompt, continuation lines joined.
    text: String,
}

/// Every acwh command README shows, in order.
fn shown() -> Vec<Shown> {
    let mut all = Vec::new();
    let (mut section, mut fence) = (String::new(), None::<String>);
    let mut lines = README.lines().enumerate().peekable();
    while let Some((at, line)) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            fence = if fence.is_some() {
                None
            } else {
                Some(lang.trim().to_string())
            };
            continue;
        }
        let Some(lang) = fence.as_deref() else {
            if line.starts_with("## ") || line.starts_with("### ") {
                section = line.trim_start_matches('#').trim().to_string();
            }
            continue;
        };
        let command = match lang {
            "console" => line.strip_prefix("$ "),
            "sh" | "bash" | "zsh" => Some(line).filter(|l| !l.starts_with('#')),
            "yaml" => line.trim_start().strip_prefix("run: "),
            _ => None,
        };
        let runs_acwh = |c: &&str| match lang {
            "console" | "yaml" => c.starts_with("acwh "),
            _ => c
                .split(|ch: char| !ch.is_ascii_alphanumeric())
                .any(|w| w == "acwh"),
        };
        let Some(first) = command.filter(runs_acwh) else {
            continue;
        };
        let mut text = first.to_string();
        while text.ends_with('\\') {
            let (_, next) = lines.next().expect("a continuation line");
            text.pop();
            text.push(' ');
            text.push_str(next.trim());
        }
        all.push(Shown {
            line: at + 1,
            section: section.clone(),
            text,
        });
    }
    all
}

/// How a shown command is run.
#[derive(Debug, PartialEq)]
enum Kind {
    /// `listen` or `sandbox`: started, and left running.
    Server { port: u16 },
    /// `login`: its two prompts answered.
    Login,
    /// `update ID` alone: every prompt answered on a terminal.
    UpdateAtTerminal,
    /// `delete` with no `--yes`: on a terminal, and the confirmation declined.
    DeleteAtTerminal,
    /// Anything else: must exit 0 (or 3 for `--exit-code`).
    Run,
}

fn kind(text: &str) -> Kind {
    let code = text.split(" #").next().unwrap_or(text);
    let words: Vec<&str> = code.split_whitespace().collect();
    let port = |default: u16| {
        words
            .iter()
            .position(|w| *w == "--port")
            .and_then(|i| words.get(i + 1))
            .map_or(default, |p| p.parse().expect("a numeric --port in README"))
    };
    match words.get(1..).unwrap_or_default() {
        ["listen", ..] => Kind::Server { port: port(8080) },
        ["sandbox", next, ..] if *next != "fire" => Kind::Server { port: port(4100) },
        ["sandbox"] => Kind::Server { port: 4100 },
        ["login"] => Kind::Login,
        ["update", id] if id.chars().all(|c| c.is_ascii_digit()) => Kind::UpdateAtTerminal,
        ["delete", ..] if !words.contains(&"--yes") => Kind::DeleteAtTerminal,
        _ => Kind::Run,
    }
}

/// The shell a line runs in: bash for a line that says it is for bash, zsh otherwise.
fn shell(text: &str) -> &'static str {
    if text.ends_with("# bash") || text.contains("# bash,") || text.contains("completions bash") {
        "bash"
    } else if Path::new("/usr/bin/zsh").exists() || Path::new("/bin/zsh").exists() {
        "zsh"
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "zsh is missing: .ci/run installs it"
        );
        "bash"
    }
}

/// One section's world: its folder, its servers and the sandbox's exported credentials.
struct World<'a> {
    test: Test,
    bin: &'a Path,
    tunnels: &'a FakeTunnels,
    servers: Vec<(u16, Shown, Child)>,
    credentials: Option<(String, String)>,
}

impl World<'_> {
    /// `program ARGS` in this world: its folder, isolated, acwh and the fake tunnels first on
    /// PATH, and the sandbox's two variables once it has printed them.
    fn command(&self, program: &str, args: &[&str]) -> StdCommand {
        let mut cmd = StdCommand::new(program);
        cmd.args(args);
        self.test.isolate(&mut cmd);
        let rest = std::env::var_os("PATH").unwrap_or_default();
        let dirs = [self.bin.to_path_buf(), self.tunnels.bin_dir().to_path_buf()];
        let path = std::env::join_paths(dirs.into_iter().chain(std::env::split_paths(&rest)));
        cmd.env("PATH", path.unwrap()).current_dir(self.test.path());
        if let Some((url, key)) = &self.credentials {
            cmd.env("ACWH_API_URL", url).env("ACWH_API_KEY", key);
        }
        cmd
    }

    /// `SHELL -c TEXT`, a pipe failing anywhere failing the whole.
    fn shell(&self, text: &str) -> StdCommand {
        let shell = shell(text);
        let strict = if shell == "zsh" {
            "setopt pipefail"
        } else {
            "set -o pipefail"
        };
        self.command(shell, &["-c", &format!("{strict}; {text}")])
    }

    /// Stops the server on `port`, if one runs: it must exit 0.
    fn stop(&mut self, port: u16) {
        if let Some(at) = self.servers.iter().position(|(p, _, _)| *p == port) {
            let (_, shown, mut child) = self.servers.remove(at);
            child.signal("-INT");
            let code = child.wait_exit();
            assert_eq!(
                code,
                Some(0),
                "README line {} did not stop cleanly: {}\n{}",
                shown.line,
                shown.text,
                child.log()
            );
        }
    }

    fn start(&mut self, shown: Shown, port: u16) {
        self.stop(port);
        let cmd = self.shell(&format!("exec {}", shown.text));
        let child = Child::spawn(cmd, Stdout::Null);
        let first = child.first_line(&shown.text);
        if shown.text.starts_with("acwh listen") {
            assert!(
                first.starts_with("Listening on http://"),
                "line {}: {first}",
                shown.line
            );
            if shown.text.contains("--register") {
                child.stderr_with("Registered webhook");
            }
        } else {
            let url = child.stderr_with("export ACWH_API_URL=");
            let key = child.stderr_with("export ACWH_API_KEY=");
            let value = |l: &str| l.split_once('=').map(|(_, v)| v.to_string()).unwrap();
            self.credentials = Some((value(&url), value(&key)));
        }
        self.servers.push((port, shown, child));
    }

    /// Runs one finished command, on a pseudo-terminal when it asks questions.
    fn run(&self, shown: &Shown, answers: Option<String>) {
        let out = match answers {
            None => self.shell(&shown.text).output(),
            Some(answers) => self
                .command("python3", &["-c", PTY, "--", "zsh", "-c", &shown.text])
                .env("PTY_ANSWERS", answers)
                .output(),
        }
        .unwrap();
        let code = out.status.code();
        let pending = shown.text.contains("--exit-code") && code == Some(3);
        assert!(
            code == expected_code(&shown.text) || pending,
            "README line {} exited {code:?}: {}\nstdout:\n{}\nstderr:\n{}",
            shown.line,
            shown.text,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Ends the section: every server must stop cleanly.
    fn end(mut self) {
        let ports: Vec<u16> = self.servers.iter().map(|(p, _, _)| *p).collect();
        // Listeners first, so a registered webhook is deleted while its sandbox still runs.
        for port in ports
            .iter()
            .filter(|p| **p != 4100)
            .chain(ports.iter().filter(|p| **p == 4100))
        {
            self.stop(*port);
        }
    }
}

/// The exit code a line expects: 0, unless its comment says `exit N`.
fn expected_code(text: &str) -> Option<i32> {
    let comment = text.split_once(" #").map_or("", |(_, c)| c);
    let code = comment
        .split_once("exit ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .map_or(Ok(0), str::parse);
    Some(code.expect("an exit code in README's comment"))
}

/// A folder with `acwh` in it, to put first on PATH.
fn bin_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("acwh");
    std::os::unix::fs::symlink(crate::support::BIN, &link).unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn readme_commands_run_as_printed() {
    let all = shown();
    assert!(all.len() > 20, "README shows {} commands?", all.len());
    let (_keep, bin) = bin_dir();
    let tunnels = FakeTunnels::install();
    // The app README forwards and replays to, at localhost:3000.
    let app_test = Test::new();
    let mut app_cmd = app_test.command();
    app_cmd.args(["listen", "--port", "3000"]);
    let app = Child::spawn(app_cmd, Stdout::Null);
    assert!(app.first_line("the app").starts_with("Listening on"));

    let mut sections: Vec<(String, Vec<Shown>)> = Vec::new();
    for s in all {
        match sections.last_mut() {
            Some((name, list)) if *name == s.section => list.push(s),
            _ => sections.push((s.section.clone(), vec![s])),
        }
    }
    for (_, commands) in sections {
        let mut world = World {
            test: Test::new(),
            bin: &bin,
            tunnels: &tunnels,
            servers: Vec::new(),
            credentials: None,
        };
        let own_sandbox = commands
            .iter()
            .any(|s| s.text.starts_with("acwh sandbox") && kind(&s.text) != Kind::Run);
        if !own_sandbox {
            let fresh = Shown {
                line: 0,
                section: String::new(),
                text: "acwh sandbox".into(),
            };
            world.start(fresh, 4100);
        }
        for shown in commands {
            match kind(&shown.text) {
                Kind::Server { port } => world.start(shown, port),
                Kind::Login => {
                    // As on a new machine: nothing in the environment, so login asks, and
                    // the section's later commands use the saved profile.
                    let (url, key) = world.credentials.take().expect("a sandbox");
                    let answers = serde_json::json!([
                        ["API URL", format!("{url}\r")],
                        ["API key", format!("{key}\r")]
                    ]);
                    world.run(&shown, Some(answers.to_string()));
                }
                Kind::UpdateAtTerminal => {
                    let answers = serde_json::json!([
                        ["URL to deliver", "\r"],
                        ["Events to send", "\r"],
                        ["Sources", "\r"],
                        ["Only for events", "\r"],
                        ["Name", "Renamed in a terminal\r"],
                        ["Update this webhook", "\r"]
                    ]);
                    world.run(&shown, Some(answers.to_string()));
                }
                Kind::DeleteAtTerminal => {
                    let answers = serde_json::json!([["Delete", "n"]]);
                    world.run(&shown, Some(answers.to_string()));
                }
                Kind::Run => world.run(&shown, None),
            }
        }
        world.end();
    }
    drop(app);
}

#[test]
fn commands_are_found_and_sorted_by_kind() {
    let all = shown();
    let texts: Vec<&str> = all.iter().map(|s| s.text.as_str()).collect();
    assert!(
        texts.iter().any(
            |t| t.starts_with("acwh create --event subscribe,unsubscribe") && !t.contains('\\')
        ),
        "continuation lines are joined: {texts:?}"
    );
    assert_eq!(
        kind("acwh listen --port 8081 --register"),
        Kind::Server { port: 8081 }
    );
    assert_eq!(
        kind("acwh listen                # terminal 2"),
        Kind::Server { port: 8080 }
    );
    assert_eq!(
        kind("acwh sandbox               # terminal 1"),
        Kind::Server { port: 4100 }
    );
    assert_eq!(kind("acwh sandbox fire subscribe"), Kind::Run);
    assert_eq!(
        kind("acwh update 12                     # at a terminal"),
        Kind::UpdateAtTerminal
    );
    assert_eq!(kind("acwh update 12 --add-event update"), Kind::Run);
    assert_eq!(kind("acwh login"), Kind::Login);
    assert_eq!(
        kind("acwh delete 1 99   # at a terminal"),
        Kind::DeleteAtTerminal
    );
    assert_eq!(kind("acwh delete 1 --yes"), Kind::Run);
    assert_eq!(
        expected_code("acwh delete 1 99  # 99 does not exist: exit 4"),
        Some(4)
    );
    assert_eq!(expected_code("acwh list -q  # ids only"), Some(0));
}
