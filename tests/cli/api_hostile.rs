//! Hostile answers from a fake AC: truncated JSON, HTML error pages, a 200 of the wrong shape,
//! a hanging response, a 429 storm and redirects. Each run must end with a clear message on
//! stderr and the right exit code, well within its timeout, and never print the key (`run`
//! checks the last two for every run).

use std::time::{Duration, Instant};

use acwh::sandbox::{FaultKind, Handle};

use crate::support::{
    FORM, Listener, Ran, SECRET_KEY, Test, exec, inject, post, sandbox, says, status, statuses,
};

/// Every run here must finish well within this, retries included.
const BOUND: Duration = Duration::from_secs(10);

const HTML: &str = "<html><head><title>502 Bad Gateway</title></head>\
    <body><h1>Bad Gateway</h1><p>nginx</p></body></html>";

/// Runs `acwh LINE` against `h`; asserts it finished within [`BOUND`] and printed no key.
fn run(h: &Handle, line: &str) -> Ran {
    let t = Test::new();
    let args: Vec<&str> = line.split_whitespace().collect();
    let r = exec(t.api(&h.url()), &args);
    assert!(r.took < BOUND, "{line}: took {:?}\n{}", r.took, r.err);
    let leaked = r.out.contains(SECRET_KEY) || r.err.contains(SECRET_KEY);
    assert!(!leaked, "{line} printed the key:\n{}\n{}", r.out, r.err);
    r
}

fn redirect(status: u16, location: &str) -> FaultKind {
    FaultKind::Redirect {
        status,
        location: location.into(),
    }
}

#[test]
fn truncated_json_on_a_200_exits_1_saying_it_is_not_json() {
    let h = sandbox();
    inject(&h, "GET", 1, status(200, None, r#"{"webhooks":[{"id":"1""#));
    let r = run(&h, "list");
    says(r.fails(1), &["unexpected answer from AC", "is not JSON"]);
    assert!(r.out.is_empty(), "{}", r.out);
    assert_eq!(statuses(&h), [200], "a bad 200 is not retried");
}

#[test]
fn html_502_page_is_retried_then_exits_5_without_dumping_the_page() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    inject(&h, "GET", 9, status(502, None, HTML));
    let r = run(&h, "show 1");
    let err = r.fails(5);
    says(err, &["502", "an HTML page instead of JSON", "retrying"]);
    assert!(!err.contains("<html") && !err.contains("nginx"), "{err}");
    assert_eq!(statuses(&h), [502; 5], "five tries in all");
}

#[test]
fn html_page_on_a_200_exits_1_without_dumping_the_page() {
    let h = sandbox();
    inject(&h, "GET", 1, status(200, None, HTML));
    let r = run(&h, "list");
    let err = r.fails(1);
    says(err, &["is not JSON", &format!("{} bytes", HTML.len())]);
    assert!(!err.contains("<html") && !err.contains("nginx"), "{err}");
}

#[test]
fn a_200_of_the_wrong_shape_exits_1_naming_what_is_missing() {
    let h = sandbox();
    h.sandbox().seed_webhooks(1);
    for (line, missing) in [
        ("list", "no 'webhooks' array"),
        ("show 1", "no 'webhook' object"),
        ("whoami", "no 'user' object"),
    ] {
        inject(&h, "GET", 1, status(200, None, r#"{"foo":1}"#));
        let r = run(&h, line);
        says(r.fails(1), &["unexpected answer from AC", missing]);
        assert!(r.out.is_empty(), "{line}: {}", r.out);
    }
    assert_eq!(statuses(&h), [200; 3]);
}

#[test]
fn a_hanging_answer_ends_at_the_http_timeout_with_exit_1() {
    let h = sandbox();
    inject(&h, "GET", 1, FaultKind::Delay(Duration::from_secs(8)));
    let r = run(&h, "--http-timeout 1s list");
    says(r.fails(1), &["did not answer within 1s", "--http-timeout"]);
    assert!(r.took < Duration::from_secs(3), "took {:?}", r.took);
    assert_eq!(h.sandbox().requests().len(), 1, "a timeout is not retried");
}

#[test]
fn a_429_storm_gives_up_after_five_tries_with_exit_4() {
    let h = sandbox();
    let body = r#"{"message":"Too Many Requests"}"#;
    inject(&h, "GET", 50, status(429, Some(0), body));
    let r = run(&h, "list");
    let err = r.fails(4);
    says(err, &["429", "Too Many Requests"]);
    let notices = err.matches("rate limit was reached").count();
    assert_eq!(notices, 4, "one notice per retry:\n{err}");
    assert_eq!(statuses(&h), [429; 5]);

    // Retry-After: 1 is honoured between tries, and the whole run stays bounded.
    let h = sandbox();
    inject(&h, "POST", 50, status(429, Some(1), body));
    let line = "create -e subscribe -s api --url https://example.com/hooks/ac";
    let r = run(&h, line);
    says(r.fails(4), &["429", "waiting 1s"]);
    assert!(r.took >= Duration::from_secs(4), "took {:?}", r.took);
    assert_eq!(statuses(&h), [429; 5]);
    assert!(h.sandbox().webhooks().is_empty());
}

#[test]
fn a_redirect_to_another_host_is_not_followed_and_never_reaches_it() {
    let h = sandbox();
    let l = Listener::start(&["--json"]);
    let elsewhere = format!("{}steal?from=acwh", l.url());
    for code in [301, 302, 303, 307, 308] {
        inject(&h, "GET", 1, redirect(code, &elsewhere));
        let r = run(&h, "list");
        let err = r.fails(1);
        let answered = format!("AC answered {code} redirecting to {elsewhere}");
        says(err, &[&answered, "not followed", "hint:"]);
    }
    // A POST (which would carry a body) is not sent on either.
    let create = "create -e subscribe -s api --url https://example.com/hooks/ac";
    inject(&h, "POST", 1, redirect(307, &elsewhere));
    says(
        run(&h, create).fails(1),
        &["AC answered 307", "not followed"],
    );
    assert!(h.sandbox().webhooks().is_empty());

    // Each command has exited; the first request the listener prints must be this one.
    post(l.addr, "/marker", FORM, b"type=subscribe");
    let first = l.json();
    assert_eq!(
        first["path"], "/marker",
        "the listener was reached: {first}"
    );
    let headers = first["headers"].to_string();
    assert!(
        !headers.to_ascii_lowercase().contains("api-token"),
        "{headers}"
    );
    assert!(!headers.contains(SECRET_KEY), "{headers}");
    assert_eq!(statuses(&h), [301, 302, 303, 307, 308, 307]);
}

#[test]
fn a_redirect_within_the_same_origin_is_followed_with_the_key() {
    let h = sandbox();
    h.sandbox().seed_webhooks(2);
    let same = format!("{}/api/3/webhooks?limit=100&offset=0", h.url());
    inject(&h, "GET", 1, redirect(302, &same));
    let t = Test::new();
    let start = Instant::now();
    let o = t.api(&h.url()).args(["list", "-q"]).output().unwrap();
    assert!(start.elapsed() < BOUND);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(out, "1\n2\n");
    assert!(!out.contains(SECRET_KEY) && !err.contains(SECRET_KEY));
    let log = h.sandbox().requests();
    let seen: Vec<_> = log.iter().map(|r| (r.status, r.path.as_str())).collect();
    assert_eq!(seen[0].0, 302);
    assert_eq!(seen[1], (200, "/api/3/webhooks?limit=100&offset=0"));
    assert!(
        log.iter()
            .all(|r| r.api_token.as_deref() == Some(SECRET_KEY))
    );
}

#[test]
fn a_same_origin_redirect_loop_ends_with_exit_1() {
    let h = sandbox();
    let same = format!("{}/api/3/users/me", h.url());
    inject(&h, "GET", 50, redirect(302, &same));
    let r = run(&h, "whoami");
    says(r.fails(1), &["AC answered 302", "not followed"]);
    assert_eq!(
        statuses(&h),
        [302; 5],
        "five requests in all, as with retries"
    );
}

/// A fake AC on loopback that answers the first request with `head` and then streams a
/// JSON-looking body until acwh hangs up or 64 MiB have gone out. Returns its address and
/// a handle that yields how many body bytes it managed to send.
fn flood(head: &'static str) -> (String, std::thread::JoinHandle<usize>) {
    use std::io::{BufRead, BufReader, Write};
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", server.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = server.accept().unwrap();
        stream.set_write_timeout(Some(BOUND)).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut out = stream;
        let chunked = head.contains("chunked");
        let piece = vec![b' '; 64 * 1024];
        let mut framed = format!("{:x}\r\n", piece.len()).into_bytes();
        framed.extend_from_slice(&piece);
        framed.extend_from_slice(b"\r\n");
        let mut sent = 0;
        if out.write_all(head.as_bytes()).is_err() {
            return sent;
        }
        while sent < 64 << 20 {
            let bytes = if chunked { &framed } else { &piece };
            if out.write_all(bytes).is_err() {
                break;
            }
            sent += piece.len();
        }
        sent
    });
    (url, handle)
}

/// Runs `acwh list` against `url`; returns the run and the bytes the server sent.
fn list_against(url: &str, server: std::thread::JoinHandle<usize>) -> (Ran, usize) {
    let t = Test::new();
    let r = exec(t.api(url), &["list"]);
    assert!(r.took < BOUND, "took {:?}\n{}", r.took, r.err);
    assert!(!r.err.contains(SECRET_KEY) && !r.out.contains(SECRET_KEY));
    (r, server.join().unwrap())
}

#[test]
fn an_endless_chunked_answer_is_cut_off_at_32_mib() {
    let (url, server) = flood(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    let (r, sent) = list_against(&url, server);
    says(r.fails(1), &["larger than 32 MiB"]);
    assert!(r.out.is_empty(), "{}", r.out);
    // acwh stopped reading at the cap: the rest never left the server (socket buffers aside).
    assert!(sent < 48 << 20, "the server sent {sent} bytes");
}

#[test]
fn a_huge_content_length_is_refused_before_reading() {
    let (url, server) = flood(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n",
    );
    let (r, sent) = list_against(&url, server);
    says(r.fails(1), &["larger than 32 MiB"]);
    assert!(sent < 16 << 20, "the server sent {sent} bytes");
}
