//! Injected faults and the rate limit: the ways the sandbox misbehaves on purpose, so that
//! tests can exercise the client's retries. Decides only *whether* to misbehave; the answer
//! itself is built in [`super::Sandbox`].

use std::collections::VecDeque;
use std::time::{Duration, Instant};

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
}

/// Pending faults, first injected first matched.
#[derive(Default)]
pub(super) struct Faults(VecDeque<Fault>);

impl Faults {
    pub fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.0.push_back(fault);
        }
    }

    /// The first fault matching the request, used up by one.
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultKind> {
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

/// A fixed one-second window for the whole server: admits `limit` requests per window.
/// AC's limit is per account (reference §3); the sandbox has one account.
pub(super) struct RateWindow {
    limit: Option<u32>,
    started: Instant,
    count: u32,
}

impl RateWindow {
    /// `None` or `Some(0)` means no limit.
    pub fn new(limit: Option<u32>) -> RateWindow {
        RateWindow {
            limit: limit.filter(|&n| n > 0),
            started: Instant::now(),
            count: 0,
        }
    }

    pub fn set(&mut self, limit: Option<u32>) {
        *self = RateWindow::new(limit);
    }

    /// Whether one more request fits in the current window (and counts it if so).
    pub fn admit(&mut self, now: Instant) -> bool {
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
