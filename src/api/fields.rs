//! `/api/3/fields`: the account's contact custom fields, so a delivery's
//! `contact[fields][27]` can be shown with its title. Never prints.

use serde_json::Value;

use super::{ApiError, Client, string_of};

/// A contact custom field: its id, title and personalisation tag.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) perstag: String,
}

/// Every custom field in the account, all pages.
pub(crate) async fn all(client: &Client) -> Result<Vec<Field>, ApiError> {
    let all = client
        .get_all("fields", "fields", &[], &mut |_, _| {})
        .await?;
    Ok(all
        .into_iter()
        .filter_map(|raw| {
            let text = |k: &str| raw.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            Some(Field {
                id: string_of(raw.get("id"))?,
                title: text("title"),
                perstag: text("perstag"),
            })
        })
        .collect())
}
