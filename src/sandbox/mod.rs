//! A local stand-in for ActiveCampaign's v3 API: webhook CRUD, `/webhook/events`, `/lists`
//! and `/users/me`, with AC's envelopes, error shapes, pagination and rate limit, and real
//! deliveries of events to the webhooks registered on it. The same [`Sandbox`] is the
//! integration tests' fake AC (through [`Handle`], with the levers of [`testing`]) and the
//! server behind `acwh sandbox`.
//!
//! It owns the request pipeline (log, fault, body cap, rate limit, `Api-Token` check, then
//! `endpoints` or `deliver`) and the state. It must not print: callers learn of requests through
//! [`Sandbox::requests`] or `Sandbox::subscribe_log`, and of deliveries through
//! `Sandbox::subscribe_deliveries`. Connections and shutdown are `crate::httpd`'s.
//!
//! # The fire endpoint
//!
//! Besides AC's API under `/api/3`, the sandbox has one endpoint of its own, which
//! `acwh sandbox fire` calls. It is not AC's, so the rate limit does not count it, but it
//! takes the same `Api-Token` (403 without it):
//!
//! ```text
//! POST /_sandbox/fire
//! Api-Token: <the sandbox's key>
//! Content-Type: application/json
//!
//! {"event": "subscribe", "source": "public", "list": 1, "data": [["contact[email]", "a@example.com"]]}
//! ```
//!
//! Only `event` is required; `source` and `list` default as in `acwh trigger`, and `data`
//! sets payload fields (AC's bracket keys). The sandbox builds the payload, POSTs it to every
//! matching, active webhook (see `deliver` for AC's rules), and answers **200** once each
//! delivery has been attempted, with a `FireReport`:
//!
//! ```text
//! {"event": "subscribe", "source": "public", "list": "1",
//!  "deliveries": [{"event": "subscribe", "webhook": "3", "url": "http://127.0.0.1:8080/",
//!                  "status": 200, "error": null, "ms": 1.4, "duplicate": false, "deactivated": false}],
//!  "skipped": []}
//! ```
//!
//! `GET /_sandbox/webhooks` (same key) lists the webhooks as the API does, each with an
//! `active` field that AC's API does not have: `false` once a receiver answered 410.
//!
//! A receiver's failure (a 500, a refused connection in `error`) is a result, not an error
//! of the endpoint, and so is a delivery the sandbox would not attempt, whose `skipped` says
//! why (a target that is not loopback, without `--allow-remote-delivery`). An unknown event or source gets AC's **422** shape; a body that is not
//! such JSON gets **400**; another method **405**; another `/_sandbox/` path **404**.

pub(crate) mod deliver;
mod endpoints;
mod fault;
mod log;
pub(crate) mod reach;
pub(crate) mod remote;
mod rng;
mod rules;
mod state;
pub mod testing;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use hyper::Request;
use hyper::body::Incoming;
use hyper::header::{ALLOW, HeaderValue, RETRY_AFTER};
use hyper::http::request::Parts;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::httpd::read::{drain, read_capped};
use crate::httpd::{self, Handler, Reply};
use deliver::Deliverer;
pub(crate) use deliver::{Delivery, FireRequest};
pub use fault::{Fault, FaultKind};
use fault::{Faults, RateWindow};
pub use log::Logged;
use log::{Finish, RequestLog};
pub(crate) use rng::random_key;
use state::{Store, lock};
pub use testing::Handle;

/// The sandbox's own list of webhooks with their state.
const WEBHOOKS_PATH: &str = "/_sandbox/webhooks";

/// The largest request body the API accepts; larger gets 413.
const MAX_BODY: usize = 1024 * 1024;
/// How long a request's whole body may take to arrive.
const BODY_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// How a sandbox starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The key requests must send in `Api-Token` (a state file's own key wins).
    pub api_key: String,
    /// Requests per second for the whole server; over it, 429. `None` (or 0): no limit.
    pub rate_limit: Option<u32>,
    /// Where webhooks, the next id and the key are kept across restarts.
    pub state_file: Option<PathBuf>,
    /// The share of deliveries sent twice, 0 to 1 (AC delivers at least once).
    pub duplicate_rate: f64,
    /// Deliver to any address; by default only loopback targets get deliveries and the
    /// others are skipped with the reason (see `reach`).
    pub allow_remote_delivery: bool,
}

/// The fake AC account and its request pipeline. Implements `httpd::Handler`; share it in an
/// `Arc`.
pub struct Sandbox {
    store: Store,
    log: RequestLog,
    faults: Mutex<Faults>,
    rate: Mutex<RateWindow>,
    deliver: Deliverer,
}

impl Sandbox {
    /// A sandbox with `opts`; loads `opts.state_file` if it exists, and creates it if not.
    pub(crate) fn new(opts: Options) -> anyhow::Result<Sandbox> {
        Ok(Sandbox {
            store: Store::open(opts.api_key, opts.state_file)?,
            log: RequestLog::default(),
            faults: Mutex::new(Faults::default()),
            rate: Mutex::new(RateWindow::new(opts.rate_limit)),
            deliver: Deliverer::new(opts.duplicate_rate, opts.allow_remote_delivery)?,
        })
    }

    /// The key requests must send: the state file's if it had one, else `Options::api_key`.
    pub(crate) fn api_key(&self) -> String {
        self.store.read(|s| s.api_key.clone())
    }

    /// Each request, once answered (or dropped, with status 0), for a live log.
    pub(crate) fn subscribe_log(&self) -> mpsc::UnboundedReceiver<Logged> {
        self.log.subscribe()
    }

    /// Each delivery, once attempted, for a live log.
    pub(crate) fn subscribe_deliveries(&self) -> mpsc::UnboundedReceiver<Delivery> {
        self.deliver.subscribe()
    }

    async fn serve(&self, req: Request<Incoming>) -> Reply {
        let (parts, body) = req.into_parts();
        let seq = self.log.arrive(Logged {
            method: parts.method.to_string(),
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned()),
            api_token: token(&parts).map(str::to_owned),
            status: 0,
        });
        let mut finish = Finish {
            log: &self.log,
            seq,
            status: 0,
        };
        let deadline = tokio::time::Instant::now() + BODY_TIME;
        let body = match read_capped(body, MAX_BODY, None, deadline).await {
            Ok(b) => Ok(b),
            Err(httpd::read::BodyError::TooLarge { body, read }) => {
                // Drained in the background, so the client reads the 413, not a reset.
                drain(body, read);
                Err(Unread::TooLarge)
            }
            Err(httpd::read::BodyError::TimedOut) => Err(Unread::TimedOut),
            Err(httpd::read::BodyError::Broken(_)) => Err(Unread::Broken),
        };
        let fault = lock(&self.faults).take(parts.method.as_str(), parts.uri.path());
        let reply = match fault {
            // `finish` reports status 0: nothing was sent.
            Some(FaultKind::Drop) => return fault::abort_reply(),
            Some(FaultKind::Status {
                status,
                retry_after,
                body,
            }) => {
                let mut reply = httpd::reply(status, "application/json", body);
                if let Some(secs) = retry_after {
                    reply
                        .headers_mut()
                        .insert(RETRY_AFTER, HeaderValue::from(secs));
                }
                reply
            }
            Some(FaultKind::Redirect { status, location }) => {
                fault::redirect_reply(status, &location)
            }
            Some(FaultKind::Delay(wait)) => {
                tokio::time::sleep(wait).await;
                self.answer(&parts, body).await
            }
            None => self.answer(&parts, body).await,
        };
        finish.status = reply.status().as_u16();
        reply
    }

    /// The real answer: body cap, rate limit, credentials, then the endpoint.
    async fn answer(&self, parts: &Parts, body: Result<Bytes, Unread>) -> Reply {
        let body = match body {
            Ok(b) => b,
            Err(Unread::TooLarge) => {
                return json(
                    413,
                    &serde_json::json!({"message": "Request Entity Too Large"}),
                );
            }
            Err(Unread::Broken) => return json(400, &serde_json::json!({})),
            Err(Unread::TimedOut) => {
                return json(408, &serde_json::json!({"message": "Request Timeout"}));
            }
        };
        // The sandbox's own endpoints are not AC's, so AC's limit does not count them.
        let own = parts.uri.path().starts_with("/_sandbox/");
        if !own && !lock(&self.rate).admit(Instant::now()) {
            let mut reply = json(429, &serde_json::json!({"message": "Too Many Requests"}));
            reply
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            return reply;
        }
        let authorised = token(parts).is_some_and(|t| self.store.read(|s| s.api_key == t));
        if !authorised {
            // AC documents no 401: a missing or wrong key is a 403
            // (docs/activecampaign.md#a-bad-key-is-a-403).
            return json(
                403,
                &serde_json::json!({"errors": [{
                    "status": 403,
                    "title": "Forbidden",
                    "detail": "The API token is missing or invalid.",
                }]}),
            );
        }
        let answer = if own && parts.uri.path().trim_end_matches('/') == WEBHOOKS_PATH {
            webhooks_with_state(&self.store, &parts.method)
        } else if own {
            self.deliver
                .endpoint(&self.store, &parts.method, parts.uri.path(), &body)
                .await
        } else {
            endpoints::route(
                &self.store,
                &parts.method,
                parts.uri.path(),
                parts.uri.query(),
                &body,
            )
        };
        let mut reply = json(answer.status, &answer.body);
        if let Some(allow) = answer.allow {
            reply
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static(allow));
        }
        reply
    }
}

impl Handler for Sandbox {
    async fn handle(self: Arc<Self>, req: Request<Incoming>, _remote: SocketAddr) -> Reply {
        self.serve(req).await
    }
}

fn token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get("api-token")
        .and_then(|v| v.to_str().ok())
        .filter(|t| !t.is_empty())
}

fn json(status: u16, body: &Value) -> Reply {
    httpd::reply(status, "application/json", body.to_string())
}

/// Why a request's body was not read.
enum Unread {
    TooLarge,
    /// The client hung up or sent a bad chunk.
    Broken,
    /// The whole body did not arrive within [`BODY_TIME`].
    TimedOut,
}

/// `GET /_sandbox/webhooks`: every webhook as the API shows it, plus whether it is still
/// active. Not AC's: its API has no such field, so the API endpoints never add it.
fn webhooks_with_state(store: &state::Store, method: &hyper::Method) -> endpoints::EndpointReply {
    if method != hyper::Method::GET {
        return endpoints::EndpointReply {
            status: 405,
            body: serde_json::json!({ "message": "Method Not Allowed" }),
            allow: Some("GET"),
        };
    }
    let hooks: Vec<Value> = store.read(|s| {
        s.webhooks
            .iter()
            .map(|h| {
                let mut v = h.to_json();
                v["active"] = Value::Bool(h.active);
                v
            })
            .collect()
    });
    endpoints::EndpointReply {
        status: 200,
        body: serde_json::json!({ "webhooks": hooks }),
        allow: None,
    }
}
