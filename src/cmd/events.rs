//! `acwh events`: the events AC can send, live from the account or from the built-in table.

use serde_json::json;

use crate::api::webhooks;
use crate::cli::EventsArgs;
use crate::context::Context;
use crate::events::{self, EVENTS};
use crate::output::{Out, table};

pub(crate) fn run(args: EventsArgs, ctx: &Context) -> anyhow::Result<()> {
    let names: Vec<String> = if args.offline {
        EVENTS.iter().map(|e| e.name.to_string()).collect()
    } else {
        let client = crate::config::client(ctx)?;
        crate::api::block_on(async { Ok(webhooks::events(&client).await?) })?
    };
    let mut out = Out::default();
    if args.json {
        // AC's own shape: the array of names that `webhookEvents` holds.
        return Ok(out.json(&json!(names))?);
    }
    let rows: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            let e = events::find(n);
            vec![
                n.clone(),
                e.map_or("", |e| e.group.label()).to_string(),
                yes_no(e.map(|e| e.uses_list)),
                e.map_or("(not in acwh's table)", |e| e.description)
                    .to_string(),
            ]
        })
        .collect();
    out.write(&table(
        &["EVENT", "GROUP", "LIST", "DESCRIPTION"],
        &rows,
        &ctx.palette_out,
    ))?;
    Ok(())
}

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "?",
    }
    .into()
}
