//! `acwh create`: gather the webhook's fields from flags, check them, POST once.

use crate::api::webhooks::{self, WebhookSpec};
use crate::cli::CreateArgs;
use crate::context::Context;
use crate::error::usage;
use crate::output::Out;
use crate::validate;

pub fn run(args: CreateArgs, ctx: &Context) -> anyhow::Result<()> {
    let spec = gather(&args)?;
    if let Some(w) = validate::url_warning(&spec.url) {
        super::warn(&ctx.palette_err, &w);
    }
    if let Some(w) = validate::list_warning(&spec.events, args.list) {
        super::warn(&ctx.palette_err, &w);
    }
    if args.dry_run {
        // The body only: the key travels in a header and is never part of what is shown.
        Out::default().json(&spec.body())?;
        super::note("dry run: nothing was sent");
        return Ok(());
    }
    let client = super::client(ctx)?;
    // Exactly one request: a POST is never retried on 5xx, and no GET precedes it.
    let hook = super::block_on(async { Ok(webhooks::create(&client, &spec).await?) })?;
    if args.quiet {
        return Ok(Out::default().line(&hook.id)?);
    }
    super::show::print_webhook(&hook, args.json, Some("Created webhook"), ctx)
}

fn gather(args: &CreateArgs) -> anyhow::Result<WebhookSpec> {
    let url = args.url.as_deref().ok_or_else(|| {
        usage("missing --url (no terminal for prompting; pass it, e.g. --url https://example.com/hooks/ac)")
    })?;
    let url = validate::webhook_url(url).map_err(usage)?;
    if args.events.is_empty() {
        return Err(usage(
            "missing --event: pass at least one, e.g. --event subscribe (`acwh events --offline` lists all 30)",
        ));
    }
    if args.sources.is_empty() {
        return Err(usage(
            "missing --source: pass at least one of public, admin, api, system (e.g. --source api)",
        ));
    }
    let events = validate::dedup(args.events.clone());
    let sources = validate::dedup(args.sources.clone());
    let name = match args.name.as_deref().map(str::trim) {
        Some("") => {
            return Err(usage(
                "--name is empty: give a name, or leave --name out for a default",
            ));
        }
        Some(n) => n.to_string(),
        None => validate::default_name(&events, &url),
    };
    Ok(WebhookSpec {
        name,
        url,
        events,
        sources,
        listid: args.list.unwrap_or(0),
    })
}
