//! The interactive webhook form behind `create` (missing values only) and `update` (every
//! field, pre-filled). Events come from the account, falling back to the built-in table;
//! lists from the account, asked only when a chosen event uses a list.

use crate::api::webhooks::WebhookSpec;
use crate::api::{Client, lists, webhooks};
use crate::context::Context;
use crate::events::{self, EVENTS, Group, SOURCES};
use crate::prompt;
use crate::validate;

/// What is known before asking.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    pub url: Option<String>,
    pub name: Option<String>,
    pub events: Vec<String>,
    pub sources: Vec<String>,
    pub list: Option<u64>,
}

/// Asks for what the draft lacks (or, with `ask_all`, for everything, pre-filled), then
/// shows a summary. `client` is None for a dry run: then nothing is fetched.
pub(crate) fn ask(
    ctx: &Context,
    client: Option<&Client>,
    draft: Draft,
    ask_all: bool,
) -> anyhow::Result<WebhookSpec> {
    let url = match (&draft.url, ask_all) {
        (Some(u), false) => u.clone(),
        (current, _) => prompt::text(
            ctx,
            "URL to deliver to (https, port 443)",
            current.as_deref(),
            validate::webhook_url,
        )?,
    };
    let events = if draft.events.is_empty() || ask_all {
        ask_events(ctx, client, &draft.events)?
    } else {
        draft.events.clone()
    };
    let sources = if draft.sources.is_empty() || ask_all {
        ask_sources(ctx, &draft.sources)?
    } else {
        draft.sources.clone()
    };
    let uses_list = events
        .iter()
        .any(|e| events::find(e).is_none_or(|ev| ev.uses_list));
    let list = match (draft.list, uses_list, ask_all) {
        (Some(l), _, false) => l,
        (current, true, _) => ask_list(ctx, client, current.unwrap_or(0))?,
        (current, false, _) => current.unwrap_or(0),
    };
    let default_name = draft
        .name
        .clone()
        .unwrap_or_else(|| validate::default_name(&events, &url));
    let name = prompt::text(ctx, "Name", Some(&default_name), |s| {
        let t = s.trim();
        if t.is_empty() {
            Err("a name is needed".into())
        } else {
            Ok(t.to_string())
        }
    })?;
    Ok(WebhookSpec {
        name,
        url,
        events,
        sources,
        listid: list,
    })
}

/// The events and sources of a webhook `listen --register` makes: as given, and what is
/// missing asked with `create`'s prompts on a terminal, or a usage error naming the flag.
pub(crate) fn events_and_sources(
    ctx: &Context,
    client: &Client,
    events: Vec<String>,
    sources: Vec<String>,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let events = match (events.is_empty(), ctx.interactive) {
        (false, _) => events,
        (true, true) => ask_events(ctx, Some(client), &[])?,
        (true, false) => return Err(prompt::missing("--event", "--event subscribe,update")),
    };
    let sources = match (sources.is_empty(), ctx.interactive) {
        (false, _) => sources,
        (true, true) => ask_sources(ctx, &[])?,
        (true, false) => return Err(prompt::missing("--source", "--source public,admin")),
    };
    Ok((events, sources))
}

fn ask_sources(ctx: &Context, current: &[String]) -> anyhow::Result<Vec<String>> {
    let items: Vec<String> = SOURCES
        .iter()
        .map(|s| format!("{:<7} {}", s.name, s.description))
        .collect();
    let checked: Vec<bool> = SOURCES
        .iter()
        .map(|s| current.iter().any(|d| d == s.name))
        .collect();
    Ok(
        prompt::several(ctx, "Sources: who may cause the events", &items, &checked)?
            .into_iter()
            .map(|i| SOURCES[i].name.to_string())
            .collect(),
    )
}

fn ask_events(
    ctx: &Context,
    client: Option<&Client>,
    current: &[String],
) -> anyhow::Result<Vec<String>> {
    // The account's own list, where it can be had: it may hold events acwh's table lacks.
    let live =
        client.and_then(|c| crate::api::block_on(async { Ok(webhooks::events(c).await?) }).ok());
    let mut names: Vec<String> =
        live.unwrap_or_else(|| EVENTS.iter().map(|e| e.name.to_string()).collect());
    let rank = |n: &String| {
        events::find(n).map_or((Group::ALL.len(), usize::MAX), |e| {
            let group = Group::ALL.iter().position(|g| *g == e.group).unwrap_or(0);
            let pos = EVENTS.iter().position(|x| x.name == e.name).unwrap_or(0);
            (group, pos)
        })
    };
    names.sort_by_key(rank);
    let items: Vec<String> = names
        .iter()
        .map(|n| match events::find(n) {
            Some(e) => format!("{:<8} {:<24} {}", e.group.label(), e.name, e.description),
            None => format!("{:<8} {n}", "other"),
        })
        .collect();
    let checked: Vec<bool> = names.iter().map(|n| current.contains(n)).collect();
    Ok(prompt::several(ctx, "Events to send", &items, &checked)?
        .into_iter()
        .map(|i| names[i].clone())
        .collect())
}

fn ask_list(ctx: &Context, client: Option<&Client>, current: u64) -> anyhow::Result<u64> {
    let fetched = client.and_then(|c| {
        crate::api::block_on(async { Ok(lists::all(c, &mut |_, _| {}).await?) }).ok()
    });
    let Some(all) = fetched else {
        let answer = prompt::text(
            ctx,
            "List id (0 = all lists)",
            Some(&current.to_string()),
            |s| {
                s.trim()
                    .parse::<u64>()
                    .map(|n| n.to_string())
                    .map_err(|_| "a whole number, 0 for all lists".to_string())
            },
        )?;
        return Ok(answer.parse().unwrap_or(0));
    };
    let mut items = vec!["All lists".to_string()];
    items.extend(all.iter().map(|l| format!("{:>4}  {}", l.id, l.name)));
    let default = all
        .iter()
        .position(|l| l.id == current.to_string())
        .map_or(0, |i| i + 1);
    let chosen = prompt::one(ctx, "Only for events on this list", &items, default)?;
    Ok(match chosen {
        0 => 0,
        i => all[i - 1].id.parse().unwrap_or(0),
    })
}

/// Prints what is about to be sent and asks to go on.
pub(crate) fn confirm(ctx: &Context, verb: &str, spec: &WebhookSpec) -> anyhow::Result<bool> {
    // `update` pre-fills these from AC's answer: outside text, escaped by the view.
    let rows = crate::view::spec(spec, &crate::output::Palette::PLAIN);
    crate::note!();
    crate::note!("{}", rows.strip_suffix('\n').unwrap_or(&rows));
    prompt::confirm(ctx, &format!("{verb} this webhook?"), true)
}
