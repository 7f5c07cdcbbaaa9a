//! `acwh completions SHELL`: generated from the clap definition, with a fixed bin name so
//! the output is the same wherever the binary lives. The committed copies in `completions/`
//! are checked against this output by a test.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::output::Out;

pub(crate) fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "acwh", &mut buf);
    Ok(Out::default().bytes(&buf)?)
}
