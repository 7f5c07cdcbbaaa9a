//! The sandbox end to end over loopback: a real server ([`Handle`]) and a real client.
//! `api` covers the endpoints, `pipeline` what happens before them (credentials, rate
//! limit, faults, body cap, log) and the state file, `fire` the deliveries.

mod endpoints;
mod fire;
mod pipeline;

use std::time::Duration;

use serde_json::{Value, json};

use super::{Handle, Options};

pub(super) const KEY: &str = "test-key";

pub(super) fn start() -> Handle {
    Handle::start(Options {
        api_key: KEY.into(),
        ..Options::default()
    })
    .expect("sandbox starts")
}

pub(super) struct TestClient {
    pub http: reqwest::Client,
    pub base: String,
}

impl TestClient {
    pub(super) fn new(handle: &Handle) -> TestClient {
        TestClient {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .expect("client"),
            base: handle.url(),
        }
    }

    pub(super) async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            req = req.header("Api-Token", key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("request answered");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, headers, json)
    }

    pub(super) async fn get(&self, path: &str) -> (u16, Value) {
        let (s, _, v) = self.send(reqwest::Method::GET, path, Some(KEY), None).await;
        (s, v)
    }

    pub(super) async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let (s, _, v) = self
            .send(reqwest::Method::POST, path, Some(KEY), Some(body))
            .await;
        (s, v)
    }

    pub(super) async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let (s, _, v) = self
            .send(reqwest::Method::PUT, path, Some(KEY), Some(body))
            .await;
        (s, v)
    }

    pub(super) async fn delete(&self, path: &str) -> (u16, Value) {
        let (s, _, v) = self
            .send(reqwest::Method::DELETE, path, Some(KEY), None)
            .await;
        (s, v)
    }
}

pub(super) fn hook(name: &str, url: &str) -> Value {
    json!({"webhook": {
        "name": name, "url": url, "events": ["subscribe", "deal_task_add"], "sources": ["public"],
    }})
}

pub(super) fn ids(list: &Value) -> Vec<u64> {
    list["webhooks"]
        .as_array()
        .expect("webhooks array")
        .iter()
        .map(|h| {
            h["id"]
                .as_str()
                .expect("string id")
                .parse()
                .expect("numeric id")
        })
        .collect()
}
