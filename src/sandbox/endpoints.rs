//! AC's v3 endpoints as the sandbox answers them: routing under `/api/3`, envelopes,
//! pagination and filters, and AC's 422 shape for what [`super::validate`] rejects. Takes an
//! already-read request (method, path, query, body bytes) and returns a status and a JSON
//! body; knows nothing of connections, credentials, rate limits or faults, which
//! [`super::Sandbox`] deals with first.

use hyper::Method;
use serde_json::{Value, json};

use super::rules::{Changes, Problem};
use super::state::{self, Hook, Store};
use crate::events;

/// AC's page size when `limit` is absent, and the most one page may hold
/// (docs/activecampaign.md#pages).
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

/// What to send back: a status, a JSON body and, for a 405, the methods the path takes.
#[derive(Debug)]
pub(super) struct EndpointReply {
    pub status: u16,
    pub body: Value,
    pub allow: Option<&'static str>,
}

impl EndpointReply {
    fn new(status: u16, body: Value) -> EndpointReply {
        EndpointReply {
            status,
            body,
            allow: None,
        }
    }

    fn ok(body: Value) -> EndpointReply {
        EndpointReply::new(200, body)
    }

    fn message(status: u16, message: impl Into<String>) -> EndpointReply {
        EndpointReply::new(status, json!({ "message": message.into() }))
    }

    fn not_allowed(allow: &'static str) -> EndpointReply {
        EndpointReply {
            allow: Some(allow),
            ..EndpointReply::message(405, "Method Not Allowed")
        }
    }

    /// AC's answer to a body that is not JSON (many operations declare `400 {}`).
    fn bad_json() -> EndpointReply {
        EndpointReply::new(400, json!({}))
    }
}

/// Answers one authenticated, admitted request.
pub(super) fn route(
    store: &Store,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> EndpointReply {
    let Some(rest) = path
        .strip_prefix("/api/3")
        .filter(|r| r.is_empty() || r.starts_with('/'))
    else {
        return no_route(path);
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let segments: Vec<&str> = rest.split('/').skip(1).collect();
    let query = Query::parse(query);
    match (segments.as_slice(), method) {
        (["webhooks"], &Method::GET) => list_webhooks(store, &query),
        (["webhooks"], &Method::POST) => create_webhook(store, body),
        (["webhooks"], _) => EndpointReply::not_allowed("GET, POST"),
        (["webhooks", id], &Method::GET) => match parse_id(id) {
            Some(id) => match store.read(|s| s.hook(id).map(Hook::to_json)) {
                Some(hook) => EndpointReply::ok(json!({ "webhook": hook })),
                None => no_webhook(id),
            },
            None => no_webhook(id),
        },
        (["webhooks", id], &Method::PUT) => update_webhook(store, id, body),
        (["webhooks", id], &Method::DELETE) => delete_webhook(store, id),
        (["webhooks", _], _) => EndpointReply::not_allowed("GET, PUT, DELETE"),
        (["webhook", "events"], &Method::GET) => list_events(&query),
        (["lists"], &Method::GET) => list_lists(&query),
        (["fields"], &Method::GET) => {
            let (total, page) = paged(state::fields(), query.page(DEFAULT_LIMIT));
            EndpointReply::ok(json!({ "fields": page, "meta": { "total": total.to_string() } }))
        }
        (["lists", id], &Method::GET) => {
            let list = parse_id(id).and_then(|n| {
                state::lists()
                    .into_iter()
                    .find(|l| l["id"] == n.to_string().as_str())
            });
            match list {
                Some(list) => EndpointReply::ok(json!({ "list": list })),
                None => {
                    EndpointReply::message(404, format!("No Result found for List with id {id}"))
                }
            }
        }
        (["users", "me"], &Method::GET) => EndpointReply::ok(state::me()),
        (["webhook", "events"] | ["lists"] | ["lists", _] | ["users", "me"], _) => {
            EndpointReply::not_allowed("GET")
        }
        _ => no_route(path),
    }
}

fn no_route(path: &str) -> EndpointReply {
    EndpointReply::message(404, format!("No route found for {path}"))
}

fn no_webhook(id: impl std::fmt::Display) -> EndpointReply {
    EndpointReply::message(404, format!("No Result found for Webhook with id {id}"))
}

/// A path id: digits only (`u64::from_str` would also take a leading `+`).
fn parse_id(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The form-decoded query string.
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(raw: Option<&str>) -> Query {
        Query(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `(offset, limit)`. A missing, unreadable or zero `limit` means `default`; any limit
    /// is capped at AC's 100.
    fn page(&self, default: usize) -> (usize, usize) {
        let number = |key| self.get(key).and_then(|v| v.trim().parse::<usize>().ok());
        let limit = number("limit")
            .filter(|&n| n > 0)
            .unwrap_or(default)
            .min(MAX_LIMIT);
        (number("offset").unwrap_or(0), limit)
    }
}

/// One page of `items`; `total` is the count before paging.
fn paged<T>(items: Vec<T>, (offset, limit): (usize, usize)) -> (usize, Vec<T>) {
    let total = items.len();
    (total, items.into_iter().skip(offset).take(limit).collect())
}

fn list_webhooks(store: &Store, query: &Query) -> EndpointReply {
    let name = query.get("filters[name]");
    let url = query.get("filters[url]");
    // A non-numeric listid filter matches nothing rather than everything.
    let listid = query
        .get("filters[listid]")
        .map(|v| v.trim().parse::<u64>().ok());
    let matching: Vec<Value> = store.read(|s| {
        s.webhooks
            .iter()
            .filter(|h| name.is_none_or(|n| h.name == n))
            .filter(|h| url.is_none_or(|u| h.url == u))
            .filter(|h| listid.is_none_or(|l| l == Some(h.listid)))
            .map(Hook::to_json)
            .collect()
    });
    let (total, page) = paged(matching, query.page(DEFAULT_LIMIT));
    EndpointReply::ok(json!({ "webhooks": page, "meta": { "total": total.to_string() } }))
}

fn list_events(query: &Query) -> EndpointReply {
    let names: Vec<&str> = events::EVENTS.iter().map(|e| e.name).collect();
    // Without a `limit` AC's documented answer holds every event in one page.
    let (total, page) = paged(names, query.page(MAX_LIMIT));
    // A number here, not a string: AC's one exception
    // (docs/activecampaign.md#numbers-as-strings-with-one-exception).
    EndpointReply::ok(json!({ "webhookEvents": page, "meta": { "total": total } }))
}

fn list_lists(query: &Query) -> EndpointReply {
    let name = query.get("filters[name]");
    let lists: Vec<Value> = state::lists()
        .into_iter()
        .filter(|l| name.is_none_or(|n| l["name"] == n))
        .collect();
    let (total, page) = paged(lists, query.page(DEFAULT_LIMIT));
    EndpointReply::ok(json!({ "lists": page, "meta": { "total": total.to_string() } }))
}

fn create_webhook(store: &Store, body: &[u8]) -> EndpointReply {
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return EndpointReply::bad_json();
    };
    let changes = match Changes::parse(body.get("webhook"), true) {
        Ok(c) => c,
        Err(problems) => return invalid(&problems),
    };
    let hook = Hook {
        id: 0,
        name: changes.name.unwrap_or_default(),
        url: changes.url.unwrap_or_default(),
        events: changes.events.unwrap_or_default(),
        sources: changes.sources.unwrap_or_default(),
        listid: changes.listid.unwrap_or(0),
        cdate: state::now(),
        active: true,
    };
    let saved = store.update(|s| {
        let id = s.insert(hook);
        Ok::<_, ()>(s.hook(id).map(Hook::to_json))
    });
    match saved {
        Ok(Ok(Some(hook))) => EndpointReply::new(201, json!({ "webhook": hook })),
        Ok(_) => EndpointReply::message(500, "the new webhook was not stored"),
        Err(e) => save_failed(&e),
    }
}

fn update_webhook(store: &Store, id: &str, body: &[u8]) -> EndpointReply {
    let Some(n) = parse_id(id) else {
        return no_webhook(id);
    };
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return EndpointReply::bad_json();
    };
    let changes = match Changes::parse(body.get("webhook"), false) {
        Ok(c) => c,
        Err(problems) => return invalid(&problems),
    };
    let saved = store.update(|s| {
        let hook = s.hook_mut(n).ok_or(())?;
        changes.apply(hook);
        Ok(hook.to_json())
    });
    match saved {
        Ok(Ok(hook)) => EndpointReply::ok(json!({ "webhook": hook })),
        Ok(Err(())) => no_webhook(n),
        Err(e) => save_failed(&e),
    }
}

fn delete_webhook(store: &Store, id: &str) -> EndpointReply {
    let Some(n) = parse_id(id) else {
        return no_webhook(id);
    };
    match store.update(|s| if s.remove(n) { Ok(()) } else { Err(()) }) {
        Ok(Ok(())) => EndpointReply::ok(json!({})),
        Ok(Err(())) => no_webhook(n),
        Err(e) => save_failed(&e),
    }
}

fn save_failed(e: &anyhow::Error) -> EndpointReply {
    EndpointReply::message(500, format!("{e:#}"))
}

/// AC's 422: one entry per problem, pointing at the field.
pub(super) fn invalid(problems: &[Problem]) -> EndpointReply {
    let errors: Vec<Value> = problems
        .iter()
        .map(|p| {
            json!({
                "title": p.title,
                "detail": "",
                "code": p.code,
                "source": { "pointer": format!("/data/attributes/{}", p.field) },
            })
        })
        .collect();
    EndpointReply::new(422, json!({ "errors": errors }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_digits_only() {
        assert_eq!(parse_id("42"), Some(42));
        for bad in ["", "+1", "-1", "abc", "1.0", "99999999999999999999999"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn page_defaults_and_caps() {
        assert_eq!(Query::parse(None).page(20), (0, 20));
        assert_eq!(Query::parse(Some("limit=500&offset=3")).page(20), (3, 100));
        assert_eq!(Query::parse(Some("limit=x&offset=y")).page(20), (0, 20));
    }
}
