//! `acwh captures` (in progress: replaced by the real command before this lands).

use crate::cli::CapturesArgs;
use crate::context::Context;

pub fn run(_args: CapturesArgs, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh captures is not available in this build")
}
