//! Where settings come from: flag, then environment (clap reads `ACWH_*` for us), then, in a
//! later release, the config file's profile. This is the one seam for that file. It also
//! checks and normalises the API URL.

use url::Url;

use crate::context::Context;
use crate::error::usage;

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

/// Resolves the credentials, or a usage error that names both the flag and the variable.
pub fn credentials(ctx: &Context) -> anyhow::Result<Credentials> {
    let url = ctx
        .api_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let key = ctx
        .api_key
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match (url, key) {
        (Some(url), Some(key)) => Ok(Credentials {
            base: normalize_api_url(url)?,
            key: Secret::new(key),
        }),
        (None, None) => Err(usage(
            "no credentials: pass --api-url and --api-key, or set ACWH_API_URL and ACWH_API_KEY \
             (AC's Settings -> Developer shows both; `acwh sandbox` gives local ones)",
        )),
        (None, Some(_)) => Err(usage(
            "no API URL: pass --api-url or set ACWH_API_URL (AC's Settings -> Developer shows it, e.g. https://ACCOUNT.api-us1.com)",
        )),
        (Some(_), None) => Err(usage(
            "no API key: pass --api-key or set ACWH_API_KEY (AC's Settings -> Developer shows it)",
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
    }

    #[test]
    fn plain_http_refused_off_loopback() {
        assert!(norm("http://acme.api-us1.com").contains("refusing plain http"));
        assert!(norm("ftp://x").starts_with("ERR"));
        assert!(norm("acme.api-us1.com").starts_with("ERR"));
    }

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::new("topsecret");
        assert!(!format!("{s:?}").contains("topsecret"));
    }
}
