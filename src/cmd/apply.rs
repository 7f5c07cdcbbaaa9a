//! `acwh export` and `acwh apply`: webhooks as code. Export writes the account's webhooks in
//! the file format; apply reads a file, plans against the account, prints the plan and
//! carries it out. The format and the planner are `manifest`'s; this is the glue.
//!
//! Apply's writes go one at a time, in plan order. A 4xx is that webhook's problem, so the
//! others still go; a 5xx or a lost connection means AC is in trouble, so apply stops there.
//! Nothing is undone: every write leaves the account closer to the file, and a second run
//! plans only what is left.

use std::path::Path;

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::api::ApiError;
use crate::api::webhooks::{self, Filters, Webhook};
use crate::cli::{ApplyArgs, ExportArgs, FileFormat};
use crate::context::Context;
use crate::error::{Exit, status_code, usage};
use crate::manifest::plan::{self, Action, Plan};
use crate::manifest::{self, Format, Redactor};
use crate::output::Out;
use crate::prompt;

pub fn export(args: ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    let format = match args.format {
        FileFormat::Toml => Format::Toml,
        FileFormat::Json => Format::Json,
    };
    if let Some(path) = &args.output
        && Format::of(path) != format
    {
        // apply picks the syntax by the name, so the pair must agree for a round trip.
        return Err(usage(format!(
            "{} would not read back: apply reads a file as JSON exactly when its name ends in .json; pass --format {} or rename it",
            path.display(),
            if format == Format::Json {
                "toml"
            } else {
                "json"
            }
        )));
    }
    let hooks = read_account(ctx)?;
    let specs: Vec<_> = hooks.iter().map(Webhook::spec).collect();
    let text = manifest::render(&specs, format);
    // Say now what apply would refuse, such as two webhooks with one name.
    if let Err(e) = manifest::load("the export", &text, format, &|_| None) {
        super::warn(
            &ctx.palette_err,
            &format!(
                "apply will refuse this file until that is fixed: {}",
                e.message
            ),
        );
    }
    match &args.output {
        None => Out::default().write(&text)?,
        Some(path) => {
            write_atomic(path, &text)?;
            super::note(&format!(
                "exported {} webhooks to {}",
                specs.len(),
                path.display()
            ));
        }
    }
    Ok(())
}

/// Writes through a temporary file in the same folder, then renames, so a reader never sees
/// half a file. Mode 0600: URLs carry the receivers' tokens.
fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let result = crate::fsutil::write_private_atomic(path, text.as_bytes());
    result.with_context(|| format!("could not write {}", path.display()))
}

fn read_account(ctx: &Context) -> anyhow::Result<Vec<Webhook>> {
    let client = super::client(ctx)?;
    let progress = super::Progress::new(ctx, "webhooks");
    let hooks = super::block_on(async {
        Ok(webhooks::list(&client, &Filters::default(), &mut progress.on_page()).await?)
    });
    drop(progress);
    hooks.context("could not read the account's webhooks")
}

pub fn apply(args: ApplyArgs, ctx: &Context) -> anyhow::Result<()> {
    let label = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => usage(format!("{label}: no such file")),
        std::io::ErrorKind::InvalidData => usage(format!("{label}: not UTF-8 text")),
        _ => anyhow::Error::new(e).context(format!("could not read {label}")),
    })?;
    let env = |k: &str| std::env::var(k).ok();
    let m = manifest::load(&label, &text, Format::of(&args.file), &env)
        .map_err(|e| usage(e.to_string()))?;
    for w in &m.warnings {
        super::warn(&ctx.palette_err, w);
    }
    let plan = plan::plan(&m.webhooks, &read_account(ctx)?, args.prune)
        .map_err(|e| usage(format!("{label}: {e}")))?;
    let r = &m.redactor;
    let mut out = Out::default();
    if !args.json {
        out.write(&plan.render(&ctx.palette_out, r))?;
    }
    if args.dry_run || !plan.pending() {
        if args.json {
            out.json(&report(&label, &plan, None, args.dry_run, r))?;
        } else if args.dry_run {
            super::note("dry run: nothing was changed");
        }
        if args.dry_run && args.exit_code && plan.pending() {
            return Err(Exit {
                code: 3,
                message: format!("changes pending ({})", plan.summary()),
            }
            .into());
        }
        return Ok(());
    }
    if !args.yes && !confirm_deletes(&plan, &label, ctx)? {
        super::note("nothing changed");
        return Ok(());
    }
    let client = super::client(ctx)?;
    let outcomes = super::block_on(async {
        let mut outcomes = Vec::with_capacity(plan.actions.len());
        let mut stopped = false;
        for a in &plan.actions {
            let o = if stopped {
                Outcome::NotAttempted
            } else {
                write(&client, a).await
            };
            stopped |= matches!(o, Outcome::Failed { stop: true, .. });
            if !args.json {
                // A closed stdout must not stop the writes halfway; `finish` reports it.
                let _ = out.line(&step_line(a, &o, r, ctx));
            }
            outcomes.push(o);
        }
        Ok(outcomes)
    })?;
    if args.json {
        out.json(&report(&label, &plan, Some(&outcomes), false, r))?;
    }
    finish(&plan, &outcomes, &mut out, args.json)
}

/// Deleting needs `--yes` or a yes on a terminal; without either, nothing is changed.
fn confirm_deletes(plan: &Plan, label: &str, ctx: &Context) -> anyhow::Result<bool> {
    let names: Vec<&str> = plan.deletes().map(Action::name).collect();
    if names.is_empty() {
        return Ok(true);
    }
    let what = format!(
        "{} webhook{} not in {label} ({})",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    );
    if !ctx.interactive {
        return Err(usage(format!(
            "refusing to delete {what} without confirmation: pass --yes (no terminal to ask on); nothing was changed"
        )));
    }
    prompt::confirm(ctx, &format!("Delete {what}?"), false)
}

/// What became of one action.
enum Outcome {
    /// Done; the id of a new webhook.
    Done(Option<String>),
    /// `code` is the exit code it calls for; `stop` ends the run.
    Failed {
        message: String,
        code: u8,
        stop: bool,
    },
    NotAttempted,
}

async fn write(client: &crate::api::Client, a: &Action) -> Outcome {
    let result = match a {
        Action::Create(spec) => webhooks::create(client, spec).await.map(|h| Some(h.id)),
        Action::Update { id, spec, .. } => match numeric(id) {
            Ok(n) => webhooks::update(client, n, spec).await.map(|_| None),
            Err(e) => Err(e),
        },
        Action::Delete { id, .. } => match numeric(id) {
            Ok(n) => webhooks::delete(client, n).await.map(|()| None),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(id) => Outcome::Done(id),
        Err(e) => {
            let (code, stop) = match &e {
                ApiError::Status { status, .. } => (status_code(*status), *status >= 500),
                _ => (1, true),
            };
            Outcome::Failed {
                message: e.to_string(),
                code,
                stop,
            }
        }
    }
}

fn numeric(id: &str) -> Result<u64, ApiError> {
    id.trim()
        .parse()
        .map_err(|_| ApiError::Decode(format!("webhook id '{id}' is not a number")))
}

fn step_line(a: &Action, o: &Outcome, r: &Redactor, ctx: &Context) -> String {
    let p = &ctx.palette_out;
    // The name and AC's message are outside text.
    let r = |s: &str| r.shown(s);
    let name = r(a.name());
    let id = |i: Option<&str>| i.map(|i| format!(" (id {i})")).unwrap_or_default();
    match o {
        Outcome::Done(new) => format!(
            "{} {name}{}",
            p.value(&format!("{}d", a.verb())),
            id(new.as_deref().or(a.id()))
        ),
        Outcome::Failed { message, .. } => format!(
            "{} to {} {name}{}: {}",
            p.error("failed"),
            a.verb(),
            id(a.id()),
            r(message)
        ),
        Outcome::NotAttempted => format!("{} {} {name}{}", p.dim("skipped"), a.verb(), id(a.id())),
    }
}

/// The last word: a summary line, or the error that says what was and was not done.
fn finish(plan: &Plan, outcomes: &[Outcome], out: &mut Out, json: bool) -> anyhow::Result<()> {
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let done = count(|o| matches!(o, Outcome::Done(_)));
    let failed = count(|o| matches!(o, Outcome::Failed { .. }));
    let skipped = count(|o| matches!(o, Outcome::NotAttempted));
    if failed == 0 {
        if !json {
            let n = |verb| plan.actions.iter().filter(|a| a.verb() == verb).count();
            out.line(&format!(
                "Applied: {} created, {} updated, {} deleted",
                n("create"),
                n("update"),
                n("delete")
            ))?;
        }
        return Ok(());
    }
    let codes = outcomes.iter().filter_map(|o| match o {
        Outcome::Failed { code, .. } => Some(*code),
        _ => None,
    });
    // CLARIFICATIONS: 5 if any 5xx came, else 4 if any 4xx, else the runtime failure's 1.
    let code = codes.fold(1, |worst, c| match (worst, c) {
        (5, _) | (_, 5) => 5,
        (4, _) | (_, 4) => 4,
        _ => 1,
    });
    Err(Exit {
        code,
        message: format!(
            "apply did not finish: {done} of {} changes made, {failed} failed, {skipped} not attempted; nothing was undone, so running apply again carries on from here",
            outcomes.len()
        ),
    }
    .into())
}

/// The one JSON object of `--json`: the plan, and each action's outcome when it ran.
fn report(
    label: &str,
    plan: &Plan,
    outcomes: Option<&[Outcome]>,
    dry_run: bool,
    r: &Redactor,
) -> Value {
    let changes: Vec<Value> = plan
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut v = a.to_json(r);
            match outcomes.and_then(|o| o.get(i)) {
                None => v["status"] = json!("planned"),
                Some(Outcome::Done(new)) => {
                    v["status"] = json!("done");
                    if let Some(id) = new {
                        v["id"] = json!(id);
                    }
                }
                Some(Outcome::Failed { message, .. }) => {
                    v["status"] = json!("failed");
                    v["error"] = json!(r.apply(message));
                }
                Some(Outcome::NotAttempted) => v["status"] = json!("not_attempted"),
            }
            v
        })
        .collect();
    let list = |l: &[plan::Existing]| -> Vec<Value> {
        l.iter()
            .map(|e| json!({"id": e.id, "name": r.apply(&e.name)}))
            .collect()
    };
    let ok = outcomes.is_none_or(|o| o.iter().all(|x| matches!(x, Outcome::Done(_))));
    json!({
        "file": label,
        "dry_run": dry_run,
        "summary": {
            "create": plan.count("create"),
            "update": plan.count("update"),
            "delete": plan.count("delete"),
            "unchanged": plan.unchanged.len(),
        },
        "changes": changes,
        "unchanged": list(&plan.unchanged),
        "kept": list(&plan.kept),
        "ok": ok,
    })
}
