//! `acwh diff FILE A B`: what changed from one saved delivery to another, by path (the
//! comparison is `crate::diff`'s).

use crate::cli::DiffArgs;
use crate::context::Context;
use crate::listen::saved::{self, Saved};
use crate::output::Out;

pub(crate) fn run(args: DiffArgs, ctx: &Context) -> anyhow::Result<()> {
    let perr = ctx.palette_err;
    let all = saved::load(&args.file, &|m| crate::output::warn(&perr, m))?;
    let pick = |seq: u64| -> anyhow::Result<&Saved> {
        all.iter().find(|s| s.seq == seq).ok_or_else(|| {
            crate::error::usage(format!(
                "no saved delivery with seq {seq} in {}: `acwh captures {}` lists them",
                crate::escape::path(&args.file),
                crate::escape::shell_word(&args.file.to_string_lossy()),
            ))
        })
    };
    let (a, b) = (pick(args.a)?, pick(args.b)?);
    let (ca, cb) = (a.shown().0, b.shown().0);
    let diff = crate::diff::bodies((&ca.body, &a.body), (&cb.body, &b.body), args.all);
    let mut out = Out::default();
    if args.json {
        return Ok(out.json(&diff.to_json())?);
    }
    if diff.is_empty() {
        let aside = if args.all {
            ""
        } else {
            " (date_time aside: --all compares it too)"
        };
        crate::output::note(&format!(
            "deliveries {} and {} are the same{aside}",
            a.seq, b.seq
        ));
        return Ok(());
    }
    let width = crate::output::width();
    Ok(out.write(&crate::diff::human(&diff, width, &ctx.palette_out))?)
}
