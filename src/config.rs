//! Where settings come from: flag, then environment (clap reads `ACWH_*`), then the chosen
//! profile of the config file. Owns the config file: its place (`ACWH_CONFIG_DIR`, else the
//! platform's config folder), its format, and writing it safely (0600, atomic). Also checks
//! and normalises the API URL, checks the API key, and shows URLs without their user info.

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
    /// `abcd…wxyz`: enough to tell keys apart, too little to use one. At most a quarter of
    /// the key shows (an eighth at each end, four characters at most), and nothing of a key
    /// shorter than 16. Escaped for a terminal.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 16 {
            return "…".into();
        }
        let side = (chars.len() / 8).min(4);
        let head: String = chars[..side].iter().collect();
        let tail: String = chars[chars.len() - side..].iter().collect();
        crate::escape::line(&format!("{head}…{tail}")).into_owned()
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
    /// Reads the file; a missing file is an empty config. A file others can read, or a
    /// folder they can list, is used with a warning through `warn`; a file or folder others
    /// can write to is refused (see [`check_dir`]).
    pub fn load(path: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<ConfigFile> {
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
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
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
pub fn shown(path: &Path) -> String {
    crate::escape::path(path)
}

/// Refuses a config folder others can write to (they could swap `config.toml` for one
/// that sends the key, or the key from the environment, to their own URL) with a usage
/// error naming the `chmod` that fixes it; warns through `warn` when others can list it.
pub fn check_dir(config: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<()> {
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

/// The API URL and key as the flag, the environment and the profile give them (in that
/// order), each possibly missing. A key is checked with [`check_key`]. Every command that
/// talks to AC or a sandbox resolves through here.
pub fn resolve(ctx: &Context) -> anyhow::Result<(Option<String>, Option<Secret>)> {
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
pub fn credentials(ctx: &Context) -> anyhow::Result<Credentials> {
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

/// Refuses a key that cannot be one: AC's keys are visible ASCII, so a control character
/// (a stray newline from a pasted or `echo`ed key) or anything else would only fail later,
/// as a confusing "connection lost". The message never shows the key.
pub fn check_key(key: &str) -> anyhow::Result<()> {
    let Some((at, bad)) = key.chars().enumerate().find(|(_, c)| !c.is_ascii_graphic()) else {
        return Ok(());
    };
    let what = if bad.is_control() {
        "a control character (a stray newline?)"
    } else if bad == ' ' {
        "a space"
    } else {
        "a character that is not plain ASCII"
    };
    Err(usage(format!(
        "the API key contains {what} at character {}: copy it again from AC's Settings -> Developer (it is letters and digits)",
        at + 1
    )))
}

/// A URL for a message: its user info (`user:password@`) removed, whether or not it parses,
/// and escaped for a terminal.
pub fn shown_url(input: &str) -> String {
    let input = input.trim();
    let bare = match Url::parse(input) {
        Ok(mut url) if url.has_host() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        _ => {
            let (scheme, rest) = match input.find("://") {
                Some(i) => input.split_at(i + 3),
                None => ("", input),
            };
            let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let host = match rest[..authority_end].rfind('@') {
                Some(at) => &rest[at + 1..],
                None => rest,
            };
            format!("{scheme}{host}")
        }
    };
    crate::escape::line(&bare).into_owned()
}

/// Accepts `https://x.api-us1.com`, with or without `/api/3` and trailing slashes, and
/// returns it ending in `/api/3/`. Plain http is refused except to a loopback host (tests, the
/// sandbox), since the key would cross the network in clear text.
pub fn normalize_api_url(input: &str) -> anyhow::Result<Url> {
    let shown = shown_url(input);
    let mut url = Url::parse(input.trim()).map_err(|e| {
        usage(format!(
            "'{shown}' is not a valid API URL ({e}): use your account's API URL, e.g. https://ACCOUNT.api-us1.com"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(usage(format!(
                "refusing plain http for '{shown}': the API key would travel unencrypted; use https:// (http is only for loopback hosts)"
            )));
        }
        other => {
            return Err(usage(format!(
                "'{shown}' is not an http(s) URL (scheme '{other}'): use your account's API URL, e.g. https://ACCOUNT.api-us1.com"
            )));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(usage(format!("'{shown}' has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
        return Err(usage(format!(
            "'{shown}' has user info or a query: give the plain API URL, e.g. https://ACCOUNT.api-us1.com (the key goes in --api-key)"
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
        // At most a quarter of the key shows, at most four characters a side.
        assert_eq!(s.masked(), "to…89");
        assert_eq!(Secret::new("short").masked(), "…");
        assert_eq!(Secret::new("0123456789abcde").masked(), "…");
        assert_eq!(Secret::new("0123456789abcdef").masked(), "01…ef");
        let long = Secret::new("sk-ACWH-TEST-9f8e7d6c5b4a-NEVER-PRINT");
        assert_eq!(long.masked(), "sk-A…RINT");
        for n in 0..80 {
            let key: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            let shown = Secret::new(key)
                .masked()
                .chars()
                .filter(|c| *c != '…')
                .count();
            assert!(shown * 4 <= n, "{n}: {shown}");
        }
        let p = Profile {
            api_url: None,
            api_key: Some("topsecret".into()),
        };
        assert!(!format!("{p:?}").contains("topsecret"));
    }

    #[test]
    fn keys_with_control_or_invisible_characters_are_refused() {
        for bad in [
            "abc\ndef",
            "abc\x07",
            "a\u{1b}[31m",
            "abc def",
            "clé",
            "a\u{9b}b",
        ] {
            let err = check_key(bad).unwrap_err();
            assert_eq!(crate::error::exit_code(&err), 2, "{bad:?}");
            let msg = err.to_string();
            assert!(!msg.contains(bad), "{msg}");
        }
        assert!(
            check_key("abc\ndef")
                .unwrap_err()
                .to_string()
                .contains("stray newline")
        );
        assert!(check_key("0123abcdef-_.~").is_ok());
    }

    #[test]
    fn shown_urls_never_carry_user_info() {
        for (given, want) in [
            (
                "https://u:hunter2@acme.api-us1.com/x",
                "https://acme.api-us1.com/x",
            ),
            (
                "https://hunter2@acme.api-us1.com",
                "https://acme.api-us1.com/",
            ),
            (
                "https://u:hunter2@acme api.com/a@b",
                "https://acme api.com/a@b",
            ),
            ("u:hunter2@acme", "acme"),
            ("https://acme.api-us1.com", "https://acme.api-us1.com/"),
            ("not a url", "not a url"),
        ] {
            assert_eq!(shown_url(given), want, "{given}");
        }
        let err = norm("https://someone:hunter2@acme.api-us1.com");
        assert!(
            err.starts_with("ERR") && !err.contains("hunter2") && !err.contains("someone"),
            "{err}"
        );
        let err = norm("https://someone:hunter2@acme api.com");
        assert!(
            err.starts_with("ERR") && !err.contains("hunter2") && !err.contains("someone"),
            "{err}"
        );
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
