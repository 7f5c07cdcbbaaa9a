//! `acwh listen --ui`: the inspector's API contract over loopback. Every endpoint, the rules
//! that keep tunnels, other machines and other websites out, the stream, replay with edits,
//! exports, `--save` preloading and `--ui-keep`. The page itself is driven in a real browser
//! by `browser.rs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{DEAL_UPDATE, FORM, Listener, SUBSCRIBE, Test, WAIT, body_of, post};

/// A listener with the inspector on a free port, and the inspector's address.
fn start(args: &[&str]) -> (Listener, SocketAddr) {
    let mut all = vec!["--ui", "--ui-addr", "127.0.0.1:0", "--no-field-names"];
    all.extend_from_slice(args);
    let l = Listener::start(&all);
    let line = l.stderr_with("Inspector on");
    let addr = line
        .strip_prefix("Inspector on http://")
        .unwrap_or_else(|| panic!("bad inspector line {line:?}"))
        .parse()
        .unwrap();
    (l, addr)
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        let h = self
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name));
        h.map(|(_, v)| v.as_str())
    }
}

/// One request on its own connection, `Host` the inspector's own unless `headers` has one.
fn ask(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut s = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut req = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let end = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no head");
    let head = String::from_utf8_lossy(&all[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: all[end + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Answer {
    ask(addr, "GET", target, &[], b"")
}

/// Posts a delivery to the catcher and waits for its answer (it is then kept).
fn deliver(l: &Listener, body: &str) {
    assert_eq!(post(l.addr, "/hook", FORM, body.as_bytes()).status, 200);
}

/// Polls the list until it holds `n` rows (a delivery reaches the inspector just after its
/// answer).
fn rows(addr: SocketAddr, query: &str, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let list = get(addr, &format!("/api/deliveries{query}")).json();
        let list = list.as_array().unwrap().clone();
        if list.len() >= n || Instant::now() > deadline {
            assert_eq!(list.len(), n, "rows for {query:?}: {list:#?}");
            return list;
        }
        std::thread::yield_now();
    }
}

#[test]
fn the_inspector_line_follows_the_listening_line_with_the_real_port() {
    let (l, addr) = start(&[]);
    let seen = l.seen();
    assert!(
        seen[0].starts_with("Listening on http://127.0.0.1:"),
        "{seen:?}"
    );
    assert_eq!(seen[1], format!("Inspector on http://{addr}"));
    assert_ne!(addr.port(), 0);
    let page = get(addr, "/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let info = get(addr, "/api/info").json();
    assert_eq!(info["listening"], format!("http://{}", l.addr));
    assert_eq!(info["keep"], 1000);
    assert!(
        info["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "automation")
    );
    assert_eq!(info["events"].as_array().unwrap().len(), 31);
}

#[test]
fn deliveries_are_listed_newest_last_filtered_and_shown_whole() {
    let (l, addr) = start(&[]);
    deliver(&l, SUBSCRIBE);
    deliver(&l, DEAL_UPDATE);
    deliver(
        &l,
        "type=unsubscribe&contact[email]=bob%40example.com&list=2",
    );
    let all = rows(addr, "", 3);
    let seqs: Vec<u64> = all.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(all[0]["kind"], "subscribe");
    assert_eq!(all[0]["status"], 200);
    assert_eq!(all[0]["method"], "POST");
    assert_eq!(all[0]["target"], "/hook");
    assert_eq!(all[2]["email"], "bob@example.com");
    assert_eq!(rows(addr, "?event=deal_update", 1)[0]["seq"], 2);
    assert_eq!(rows(addr, "?after=2", 1)[0]["seq"], 3);
    assert_eq!(rows(addr, "?q=bob%40example", 1)[0]["seq"], 3);
    assert_eq!(rows(addr, "?q=nobody-has-this", 0).len(), 0);

    let one = get(addr, "/api/deliveries/1").json();
    let pairs = one["pairs"].as_array().unwrap();
    let wire: Vec<(String, String)> = form_urlencoded::parse(SUBSCRIBE.trim_end().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(pairs.len(), wire.len());
    assert_eq!(pairs[0], json!([wire[0].0, wire[0].1]));
    assert_eq!(one["body_kind"], "form");
    assert_eq!(one["tree"]["type"], "subscribe");
    assert!(
        one["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h[1] == FORM)
    );
    let raw = base64_decode(one["body_base64"].as_str().unwrap());
    assert_eq!(raw, SUBSCRIBE.as_bytes());
    assert_eq!(one["answer"]["status"], 200);
    assert_eq!(one["field_names"], json!({}));

    assert_eq!(get(addr, "/api/deliveries/9").status, 404);
    assert_eq!(get(addr, "/api/deliveries/x").status, 400);
    assert_eq!(get(addr, "/api/deliveries?after=x").status, 400);
    assert_eq!(get(addr, "/api/nothing").status, 404);
    assert!(
        get(addr, "/api/deliveries/9").json()["error"]
            .as_str()
            .unwrap()
            .contains("#9")
    );
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

#[test]
fn tunnels_other_hosts_and_other_sites_are_refused() {
    let (_l, addr) = start(&[]);
    let own = format!("http://{addr}");
    let host = |h: &str| ask(addr, "GET", "/api/deliveries", &[("Host", h)], b"").status;
    assert_eq!(host("evil.example"), 403, "a DNS-rebinding name");
    assert_eq!(host(&format!("evil.example:{}", addr.port())), 403);
    assert_eq!(host(&format!("localhost:{}", addr.port())), 200);
    assert_eq!(host(&format!("127.0.0.1:{}", addr.port())), 200);
    for header in ["X-Forwarded-For", "Forwarded", "Cf-Connecting-Ip"] {
        let a = ask(addr, "GET", "/", &[(header, "203.0.113.9")], b"");
        assert_eq!(a.status, 403, "{header}");
    }
    for origin in ["http://evil.example", "null", "https://127.0.0.1"] {
        let a = ask(addr, "GET", "/api/deliveries", &[("Origin", origin)], b"");
        assert_eq!(a.status, 403, "{origin}");
    }
    let a = ask(addr, "GET", "/api/deliveries", &[("Origin", &own)], b"");
    assert_eq!(a.status, 200);
    let cross = [("Sec-Fetch-Site", "cross-site")];
    assert_eq!(ask(addr, "GET", "/api/deliveries", &cross, b"").status, 403);
    // A form another site can post without a preflight.
    let replay = "/api/deliveries/1/replay";
    for ct in [FORM, "text/plain", "multipart/form-data; boundary=x"] {
        let a = ask(addr, "POST", replay, &[("Content-Type", ct)], b"{}");
        assert_eq!(a.status, 415, "{ct}");
    }
    // A wrong method says which one is right; a path the inspector does not serve is 404.
    let wrong = get(addr, replay);
    assert_eq!((wrong.status, wrong.header("allow")), (405, Some("POST")));
    let json = [("Content-Type", "application/json")];
    let wrong = ask(addr, "POST", "/api/info", &json, b"{}");
    assert_eq!(
        (wrong.status, wrong.header("allow")),
        (405, Some("GET, HEAD"))
    );
    assert_eq!(
        ask(
            addr,
            "POST",
            "/nope",
            &[("Content-Type", "text/plain")],
            b"x"
        )
        .status,
        404
    );
    let pre = ask(
        addr,
        "OPTIONS",
        replay,
        &[("Origin", &own), ("Access-Control-Request-Method", "POST")],
        b"",
    );
    assert_eq!(pre.status, 405);
    let refused = ask(addr, "GET", "/", &[("Host", "evil.example")], b"");
    for a in [pre, get(addr, "/"), get(addr, "/api/info"), refused] {
        assert!(
            !a.headers
                .iter()
                .any(|(k, _)| k.starts_with("access-control-")),
            "{:?}",
            a.headers
        );
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
        assert!(
            a.header("content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
    }
}

#[test]
fn the_inspector_is_never_served_beyond_loopback() {
    let t = Test::new();
    let ran = t.run(&["listen", "--ui", "--ui-addr", "0.0.0.0:0"]);
    assert!(ran.fails(2).contains("loopback"), "{}", ran.err);
    let ran = t.run(&["listen", "--ui-addr", "127.0.0.1:0"]);
    assert!(ran.fails(2).contains("--ui"), "{}", ran.err);
    t.run(&["listen", "--ui", "--ui-keep", "0"]).fails(2);
}

/// An open `GET /api/stream`, read event by event.
struct Stream {
    r: BufReader<TcpStream>,
}

impl Stream {
    fn open(addr: SocketAddr, extra: &str) -> Stream {
        let mut s = TcpStream::connect_timeout(&addr, WAIT).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        let req = format!("GET /api/stream HTTP/1.1\r\nHost: {addr}\r\n{extra}\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut ct = String::new();
        loop {
            let mut h = String::new();
            r.read_line(&mut h).unwrap();
            if h.trim().is_empty() {
                break;
            }
            if h.to_ascii_lowercase().starts_with("content-type:") {
                ct = h;
            }
        }
        assert!(ct.contains("text/event-stream"), "{ct}");
        Stream { r }
    }

    /// The next SSE line that is not a chunk-size line or blank, within WAIT.
    fn line(&mut self) -> String {
        loop {
            let mut l = String::new();
            assert!(self.r.read_line(&mut l).unwrap() > 0, "stream closed");
            let l = l.trim_end().to_string();
            let chunk_size = !l.is_empty() && l.bytes().all(|b| b.is_ascii_hexdigit());
            if !l.is_empty() && !chunk_size {
                return l;
            }
        }
    }

    /// The next delivery event's id and summary, skipping heartbeats.
    fn delivery(&mut self) -> (u64, Value) {
        loop {
            let l = self.line();
            if let Some(id) = l.strip_prefix("id: ") {
                assert_eq!(self.line(), "event: delivery");
                let data = self.line();
                let data = data.strip_prefix("data: ").expect("data line");
                return (id.parse().unwrap(), serde_json::from_str(data).unwrap());
            }
        }
    }
}

#[test]
fn the_stream_pushes_each_delivery_at_once_and_catches_up() {
    let (l, addr) = start(&[]);
    let mut stream = Stream::open(addr, "");
    assert_eq!(stream.line(), "retry: 1000");
    assert_eq!(stream.line(), ": heartbeat");
    // Pushed, not polled: from the sender's answer to the event, each well under 100 ms.
    let mut took = Vec::new();
    for i in 1..=5u64 {
        post(l.addr, "/", FORM, SUBSCRIBE.as_bytes());
        let answered = Instant::now();
        let (id, summary) = stream.delivery();
        took.push(answered.elapsed());
        assert_eq!(id, i);
        assert_eq!(summary["seq"], i);
        assert_eq!(summary["kind"], "subscribe");
        assert_eq!(
            summary["duplicate_of"],
            if i == 1 { Value::Null } else { json!(1) }
        );
    }
    took.sort();
    assert!(
        took[2] < Duration::from_millis(100),
        "median {:?} of {took:?}",
        took[2]
    );
    // A page that reconnects says the last id it has, and gets what it missed first.
    let mut again = Stream::open(addr, "Last-Event-ID: 3\r\n");
    assert_eq!(again.delivery().0, 4);
    assert_eq!(again.delivery().0, 5);
    let mut from = Stream::open(addr, "");
    let _ = from.line();
    post(l.addr, "/", FORM, DEAL_UPDATE.as_bytes());
    assert_eq!(
        from.delivery().0,
        6,
        "a fresh stream starts with what comes next"
    );
}

#[test]
fn heartbeats_keep_coming_while_nothing_arrives() {
    let t = Test::new();
    let mut cmd = t.command();
    cmd.env("ACWH_UI_HEARTBEAT_MS", "50");
    cmd.args(["listen", "--port", "0", "--ui", "--ui-addr", "127.0.0.1:0"]);
    let child = crate::support::Child::spawn(cmd, crate::support::Stdout::Lines);
    child.first_line("listen");
    let line = child.stderr_with("Inspector on");
    let addr = line
        .strip_prefix("Inspector on http://")
        .unwrap()
        .parse()
        .unwrap();
    let mut stream = Stream::open(addr, "");
    let beats = (0..4).filter(|_| stream.line() == ": heartbeat").count();
    assert!(beats >= 3, "{beats}");
}

#[test]
fn replay_with_edits_sends_the_original_bytes_but_the_edited_pair() {
    let (l, addr) = start(&[]);
    let receiver = Listener::start(&["--json"]);
    deliver(&l, SUBSCRIBE);
    rows(addr, "", 1);
    let ask_json = |body: Value| {
        let json = [("Content-Type", "application/json")];
        ask(
            addr,
            "POST",
            "/api/deliveries/1/replay",
            &json,
            body.to_string().as_bytes(),
        )
    };
    let to = receiver.url();
    let a = ask_json(
        json!({"to": to, "set": {"contact[first_name]": "Zoë & co"}, "unset": ["contact[tags]"]}),
    );
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let answer = a.json();
    assert_eq!(answer["status"], 200);
    assert_eq!(answer["body_head"], "ok\n");
    assert!(answer["url"].as_str().unwrap().starts_with(&to));
    let got = String::from_utf8(body_of(&receiver.json())).unwrap();
    let expected: Vec<String> = SUBSCRIBE
        .trim_end()
        .split('&')
        .filter(|p| !p.starts_with("contact%5Btags%5D=") && !p.starts_with("contact[tags]="))
        .map(|p| {
            if p.starts_with("contact%5Bfirst_name%5D=") || p.starts_with("contact[first_name]=") {
                let key = p.split('=').next().unwrap();
                format!("{key}=Zo%C3%AB+%26+co")
            } else {
                p.to_string()
            }
        })
        .collect();
    assert_eq!(got, expected.join("&"));
    // Unedited, byte for byte.
    assert_eq!(ask_json(json!({"to": to})).status, 200);
    assert_eq!(body_of(&receiver.json()), SUBSCRIBE.as_bytes());
    // What cannot be done says why.
    let bad = ask_json(json!({"to": to, "unset": ["no_such_key"]}));
    assert_eq!(bad.status, 400);
    assert!(
        bad.json()["error"]
            .as_str()
            .unwrap()
            .contains("no_such_key")
    );
    assert_eq!(ask_json(json!({"to": "ftp://x/"})).status, 400);
    assert_eq!(ask_json(json!({"to": to, "set": {"a": 1}})).status, 400);
    let json = [("Content-Type", "application/json")];
    assert_eq!(
        ask(addr, "POST", "/api/deliveries/1/replay", &json, b"not json").status,
        400
    );
    let closed = format!("http://127.0.0.1:{}/", crate::support::closed_port());
    let down = ask_json(json!({"to": closed}));
    assert_eq!(down.status, 502);
    assert!(
        down.json()["error"]
            .as_str()
            .unwrap()
            .contains("could not reach")
    );
    let curl = get(addr, &format!("/api/deliveries/1/curl?to={to}"));
    let curl = String::from_utf8(curl.body).unwrap();
    assert!(curl.starts_with("printf '"), "{curl}");
    assert!(
        curl.contains(&format!("curl -sS -X 'POST' '{to}hook'")),
        "{curl}"
    );
}

#[test]
fn diff_har_and_ndjson_exports() {
    let (l, addr) = start(&[]);
    deliver(&l, DEAL_UPDATE);
    let won = DEAL_UPDATE.replace("deal%5Btitle%5D=deal1", "deal%5Btitle%5D=Won");
    assert_ne!(won, DEAL_UPDATE, "the vector names its deal");
    deliver(&l, &won);
    rows(addr, "", 2);
    let d = get(addr, "/api/diff?a=1&b=2").json();
    assert_eq!(d["a"], 1);
    let changed = d["changed"].as_array().unwrap();
    assert!(
        changed
            .iter()
            .any(|c| c["path"] == "deal[title]" && c["new"] == "Won"),
        "{d:#}"
    );
    assert!(!changed.iter().any(|c| c["path"] == "date_time"));
    assert_eq!(get(addr, "/api/diff?a=1").status, 400);
    assert_eq!(get(addr, "/api/diff?a=1&b=7").status, 404);

    let har = get(addr, "/api/export.har");
    assert!(
        har.header("content-disposition")
            .unwrap()
            .contains("acwh.har")
    );
    let har = har.json();
    assert_eq!(har["log"]["version"], "1.2");
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["request"]["method"], "POST");
    assert_eq!(
        entries[0]["request"]["url"],
        format!("http://{}/hook", l.addr)
    );
    assert_eq!(entries[0]["response"]["status"], 200);
    let one = get(addr, "/api/export.har?seq=2").json();
    assert_eq!(one["log"]["entries"].as_array().unwrap().len(), 1);
    // Repeated seq= counts every one; an export is in seq order, so a save file made of it
    // numbers on from its last line.
    let both = get(addr, "/api/export.har?seq=2&seq=1").json();
    let both = both["log"]["entries"].as_array().unwrap().clone();
    assert_eq!(both.len(), 2);
    assert_eq!(both[0]["_acwh"]["seq"], 1);
    let lines = get(addr, "/api/export.ndjson?seq=2,1,2").body;
    let seqs: Vec<u64> = String::from_utf8(lines)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["seq"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(seqs, [1, 2]);
    assert_eq!(get(addr, "/api/export.har?seq=1,x").status, 400);

    let nd = get(addr, "/api/export.ndjson");
    assert_eq!(nd.header("content-type"), Some("application/x-ndjson"));
    let t = Test::new();
    let file = t.path().join("export.ndjson");
    std::fs::write(&file, &nd.body).unwrap();
    let listed = t
        .run(&["captures", file.to_str().unwrap(), "--json"])
        .json();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(body_of(&listed[0]), DEAL_UPDATE.as_bytes());
}

#[test]
fn with_save_the_page_starts_with_what_the_file_holds() {
    let t = Test::new();
    let file = t.path().join("kept.jsonl");
    let file = file.to_str().unwrap();
    {
        let l = Listener::start(&["--json", "--save", file]);
        deliver(&l, SUBSCRIBE);
        deliver(&l, DEAL_UPDATE);
        l.line();
        l.line();
    }
    let (l, addr) = start(&["--save", file]);
    let before = rows(addr, "", 2);
    assert_eq!(before[1]["kind"], "deal_update");
    assert_eq!(before[1]["status"], 200);
    deliver(&l, SUBSCRIBE);
    let after = rows(addr, "", 3);
    assert_eq!(
        after[2]["seq"], 3,
        "the run goes on from the file's last seq"
    );
}

#[test]
fn ui_keep_bounds_what_is_kept() {
    let (l, addr) = start(&["--ui-keep", "2"]);
    for _ in 0..3 {
        deliver(&l, SUBSCRIBE);
    }
    let deadline = Instant::now() + WAIT;
    while get(addr, "/api/info").json()["last_seq"] != 3 {
        assert!(
            Instant::now() < deadline,
            "the third delivery never reached the inspector"
        );
        std::thread::yield_now();
    }
    let kept: Vec<Value> = rows(addr, "", 2).iter().map(|r| r["seq"].clone()).collect();
    assert_eq!(kept, [json!(2), json!(3)]);
    assert_eq!(get(addr, "/api/deliveries/1").status, 404);
}

#[test]
fn the_secret_token_never_reaches_the_inspector() {
    let secret = "tok-INSPECTOR-never-shown";
    let (l, addr) = start(&["--secret", secret]);
    let target = format!("/hook?token={secret}&x=1");
    assert_eq!(
        post(l.addr, &target, FORM, SUBSCRIBE.as_bytes()).status,
        200
    );
    rows(addr, "", 1);
    for path in [
        "/api/deliveries",
        "/api/deliveries/1",
        "/api/export.har",
        "/api/export.ndjson",
        "/api/deliveries/1/curl",
        "/api/info",
    ] {
        let a = get(addr, path);
        assert_eq!(a.status, 200, "{path}");
        assert!(!String::from_utf8_lossy(&a.body).contains(secret), "{path}");
    }
}
