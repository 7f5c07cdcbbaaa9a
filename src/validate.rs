//! Checks on what a user asks AC to store, shared by `create`, `update`, the prompts and
//! `apply`, so every path refuses the same things with the same words. Pure: no I/O.

use url::Url;

use crate::events;

/// Characters AC allows in a webhook URL besides alphanumerics
/// (docs/activecampaign.md#characters-allowed-in-the-url), plus those that make up a URL's own
/// structure.
const URL_SPECIALS: &str = "$-_.+!*'(),";
const URL_STRUCTURE: &str = ":/?#&=%@~";

/// Checks a receiver URL by AC's rules and returns it trimmed. Errors name the fix.
pub(crate) fn webhook_url(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(
            "the URL is empty: give the receiver's address, e.g. https://example.com/hooks/ac"
                .into(),
        );
    }
    if let Some(why) = placeholder_problem(s) {
        return Err(format!(
            "{why} (AC sends to the URL exactly as written, and accepts no '{{' or '}}' in it)"
        ));
    }
    if let Some(bad) = s.chars().find(|c| {
        !(c.is_ascii_alphanumeric() || URL_SPECIALS.contains(*c) || URL_STRUCTURE.contains(*c))
    }) {
        let shown = if bad.is_whitespace() {
            "a space".to_string()
        } else {
            format!("'{bad}'")
        };
        return Err(format!(
            "the URL contains {shown}, which AC does not accept: percent-encode it (e.g. %20 for a space); AC allows letters, digits and $-_.+!*'(),"
        ));
    }
    let url = Url::parse(s)
        .map_err(|e| format!("'{s}' is not a URL ({e}): give it as https://HOST/PATH"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "'{s}' is not an http(s) URL: AC delivers to https://HOST/PATH"
        ));
    }
    // The url crate reads `https:///x` as host "x"; AC would not.
    let after_scheme = s.split_once("://").map_or("", |(_, rest)| rest);
    if url.host_str().is_none_or(str::is_empty) || after_scheme.starts_with('/') {
        return Err(format!("'{s}' has no host: give it as https://HOST/PATH"));
    }
    if url.scheme() == "https"
        && let Some(port) = url.port()
        && port != 443
    {
        return Err(format!(
            "AC delivers only to port 443 for https URLs, not {port}: drop ':{port}' and put the receiver (or a tunnel) on 443"
        ));
    }
    Ok(s.to_string())
}

/// What a `{...}` in a URL most likely is, and what to do instead: a `${VAR}` nothing
/// filled in (single quotes keep the shell from it) or a template placeholder, which nothing
/// fills in either. `None` when there is no `{`.
pub(crate) fn placeholder_problem(url: &str) -> Option<String> {
    let open = url.find('{')?;
    let start = if url[..open].ends_with('$') {
        open - 1
    } else {
        open
    };
    let end = url[open..]
        .find('}')
        .map_or(url.len(), |close| open + close + 1);
    let shown = &url[start..end];
    Some(if start < open {
        format!(
            "the URL contains '{shown}', a variable nothing filled in: give the value, or let the shell fill it in (double quotes, not single)"
        )
    } else {
        format!(
            "the URL contains '{shown}', a placeholder that nothing fills in: give the real value"
        )
    })
}

/// Checks a URL flag when one was given.
pub(crate) fn optional_webhook_url(input: Option<&str>) -> Result<Option<String>, String> {
    input.map(webhook_url).transpose()
}

/// A warning for an http URL that AC itself will never deliver to (AC sends only to public
/// https on 443); loopback hosts are fine for the local sandbox.
pub(crate) fn url_warning(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    (parsed.scheme() == "http" && !crate::relay::is_loopback_url(&parsed)).then(|| {
        "AC delivers only to https on port 443: this webhook will not fire from a real account"
            .to_string()
    })
}

/// A warning when a list is set but none of the events is filtered by list
/// (docs/activecampaign.md#the-list-filter).
pub(crate) fn list_warning(events: &[String], listid: Option<u64>) -> Option<String> {
    let list = listid.filter(|l| *l != 0)?;
    let uses = events
        .iter()
        .any(|e| events::find(e).is_none_or(|ev| ev.uses_list));
    (!uses && !events.is_empty()).then(|| {
        format!(
            "--list {list} has no effect: AC ignores the list for {}",
            events.join(", ")
        )
    })
}

/// A readable default name: the events and the receiver's host, e.g.
/// `subscribe, update -> example.com`.
pub(crate) fn default_name(events: &[String], url: &str) -> String {
    let host = Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "receiver".into());
    let shown = match events.len() {
        0 => "webhook".to_string(),
        1..=3 => events.join(", "),
        n => format!("{} +{} more", events[..2].join(", "), n - 2),
    };
    format!("{shown} -> {host}")
}

/// Removes repeats, keeping the first occurrence's position.
pub(crate) fn dedup<T: Eq + std::hash::Hash + Clone>(items: Vec<T>) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_and_token_urls() {
        for u in [
            "https://example.com/hooks/ac",
            "https://example.com/hooks/ac?token=abc-123&x=1",
            "https://example.com:443/a_b.c~d/(x)!*'$,+",
            "http://127.0.0.1:8080/",
            "https://user@example.com/%20x#frag",
        ] {
            assert!(webhook_url(u).is_ok(), "{u}: {:?}", webhook_url(u));
        }
    }

    #[test]
    fn refuses_what_ac_refuses() {
        let err = |u: &str| webhook_url(u).unwrap_err();
        assert!(err("https://example.com:8443/x").contains("port 443"));
        assert!(err("https://example.com/a b").contains("a space"));
        assert!(err("https://example.com/{x}").contains("'{'"));
        assert!(err("https://example.com/é").contains("'é'"));
        assert!(err("ftp://example.com/x").contains("http(s)"));
        assert!(err("example.com/x").contains("not a URL"));
        assert!(err("").contains("empty"));
        assert!(err("https:///x").contains("no host"));
    }

    #[test]
    fn warnings() {
        assert!(url_warning("http://example.com/x").is_some());
        assert!(url_warning("http://localhost:8080/").is_none());
        assert!(url_warning("https://example.com/").is_none());
        let ev = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(list_warning(&ev(&["deal_add"]), Some(3)).is_some());
        assert!(list_warning(&ev(&["deal_add", "subscribe"]), Some(3)).is_none());
        assert!(list_warning(&ev(&["deal_add"]), Some(0)).is_none());
        assert!(list_warning(&ev(&["deal_add"]), None).is_none());
    }

    #[test]
    fn default_names() {
        let ev = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            default_name(&ev(&["subscribe"]), "https://example.com/hooks/ac"),
            "subscribe -> example.com"
        );
        assert_eq!(
            default_name(&ev(&["a", "b", "c", "d", "e"]), "https://x.io/"),
            "a, b +3 more -> x.io"
        );
    }
}
