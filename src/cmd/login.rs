//! `acwh login`: save a profile's API URL and key, once AC has accepted them.

use std::io::Read;
use std::sync::Arc;

use anyhow::Context as _;

use crate::api::{self, Client, Credentials, Secret, users};
use crate::cli::LoginArgs;
use crate::config::{self, Profile};
use crate::context::Context;
use crate::error::usage;
use crate::output::{Out, warn};
use crate::prompt;

pub(crate) fn run(args: LoginArgs, ctx: &Context) -> anyhow::Result<()> {
    let name = config::profile_name(ctx);
    // Read the file first: one that cannot be parsed is reported, never overwritten.
    let (mut file, path) = super::config::load(ctx)?;
    let current = file.profiles.get(&name).cloned().unwrap_or_default();

    let url = match config::pick(ctx.api_url.as_deref(), None) {
        Some(u) => u,
        None if ctx.interactive => prompt::text(
            ctx,
            "API URL (AC: Settings -> Developer)",
            current.api_url.as_deref(),
            |s| {
                api::normalize_api_url(s)
                    .map(|u| api::display_api_url(&u))
                    .map_err(|e| e.to_string())
            },
        )?,
        None => {
            return Err(prompt::missing(
                "--api-url",
                "--api-url https://ACCOUNT.api-us1.com (or ACWH_API_URL)",
            ));
        }
    };
    let base = api::normalize_api_url(&url)?;

    let key = if args.api_key_stdin {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("could not read the API key from standard input")?;
        s.trim().to_string()
    } else if let Some(k) = config::pick(ctx.api_key.as_deref(), None) {
        k
    } else if ctx.interactive {
        prompt::secret(ctx, "API key (hidden)")?
    } else {
        return Err(prompt::missing(
            "--api-key-stdin",
            "`echo \"$KEY\" | acwh login --api-key-stdin`",
        ));
    };
    if key.trim().is_empty() {
        return Err(usage("the API key is empty"));
    }
    api::check_key(key.trim())?;

    let creds = Credentials {
        base: base.clone(),
        key: Secret::new(key.trim()),
    };
    let palette = ctx.palette_err;
    let client = Client::new(
        creds,
        ctx.http_timeout,
        Arc::new(move |m: &str| warn(&palette, m)),
    )?;
    let user = crate::api::block_on(async { Ok(users::me(&client).await?) })
        .context("AC did not accept these credentials; nothing was saved")?;

    file.profiles.insert(
        name.clone(),
        Profile {
            api_url: Some(api::display_api_url(&base)),
            api_key: Some(key.trim().to_string()),
        },
    );
    file.save(&path)?;
    let field = |k: &str| {
        user.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    Out::default().line(&format!(
        "Logged in as {} <{}> (profile {}); saved to {}",
        crate::escape::line(&field("username")),
        crate::escape::line(&field("email")),
        crate::escape::line(&name),
        config::shown(&path)
    ))?;
    Ok(())
}
