//! `acwh login`, `logout` and `config` (in progress: replaced by the real commands before this lands).

use crate::cli::{ConfigCommand, LoginArgs};
use crate::context::Context;

pub fn login(_args: LoginArgs, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh login is not available in this build")
}

pub fn logout(_ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh logout is not available in this build")
}

pub fn run(_command: ConfigCommand, _ctx: &Context) -> anyhow::Result<()> {
    anyhow::bail!("acwh config is not available in this build")
}
