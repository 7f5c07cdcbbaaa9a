//! Injected faults and the rate limit: the ways the sandbox misbehaves on purpose, so that
//! tests can exercise the client's retries. Decides only *whether* to misbehave; the answer
//! itself is built in [`super::Sandbox`].

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use hyper::header::{HeaderValue, LOCATION};

use crate::httpd::{self, Reply};

/// A fault answers the next `times` matching requests instead of the real handler.
#[derive(Debug, Clone)]
pub struct Fault {
    /// The method to match (any case); `None` matches every method.
    pub method: Option<String>,
    /// Matches a request whose path (without the query) starts with this, e.g.
    /// `"/api/3/webhooks"`.
    pub path_prefix: String,
    pub times: usize,
    pub kind: FaultKind,
}

/// What a fault does.
#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answer with this status, an optional `Retry-After` (seconds) and this body (sent as
    /// `application/json`).
    Status {
        status: u16,
        retry_after: Option<u64>,
        body: String,
    },
    /// Close the connection without answering (the client sees a reset / incomplete message).
    Drop,
    /// Wait this long before answering normally.
    Delay(Duration),
    /// Answer with this status (a 3xx, normally) and a `Location` header holding `location`
    /// verbatim, with an empty body: a redirect, to the sandbox itself (same origin) or to
    /// another host. A `location` that cannot be a header value is left out, so the client
    /// sees a redirect without `Location`.
    Redirect { status: u16, location: String },
}

/// Pending faults, first injected first matched.
#[derive(Default)]
pub(super) struct Faults(VecDeque<Fault>);

impl Faults {
    pub(super) fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.0.push_back(fault);
        }
    }

    /// The first fault matching the request, used up by one.
    pub(super) fn take(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        let index = self.0.iter().position(|f| {
            f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && path.starts_with(&f.path_prefix)
        })?;
        let fault = self.0.get_mut(index)?;
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            self.0.remove(index);
        }
        Some(kind)
    }
}

/// A reply that makes the server close the connection without writing a byte (see
/// `httpd::Abort`): the client sees a dropped connection.
pub(super) fn abort_reply() -> Reply {
    httpd::abort()
}

/// The answer of a [`FaultKind::Redirect`].
pub(super) fn redirect_reply(status: u16, location: &str) -> Reply {
    let mut reply = httpd::text(status, "");
    if let Ok(value) = HeaderValue::from_str(location) {
        reply.headers_mut().insert(LOCATION, value);
    }
    reply
}

/// A fixed one-second window for the whole server: admits `limit` requests per window.
/// AC's limit is per account (docs/activecampaign.md#rate-limit); the sandbox has one account.
pub(super) struct RateWindow {
    limit: Option<u32>,
    started: Instant,
    count: u32,
}

impl RateWindow {
    /// `None` or `Some(0)` means no limit.
    pub(super) fn new(limit: Option<u32>) -> RateWindow {
        RateWindow {
            limit: limit.filter(|&n| n > 0),
            started: Instant::now(),
            count: 0,
        }
    }

    pub(super) fn set(&mut self, limit: Option<u32>) {
        *self = RateWindow::new(limit);
    }

    /// Whether one more request fits in the current window (and counts it if so).
    pub(super) fn admit(&mut self, now: Instant) -> bool {
        let Some(limit) = self.limit else {
            return true;
        };
        if now.saturating_duration_since(self.started) >= Duration::from_secs(1) {
            self.started = now;
            self.count = 0;
        }
        if self.count < limit {
            self.count += 1;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(method: Option<&str>, prefix: &str, times: usize) -> Fault {
        Fault {
            method: method.map(str::to_owned),
            path_prefix: prefix.into(),
            times,
            kind: FaultKind::Drop,
        }
    }

    #[test]
    fn faults_match_method_and_prefix_and_run_out() {
        let mut faults = Faults::default();
        faults.push(fault(Some("post"), "/api/3/webhooks", 2));
        faults.push(fault(None, "/api/3/lists", 1));
        faults.push(fault(None, "/x", 0));
        assert!(faults.take("GET", "/api/3/webhooks").is_none());
        assert!(faults.take("POST", "/api/3/webhooks").is_some());
        assert!(faults.take("POST", "/api/3/webhooks/1").is_some());
        assert!(faults.take("POST", "/api/3/webhooks").is_none());
        assert!(faults.take("GET", "/api/3/lists/2").is_some());
        assert!(faults.take("GET", "/x").is_none());
        assert!(faults.0.is_empty());
    }

    #[test]
    fn redirect_reply_has_status_and_location() {
        let reply = redirect_reply(302, "http://127.0.0.1:9/elsewhere?a=1");
        assert_eq!(reply.status().as_u16(), 302);
        let location = reply.headers().get(LOCATION).and_then(|v| v.to_str().ok());
        assert_eq!(location, Some("http://127.0.0.1:9/elsewhere?a=1"));
        let bad = redirect_reply(307, "http://x/\nInjected: 1");
        assert_eq!(bad.status().as_u16(), 307);
        assert!(bad.headers().get(LOCATION).is_none());
    }

    #[tokio::test]
    async fn redirect_fault_answers_then_runs_out() {
        let handle = super::super::tests::start();
        handle.sandbox().inject(Fault {
            method: Some("GET".into()),
            path_prefix: "/api/3/users".into(),
            times: 1,
            kind: FaultKind::Redirect {
                status: 301,
                location: "/api/3/lists".into(),
            },
        });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .expect("client");
        let url = format!("{}/api/3/users/me", handle.url());
        let mut seen = Vec::new();
        for _ in 0..2 {
            let resp = http
                .get(&url)
                .header("Api-Token", super::super::tests::KEY)
                .send()
                .await
                .expect("answered");
            let location = resp
                .headers()
                .get(LOCATION)
                .map(|v| v.to_str().unwrap().to_owned());
            seen.push((resp.status().as_u16(), location));
        }
        assert_eq!(seen, [(301, Some("/api/3/lists".into())), (200, None)]);
        let statuses: Vec<_> = handle
            .sandbox()
            .requests()
            .iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(statuses, [301, 200]);
    }

    #[test]
    fn window_admits_limit_then_resets() {
        let start = Instant::now();
        let mut w = RateWindow::new(Some(2));
        assert!(w.admit(start));
        assert!(w.admit(start));
        assert!(!w.admit(start + Duration::from_millis(999)));
        assert!(w.admit(start + Duration::from_millis(1500)));
        let mut off = RateWindow::new(Some(0));
        assert!((0..100).all(|_| off.admit(start)));
    }
}
