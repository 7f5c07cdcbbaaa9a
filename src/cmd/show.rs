//! `acwh list` and `acwh show`, and the one way a webhook is shown on a terminal.

use crate::api::webhooks::{self, Filters, Webhook};
use crate::cli::{ListArgs, ShowArgs};
use crate::context::Context;
use crate::output::{Out, Palette, table};

pub fn list(args: ListArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = super::client(ctx)?;
    let filters = Filters {
        name: args.name,
        url: args.url,
        listid: args.list,
    };
    let progress = super::Progress::new(ctx, "webhooks");
    let hooks = super::block_on(async {
        Ok(webhooks::list(&client, &filters, &mut progress.on_page()).await?)
    })?;
    drop(progress);
    let mut out = Out::default();
    if args.json {
        let arr = hooks.into_iter().map(|w| w.raw).collect();
        return Ok(out.json(&serde_json::Value::Array(arr))?);
    }
    if args.quiet {
        for w in &hooks {
            out.line(&crate::escape::line(&w.id))?;
        }
        return Ok(());
    }
    if hooks.is_empty() {
        super::note("no webhooks (create one with `acwh create`)");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = hooks
        .iter()
        .map(|w| {
            vec![
                w.id.clone(),
                w.name.clone(),
                w.events.join(","),
                w.sources.join(","),
                list_label(&w.listid),
                w.url.clone(),
            ]
        })
        .collect();
    out.write(&table(
        &["ID", "NAME", "EVENTS", "SOURCES", "LIST", "URL"],
        &rows,
        &ctx.palette_out,
    ))?;
    Ok(())
}

pub fn show(args: ShowArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = super::client(ctx)?;
    let hook = super::block_on(async { Ok(webhooks::get(&client, args.id).await?) })?;
    print_webhook(&hook, args.json, None, ctx)
}

/// Prints one webhook: AC's JSON with `--json`, else a summary under an optional heading.
pub fn print_webhook(
    hook: &Webhook,
    json: bool,
    heading: Option<&str>,
    ctx: &Context,
) -> anyhow::Result<()> {
    let mut out = Out::default();
    if json {
        return Ok(out.json(&hook.raw)?);
    }
    let mut text = String::new();
    if let Some(h) = heading {
        let id = crate::escape::line(&hook.id);
        text.push_str(&format!("{h} {}\n", ctx.palette_out.bold(&id)));
    }
    text.push_str(&summary(hook, &ctx.palette_out));
    Ok(out.write(&text)?)
}

/// The labelled lines describing a webhook; AC's values are escaped for the terminal.
pub fn summary(hook: &Webhook, p: &Palette) -> String {
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
    rows.iter()
        .map(|(k, v)| {
            let v = crate::escape::line(v);
            format!("  {} {v}\n", p.key(&format!("{k:<8}")))
        })
        .collect()
}

fn list_label(listid: &str) -> String {
    if listid.trim() == "0" || listid.is_empty() {
        "all".into()
    } else {
        listid.to_string()
    }
}
