//! The credentials that reach an account, and the rules for each part: the API URL (https,
//! or plain http to this machine only; always ending in `/api/3/`) and the key (visible
//! ASCII, never shown). The key's `Debug` is redacted, so no log or panic can leak it.

use url::Url;

use crate::error::usage;

/// The API key. Its `Debug` never shows the value, so no log or panic message can leak it.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The key itself, for the one place that sends it: the `Api-Token` header.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
    /// `abcd…wxyz`: enough to tell keys apart, too little to use one. At most a quarter of
    /// the key shows (an eighth at each end, four characters at most), and nothing of a key
    /// shorter than 16. Escaped for a terminal.
    pub(crate) fn masked(&self) -> String {
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
pub(crate) struct Credentials {
    /// The base ending in `/api/3/`, so relative paths join onto it.
    pub base: Url,
    pub key: Secret,
}

/// Refuses a key that cannot be one: AC's keys are visible ASCII, so a control character
/// (a stray newline from a pasted or `echo`ed key) or anything else would only fail later,
/// as a confusing "connection lost". The message never shows the key.
pub(crate) fn check_key(key: &str) -> anyhow::Result<()> {
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
pub(crate) fn shown_url(input: &str) -> String {
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
pub(crate) fn normalize_api_url(input: &str) -> anyhow::Result<Url> {
    let shown = shown_url(input);
    let mut url = Url::parse(input.trim()).map_err(|e| {
        usage(format!(
            "'{shown}' is not a valid API URL ({e}): use your account's API URL, e.g. https://ACCOUNT.api-us1.com"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if crate::relay::is_loopback_url(&url) => {}
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
pub(crate) fn display_api_url(base: &Url) -> String {
    base.as_str()
        .trim_end_matches('/')
        .trim_end_matches("/api/3")
        .to_string()
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
            assert!(err.is::<crate::error::UsageError>(), "{bad:?}");
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
}
