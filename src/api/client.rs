//! The HTTP client for AC's v3 API. It owns the things every call needs and no resource
//! module should repeat: the `Api-Token` header, pacing under AC's 5 requests/second,
//! retries (429 with `Retry-After` for every method; 502, 503 and resets only for GET, PUT
//! and DELETE, since a resent POST can create a duplicate webhook), redirects that never
//! carry the key to another host, and turning AC's error bodies into readable messages.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use super::credentials::{Credentials, Secret};
use super::{ApiError, meta_total};

/// Receives notices meant for the user (retries, waits). The API layer never prints.
pub(crate) type Notifier = Arc<dyn Fn(&str) + Send + Sync>;

/// Tries per request, the first included.
const MAX_TRIES: u32 = 5;
/// AC's limit is 5 requests per second per account.
const MAX_PER_SECOND: usize = 5;
/// The window those requests are counted in, with a margin.
const WINDOW: Duration = Duration::from_millis(1030);
/// The longest `Retry-After` we honour, so a bogus header cannot park a CI job for hours.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The largest answer read, in bytes: a page of 100 webhooks is tens of KiB, so this is far
/// above anything AC sends and far below what would hurt a laptop or a CI runner.
pub(crate) const MAX_ANSWER: usize = 32 << 20;
/// Page size for reading whole collections: AC's maximum.
pub(crate) const PAGE_LIMIT: u64 = 100;

pub(crate) struct Client {
    http: reqwest::Client,
    base: Url,
    key: Secret,
    timeout: Duration,
    sent: Mutex<VecDeque<Instant>>,
    notify: Notifier,
    /// Tries per request, the first included: [`MAX_TRIES`] unless [`Client::single_try`].
    tries: u32,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn new(
        creds: Credentials,
        timeout: Duration,
        notify: Notifier,
    ) -> anyhow::Result<Client> {
        let origin = creds.base.origin();
        // Follow a redirect only within the same origin: reqwest strips Authorization on a
        // cross-host redirect but not a custom header like Api-Token.
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 || attempt.url().origin() != origin {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let http = reqwest::Client::builder()
            .user_agent(concat!("acwh/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10).min(timeout))
            .timeout(timeout)
            .redirect(policy)
            .build()?;
        Ok(Client {
            http,
            base: creds.base,
            key: creds.key,
            timeout,
            sent: Mutex::new(VecDeque::new()),
            notify,
            tries: MAX_TRIES,
        })
    }

    /// The same client, trying each request once: for a fetch that is a nicety (field titles)
    /// and must neither wait out retries nor print their notices.
    pub(crate) fn single_try(mut self) -> Client {
        self.tries = 1;
        self
    }

    /// The API base, ending in `/api/3/`.
    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    pub(crate) async fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Value, ApiError> {
        self.send(Method::GET, path, query, None).await
    }

    pub(crate) async fn post(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::POST, path, &[], Some(body)).await
    }

    pub(crate) async fn put(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::PUT, path, &[], Some(body)).await
    }

    pub(crate) async fn delete(&self, path: &str) -> Result<Value, ApiError> {
        self.send(Method::DELETE, path, &[], None).await
    }

    /// Reads a whole collection, `limit=100` a page, raising `offset` until `meta.total` is
    /// reached (or a short page ends it). `on_page(done, total)` reports progress.
    pub(crate) async fn get_all(
        &self,
        path: &str,
        key: &str,
        query: &[(&str, String)],
        on_page: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        let mut offset: u64 = 0;
        loop {
            let mut q = query.to_vec();
            q.push(("limit", PAGE_LIMIT.to_string()));
            q.push(("offset", offset.to_string()));
            let mut body = self.get(path, &q).await?;
            let total = meta_total(&body);
            let page = match body.get_mut(key).map(Value::take) {
                Some(Value::Array(page)) => page,
                _ => {
                    return Err(ApiError::Decode(format!(
                        "GET {path} has no '{key}' array in its answer"
                    )));
                }
            };
            let got = page.len() as u64;
            items.extend(page);
            offset += got;
            on_page(items.len() as u64, total);
            let done = match total {
                Some(t) => offset >= t || got == 0,
                None => got < PAGE_LIMIT,
            };
            if done {
                return Ok(items);
            }
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| ApiError::Decode(format!("bad path {path}: {e}")))?;
        let idempotent = method != Method::POST;
        let mut backoff = Duration::from_millis(200);
        let mut attempt = 1;
        loop {
            self.pace().await;
            let mut req = self
                .http
                .request(method.clone(), url.clone())
                .header("Api-Token", self.key.expose())
                .header(header::ACCEPT, "application/json");
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(body) = body {
                req = req.json(body);
            }
            let last = attempt >= self.tries;
            let resp = match req.send().await {
                Ok(resp) => resp,
                Err(e) => {
                    let err = self.transport_error(&url, &e);
                    // Nothing reached AC when the connection could not be made, and the user
                    // should hear of a wrong URL at once, so only resets are retried.
                    if idempotent && !last && !e.is_connect() && !e.is_timeout() {
                        self.notice(&format!(
                            "{method} {}: connection lost; retrying in {} (try {} of {})",
                            url.path(),
                            human(backoff),
                            attempt + 1,
                            self.tries
                        ));
                        tokio::time::sleep(backoff).await;
                        backoff *= 2;
                        attempt += 1;
                        continue;
                    }
                    return Err(err);
                }
            };
            let status = resp.status();
            if status == StatusCode::TOO_MANY_REQUESTS && !last {
                let wait = retry_after(resp.headers()).unwrap_or(backoff);
                self.notice(&format!(
                    "AC's rate limit was reached; waiting {} before try {} of {}",
                    human(wait),
                    attempt + 1,
                    self.tries
                ));
                tokio::time::sleep(wait).await;
                backoff *= 2;
                attempt += 1;
                continue;
            }
            if matches!(
                status,
                StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE
            ) && idempotent
                && !last
            {
                let wait = retry_after(resp.headers()).unwrap_or(backoff);
                self.notice(&format!(
                    "AC answered {}; retrying in {} (try {} of {})",
                    status.as_u16(),
                    human(wait),
                    attempt + 1,
                    self.tries
                ));
                tokio::time::sleep(wait).await;
                backoff *= 2;
                attempt += 1;
                continue;
            }
            return self.finish(&url, resp).await;
        }
    }

    async fn finish(&self, url: &Url, resp: reqwest::Response) -> Result<Value, ApiError> {
        let status = resp.status();
        if status.is_redirection() {
            let location = resp
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map_or_else(|| "(no Location)".into(), crate::api::shown_url);
            return Err(ApiError::Redirect {
                status: status.as_u16(),
                location,
            });
        }
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = read_answer_capped(resp, MAX_ANSWER)
            .await
            .map_err(|e| self.transport_error(url, &e))?
            .ok_or_else(|| ApiError::TooLarge {
                path: crate::escape::line(url.path()).into_owned(),
            })?;
        let text = String::from_utf8_lossy(&bytes);
        if status.is_success() {
            if text.trim().is_empty() {
                return Ok(Value::Object(Default::default()));
            }
            return serde_json::from_str(&text).map_err(|e| {
                ApiError::Decode(format!(
                    "{} {} is not JSON ({}; {} bytes, {content_type})",
                    status.as_u16(),
                    url.path(),
                    e,
                    text.len()
                ))
            });
        }
        Err(ApiError::Status {
            status: status.as_u16(),
            message: error_message(&text, &content_type, status.canonical_reason()),
        })
    }

    fn transport_error(&self, url: &Url, e: &reqwest::Error) -> ApiError {
        let shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default())
            + &url.port().map(|p| format!(":{p}")).unwrap_or_default();
        if e.is_timeout() {
            return ApiError::Timeout {
                url: shown,
                secs: self.timeout.as_secs().max(1),
            };
        }
        // reqwest's own Display names the full URL and nests causes; the innermost cause is
        // what a user can act on ("Connection refused").
        let detail = crate::error::root_cause(e);
        ApiError::Transport {
            url: shown,
            detail,
            connect: e.is_connect(),
        }
    }

    /// Waits until sending keeps us under AC's 5 requests in any second.
    async fn pace(&self) {
        loop {
            let wait = {
                let mut sent = crate::sync::lock(&self.sent);
                let now = Instant::now();
                while sent
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= WINDOW)
                {
                    sent.pop_front();
                }
                if sent.len() < MAX_PER_SECOND {
                    sent.push_back(now);
                    return;
                }
                // A little over a second: AC (and the sandbox) may count in fixed windows, and
                // a request sent exactly on the edge can land in the previous one.
                sent.front()
                    .map(|t| WINDOW.saturating_sub(now.duration_since(*t)))
                    .unwrap_or_default()
            };
            tokio::time::sleep(wait).await;
        }
    }

    fn notice(&self, msg: &str) {
        (self.notify)(msg);
    }
}

/// Reads a body of at most `cap` bytes; `Ok(None)` once it is larger, without reading the
/// rest. A declared `Content-Length` over the cap is refused before any of it is read.
pub(crate) async fn read_answer_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    let declared = resp.content_length().unwrap_or(0);
    if declared > cap as u64 {
        return Ok(None);
    }
    // The declared length is only a hint for the first allocation: it may be a lie.
    let mut body = Vec::with_capacity(declared.min(1 << 20) as usize);
    while let Some(chunk) = resp.chunk().await? {
        if body.len() + chunk.len() > cap {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let secs: f64 = headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs).min(MAX_RETRY_AFTER))
}

fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.0}s", d.as_secs_f64())
    }
}

/// Turns AC's error bodies into one line: 422 `errors[].title/detail/source.pointer`, 404
/// `message`, 403 `errors[].detail`. Anything else is summarised, never dumped whole. A title
/// or message that only repeats the status's `reason` ("Forbidden", which `ApiError` shows
/// already) is left out.
pub(crate) fn error_message(body: &str, content_type: &str, reason: Option<&str>) -> String {
    let is_reason = |s: &str| reason.is_some_and(|r| s.trim().eq_ignore_ascii_case(r));
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        if let Some(errors) = v.get("errors").and_then(Value::as_array) {
            let parts: Vec<String> = errors
                .iter()
                .filter_map(|e| describe_error(e, &is_reason))
                .collect();
            if !parts.is_empty() {
                return parts.join("; ");
            }
        }
        if let Some(m) = v.get("message").and_then(Value::as_str)
            && !is_reason(m)
        {
            return m.to_string();
        }
        if v.as_object()
            .is_some_and(|o| o.is_empty() || o.contains_key("errors") || o.contains_key("message"))
        {
            return "no details given".into();
        }
    }
    let trimmed = body.trim();
    if trimmed.is_empty() || is_reason(trimmed) {
        return "no details given".into();
    }
    if content_type.contains("html") || trimmed.starts_with('<') {
        return format!("an HTML page instead of JSON ({} bytes)", body.len());
    }
    let mut short: String = trimmed.chars().take(200).collect();
    if short.len() < trimmed.len() {
        short.push('…');
    }
    short.replace(['\n', '\r'], " ")
}

fn describe_error(e: &Value, is_reason: &dyn Fn(&str) -> bool) -> Option<String> {
    let text = |k: &str| {
        let s = e.get(k).and_then(Value::as_str).unwrap_or("").trim();
        if is_reason(s) { "" } else { s }
    };
    let (title, detail) = (text("title"), text("detail"));
    let mut s = match (title.is_empty(), detail.is_empty() || detail == title) {
        (true, true) => return None,
        (false, true) => title.to_string(),
        (true, false) => detail.to_string(),
        (false, false) => format!("{title}: {detail}"),
    };
    if let Some(pointer) = e.pointer("/source/pointer").and_then(Value::as_str)
        && let Some(field) = pointer.rsplit('/').next().filter(|f| !f.is_empty())
    {
        s.push_str(&format!(" (field {field})"));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ac_error_shapes() {
        let e422 = r#"{"errors":[{"title":"The webhook url was not provided.","detail":"","code":"field_missing","source":{"pointer":"/data/attributes/url"}}]}"#;
        assert_eq!(
            error_message(e422, "application/json", None),
            "The webhook url was not provided. (field url)"
        );
        let e403 = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"You do not have permission to view lists."}]}"#;
        assert_eq!(
            error_message(e403, "", Some("Forbidden")),
            "You do not have permission to view lists."
        );
        // A message that only repeats the reason, in any shape: no "Forbidden: Forbidden".
        for body in [
            r#"{"message":"Forbidden"}"#,
            r#"{"errors":[{"title":"forbidden"}]}"#,
            "Forbidden",
        ] {
            assert_eq!(
                error_message(body, "", Some("Forbidden")),
                "no details given",
                "{body}"
            );
        }
        let e404 = r#"{"message":"No Result found for Webhook with id 7"}"#;
        assert_eq!(
            error_message(e404, "", Some("Not Found")),
            "No Result found for Webhook with id 7"
        );
        assert_eq!(error_message("{}", "", None), "no details given");
        assert_eq!(
            error_message("<html><body>Bad gateway</body></html>", "text/html", None),
            "an HTML page instead of JSON (37 bytes)"
        );
        assert_eq!(error_message("", "", None), "no details given");
    }

    #[test]
    fn retry_after_is_capped() {
        let mut h = header::HeaderMap::new();
        h.insert(header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(header::RETRY_AFTER, "86400".parse().unwrap());
        assert_eq!(retry_after(&h), Some(MAX_RETRY_AFTER));
        h.insert(header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
