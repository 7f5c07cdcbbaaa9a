//! The one way a webhook is shown on a terminal: `show`, `create` and `update` print it on
//! stdout, and the wizard's summary before it asks to go on uses the same labelled rows.
//! Every value is AC's or the user's text, escaped here.

use crate::api::webhooks::{Webhook, WebhookSpec};
use crate::output::{Out, Palette};

/// Prints one webhook: AC's JSON with `--json`, else its rows under an optional heading.
pub(crate) fn print_webhook(
    hook: &Webhook,
    json: bool,
    heading: Option<&str>,
    palette: &Palette,
) -> anyhow::Result<()> {
    let mut out = Out::default();
    if json {
        return Ok(out.json(&hook.raw)?);
    }
    let mut text = String::new();
    if let Some(h) = heading {
        let id = crate::escape::line(&hook.id);
        text.push_str(&format!("{h} {}\n", palette.bold(&id)));
    }
    text.push_str(&webhook(hook, palette));
    Ok(out.write(&text)?)
}

/// The labelled rows of a webhook AC holds, its events with their descriptions.
pub(crate) fn webhook(hook: &Webhook, p: &Palette) -> String {
    let describe = |e: &String| match crate::events::describe(e) {
        Some(d) => format!("{e} ({d})"),
        None => e.clone(),
    };
    let mut rows = vec![
        ("id", hook.id.clone()),
        ("name", hook.name.clone()),
        ("url", hook.url.clone()),
        (
            "events",
            hook.events
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("sources", hook.sources.join(", ")),
        ("list", list_label(&hook.listid)),
    ];
    if let Some(c) = &hook.cdate {
        rows.push(("created", c.clone()));
    }
    if let Some(state) = state_label(hook.active) {
        rows.push(("state", state.to_string()));
    }
    labelled(&rows, p)
}

/// How a webhook's state is shown, when AC's answer tells it.
pub(crate) fn state_label(active: Option<bool>) -> Option<&'static str> {
    match active? {
        true => Some("active"),
        false => Some("inactive (AC delivers nothing to it: delete and recreate it)"),
    }
}

/// The labelled rows of a webhook about to be sent: what the wizard shows before it asks.
pub(crate) fn spec(spec: &WebhookSpec, p: &Palette) -> String {
    let rows = [
        ("name", spec.name.clone()),
        ("url", spec.url.clone()),
        ("events", spec.events.join(", ")),
        ("sources", spec.sources.join(", ")),
        ("list", list_label(&spec.listid.to_string())),
    ];
    labelled(&rows, p)
}

/// `  key      value` lines, the value escaped for the terminal.
fn labelled(rows: &[(&str, String)], p: &Palette) -> String {
    rows.iter()
        .map(|(k, v)| {
            let v = crate::escape::line(v);
            format!("  {} {v}\n", p.key(&format!("{k:<8}")))
        })
        .collect()
}

/// A webhook's list as shown: "all" for none (AC's 0).
pub(crate) fn list_label(listid: &str) -> String {
    if listid.trim() == "0" || listid.is_empty() {
        "all".into()
    } else {
        listid.to_string()
    }
}
