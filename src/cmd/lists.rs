//! `acwh lists` and `acwh whoami`: the account-side facts a webhook set-up needs.

use serde_json::Value;

use crate::api::{lists, users};
use crate::cli::ReadArgs;
use crate::context::Context;
use crate::output::{Out, table};

pub fn lists(args: ReadArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = super::client(ctx)?;
    let progress = super::Progress::new(ctx, "lists");
    let all = super::block_on(async { Ok(lists::all(&client, &mut progress.on_page()).await?) })?;
    drop(progress);
    let mut out = Out::default();
    if args.json {
        return Ok(out.json(&Value::Array(all.into_iter().map(|l| l.raw).collect()))?);
    }
    if all.is_empty() {
        super::note("no lists in this account");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|l| vec![l.id.clone(), l.name.clone(), l.stringid.clone()])
        .collect();
    out.write(&table(&["ID", "NAME", "STRINGID"], &rows, &ctx.palette_out))?;
    Ok(())
}

pub fn whoami(args: ReadArgs, ctx: &Context) -> anyhow::Result<()> {
    let client = super::client(ctx)?;
    let base = client.base().clone();
    let user = super::block_on(async { Ok(users::me(&client).await?) })?;
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
        crate::escape::line(&crate::config::display_api_url(&base))
    ));
    Ok(out.write(&text)?)
}
