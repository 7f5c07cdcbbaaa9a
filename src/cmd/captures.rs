//! `acwh captures FILE`: the deliveries `acwh listen --save` kept, one line each.

use serde_json::Value;

use crate::cli::CapturesArgs;
use crate::context::Context;
use crate::listen::saved;
use crate::output::{Out, table};

pub(crate) fn run(args: CapturesArgs, ctx: &Context) -> anyhow::Result<()> {
    let perr = ctx.palette_err;
    let all = saved::load(&args.file, &|m| crate::output::warn(&perr, m))?;
    let chosen = saved::select(all, &[], &args.filter.events, args.filter.last);
    let mut out = Out::default();
    if args.json {
        return Ok(out.json(&Value::Array(chosen.into_iter().map(|s| s.json).collect()))?);
    }
    if chosen.is_empty() {
        crate::output::note(&format!(
            "no saved deliveries match in {}",
            args.file.display()
        ));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = chosen
        .iter()
        .map(|s| {
            vec![
                s.seq.to_string(),
                s.received_at.clone(),
                s.method.clone(),
                s.target.clone(),
                s.event.clone().unwrap_or_else(|| "-".into()),
                s.email.clone().unwrap_or_else(|| "-".into()),
                s.body.len().to_string(),
                s.status.map_or("-".into(), |c| c.to_string()),
            ]
        })
        .collect();
    out.write(&table(
        &[
            "SEQ", "RECEIVED", "METHOD", "PATH", "EVENT", "EMAIL", "SIZE", "ANSWERED",
        ],
        &rows,
        &ctx.palette_out,
    ))?;
    Ok(())
}
