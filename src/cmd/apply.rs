//! `acwh apply` and `acwh export` (in progress: replaced by the real commands before this lands).

use crate::cli::{ApplyArgs, ExportArgs};
use crate::context::Context;

pub fn export(_args: ExportArgs, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh export is not available in this build")
}

pub fn apply(_args: ApplyArgs, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh apply is not available in this build")
}
