//! `acwh login`, `acwh logout` and `acwh config show|path`: the config file's profiles.
//! A login is saved only once AC has accepted the credentials.

use std::io::Read;
use std::sync::Arc;

use anyhow::Context as _;

use crate::api::{Client, users};
use crate::cli::{ConfigCommand, LoginArgs};
use crate::config::{self, ConfigFile, Credentials, Profile, Secret};
use crate::context::Context;
use crate::error::usage;
use crate::output::Out;
use crate::prompt;

fn load(ctx: &Context) -> anyhow::Result<(ConfigFile, std::path::PathBuf)> {
    let path = config::config_path()?;
    let file = ConfigFile::load(&path, &|m| super::warn(&ctx.palette_err, m))?;
    Ok((file, path))
}

pub fn login(args: LoginArgs, ctx: &Context) -> anyhow::Result<()> {
    let name = config::profile_name(ctx);
    // Read the file first: one that cannot be parsed is reported, never overwritten.
    let (mut file, path) = load(ctx)?;
    let current = file.profiles.get(&name).cloned().unwrap_or_default();

    let url = match config::pick(ctx.api_url.as_deref(), None) {
        Some(u) => u,
        None if ctx.interactive => prompt::text(
            ctx,
            "API URL (AC: Settings -> Developer)",
            current.api_url.as_deref(),
            |s| {
                config::normalize_api_url(s)
                    .map(|u| config::display_api_url(&u))
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
    let base = config::normalize_api_url(&url)?;

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
    config::check_key(key.trim())?;

    let creds = Credentials {
        base: base.clone(),
        key: Secret::new(key.trim()),
    };
    let palette = ctx.palette_err;
    let client = Client::new(
        creds,
        ctx.http_timeout,
        Arc::new(move |m: &str| super::warn(&palette, m)),
    )?;
    let user = super::block_on(async { Ok(users::me(&client).await?) })
        .context("AC did not accept these credentials; nothing was saved")?;

    file.profiles.insert(
        name.clone(),
        Profile {
            api_url: Some(config::display_api_url(&base)),
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

pub fn logout(ctx: &Context) -> anyhow::Result<()> {
    let name = config::profile_name(ctx);
    let (mut file, path) = load(ctx)?;
    let shown_name = crate::escape::line(&name);
    if file.profiles.remove(&name).is_none() {
        super::note(&format!(
            "no saved credentials for profile {shown_name} in {}",
            config::shown(&path)
        ));
        return Ok(());
    }
    file.save(&path)?;
    Out::default().line(&format!(
        "Removed profile {shown_name} from {}",
        config::shown(&path)
    ))?;
    Ok(())
}

pub fn run(command: ConfigCommand, ctx: &Context) -> anyhow::Result<()> {
    let mut out = Out::default();
    match command {
        ConfigCommand::Path => {
            out.line(&config::shown(&config::config_path()?))?;
        }
        ConfigCommand::Show => {
            let name = config::profile_name(ctx);
            let (file, path) = load(ctx)?;
            let profile = file.profiles.get(&name).cloned().unwrap_or_default();
            let from = |flag: &Option<String>, saved: &Option<String>| {
                if config::pick(flag.as_deref(), None).is_some() {
                    "flag or environment"
                } else if saved.is_some() {
                    "config file"
                } else {
                    "not set"
                }
            };
            let url = config::pick(ctx.api_url.as_deref(), profile.api_url.as_deref());
            let key = config::pick(ctx.api_key.as_deref(), profile.api_key.as_deref());
            let p = &ctx.palette_out;
            let mut text = format!("{} {}\n", p.key("file    "), config::shown(&path));
            let shown_name = crate::escape::line(&name);
            text.push_str(&format!("{} {shown_name}\n", p.key("profile ")));
            text.push_str(&format!(
                "{} {}  ({})\n",
                p.key("api_url "),
                url.as_deref().map_or_else(|| "-".into(), config::shown_url),
                from(&ctx.api_url, &profile.api_url)
            ));
            text.push_str(&format!(
                "{} {}  ({})\n",
                p.key("api_key "),
                key.map(|k| Secret::new(k).masked())
                    .unwrap_or_else(|| "-".into()),
                from(&ctx.api_key, &profile.api_key)
            ));
            let others: Vec<&str> = file
                .profiles
                .keys()
                .map(String::as_str)
                .filter(|k| *k != name)
                .collect();
            if !others.is_empty() {
                let others = crate::escape::line(&others.join(", ")).into_owned();
                text.push_str(&format!("{} {others}\n", p.key("others  ")));
            }
            out.write(&text)?;
        }
    }
    Ok(())
}
