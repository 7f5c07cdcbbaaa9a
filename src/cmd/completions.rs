//! `acwh completions SHELL` and `acwh man`: generated from the clap definition, with a fixed
//! bin name so the output is the same wherever the binary lives. The committed copies in
//! `completions/` are checked against this output by a test.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::output::Out;

pub fn completions(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "acwh", &mut buf);
    Ok(Out::default().bytes(&buf)?)
}

/// The main page followed by one page per subcommand (`acwh-create(1)`, ...), in one roff
/// stream: `acwh man | man -l -` shows them all.
pub fn man() -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("acwh-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).bin_name(name);
        clap_mangen::Man::new(page).render(&mut buf)?;
    }
    Ok(Out::default().bytes(&buf)?)
}
