//! `listen --tunnel`: the tunnel program that makes the catcher reachable from the internet,
//! run as acwh's child. It finds the public URL (cloudflared's metrics server, ngrok's agent
//! API, or the first `https://` URL a command prints), watches the child and its health while
//! listening, and stops it (SIGTERM, then SIGKILL, to its whole process group) on every way
//! out. It never sends traffic through the tunnel to check it.

use std::collections::VecDeque;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::usage;
use crate::sync::lock;

/// How long a tunnel may take to give its URL (and, for cloudflared, to be ready).
/// `ACWH_TUNNEL_WAIT` (seconds) changes it.
const URL_WAIT: Duration = Duration::from_secs(60);
/// How often the child is looked at, and how often its health is asked, while listening.
const CHILD_POLL: Duration = Duration::from_millis(250);
const HEALTH_EVERY: Duration = Duration::from_secs(3);
/// Failed health checks in a row that mean the tunnel is gone.
const HEALTH_FAILURES: u32 = 2;
/// How long the tunnel has to exit after SIGTERM before SIGKILL.
const TERM_WAIT: Duration = Duration::from_secs(3);
/// How many of the tunnel's last output lines are kept, to show when it fails.
const KEPT_LINES: usize = 12;

/// Which tunnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Cloudflared,
    Ngrok,
    /// A shell command; `{port}` is replaced by the catcher's port.
    Command(String),
}

impl Kind {
    pub(crate) fn parse(s: &str) -> Result<Kind, String> {
        match s.trim() {
            "" => {
                Err("--tunnel is empty: give cloudflared, ngrok, or a command with {port}".into())
            }
            "cloudflared" => Ok(Kind::Cloudflared),
            "ngrok" => Ok(Kind::Ngrok),
            cmd => Ok(Kind::Command(cmd.to_string())),
        }
    }

    fn label(&self) -> &'static str {
        match self {
            Kind::Cloudflared => "cloudflared",
            Kind::Ngrok => "ngrok",
            Kind::Command(_) => "tunnel command",
        }
    }
}

/// Where the tunnel says whether it is healthy.
#[derive(Debug, Clone)]
enum Health {
    /// cloudflared's metrics server: `GET /ready` answers 200.
    Ready(String),
    /// ngrok's agent API: `GET /api/tunnels` lists an https tunnel.
    NgrokApi(String),
    /// A command: only its process is watched.
    Process,
}

/// A running tunnel.
pub(crate) struct Tunnel {
    child: Arc<Mutex<Child>>,
    pid: u32,
    label: &'static str,
    url: String,
    health: Health,
    lines: Arc<Mutex<VecDeque<String>>>,
    /// The URL token, kept out of the tunnel's lines when they are shown.
    secret: String,
    /// The write end of the watching shell's stdin, never written: when acwh ends, however
    /// it ends, the pipe closes and the shell stops the tunnel.
    _lifeline: Option<std::process::ChildStdin>,
    stopped: bool,
}

impl Tunnel {
    /// Starts the tunnel towards `origin` and waits for its public URL, with a spinner on
    /// stderr when `spinner`.
    pub(crate) fn start(
        kind: &Kind,
        origin: SocketAddr,
        ngrok_api: &str,
        spinner: bool,
        interrupted: &dyn Fn() -> bool,
        secret: &str,
    ) -> anyhow::Result<Tunnel> {
        let target = format!("{}:{}", origin.ip(), origin.port());
        let (program, args, health): (std::ffi::OsString, Vec<String>, Health) = match kind {
            Kind::Cloudflared => {
                let program = program("cloudflared", "ACWH_CLOUDFLARED", CLOUDFLARED_HINT)?;
                let metrics = format!("127.0.0.1:{}", free_port()?);
                let url = format!("http://{target}");
                let args = [
                    "tunnel",
                    "--url",
                    &url,
                    "--metrics",
                    &metrics,
                    "--no-autoupdate",
                ];
                let args = args.map(str::to_string).to_vec();
                (program.into(), args, Health::Ready(metrics))
            }
            Kind::Ngrok => {
                let program = program("ngrok", "ACWH_NGROK", NGROK_HINT)?;
                let args = vec!["http".to_string(), target.clone()];
                (
                    program.into(),
                    args,
                    Health::NgrokApi(ngrok_api.to_string()),
                )
            }
            Kind::Command(cmd) => {
                let cmd = cmd.replace("{port}", &origin.port().to_string());
                ("sh".into(), vec!["-c".into(), cmd], Health::Process)
            }
        };
        // Under a small shell that stops the tunnel once its stdin, a pipe only acwh holds,
        // closes: so the tunnel goes even when acwh is killed without a chance to stop it.
        // In its own process group, so stopping it stops whatever it started.
        let mut command = Command::new("sh");
        command
            .args(["-c", WATCHED, "acwh-tunnel"])
            .arg(program)
            .args(args)
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| anyhow::anyhow!("could not start the {}: {e}", kind.label()))?;
        let lifeline = child.stdin.take();
        let lines = Arc::new(Mutex::new(VecDeque::new()));
        let printed = Arc::new(Mutex::new(None));
        for out in [
            child
                .stdout
                .take()
                .map(|o| Box::new(o) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|e| Box::new(e) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            read_lines(out, lines.clone(), printed.clone());
        }
        let mut tunnel = Tunnel {
            pid: child.id(),
            child: Arc::new(Mutex::new(child)),
            label: kind.label(),
            url: String::new(),
            health,
            lines,
            secret: secret.to_string(),
            _lifeline: lifeline,
            stopped: false,
        };
        let bar = spinner.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_message(format!(
                "starting the {} and waiting for its URL",
                kind.label()
            ));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        let found = tunnel.wait_for_url(&printed, interrupted);
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        match found {
            Ok(url) => {
                tunnel.url = url;
                Ok(tunnel)
            }
            // Dropping the tunnel stops it.
            Err(e) => Err(e),
        }
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn label(&self) -> &'static str {
        self.label
    }

    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// Polls for the URL until the wait runs out or the child exits.
    fn wait_for_url(
        &self,
        printed: &Mutex<Option<String>>,
        interrupted: &dyn Fn() -> bool,
    ) -> anyhow::Result<String> {
        let wait = std::env::var("ACWH_TUNNEL_WAIT")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(URL_WAIT, Duration::from_secs_f64);
        let deadline = Instant::now() + wait;
        let mut url = None;
        loop {
            if interrupted() {
                let e = std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted");
                let what = format!("stopped while {} was starting", self.label);
                return Err(anyhow::Error::new(e).context(what));
            }
            if let Some(status) = self.exited() {
                let missing = matches!(self.health, Health::Process) && status.code() == Some(127);
                self.show_last_lines();
                let msg = format!(
                    "{} exited ({status}) before giving a public URL{}",
                    self.label,
                    self.lines_above()
                );
                return Err(if missing {
                    usage(msg)
                } else {
                    anyhow::anyhow!(msg)
                });
            }
            if url.is_none() {
                url = match &self.health {
                    Health::Ready(metrics) => get(metrics, "/quicktunnel")
                        .filter(|(status, _)| *status == 200)
                        .and_then(|(_, body)| json_str(&body, "/hostname"))
                        .map(|h| format!("https://{h}")),
                    Health::NgrokApi(api) => {
                        get(api, "/api/tunnels").and_then(|(_, body)| ngrok_url(&body))
                    }
                    Health::Process => lock(printed).clone(),
                };
            }
            if let Some(u) = &url
                && self.healthy()
            {
                return Ok(u.clone());
            }
            if Instant::now() >= deadline {
                self.show_last_lines();
                return Err(anyhow::anyhow!(
                    "{} gave no public URL within {}s{}",
                    self.label,
                    wait.as_secs(),
                    self.lines_above()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether the tunnel says it is up (always, for a command: only its process counts).
    fn healthy(&self) -> bool {
        health_ok(&self.health)
    }

    fn exited(&self) -> Option<std::process::ExitStatus> {
        lock(&self.child).try_wait().ok().flatten()
    }

    /// The tunnel's last output lines, escaped, for a message.
    fn show_last_lines(&self) {
        for line in last_lines(&self.lines, &self.secret) {
            crate::note!("  {line}");
        }
    }

    fn lines_above(&self) -> &'static str {
        if lock(&self.lines).is_empty() {
            " (it printed nothing)"
        } else {
            "; its last lines are above"
        }
    }

    /// Resolves with the reason once the tunnel has died or stopped answering its health
    /// check; never otherwise.
    pub(crate) fn watchdog(&self) -> impl std::future::Future<Output = String> + Send + 'static {
        let (child, health, lines, label, pid, secret) = (
            self.child.clone(),
            self.health.clone(),
            self.lines.clone(),
            self.label,
            self.pid,
            self.secret.clone(),
        );
        // The reason on the first line, then the tunnel's last lines, one a line.
        let said = move |why: String| {
            let mut all = vec![why];
            all.extend(last_lines(&lines, &secret));
            all.join("\n")
        };
        async move {
            let mut failures = 0;
            let mut last_check = tokio::time::Instant::now();
            loop {
                tokio::time::sleep(CHILD_POLL).await;
                if let Some(status) = lock(&child).try_wait().ok().flatten() {
                    return said(format!(
                        "{label} (pid {pid}) exited ({status}): AC's deliveries can no longer reach this catcher"
                    ));
                }
                if last_check.elapsed() < HEALTH_EVERY {
                    continue;
                }
                last_check = tokio::time::Instant::now();
                let h = health.clone();
                let ok = tokio::task::spawn_blocking(move || health_ok(&h))
                    .await
                    .unwrap_or(false);
                failures = if ok { 0 } else { failures + 1 };
                if failures >= HEALTH_FAILURES {
                    return said(format!(
                        "{label} (pid {pid}) stopped answering its health check: AC's deliveries can no longer reach this catcher"
                    ));
                }
            }
        }
    }

    /// Stops the tunnel: SIGTERM to its process group, then SIGKILL if it lingers.
    pub(crate) fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let Some(pid) = i32::try_from(self.pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return;
        };
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::TERM);
        let deadline = Instant::now() + TERM_WAIT;
        while Instant::now() < deadline {
            if self.exited().is_some() {
                // Whatever it started may still run in the group.
                let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        let _ = lock(&self.child).wait();
    }
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The shell around the tunnel (`$1` is the program, the rest its arguments): the tunnel runs
/// with no stdin; a watcher waits for EOF on the lifeline (fd 3, the shell's stdin) and then
/// stops it; the shell exits with the tunnel's status.
const WATCHED: &str = r#"exec 3<&0
"$@" </dev/null &
tunnel=$!
{ while read -r _ <&3; do :; done; kill -TERM "$tunnel" 2>/dev/null; } &
watcher=$!
wait "$tunnel"
status=$?
kill "$watcher" 2>/dev/null
exit "$status""#;

const CLOUDFLARED_HINT: &str = "install cloudflared (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/), name it with ACWH_CLOUDFLARED, or run your own tunnel and pass --public-url";
const NGROK_HINT: &str = "install ngrok (https://ngrok.com/download) and add its authtoken, name it with ACWH_NGROK, or run your own tunnel and pass --public-url";

/// The program to run: `$env` if set, else `name` found on PATH; a usage error otherwise.
fn program(name: &str, env: &str, hint: &str) -> anyhow::Result<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if is_executable(&p) {
            return Ok(p);
        }
        return Err(usage(format!(
            "{env} names {}, which is not an executable file: {hint}",
            crate::escape::path(&p)
        )));
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
        .ok_or_else(|| usage(format!("{name} was not found on PATH: {hint}")))
}

fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A loopback port free right now, for cloudflared's metrics server.
fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

/// Reads a child's output line by line into the kept lines, noting the first https URL.
fn read_lines(
    out: Box<dyn std::io::Read + Send>,
    lines: Arc<Mutex<VecDeque<String>>>,
    printed: Arc<Mutex<Option<String>>>,
) {
    std::thread::spawn(move || {
        // A line is cut at 4 KiB: a tunnel's log lines are short.
        for line in BufReader::new(out).split(b'\n') {
            let Ok(line) = line else { break };
            let line = String::from_utf8_lossy(&line[..line.len().min(4096)]).into_owned();
            if let Some(url) = https_url(&line) {
                lock(&printed).get_or_insert(url);
            }
            let mut kept = lock(&lines);
            if kept.len() == KEPT_LINES {
                kept.pop_front();
            }
            kept.push_back(line.trim_end().to_string());
        }
    });
}

/// The first `https://…` URL in a line.
fn https_url(line: &str) -> Option<String> {
    let start = line.find("https://")?;
    let url: String = line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !"\"'<>|`".contains(*c))
        .collect();
    let url = url.trim_end_matches(['.', ',', ')', ']', ';']);
    url::Url::parse(url)
        .ok()
        .filter(|u| u.host_str().is_some())
        .map(|_| url.to_string())
}

/// The tunnel's last output lines, escaped for a terminal, the token redacted.
fn last_lines(lines: &Mutex<VecDeque<String>>, secret: &str) -> Vec<String> {
    lock(lines)
        .iter()
        .map(|l| crate::escape::line(&crate::token::redact_text(l, secret)).into_owned())
        .collect()
}

fn health_ok(health: &Health) -> bool {
    match health {
        Health::Ready(metrics) => get(metrics, "/ready").is_some_and(|(s, _)| s == 200),
        Health::NgrokApi(api) => {
            get(api, "/api/tunnels").is_some_and(|(_, b)| ngrok_url(&b).is_some())
        }
        Health::Process => true,
    }
}

/// The https `public_url` in ngrok's `/api/tunnels` answer.
fn ngrok_url(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v.get("tunnels")?
        .as_array()?
        .iter()
        .filter_map(|t| t.get("public_url")?.as_str())
        .find(|u| u.starts_with("https://"))
        .map(str::to_string)
}

fn json_str(body: &str, pointer: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v.pointer(pointer)?
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A plain HTTP/1.0 GET to a local agent (`host:port`): the status and up to 64 KiB of body.
/// None when it does not answer within a second or two.
fn get(addr: &str, path: &str) -> Option<(u16, String)> {
    let addr: SocketAddr = addr.parse().ok()?;
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(1))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n"
    )
    .ok()?;
    let mut answer = Vec::new();
    s.take(64 * 1024).read_to_end(&mut answer).ok()?;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(Kind::parse("cloudflared"), Ok(Kind::Cloudflared));
        assert_eq!(Kind::parse("ngrok"), Ok(Kind::Ngrok));
        assert_eq!(
            Kind::parse("bore local {port} --to bore.pub"),
            Ok(Kind::Command("bore local {port} --to bore.pub".into()))
        );
        assert!(Kind::parse(" ").is_err());
    }

    #[test]
    fn urls_in_output() {
        assert_eq!(
            https_url("INF |  https://odd-words.trycloudflare.com  |").as_deref(),
            Some("https://odd-words.trycloudflare.com")
        );
        assert_eq!(
            https_url("your url is: https://x.example.test/a.").as_deref(),
            Some("https://x.example.test/a")
        );
        assert_eq!(https_url("see http://plain.example"), None);
        assert_eq!(https_url("https://"), None);
    }

    #[test]
    fn ngrok_answer() {
        let body = r#"{"tunnels":[{"public_url":"http://a.ngrok.app"},{"public_url":"https://a.ngrok.app"}]}"#;
        assert_eq!(ngrok_url(body).as_deref(), Some("https://a.ngrok.app"));
        assert_eq!(ngrok_url(r#"{"tunnels":[]}"#), None);
        assert_eq!(ngrok_url("not json"), None);
    }
}
