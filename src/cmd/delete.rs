//! `acwh delete`: confirm on a terminal (or `--yes`), then DELETE each id.

use anyhow::Context as _;

use crate::api::webhooks;
use crate::cli::DeleteArgs;
use crate::context::Context;
use crate::error::usage;
use crate::output::Out;

pub(crate) fn run(args: DeleteArgs, ctx: &Context) -> anyhow::Result<()> {
    let ids = crate::validate::dedup(args.ids.clone());
    let listed = ids
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if !args.yes {
        if !ctx.interactive {
            return Err(usage(format!(
                "refusing to delete webhook {listed} without confirmation: pass --yes (no terminal to ask on)"
            )));
        }
        let noun = if ids.len() == 1 {
            "webhook"
        } else {
            "webhooks"
        };
        let confirmed = dialoguer::Confirm::new()
            .with_prompt(format!("Delete {noun} {listed}?"))
            .default(false)
            .interact()
            .context("could not read the confirmation")?;
        if !confirmed {
            crate::output::note("nothing deleted");
            return Ok(());
        }
    }
    let client = crate::config::client(ctx)?;
    let mut out = Out::default();
    crate::api::block_on(async {
        for id in &ids {
            webhooks::delete(&client, *id)
                .await
                .with_context(|| format!("could not delete webhook {id}"))?;
            out.line(&format!("Deleted webhook {id}"))?;
        }
        Ok(())
    })
}
