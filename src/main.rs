//! The `acwh` binary: parse, build the context, dispatch, report, exit.

use std::process::ExitCode;

use acwh::cli::Cli;
use acwh::context::Context;
use acwh::error;
use clap::Parser;

// The catcher allocates a little for every request (decoded pairs, the tree, the rendering);
// mimalloc makes that markedly cheaper than glibc's allocator under concurrent load.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::from_args(&cli.global);
    // `colored` would otherwise guess from the environment on its own, looking at stdout only.
    colored::control::set_override(ctx.palette_out.enabled);
    match acwh::cmd::run(cli.command, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            error::report(&err, &ctx.palette_err);
            ExitCode::from(error::exit_code(&err))
        }
    }
}
