//! `acwh delete`: confirm on a terminal (or `--yes`), then DELETE each id.
//!
//! At a terminal, each webhook is fetched first (one GET per id) and the confirmation names
//! its id, name and URL, so a mistyped id shows up as "not found" before anything is
//! deleted. Every id is tried, whatever became of the others; each result gets its own line
//! (stdout for a deletion, stderr for a failure), and the run exits with the worst: 5 if AC
//! answered 5xx to any, else 4 for a 4xx, else 1 for a failure without an answer.

use crate::api::ApiError;
use crate::api::webhooks::{self, Webhook};
use crate::cli::DeleteArgs;
use crate::context::Context;
use crate::error::{Failure, usage};
use crate::escape;
use crate::exit::{self, ExitStatus};
use crate::output::Out;

pub(crate) fn run(args: DeleteArgs, ctx: &Context) -> anyhow::Result<()> {
    let ids = crate::validate::dedup(args.ids.clone());
    if !args.yes && !ctx.interactive {
        return Err(usage(format!(
            "refusing to delete {} without confirmation: pass --yes (no terminal to ask on)",
            webhooks_named(&ids)
        )));
    }
    let client = crate::config::client(ctx)?;
    let mut failed = Vec::new();
    let ids = if args.yes {
        ids
    } else {
        let found = crate::api::block_on(async {
            let mut found = Vec::new();
            for id in &ids {
                found.push((*id, webhooks::get(&client, *id).await));
            }
            Ok(found)
        })?;
        let (mut hooks, mut missing) = (Vec::new(), Vec::new());
        for (id, got) in found {
            match got {
                Ok(hook) => hooks.push((id, hook)),
                Err(e) => {
                    failed.push(failure(ctx, "find", id, &e));
                    missing.push(id);
                }
            }
        }
        // Nothing goes: said in one line, with why.
        let declined = !hooks.is_empty() && !confirm(ctx, &hooks)?;
        if hooks.is_empty() || declined {
            if failed.is_empty() {
                crate::output::note("nothing deleted");
                return Ok(());
            }
            let why = if declined { " (declined)" } else { "" };
            return Err(Failure {
                code: exit::merge(failed.iter().copied()).code(),
                message: format!(
                    "nothing deleted{why}: could not find {} (see above)",
                    webhooks_named(&missing)
                ),
            }
            .into());
        }
        hooks.into_iter().map(|(id, _)| id).collect()
    };
    let mut out = Out::default();
    let mut deleted = 0;
    crate::api::block_on(async {
        for id in &ids {
            match webhooks::delete(&client, *id).await {
                Ok(()) => {
                    out.line(&format!("Deleted webhook {id}"))?;
                    deleted += 1;
                }
                Err(e) => failed.push(failure(ctx, "delete", *id, &e)),
            }
        }
        Ok(())
    })?;
    finish(deleted, &failed)
}

/// `webhook 3` or `webhooks 3, 4`.
fn webhooks_named(ids: &[u64]) -> String {
    let listed: Vec<String> = ids.iter().map(u64::to_string).collect();
    let noun = if ids.len() == 1 {
        "webhook"
    } else {
        "webhooks"
    };
    format!("{noun} {}", listed.join(", "))
}

/// Shows the webhooks about to go, with their names and URLs, and asks.
fn confirm(ctx: &Context, hooks: &[(u64, Webhook)]) -> anyhow::Result<bool> {
    let p = &ctx.palette_err;
    crate::note!("About to delete:");
    for (id, hook) in hooks {
        crate::note!(
            "  {} {}  {}",
            p.bold(&format!("#{id}")),
            escape::line(&hook.name),
            escape::line(&hook.url)
        );
    }
    let what = match hooks.len() {
        1 => "this webhook".to_string(),
        n => format!("these {n} webhooks"),
    };
    crate::prompt::confirm(ctx, &format!("Delete {what}?"), false)
}

/// Prints why `verb` failed for `id` on stderr, and returns the exit status it calls for.
fn failure(ctx: &Context, verb: &str, id: u64, e: &ApiError) -> ExitStatus {
    crate::note!(
        "{} to {verb} webhook {id}: {}",
        ctx.palette_err.error("failed"),
        escape::line(&e.to_string())
    );
    match e {
        ApiError::Status { status, .. } => ExitStatus::of_failed_http(*status),
        _ => ExitStatus::FAILURE,
    }
}

/// Success when nothing failed; else one error that counts what was done, with the worst
/// failure's exit code.
fn finish(deleted: usize, failed: &[ExitStatus]) -> anyhow::Result<()> {
    if failed.is_empty() {
        return Ok(());
    }
    Err(Failure {
        code: exit::merge(failed.iter().copied()).code(),
        message: format!(
            "{deleted} webhook(s) deleted, {} failed (see above)",
            failed.len()
        ),
    }
    .into())
}
