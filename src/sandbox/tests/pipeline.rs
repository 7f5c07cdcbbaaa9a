//! What happens before an endpoint answers (credentials, rate limit, faults, body cap, the
//! request log) and the state file.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{KEY, TestClient, hook, start};
use crate::sandbox::{Fault, FaultKind, Handle, Logged, MAX_BODY, Options, Sandbox};

#[tokio::test]
async fn requests_need_the_api_token() {
    let handle = start();
    let c = TestClient::new(&handle);
    let forbidden = json!({"errors": [{"status": 403, "title": "Forbidden",
        "detail": "The API token is missing or invalid."}]});
    for key in [None, Some("wrong"), Some("")] {
        let (s, _, body) = c
            .send(reqwest::Method::GET, "/api/3/users/me", key, None)
            .await;
        assert_eq!((s, &body), (403, &forbidden), "{key:?}");
    }
    let (s, me) = c.get("/api/3/users/me").await;
    assert_eq!(s, 200);
    assert_eq!(me["user"]["username"], "sandbox");
    assert_eq!(me["user"]["id"], "1");
    assert_eq!(me["user"]["signature"], Value::Null);
    let tokens: Vec<_> = handle
        .sandbox()
        .requests()
        .into_iter()
        .map(|r| (r.api_token, r.status))
        .collect();
    assert_eq!(
        tokens,
        [
            (None, 403),
            (Some("wrong".into()), 403),
            (None, 403),
            (Some(KEY.into()), 200)
        ]
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let handle = start();
    let c = TestClient::new(&handle);
    // A fresh window now: ten requests over loopback take far less than a second.
    handle.sandbox().set_rate_limit(Some(3));
    let mut answers = Vec::new();
    for _ in 0..10 {
        answers.push(
            c.send(reqwest::Method::GET, "/api/3/users/me", Some(KEY), None)
                .await,
        );
    }
    assert!(answers[..3].iter().all(|(s, _, _)| *s == 200));
    let (s, headers, body) = answers
        .iter()
        .find(|(s, _, _)| *s == 429)
        .expect("some request is over the limit");
    assert_eq!(*s, 429);
    assert_eq!(
        headers.get("retry-after").and_then(|v| v.to_str().ok()),
        Some("1")
    );
    assert_eq!(body, &json!({"message": "Too Many Requests"}));

    handle.sandbox().set_rate_limit(None);
    assert_eq!(c.get("/api/3/users/me").await.0, 200);
}

#[tokio::test]
async fn status_faults_answer_then_run_out() {
    let handle = start();
    let c = TestClient::new(&handle);
    handle.sandbox().inject(Fault {
        method: Some("POST".into()),
        path_prefix: "/api/3/webhooks".into(),
        times: 2,
        kind: FaultKind::Status {
            status: 503,
            retry_after: Some(7),
            body: "{}".into(),
        },
    });
    assert_eq!(c.get("/api/3/webhooks").await.0, 200, "GET is not matched");
    for _ in 0..2 {
        let (s, headers, _) = c
            .send(
                reqwest::Method::POST,
                "/api/3/webhooks",
                None,
                Some(hook("A", "https://a.example")),
            )
            .await;
        assert_eq!(
            (s, headers.get("retry-after").and_then(|v| v.to_str().ok())),
            (503, Some("7"))
        );
    }
    assert_eq!(
        c.post("/api/3/webhooks", hook("A", "https://a.example"))
            .await
            .0,
        201
    );
    let statuses: Vec<_> = handle
        .sandbox()
        .requests()
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [200, 503, 503, 201]);
}

#[tokio::test]
async fn drop_fault_closes_without_an_answer() {
    let handle = start();
    let sandbox = handle.sandbox();
    sandbox.inject(Fault {
        method: None,
        path_prefix: "/api/3/users".into(),
        times: 2,
        kind: FaultKind::Drop,
    });
    // Raw: not one byte comes back before the close.
    let addr = handle.addr();
    let raw = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr)?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        s.write_all(b"GET /api/3/users/me HTTP/1.1\r\nHost: x\r\nApi-Token: test-key\r\n\r\n")?;
        let mut got = Vec::new();
        s.read_to_end(&mut got).map(|_| got)
    })
    .await
    .expect("joined");
    assert!(matches!(&raw, Ok(bytes) if bytes.is_empty()), "{raw:?}");

    // Through a client: an error, not a response.
    let c = TestClient::new(&handle);
    let err = c
        .http
        .get(format!("{}/api/3/users/me", c.base))
        .header("Api-Token", KEY)
        .send()
        .await
        .expect_err("no response");
    assert!(!err.is_timeout(), "{err:?}");
    assert_eq!(c.get("/api/3/users/me").await.0, 200);
    let statuses: Vec<_> = sandbox.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [0, 0, 200]);
}

#[tokio::test]
async fn delay_fault_waits_then_answers() {
    let handle = start();
    handle.sandbox().inject(Fault {
        method: Some("get".into()),
        path_prefix: "/api/3/lists".into(),
        times: 1,
        kind: FaultKind::Delay(Duration::from_millis(300)),
    });
    let c = TestClient::new(&handle);
    let t = Instant::now();
    assert_eq!(c.get("/api/3/lists").await.0, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    assert_eq!(c.get("/api/3/lists").await.0, 200);
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn oversized_bodies_get_413_and_the_log_is_streamed() {
    let handle = start();
    let mut log = handle.sandbox().subscribe_log();
    let c = TestClient::new(&handle);
    let resp = c
        .http
        .post(format!("{}/api/3/webhooks?x=1", c.base))
        .header("Api-Token", KEY)
        .body(vec![b' '; MAX_BODY + 1])
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status().as_u16(), 413);
    let line = tokio::time::timeout(Duration::from_secs(5), log.recv())
        .await
        .expect("in time")
        .expect("a line");
    assert_eq!(
        line,
        Logged {
            method: "POST".into(),
            path: "/api/3/webhooks?x=1".into(),
            api_token: Some(KEY.into()),
            status: 413
        }
    );
}

#[test]
fn state_file_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("state.json");
    let opts = |key: &str| Options {
        api_key: key.into(),
        state_file: Some(file.clone()),
        ..Options::default()
    };
    let first = Sandbox::new(opts("first")).expect("new");
    assert!(file.exists(), "the key is kept before any change");
    first.seed_webhooks(2);
    first.set_active(2, false);
    let hooks = first.webhooks();
    drop(first);

    let again = Sandbox::new(opts("second")).expect("reload");
    assert_eq!(again.api_key(), "first");
    assert_eq!(again.webhooks(), hooks);
    assert_eq!(
        (again.is_active(1), again.is_active(2), again.is_active(3)),
        (Some(true), Some(false), None)
    );
    again.seed_webhooks(1);
    assert_eq!(again.webhooks()[2]["id"], "3");
    assert_eq!(again.save_error(), None);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(leftovers, 1, "no temporary file stays behind");

    std::fs::write(&file, "{broken").expect("write");
    assert!(Sandbox::new(opts("x")).is_err());
}

#[test]
fn handle_serves_the_state_files_key_over_http() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.json");
    let opts = |key: &str| Options {
        api_key: key.into(),
        state_file: Some(file.clone()),
        ..Options::default()
    };
    let handle = Handle::start(opts("kept")).expect("start");
    assert!(handle.url().starts_with("http://127.0.0.1:"));
    drop(handle);
    let handle = Handle::start(opts("other")).expect("restart");
    let mut s = TcpStream::connect(handle.addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    s.write_all(
        b"GET /api/3/users/me HTTP/1.1\r\nHost: x\r\nApi-Token: kept\r\nConnection: close\r\n\r\n",
    )
    .expect("write");
    let mut got = String::new();
    s.read_to_string(&mut got).expect("read");
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(
        Sandbox::new(Options::default()).is_err(),
        "an empty key is refused"
    );
}
