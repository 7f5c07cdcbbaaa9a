//! `acwh create`: gather the webhook's fields from flags (and, on a terminal, prompts for
//! what is missing), check them, POST once.

use crate::api::webhooks::{self, WebhookSpec};
use crate::cli::CreateArgs;
use crate::context::Context;
use crate::error::usage;
use crate::output::Out;
use crate::prompt;
use crate::validate;

use crate::wizard::{self, Draft};

pub(crate) fn run(args: CreateArgs, ctx: &Context) -> anyhow::Result<()> {
    let draft = draft(&args)?;
    let missing = draft.url.is_none() || draft.events.is_empty() || draft.sources.is_empty();
    let (spec, client) = if missing && ctx.interactive {
        let client = if args.dry_run {
            None
        } else {
            Some(crate::config::client(ctx)?)
        };
        let spec = wizard::ask(ctx, client.as_ref(), draft, false)?;
        if let Some(c) = &client {
            warn_if_name_taken(ctx, c, &spec.name);
        }
        if !args.dry_run && !wizard::confirm(ctx, "Create", &spec)? {
            crate::output::note("nothing created");
            return Ok(());
        }
        (spec, client)
    } else {
        (complete(draft)?, None)
    };
    super::warn_about(ctx, &spec);
    if args.dry_run {
        // The body only: the key travels in a header and is never part of what is shown.
        Out::default().json(&spec.body())?;
        crate::output::note("dry run: nothing was sent");
        return Ok(());
    }
    let client = match client {
        Some(c) => c,
        None => crate::config::client(ctx)?,
    };
    // Exactly one request: a POST is never retried on 5xx, and no GET precedes it.
    let hook = crate::api::block_on(async { Ok(webhooks::create(&client, &spec).await?) })?;
    if args.quiet {
        return Ok(Out::default().line(&hook.id)?);
    }
    crate::view::print_webhook(&hook, args.json, Some("Created webhook"), &ctx.palette_out)
}

/// At a terminal, before the confirmation: a webhook of the same name is worth knowing
/// about, since `acwh apply` matches webhooks by name and refuses two of one name. Only here,
/// where the wizard already asks the account: with flags, `create` sends its POST and nothing
/// else. A failed look-up says nothing; the POST will report real trouble.
fn warn_if_name_taken(ctx: &Context, client: &crate::api::Client, name: &str) {
    let filters = webhooks::Filters {
        name: Some(name.to_string()),
        ..Default::default()
    };
    let found =
        crate::api::block_on(async { Ok(webhooks::list(client, &filters, &mut |_, _| {}).await?) });
    let taken: Vec<String> = found
        .unwrap_or_default()
        .into_iter()
        .filter(|h| h.name == name)
        .map(|h| h.id)
        .collect();
    if !taken.is_empty() {
        crate::output::warn(
            &ctx.palette_err,
            &format!(
                "webhook {} is already named \"{}\": `acwh apply` matches webhooks by name, so give this one another name",
                taken.join(", "),
                crate::escape::line(name)
            ),
        );
    }
}

/// The flags, checked.
fn draft(args: &CreateArgs) -> anyhow::Result<Draft> {
    let url = validate::optional_webhook_url(args.url.as_deref()).map_err(usage)?;
    let name = match args.name.as_deref().map(str::trim) {
        Some("") => {
            return Err(usage(
                "--name is empty: give a name, or leave --name out for a default",
            ));
        }
        other => other.map(str::to_string),
    };
    Ok(Draft {
        url,
        name,
        events: validate::dedup(args.events.clone()),
        sources: validate::dedup(args.sources.clone()),
        list: args.list,
    })
}

/// A draft with nothing to ask: every missing value is a usage error naming its flag.
fn complete(d: Draft) -> anyhow::Result<WebhookSpec> {
    let url = d
        .url
        .ok_or_else(|| prompt::missing("--url", "--url https://example.com/hooks/ac"))?;
    if d.events.is_empty() {
        let example = format!(
            "--event subscribe (`acwh events --offline` lists all {})",
            crate::events::EVENTS.len()
        );
        return Err(prompt::missing("--event", &example));
    }
    if d.sources.is_empty() {
        return Err(prompt::missing(
            "--source",
            "--source api (one of public, admin, api, system)",
        ));
    }
    let name = d
        .name
        .unwrap_or_else(|| validate::default_name(&d.events, &url));
    Ok(WebhookSpec {
        name,
        url,
        events: d.events,
        sources: d.sources,
        listid: d.list.unwrap_or(0),
    })
}
