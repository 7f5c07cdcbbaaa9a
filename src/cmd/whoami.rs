//! `acwh whoami`: whose key this is, and which account it reaches.

use serde_json::Value;

use crate::api::users;
use crate::cli::ReadArgs;
use crate::context::Context;
use crate::output::Out;

pub(crate) fn run(args: ReadArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = crate::config::client(ctx)?;
    let base = client.base().clone();
    let user = crate::api::block_on(async { Ok(users::me(&client).await?) })?;
    let mut out = Out::default();
    if args.json {
        return Ok(out.json(&user)?);
    }
    // AC's answer is outside text: escaped before it is laid out.
    let field = |k: &str| {
        crate::escape::line(user.get(k).and_then(Value::as_str).unwrap_or("")).into_owned()
    };
    let full = format!("{} {}", field("firstName"), field("lastName"));
    let p = &ctx.palette_out;
    let mut text = format!(
        "{} {} <{}>\n",
        p.bold(&field("username")),
        full.trim(),
        field("email")
    );
    text.push_str(&format!(
        "  {} {}\n",
        p.key("account "),
        crate::escape::line(&crate::api::display_api_url(&base))
    ));
    Ok(out.write(&text)?)
}
