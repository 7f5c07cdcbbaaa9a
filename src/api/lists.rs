//! `/api/3/lists`: the contact lists a webhook can be limited to. Never prints.

use serde_json::Value;

use super::{ApiError, Client, string_of};

/// A contact list; `raw` is AC's object for `--json`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct List {
    pub id: String,
    pub name: String,
    pub stringid: String,
    pub raw: Value,
}

impl List {
    pub(crate) fn from_value(raw: Value) -> Result<List, ApiError> {
        let id = string_of(raw.get("id"))
            .ok_or_else(|| ApiError::Decode("a list without an id".into()))?;
        let text = |k: &str| raw.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        Ok(List {
            name: text("name"),
            stringid: text("stringid"),
            id,
            raw,
        })
    }
}

/// Every list in the account, all pages.
pub(crate) async fn all(
    client: &Client,
    on_page: &mut dyn FnMut(u64, Option<u64>),
) -> Result<Vec<List>, ApiError> {
    client
        .get_all("lists", "lists", &[], on_page)
        .await?
        .into_iter()
        .map(List::from_value)
        .collect()
}
