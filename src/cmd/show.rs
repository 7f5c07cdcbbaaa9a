//! `acwh show ID`: one webhook, as labelled rows or AC's JSON.

use crate::api::webhooks;
use crate::cli::ShowArgs;
use crate::context::Context;

pub(crate) fn run(args: ShowArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = crate::config::client(ctx)?;
    let hook = crate::api::block_on(async { Ok(webhooks::get(&client, args.id).await?) })?;
    crate::view::print_webhook(&hook, args.json, None, &ctx.palette_out)
}
