//! `acwh list`: the account's webhooks, as a table, ids or AC's JSON.

use crate::api::webhooks::{self, Filters};
use crate::cli::ListArgs;
use crate::context::Context;
use crate::output::{Out, Progress, note, table};
use crate::view::list_label;

pub(crate) fn run(args: ListArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = crate::config::client(ctx)?;
    let filters = Filters {
        name: args.name,
        url: args.url,
        listid: args.list,
    };
    let progress = Progress::new(ctx.progress, "webhooks");
    let hooks = crate::api::block_on(async {
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
        note("no webhooks (create one with `acwh create`)");
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
