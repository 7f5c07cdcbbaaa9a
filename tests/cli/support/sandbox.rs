//! The AC stand-in, two ways: in-process on 127.0.0.1 ([`sandbox`], with faults injected by
//! [`inject`]), and as the user runs it, `acwh sandbox` as a child ([`SandboxChild`]).

use std::process::Command as StdCommand;

use acwh::sandbox::{Fault, FaultKind, Handle, Options};

use super::child::{Child, Stdout};
use super::{SECRET_KEY, Test, exec};

/// An AC stand-in on 127.0.0.1 whose key is [`SECRET_KEY`].
pub fn sandbox() -> Handle {
    Handle::start(Options {
        api_key: SECRET_KEY.into(),
        ..Options::default()
    })
    .unwrap()
}

/// Makes the stand-in answer the next `times` `method` requests to the API with `kind`.
pub fn inject(h: &Handle, method: &str, times: usize, kind: FaultKind) {
    h.sandbox().inject(Fault {
        method: Some(method.into()),
        path_prefix: "/api/3/".into(),
        times,
        kind,
    });
}

/// A fault that answers `status` with `body` (and `Retry-After`, when given).
pub fn status(status: u16, retry_after: Option<u64>, body: &str) -> FaultKind {
    FaultKind::Status {
        status,
        retry_after,
        body: body.into(),
    }
}

/// The statuses the stand-in answered, in order.
pub fn statuses(h: &Handle) -> Vec<u16> {
    h.sandbox().requests().iter().map(|r| r.status).collect()
}

/// A running `acwh sandbox --port 0`, killed on drop.
pub struct SandboxChild {
    child: Child,
    pub url: String,
    pub key: String,
}

impl SandboxChild {
    /// Starts `acwh sandbox --port 0 --no-rate-limit` with `args` in `t`'s folder, and reads
    /// its export lines.
    pub fn start(t: &Test, args: &[&str]) -> SandboxChild {
        Self::start_with(t.command(), args)
    }

    /// The same from `cmd` (from [`Test::command`], with more environment).
    pub fn start_with(mut cmd: StdCommand, args: &[&str]) -> SandboxChild {
        cmd.args(["sandbox", "--port", "0", "--no-rate-limit"])
            .args(args);
        let child = Child::spawn(cmd, Stdout::Null);
        let url_line = child.stderr_with("export ACWH_API_URL=");
        let url = url_line["export ACWH_API_URL=".len()..].to_string();
        let key_line = child.stderr_with("export ACWH_API_KEY=");
        let key = key_line["export ACWH_API_KEY=".len()..].to_string();
        SandboxChild { child, url, key }
    }

    /// The next stderr line containing `needle`, waiting at most `WAIT`.
    pub fn stderr_with(&self, needle: &str) -> String {
        self.child.stderr_with(needle)
    }

    /// The stderr lines read so far.
    pub fn seen(&self) -> Vec<String> {
        self.child.seen()
    }

    /// `acwh` in `t`'s folder, pointed at this sandbox through the exported variables.
    pub fn cmd(&self, t: &Test) -> assert_cmd::Command {
        let mut cmd = t.acwh();
        cmd.env("ACWH_API_URL", &self.url)
            .env("ACWH_API_KEY", &self.key);
        cmd
    }

    /// `acwh ARGS` against this sandbox: asserts exit 0, returns stdout.
    pub fn ok(&self, t: &Test, args: &[&str]) -> String {
        exec(self.cmd(t), args).ok().to_string()
    }

    /// `acwh create ... -q` for a webhook to `url`; returns its id.
    pub fn create(&self, t: &Test, url: &str, extra: &str) -> String {
        let mut args = vec!["create", "--url", url, "-q"];
        args.extend(extra.split_whitespace());
        self.ok(t, &args).trim().to_string()
    }

    /// `acwh sandbox fire ARGS`: asserts exit 0, returns (stdout lines, stderr).
    pub fn fire(&self, t: &Test, args: &str) -> (Vec<String>, String) {
        self.fire_code(t, args, 0)
    }

    /// `acwh sandbox fire ARGS`: asserts exit `code`, returns (stdout lines, stderr).
    pub fn fire_code(&self, t: &Test, args: &str, code: i32) -> (Vec<String>, String) {
        let mut all = vec!["sandbox", "fire"];
        all.extend(args.split_whitespace());
        let ran = exec(self.cmd(t), &all);
        ran.expect(code);
        (ran.out.lines().map(str::to_owned).collect(), ran.err)
    }

    /// SIGTERM, then the exit code, bounded.
    pub fn stop(&mut self) -> Option<i32> {
        self.child.stop()
    }

    /// The address it serves on.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.url.trim_start_matches("http://").parse().unwrap()
    }

    /// Everything it wrote on stderr: call after [`Self::stop`], once its pipe has closed.
    pub fn log(&self) -> String {
        self.child.log()
    }
}
