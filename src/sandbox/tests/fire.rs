//! The fire endpoint over loopback: its contract (credentials, 422, 405, 404, no rate limit)
//! and deliveries, with a second sandbox as the receiver (it answers a delivery 403, or
//! whatever fault is injected into it).

use serde_json::{Value, json};

use super::{KEY, TestClient, start};
use crate::sandbox::{Fault, FaultKind, Handle};

fn receiver_hook(receiver: &Handle, path: &str, events: &[&str], listid: u64) -> Value {
    json!({"webhook": {
        "name": path, "url": format!("{}{path}", receiver.url()), "events": events,
        "sources": ["public"], "listid": listid,
    }})
}

#[tokio::test]
async fn fire_needs_the_key_a_known_event_and_post() {
    let handle = start();
    let c = TestClient::new(&handle);
    let (s, _, _) = c
        .send(
            reqwest::Method::POST,
            "/_sandbox/fire",
            None,
            Some(json!({"event": "subscribe"})),
        )
        .await;
    assert_eq!(s, 403);
    let (s, body) = c.post("/_sandbox/fire", json!({"event": "subscrbe"})).await;
    assert_eq!(s, 422);
    assert_eq!(
        body["errors"][0]["source"]["pointer"],
        "/data/attributes/event"
    );
    assert!(
        body["errors"][0]["title"]
            .as_str()
            .is_some_and(|t| t.contains("Did you mean subscribe?")),
        "{body}"
    );
    let (s, body) = c
        .post(
            "/_sandbox/fire",
            json!({"event": "subscribe", "source": "robot"}),
        )
        .await;
    assert_eq!(
        (s, &body["errors"][0]["source"]["pointer"]),
        (422, &json!("/data/attributes/source"))
    );
    let (s, _) = c.post("/_sandbox/fire", json!({"list": 1})).await;
    assert_eq!(s, 400);
    let (s, headers, _) = c
        .send(reqwest::Method::GET, "/_sandbox/fire", Some(KEY), None)
        .await;
    assert_eq!(
        (s, headers.get("allow").map(|v| v.as_bytes())),
        (405, Some(&b"POST"[..]))
    );
    let (s, _) = c.post("/_sandbox/other", json!({})).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn fire_with_no_hooks_reports_nothing_and_skips_the_rate_limit() {
    let handle = start();
    let c = TestClient::new(&handle);
    handle.sandbox().set_rate_limit(Some(1));
    for _ in 0..3 {
        let (s, report) = c
            .post("/_sandbox/fire", json!({"event": "deal_add", "list": 4}))
            .await;
        assert_eq!(s, 200);
        assert_eq!(
            report,
            json!({"event": "deal_add", "source": "admin", "list": "4", "deliveries": [], "skipped": []})
        );
    }
}

#[tokio::test]
async fn fire_delivers_to_matching_hooks_only() {
    let (handle, receiver) = (start(), start());
    let c = TestClient::new(&handle);
    for (path, events, listid) in [
        ("/all-lists", &["subscribe"][..], 0),
        ("/list-2", &["subscribe"][..], 2),
        ("/list-1", &["subscribe", "update"][..], 1),
        ("/other-event", &["unsubscribe"][..], 0),
    ] {
        let (s, _) = c
            .post(
                "/api/3/webhooks",
                receiver_hook(&receiver, path, events, listid),
            )
            .await;
        assert_eq!(s, 201);
    }
    let (s, report) = c
        .post(
            "/_sandbox/fire",
            json!({"event": "subscribe", "list": 1, "data": [["contact[email]", "x@example.com"]]}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        (&report["source"], &report["list"]),
        (&json!("public"), &json!("1"))
    );
    let got: Vec<(&str, &str, &Value)> = report["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .map(|d| {
            (
                d["webhook"].as_str().unwrap_or(""),
                d["url"].as_str().unwrap_or(""),
                &d["status"],
            )
        })
        .collect();
    let url = |p: &str| format!("{}{p}", receiver.url());
    assert_eq!(
        got,
        [
            ("1", url("/all-lists").as_str(), &json!(403)),
            ("3", url("/list-1").as_str(), &json!(403)),
        ]
    );
    let posted: Vec<String> = receiver
        .sandbox()
        .requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(posted.len(), 2);
    assert!(
        posted.contains(&"POST /all-lists".to_string()),
        "{posted:?}"
    );
    assert!(posted.contains(&"POST /list-1".to_string()), "{posted:?}");
}

#[tokio::test]
async fn a_410_deactivates_and_a_refused_connection_is_a_result() {
    let (handle, receiver) = (start(), start());
    let c = TestClient::new(&handle);
    receiver.sandbox().inject(Fault {
        method: Some("POST".into()),
        path_prefix: "/gone".into(),
        times: 1,
        kind: FaultKind::Status {
            status: 410,
            retry_after: None,
            body: String::new(),
        },
    });
    c.post(
        "/api/3/webhooks",
        receiver_hook(&receiver, "/gone", &["subscribe"], 0),
    )
    .await;
    // A port nobody listens on: the delivery fails, and the fire still answers 200.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}/", closed.local_addr().expect("addr"));
    drop(closed);
    c.post(
        "/api/3/webhooks",
        json!({"webhook": {"name": "dead", "url": dead, "events": ["subscribe"], "sources": ["public"]}}),
    )
    .await;

    let mut log = handle.sandbox().subscribe_deliveries();
    let (s, first) = c
        .post("/_sandbox/fire", json!({"event": "subscribe"}))
        .await;
    assert_eq!(s, 200);
    let d = &first["deliveries"];
    assert_eq!(
        (&d[0]["status"], &d[0]["deactivated"]),
        (&json!(410), &json!(true))
    );
    assert_eq!(
        (&d[1]["status"], &d[1]["deactivated"]),
        (&Value::Null, &json!(false))
    );
    assert!(
        d[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("could not connect")),
        "{d}"
    );
    assert_eq!(handle.sandbox().is_active(1), Some(false));
    let logged = log.try_recv().expect("a delivery was streamed");
    assert!(logged.webhook == "1" || logged.webhook == "2");

    let (_, second) = c
        .post("/_sandbox/fire", json!({"event": "subscribe"}))
        .await;
    assert_eq!(second["skipped"], json!(["1"]));
    assert_eq!(second["deliveries"].as_array().map(Vec::len), Some(1));
    let to_receiver = receiver.sandbox().requests().len();
    assert_eq!(to_receiver, 1, "an inactive hook got a delivery");
}
