//! The client side of the fire endpoint, for `acwh sandbox fire`: find a running sandbox
//! from the API URL, POST a [`FireRequest`] and read back the [`FireReport`]. Returns data and
//! typed failures; the command decides what to print and how to exit.

use std::time::Duration;

use url::Url;

use super::deliver::{FIRE_PATH, FireReport, FireRequest};

/// Why a fire did not produce a report.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RemoteError {
    /// Nothing answered at the URL (refused, timed out, reset).
    #[error("{0}")]
    Unreachable(String),
    /// The sandbox (or whatever is there) answered something other than 200.
    #[error("{status}: {message}")]
    Status { status: u16, message: String },
    /// A 200 whose body was not a report.
    #[error("the answer was not a delivery report: {0}")]
    Decode(String),
}

/// The fire endpoint of the sandbox whose API URL is `api_url`, written as `ACWH_API_URL`
/// takes it (with or without `/api/3`). Plain http only to loopback, as for the API.
pub(crate) fn fire_url(api_url: &str) -> anyhow::Result<Url> {
    let api = crate::api::normalize_api_url(api_url)?;
    // `api` ends in `/api/3/`: two levels up is where the sandbox's own paths start.
    Ok(api.join(&format!("../..{FIRE_PATH}"))?)
}

/// POSTs `request` to `url` and waits for the report. The sandbox answers only once every
/// delivery has been attempted, so `timeout` must cover a slow receiver (or two, for a
/// duplicate).
pub(crate) async fn fire(
    url: &Url,
    key: Option<&str>,
    request: &FireRequest,
    timeout: Duration,
) -> Result<FireReport, RemoteError> {
    let http = crate::relay::client(timeout)
        .user_agent(concat!("acwh/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| RemoteError::Unreachable(e.to_string()))?;
    let mut req = http.post(url.clone()).json(request);
    if let Some(key) = key {
        req = req.header("Api-Token", key);
    }
    let resp = req.send().await.map_err(|e| {
        let root = crate::error::root_cause(&e);
        RemoteError::Unreachable(if e.is_timeout() {
            format!("no answer within {}s", timeout.as_secs())
        } else {
            root
        })
    })?;
    let status = resp.status();
    let cap = crate::api::client::MAX_ANSWER;
    let bytes = crate::api::client::read_answer_capped(resp, cap)
        .await
        .map_err(|e| RemoteError::Unreachable(crate::error::root_cause(&e)))?
        .ok_or_else(|| RemoteError::Decode(format!("it was larger than {} MiB", cap >> 20)))?;
    let text = String::from_utf8_lossy(&bytes);
    if status.as_u16() != 200 {
        return Err(RemoteError::Status {
            status: status.as_u16(),
            message: message(&text)
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_owned()),
        });
    }
    serde_json::from_str(&text).map_err(|e| RemoteError::Decode(e.to_string()))
}

fn text(v: Option<&serde_json::Value>) -> Option<&str> {
    v.and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The readable part of an error body: AC's `errors[0]` title and detail, or `message`.
fn message(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    if let Some(first) = v.get("errors").and_then(|e| e.get(0)) {
        let parts: Vec<&str> = [text(first.get("title")), text(first.get("detail"))]
            .into_iter()
            .flatten()
            .collect();
        if !parts.is_empty() {
            return Some(parts.join(": "));
        }
    }
    text(v.get("message")).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fire_url_sits_beside_api_3() {
        for (given, want) in [
            (
                "http://127.0.0.1:4100",
                "http://127.0.0.1:4100/_sandbox/fire",
            ),
            (
                "http://127.0.0.1:4100/",
                "http://127.0.0.1:4100/_sandbox/fire",
            ),
            (
                "http://127.0.0.1:4100/api/3",
                "http://127.0.0.1:4100/_sandbox/fire",
            ),
            (
                "http://localhost:9/x/api/3/",
                "http://localhost:9/x/_sandbox/fire",
            ),
        ] {
            assert_eq!(fire_url(given).expect(given).as_str(), want);
        }
        assert!(fire_url("http://example.com").is_err());
    }

    #[test]
    fn messages_come_from_acs_shapes() {
        let forbidden = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"x"}]}"#;
        assert_eq!(message(forbidden).as_deref(), Some("Forbidden: x"));
        let invalid = r#"{"errors":[{"title":"Unknown event: x.","detail":""}]}"#;
        assert_eq!(message(invalid).as_deref(), Some("Unknown event: x."));
        assert_eq!(message(r#"{"message":"nope"}"#).as_deref(), Some("nope"));
        assert_eq!(message("<html>"), None);
    }
}
