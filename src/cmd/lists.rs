//! `acwh lists`: the account's lists, which a webhook may be limited to.

use serde_json::Value;

use crate::api::lists;
use crate::cli::ReadArgs;
use crate::context::Context;
use crate::output::{Out, Progress, note, table};

pub(crate) fn run(args: ReadArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = crate::config::client(ctx)?;
    let progress = Progress::new(ctx.progress, "lists");
    let all =
        crate::api::block_on(async { Ok(lists::all(&client, &mut progress.on_page()).await?) })?;
    drop(progress);
    let mut out = Out::default();
    if args.json {
        return Ok(out.json(&Value::Array(all.into_iter().map(|l| l.raw).collect()))?);
    }
    if all.is_empty() {
        note("no lists in this account");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|l| vec![l.id.clone(), l.name.clone(), l.stringid.clone()])
        .collect();
    out.write(&table(&["ID", "NAME", "STRINGID"], &rows, &ctx.palette_out))?;
    Ok(())
}
