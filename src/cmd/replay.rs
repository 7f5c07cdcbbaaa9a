//! `acwh replay FILE`: re-send saved deliveries exactly as they came (method, path and query
//! under `--to`, headers less the hop-by-hop ones, the byte-exact body), or print curl
//! commands that do. `--set`/`--unset` edit a form body first ([`crate::edit`]), every
//! other pair kept byte for byte; the length is the new body's (relay sends no saved one).

use std::time::Instant;

use url::Url;

use crate::cli::ReplayArgs;
use crate::context::Context;
use crate::error::usage;
use crate::exit::{self, ExitStatus};
use crate::listen::saved::{self, Saved};
use crate::output::Out;
use crate::relay;

/// Where `--curl` without `--to` points: `acwh listen`'s default address.
const DEFAULT_TARGET: &str = "http://127.0.0.1:8080/";

pub(crate) fn run(args: ReplayArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    if args.seqs.is_empty()
        && args.filter.events.is_empty()
        && args.filter.last.is_none()
        && !args.all
    {
        return Err(usage(
            "choose what to replay: --seq N, --event E, --last N or --all (`acwh captures FILE` lists them)",
        ));
    }
    let base = Url::parse(args.to.as_deref().unwrap_or(DEFAULT_TARGET))
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| usage("--to must be an http(s) URL, e.g. http://localhost:3000/"))?;
    let perr = ctx.palette_err;
    let all = saved::load(&args.file, &|m| crate::output::warn(&perr, m))?;
    let chosen = saved::select(all, &args.seqs, &args.filter.events, args.filter.last);
    if let Some(missing) = args
        .seqs
        .iter()
        .find(|n| !chosen.iter().any(|s| s.seq == **n))
    {
        return Err(usage(format!(
            "no delivery #{missing} in {} (`acwh captures` lists them)",
            args.file.display()
        )));
    }
    if chosen.is_empty() {
        crate::output::note("no saved deliveries match: nothing to replay");
        return Ok(ExitStatus::SUCCESS);
    }
    // Every edit is checked before anything is sent: a bad one sends nothing.
    let mut requests = Vec::with_capacity(chosen.len());
    for s in &chosen {
        requests.push(edited(s, &args.set, &args.unset, &args.file)?);
    }
    let mut out = Out::default();
    let mut refused = 0usize;
    let mut ready = Vec::new();
    for (s, req) in chosen.iter().zip(requests) {
        match target(s, &base) {
            Ok(url) => ready.push((s, req, url)),
            Err(why) => {
                refused += 1;
                crate::output::warn(&perr, &format!("#{} not replayed: {why}", s.seq));
            }
        }
    }
    if args.curl {
        for (_, req, url) in &ready {
            out.line(&relay::curl_command(req, url))?;
        }
        return refusals(refused, &args.file).map(|()| ExitStatus::SUCCESS);
    }
    let http = relay::client(ctx.http_timeout).build()?;
    let mut answers = Vec::new();
    crate::api::block_on(async {
        for (s, req, url) in &ready {
            let started = Instant::now();
            let sent = relay::send(&http, req, url, 0).await;
            let status = sent.map(|a| a.status).map_err(|e| {
                let root = crate::error::root_cause(&e);
                anyhow::anyhow!("could not reach {url} ({root}): is the app running?")
            })?;
            // The method and target come from the save file: outside text, escaped.
            out.line(&format!(
                "#{} {} {}  {} {:.1} ms",
                s.seq,
                crate::escape::line(&s.method),
                crate::escape::line(url.as_str()),
                ctx.palette_out.status(status),
                started.elapsed().as_secs_f64() * 1000.0
            ))?;
            answers.push(ExitStatus::of_receiver(status));
        }
        Ok(())
    })?;
    refusals(refused, &args.file)?;
    // A receiver's 4xx or 5xx is a result, shown above, not an error: it is the exit status.
    Ok(exit::merge(answers))
}

/// The request to re-send for `s`: as saved, or with its form body edited. A body that is
/// not a plain form (by its Content-Type), or an `--unset` that matches nothing, is a usage
/// error naming the delivery.
fn edited<'a>(
    s: &'a Saved,
    set: &[(String, String)],
    unset: &[String],
    file: &std::path::Path,
) -> anyhow::Result<relay::Request<'a>> {
    let mut req = s.request();
    if set.is_empty() && unset.is_empty() {
        return Ok(req);
    }
    if let Some(what) = crate::edit::not_editable(&s.headers) {
        return Err(usage(format!(
            "the body of #{} {}: --set and --unset edit only plain \
             application/x-www-form-urlencoded bodies (choose others with --seq or --event)",
            s.seq,
            crate::escape::line(&what),
        )));
    }
    let body = crate::edit::edit(&s.body, set, unset).map_err(|why| {
        usage(format!(
            "#{}: {} (`acwh captures {} --seq {}` shows its fields)",
            s.seq,
            crate::escape::line(&why),
            crate::escape::path(file),
            s.seq
        ))
    })?;
    req.body = body.into();
    Ok(req)
}

/// Where a saved delivery goes under `base`, or why it cannot be sent again: a method,
/// header or target no HTTP request could carry, or a path that would leave `base`.
fn target(s: &Saved, base: &Url) -> Result<Url, String> {
    if let Some(why) = relay::unsendable(&s.request()) {
        return Err(why);
    }
    relay::join_target(base, &s.target)
}

/// The failure for a run that refused `n` saved deliveries (each already warned about).
fn refusals(n: usize, file: &std::path::Path) -> anyhow::Result<()> {
    match n {
        0 => Ok(()),
        n => Err(usage(format!(
            "{n} of the chosen deliveries in {} were not replayed (see the warnings above)",
            crate::escape::path(file),
        ))),
    }
}
