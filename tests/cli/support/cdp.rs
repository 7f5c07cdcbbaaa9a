//! [`Browser`]: headless Chromium driven over the Chrome DevTools Protocol, for the
//! inspector's real-browser test. A fresh profile in a temp folder, the DevTools port read
//! from its stderr, one page target spoken to over a minimal WebSocket client (RFC 6455:
//! masked text frames out, unmasked frames in, pings answered), and a kill on drop, so a
//! panicking test leaves no browser behind. Everything stays on 127.0.0.1; every wait is
//! bounded by [`WAIT`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::WAIT;

/// How often a condition in the page is checked while waiting for it.
const POLL: Duration = Duration::from_millis(50);

/// A headless Chromium with one page, killed (and its profile removed) on drop.
pub struct Browser {
    child: std::process::Child,
    ws: TcpStream,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium (`ACWH_CHROMIUM`, else `chromium` or `chromium-browser` on PATH), or
    /// None when there is none: a note on stderr, or a panic when `CI` is set, since CI
    /// must run this test.
    pub fn start() -> Option<Browser> {
        let Some(bin) = chromium() else {
            let why =
                "no Chromium found (set ACWH_CHROMIUM, or install Debian's `chromium` package)";
            assert!(
                std::env::var_os("CI").is_none(),
                "{why}: CI must run the browser test"
            );
            eprintln!("note: skipping the browser test: {why}");
            return None;
        };
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(&bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                "--no-pings",
                // Nothing beyond loopback: every other host name fails to resolve.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {bin}: {e}"));
        let lines = stderr_lines(child.stderr.take().unwrap());
        // From here on, a panic must still kill the child: hand it to a guard first.
        let mut guard = Guard(Some(child));
        let port = devtools_port(&lines);
        let path = page_target(port);
        let ws = handshake(port, &path);
        let child = guard.0.take().unwrap();
        Some(Browser {
            child,
            ws,
            next_id: 0,
            _profile: profile,
        })
    }

    /// Calls a DevTools method and returns its result, skipping the events that come first.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({"id": id, "method": method, "params": params}).to_string();
        send_frame(&mut self.ws, 0x1, msg.as_bytes());
        let deadline = Instant::now() + WAIT;
        loop {
            assert!(
                Instant::now() < deadline,
                "no answer to {method} within {WAIT:?}"
            );
            let text = read_message(&mut self.ws);
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method} failed: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// Evaluates `expr` in the page (awaiting a promise) and returns its value as JSON;
    /// an exception in the page fails the test.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "the page threw on {expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Polls `expr` until it is truthy (not false, null, 0, "" or undefined) and returns
    /// it; fails after [`WAIT`] saying what was awaited.
    pub fn wait(&mut self, what: &str, expr: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.eval(expr);
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; last value {v}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Opens `url` in the page, at a 1280x800 viewport.
    pub fn open(&mut self, url: &str) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false}),
        );
        self.call("Page.navigate", json!({"url": url}));
    }

    /// A PNG of the viewport.
    pub fn screenshot(&mut self) -> Vec<u8> {
        use base64::Engine as _;
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().unwrap())
            .unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kills a child not yet handed to a [`Browser`], when start-up panics.
struct Guard(Option<std::process::Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(c) = self.0.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The browser to run: `ACWH_CHROMIUM`, else the first Chromium on PATH.
fn chromium() -> Option<String> {
    if let Some(b) = std::env::var_os("ACWH_CHROMIUM") {
        return Some(b.to_string_lossy().into_owned());
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(|name| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
                .map(|p| p.to_string_lossy().into_owned())
        })
}

fn stderr_lines(stderr: std::process::ChildStderr) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// The port of `DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…`.
fn devtools_port(lines: &Receiver<String>) -> u16 {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines.recv_timeout(left).unwrap_or_else(|e| {
            panic!("Chromium printed no DevTools address ({e}); its stderr: {seen:#?}")
        });
        if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
            let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
            return port.parse().unwrap();
        }
        seen.push(line);
    }
}

/// The WebSocket path of the first `page` target, from `GET /json/list` (polled: the
/// page can appear a moment after the DevTools line).
fn page_target(port: u16) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let list: Value = serde_json::from_slice(&http_get(port, "/json/list")).unwrap();
        let page = list.as_array().and_then(|l| {
            l.iter()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        });
        if let Some(url) = page {
            let path = url.splitn(4, '/').nth(3).unwrap();
            return format!("/{path}");
        }
        assert!(
            Instant::now() < deadline,
            "Chromium has no page target: {list}"
        );
        std::thread::sleep(POLL);
    }
}

/// The body of a GET to the DevTools HTTP endpoint (which answers with a Content-Length).
fn http_get(port: u16, path: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let (head, mut body) = read_head(&mut s);
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("no Content-Length from DevTools: {head}"));
    while body.len() < len {
        let mut buf = [0u8; 8192];
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "DevTools closed the connection early");
        body.extend_from_slice(&buf[..n]);
    }
    body
}

/// Reads up to the end of an HTTP head; returns it and any bytes already read past it.
fn read_head(s: &mut TcpStream) -> (String, Vec<u8>) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = got.split_off(i + 4);
            return (String::from_utf8_lossy(&got).into_owned(), rest);
        }
        let n = s.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "DevTools closed the connection before its answer's head"
        );
        got.extend_from_slice(&buf[..n]);
    }
}

/// Opens the WebSocket to `path`. Chromium checks nothing in the key but its presence, and
/// this client trusts its own loopback child, so the answer's accept hash is not checked.
fn handshake(port: u16, path: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_nodelay(true).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: YWN3aC1icm93c2VyLXRlc3Q=\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let (head, rest) = read_head(&mut s);
    assert!(
        head.starts_with("HTTP/1.1 101"),
        "no WebSocket upgrade: {head}"
    );
    assert!(rest.is_empty(), "DevTools spoke before being asked");
    s
}

/// Sends one frame; a client masks every frame (RFC 6455 5.3).
fn send_frame(s: &mut TcpStream, opcode: u8, payload: &[u8]) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mask: [u8; 4] = (nanos ^ 0x5a17_c0de).to_be_bytes();
    let mut frame = vec![0x80 | opcode];
    match payload.len() {
        n @ 0..=125 => frame.push(0x80 | n as u8),
        n @ 126..=0xffff => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    s.write_all(&frame).unwrap();
}

/// One whole text message (continuation frames joined); pings are answered on the way.
fn read_message(s: &mut TcpStream) -> String {
    let mut msg = Vec::new();
    loop {
        let mut head = [0u8; 2];
        s.read_exact(&mut head)
            .unwrap_or_else(|e| panic!("DevTools socket: {e}"));
        let fin = head[0] & 0x80 != 0;
        let opcode = head[0] & 0x0f;
        let len = match head[1] & 0x7f {
            126 => {
                let mut b = [0u8; 2];
                s.read_exact(&mut b).unwrap();
                u64::from(u16::from_be_bytes(b))
            }
            127 => {
                let mut b = [0u8; 8];
                s.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b)
            }
            n => u64::from(n),
        };
        assert!(head[1] & 0x80 == 0, "DevTools sent a masked frame");
        let mut payload = vec![0u8; usize::try_from(len).unwrap()];
        s.read_exact(&mut payload)
            .unwrap_or_else(|e| panic!("DevTools socket: {e}"));
        match opcode {
            0x9 => send_frame(s, 0xa, &payload),
            0xa => {}
            0x8 => panic!("DevTools closed the WebSocket"),
            _ => {
                msg.extend_from_slice(&payload);
                if fin {
                    return String::from_utf8(msg).unwrap();
                }
            }
        }
    }
}
