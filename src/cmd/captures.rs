//! `acwh captures FILE`: the deliveries `acwh listen --save` kept, one line each; with
//! `--seq N`, one of them as `listen` showed it (the same renderer).

use serde_json::Value;

use crate::cli::CapturesArgs;
use crate::context::Context;
use crate::listen::render::{self, View};
use crate::listen::{names, saved};
use crate::output::{Out, table};

pub(crate) fn run(args: CapturesArgs, ctx: &Context) -> anyhow::Result<()> {
    let perr = ctx.palette_err;
    let all = saved::load(&args.file, &|m| crate::output::warn(&perr, m))?;
    let seqs: Vec<u64> = args.seq.into_iter().collect();
    let chosen = saved::select(all, &seqs, &args.filter.events, args.filter.last);
    let mut out = Out::default();
    if let Some(seq) = args.seq {
        let Some(one) = chosen.last() else {
            return Err(crate::error::usage(format!(
                "no saved delivery with seq {seq} in {}: `acwh captures {}` lists them",
                crate::escape::path(&args.file),
                crate::escape::shell_word(&args.file.to_string_lossy()),
            )));
        };
        let names = args
            .field_names
            .then(|| names::load(crate::config::client(ctx), &perr))
            .flatten();
        let (capture, seen, answer) = one.shown();
        let view = View {
            width: crate::output::width(),
            verbose: args.headers,
            hide_empty: args.hide_empty,
            full: args.full,
        };
        let p = &ctx.palette_out;
        let text = render::human(&capture, seen, answer.as_ref(), &view, p, names.as_ref());
        return Ok(out.write(&text)?);
    }
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
