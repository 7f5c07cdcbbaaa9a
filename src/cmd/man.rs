//! `acwh man`: the manual page, generated from the clap definition. The committed copy is
//! checked against this output by a test.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::output::Out;

/// The main page followed by one page per subcommand (`acwh-create(1)`, ...), in one roff
/// stream: `acwh man | man -l -` shows them all.
pub(crate) fn run() -> anyhow::Result<()> {
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
