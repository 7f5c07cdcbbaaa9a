//! `--forward-to`: which route a request takes, and passing it on to the app through
//! [`crate::relay`], byte for byte, with what the app said kept for the view and the answer.

use std::time::{Duration, Instant};

use url::Url;

use super::{Capture, Forwarded};
use crate::relay;

/// How much of the app's answer is passed back to the sender.
const APP_BODY_LIMIT: usize = 64 * 1024;

/// How much of the app's answer the human view shows.
const SHOWN_HEAD: usize = 2048;

/// How long the app may take to answer.
const APP_TIMEOUT: Duration = Duration::from_secs(30);

/// One `--forward-to`: requests whose path starts with `prefix` go to `url`, with the
/// prefix taken off and the rest of the path and the query appended.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) prefix: String,
    pub(crate) url: Url,
}

impl Route {
    /// `--forward-to [PREFIX=]URL`: a prefix is recognised by its leading `/`, since a URL's
    /// query may hold `=` too. The error says what to give instead.
    pub(crate) fn parse(s: &str) -> Result<Route, String> {
        let (prefix, url) = match s.split_once('=') {
            Some((p, u)) if p.starts_with('/') => (p.to_string(), u),
            _ => (String::new(), s),
        };
        let url = Url::parse(url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| {
                format!(
                    "--forward-to '{s}': give an http(s) URL, optionally after a path prefix, e.g. http://localhost:3000/hooks or /ac/contacts=http://localhost:3000/contacts"
                )
            })?;
        Ok(Route { prefix, url })
    }
}

/// The routes and the client that passes requests on.
pub(super) struct Forwarder {
    routes: Vec<Route>,
    http: reqwest::Client,
    /// The `--secret`, kept out of what is shown and saved about a forward.
    secret: Option<String>,
}

impl Forwarder {
    pub(super) fn new(routes: Vec<Route>, secret: Option<String>) -> anyhow::Result<Forwarder> {
        let http = relay::client(APP_TIMEOUT).build()?;
        Ok(Forwarder {
            routes,
            http,
            secret,
        })
    }

    /// Text about a forward, as shown and saved: the secret redacted.
    fn shown(&self, text: &str) -> String {
        match &self.secret {
            Some(s) => crate::token::redact_text(text, s),
            None => text.to_string(),
        }
    }

    /// Whether any `--forward-to` was given.
    pub(super) fn has_routes(&self) -> bool {
        !self.routes.is_empty()
    }

    /// Where a request for `path?query` goes: the longest matching prefix's URL with the
    /// rest of the target joined on; None when no route matches; the reason when the target
    /// could leave the route's base (see [`relay::join_target`]).
    pub(super) fn target(&self, path: &str, query: &str) -> Option<Result<Url, String>> {
        let route = self
            .routes
            .iter()
            .filter(|r| path.starts_with(&r.prefix))
            .max_by_key(|r| r.prefix.len())?;
        let target = match query {
            "" => path.to_string(),
            q => format!("{path}?{q}"),
        };
        Some(relay::join_target(
            &route.url,
            &target[route.prefix.len()..],
        ))
    }

    /// Passes the request on to `url` and reports what the app said, with its answer when
    /// there was one.
    pub(super) async fn forward(
        &self,
        url: Url,
        cap: &Capture,
    ) -> (Forwarded, Option<relay::Response>) {
        let started = Instant::now();
        let result = relay::send(&self.http, &cap.request(), &url, APP_BODY_LIMIT).await;
        let ms = super::micros(started.elapsed());
        match result {
            Ok(app) => {
                let head = &app.body[..app.body.len().min(SHOWN_HEAD)];
                let fwd = Forwarded {
                    url: self.shown(url.as_str()),
                    status: Some(app.status),
                    error: None,
                    ms,
                    body_head: self.shown(&String::from_utf8_lossy(head)),
                };
                (fwd, Some(app))
            }
            Err(e) => {
                let fwd = Forwarded {
                    url: self.shown(url.as_str()),
                    status: None,
                    error: Some(self.shown(&crate::error::root_cause(&e))),
                    ms,
                    body_head: String::new(),
                };
                (fwd, None)
            }
        }
    }
}
