//! One module per subcommand: glue between the parsed flags, the API or the catcher, and the
//! terminal. Only `main` and these modules write to stdout or stderr.

mod apply;
mod captures;
mod completions;
mod config;
mod create;
mod delete;
mod events;
mod listen;
mod lists;
mod replay;
mod sandbox;
mod show;
mod signals;
mod trigger;
mod update;
mod wizard;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use crate::api::Client;
use crate::cli::Command;
use crate::context::Context;
use crate::output::Palette;

/// Runs one subcommand to completion.
pub fn run(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Create(args) => create::run(args, ctx),
        Command::List(args) => show::list(args, ctx),
        Command::Show(args) => show::show(args, ctx),
        Command::Update(args) => update::run(args, ctx),
        Command::Delete(args) => delete::run(args, ctx),
        Command::Events(args) => events::run(args, ctx),
        Command::Lists(args) => lists::lists(args, ctx),
        Command::Whoami(args) => lists::whoami(args, ctx),
        Command::Listen(args) => listen::run(args, ctx),
        Command::Trigger(args) => trigger::run(args, ctx),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
        Command::Sandbox(args) => sandbox::run(args, ctx),
        Command::Captures(args) => captures::run(args, ctx),
        Command::Replay(args) => replay::run(args, ctx),
        Command::Export(args) => apply::export(args, ctx),
        Command::Apply(args) => apply::apply(args, ctx),
        Command::Login(args) => config::login(args, ctx),
        Command::Logout => config::logout(ctx),
        Command::Config(command) => config::run(command, ctx),
    }
}

/// Runs an API command's future on a current-thread runtime: one request at a time is all
/// AC's rate limit allows anyway.
fn block_on<T>(fut: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?
        .block_on(fut)
}

/// A client for the resolved credentials, whose notices go to stderr.
fn client(ctx: &Context) -> anyhow::Result<Client> {
    let creds = crate::config::credentials(ctx)?;
    let palette = ctx.palette_err;
    Client::new(
        creds,
        ctx.http_timeout,
        Arc::new(move |msg: &str| warn(&palette, msg)),
    )
}

/// The address to serve on: an IP, or `localhost`.
fn bind_ip(host: &str) -> anyhow::Result<std::net::IpAddr> {
    if host == "localhost" {
        return Ok(std::net::IpAddr::from([127, 0, 0, 1]));
    }
    host.trim_matches(['[', ']']).parse().map_err(|_| {
        crate::error::usage(format!(
            "--host '{host}' is not an IP address: use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)"
        ))
    })
}

/// A one-line warning on stderr. `msg` may carry outside text: it is escaped here.
pub fn warn(palette: &Palette, msg: &str) {
    crate::note!(
        "acwh: {}: {}",
        palette.warn("warning"),
        crate::escape::line(msg)
    );
}

/// Warns about a webhook AC will accept but that will not do what its owner expects: an http
/// URL AC never delivers to, or a list that none of its events uses.
pub fn warn_about(ctx: &Context, spec: &crate::api::webhooks::WebhookSpec) {
    let warnings = [
        crate::validate::url_warning(&spec.url),
        crate::validate::list_warning(&spec.events, Some(spec.listid)),
    ];
    for w in warnings.into_iter().flatten() {
        warn(&ctx.palette_err, &w);
    }
}

/// A one-line note on stderr. `msg` may carry outside text: it is escaped here.
pub fn note(msg: &str) {
    crate::note!("{}", crate::escape::line(msg));
}

/// Progress for reads that take several pages: a bar on a terminal, nothing otherwise.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(ctx: &Context, what: &'static str) -> Progress {
        let bar = ctx.progress.then(|| {
            let bar = ProgressBar::hidden();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(format!("reading {what}"));
            bar
        });
        Progress { bar }
    }

    /// The callback the paginated reads call after each page. The bar shows itself only
    /// once a second page is needed.
    fn on_page(&self) -> impl FnMut(u64, Option<u64>) + '_ {
        move |done, total| {
            if let Some(bar) = &self.bar {
                if let Some(t) = total {
                    bar.set_length(t);
                    if done < t && bar.is_hidden() {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                }
                bar.set_position(done);
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
