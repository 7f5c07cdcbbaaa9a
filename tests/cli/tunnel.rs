//! `acwh listen --tunnel` with fake `cloudflared`, `ngrok` and command tunnels
//! (`tests/fakes/tunnel.py`) that speak the real programs' interfaces and forward real HTTP
//! from a loopback "public" edge to the catcher. Never a real tunnel, never beyond loopback.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::register::hooks;

use crate::support::{
    Child, FORM, FakeTunnels, SandboxChild, Stdout, Test, closed_port, post, read_state, says,
    wait_gone,
};

/// `acwh listen --port 0 --json ARGS` with the fakes first on PATH, `env` added, and the
/// sandbox's credentials when given.
fn listen(
    t: &Test,
    fakes: &FakeTunnels,
    sb: Option<&SandboxChild>,
    env: &[(&str, String)],
    args: &[&str],
) -> Child {
    let mut cmd = t.command();
    cmd.env("PATH", fakes.path_env())
        .args(["listen", "--port", "0", "--json"])
        .args(args);
    if let Some(sb) = sb {
        cmd.env("ACWH_API_URL", &sb.url)
            .env("ACWH_API_KEY", &sb.key);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    Child::spawn(cmd, Stdout::Lines)
}

/// The pid in `Tunnel: URL -> ORIGIN (NAME, pid N)`.
fn tunnel_pid(line: &str) -> u32 {
    let start = line.rfind("pid ").expect("a pid") + 4;
    line[start..].trim_end_matches(')').parse().unwrap()
}

fn edge_env(fakes: &FakeTunnels, edge: u16) -> Vec<(&'static str, String)> {
    vec![
        ("FAKE_EDGE_PORT", edge.to_string()),
        ("FAKE_STATE_FILE", fakes.state("t").display().to_string()),
    ]
}

/// `listen --tunnel cloudflared --register` for `subscribe` from `public`, with the fake's
/// loopback edge as the public URL (the sandbox delivers there).
fn cloudflared_registered(t: &Test, fakes: &FakeTunnels, sb: &SandboxChild, edge: u16) -> Child {
    let public = format!("http://127.0.0.1:{edge}/");
    let args = "--tunnel cloudflared --register -e subscribe --source public --public-url";
    let mut args: Vec<&str> = args.split(' ').collect();
    args.push(&public);
    listen(t, fakes, Some(sb), &edge_env(fakes, edge), &args)
}

#[test]
fn cloudflared_the_whole_loop_then_everything_is_gone() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let sb = SandboxChild::start(&t, &[]);
    let edge = closed_port();
    let mut l = cloudflared_registered(&t, &fakes, &sb, edge);
    let first = l.first_line("listen");
    assert!(
        first.starts_with("Listening on http://127.0.0.1:"),
        "{first}"
    );
    let line = l.stderr_with("Tunnel: ");
    says(
        &line,
        &[
            "Tunnel: https://fake-words-here.trycloudflare.com -> http://127.0.0.1:",
            "(cloudflared, pid ",
        ],
    );
    let pid = tunnel_pid(&line);
    l.stderr_with("Registered webhook 1");
    let state = read_state(&fakes.state("t"), crate::support::WAIT);
    let argv: Vec<String> = serde_json::from_value(state["argv"].clone()).unwrap();
    for want in ["tunnel", "--url", "--metrics", "--no-autoupdate"] {
        assert!(argv.iter().any(|a| a == want), "{argv:?}");
    }
    let hook = &hooks(&sb, &t)[0];
    assert!(
        hook["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("http://127.0.0.1:{edge}/?token=")),
        "{hook}"
    );

    sb.fire(&t, "subscribe");
    let got: Value = serde_json::from_slice(&l.out_line(crate::support::WAIT).unwrap()).unwrap();
    assert_eq!(got["event"], "subscribe");
    let headers = got["headers"].to_string().to_ascii_lowercase();
    assert!(headers.contains("cf-connecting-ip"), "{headers}");
    // Without the token, through the tunnel too: 401.
    let r = post(
        format!("127.0.0.1:{edge}").parse().unwrap(),
        "/",
        FORM,
        b"type=x",
    );
    assert_eq!(r.status, 401);

    l.signal("-INT");
    assert_eq!(l.wait_exit(), Some(0));
    says(&l.log(), &["Deleted webhook 1. Tunnel stopped."]);
    assert!(
        wait_gone(pid, crate::support::WAIT),
        "the tunnel outlived listen"
    );
    assert!(hooks(&sb, &t).is_empty());
}

#[test]
fn ngrok_url_from_its_agent_api_and_a_stop_that_needs_sigkill() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let api = format!("127.0.0.1:{}", closed_port());
    let mut env = edge_env(&fakes, closed_port());
    env.push(("FAKE_NGROK_API", api.clone()));
    env.push(("FAKE_IGNORE_TERM", "1".into()));
    let mut l = listen(
        &t,
        &fakes,
        None,
        &env,
        &["--tunnel", "ngrok", "--ngrok-api", &api],
    );
    let line = l.stderr_with("Tunnel: ");
    says(
        &line,
        &[
            "Tunnel: https://fake-1234.ngrok-free.app -> ",
            "(ngrok, pid ",
        ],
    );
    let pid = tunnel_pid(&line);
    l.signal("-TERM");
    assert_eq!(l.wait_exit(), Some(0));
    says(&l.log(), &["Tunnel stopped."]);
    assert!(wait_gone(pid, crate::support::WAIT));
}

#[test]
fn a_command_tunnel_and_the_original_client_address() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let edge = closed_port();
    let mut l = listen(
        &t,
        &fakes,
        None,
        &edge_env(&fakes, edge),
        &["--tunnel", "fake-tunnel {port}", "--count", "1"],
    );
    let line = l.stderr_with("Tunnel: ");
    says(
        &line,
        &[
            "Tunnel: https://fake-cmd.example.test -> ",
            "(tunnel command, pid ",
        ],
    );
    let sh = tunnel_pid(&line);
    let state = read_state(&fakes.state("t"), crate::support::WAIT);
    let pid = state["pid"].as_u64().unwrap() as u32;
    let r = post(
        format!("127.0.0.1:{edge}").parse().unwrap(),
        "/x",
        FORM,
        b"type=subscribe",
    );
    assert_eq!(r.status, 200);
    let got: Value = serde_json::from_slice(&l.out_line(crate::support::WAIT).unwrap()).unwrap();
    assert_eq!(got["event"], "subscribe");
    assert_eq!(l.wait_exit(), Some(0));
    assert!(wait_gone(pid, crate::support::WAIT) && wait_gone(sh, crate::support::WAIT));
}

#[test]
fn the_human_view_names_the_tunnelled_client() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let edge = closed_port();
    let mut cmd = t.command();
    cmd.env("PATH", fakes.path_env())
        .envs(edge_env(&fakes, edge))
        .args([
            "listen",
            "--port",
            "0",
            "--count",
            "1",
            "--tunnel",
            "fake-tunnel {port}",
        ]);
    let mut l = Child::spawn(cmd, Stdout::Lines);
    l.stderr_with("Tunnel: ");
    read_state(&fakes.state("t"), crate::support::WAIT);
    post(
        format!("127.0.0.1:{edge}").parse().unwrap(),
        "/",
        FORM,
        b"type=subscribe",
    );
    let head = String::from_utf8(l.out_line(crate::support::WAIT).unwrap()).unwrap();
    says(&head, &["from 203.0.113.7 (via 127.0.0.1:"]);
    assert_eq!(l.wait_exit(), Some(0));
}

#[test]
fn a_tunnel_that_dies_ends_listen_with_exit_1_and_the_webhook_is_deleted() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let sb = SandboxChild::start(&t, &[]);
    let edge = closed_port();
    let mut l = cloudflared_registered(&t, &fakes, &sb, edge);
    let pid = tunnel_pid(&l.stderr_with("Tunnel: "));
    l.stderr_with("Registered webhook");
    let killed = Instant::now();
    let _ = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status();
    assert_eq!(l.wait_exit(), Some(1));
    assert!(
        killed.elapsed() < Duration::from_secs(10),
        "{:?}",
        killed.elapsed()
    );
    says(
        &l.log(),
        &["error: cloudflared (pid", "exited", "Deleted webhook 1."],
    );
    assert!(hooks(&sb, &t).is_empty());
}

#[test]
fn a_tunnel_that_stops_answering_its_health_check_ends_listen() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let mut env = edge_env(&fakes, closed_port());
    env.push(("FAKE_FAIL_HEALTH_AFTER", "0.5".into()));
    let mut l = listen(&t, &fakes, None, &env, &["--tunnel", "cloudflared"]);
    let pid = tunnel_pid(&l.stderr_with("Tunnel: "));
    assert_eq!(l.wait_exit(), Some(1));
    says(
        &l.log(),
        &["stopped answering its health check", "cloudflared"],
    );
    assert!(wait_gone(pid, crate::support::WAIT));
}

#[test]
fn missing_programs_and_tunnels_without_a_url() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    // Not on PATH: exit 2, with how to install it.
    let mut cmd = t.acwh();
    cmd.env("PATH", "/usr/bin:/bin")
        .args(["listen", "--port", "0", "--tunnel", "cloudflared"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    says(
        &err,
        &[
            "cloudflared was not found on PATH",
            "install cloudflared",
            "ACWH_CLOUDFLARED",
        ],
    );
    let mut cmd = t.acwh();
    cmd.env("ACWH_NGROK", t.path().join("no-such-ngrok"))
        .args(["listen", "--port", "0", "--tunnel", "ngrok"]);
    assert_eq!(cmd.output().unwrap().status.code(), Some(2));
    let mut cmd = t.acwh();
    cmd.args([
        "listen",
        "--port",
        "0",
        "--tunnel",
        "no-such-tunnel-program {port}",
    ]);
    assert_eq!(cmd.output().unwrap().status.code(), Some(2));

    // A tunnel that never gives a URL: exit 1 with its last lines, and it is stopped.
    let sb = SandboxChild::start(&t, &[]);
    let mut env = edge_env(&fakes, closed_port());
    env.push(("FAKE_NO_URL", "1".into()));
    env.push(("ACWH_TUNNEL_WAIT", "2".into()));
    let mut l = listen(
        &t,
        &fakes,
        Some(&sb),
        &env,
        &[
            "--tunnel",
            "cloudflared",
            "--register",
            "-e",
            "subscribe",
            "--source",
            "public",
        ],
    );
    assert_eq!(l.wait_exit(), Some(1));
    says(
        &l.log(),
        &[
            "error: cloudflared gave no public URL within 2s; its last lines are above",
            "\n  ",
            "failed to request quick Tunnel",
        ],
    );
    let state = read_state(&fakes.state("t"), crate::support::WAIT);
    let pid = state["pid"].as_u64().unwrap() as u32;
    assert!(wait_gone(pid, crate::support::WAIT));
    assert!(hooks(&sb, &t).is_empty());
}

#[test]
fn ctrl_c_while_the_tunnel_starts_stops_both_at_once() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let mut env = edge_env(&fakes, closed_port());
    env.push(("FAKE_NO_URL", "1".into()));
    env.push(("ACWH_TUNNEL_WAIT", "30".into()));
    let mut l = listen(&t, &fakes, None, &env, &["--tunnel", "cloudflared"]);
    l.first_line("listen");
    let state = read_state(&fakes.state("t"), crate::support::WAIT);
    let pid = state["pid"].as_u64().unwrap() as u32;
    let started = Instant::now();
    l.signal("-INT");
    assert_eq!(l.wait_exit(), Some(130));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    says(&l.log(), &["stopped while cloudflared was starting"]);
    assert!(wait_gone(pid, crate::support::WAIT));
}

#[test]
fn ngrok_and_command_tunnels_carry_the_sandboxes_deliveries_too() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let sb = SandboxChild::start(&t, &[]);
    for (n, kind) in ["ngrok", "fake-tunnel {port}"].into_iter().enumerate() {
        let (edge, api) = (closed_port(), format!("127.0.0.1:{}", closed_port()));
        let mut env = edge_env(&fakes, edge);
        env.push(("FAKE_NGROK_API", api.clone()));
        let public = format!("http://127.0.0.1:{edge}/ac");
        let args = [
            "--tunnel",
            kind,
            "--ngrok-api",
            &api,
            "--public-url",
            &public,
            "--register",
            "-e",
            "update",
            "--source",
            "admin",
            "--path",
            "/hooks",
        ];
        let mut l = listen(&t, &fakes, Some(&sb), &env, &args);
        l.stderr_with("Tunnel: https://");
        l.stderr_with(&format!("Registered webhook {}", n + 1));
        let url = hooks(&sb, &t)[0]["url"].as_str().unwrap().to_string();
        let want = format!("http://127.0.0.1:{edge}/ac/hooks?token=");
        assert!(url.starts_with(&want), "{url}");
        let tunnel = read_state(&fakes.state("t"), crate::support::WAIT)["pid"]
            .as_u64()
            .unwrap() as u32;
        sb.fire(&t, "update --source admin");
        let got: Value =
            serde_json::from_slice(&l.out_line(crate::support::WAIT).unwrap()).unwrap();
        assert_eq!(
            (got["event"].as_str(), got["path"].as_str()),
            (Some("update"), Some("/ac/hooks"))
        );
        l.signal("-TERM");
        assert_eq!(l.wait_exit(), Some(0));
        says(
            &l.log(),
            &[&format!("Deleted webhook {}. Tunnel stopped.", n + 1)],
        );
        assert!(wait_gone(tunnel, crate::support::WAIT), "{kind}");
        assert!(hooks(&sb, &t).is_empty());
        let _ = std::fs::remove_file(fakes.state("t"));
    }
}

/// A tunnel's last lines are shown one a line, with the token redacted, when it dies.
#[test]
fn a_dead_tunnels_last_lines_are_readable_and_hold_no_token() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let secret = "abcdefabcdefabcdef0123";
    let cmd = format!(
        "echo https://x.example.test; echo 'INF GET /hooks?token={secret} 200'; echo last; exit 3"
    );
    let mut l = listen(
        &t,
        &fakes,
        None,
        &[],
        &["--secret", secret, "--tunnel", &cmd],
    );
    assert_eq!(l.wait_exit(), Some(1));
    let log = l.log();
    assert!(!log.contains(secret), "{log}");
    says(
        &log,
        &[
            "\n  INF GET /hooks?token=REDACTED 200\n",
            "\n  last\n",
            "tunnel command",
        ],
    );
}

/// Even a SIGKILL of acwh, which no handler sees, takes the tunnel down with it.
#[test]
fn killing_acwh_outright_still_stops_the_tunnel() {
    let (t, fakes) = (Test::new(), FakeTunnels::install());
    let mut l = listen(
        &t,
        &fakes,
        None,
        &edge_env(&fakes, closed_port()),
        &["--tunnel", "cloudflared"],
    );
    l.stderr_with("Tunnel: ");
    let state = read_state(&fakes.state("t"), crate::support::WAIT);
    let pid = state["pid"].as_u64().unwrap() as u32;
    l.kill();
    assert!(
        wait_gone(pid, crate::support::WAIT),
        "the tunnel outlived a killed acwh"
    );
}
