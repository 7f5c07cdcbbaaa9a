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
mod error;
mod exit;
mod fsutil;
mod httpd;
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

use clap::Parser as _;

/// Parses the command line, runs the command, reports a failure, and says how to exit.
pub fn run() -> ExitCode {
    let cli = cli::Cli::parse();
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
