//! Where settings come from: flag, then environment (clap reads `ACWH_*`), then the chosen
//! profile of the config file. Owns the config file: its place (`ACWH_CONFIG_DIR`, else the
//! platform's config folder), its format, and writing it safely (0600, atomic). Also checks
//! and normalises the API URL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::context::Context;
use crate::error::usage;

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// The API key. Its `Debug` never shows the value, so no log or panic message can leak it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The key itself, for the one place that sends it: the `Api-Token` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// `abcd…wxyz`: enough to tell keys apart, too little to use one.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            return "…".into();
        }
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}…{tail}")
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Everything needed to reach an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The base ending in `/api/3/`, so relative paths join onto it.
    pub base: Url,
    pub key: Secret,
}

/// One account's saved settings.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
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
pub struct ConfigFile {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The config folder: `ACWH_CONFIG_DIR`, else the platform's (`$XDG_CONFIG_HOME/acwh` or
/// `~/.config/acwh` on Linux).
pub fn config_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("ACWH_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("acwh"))
        .ok_or_else(|| anyhow::anyhow!("no config folder on this system: set ACWH_CONFIG_DIR"))
}

pub fn config_path() -> anyhow::Result<PathBuf> {
    Ok(config_dir()?.join("config.toml"))
}

impl ConfigFile {
    /// Reads the file; a missing file is an empty config. A file others can read is used,
    /// with a warning through `warn`.
    pub fn load(path: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<ConfigFile> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not read config file {}", path.display()));
            }
        };
        if let Some(mode) = others_can_read(path) {
            warn(&format!(
                "config file {} holds API keys and is readable by other users (mode {mode:o}): run chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
        toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "could not parse config file {}: {}; fix it or remove it (acwh never overwrites a file it cannot read)",
                path.display(),
                e.to_string().trim()
            )
        })
    }

    /// Writes the file atomically with mode 0600, creating its folder with mode 0700.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = toml::to_string_pretty(self).context("could not encode the config")?;
        let dir = path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let contents = format!("# acwh configuration: written by `acwh login`\n{text}");
        let result = crate::fsutil::write_private_atomic(path, contents.as_bytes());
        result.with_context(|| format!("could not write config file {}", path.display()))
    }
}

#[cfg(unix)]
fn others_can_read(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn others_can_read(_: &Path) -> Option<u32> {
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
        .with_context(|| format!("could not create config folder {}", dir.display()))
}

/// The profile name in effect.
pub fn profile_name(ctx: &Context) -> String {
    ctx.profile
        .clone()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_PROFILE.to_string())
}

/// Picks each setting: flag or environment first (clap already merged those two, the flag
/// winning), then the profile. Pure, so precedence is unit-tested.
pub fn pick(flag_or_env: Option<&str>, profile: Option<&str>) -> Option<String> {
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    flag_or_env
        .and_then(clean)
        .or_else(|| profile.and_then(clean))
}

/// Resolves the credentials, or a usage error that names both the flag and the variable.
pub fn credentials(ctx: &Context) -> anyhow::Result<Credentials> {
    let name = profile_name(ctx);
    let need_file = pick(ctx.api_url.as_deref(), None).is_none()
        || pick(ctx.api_key.as_deref(), None).is_none();
    let (profile, path) = if need_file {
        let path = config_path()?;
        let file = ConfigFile::load(&path, &|m| crate::cmd::warn(&ctx.palette_err, m))?;
        (file.profiles.get(&name).cloned(), Some(path))
    } else {
        (None, None)
    };
    if ctx.profile.is_some() && profile.is_none() && need_file {
        return Err(usage(format!(
            "no profile '{name}' in {}: run `acwh login --profile {name}`, or pass --api-url and --api-key",
            path.map(|p| p.display().to_string()).unwrap_or_default()
        )));
    }
    let p = profile.unwrap_or_default();
    let url = pick(ctx.api_url.as_deref(), p.api_url.as_deref());
    let key = pick(ctx.api_key.as_deref(), p.api_key.as_deref());
    match (url, key) {
        (Some(url), Some(key)) => Ok(Credentials {
            base: normalize_api_url(&url)?,
            key: Secret::new(key),
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

/// Accepts `https://x.api-us1.com`, with or without `/api/3` and trailing slashes, and
/// returns it ending in `/api/3/`. Plain http is refused except to a loopback host (tests, the
/// sandbox), since the key would cross the network in clear text.
pub fn normalize_api_url(input: &str) -> anyhow::Result<Url> {
    let mut url = Url::parse(input.trim()).map_err(|e| {
        usage(format!(
            "'{input}' is not a valid API URL ({e}): use your account's API URL, e.g. https://ACCOUNT.api-us1.com"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(usage(format!(
                "refusing plain http for '{input}': the API key would travel unencrypted; use https:// (http is only for loopback hosts)"
            )));
        }
        other => {
            return Err(usage(format!(
                "'{input}' is not an http(s) URL (scheme '{other}'): use your account's API URL, e.g. https://ACCOUNT.api-us1.com"
            )));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(usage(format!("'{input}' has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
        return Err(usage(format!(
            "'{input}' has user info or a query: give the plain API URL, e.g. https://ACCOUNT.api-us1.com"
        )));
    }
    let mut path = url.path().trim_end_matches('/').to_string();
    if !path.ends_with("/api/3") {
        path.push_str("/api/3");
    }
    path.push('/');
    url.set_path(&path);
    url.set_fragment(None);
    Ok(url)
}

/// The API URL as a user would write it: without `/api/3/`.
pub fn display_api_url(base: &Url) -> String {
    base.as_str()
        .trim_end_matches('/')
        .trim_end_matches("/api/3")
        .to_string()
}

/// Whether the URL's host is on this machine.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_api_url(s)
            .map(|u| u.to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn api_url_forms() {
        for s in [
            "https://acme.api-us1.com",
            "https://acme.api-us1.com/",
            "https://acme.api-us1.com/api/3",
            "https://acme.api-us1.com/api/3/",
            " https://acme.api-us1.com/api/3// ",
        ] {
            assert_eq!(norm(s), "https://acme.api-us1.com/api/3/", "{s}");
        }
        assert_eq!(
            norm("http://127.0.0.1:4100"),
            "http://127.0.0.1:4100/api/3/"
        );
        assert_eq!(norm("http://localhost:1/"), "http://localhost:1/api/3/");
        let base = normalize_api_url("https://acme.api-us1.com").unwrap();
        assert_eq!(display_api_url(&base), "https://acme.api-us1.com");
    }

    #[test]
    fn plain_http_refused_off_loopback() {
        assert!(norm("http://acme.api-us1.com").contains("refusing plain http"));
        assert!(norm("ftp://x").starts_with("ERR"));
        assert!(norm("acme.api-us1.com").starts_with("ERR"));
    }

    #[test]
    fn secret_debug_is_redacted_and_mask_is_partial() {
        let s = Secret::new("topsecret-0123456789");
        assert!(!format!("{s:?}").contains("topsecret"));
        assert_eq!(s.masked(), "tops…6789");
        assert_eq!(Secret::new("short").masked(), "…");
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
