//! Hostile input, and no loss under load. After every hostile request the listener must
//! still answer a normal one.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

use crate::support::{Conn, FORM, Listener, Test, WAIT, body_of, post};

fn still_answers(l: &Listener) {
    assert_eq!(post(l.addr, "/after", FORM, b"type=subscribe").status, 200);
}

/// Sends raw bytes and returns whatever comes back before the server closes or goes quiet.
fn raw_exchange(l: &Listener, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(l.addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let _ = s.write_all(bytes);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

#[test]
fn malformed_request_lines_get_400() {
    let l = Listener::start(&[]);
    for bad in [
        &b"GET\r\n\r\n"[..],
        b"POST / HTTP/9.9\r\n\r\n",
        b"\x00\x01\x02\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
    ] {
        let resp = raw_exchange(&l, bad);
        assert!(
            resp.starts_with("HTTP/1.1 400") || resp.starts_with("HTTP/1.1 505") || resp.is_empty(),
            "{bad:?} -> {resp:?}"
        );
        still_answers(&l);
    }
}

#[test]
fn sixty_four_kilobytes_of_headers_are_refused_cleanly() {
    let l = Listener::start(&[]);
    let mut req = b"POST / HTTP/1.1\r\nHost: t\r\n".to_vec();
    for i in 0..1024 {
        req.extend_from_slice(format!("X-Pad-{i:04}: {}\r\n", "a".repeat(56)).as_bytes());
    }
    req.extend_from_slice(b"Content-Length: 0\r\n\r\n");
    assert!(req.len() > 64 * 1024);
    let resp = raw_exchange(&l, &req);
    assert!(resp.starts_with("HTTP/1.1 431"), "{resp:?}");
    still_answers(&l);
}

#[test]
fn non_utf8_bytes_in_path_and_body() {
    let l = Listener::start(&["--json"]);
    let resp = raw_exchange(
        &l,
        b"POST /caf\xe9?x=%FF HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\nConnection: close\r\n\r\na=\xff\xfe!",
    );
    if resp.starts_with("HTTP/1.1 200") {
        let v = l.json();
        assert!(v["body"].is_null());
        assert_eq!(v["body_base64"], "YT3//iE=");
    } else {
        assert!(resp.starts_with("HTTP/1.1 400"), "{resp:?}");
    }
    // Percent-encoded invalid UTF-8 in the path is fine HTTP and must be caught.
    post(l.addr, "/caf%E9?x=%FF", FORM, b"a=%FF");
    let v = l.json();
    assert_eq!(v["path"], "/caf%E9");
    assert_eq!(v["query"][0][1], "\u{fffd}");
    still_answers(&l);
}

#[test]
fn a_client_that_sends_a_short_body_then_leaves_is_not_printed() {
    let l = Listener::start(&["--json"]);
    let mut s = TcpStream::connect(l.addr).unwrap();
    s.write_all(b"POST /short HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly a little")
        .unwrap();
    drop(s);
    l.stderr_with("could not be read");
    post(l.addr, "/after", FORM, b"a=1");
    let v = l.json();
    assert_eq!(v["path"], "/after");
}

fn digest(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// 5,000 requests over 50 connections: every request answered 200 appears exactly once in
/// the save file and in `--json`, with a byte-identical body (compared by hash). Stdout is
/// a pipe: the printer runs on a thread of its own.
#[test]
fn no_loss_under_load() {
    no_loss(false);
}

/// The same with stdout a regular file, which nothing can stall: the printer then runs
/// beside the handlers, on the catcher's runtime.
#[test]
fn no_loss_under_load_into_a_file() {
    no_loss(true);
}

fn no_loss(into_file: bool) {
    let t = Test::new();
    let file = t.path().join("load.jsonl");
    let out = t.path().join("out.ndjson");
    let args = ["--json", "--save", file.to_str().unwrap()];
    let l = if into_file {
        Listener::start_into(&args, &out)
    } else {
        Listener::start(&args)
    };
    let addr = l.addr;
    let mut l = Some(l);
    let count = |lines: &mut dyn Iterator<Item = Value>| {
        let mut seen = HashMap::new();
        for v in lines {
            *seen.entry(digest(&body_of(&v))).or_insert(0u32) += 1;
        }
        seen
    };
    let reader = (!into_file).then(|| {
        let l = l.take().unwrap();
        std::thread::spawn(move || {
            let printed = count(&mut (0..5000).map(|_| l.json()));
            (printed, l)
        })
    });
    let clients: Vec<_> = (0..50)
        .map(|c| {
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr);
                (0..100)
                    .map(|i| {
                        let body = format!(
                            "type=update&contact%5Bid%5D={c}&i={i}&pad={}",
                            "x".repeat(400)
                        );
                        let r = conn.request(
                            "POST",
                            "/load",
                            &[("Content-Type", FORM)],
                            body.as_bytes(),
                        );
                        assert_eq!(r.status, 200);
                        digest(body.as_bytes())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let answered: Vec<u64> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert_eq!(answered.len(), 5000);
    let lines_of = |path: &std::path::Path| -> Vec<Value> {
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let printed = match reader {
        Some(reader) => reader.join().unwrap().0,
        None => {
            let (code, log) = l.take().unwrap().stop();
            assert_eq!(code, Some(0), "{log}");
            count(&mut lines_of(&out).into_iter())
        }
    };
    let saved = count(&mut lines_of(&file).into_iter());
    for d in &answered {
        assert_eq!(printed.get(d), Some(&1), "printed count");
        assert_eq!(saved.get(d), Some(&1), "saved count");
    }
    assert_eq!(saved.values().sum::<u32>(), 5000);
    assert_eq!(printed.values().sum::<u32>(), 5000);
}
