//! Where settings come from: flag, then environment (clap reads `ACWH_*`), then the chosen
//! profile of the config file. Owns the config file: its place (`ACWH_CONFIG_DIR`, else the
//! platform's config folder), its format, and writing it safely (0600, atomic). The
//! credentials it resolves, and the rules for an API URL and key, are the API client's
//! (`api::credentials`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::api::{Client, Credentials, Secret, check_key, normalize_api_url};
use crate::context::Context;
use crate::error::usage;

/// The profile used when none is named.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// One account's saved settings.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("api_url", &self.api_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The config file: `[profiles.NAME]` tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The config folder: `ACWH_CONFIG_DIR`, else the platform's (`$XDG_CONFIG_HOME/acwh` or
/// `~/.config/acwh` on Linux).
pub(crate) fn config_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("ACWH_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("acwh"))
        .ok_or_else(|| anyhow::anyhow!("no config folder on this system: set ACWH_CONFIG_DIR"))
}

pub(crate) fn config_path() -> anyhow::Result<PathBuf> {
    Ok(config_dir()?.join("config.toml"))
}

impl ConfigFile {
    /// Reads the file; a missing file is an empty config. A file others can read, or a
    /// folder they can list, is used with a warning through `warn`; a file or folder others
    /// can write to is refused (see [`check_dir`]).
    pub(crate) fn load(path: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<ConfigFile> {
        check_dir(path, warn)?;
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not read config file {}", shown(path)));
            }
        };
        let mode = shared_mode(path);
        if let Some(mode) = mode.filter(|m| m & 0o022 != 0) {
            return Err(usage(format!(
                "config file {} holds API keys and is writable by other users (mode {mode:o}), who could point it anywhere: run chmod 600 {}",
                shown(path),
                crate::fsutil::shell_path(path)
            )));
        }
        if let Some(mode) = mode {
            warn(&format!(
                "config file {} holds API keys and is readable by other users (mode {mode:o}): run chmod 600 {}",
                shown(path),
                crate::fsutil::shell_path(path)
            ));
        }
        toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "could not parse config file {}: {}; fix it or remove it (acwh never overwrites a file it cannot read)",
                shown(path),
                crate::escape::line(e.to_string().trim())
            )
        })
    }

    /// Writes the file atomically with mode 0600, creating its folder with mode 0700. A
    /// folder others can write to is refused.
    pub(crate) fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = toml::to_string_pretty(self).context("could not encode the config")?;
        let dir = path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        check_dir(path, &|_| {})?;
        let contents = format!("# acwh configuration: written by `acwh login`\n{text}");
        let result = crate::fsutil::write_private_atomic(path, contents.as_bytes());
        result.with_context(|| format!("could not write config file {}", shown(path)))
    }
}

/// A path from the environment, safe for a one-line message.
pub(crate) fn shown(path: &Path) -> String {
    crate::escape::path(path)
}

/// Refuses a config folder others can write to (they could swap `config.toml` for one
/// that sends the key, or the key from the environment, to their own URL) with a usage
/// error naming the `chmod` that fixes it; warns through `warn` when others can list it.
pub(crate) fn check_dir(config: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<()> {
    let dir = config.parent().unwrap_or(Path::new("."));
    match crate::fsutil::dir_risk(dir) {
        Some(crate::fsutil::DirRisk::Refuse(mode)) => Err(usage(format!(
            "config folder {} is writable by other users (mode {mode:o}), who could replace the file that holds API keys: run chmod 700 {}",
            shown(dir),
            crate::fsutil::shell_path(dir)
        ))),
        Some(crate::fsutil::DirRisk::Warn(mode)) => {
            warn(&format!(
                "config folder {} is readable by other users (mode {mode:o}): run chmod 700 {}",
                shown(dir),
                crate::fsutil::shell_path(dir)
            ));
            Ok(())
        }
        None => Ok(()),
    }
}

/// The file's mode when it gives other users any access.
#[cfg(unix)]
fn shared_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn shared_mode(_: &Path) -> Option<u32> {
    None
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
        .with_context(|| format!("could not create config folder {}", shown(dir)))
}

/// The profile name in effect.
pub(crate) fn profile_name(ctx: &Context) -> String {
    ctx.profile
        .clone()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_PROFILE.to_string())
}

/// Picks each setting: flag or environment first (clap already merged those two, the flag
/// winning), then the profile. Pure, so precedence is unit-tested.
pub(crate) fn pick(flag_or_env: Option<&str>, profile: Option<&str>) -> Option<String> {
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    flag_or_env
        .and_then(clean)
        .or_else(|| profile.and_then(clean))
}

/// The API URL and key as the flag, the environment and the profile give them (in that
/// order), each possibly missing. A key is checked with [`check_key`]. Every command that
/// talks to AC or a sandbox resolves through here.
pub(crate) fn resolve(ctx: &Context) -> anyhow::Result<(Option<String>, Option<Secret>)> {
    let name = profile_name(ctx);
    let need_file = pick(ctx.api_url.as_deref(), None).is_none()
        || pick(ctx.api_key.as_deref(), None).is_none();
    let (profile, path) = if need_file {
        let path = config_path()?;
        let file = ConfigFile::load(&path, &|m| crate::output::warn(&ctx.palette_err, m))?;
        (file.profiles.get(&name).cloned(), Some(path))
    } else {
        (None, None)
    };
    if ctx.profile.is_some() && profile.is_none() && need_file {
        let name = crate::escape::line(&name);
        return Err(usage(format!(
            "no profile '{name}' in {}: run `acwh login --profile {name}`, or pass --api-url and --api-key",
            path.as_deref().map(shown).unwrap_or_default()
        )));
    }
    let p = profile.unwrap_or_default();
    let url = pick(ctx.api_url.as_deref(), p.api_url.as_deref());
    let key = pick(ctx.api_key.as_deref(), p.api_key.as_deref());
    if let Some(k) = &key {
        check_key(k)?;
    }
    Ok((url, key.map(Secret::new)))
}

/// Resolves the credentials, or a usage error that names both the flag and the variable.
pub(crate) fn credentials(ctx: &Context) -> anyhow::Result<Credentials> {
    match resolve(ctx)? {
        (Some(url), Some(key)) => Ok(Credentials {
            base: normalize_api_url(&url)?,
            key,
        }),
        (None, None) => Err(usage(
            "no credentials: pass --api-url and --api-key, or set ACWH_API_URL and ACWH_API_KEY, or run `acwh login` \
             (AC's Settings -> Developer shows both; `acwh sandbox` gives local ones)",
        )),
        (None, Some(_)) => Err(usage(
            "no API URL: pass --api-url or set ACWH_API_URL (AC's Settings -> Developer shows it, e.g. https://ACCOUNT.api-us1.com)",
        )),
        (Some(_), None) => Err(usage(
            "no API key: pass --api-key or set ACWH_API_KEY, or run `acwh login` (AC's Settings -> Developer shows it)",
        )),
    }
}

/// A client for the resolved credentials, whose notices go to stderr.
pub(crate) fn client(ctx: &Context) -> anyhow::Result<Client> {
    let palette = ctx.palette_err;
    Client::new(
        credentials(ctx)?,
        ctx.http_timeout,
        std::sync::Arc::new(move |msg: &str| crate::output::warn(&palette, msg)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_debug_hides_the_key() {
        let p = Profile {
            api_url: None,
            api_key: Some("topsecret".into()),
        };
        assert!(!format!("{p:?}").contains("topsecret"));
    }

    #[test]
    fn precedence_flag_or_env_over_profile() {
        // flag > env is clap's own merge (tested end to end); here the other two pairs.
        assert_eq!(pick(Some("flag"), Some("profile")), Some("flag".into()));
        assert_eq!(pick(Some("env"), Some("profile")), Some("env".into()));
        assert_eq!(pick(None, Some("profile")), Some("profile".into()));
        assert_eq!(pick(Some("  "), Some("profile")), Some("profile".into()));
        assert_eq!(pick(None, None), None);
    }

    #[test]
    fn file_round_trips_with_private_modes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        let mut cfg = ConfigFile::default();
        cfg.profiles.insert(
            "work".into(),
            Profile {
                api_url: Some("https://w.api-us1.com".into()),
                api_key: Some("k".into()),
            },
        );
        cfg.save(&path).unwrap();
        let back = ConfigFile::load(&path, &|_| panic!("no warning expected")).unwrap();
        assert_eq!(back, cfg);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let warned = std::cell::Cell::new(false);
            ConfigFile::load(&path, &|m| {
                assert!(m.contains("chmod 600"));
                warned.set(true);
            })
            .unwrap();
            assert!(warned.get());
        }
    }

    #[test]
    fn unparsable_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "profiles = [").unwrap();
        let err = ConfigFile::load(&path, &|_| {}).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(
            ConfigFile::load(&dir.path().join("none.toml"), &|_| {})
                .unwrap()
                .profiles
                .is_empty()
        );
    }
}
