//! acwh: ActiveCampaign webhooks from the terminal. The binary is a thin `main` over
//! [`run`]; the library exists so that tests and benches can reach the form decoder, the
//! event table and samples, and the AC stand-in. Everything else is private to the crate.

#![warn(unreachable_pub)]

pub mod cli;
pub mod events;
pub mod form;
pub mod samples;
pub mod sandbox;

// Tests check their own output with the same rule the binary uses.
#[doc(hidden)]
pub mod escape;

mod api;
mod cmd;
mod config;
mod context;
mod diff;
mod edit;
mod error;
mod exit;
mod fsutil;
mod httpd;
mod inspect;
mod listen;
mod manifest;
mod output;
mod prompt;
mod relay;
mod report;
mod sync;
mod token;
mod validate;
mod view;
mod wizard;

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

/// Parses the command line, runs the command, reports a failure, and says how to exit.
pub fn run() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    let ctx = context::Context::from_args(&cli.global);
    // `colored` would otherwise guess from the environment on its own, looking at stdout only.
    colored::control::set_override(ctx.palette_out.enabled);
    match cmd::run(cli.command, &ctx) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) if report::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report::report(&err, &ctx.palette_err);
            ExitCode::from(report::exit_code(&err))
        }
    }
}

/// The command line as `cli::Cli`; or, when clap stops (a usage error, `--help`,
/// `--version`), what it says, printed by `report` under acwh's colour rules, and the exit
/// code: 2 for an error, 0 for help and version.
fn parse() -> Result<cli::Cli, u8> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let choice = cli::color_in_args(&args);
    let parse = |cmd: clap::Command| {
        let mut cmd = cmd.color(report::help_colour(choice));
        cmd.try_get_matches_from_mut(&args)
            .and_then(|mut m| cli::Cli::from_arg_matches_mut(&mut m))
    };
    parse(cli::Cli::command()).map_err(|e| {
        // clap counts a flag its variable set (ACWH_API_URL) as given, so a usage line would
        // list it as if it were required: the same mistake, parsed again without the
        // environment, says it with the usage the user typed.
        let again = (e.use_stderr() && e.get(clap::error::ContextKind::Usage).is_some())
            .then(|| parse(without_env(cli::Cli::command())).err())
            .flatten()
            .filter(|again| again.kind() == e.kind());
        report::command_line(again.as_ref().unwrap_or(&e), choice)
    })
}

/// `cmd` with no argument read from the environment, subcommands too.
fn without_env(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        if a.get_env().is_some() {
            a.env(None)
        } else {
            a
        }
    })
    .mut_subcommands(without_env)
}
