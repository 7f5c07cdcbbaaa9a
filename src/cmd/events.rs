//! `acwh events`: the events AC can send, live from the account or from the built-in table.

use serde_json::json;

use crate::api::webhooks;
use crate::cli::EventsArgs;
use crate::context::Context;
use crate::events::{self, EVENTS};
use crate::output::{Out, table};
use crate::samples;

pub(crate) fn run(args: EventsArgs, ctx: &Context) -> anyhow::Result<()> {
    let names: Vec<String> = if args.offline {
        EVENTS.iter().map(|e| e.name.to_string()).collect()
    } else {
        let client = crate::config::client(ctx)?;
        crate::api::block_on(async { Ok(webhooks::events(&client).await?) })?
    };
    let mut out = Out::default();
    if args.offline {
        return offline(args.json, &mut out, ctx);
    }
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

/// The built-in table, with how well each sample is known, and the automation Webhook step
/// (which `trigger automation` sends, though no webhook can subscribe to it).
fn offline(json: bool, out: &mut Out, ctx: &Context) -> anyhow::Result<()> {
    let evidence = |name: &str| samples::provenance(name).unwrap_or(samples::Provenance::Inferred);
    let automation = samples::AUTOMATION;
    let automation_about = "An automation's Webhook step (not a webhook event)";
    if json {
        let mut all: Vec<serde_json::Value> = EVENTS
            .iter()
            .map(|e| {
                let p = evidence(e.name);
                json!({"name": e.name, "group": e.group.label(), "uses_list": e.uses_list,
                    "description": e.description, "provenance": p.class(), "year": p.year()})
            })
            .collect();
        let p = evidence(automation);
        all.push(
            json!({"name": automation, "group": "automation", "uses_list": false,
            "description": automation_about, "provenance": p.class(), "year": p.year()}),
        );
        return Ok(out.json(&serde_json::Value::Array(all))?);
    }
    let mut rows: Vec<Vec<String>> = EVENTS
        .iter()
        .map(|e| {
            let list = yes_no(Some(e.uses_list));
            let p = evidence(e.name).label();
            vec![
                e.name.into(),
                e.group.label().into(),
                list,
                p,
                e.description.into(),
            ]
        })
        .collect();
    rows.push(vec![
        automation.into(),
        "automation".into(),
        "no".into(),
        evidence(automation).label(),
        automation_about.into(),
    ]);
    let header = ["EVENT", "GROUP", "LIST", "PROVENANCE", "DESCRIPTION"];
    out.write(&table(&header, &rows, &ctx.palette_out))?;
    Ok(())
}
