//! `/api/3/webhooks` and `/api/3/webhook/events`: models and calls. Never prints.

use serde_json::{Value, json};

use super::{ApiError, Client, string_of};

/// A webhook as AC returns it. `raw` is AC's object untouched, for `--json`: ids stay strings
/// and unknown fields survive.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Webhook {
    pub id: String,
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
    pub sources: Vec<String>,
    /// AC sends it as a string ("0" = all lists).
    pub listid: String,
    pub cdate: Option<String>,
    /// Whether AC still delivers to it, when the answer says (see [`activity`]); `None`
    /// when it does not, as in AC's documented webhook object.
    pub active: Option<bool>,
    pub raw: Value,
}

impl Webhook {
    pub(crate) fn from_value(raw: Value) -> Result<Webhook, ApiError> {
        let id = string_of(raw.get("id"))
            .ok_or_else(|| ApiError::Decode("a webhook without an id".into()))?;
        let text = |k: &str| raw.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let list = |k: &str| -> Vec<String> {
            raw.get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|v| string_of(Some(v))).collect())
                .unwrap_or_default()
        };
        Ok(Webhook {
            name: text("name"),
            url: text("url"),
            events: list("events"),
            sources: list("sources"),
            listid: string_of(raw.get("listid")).unwrap_or_else(|| "0".into()),
            cdate: raw.get("cdate").and_then(Value::as_str).map(str::to_string),
            active: activity(&raw),
            id,
            raw,
        })
    }

    /// The list id as the integer requests take; AC's string form converted back.
    pub(crate) fn list_number(&self) -> u64 {
        self.listid.trim().parse().unwrap_or(0)
    }

    /// The fields a PUT or POST sends, as they are now.
    pub(crate) fn spec(&self) -> WebhookSpec {
        WebhookSpec {
            name: self.name.clone(),
            url: self.url.clone(),
            events: self.events.clone(),
            sources: self.sources.clone(),
            listid: self.list_number(),
        }
    }
}

/// Whether a webhook object says it is active. AC's documented object has no such field
/// (a webhook whose receiver answered 410 is deactivated, silently), so any of `active`,
/// `state` or `status` is read, as a boolean, a number or a word; an unknown value says
/// nothing.
fn activity(raw: &Value) -> Option<bool> {
    ["active", "state", "status"]
        .iter()
        .find_map(|k| raw.get(*k).and_then(active_value))
}

fn active_value(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "active" | "enabled" | "on" => Some(true),
            "0" | "false" | "no" | "inactive" | "deactivated" | "disabled" | "off" | "paused"
            | "gone" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Everything a webhook is made of, as sent in a create or a whole-object update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebhookSpec {
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
    pub sources: Vec<String>,
    pub listid: u64,
}

impl WebhookSpec {
    /// The request body: `listid` is a JSON integer, as the API takes it.
    pub(crate) fn body(&self) -> Value {
        json!({
            "webhook": {
                "name": self.name,
                "url": self.url,
                "events": self.events,
                "sources": self.sources,
                "listid": self.listid,
            }
        })
    }
}

/// Exact-match filters for `list`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    pub name: Option<String>,
    pub url: Option<String>,
    pub listid: Option<u64>,
}

fn one(mut body: Value) -> Result<Webhook, ApiError> {
    match body.get_mut("webhook").map(Value::take) {
        Some(w @ Value::Object(_)) => Webhook::from_value(w),
        _ => Err(ApiError::Decode(
            "the answer has no 'webhook' object".into(),
        )),
    }
}

pub(crate) async fn create(client: &Client, spec: &WebhookSpec) -> Result<Webhook, ApiError> {
    one(client.post("webhooks", &spec.body()).await?)
}

pub(crate) async fn get(client: &Client, id: u64) -> Result<Webhook, ApiError> {
    one(client.get(&format!("webhooks/{id}"), &[]).await?)
}

pub(crate) async fn update(
    client: &Client,
    id: u64,
    spec: &WebhookSpec,
) -> Result<Webhook, ApiError> {
    one(client.put(&format!("webhooks/{id}"), &spec.body()).await?)
}

pub(crate) async fn delete(client: &Client, id: u64) -> Result<(), ApiError> {
    client.delete(&format!("webhooks/{id}")).await.map(drop)
}

/// Every webhook matching `filters`, all pages.
pub(crate) async fn list(
    client: &Client,
    filters: &Filters,
    on_page: &mut dyn FnMut(u64, Option<u64>),
) -> Result<Vec<Webhook>, ApiError> {
    let mut query = Vec::new();
    if let Some(n) = &filters.name {
        query.push(("filters[name]", n.clone()));
    }
    if let Some(u) = &filters.url {
        query.push(("filters[url]", u.clone()));
    }
    if let Some(l) = filters.listid {
        query.push(("filters[listid]", l.to_string()));
    }
    client
        .get_all("webhooks", "webhooks", &query, on_page)
        .await?
        .into_iter()
        .map(Webhook::from_value)
        .collect()
}

/// The event names this account can use.
pub(crate) async fn events(client: &Client) -> Result<Vec<String>, ApiError> {
    let all = client
        .get_all("webhook/events", "webhookEvents", &[], &mut |_, _| {})
        .await?;
    Ok(all.iter().filter_map(|v| string_of(Some(v))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ac_shapes_and_keeps_ids_as_strings() {
        let raw = json!({"cdate":"2016-01-01T12:00:00-00:00","listid":"3","name":"My Hook",
            "url":"https://example.com/h","events":["subscribe"],"sources":["public"],"links":[],"id":"1"});
        let w = Webhook::from_value(raw.clone()).unwrap();
        assert_eq!(w.id, "1");
        assert_eq!(w.list_number(), 3);
        assert_eq!(w.raw, raw);
        assert_eq!(w.spec().body()["webhook"]["listid"], json!(3));
        let numeric = Webhook::from_value(json!({"id": 7, "listid": 0})).unwrap();
        assert_eq!((numeric.id.as_str(), numeric.list_number()), ("7", 0));
        assert!(Webhook::from_value(json!({"name":"x"})).is_err());
    }

    #[test]
    fn an_inactive_mark_is_read_in_any_shape_and_never_invented() {
        let state = |extra: Value| {
            let mut raw = json!({"id": "1"});
            raw.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            Webhook::from_value(raw).unwrap().active
        };
        assert_eq!(
            state(json!({})),
            None,
            "AC's documented object says nothing"
        );
        for inactive in [
            json!({"active": false}),
            json!({"active": "0"}),
            json!({"active": 0}),
            json!({"state": "inactive"}),
            json!({"state": "Deactivated"}),
            json!({"status": "0"}),
            json!({"status": "disabled"}),
        ] {
            assert_eq!(state(inactive.clone()), Some(false), "{inactive}");
        }
        for active in [
            json!({"active": "1"}),
            json!({"state": "active"}),
            json!({"status": 1}),
        ] {
            assert_eq!(state(active.clone()), Some(true), "{active}");
        }
        assert_eq!(state(json!({"status": "weird", "state": []})), None);
    }
}
