//! The inspector's JSON API and its page (README: "The inspector's API"). Every answer is
//! built from the store on the inspector's thread; values from deliveries go out as JSON
//! strings, never as markup.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request};
use serde_json::{Map, Value, json};
use url::Url;

use super::Shared;
use super::reply::{Reply, error, json_reply, reply};
use super::search::Query;
use super::store::Entry;
use crate::listen::Body;

/// The page: one self-contained file.
const PAGE: &str = include_str!("page.html");

/// The largest request body the API reads (a replay's edits).
const MAX_ASK: usize = 1024 * 1024;

/// How much of a receiver's answer a replay reports.
const BODY_HEAD: usize = 2048;

/// Where a replay goes when neither the page nor `--forward-to` says: `listen`'s default.
const DEFAULT_TARGET: &str = "http://127.0.0.1:8080/";

/// Why a request cannot be answered as asked: a status and a message for `{"error": …}`.
struct Fail(u16, String);

fn fail(status: u16, message: impl Into<String>) -> Fail {
    Fail(status, message.into())
}

impl Fail {
    fn reply(self) -> Reply {
        error(self.0, &self.1)
    }
}

pub(super) async fn route(shared: Arc<Shared>, req: Request<Incoming>) -> Reply {
    let path = req.uri().path().to_string();
    let params: Vec<(String, String)> =
        form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // `seq=1,2` and `seq=1&seq=2` alike.
    let seqs: Vec<&str> = params
        .iter()
        .filter(|(k, _)| k == "seq")
        .map(|(_, v)| v.as_str())
        .collect();
    let seqs = seqs.join(",");
    // The one normal form of the path, which the guards saw too (`server::api_path`).
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let get = req.method() == Method::GET || req.method() == Method::HEAD;
    match (get, parts.as_slice()) {
        (true, [""]) => reply(200, "text/html; charset=utf-8", PAGE),
        (true, ["api", "info"]) => json_reply(200, &info(&shared)),
        (true, ["api", "deliveries"]) => list(&shared, param("q"), param("event"), param("after")),
        (true, ["api", "deliveries", seq]) => {
            with_entry(&shared, seq, |e| json_reply(200, &detail(&shared, e)))
        }
        (true, ["api", "deliveries", seq, "curl"]) => {
            let to = param("to").map(str::to_string);
            with_entry(&shared, seq, |e| curl(&shared, e, to.as_deref()))
        }
        (true, ["api", "diff"]) => diff(&shared, param("a"), param("b"), param("all")),
        (true, ["api", "export.har"]) => match chosen(&shared, &seqs) {
            Ok(entries) => har(&shared, &entries),
            Err(f) => f.reply(),
        },
        (true, ["api", "export.ndjson"]) => match chosen(&shared, &seqs) {
            Ok(entries) => ndjson(&entries),
            Err(f) => f.reply(),
        },
        (true, ["api", "stream"]) => {
            let last_id = req
                .headers()
                .get("last-event-id")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            let after = last_id.or_else(|| param("after").and_then(|a| a.parse().ok()));
            stream(shared, after)
        }
        (false, ["api", "deliveries", seq, "replay"]) if req.method() == Method::POST => {
            let seq = seq.to_string();
            replay(shared, &seq, req.into_body()).await
        }
        (_, path) if known(path) => {
            let allow = match path {
                ["api", "deliveries", _, "replay"] => "POST",
                _ => "GET, HEAD",
            };
            let mut r = error(405, &format!("method not allowed: use {allow}"));
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
            r
        }
        _ => error(404, "no such page: the inspector is at /"),
    }
}

/// Whether a path is one the inspector serves (with some method).
fn known(path: &[&str]) -> bool {
    matches!(
        path,
        [""] | [
            "api",
            "info" | "deliveries" | "diff" | "stream" | "export.har" | "export.ndjson"
        ] | ["api", "deliveries", _]
            | ["api", "deliveries", _, "curl" | "replay"]
    )
}

/// `GET /api/info`: what the page's header shows and its event filter offers.
fn info(shared: &Shared) -> Value {
    let events: Vec<&str> = crate::events::EVENTS
        .iter()
        .map(|e| e.name)
        .chain([crate::samples::AUTOMATION])
        .collect();
    let store = crate::sync::lock(&shared.store);
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "listening": shared.listening,
        "forward_to": shared.forward.iter().map(|r| r.url.as_str()).collect::<Vec<_>>(),
        "keep": shared.keep,
        "kept": store.len(),
        "last_seq": store.last_seq(),
        "missed": shared.dropped.load(std::sync::atomic::Ordering::Relaxed),
        "events": events,
    })
}

/// `GET /api/deliveries?q=&event=&after=`: summaries, oldest first.
fn list(shared: &Shared, q: Option<&str>, event: Option<&str>, after: Option<&str>) -> Reply {
    let after = match after.map(str::parse::<u64>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return error(400, "after= must be a delivery number"),
    };
    let query = Query::parse(q.unwrap_or(""));
    let event = event.filter(|e| !e.is_empty());
    let entries = crate::sync::lock(&shared.store).after(after);
    let mut rows = String::from("[");
    for e in entries
        .iter()
        .filter(|e| event.is_none_or(|ev| e.capture.kind() == Some(ev)))
        .filter(|e| query.is_empty() || query.matches(&e.capture))
    {
        if rows.len() > 1 {
            rows.push(',');
        }
        rows.push_str(e.summary());
    }
    rows.push(']');
    reply(200, "application/json", rows)
}

/// The entry numbered `seq`, given to `f`, or 400/404.
fn with_entry(shared: &Shared, seq: &str, f: impl FnOnce(&Entry) -> Reply) -> Reply {
    let Ok(n) = seq.parse::<u64>() else {
        return error(
            400,
            "a delivery is named by its number, e.g. /api/deliveries/3",
        );
    };
    let entry = crate::sync::lock(&shared.store).get(n);
    match entry {
        Some(e) => f(&e),
        None => error(404, &format!("no delivery #{n} is kept")),
    }
}

/// `GET /api/deliveries/SEQ`: everything about one delivery.
fn detail(shared: &Shared, e: &Entry) -> Value {
    let cap = &e.capture;
    let (kind, pairs, notes) = match &cap.body {
        Body::Empty => ("empty", None, vec![]),
        Body::Form { pairs, notes, .. } => ("form", Some(pairs), notes.clone()),
        Body::Json(_) => ("json", None, vec![]),
        Body::BadJson { error, .. } => ("bad_json", None, vec![error.clone()]),
        Body::Multipart(_) => ("multipart", None, vec![]),
        Body::BadMultipart { error } => ("bad_multipart", None, vec![error.clone()]),
        Body::Text(_) => ("text", None, vec![]),
        Body::Binary { .. } => ("binary", None, vec![]),
    };
    let names = shared
        .names
        .get()
        .and_then(|n| n.get())
        .map(|n| n.used(cap.body.tree()))
        .unwrap_or_default();
    let mut v = e.summary_value();
    if let Some(obj) = v.as_object_mut() {
        let more = json!({
            "path": cap.path,
            "query": cap.query_pairs(),
            "headers": cap.headers,
            "remote_addr": cap.remote.to_string(),
            "body_kind": kind,
            "pairs": pairs,
            "tree": cap.body.tree(),
            "notes": notes,
            "body_base64": base64::engine::general_purpose::STANDARD.encode(&cap.raw),
            "body_text": std::str::from_utf8(&cap.raw).ok(),
            "answer": e.answer.as_ref().map(|a| {
                let mut j = a.to_json();
                if let (Some(f), Some(fj)) = (&a.forward, j.get_mut("forward").and_then(Value::as_object_mut)) {
                    fj.insert("body_head".into(), json!(f.body_head));
                }
                j
            }),
            "field_names": names,
        });
        if let Value::Object(more) = more {
            obj.extend(more);
        }
    }
    v
}

/// Where a replay or a curl command goes: the URL given, else the first `--forward-to`, else
/// `listen`'s default address.
fn base(shared: &Shared, to: Option<&str>) -> Result<Url, Fail> {
    let given = to.map(str::trim).filter(|t| !t.is_empty());
    let url = match given {
        Some(t) => Url::parse(t).ok(),
        None => Some(match shared.forward.first() {
            Some(r) => r.url.clone(),
            None => Url::parse(DEFAULT_TARGET).map_err(|_| fail(500, "no default target"))?,
        }),
    };
    url.filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| {
            fail(
                400,
                "\"to\" must be an http(s) URL, e.g. http://localhost:3000/",
            )
        })
}

/// The URL one delivery goes to under `base`, or why it cannot be sent again.
fn target(e: &Entry, base: &Url) -> Result<Url, Fail> {
    if let Some(why) = crate::relay::unsendable(&e.capture.request()) {
        return Err(fail(400, why));
    }
    crate::relay::join_target(base, &e.capture.target()).map_err(|why| fail(400, why))
}

/// `GET /api/deliveries/SEQ/curl?to=URL`: the shell command that sends it again.
fn curl(shared: &Shared, e: &Entry, to: Option<&str>) -> Reply {
    let url = match base(shared, to).and_then(|b| target(e, &b)) {
        Ok(url) => url,
        Err(f) => return f.reply(),
    };
    let command = crate::relay::curl_command(&e.capture.request(), &url);
    reply(200, "text/plain; charset=utf-8", command + "\n")
}

/// `POST /api/deliveries/SEQ/replay` with `{"to", "set", "unset"}`.
async fn replay(shared: Arc<Shared>, seq: &str, body: Incoming) -> Reply {
    let Ok(n) = seq.parse::<u64>() else {
        return error(
            400,
            "a delivery is named by its number, e.g. /api/deliveries/3/replay",
        );
    };
    let Some(entry) = crate::sync::lock(&shared.store).get(n) else {
        return error(404, &format!("no delivery #{n} is kept"));
    };
    let ask = match Limited::new(body, MAX_ASK).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return error(413, "the request is too large"),
    };
    let ask: Value = match serde_json::from_slice(&ask) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) | Err(_) => {
            return error(
                400,
                "send a JSON object: {\"to\": URL, \"set\": {KEY: VALUE}, \"unset\": [KEY]}",
            );
        }
    };
    let (set, unset) = match edits(&ask) {
        Ok(edits) => edits,
        Err(why) => return error(400, &why),
    };
    let url = match base(&shared, ask.get("to").and_then(Value::as_str))
        .and_then(|b| target(&entry, &b))
    {
        Ok(url) => url,
        Err(f) => return f.reply(),
    };
    let mut req = entry.capture.request();
    if !set.is_empty() || !unset.is_empty() {
        if let Some(what) = crate::edit::not_editable(&entry.capture.headers) {
            return error(
                400,
                &format!(
                    "the body {what}: only application/x-www-form-urlencoded bodies can be edited"
                ),
            );
        }
        // Off the inspector's one thread: a page may ask for thousands of edits.
        let raw = entry.capture.raw.clone();
        let edited = tokio::task::spawn_blocking(move || crate::edit::edit(&raw, &set, &unset));
        match edited.await {
            Ok(Ok(body)) => req.body = Bytes::from(body),
            Ok(Err(why)) => return error(400, &why),
            Err(_) => return error(500, "the edit could not be made"),
        }
    }
    let http = match crate::relay::client(Duration::from_secs(30)).build() {
        Ok(h) => h,
        Err(e) => return error(500, &format!("could not start an HTTP client: {e}")),
    };
    let started = Instant::now();
    match crate::relay::send(&http, &req, &url, BODY_HEAD).await {
        Ok(answer) => json_reply(
            200,
            &json!({
                "url": url.as_str(),
                "status": answer.status,
                "ms": crate::listen::micros(started.elapsed()),
                "body_head": String::from_utf8_lossy(&answer.body),
            }),
        ),
        Err(e) => error(
            502,
            &format!(
                "could not reach {url} ({}): is it running?",
                crate::error::root_cause(&e)
            ),
        ),
    }
}

/// A replay's `set` (an object of strings, in its order) and `unset` (an array of strings).
/// A replay's edits: the pairs to set, in order, and the keys to unset.
type Edits = (Vec<(String, String)>, Vec<String>);

fn edits(ask: &Value) -> Result<Edits, String> {
    let empty = Map::new();
    let set = match ask.get("set") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => return Err("\"set\" must be an object of KEY: VALUE strings".into()),
    };
    let set = set
        .iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k.clone(), s.clone())),
            _ => Err(format!("\"set\": the value of {k} must be a string")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let unset = match ask.get("unset") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a
            .iter()
            .map(|k| k.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("\"unset\" must be an array of keys")?,
        Some(_) => return Err("\"unset\" must be an array of keys".into()),
    };
    Ok((set, unset))
}

/// `GET /api/diff?a=&b=[&all=1]`.
fn diff(shared: &Shared, a: Option<&str>, b: Option<&str>, all: Option<&str>) -> Reply {
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<u64>().ok());
    let (Some(a), Some(b)) = (num(a), num(b)) else {
        return error(400, "name two deliveries: /api/diff?a=SEQ&b=SEQ");
    };
    let (ea, eb) = {
        let store = crate::sync::lock(&shared.store);
        (store.get(a), store.get(b))
    };
    let (Some(ea), Some(eb)) = (ea, eb) else {
        let missing = if crate::sync::lock(&shared.store).get(a).is_none() {
            a
        } else {
            b
        };
        return error(404, &format!("no delivery #{missing} is kept"));
    };
    let all = all.is_some_and(|v| !matches!(v, "" | "0" | "false"));
    let d = crate::diff::bodies(
        (&ea.capture.body, &ea.capture.raw),
        (&eb.capture.body, &eb.capture.raw),
        all,
    );
    let mut v = d.to_json();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("a".into(), json!(a));
        obj.insert("b".into(), json!(b));
    }
    json_reply(200, &v)
}

/// The entries `seq=1,2,5` names (repeated `seq=` too), in seq order, or every kept one.
fn chosen(shared: &Shared, seqs: &str) -> Result<Vec<Arc<Entry>>, Fail> {
    let store = crate::sync::lock(&shared.store);
    if seqs.trim().is_empty() {
        return Ok(store.after(0));
    }
    let mut numbers = seqs
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| fail(400, "seq= takes delivery numbers, e.g. seq=1,2,5"))
        })
        .collect::<Result<Vec<u64>, Fail>>()?;
    // In seq order, once each: a save file read back must number on from its last line.
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|n| {
            store
                .get(n)
                .ok_or_else(|| fail(404, format!("no delivery #{n} is kept")))
        })
        .collect()
}

fn attachment(mut r: Reply, name: &'static str) -> Reply {
    r.headers_mut()
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(name));
    r
}

/// `GET /api/export.har`: HAR 1.2, the answer actually given in each entry.
fn har(shared: &Shared, entries: &[Arc<Entry>]) -> Reply {
    let refs: Vec<super::har::Entry<'_>> = entries
        .iter()
        .map(|e| super::har::Entry {
            capture: &e.capture,
            seen: e.seen,
            answer: e.answer.as_ref(),
        })
        .collect();
    let base = shared.listening.trim_end_matches('/');
    let body = serde_json::to_vec_pretty(&super::har::har(&refs, base)).unwrap_or_default();
    attachment(
        reply(200, "application/json", body),
        "attachment; filename=\"acwh.har\"",
    )
}

/// `GET /api/export.ndjson`: the `--save` lines, so `acwh captures` and `replay` read it.
fn ndjson(entries: &[Arc<Entry>]) -> Reply {
    let mut out = String::new();
    for e in entries {
        out.push_str(&crate::listen::render::saved_line(
            &e.capture,
            e.seen,
            e.answer.as_ref(),
        ));
        out.push('\n');
    }
    attachment(
        reply(200, "application/x-ndjson", out),
        "attachment; filename=\"acwh.ndjson\"",
    )
}

/// `GET /api/stream`: Server-Sent Events. Deliveries after `after` first (a reconnecting
/// page's `Last-Event-ID`), then each new one as it is kept; a heartbeat comment at once and
/// every `shared.heartbeat`, so the page notices a dead connection.
fn stream(shared: Arc<Shared>, after: Option<u64>) -> Reply {
    let mut latest = shared.latest.subscribe();
    // Without a starting point, only what comes from now on.
    let last = after.unwrap_or_else(|| *latest.borrow_and_update());
    let state = (shared, latest, last, true, 0u64);
    let events = futures_util::stream::unfold(
        state,
        |(shared, mut latest, mut last, first, mut missed)| async move {
            let mut text = String::new();
            if first {
                text.push_str("retry: 1000\n: heartbeat\n\n");
            }
            loop {
                let fresh = crate::sync::lock(&shared.store).after(last);
                for e in &fresh {
                    text.push_str(&format!(
                        "id: {}\nevent: delivery\ndata: {}\n\n",
                        e.seq(),
                        e.summary()
                    ));
                    last = e.seq();
                }
                let now_missed = shared.dropped.load(std::sync::atomic::Ordering::Relaxed);
                if now_missed != missed {
                    missed = now_missed;
                    text.push_str(&format!("event: missed\ndata: {missed}\n\n"));
                }
                if !text.is_empty() {
                    break;
                }
                let beat = tokio::time::sleep(shared.heartbeat);
                tokio::select! {
                    changed = latest.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                    }
                    () = beat => text.push_str(": heartbeat\n\n"),
                }
            }
            let frame: Result<Frame<Bytes>, Infallible> = Ok(Frame::data(Bytes::from(text)));
            Some((frame, (shared, latest, last, false, missed)))
        },
    );
    let mut r = hyper::Response::new(StreamBody::new(events).boxed());
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    r
}
