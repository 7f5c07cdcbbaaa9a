//! Validation of a webhook in a create or update request, by AC's rules
//! (docs/activecampaign.md#the-webhook-object) and the built-in event table. Pure: no I/O, no
//! HTTP.

use serde_json::{Map, Value};

use super::state::Hook;
use crate::events;

/// One 422 entry, in AC's shape.
#[derive(Debug)]
pub(super) struct Problem {
    pub field: &'static str,
    pub code: &'static str,
    pub title: String,
}

fn missing(field: &'static str, title: &str) -> Problem {
    Problem {
        field,
        code: "field_missing",
        title: title.to_owned(),
    }
}

fn bad(field: &'static str, title: String) -> Problem {
    Problem {
        field,
        code: "field_invalid",
        title,
    }
}

/// The fields a create or update request gives, each already validated.
#[derive(Debug, Default)]
pub(super) struct Changes {
    pub name: Option<String>,
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub sources: Option<Vec<String>>,
    pub listid: Option<u64>,
}

impl Changes {
    /// Validates `webhook` (the object under the `webhook` key). With `create`, the four
    /// required fields must be there; otherwise only the given ones are checked. A `null`
    /// counts as not given.
    pub(super) fn parse(webhook: Option<&Value>, create: bool) -> Result<Changes, Vec<Problem>> {
        let empty = Map::new();
        let obj = webhook.and_then(Value::as_object).unwrap_or(&empty);
        let field = |key: &str| obj.get(key).filter(|v| !v.is_null());
        let mut problems = Vec::new();
        let mut changes = Changes::default();

        match field("name") {
            None if create => problems.push(missing("name", "The webhook name was not provided.")),
            None => {}
            Some(Value::String(s)) if s.trim().is_empty() => {
                problems.push(missing("name", "The webhook name was not provided."));
            }
            Some(Value::String(s)) => changes.name = Some(s.clone()),
            Some(_) => problems.push(bad("name", "The webhook name must be a string.".into())),
        }

        match field("url") {
            None if create => problems.push(missing("url", "The webhook URL was not provided.")),
            None => {}
            Some(Value::String(s)) if s.trim().is_empty() => {
                problems.push(missing("url", "The webhook URL was not provided."));
            }
            Some(Value::String(s)) if url_allowed(s) => changes.url = Some(s.clone()),
            Some(Value::String(s)) => problems.push(bad(
                "url",
                format!(
                    "The webhook URL {s} is not allowed: use https on port 443 \
                     (or http to a loopback address)."
                ),
            )),
            Some(_) => problems.push(bad("url", "The webhook URL must be a string.".into())),
        }

        let known_events: Vec<&str> = events::EVENTS.iter().map(|e| e.name).collect();
        match names(field("events"), create, "events", "event", &known_events) {
            Ok(v) => changes.events = v,
            Err(p) => problems.push(p),
        }
        let known_sources: Vec<&str> = events::SOURCES.iter().map(|s| s.name).collect();
        match names(
            field("sources"),
            create,
            "sources",
            "source",
            &known_sources,
        ) {
            Ok(v) => changes.sources = v,
            Err(p) => problems.push(p),
        }

        // AC takes an integer; a numeric string is accepted too, as AC sends it back as one.
        match field("listid") {
            None => {}
            Some(v) => match v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            {
                Some(n) => changes.listid = Some(n),
                None => problems.push(bad(
                    "listid",
                    "The list id must be a non-negative integer.".into(),
                )),
            },
        }

        if problems.is_empty() {
            Ok(changes)
        } else {
            Err(problems)
        }
    }

    pub(super) fn apply(self, hook: &mut Hook) {
        if let Some(v) = self.name {
            hook.name = v;
        }
        if let Some(v) = self.url {
            hook.url = v;
        }
        if let Some(v) = self.events {
            hook.events = v;
        }
        if let Some(v) = self.sources {
            hook.sources = v;
        }
        if let Some(v) = self.listid {
            hook.listid = v;
        }
    }
}

/// Validates a non-empty array of names from `known` (`events` or `sources`).
fn names(
    value: Option<&Value>,
    create: bool,
    field: &'static str,
    noun: &str,
    known: &[&str],
) -> Result<Option<Vec<String>>, Problem> {
    let no_names = || missing(field, &format!("No webhook {field} were provided."));
    let Some(value) = value else {
        return if create { Err(no_names()) } else { Ok(None) };
    };
    let Some(items) = value.as_array() else {
        return Err(bad(field, format!("The webhook {field} must be an array.")));
    };
    if items.is_empty() {
        return Err(no_names());
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item.as_str() {
            Some(name) if known.contains(&name) => out.push(name.to_owned()),
            Some(name) => return Err(bad(field, format!("Unknown webhook {noun}: {name}."))),
            None => return Err(bad(field, format!("Each webhook {noun} must be a string."))),
        }
    }
    Ok(Some(out))
}

/// AC delivers only over https on port 443 (docs/activecampaign.md#https-on-port-443-only).
/// Plain http to a loopback host is let through as well, so that a local receiver
/// (`acwh listen`) works with the sandbox.
fn url_allowed(raw: &str) -> bool {
    let Ok(url) = url::Url::parse(raw) else {
        return false;
    };
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => url.port_or_known_default() == Some(443),
        ("http", Some(url::Host::Domain(d))) => d.eq_ignore_ascii_case("localhost"),
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn urls_follow_acs_port_rule_with_a_loopback_exception() {
        for ok in [
            "https://example.com/hook",
            "https://example.com:443/hook",
            "http://127.0.0.1:8080/x",
            "http://127.9.9.9/x",
            "http://localhost:3000",
            "http://[::1]:9000/",
        ] {
            assert!(url_allowed(ok), "{ok}");
        }
        for bad in [
            "https://example.com:8443/hook",
            "http://example.com/hook",
            "http://10.0.0.1/x",
            "ftp://127.0.0.1/",
            "not a url",
            "https://",
        ] {
            assert!(!url_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn create_reports_every_missing_field() {
        let Err(problems) = Changes::parse(Some(&json!({})), true) else {
            panic!("an empty webhook must not validate");
        };
        let fields: Vec<_> = problems.iter().map(|p| (p.field, p.code)).collect();
        assert_eq!(
            fields,
            [
                ("name", "field_missing"),
                ("url", "field_missing"),
                ("events", "field_missing"),
                ("sources", "field_missing")
            ]
        );
    }

    #[test]
    fn update_checks_only_given_fields() {
        let c = Changes::parse(Some(&json!({ "listid": "7" })), false);
        assert!(matches!(
            c,
            Ok(Changes {
                listid: Some(7),
                name: None,
                ..
            })
        ));
        let c = Changes::parse(Some(&json!({ "events": ["nope"] })), false);
        assert!(matches!(c, Err(p) if p[0].field == "events" && p[0].code == "field_invalid"));
    }
}
