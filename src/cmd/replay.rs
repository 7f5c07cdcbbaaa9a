//! `acwh replay` (in progress: replaced by the real command before this lands).

use crate::cli::ReplayArgs;
use crate::context::Context;

pub fn run(_args: ReplayArgs, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh replay is not available in this build")
}
