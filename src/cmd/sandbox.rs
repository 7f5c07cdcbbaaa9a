//! `acwh sandbox` (in progress: replaced by the real command before this lands).

use crate::cli::SandboxArgs;
use crate::context::Context;

pub fn run(_args: SandboxArgs, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh sandbox is not available in this build")
}
