//! One module per subcommand, named after it: glue between the parsed flags, the subsystem
//! that does the work (the API client, the catcher, the AC stand-in, the planner) and the
//! terminal. Nothing outside `cmd` calls into it.

mod apply;
mod captures;
mod completions;
mod config;
mod create;
mod delete;
mod diff;
mod events;
mod export;
mod list;
mod listen;
mod lists;
mod login;
mod logout;
mod man;
mod replay;
mod sandbox;
mod show;
mod trigger;
mod update;
mod whoami;

use crate::cli::Command;
use crate::context::Context;
use crate::exit::ExitStatus;

/// Runs one subcommand to completion. An outcome that is not an error (changes pending, a
/// receiver's 4xx) comes back as the exit status; a failure as the error.
pub(crate) fn run(command: Command, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let done = |r: anyhow::Result<()>| r.map(|()| ExitStatus::SUCCESS);
    match command {
        Command::Create(args) => done(create::run(args, ctx)),
        Command::List(args) => done(list::run(args, ctx)),
        Command::Show(args) => done(show::run(args, ctx)),
        Command::Update(args) => done(update::run(args, ctx)),
        Command::Delete(args) => done(delete::run(args, ctx)),
        Command::Events(args) => done(events::run(args, ctx)),
        Command::Lists(args) => done(lists::run(args, ctx)),
        Command::Whoami(args) => done(whoami::run(args, ctx)),
        Command::Listen(args) => done(listen::run(args, ctx)),
        Command::Trigger(args) => trigger::run(args, ctx),
        Command::Completions(args) => done(completions::run(args)),
        Command::Man(args) => done(man::run(args)),
        Command::Sandbox(args) => sandbox::run(args, ctx),
        Command::Captures(args) => done(captures::run(args, ctx)),
        Command::Replay(args) => replay::run(args, ctx),
        Command::Diff(args) => done(diff::run(args, ctx)),
        Command::Export(args) => done(export::run(args, ctx)),
        Command::Apply(args) => apply::run(args, ctx),
        Command::Login(args) => done(login::run(args, ctx)),
        Command::Logout => done(logout::run(ctx)),
        Command::Config(command) => done(config::run(command, ctx)),
    }
}

/// Warns about a webhook AC will accept but that will not do what its owner expects: an http
/// URL AC never delivers to, or a list that none of its events uses.
fn warn_about(ctx: &Context, spec: &crate::api::webhooks::WebhookSpec) {
    let warnings = [
        crate::validate::url_warning(&spec.url),
        crate::validate::list_warning(&spec.events, Some(spec.listid)),
    ];
    for w in warnings.into_iter().flatten() {
        crate::output::warn(&ctx.palette_err, &w);
    }
}

/// Every webhook of the account, with a progress bar on a terminal: what `export` writes and
/// `apply` plans against.
fn account_webhooks(ctx: &Context) -> anyhow::Result<Vec<crate::api::webhooks::Webhook>> {
    use anyhow::Context as _;
    let client = crate::config::client(ctx)?;
    let progress = crate::output::Progress::new(ctx.progress, "webhooks");
    let filters = crate::api::webhooks::Filters::default();
    let hooks = crate::api::block_on(async {
        Ok(crate::api::webhooks::list(&client, &filters, &mut progress.on_page()).await?)
    });
    drop(progress);
    hooks.context("could not read the account's webhooks")
}
