//! The endpoints: shapes, validation, pagination, filters and routes.

use serde_json::{Value, json};

use super::{KEY, TestClient, hook, ids, start};

#[tokio::test]
async fn create_then_list_and_crud() {
    let handle = start();
    let c = TestClient::new(&handle);
    let (s, created) = c
        .post("/api/3/webhooks", hook("A", "https://example.com/a"))
        .await;
    assert_eq!(s, 201);
    let w = &created["webhook"];
    let keys: Vec<_> = w.as_object().expect("object").keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "cdate", "listid", "name", "url", "events", "sources", "links", "id"
        ]
    );
    assert_eq!(
        (&w["id"], &w["listid"], &w["links"]),
        (&json!("1"), &json!("0"), &json!([]))
    );
    assert_eq!(w["events"], json!(["subscribe", "deal_task_add"]));

    // listid as an integer or a numeric string; http to loopback is fine.
    let mut second = hook("B", "http://127.0.0.1:8080/hook");
    second["webhook"]["listid"] = json!("5");
    let (s, b) = c.post("/api/3/webhooks/", second).await;
    assert_eq!((s, &b["webhook"]["listid"]), (201, &json!("5")));

    let (s, list) = c.get("/api/3/webhooks").await;
    assert_eq!((s, ids(&list)), (200, vec![1, 2]));
    assert_eq!(list["meta"]["total"], "2");
    assert_eq!(
        handle.sandbox().webhooks(),
        list["webhooks"].as_array().cloned().unwrap_or_default()
    );

    let (s, got) = c.get("/api/3/webhooks/2/").await;
    assert_eq!((s, &got["webhook"]["name"]), (200, &json!("B")));

    let (s, put) = c
        .put(
            "/api/3/webhooks/1",
            json!({"webhook": {"name": "A2", "listid": 3}}),
        )
        .await;
    assert_eq!(s, 200);
    let w = &put["webhook"];
    assert_eq!(
        (&w["name"], &w["listid"], &w["url"]),
        (&json!("A2"), &json!("3"), &json!("https://example.com/a"))
    );
    assert_eq!(w["events"], json!(["subscribe", "deal_task_add"]));

    let (s, bad) = c
        .put(
            "/api/3/webhooks/1",
            json!({"webhook": {"sources": ["robots"]}}),
        )
        .await;
    assert_eq!(
        (s, &bad["errors"][0]["code"]),
        (422, &json!("field_invalid"))
    );

    assert_eq!(c.delete("/api/3/webhooks/1").await, (200, json!({})));
    let gone = json!({"message": "No Result found for Webhook with id 1"});
    assert_eq!(c.get("/api/3/webhooks/1").await, (404, gone.clone()));
    assert_eq!(c.delete("/api/3/webhooks/1").await, (404, gone.clone()));
    assert_eq!(
        c.put("/api/3/webhooks/1", json!({"webhook": {}})).await,
        (404, gone)
    );
    let (s, abc) = c.get("/api/3/webhooks/abc").await;
    assert_eq!(
        (s, &abc["message"]),
        (404, &json!("No Result found for Webhook with id abc"))
    );

    // Ids are never reused.
    let (_, third) = c
        .post("/api/3/webhooks", hook("C", "https://c.example"))
        .await;
    assert_eq!(third["webhook"]["id"], "3");
}

#[tokio::test]
async fn validation_uses_acs_shapes() {
    let handle = start();
    let c = TestClient::new(&handle);
    let (s, e) = c
        .post("/api/3/webhooks", json!({"webhook": {"name": ""}}))
        .await;
    assert_eq!(s, 422);
    let pointers: Vec<_> = e["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|p| (p["code"].clone(), p["source"]["pointer"].clone()))
        .collect();
    assert_eq!(
        pointers,
        ["name", "url", "events", "sources"].map(|f| (
            json!("field_missing"),
            json!(format!("/data/attributes/{f}"))
        ))
    );
    assert!(
        e["errors"][0]["title"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );

    for (field, value) in [
        ("url", json!("https://example.com:8443/x")),
        ("url", json!("http://example.com/x")),
        ("events", json!(["subscribe", "nope"])),
        ("sources", json!(["robots"])),
        ("listid", json!("x")),
        ("listid", json!(-1)),
    ] {
        let mut body = hook("X", "https://example.com/x");
        body["webhook"][field] = value.clone();
        let (s, e) = c.post("/api/3/webhooks", body).await;
        assert_eq!(s, 422, "{field}={value}");
        assert_eq!(e["errors"][0]["code"], "field_invalid");
        assert_eq!(
            e["errors"][0]["source"]["pointer"],
            format!("/data/attributes/{field}")
        );
    }

    let resp = c
        .http
        .post(format!("{}/api/3/webhooks", c.base))
        .header("Api-Token", KEY)
        .body("{not json")
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(resp.text().await.expect("body"), "{}");
    assert!(handle.sandbox().webhooks().is_empty());
}

#[tokio::test]
async fn pagination_caps_limit_and_total_is_a_string() {
    let handle = start();
    handle.sandbox().seed_webhooks(250);
    let c = TestClient::new(&handle);
    let (_, page) = c.get("/api/3/webhooks").await;
    assert_eq!(ids(&page), (1..=20).collect::<Vec<_>>());
    assert_eq!(page["meta"]["total"], json!("250"));
    let (_, page) = c.get("/api/3/webhooks?limit=500&offset=100").await;
    assert_eq!(ids(&page), (101..=200).collect::<Vec<_>>());
    let (_, page) = c.get("/api/3/webhooks?limit=100&offset=200").await;
    assert_eq!(ids(&page).len(), 50);
    let (_, page) = c.get("/api/3/webhooks?offset=999").await;
    assert_eq!(
        (ids(&page).len(), &page["meta"]["total"]),
        (0, &json!("250"))
    );
}

#[tokio::test]
async fn filters_match_exactly() {
    let handle = start();
    handle.sandbox().seed_webhooks(3);
    let c = TestClient::new(&handle);
    let mut listed = hook("Hook 2", "https://example.com/other");
    listed["webhook"]["listid"] = json!(7);
    c.post("/api/3/webhooks", listed).await;
    let (_, by_name) = c.get("/api/3/webhooks?filters%5Bname%5D=Hook%202").await;
    assert_eq!(
        (ids(&by_name), &by_name["meta"]["total"]),
        (vec![2, 4], &json!("2"))
    );
    let (_, by_url) = c
        .get("/api/3/webhooks?filters[url]=https%3A%2F%2Fexample.com%2Fhooks%2F3")
        .await;
    assert_eq!(ids(&by_url), [3]);
    let (_, by_list) = c.get("/api/3/webhooks?filters[listid]=7").await;
    assert_eq!(ids(&by_list), [4]);
    let (_, none) = c.get("/api/3/webhooks?filters[name]=Hook").await;
    assert_eq!(none["meta"]["total"], "0");
}

#[tokio::test]
async fn events_lists_and_routes() {
    let handle = start();
    let c = TestClient::new(&handle);
    let (s, ev) = c.get("/api/3/webhook/events").await;
    assert_eq!((s, &ev["meta"]["total"]), (200, &json!(30)));
    let names: Vec<&str> = crate::events::EVENTS.iter().map(|e| e.name).collect();
    assert_eq!(ev["webhookEvents"], json!(names));
    let (_, page) = c.get("/api/3/webhook/events?limit=10&offset=25").await;
    assert_eq!(page["webhookEvents"], json!(names[25..]));
    assert_eq!(page["meta"]["total"], 30);

    let (_, lists) = c.get("/api/3/lists").await;
    assert_eq!(lists["meta"]["total"], "3");
    let first = &lists["lists"][0];
    assert_eq!(
        (&first["id"], &first["name"], &first["stringid"]),
        (&json!("1"), &json!("Newsletter"), &json!("newsletter"))
    );
    assert_eq!(first["udate"], Value::Null);
    let (_, one) = c.get("/api/3/lists?filters[name]=Trial%20users").await;
    assert_eq!(
        (&one["lists"][0]["id"], &one["meta"]["total"]),
        (&json!("3"), &json!("1"))
    );
    let (_, paged) = c.get("/api/3/lists?limit=1&offset=1").await;
    assert_eq!(paged["lists"][0]["name"], "Customers");
    let (s, list) = c.get("/api/3/lists/2").await;
    assert_eq!((s, &list["list"]["name"]), (200, &json!("Customers")));
    assert_eq!(c.get("/api/3/lists/9").await.0, 404);

    let (s, missing) = c.get("/api/3/contacts").await;
    assert!(s == 404 && missing["message"].is_string());
    assert_eq!(c.get("/elsewhere").await.0, 404);
    let (s, headers, _) = c
        .send(reqwest::Method::DELETE, "/api/3/webhooks", Some(KEY), None)
        .await;
    assert_eq!(
        (s, headers.get("allow").and_then(|v| v.to_str().ok())),
        (405, Some("GET, POST"))
    );
    let (s, _, _) = c
        .send(reqwest::Method::POST, "/api/3/users/me/", Some(KEY), None)
        .await;
    assert_eq!(s, 405);
}
