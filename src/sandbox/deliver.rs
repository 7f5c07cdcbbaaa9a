//! Delivering events the way AC does: build the sample payload of `acwh trigger`, pick the
//! registered webhooks that match by AC's rules, and POST the form body to each of them.
//! Also the sandbox's own endpoint that starts a delivery, `POST /_sandbox/fire` (documented
//! in [`super`]). Returns results as data and streams them to subscribers; never prints.
//!
//! AC's rules (docs/activecampaign.md#delivery-rules): a webhook gets an event when its
//! `events` hold the event, its `sources` hold the payload's `initiated_from`, its `listid` is
//! 0 or the payload's `list` (or the event ignores `listid`), and it is still active. A
//! receiver that answers 410 deactivates its webhook for good. Deliveries are never retried;
//! with a duplicate rate some are sent twice, as AC's at-least-once delivery can.
//!
//! Unlike AC, the sandbox delivers only to loopback addresses unless started with
//! `--allow-remote-delivery`; others are skipped with a reason (see [`super::reach`]).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::endpoints::{self, EndpointReply};
use super::reach::{self, LoopbackOnly};
use super::rng::Rng;
use super::rules::Problem;
use super::state::{Hook, Store, lock};
use crate::events::{self, Event};
use crate::form;
use crate::samples::{self, SampleOptions};

/// The sandbox's own fire endpoint.
pub(crate) const FIRE_PATH: &str = "/_sandbox/fire";
/// How long one delivery may take, connecting included.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// What to deliver: the body of `POST /_sandbox/fire`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FireRequest {
    /// AC's event name, e.g. `subscribe`.
    pub event: String,
    /// `initiated_from`; absent: the usual source for the event.
    #[serde(default)]
    pub source: Option<String>,
    /// The list the event happened on; absent: 1 for list events, else 0.
    #[serde(default)]
    pub list: Option<u64>,
    /// Fields to set in the payload, in AC's bracket form, as `[key, value]` pairs.
    #[serde(default)]
    pub data: Vec<(String, String)>,
}

/// One POST to one webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Delivery {
    pub event: String,
    /// The webhook's id, a string as in AC's API.
    pub webhook: String,
    pub url: String,
    /// The receiver's status; `None` when no answer came (see `error`).
    pub status: Option<u16>,
    /// Why no answer came: could not connect, timed out, ...
    pub error: Option<String>,
    /// Milliseconds from sending to the answer (or the failure), to 0.1.
    pub ms: f64,
    /// The second send of a delivery picked by the duplicate rate.
    pub duplicate: bool,
    /// This answer (a 410) deactivated the webhook.
    pub deactivated: bool,
    /// Why nothing was sent: the target is not a loopback address and the sandbox was not
    /// started with `--allow-remote-delivery`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Everything one fire did: the answer of `POST /_sandbox/fire`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FireReport {
    pub event: String,
    /// The payload's `initiated_from`, which sources were matched against.
    pub source: String,
    /// The payload's `list`, which `listid` was matched against.
    pub list: String,
    /// By webhook id; a duplicate follows its first send.
    pub deliveries: Vec<Delivery>,
    /// Ids of matching webhooks that got nothing because they are inactive (a 410 earlier).
    pub skipped: Vec<String>,
}

/// Sends deliveries and tells subscribers of each.
pub(super) struct Deliverer {
    http: reqwest::Client,
    /// Whether targets other than loopback get deliveries (`--allow-remote-delivery`).
    remote: bool,
    duplicate_rate: f64,
    rng: Mutex<Rng>,
    subscribers: Mutex<Vec<mpsc::UnboundedSender<Delivery>>>,
}

impl Deliverer {
    /// A deliverer that sends a `duplicate_rate` share twice, to loopback only unless
    /// `remote`.
    pub(super) fn new(duplicate_rate: f64, remote: bool) -> anyhow::Result<Deliverer> {
        let builder = crate::relay::client(DELIVERY_TIMEOUT);
        let http = if remote {
            builder.build()?
        } else {
            // Every host name resolves through the loopback check, and no proxy stands
            // between the check and the receiver.
            builder
                .no_proxy()
                .dns_resolver(std::sync::Arc::new(LoopbackOnly))
                .build()?
        };
        Ok(Deliverer {
            http,
            remote,
            duplicate_rate: duplicate_rate.clamp(0.0, 1.0),
            rng: Mutex::new(Rng::from_time()),
            subscribers: Mutex::new(Vec::new()),
        })
    }

    pub(super) fn subscribe(&self) -> mpsc::UnboundedReceiver<Delivery> {
        let (tx, rx) = mpsc::unbounded_channel();
        lock(&self.subscribers).push(tx);
        rx
    }

    /// Answers a request under `/_sandbox/` (already authenticated).
    pub(super) async fn endpoint(
        &self,
        store: &Store,
        method: &Method,
        path: &str,
        body: &[u8],
    ) -> EndpointReply {
        if path.trim_end_matches('/') != FIRE_PATH {
            return answer(
                404,
                json!({ "message": format!("No route found for {path}") }),
            );
        }
        if method != Method::POST {
            return EndpointReply {
                allow: Some("POST"),
                ..answer(405, json!({ "message": "Method Not Allowed" }))
            };
        }
        let Ok(request) = serde_json::from_slice::<FireRequest>(body) else {
            return answer(
                400,
                json!({ "message": "the body must be JSON like {\"event\": \"subscribe\", \"source\": \"public\", \"list\": 1, \"data\": [[\"contact[email]\", \"a@example.com\"]]}" }),
            );
        };
        match self.fire(store, &request).await {
            Ok(report) => answer(200, json!(report)),
            Err(problem) => endpoints::invalid(&[problem]),
        }
    }

    /// Delivers `request` to every matching, active webhook and returns once each delivery
    /// has been attempted.
    pub(super) async fn fire(
        &self,
        store: &Store,
        request: &FireRequest,
    ) -> Result<FireReport, Problem> {
        let (event, pairs) = payload(request)?;
        let field = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map_or("", |(_, v)| v.as_str())
        };
        let source = field("initiated_from").to_owned();
        let list = field("list").to_owned();
        let list_id = list.trim().parse::<u64>().ok();
        let (targets, skipped): (Vec<Hook>, Vec<Hook>) = store.read(|s| {
            s.webhooks
                .iter()
                .filter(|h| matches(h, event, &source, list_id))
                .cloned()
                .partition(|h| h.active)
        });

        let body = Bytes::from(form::encode(&pairs));
        let mut tasks = JoinSet::new();
        for hook in targets {
            let twice = lock(&self.rng).chance(self.duplicate_rate);
            let (http, body, name) = (self.http.clone(), body.clone(), event.name);
            let remote = self.remote;
            tasks.spawn(async move {
                let first = send(&http, remote, name, &hook, body.clone(), false).await;
                let again = first.skipped.is_none() && first.status != Some(410);
                let mut sent = vec![first];
                if twice && again {
                    sent.push(send(&http, remote, name, &hook, body, true).await);
                }
                (hook.id, sent)
            });
        }
        let mut deliveries = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            // A delivery task cannot panic short of a bug in reqwest; lose only that one.
            let Ok((id, mut sent)) = joined else {
                continue;
            };
            if let Some(gone) = sent.iter_mut().find(|d| d.status == Some(410)) {
                gone.deactivated = store.set_active(id, false);
            }
            for d in &sent {
                lock(&self.subscribers).retain(|tx| tx.send(d.clone()).is_ok());
            }
            deliveries.extend(sent.into_iter().map(|d| (id, d)));
        }
        deliveries.sort_by_key(|(id, d)| (*id, d.duplicate));
        Ok(FireReport {
            event: event.name.to_owned(),
            source,
            list,
            deliveries: deliveries.into_iter().map(|(_, d)| d).collect(),
            skipped: skipped.iter().map(|h| h.id.to_string()).collect(),
        })
    }
}

fn answer(status: u16, body: serde_json::Value) -> EndpointReply {
    EndpointReply {
        status,
        body,
        allow: None,
    }
}

/// A payload's (key, value) pairs, in order, before encoding.
type Pairs = Vec<(String, String)>;

/// The event and its payload pairs, or the 422 for an unknown event or source.
fn payload(request: &FireRequest) -> Result<(&'static Event, Pairs), Problem> {
    let name = request.event.trim();
    let Some(event) = events::find(name) else {
        let hint = events::suggest(name, events::EVENTS.iter().map(|e| e.name))
            .map(|s| format!(" Did you mean {s}?"))
            .unwrap_or_default();
        return Err(invalid("event", format!("Unknown event: {name}.{hint}")));
    };
    if let Some(source) = &request.source
        && !events::SOURCES.iter().any(|s| s.name == source)
    {
        return Err(invalid(
            "source",
            format!("Unknown source: {source}. Use public, admin, api or system."),
        ));
    }
    let opts = SampleOptions {
        source: request.source.clone(),
        list: request.list,
        now: chrono::Local::now().fixed_offset(),
    };
    let mut pairs = samples::sample(event.name, &opts)
        .ok_or_else(|| invalid("event", format!("No sample for event {}.", event.name)))?;
    samples::customize(&mut pairs, &request.data, &[]).map_err(|e| invalid("data", e))?;
    Ok((event, pairs))
}

fn invalid(field: &'static str, title: String) -> Problem {
    Problem {
        field,
        code: "field_invalid",
        title,
    }
}

/// AC's matching rule; see the module doc. `list` is `None` when the payload's `list` is
/// not a number, which only `listid` 0 (or an event that ignores it) accepts.
pub(super) fn matches(hook: &Hook, event: &Event, source: &str, list: Option<u64>) -> bool {
    hook.events.iter().any(|e| e == event.name)
        && hook.sources.iter().any(|s| s == source)
        && (hook.listid == 0 || !event.uses_list || Some(hook.listid) == list)
}

/// One POST, as AC sends it: form-encoded, never retried, redirects not followed. Unless
/// `remote`, a target that is not loopback is skipped before any connection: here when the
/// URL names an IP address, in the client's resolver when it names a host.
async fn send(
    http: &reqwest::Client,
    remote: bool,
    event: &str,
    hook: &Hook,
    body: Bytes,
    duplicate: bool,
) -> Delivery {
    if !remote && let Some(why) = reach::literal_refusal(&hook.url) {
        return Delivery {
            skipped: Some(why),
            ..unsent(event, hook, duplicate)
        };
    }
    let started = Instant::now();
    let sent = http
        .post(&hook.url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await;
    let ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
    let mut delivery = Delivery {
        ms,
        ..unsent(event, hook, duplicate)
    };
    match sent {
        Ok(resp) => delivery.status = Some(resp.status().as_u16()),
        Err(e) => match reach::refused_in(&e) {
            Some(why) => delivery.skipped = Some(why),
            None => delivery.error = Some(describe(&e)),
        },
    }
    delivery
}

/// A delivery of `event` to `hook` with no outcome yet.
fn unsent(event: &str, hook: &Hook, duplicate: bool) -> Delivery {
    Delivery {
        event: event.to_owned(),
        webhook: hook.id.to_string(),
        url: hook.url.clone(),
        status: None,
        error: None,
        ms: 0.0,
        duplicate,
        deactivated: false,
        skipped: None,
    }
}

/// A short reason for a failed delivery. A refused connection says so, as that is the common
/// "is `acwh listen` running?" case; any other failure after connecting is only "no HTTP
/// answer", so the report does not tell what else listens on a port (a database, an SSH
/// server) from how it broke the exchange.
fn describe(e: &reqwest::Error) -> String {
    let refused = std::iter::successors(Some(e as &(dyn std::error::Error + 'static)), |e| {
        e.source()
    })
    .filter_map(|e| e.downcast_ref::<std::io::Error>())
    .any(|e| e.kind() == std::io::ErrorKind::ConnectionRefused);
    if e.is_timeout() {
        format!("no answer within {}s", DELIVERY_TIMEOUT.as_secs())
    } else if refused {
        "could not connect: connection refused (is the receiver running?)".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else {
        "no HTTP answer".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(events: &[&str], sources: &[&str], listid: u64) -> Hook {
        Hook {
            id: 1,
            name: "h".into(),
            url: "http://127.0.0.1:9/".into(),
            events: events.iter().map(|s| s.to_string()).collect(),
            sources: sources.iter().map(|s| s.to_string()).collect(),
            listid,
            cdate: String::new(),
            active: true,
        }
    }

    fn event(name: &str) -> &'static Event {
        events::find(name).expect("known event")
    }

    #[test]
    fn events_and_sources_must_both_match() {
        let h = hook(&["subscribe", "update"], &["public", "api"], 0);
        assert!(matches(&h, event("subscribe"), "public", Some(1)));
        assert!(matches(&h, event("update"), "api", Some(3)));
        assert!(!matches(&h, event("unsubscribe"), "public", Some(1)));
        assert!(!matches(&h, event("subscribe"), "admin", Some(1)));
    }

    #[test]
    fn listid_restricts_only_the_events_that_use_it() {
        let on_two = hook(&["subscribe", "deal_add"], &["public", "admin"], 2);
        assert!(matches(&on_two, event("subscribe"), "public", Some(2)));
        assert!(!matches(&on_two, event("subscribe"), "public", Some(1)));
        assert!(!matches(&on_two, event("subscribe"), "public", None));
        // deal_add is one of the events listid has no effect on
        // (docs/activecampaign.md#the-list-filter).
        assert!(matches(&on_two, event("deal_add"), "admin", Some(0)));
        let all = hook(&["subscribe"], &["public"], 0);
        assert!(matches(&all, event("subscribe"), "public", None));
    }

    #[test]
    fn payload_applies_source_list_and_data() {
        let request = FireRequest {
            event: "subscribe".into(),
            source: Some("api".into()),
            list: Some(3),
            data: vec![
                ("contact[email]".into(), "x@example.com".into()),
                ("extra".into(), "1".into()),
            ],
        };
        let (event, pairs) = payload(&request).expect("valid");
        assert_eq!(event.name, "subscribe");
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("initiated_from"), Some("api"));
        assert_eq!(get("list"), Some("3"));
        assert_eq!(get("contact[email]"), Some("x@example.com"));
        assert_eq!(pairs.last().map(|(k, _)| k.as_str()), Some("extra"));
    }

    /// Resolves every name to 10.0.0.1 through the loopback check, as `LoopbackOnly` would
    /// for such a name; nothing is ever connected to.
    struct Private;

    impl reqwest::dns::Resolve for Private {
        fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
            let host = name.as_str().to_owned();
            Box::pin(async move {
                let private = std::net::SocketAddr::new([10, 0, 0, 1].into(), 0);
                reach::check_resolved(&host, &[private])?;
                Ok(Box::new(std::iter::empty()) as reqwest::dns::Addrs)
            })
        }
    }

    #[tokio::test]
    async fn a_name_that_resolves_elsewhere_is_skipped_not_failed() {
        let http = reqwest::Client::builder()
            .no_proxy()
            .dns_resolver(std::sync::Arc::new(Private))
            .build()
            .unwrap();
        let mut h = hook(&["subscribe"], &["public"], 0);
        h.url = "http://hooks.example.test:8080/".into();
        let d = send(&http, false, "subscribe", &h, Bytes::new(), false).await;
        assert_eq!((d.status, d.error.as_deref()), (None, None));
        let why = d.skipped.unwrap_or_default();
        assert!(
            why.starts_with("hooks.example.test is 10.0.0.1, not a loopback address"),
            "{why}"
        );
    }

    #[tokio::test]
    async fn an_address_that_is_not_loopback_is_skipped_before_connecting() {
        let http = reqwest::Client::new();
        let mut h = hook(&["subscribe"], &["public"], 0);
        // A link-local address with no scope: no connection could reach it anyway.
        h.url = "https://[fe80::1]/".into();
        let d = send(&http, false, "subscribe", &h, Bytes::new(), false).await;
        assert_eq!((d.status, d.error.as_deref(), d.ms), (None, None, 0.0));
        assert!(
            d.skipped
                .is_some_and(|w| w.contains("--allow-remote-delivery"))
        );
    }

    #[test]
    fn unknown_event_or_source_is_a_problem() {
        let bad = |event: &str, source: Option<&str>| {
            payload(&FireRequest {
                event: event.into(),
                source: source.map(str::to_owned),
                ..FireRequest::default()
            })
            .err()
            .map(|p| (p.field, p.title))
        };
        let (field, title) = bad("subscrbe", None).expect("unknown event");
        assert_eq!(field, "event");
        assert!(title.contains("Did you mean subscribe?"), "{title}");
        assert_eq!(bad("subscribe", Some("robot")).map(|p| p.0), Some("source"));
    }
}
