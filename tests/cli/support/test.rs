//! [`Test`]: a private folder and the isolated `acwh` commands that run in it (just's `Test`,
//! xh's `get_command()`). Every way these tests start the binary (assert_cmd, a child with
//! pipes, a pseudo-terminal, a `sh` wrapper) gets its environment from [`isolate`] alone.

use std::path::Path;
use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

use super::{BIN, SECRET_KEY};

/// What the user's environment could hold that would change what acwh does.
const ENV_REMOVED: [&str; 5] = [
    "ACWH_API_KEY",
    "ACWH_API_URL",
    "ACWH_PROFILE",
    "CLICOLOR_FORCE",
    "TERM",
];

/// How long one assert_cmd run may take before it is killed.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// The one isolation: no credentials, profile or colour from the user's environment, and
/// `config_dir` as the config folder and home, so the user's own config is never read. A test
/// that wants colour, a terminal or credentials sets them on the command afterwards.
fn isolate<'a>(cmd: &'a mut StdCommand, config_dir: &Path) -> &'a mut StdCommand {
    for k in ENV_REMOVED {
        cmd.env_remove(k);
    }
    cmd.env("ACWH_CONFIG_DIR", config_dir)
        .env("HOME", config_dir)
        .env("XDG_CONFIG_HOME", config_dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
}

/// `acwh`, isolated with `config_dir`.
fn command_in(config_dir: &Path) -> StdCommand {
    let mut cmd = StdCommand::new(BIN);
    isolate(&mut cmd, config_dir);
    cmd
}

/// A temporary folder, removed on drop, that is the config folder and home of every `acwh`
/// it starts. Tests keep their own files (save files, manifests, state) in it too.
pub struct Test {
    dir: tempfile::TempDir,
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The folder: acwh's config folder and home.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `acwh` as a `std::process::Command`, for children with pipes or a pseudo-terminal.
    pub fn command(&self) -> StdCommand {
        command_in(self.path())
    }

    /// Gives another program (a `sh` wrapper that execs acwh) the same environment.
    pub fn isolate<'a>(&self, cmd: &'a mut StdCommand) -> &'a mut StdCommand {
        isolate(cmd, self.path())
    }

    /// `acwh` as an `assert_cmd::Command`, killed after a minute.
    pub fn acwh(&self) -> assert_cmd::Command {
        self.acwh_in(self.path())
    }

    /// The same, with `config_dir` (a folder inside this test's, perhaps not created yet) as
    /// the config folder and home.
    pub fn acwh_in(&self, config_dir: &Path) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(command_in(config_dir));
        cmd.timeout(RUN_TIMEOUT);
        cmd
    }

    /// `acwh` with `url` and the test key ([`SECRET_KEY`]) in the environment.
    pub fn api(&self, url: &str) -> assert_cmd::Command {
        let mut cmd = self.acwh();
        cmd.env("ACWH_API_URL", url).env("ACWH_API_KEY", SECRET_KEY);
        cmd
    }

    /// Runs `acwh ARGS` and keeps what it printed.
    pub fn run(&self, args: &[&str]) -> Ran {
        exec(self.acwh(), args)
    }
}

/// One finished run of the binary.
pub struct Ran {
    pub code: Option<i32>,
    pub out: String,
    pub err: String,
    pub took: Duration,
}

impl Ran {
    pub fn expect(&self, code: i32) {
        let (out, err) = (&self.out, &self.err);
        assert_eq!(self.code, Some(code), "stdout:\n{out}\nstderr:\n{err}");
    }

    /// Asserts exit 0 and returns stdout.
    pub fn ok(&self) -> &str {
        self.expect(0);
        &self.out
    }

    /// Asserts exit `code` and returns stderr.
    pub fn fails(&self, code: i32) -> &str {
        self.expect(code);
        &self.err
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|e| panic!("{e}: {}", self.out))
    }
}

/// Runs `cmd` with `args` and keeps what it printed and how long it took.
pub fn exec(mut cmd: assert_cmd::Command, args: &[&str]) -> Ran {
    let start = Instant::now();
    let o = cmd.args(args).output().unwrap();
    Ran {
        code: o.status.code(),
        out: String::from_utf8(o.stdout).unwrap(),
        err: String::from_utf8(o.stderr).unwrap(),
        took: start.elapsed(),
    }
}
