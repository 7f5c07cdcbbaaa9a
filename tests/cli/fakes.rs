//! The fake tunnels of `tests/fakes/tunnel.py` themselves, run directly (they are not acwh):
//! each speaks its real program's interface on loopback and forwards real HTTP from its edge
//! to a real `acwh listen`, so the tunnel tests can trust them.

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{
    Child, Conn, FORM, FakeTunnels, Listener, SUBSCRIBE, Stdout, WAIT, body_of, closed_port,
    edge_addr, get, pid_alive, poll_get, post, read_state, wait_gone,
};

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// The fake `name` with `args` and `env`, its state written to `state`.
fn fake(fakes: &FakeTunnels, name: &str, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(fakes.bin(name));
    cmd.args(args)
        .env("FAKE_STATE_FILE", fakes.state(name))
        .envs(env.iter().copied());
    cmd
}

/// Starts `cmd`, waits for its `FAKE-EDGE` line and state; the child and its state.
fn start(fakes: &FakeTunnels, name: &str, cmd: Command, stdout: Stdout) -> (Child, Value) {
    let child = Child::spawn(cmd, stdout);
    let line = child.stderr_with("FAKE-EDGE");
    let state = read_state(&fakes.state(name), WAIT);
    assert_eq!(
        line,
        format!("FAKE-EDGE pid={} port={}", child.id(), state["edge_port"])
    );
    assert_eq!(state["pid"], child.id());
    assert_eq!(state["mode"], name);
    (child, state)
}

/// Posts a `subscribe` delivery through the edge and checks that `l` got it unchanged,
/// with the edge's forwarding headers.
fn forwards(edge: SocketAddr, l: &Listener) {
    let r = post(edge, "/hook?token=t0k", FORM, SUBSCRIBE.as_bytes());
    assert_eq!(r.status, 200, "{r:?}");
    let v = l.json();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["path"], "/hook");
    assert_eq!(v["query"], json!([["token", "t0k"]]));
    assert_eq!(v["content_type"], FORM);
    assert_eq!(body_of(&v), SUBSCRIBE.as_bytes());
    let headers = v["headers"].as_array().unwrap();
    for h in [
        json!(["x-forwarded-for", "203.0.113.7"]),
        json!(["cf-connecting-ip", "203.0.113.7"]),
        json!(["x-forwarded-proto", "https"]),
    ] {
        assert!(headers.contains(&h), "{h} missing from {headers:?}");
    }
}

#[test]
fn cloudflared_serves_its_metrics_and_forwards_to_the_origin() {
    let l = Listener::start(&["--json"]);
    let fakes = FakeTunnels::install();
    let metrics = loopback(closed_port());
    let url = format!("http://{}", l.addr);
    let args = [
        "tunnel",
        "--metrics",
        &metrics.to_string(),
        "--url",
        &url,
        "--no-autoupdate",
    ];
    let cmd = fake(&fakes, "cloudflared", &args, &[]);
    let (mut cf, state) = start(&fakes, "cloudflared", cmd, Stdout::Null);
    assert_eq!(
        state["argv"].as_array().unwrap()[1..],
        args.map(Value::from)
    );
    assert_eq!(state["origin"], l.addr.to_string());

    let tunnel = poll_get(metrics, "/quicktunnel", 200, WAIT);
    assert_eq!(tunnel["hostname"], "fake-words-here.trycloudflare.com");
    let ready = poll_get(metrics, "/ready", 200, WAIT);
    assert_eq!(ready["readyConnections"], 1);
    forwards(edge_addr(&state), &l);
    let bytes: Vec<u8> = (0..=255).collect();
    let r = post(
        edge_addr(&state),
        "/bin",
        "application/octet-stream",
        &bytes,
    );
    assert_eq!(r.status, 200);
    assert_eq!(body_of(&l.json()), bytes);

    let pid = cf.id();
    assert_eq!(cf.stop(), Some(0));
    assert!(wait_gone(pid, WAIT));
}

#[test]
fn cloudflared_without_url_says_why_and_never_gets_ready() {
    let fakes = FakeTunnels::install();
    let metrics = loopback(closed_port());
    let port = closed_port().to_string();
    let args = ["tunnel", "--url", &port, "--metrics", &metrics.to_string()];
    let cmd = fake(&fakes, "cloudflared", &args, &[("FAKE_NO_URL", "1")]);
    let (cf, state) = start(&fakes, "cloudflared", cmd, Stdout::Null);
    cf.stderr_with("ERR failed to request quick Tunnel");
    assert_eq!(state["public_url"], "");
    assert_eq!(
        poll_get(metrics, "/quicktunnel", 200, WAIT),
        json!({"hostname": ""})
    );
    assert_eq!(
        poll_get(metrics, "/ready", 503, WAIT)["readyConnections"],
        0
    );
}

#[test]
fn cloudflared_refuses_other_arguments() {
    let fakes = FakeTunnels::install();
    for args in [
        &["tunnel", "--url", "http://127.0.0.1:1"][..],
        &[
            "tunnel",
            "--url",
            "http://127.0.0.1:1",
            "--metrics",
            "127.0.0.1:0",
            "--x",
        ],
        &["--url", "http://127.0.0.1:1", "--metrics", "127.0.0.1:0"],
        &[
            "tunnel",
            "--url",
            "http://192.0.2.1:80",
            "--metrics",
            "127.0.0.1:0",
        ],
    ] {
        let out = Command::new(fakes.bin("cloudflared"))
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("usage: cloudflared tunnel"), "{err}");
    }
}

#[test]
fn ngrok_lists_its_tunnel_and_forwards_to_the_origin() {
    let l = Listener::start(&["--json"]);
    let fakes = FakeTunnels::install();
    let api = loopback(closed_port());
    let origin = l.addr.to_string();
    let args = ["http", &origin, "--log", "stdout"];
    let cmd = fake(
        &fakes,
        "ngrok",
        &args,
        &[("FAKE_NGROK_API", &api.to_string())],
    );
    let (ngrok, state) = start(&fakes, "ngrok", cmd, Stdout::Lines);

    let tunnels = poll_get(api, "/api/tunnels", 200, WAIT);
    let t = &tunnels["tunnels"][0];
    assert_eq!(t["public_url"], "https://fake-1234.ngrok-free.app");
    assert_eq!(t["proto"], "https");
    assert_eq!(t["config"]["addr"], format!("http://{origin}"));
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = ngrok.out_line(left).expect("no `started tunnel` log line");
        if String::from_utf8_lossy(&line).contains("msg=\"started tunnel") {
            break;
        }
    }
    forwards(edge_addr(&state), &l);
}

#[test]
fn ngrok_takes_a_bare_port_and_a_loopback_public_url_from_path() {
    let l = Listener::start(&["--json"]);
    let fakes = FakeTunnels::install();
    let api = loopback(closed_port());
    let mut cmd = Command::new("ngrok");
    cmd.args(["http", &l.addr.port().to_string()])
        .env("PATH", fakes.path_env())
        .env("FAKE_STATE_FILE", fakes.state("ngrok"))
        .env("FAKE_NGROK_API", api.to_string())
        .env("FAKE_PUBLIC_URL", "http://127.0.0.1:{edge_port}");
    let (_ngrok, state) = start(&fakes, "ngrok", cmd, Stdout::Null);
    let edge = edge_addr(&state);
    let t = &poll_get(api, "/api/tunnels", 200, WAIT)["tunnels"][0];
    assert_eq!(t["public_url"], format!("http://{edge}"));
    assert_eq!(t["proto"], "http");
    forwards(edge, &l);
}

#[test]
fn ngrok_needs_its_api_address() {
    let fakes = FakeTunnels::install();
    let out = Command::new(fakes.bin("ngrok"))
        .args(["http", "8080"])
        .env_remove("FAKE_NGROK_API")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAKE_NGROK_API"));
}

#[test]
fn command_tunnel_prints_its_url_among_noise() {
    let l = Listener::start(&["--json"]);
    let fakes = FakeTunnels::install();
    let port = l.addr.port().to_string();
    let cmd = fake(&fakes, "fake-tunnel", &[&port, "--extra"], &[]);
    let (tunnel, state) = start(&fakes, "fake-tunnel", cmd, Stdout::Lines);
    let deadline = Instant::now() + WAIT;
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = tunnel.out_line(left).expect("no URL line");
        let line = String::from_utf8(line).unwrap();
        if line.contains("https://") {
            assert_eq!(line, "your url is: https://fake-cmd.example.test");
            break;
        }
        lines.push(line);
    }
    assert!(!lines.is_empty(), "no noise before the URL");
    forwards(edge_addr(&state), &l);
}

#[test]
fn command_tunnel_can_print_its_url_on_stderr() {
    let fakes = FakeTunnels::install();
    let env = [("FAKE_URL_ON_STDERR", "1")];
    let cmd = fake(&fakes, "fake-tunnel", &["9"], &env);
    let (tunnel, _) = start(&fakes, "fake-tunnel", cmd, Stdout::Null);
    tunnel.stderr_with("your url is: https://fake-cmd.example.test");
}

#[test]
fn command_tunnel_without_url_prints_none() {
    let fakes = FakeTunnels::install();
    let cmd = fake(&fakes, "fake-tunnel", &["9"], &[("FAKE_NO_URL", "1")]);
    let (mut tunnel, _) = start(&fakes, "fake-tunnel", cmd, Stdout::Lines);
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut lines = Vec::new();
    while let Ok(line) = tunnel.out_line(deadline.saturating_duration_since(Instant::now())) {
        lines.push(String::from_utf8(line).unwrap());
    }
    assert!(!lines.is_empty(), "no noise at all");
    assert_eq!(tunnel.stop(), Some(0));
    let log = tunnel.log();
    assert!(
        !lines.concat().contains("://") && !log.contains("your url"),
        "{lines:?}\n{log}"
    );
}

#[test]
fn exit_after_makes_the_tunnel_die_with_status_3() {
    let fakes = FakeTunnels::install();
    let cmd = fake(&fakes, "fake-tunnel", &["9"], &[("FAKE_EXIT_AFTER", "0.2")]);
    let (mut tunnel, _) = start(&fakes, "fake-tunnel", cmd, Stdout::Null);
    assert_eq!(tunnel.wait_exit(), Some(3));
    assert!(tunnel.log().contains("relay connection lost"));
}

#[test]
fn ignore_term_leaves_only_sigkill() {
    let fakes = FakeTunnels::install();
    let cmd = fake(&fakes, "fake-tunnel", &["9"], &[("FAKE_IGNORE_TERM", "1")]);
    let (mut tunnel, _) = start(&fakes, "fake-tunnel", cmd, Stdout::Null);
    let pid = tunnel.id();
    tunnel.signal("-TERM");
    assert!(!wait_gone(pid, Duration::from_millis(300)));
    tunnel.kill();
    assert!(!pid_alive(pid));
}

#[test]
fn failing_health_closes_the_metrics_server() {
    let fakes = FakeTunnels::install();
    let metrics = loopback(closed_port());
    let args = ["tunnel", "--url", "9", "--metrics", &metrics.to_string()];
    let env = [("FAKE_FAIL_HEALTH_AFTER", "1")];
    let cmd = fake(&fakes, "cloudflared", &args, &env);
    let (_cf, _) = start(&fakes, "cloudflared", cmd, Stdout::Null);
    let mut kept = Conn::open(metrics);
    assert_eq!(kept.try_request(b""), Some(404));
    let deadline = Instant::now() + WAIT;
    while get(metrics, "/ready").is_some() {
        assert!(
            Instant::now() < deadline,
            "the metrics server still answers"
        );
        std::thread::park_timeout(Duration::from_millis(20));
    }
    assert_eq!(
        kept.try_request(b""),
        None,
        "a kept-alive connection still answers"
    );
}

#[test]
fn failing_health_can_answer_503() {
    let fakes = FakeTunnels::install();
    let api = loopback(closed_port());
    let api_text = api.to_string();
    let env = [
        ("FAKE_NGROK_API", api_text.as_str()),
        ("FAKE_FAIL_HEALTH_AFTER", "0"),
        ("FAKE_FAIL_HEALTH_HOW", "503"),
    ];
    let cmd = fake(&fakes, "ngrok", &["http", "9"], &env);
    let (_ngrok, _) = start(&fakes, "ngrok", cmd, Stdout::Null);
    poll_get(api, "/api/tunnels", 503, WAIT);
}
