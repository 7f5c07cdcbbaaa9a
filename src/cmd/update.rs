//! `acwh update`: read the webhook, merge the requested changes, PUT the whole object, so no
//! field AC holds is lost to a partial update.

use crate::api::webhooks::{self, WebhookSpec};
use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::error::usage;
use crate::validate;

pub(crate) fn run(args: UpdateArgs, ctx: &Context) -> anyhow::Result<()> {
    let changes_anything = args.name.is_some()
        || args.url.is_some()
        || !args.events.is_empty()
        || !args.add_events.is_empty()
        || !args.remove_events.is_empty()
        || !args.sources.is_empty()
        || args.list.is_some();
    if !changes_anything {
        if ctx.interactive {
            return interactive(args.id, args.json, ctx);
        }
        return Err(usage(
            "nothing to change: pass at least one of --name, --url, --event, --add-event, --remove-event, --source, --list",
        ));
    }
    let url = validate::optional_webhook_url(args.url.as_deref()).map_err(usage)?;
    if matches!(args.name.as_deref().map(str::trim), Some("")) {
        return Err(usage("--name is empty: give the new name"));
    }
    let client = crate::config::client(ctx)?;
    let (hook, changed) = crate::api::block_on(async {
        let current = webhooks::get(&client, args.id).await?;
        let spec = merge(current.spec(), &args, url)?;
        if same(&spec, &current.spec()) {
            return Ok((current, false));
        }
        super::warn_about(ctx, &spec);
        Ok((webhooks::update(&client, args.id, &spec).await?, true))
    })?;
    let heading = if changed {
        "Updated webhook"
    } else {
        crate::output::note(&format!(
            "nothing to change: webhook {} already is as asked, so nothing was sent",
            args.id
        ));
        "Unchanged webhook"
    };
    crate::view::print_webhook(&hook, args.json, Some(heading), &ctx.palette_out)
}

/// Whether two specs are the same webhook to AC: events and sources are sets.
fn same(a: &WebhookSpec, b: &WebhookSpec) -> bool {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    a.name == b.name
        && a.url == b.url
        && a.listid == b.listid
        && sorted(&a.events) == sorted(&b.events)
        && sorted(&a.sources) == sorted(&b.sources)
}

/// No change flags on a terminal: every field asked, pre-filled with what AC holds.
fn interactive(id: u64, json: bool, ctx: &Context) -> anyhow::Result<()> {
    let client = crate::config::client(ctx)?;
    let current = crate::api::block_on(async { Ok(webhooks::get(&client, id).await?) })?;
    let spec = current.spec();
    let draft = crate::wizard::Draft {
        url: Some(spec.url),
        name: Some(spec.name),
        events: spec.events,
        sources: spec.sources,
        list: Some(spec.listid),
    };
    let spec = crate::wizard::ask(ctx, Some(&client), draft, true)?;
    if same(&spec, &current.spec()) {
        crate::output::note("nothing to change: nothing was sent");
        return Ok(());
    }
    if !crate::wizard::confirm(ctx, "Update", &spec)? {
        crate::output::note("nothing changed");
        return Ok(());
    }
    let hook = crate::api::block_on(async { Ok(webhooks::update(&client, id, &spec).await?) })?;
    crate::view::print_webhook(&hook, json, Some("Updated webhook"), &ctx.palette_out)
}

/// Applies the flags to the current fields. Pure, so the rules are unit-tested.
fn merge(
    mut spec: WebhookSpec,
    args: &UpdateArgs,
    url: Option<String>,
) -> anyhow::Result<WebhookSpec> {
    if let Some(n) = &args.name {
        spec.name = n.trim().to_string();
    }
    if let Some(u) = url {
        spec.url = u;
    }
    if !args.events.is_empty() {
        spec.events = args.events.clone();
    }
    spec.events.extend(args.add_events.iter().cloned());
    spec.events.retain(|e| !args.remove_events.contains(e));
    spec.events = validate::dedup(spec.events);
    if spec.events.is_empty() {
        return Err(usage(
            "that would leave the webhook with no events: AC needs at least one (delete it with `acwh delete` instead)",
        ));
    }
    if !args.sources.is_empty() {
        spec.sources = validate::dedup(args.sources.clone());
    }
    if let Some(l) = args.list {
        spec.listid = l;
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(extra: &[&str]) -> UpdateArgs {
        let mut argv = vec!["acwh", "update", "7"];
        argv.extend(extra);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Update(a) => a,
            _ => unreachable!(),
        }
    }

    fn current() -> WebhookSpec {
        WebhookSpec {
            name: "n".into(),
            url: "https://example.com/".into(),
            events: vec!["subscribe".into(), "update".into()],
            sources: vec!["api".into()],
            listid: 4,
        }
    }

    #[test]
    fn add_and_remove_events_keep_the_rest() {
        let a = args(&["--add-event", "open", "--remove-event", "update"]);
        let s = merge(current(), &a, None).unwrap();
        assert_eq!(s.events, ["subscribe", "open"]);
        assert_eq!((s.name.as_str(), s.listid), ("n", 4));
    }

    #[test]
    fn replacing_events_and_list() {
        let a = args(&[
            "--event",
            "deal_add",
            "--list",
            "0",
            "--source",
            "admin,api",
        ]);
        let s = merge(current(), &a, None).unwrap();
        assert_eq!(s.events, ["deal_add"]);
        assert_eq!(s.sources, ["admin", "api"]);
        assert_eq!(s.listid, 0);
    }

    #[test]
    fn the_same_events_in_another_order_are_no_change() {
        let a = args(&["--event", "update,subscribe", "--list", "4"]);
        assert!(same(&merge(current(), &a, None).unwrap(), &current()));
        let a = args(&["--list", "5"]);
        assert!(!same(&merge(current(), &a, None).unwrap(), &current()));
    }

    #[test]
    fn removing_every_event_is_refused() {
        let a = args(&["--remove-event", "subscribe,update"]);
        assert!(merge(current(), &a, None).is_err());
    }
}
