//! `acwh config show|path`: where the settings are, and what each one resolves to.

use crate::api::{Secret, shown_url};
use crate::cli::ConfigCommand;
use crate::config::{self, ConfigFile};
use crate::context::Context;
use crate::output::{Out, warn};

/// The config file and its path; warnings about it go to stderr.
pub(crate) fn load(ctx: &Context) -> anyhow::Result<(ConfigFile, std::path::PathBuf)> {
    let path = config::config_path()?;
    let file = ConfigFile::load(&path, &|m| warn(&ctx.palette_err, m))?;
    Ok((file, path))
}

pub(crate) fn run(command: ConfigCommand, ctx: &Context) -> anyhow::Result<()> {
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
                url.as_deref().map_or_else(|| "-".into(), shown_url),
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
