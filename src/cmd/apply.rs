//! `acwh apply`: webhooks as code. Reads a file, plans against the account, prints the plan
//! and carries it out. The format and the planner are `manifest`'s; this is the glue.
//!
//! Apply's writes go one at a time, in plan order. A 4xx is that webhook's problem, so the
//! others still go; a 5xx or a lost connection means AC is in trouble, so apply stops there.
//! Nothing is undone: every write leaves the account closer to the file, and a second run
//! plans only what is left.

use serde_json::{Value, json};

use crate::api::ApiError;
use crate::api::webhooks::{self};
use crate::cli::ApplyArgs;
use crate::context::Context;
use crate::error::{Failure, usage};
use crate::exit::{self, ExitStatus};
use crate::manifest::plan::{self, Action, Plan};
use crate::manifest::{self, Format, Redactor};
use crate::output::{Out, note, warn};
use crate::prompt;

pub(crate) fn run(args: ApplyArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
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
        warn(&ctx.palette_err, w);
    }
    let plan = plan::plan(&m.webhooks, &super::account_webhooks(ctx)?, args.prune)
        .map_err(|e| usage(format!("{label}: {e}")))?;
    let r = &m.redactor;
    let mut out = Out::default();
    if !args.json {
        out.write(&plan.render(&ctx.palette_out, r))?;
    }
    if args.dry_run || !plan.pending() {
        if args.json {
            out.json(&json_report(&label, &plan, None, args.dry_run, r))?;
        } else if args.dry_run {
            note("dry run: nothing was changed");
        }
        if args.dry_run && args.exit_code && plan.pending() {
            // An outcome, not an error: the plan above says what would change.
            note(&format!("changes pending ({})", plan.summary()));
            return Ok(ExitStatus::CHANGES_PENDING);
        }
        return Ok(ExitStatus::SUCCESS);
    }
    if !args.yes && !confirm_deletes(&plan, &label, ctx)? {
        note("nothing changed");
        return Ok(ExitStatus::SUCCESS);
    }
    let client = crate::config::client(ctx)?;
    let outcomes = crate::api::block_on(async {
        let mut outcomes = Vec::with_capacity(plan.actions.len());
        let mut stopped = false;
        for a in &plan.actions {
            let o = if stopped {
                StepOutcome::NotAttempted
            } else {
                write(&client, a).await
            };
            stopped |= matches!(o, StepOutcome::Failed { stop: true, .. });
            if !args.json {
                // A closed stdout must not stop the writes halfway; `finish` reports it.
                let _ = out.line(&step_line(a, &o, r, ctx));
            }
            outcomes.push(o);
        }
        Ok(outcomes)
    })?;
    if args.json {
        out.json(&json_report(&label, &plan, Some(&outcomes), false, r))?;
    }
    finish(&plan, &outcomes, &mut out, args.json).map(|()| ExitStatus::SUCCESS)
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
enum StepOutcome {
    /// Done; the id of a new webhook.
    Done(Option<String>),
    /// `status` is the exit status it calls for; `stop` ends the run.
    Failed {
        message: String,
        status: ExitStatus,
        stop: bool,
    },
    NotAttempted,
}

async fn write(client: &crate::api::Client, a: &Action) -> StepOutcome {
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
        Ok(id) => StepOutcome::Done(id),
        Err(e) => {
            let (status, stop) = match &e {
                ApiError::Status { status, .. } => (ExitStatus::of_http(*status), *status >= 500),
                _ => (ExitStatus::FAILURE, true),
            };
            StepOutcome::Failed {
                message: e.to_string(),
                status,
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

fn step_line(a: &Action, o: &StepOutcome, r: &Redactor, ctx: &Context) -> String {
    let p = &ctx.palette_out;
    // The name and AC's message are outside text.
    let r = |s: &str| r.shown(s);
    let name = r(a.name());
    let id = |i: Option<&str>| i.map(|i| format!(" (id {i})")).unwrap_or_default();
    match o {
        StepOutcome::Done(new) => format!(
            "{} {name}{}",
            p.value(&format!("{}d", a.verb())),
            id(new.as_deref().or(a.id()))
        ),
        StepOutcome::Failed { message, .. } => format!(
            "{} to {} {name}{}: {}",
            p.error("failed"),
            a.verb(),
            id(a.id()),
            r(message)
        ),
        StepOutcome::NotAttempted => {
            format!("{} {} {name}{}", p.dim("skipped"), a.verb(), id(a.id()))
        }
    }
}

/// The last word: a summary line, or the error that says what was and was not done.
fn finish(plan: &Plan, outcomes: &[StepOutcome], out: &mut Out, json: bool) -> anyhow::Result<()> {
    let count = |f: fn(&StepOutcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let done = count(|o| matches!(o, StepOutcome::Done(_)));
    let failed = count(|o| matches!(o, StepOutcome::Failed { .. }));
    let skipped = count(|o| matches!(o, StepOutcome::NotAttempted));
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
    let failures = outcomes.iter().filter_map(|o| match o {
        StepOutcome::Failed { status, .. } => Some(*status),
        _ => None,
    });
    // 5 if any 5xx came, else 4 if any 4xx, else a runtime failure's 1.
    let status = exit::merge(failures).merge(ExitStatus::FAILURE);
    Err(Failure {
        code: status.code(),
        message: format!(
            "apply did not finish: {done} of {} changes made, {failed} failed, {skipped} not attempted; nothing was undone, so running apply again carries on from here",
            outcomes.len()
        ),
    }
    .into())
}

/// The one JSON object of `--json`: the plan, and each action's outcome when it ran.
fn json_report(
    label: &str,
    plan: &Plan,
    outcomes: Option<&[StepOutcome]>,
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
                Some(StepOutcome::Done(new)) => {
                    v["status"] = json!("done");
                    if let Some(id) = new {
                        v["id"] = json!(id);
                    }
                }
                Some(StepOutcome::Failed { message, .. }) => {
                    v["status"] = json!("failed");
                    v["error"] = json!(r.apply(message));
                }
                Some(StepOutcome::NotAttempted) => v["status"] = json!("not_attempted"),
            }
            v
        })
        .collect();
    let list = |l: &[plan::Existing]| -> Vec<Value> {
        l.iter()
            .map(|e| json!({"id": e.id, "name": r.apply(&e.name)}))
            .collect()
    };
    let ok = outcomes.is_none_or(|o| o.iter().all(|x| matches!(x, StepOutcome::Done(_))));
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
