//! `acwh trigger`: AC's "Send Sample Data" from the terminal. Builds the sample of
//! `crate::samples`, applies `-d`/`--remove`, encodes it with `crate::form` (the same code
//! `listen` decodes with) and POSTs it the way AC does.

use std::time::Instant;

use crate::cli::TriggerArgs;
use crate::context::Context;
use crate::error::usage;
use crate::events::EVENTS;
use crate::exit::{self, ExitStatus};
use crate::form;
use crate::output::Out;
use crate::samples::{self, SampleOptions};

pub(crate) fn run(args: TriggerArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let names: Vec<&str> = if args.event == "all" {
        EVENTS.iter().map(|e| e.name).collect()
    } else {
        vec![args.event.as_str()]
    };
    if args.event == samples::AUTOMATION && (args.source.is_some() || args.list.is_some()) {
        return Err(usage(
            "--source and --list set the envelope, and an automation body has none: use -d KEY=VALUE to change its fields",
        ));
    }
    let now = chrono::Local::now().fixed_offset();
    let opts = SampleOptions {
        source: args.source.clone(),
        list: args.list,
        now,
    };
    let mut bodies = Vec::with_capacity(names.len());
    for name in &names {
        let mut pairs = samples::sample(name, &opts)
            .ok_or_else(|| usage(format!("no sample for event '{name}'")))?;
        samples::customize(&mut pairs, &args.data, &args.remove).map_err(usage)?;
        bodies.push((*name, pairs));
    }

    let mut out = Out::default();
    if args.print {
        for (name, _) in &bodies {
            let p = samples::provenance(name).unwrap_or(samples::Provenance::Inferred);
            let guessed = samples::guessed(name);
            let guesses = if guessed.is_empty() {
                String::new()
            } else {
                format!(", and the values of {} are guesses", guessed.join(", "))
            };
            if let Some(why) = samples::partly(name) {
                crate::output::note(&format!("acwh: {name}: {why}"));
            }
            if p.year().is_none() {
                crate::output::note(&format!(
                    "acwh: {name}: no captured delivery is behind this sample; its keys are {}{guesses} (see `acwh events --offline`)",
                    p.label()
                ));
            }
        }
        for (_, pairs) in &bodies {
            if args.json {
                out.json(&form::to_tree(pairs))?;
            } else {
                out.line(&form::encode(pairs))?;
            }
        }
        return Ok(ExitStatus::SUCCESS);
    }

    let target = url::Url::parse(args.to.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or_else(|| match crate::validate::placeholder_problem(&args.to) {
            Some(why) => usage(format!("--to '{}': {why}", args.to)),
            None => usage(format!(
                "--to '{}' is not an http(s) URL: give e.g. http://127.0.0.1:8080/",
                args.to
            )),
        })?;
    let http = crate::relay::client(ctx.http_timeout)
        .user_agent(concat!("acwh-trigger/", env!("CARGO_PKG_VERSION")))
        .build()?;
    let perr = ctx.palette_err;
    let mut answers = Vec::new();
    crate::api::block_on(async {
        for (name, pairs) in &bodies {
            let body = form::encode(pairs);
            for i in 0..args.repeat {
                let started = Instant::now();
                let sent = http
                    .post(target.clone())
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .body(body.clone())
                    .send()
                    .await;
                let resp = match sent {
                    Ok(r) => r,
                    Err(e) => {
                        let why = if e.is_timeout() {
                            format!("no answer within {}s", ctx.http_timeout.as_secs())
                        } else {
                            "could not connect".to_string()
                        };
                        let root = crate::error::root_cause(&e);
                        return Err(anyhow::anyhow!("{root}").context(format!(
                            "{why} to {target}: is a receiver running? Start one with `{} listen --port {}`, or pass --to",
                            crate::listen::notices::program(),
                            target.port_or_known_default().unwrap_or(8080)
                        )));
                    }
                };
                let status = resp.status().as_u16();
                let took = started.elapsed();
                let nth = if args.repeat > 1 {
                    format!(" ({} of {})", i + 1, args.repeat)
                } else {
                    String::new()
                };
                crate::note!(
                    "{} -> {target}  {} {}  {:.1} ms{nth}",
                    perr.event(name),
                    perr.status(status),
                    resp.status().canonical_reason().unwrap_or(""),
                    took.as_secs_f64() * 1000.0
                );
                answers.push(ExitStatus::of_receiver(status));
            }
            if args.json {
                out.json(&form::to_tree(pairs))?;
            }
        }
        Ok(())
    })?;
    // A receiver's 4xx or 5xx is a result, shown above, not an error: it is the exit status.
    Ok(exit::merge(answers))
}
