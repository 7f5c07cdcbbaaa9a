//! `acwh listen` end to end: the real binary on a free loopback port, real HTTP clients.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Conn, DEAL_UPDATE, FORM, Listener, SUBSCRIBE, WAIT, peak_rss_kib, post};

#[test]
fn announces_the_real_port_first_with_hints() {
    let l = Listener::start(&[]);
    assert_ne!(l.addr.port(), 0);
    l.stderr_with("acwh trigger subscribe --to");
    let (code, rest) = l.stop();
    assert_eq!(code, Some(0));
    assert!(rest.contains("0 requests"), "{rest}");
}

#[test]
fn subscribe_vector_reads_as_a_tree() {
    let l = Listener::start(&[]);
    let r = post(l.addr, "/hooks/ac?token=a%20b", FORM, SUBSCRIBE.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"ok\n");
    assert!(
        r.headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/plain"))
    );
    let text = l.block();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("#1 "), "{first}");
    assert!(
        first.contains(" POST /hooks/ac?token=a b from 127.0.0.1:"),
        "{first}"
    );
    assert!(
        first.ends_with(&format!(" {} B", SUBSCRIBE.len())),
        "{first}"
    );
    assert!(
        text.contains("subscribe · Contact added  jane@example.com  list 1\n"),
        "{text}"
    );
    assert!(text.contains(
        "  contact\n    id                  10\n    email               jane@example.com\n"
    ));
    assert!(text.contains("date_time             2017-11-24T08:50:26-06:00"));
    assert!(text.contains("\n  <- 200 OK  "), "{text}");
    assert!(!text.contains('%'), "percent-encoding leaked: {text}");
}

#[test]
fn json_mode_has_every_field_and_numeric_keys_stay_keys() {
    let l = Listener::start(&["--json"]);
    post(l.addr, "/x?token=t&a=1", FORM, DEAL_UPDATE.as_bytes());
    let v = l.json();
    assert_eq!(v["seq"], 1);
    assert_eq!(v["method"], "POST");
    assert_eq!(v["path"], "/x");
    assert_eq!(v["query"], serde_json::json!([["token", "t"], ["a", "1"]]));
    assert_eq!(v["event"], "deal_update");
    assert_eq!(v["content_type"], FORM);
    assert_eq!(v["size"], DEAL_UPDATE.len());
    assert_eq!(v["body"], DEAL_UPDATE);
    assert!(v["body_base64"].is_null());
    assert!(v["duplicate_of"].is_null());
    assert!(v["remote_addr"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert!(chrono::DateTime::parse_from_rfc3339(v["received_at"].as_str().unwrap()).is_ok());
    assert!(
        v["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h[0] == "content-type")
    );
    let f = &v["fields"];
    assert_eq!(f["deal"]["currency_symbol"], "$");
    assert_eq!(f["deal"]["value"], "1,044,055.00");
    let updated: Vec<&String> = f["updated_fields"].as_object().unwrap().keys().collect();
    assert_eq!(updated, ["0", "1", "2", "3", "4"]);
    assert_eq!(f["contact"]["fields"]["2"], "field2");
    assert_eq!(v["form"][0], serde_json::json!(["type", "deal_update"]));
}

#[test]
fn duplicates_are_marked_with_the_first_seq() {
    let l = Listener::start(&["--json"]);
    for _ in 0..2 {
        post(l.addr, "/", FORM, SUBSCRIBE.as_bytes());
    }
    post(l.addr, "/", FORM, b"type=update");
    let seqs: Vec<Value> = (0..3).map(|_| l.json()).collect();
    assert_eq!(seqs[0]["duplicate_of"], Value::Null);
    assert_eq!(seqs[1]["duplicate_of"], 1);
    assert_eq!(seqs[2]["duplicate_of"], Value::Null);
    let (_, rest) = l.stop();
    assert!(
        rest.contains("3 requests (subscribe 2, update 1); 1 duplicate"),
        "{rest}"
    );
}

#[test]
fn every_body_kind_is_shown() {
    let l = Listener::start(&[]);
    post(
        l.addr,
        "/j",
        "application/json",
        br#"{"type":"x","n":[1,2]}"#,
    );
    let t = l.block();
    assert!(
        t.contains("  {\n    \"type\": \"x\",") || t.contains("\"type\": \"x\""),
        "{t}"
    );

    let mp = b"--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--B--\r\n";
    post(l.addr, "/m", "multipart/form-data; boundary=B", mp);
    let t = l.block();
    assert!(t.contains("part note  5 B") && t.contains("hello"), "{t}");
    assert!(t.contains("part f  filename a.png  image/png  4 B"), "{t}");

    post(l.addr, "/t", "text/plain", b"just text");
    assert!(l.block().contains("    just text"));

    post(
        l.addr,
        "/b",
        "application/octet-stream",
        &[0xff, 0xfe, b'a', 0],
    );
    let t = l.block();
    assert!(
        t.contains("not UTF-8") && t.contains("\\xff\\xfea\\x00"),
        "{t}"
    );

    post(l.addr, "/f", FORM, b"a=%zz&b=%FF");
    let t = l.block();
    assert!(
        t.contains("malformed percent-encoding kept as written"),
        "{t}"
    );
    assert!(t.contains("not valid UTF-8"), "{t}");

    let r = Conn::open(l.addr).request("GET", "/empty?x=1", &[], b"");
    assert_eq!(r.status, 200);
    let t = l.block();
    assert!(
        t.contains("GET /empty?x=1") && t.contains("(no body)"),
        "{t}"
    );
}

#[test]
fn non_utf8_bodies_go_to_base64_in_json() {
    let l = Listener::start(&["--json"]);
    post(l.addr, "/", "application/octet-stream", &[0xff, 0x00]);
    let v = l.json();
    assert!(v["body"].is_null());
    assert_eq!(v["body_base64"], "/wA=");
}

#[test]
fn headers_flag_prints_headers() {
    let l = Listener::start(&["-v"]);
    Conn::open(l.addr).request("POST", "/", &[("X-Probe", "yes")], b"a=1");
    let t = l.block();
    assert!(t.contains("x-probe: yes"), "{t}");
}

#[test]
fn raw_prints_the_body_byte_for_byte() {
    let l = Listener::start(&["--raw"]);
    post(l.addr, "/", FORM, SUBSCRIBE.as_bytes());
    // A second body of one newline ends the line the test reader waits for: nothing else
    // may stand between the two bodies.
    post(l.addr, "/", "text/plain", b"\n");
    let got = l.raw_bytes(SUBSCRIBE.len());
    assert_eq!(got, format!("{SUBSCRIBE}\n").as_bytes());
}

#[test]
fn count_exits_zero_after_n() {
    let mut l = Listener::start(&["--count", "2", "--json"]);
    post(l.addr, "/", FORM, b"a=1");
    post(l.addr, "/", FORM, b"a=2");
    assert_eq!(l.wait_exit(), Some(0));
    assert_eq!(l.json()["seq"], 1);
    assert_eq!(l.json()["seq"], 2);
}

#[test]
fn timeout_exits_one_when_nothing_came() {
    let started = Instant::now();
    let mut l = Listener::start(&["--timeout", "500ms"]);
    assert_eq!(l.wait_exit(), Some(1));
    assert!(started.elapsed() < WAIT);
    let rest = l.stderr_rest();
    assert!(
        rest.contains("timed out after") && rest.contains("0 of 1"),
        "{rest}"
    );
}

#[test]
fn timeout_exits_zero_when_enough_came() {
    let mut l = Listener::start(&["--timeout", "1s"]);
    post(l.addr, "/", FORM, b"a=1");
    assert_eq!(l.wait_exit(), Some(0));
}

#[test]
fn event_filter_prints_only_those_but_answers_all() {
    let l = Listener::start(&["--json", "--event", "update"]);
    assert_eq!(post(l.addr, "/", FORM, SUBSCRIBE.as_bytes()).status, 200);
    assert_eq!(post(l.addr, "/", FORM, b"type=update&x=1").status, 200);
    let v = l.json();
    assert_eq!(v["event"], "update");
    assert_eq!(v["seq"], 2);
    let (_, rest) = l.stop();
    assert!(rest.contains("1 not printed (--event)"), "{rest}");
}

#[test]
fn secret_rejects_requests_without_the_token() {
    let l = Listener::start(&["--json", "--secret", "s3cret"]);
    let r = post(l.addr, "/?token=wrong", FORM, b"a=1");
    assert_eq!(r.status, 401);
    let note = l.stderr_with("rejected POST /");
    assert!(note.ends_with("  <- 401 Unauthorized"), "{note}");
    assert_eq!(post(l.addr, "/?token=s3cret", FORM, b"a=2").status, 200);
    assert_eq!(l.json()["body"], "a=2");
}

#[test]
fn status_overrides_the_answer_and_410_warns() {
    let l = Listener::start(&["--status", "503"]);
    assert_eq!(post(l.addr, "/", FORM, b"a=1").status, 503);
    let l = Listener::start(&["--status", "410"]);
    l.stderr_with("deactivates");
    assert_eq!(post(l.addr, "/", FORM, b"a=1").status, 410);
}

#[test]
fn over_max_body_gets_413_and_the_listener_carries_on() {
    let l = Listener::start(&["--json", "--max-body", "1KiB"]);
    let big = vec![b'a'; 4096];
    assert_eq!(post(l.addr, "/", FORM, &big).status, 413);
    let note = l.stderr_with("413");
    assert!(
        note.ends_with("is over --max-body  <- 413 Payload Too Large"),
        "{note}"
    );
    // The same connection is still usable after a drained 413.
    let mut c = Conn::open(l.addr);
    assert_eq!(c.request("POST", "/", &[], &big).status, 413);
    assert_eq!(c.request("POST", "/", &[], b"a=1").status, 200);
    assert_eq!(l.json()["body"], "a=1");
}

#[test]
fn chunked_body_over_the_cap_gets_413() {
    let l = Listener::start(&["--max-body", "1KiB"]);
    let mut c = Conn::open(l.addr);
    let mut req = b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..4 {
        req.extend_from_slice(b"400\r\n");
        req.extend_from_slice(&[b'x'; 0x400]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    c.send_raw(&req);
    assert_eq!(c.response().status, 413);
}

#[test]
fn a_100_mb_body_is_refused_without_buffering_it() {
    let l = Listener::start(&[]);
    let mut s = TcpStream::connect(l.addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let total = 100 * 1024 * 1024;
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: {total}\r\n\r\n"
    )
    .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    // The server answers early and drains up to its bound, then closes; stop at the first
    // write error.
    while sent < total && s.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    let mut head = String::new();
    BufReader::new(&s).read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    let rss = peak_rss_kib(l.child_id());
    assert!(rss < 60 * 1024, "peak RSS {rss} KiB");
    assert_eq!(post(l.addr, "/", FORM, b"a=1").status, 200);
    l.block();
}

#[test]
fn chunked_http10_and_expect_continue_get_200() {
    let l = Listener::start(&["--json"]);
    let mut c = Conn::open(l.addr);
    c.send_raw(
        b"POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n",
    );
    assert_eq!(c.response().status, 200);
    assert_eq!(l.json()["body"], "a=1");

    let mut s = TcpStream::connect(l.addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"POST /old HTTP/1.0\r\nContent-Length: 3\r\n\r\nb=2")
        .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(
        resp.starts_with("HTTP/1.0 200") || resp.starts_with("HTTP/1.1 200"),
        "{resp}"
    );
    assert_eq!(l.json()["body"], "b=2");

    let mut c = Conn::open(l.addr);
    c.send_raw(b"POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    let interim = c.response();
    assert_eq!(interim.status, 100);
    c.send_raw(b"c=3");
    assert_eq!(c.response().status, 200);
    assert_eq!(l.json()["body"], "c=3");
}

#[test]
fn malformed_request_gets_400_and_the_listener_carries_on() {
    let l = Listener::start(&[]);
    let mut s = TcpStream::connect(l.addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"THIS IS NOT HTTP\r\n\r\n").unwrap();
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    assert!(resp.starts_with("HTTP/1.1 400"), "{resp:?}");
    assert_eq!(post(l.addr, "/", FORM, b"a=1").status, 200);
}

#[test]
fn two_thousand_requests_from_twenty_clients_print_once_each() {
    let l = Listener::start(&["--json"]);
    let addr = l.addr;
    let clients: Vec<_> = (0..20)
        .map(|c| {
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr);
                for i in 0..100 {
                    let body = format!("type=subscribe&client={c}&i={i}");
                    let r = conn.request("POST", "/", &[("Content-Type", FORM)], body.as_bytes());
                    assert_eq!(r.status, 200);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let mut seqs = HashSet::new();
    let mut bodies = HashSet::new();
    for _ in 0..2000 {
        let v = l.json();
        assert!(seqs.insert(v["seq"].as_u64().unwrap()));
        assert!(bodies.insert(v["body"].as_str().unwrap().to_string()));
    }
    assert_eq!(seqs.len(), 2000);
    assert_eq!(*seqs.iter().max().unwrap(), 2000);
    assert!(l.no_line_within(Duration::from_millis(100)));
}

/// The burst that hangs tiny_http 0.12 (why the listener is built on hyper): 40 keep-alive
/// clients connect at once, each POSTs once and keeps its connection open; every one must be
/// answered within 2 s, in each of several trials.
#[test]
fn burst_of_keep_alive_clients_all_answered() {
    let l = Listener::start(&["--json"]);
    let addr = l.addr;
    for _trial in 0..3 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(40));
        let clients: Vec<_> = (0..40)
            .map(|i| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut c = Conn::open(addr);
                    barrier.wait();
                    let started = Instant::now();
                    let r = c.request(
                        "POST",
                        "/",
                        &[("Content-Type", FORM)],
                        format!("i={i}").as_bytes(),
                    );
                    (r.status, started.elapsed(), c)
                })
            })
            .collect();
        let results: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        for (status, took, _conn) in &results {
            assert_eq!(*status, 200);
            assert!(*took < Duration::from_secs(2), "answered after {took:?}");
        }
        for _ in 0..40 {
            l.json();
        }
    }
}

#[test]
fn slow_clients_and_held_connections_do_not_block_others() {
    let l = Listener::start(&[]);
    // A slowloris: a body of 2 KiB announced, a byte at a time.
    let mut slow = TcpStream::connect(l.addr).unwrap();
    slow.write_all(b"POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 2048\r\n\r\na")
        .unwrap();
    // 500 idle connections held open.
    let held: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(l.addr).unwrap())
        .collect();
    let started = Instant::now();
    let r = post(l.addr, "/fast", FORM, b"a=1");
    assert_eq!(r.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(l.block().contains("/fast"));
    slow.write_all(b"b").unwrap();
    drop(held);
}

#[test]
fn piped_output_has_no_colour_but_always_does() {
    let l = Listener::start(&["--color", "auto"]);
    post(l.addr, "/", FORM, SUBSCRIBE.as_bytes());
    assert!(!l.block().contains('\u{1b}'));
    let l = Listener::start(&["--color", "always"]);
    post(l.addr, "/", FORM, SUBSCRIBE.as_bytes());
    assert!(l.block().contains('\u{1b}'));
}

#[test]
fn sigterm_prints_the_summary_and_exits_zero() {
    let l = Listener::start(&["--json", "--secret", "k"]);
    post(l.addr, "/?token=k", FORM, SUBSCRIBE.as_bytes());
    post(l.addr, "/", FORM, SUBSCRIBE.as_bytes());
    l.json();
    let (code, rest) = l.stop();
    assert_eq!(code, Some(0));
    assert!(
        rest.contains("1 request (subscribe 1); 1 rejected (--secret)"),
        "{rest}"
    );
}

#[test]
fn non_loopback_host_warns() {
    let l = Listener::start(&["--host", "0.0.0.0"]);
    l.stderr_with("reachable from other machines");
}

/// A huge value is cut with a note saying how much was left out and how to see it all;
/// `--full` prints it whole, and a long text body likewise.
#[test]
fn huge_values_are_cut_with_a_note_unless_full() {
    let value = "x".repeat(40 * 1024);
    let body = format!("type=update&contact[note]={value}&list=1");
    let cut = Listener::start(&["--color", "never"]);
    assert_eq!(post(cut.addr, "/", FORM, body.as_bytes()).status, 200);
    // The value wraps under its column: without the layout's white space, it ends with the
    // note.
    let shown: String = cut.block().split_whitespace().collect();
    let note: usize = shown
        .split("…(")
        .nth(1)
        .and_then(|rest| rest.split("morebytesnotshown;--fullshowsall)").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no note in {shown}"));
    let xs = shown.bytes().filter(|b| *b == b'x').count();
    assert_eq!(xs + note, value.len(), "the note counts what was left out");
    assert!(xs >= 16 * 1024 - 64, "{xs} bytes of the value shown");
    let full = Listener::start(&["--color", "never", "--full"]);
    assert_eq!(post(full.addr, "/", FORM, body.as_bytes()).status, 200);
    let shown = full.block();
    let xs = shown.bytes().filter(|b| *b == b'x').count();
    assert_eq!(xs, value.len(), "every byte of the value is printed");
    assert!(!shown.contains("not shown"), "{shown}");
    let text = "word ".repeat(2000);
    assert_eq!(
        post(cut.addr, "/", "text/plain", text.as_bytes()).status,
        200
    );
    assert!(cut.block().contains("more characters (--full shows all)"));
    assert_eq!(
        post(full.addr, "/", "text/plain", text.as_bytes()).status,
        200
    );
    assert!(!full.block().contains("more characters"));
}
