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
    // A STATE column only when AC's answer tells it: its documented object does not.
    let with_state = hooks.iter().any(|w| w.active.is_some());
    let rows: Vec<Vec<String>> = hooks
        .iter()
        .map(|w| {
            let mut row = vec![
                w.id.clone(),
                w.name.clone(),
                w.events.join(","),
                w.sources.join(","),
                list_label(&w.listid),
            ];
            if with_state {
                let state = match w.active {
                    Some(false) => "inactive",
                    Some(true) => "active",
                    None => "",
                };
                row.push(state.to_string());
            }
            row.push(w.url.clone());
            row
        })
        .collect();
    let header: &[&str] = if with_state {
        &["ID", "NAME", "EVENTS", "SOURCES", "LIST", "STATE", "URL"]
    } else {
        &["ID", "NAME", "EVENTS", "SOURCES", "LIST", "URL"]
    };
    out.write(&table(header, &rows, &ctx.palette_out))?;
    let inactive = hooks.iter().filter(|w| w.active == Some(false)).count();
    if inactive > 0 {
        note(&format!(
            "{inactive} inactive: AC stopped delivering to them (a receiver answered 410); delete and recreate them to deliver again"
        ));
    }
    Ok(())
}
