//! `listen --field-names`: the account's custom field titles, fetched once at start, shown
//! next to the keys a delivery uses for them: `contact[fields][27]` by id in the webhook
//! events, `contact[fields][contact_owner]` by personalisation tag in automation bodies.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::api::fields::Field;

/// Field titles by id and by personalisation tag (lowercase).
#[derive(Debug, Default, Clone)]
pub(crate) struct FieldNames {
    by_key: HashMap<String, String>,
}

impl FieldNames {
    pub(crate) fn new(fields: Vec<Field>) -> FieldNames {
        let mut by_key = HashMap::new();
        for f in fields.into_iter().filter(|f| !f.title.is_empty()) {
            if !f.perstag.is_empty() {
                by_key.insert(f.perstag.to_ascii_lowercase(), f.title.clone());
            }
            by_key.insert(f.id, f.title);
        }
        FieldNames { by_key }
    }

    /// The title for a key of `contact[fields]`: an id, or a personalisation tag in any case.
    pub(crate) fn title(&self, key: &str) -> Option<&str> {
        self.by_key
            .get(key)
            .or_else(|| self.by_key.get(&key.to_ascii_lowercase()))
            .map(String::as_str)
    }

    /// The tree with each `contact.fields` key that has a title shown as `KEY (Title)`.
    pub(crate) fn named(&self, tree: &Value) -> Value {
        let mut tree = tree.clone();
        if let Some(fields) = tree
            .pointer_mut("/contact/fields")
            .and_then(Value::as_object_mut)
        {
            let renamed: Map<String, Value> = std::mem::take(fields)
                .into_iter()
                .map(|(k, v)| match self.title(&k) {
                    Some(t) => (format!("{k} ({t})"), v),
                    None => (k, v),
                })
                .collect();
            *fields = renamed;
        }
        tree
    }

    /// The titles of the `contact.fields` keys a delivery uses, for `--json`'s `field_names`.
    pub(crate) fn used(&self, tree: Option<&Value>) -> BTreeMap<String, String> {
        tree.and_then(|t| crate::form::get(t, &["contact", "fields"]))
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|f| f.keys())
            .filter_map(|k| Some((k.clone(), self.title(k)?.to_string())))
            .collect()
    }
}

/// Titles that may arrive after the catcher has started: empty until the fetch ends well.
pub(crate) type Shared = Arc<OnceLock<FieldNames>>;

/// How long `listen` waits for the titles before it serves without them. Deliveries are not
/// answered meanwhile, so this stays well under the 5 s an automation step waits.
pub(crate) const PATIENCE: Duration = Duration::from_secs(2);

/// `listen`'s fetch: one try (no retries, so no retry notices and no waiting out a
/// `Retry-After`), on its own thread. It waits for the answer at most `patience`; titles that
/// come later show from then on. A failure is one warning, whenever it comes.
pub(crate) fn load_in_background(
    client: anyhow::Result<crate::api::Client>,
    p: crate::output::Palette,
    patience: Duration,
) -> Shared {
    let shared = Shared::default();
    let (done, finished) = mpsc::channel();
    let fill = Arc::clone(&shared);
    std::thread::spawn(move || {
        if let Some(names) = load(client.map(crate::api::Client::single_try), &p) {
            let _ = fill.set(names);
        }
        let _ = done.send(());
    });
    let _ = finished.recv_timeout(patience);
    shared
}

/// `listen`'s titles: fetched when `--field-names` asks, or by default on a terminal when
/// credentials are set. Without credentials, by default, no titles and nothing said.
pub(crate) fn for_listen(
    ctx: &crate::context::Context,
    (asked, refused): (bool, bool),
    on_terminal: bool,
) -> Option<Shared> {
    let ask = asked || (!refused && on_terminal);
    match ask.then(|| crate::config::client(ctx)) {
        Some(Ok(client)) => Some(load_in_background(Ok(client), ctx.palette_err, PATIENCE)),
        Some(Err(e)) if asked => Some(load_in_background(Err(e), ctx.palette_err, PATIENCE)),
        _ => None,
    }
}

/// The account's field titles, fetched once; a failure is one warning and no titles.
pub(crate) fn load(
    client: anyhow::Result<crate::api::Client>,
    p: &crate::output::Palette,
) -> Option<FieldNames> {
    let fetched =
        client.and_then(|c| crate::api::block_on(async { Ok(crate::api::fields::all(&c).await?) }));
    match fetched {
        Ok(fields) => Some(FieldNames::new(fields)),
        Err(e) => {
            let why = format!("{e:#}");
            crate::output::warn(p, &format!("custom field names are not shown: {why}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_perstags_get_their_titles() {
        let names = FieldNames::new(vec![
            Field {
                id: "27".into(),
                title: "Favorite color".into(),
                perstag: "FAV_COLOR".into(),
            },
            Field {
                id: "3".into(),
                title: "".into(),
                perstag: "EMPTY".into(),
            },
        ]);
        let tree = serde_json::json!({"contact": {"email": "a@b", "fields": {"27": "Gold", "fav_color": "Red", "9": "x"}}});
        let shown = names.named(&tree);
        assert_eq!(
            shown["contact"]["fields"],
            serde_json::json!({"27 (Favorite color)": "Gold", "fav_color (Favorite color)": "Red", "9": "x"})
        );
        assert_eq!(shown["contact"]["email"], "a@b");
        let used = names.used(Some(&tree));
        assert_eq!(used.get("27").map(String::as_str), Some("Favorite color"));
        assert_eq!(used.len(), 2);
        assert!(names.used(None).is_empty());
    }
}
