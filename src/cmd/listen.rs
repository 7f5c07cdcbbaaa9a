//! `acwh listen`: flags into the catcher's settings, the address announced, the catcher
//! exposed (tunnel, registered webhook) and run (`crate::listen`), and how the run ended
//! reported.

use std::time::Duration;

use crate::cli::ListenArgs;
use crate::context::Context;
use crate::error::usage;
use crate::httpd::Server;
use crate::listen::expose::{self, Plan, Registration};
use crate::listen::render::View;
use crate::listen::saved::{self, SaveFile};
use crate::listen::{self, Mode, Policy, Route, Settings, Stop, names, notices};
use crate::output::warn;

pub(crate) fn run(args: ListenArgs, ctx: &Context) -> anyhow::Result<()> {
    crate::httpd::bind_ip(&args.host)?;
    let ui = crate::inspect::Ask::of(&args);
    notices::check_secret(args.secret.as_deref())?;
    let perr = ctx.palette_err;
    let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let view = View::new(
        crate::output::width(),
        args.headers,
        args.hide_empty,
        args.full,
    );
    let mode = Mode::choose(
        args.json,
        (args.raw, args.raw0),
        args.compact,
        view,
        on_terminal,
    );
    let forward = args
        .forward_to
        .iter()
        .map(|f| Route::parse(f).map_err(usage));
    let forward = forward.collect::<anyhow::Result<Vec<_>>>()?;
    let (public_url, tunnel) = Plan::check(
        args.public_url.as_deref(),
        args.tunnel.as_deref(),
        args.register,
        &args.ngrok_api,
    )?;
    let (mut events, mut secret, mut register) = (args.events, args.secret, None);
    let given_secret = secret.clone();
    if args.register {
        let client = crate::config::client(ctx)?;
        let (e, sources) = crate::wizard::events_and_sources(ctx, &client, events, args.sources)?;
        events = e.clone();
        // A fresh token unless one was given: the URL is the only lock on a public catcher.
        secret = Some(secret.map_or_else(crate::token::random_token, Ok)?);
        let (path, keep_stale, list) = (args.path, args.keep_stale, args.list.unwrap_or(0));
        register = Some(Registration {
            client,
            events: e,
            sources,
            list,
            path,
            keep_stale,
            acwh: expose::acwh_command(ctx.profile.as_deref(), ctx.api_url.as_deref()),
        });
    }
    let server = Server::bind(&args.host, args.port, "")?;
    // Opened now, so an unwritable file fails at start-up rather than at the first delivery.
    // Its warnings wait until the address is announced: that line comes first.
    let save_warnings = std::cell::RefCell::new(Vec::new());
    let warn_later = |m: &str| save_warnings.borrow_mut().push(m.to_string());
    let save = match &args.save {
        Some(path) => Some(SaveFile::open(path, args.fsync, &warn_later)?),
        None => None,
    };
    if save.is_some() {
        server.block_on(async { saved::survive_file_size_limit() })?;
    }
    let ui = crate::inspect::for_listen(&ui, server.addr(), &forward, &warn_later)?;
    let exposing = tunnel.is_some() || public_url.is_some();
    let shown = (server.addr(), ui.as_ref().map(|(_, addr)| *addr));
    notices::announce(shown, exposing, given_secret.is_some(), &perr);
    for w in save_warnings.into_inner() {
        warn(&perr, &w);
    }
    let raw = args.raw || args.raw0;
    notices::warnings(given_secret.as_deref(), raw, args.status, &perr);
    let field_names = names::for_listen(ctx, (args.field_names, args.no_field_names), on_terminal);
    let inspector = ui.map(|(feed, _)| feed.with_names(field_names.clone()).hook());
    let plan = Plan {
        tunnel,
        public_url,
        ngrok_api: args.ngrok_api,
        register,
    };
    let origin = listen::reachable(server.addr());
    let token = secret.as_deref().unwrap_or("");
    let stopped = || server.interrupted();
    let exposed = expose::start(plan, origin, token, &perr, ctx.progress, &stopped)?;
    let outcome = listen::run(
        server,
        Settings {
            policy: Policy {
                max_body: args.max_body,
                status: args.status,
                forward,
                secret,
                body_timeout: Duration::from_secs(30),
            },
            mode,
            save,
            only: events,
            count: args.count,
            timeout: args.timeout,
            palette: ctx.palette_out,
            perr,
            watchdog: exposed.watchdog(),
            after_answer: inspector,
            field_names,
            json_field_names: args.field_names,
        },
    )?;
    let finished = exposed.finish();
    let (tally, wanted) = (&outcome.tally, args.count.unwrap_or(1));
    notices::closing(outcome.stop, tally, &perr);
    if let Some(why) = &outcome.save_error {
        let save = anyhow::anyhow!("{why}").context("could not append to the --save file; stopped");
        // A webhook left behind matters more: its error names the command that deletes it.
        let Err(undeleted) = finished else {
            return Err(save);
        };
        crate::note!("acwh: {save:#}");
        return Err(undeleted);
    }
    finished?;
    if let Some(e) = outcome.tunnel_error() {
        return Err(e);
    }
    if outcome.stop == Stop::Timeout && tally.printed < wanted {
        let secs = args.timeout.map_or(0, |t| t.as_secs_f64().round() as u64);
        return Err(anyhow::anyhow!(
            "timed out after {secs}s with {} of {wanted} requests printed",
            tally.printed
        ));
    }
    Ok(())
}
