//! Query values in webhook URLs, for `acwh export`: which URLs carry them (a receiver's token,
//! usually), and `--redact-query`, which writes each as a `${VAR}` placeholder that `apply`
//! fills in from the environment. Pure: no I/O; the values never leave this module's result.

use crate::api::webhooks::WebhookSpec;

/// One query value replaced by `${var}`: what the user must set before `apply`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder {
    pub var: String,
    /// The webhook's name, to say where it came from.
    pub webhook: String,
    /// The query key, as written in the URL.
    pub key: String,
    /// The value as written in the URL (still percent-encoded): what the variable must hold.
    pub value: String,
}

/// Where the URL's query starts (its `?`) and ends (before any `#`), and its (key, value)
/// slices as written; no pairs without a query.
fn query(url: &str) -> (usize, usize, Vec<(&str, &str)>) {
    let Some(q) = url.find('?') else {
        return (url.len(), url.len(), Vec::new());
    };
    let end = url[q..].find('#').map_or(url.len(), |h| q + h);
    let pairs = url[q + 1..end]
        .split('&')
        .map(|part| part.split_once('=').unwrap_or((part, "")))
        .collect();
    (q, end, pairs)
}

/// The query keys of `url` that carry a value: `["token"]` for `...?token=abc`.
pub(crate) fn valued_keys(url: &str) -> Vec<&str> {
    query(url)
        .2
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, _)| k)
        .collect()
}

/// `CRM_SYNC_TOKEN` from `crm-sync` and `token`: letters and digits upper-cased, the rest `_`,
/// never starting with a digit.
fn var_name(webhook: &str, key: &str) -> String {
    let mut name = String::new();
    for c in format!("{webhook}_{key}").chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_uppercase());
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_');
    match name.chars().next() {
        None => "WEBHOOK_QUERY".to_string(),
        Some(c) if c.is_ascii_digit() => format!("WEBHOOK_{name}"),
        Some(_) => name.to_string(),
    }
}

/// Each URL with every query value replaced by `${VAR}`, already in the file's escaped form
/// (a literal `${` elsewhere in the URL written `$${`), and the placeholders, each variable
/// name unique in the file.
pub(crate) fn redact(hooks: &[WebhookSpec]) -> (Vec<String>, Vec<Placeholder>) {
    let mut placeholders: Vec<Placeholder> = Vec::new();
    let mut urls = Vec::with_capacity(hooks.len());
    for h in hooks {
        let (at, end, pairs) = query(&h.url);
        if pairs.iter().all(|(_, v)| v.is_empty()) {
            urls.push(super::interp::escape(&h.url));
            continue;
        }
        let mut url = super::interp::escape(&h.url[..=at]);
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                url.push('&');
            }
            url.push_str(&super::interp::escape(k));
            if v.is_empty() {
                // `k=` and a bare `k` are kept as written.
                let raw = h.url[at + 1..end].split('&').nth(i).unwrap_or("");
                url.push_str(raw.get(k.len()..).unwrap_or(""));
                continue;
            }
            let base = var_name(&h.name, k);
            let mut var = base.clone();
            let mut n = 1;
            while placeholders.iter().any(|p| p.var == var) {
                n += 1;
                var = format!("{base}_{n}");
            }
            url.push_str(&format!("=${{{var}}}"));
            placeholders.push(Placeholder {
                var,
                webhook: h.name.clone(),
                key: (*k).to_string(),
                value: (*v).to_string(),
            });
        }
        url.push_str(&super::interp::escape(&h.url[end..]));
        urls.push(url);
    }
    (urls, placeholders)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, url: &str) -> WebhookSpec {
        WebhookSpec {
            name: name.into(),
            url: url.into(),
            events: vec!["subscribe".into()],
            sources: vec!["public".into()],
            listid: 0,
        }
    }

    #[test]
    fn query_values_become_unique_placeholders() {
        let hooks = [
            spec(
                "crm-sync",
                "https://crm.example.com/ac?token=s3cr3t&v=2#top",
            ),
            spec("crm sync", "https://b.example.com/?token=other&flag"),
            spec("plain", "https://example.com/${x}/hook"),
            spec("9lives", "https://example.com/?k=v"),
        ];
        let (urls, p) = redact(&hooks);
        assert_eq!(
            urls,
            [
                "https://crm.example.com/ac?token=${CRM_SYNC_TOKEN}&v=${CRM_SYNC_V}#top",
                "https://b.example.com/?token=${CRM_SYNC_TOKEN_2}&flag",
                "https://example.com/$${x}/hook",
                "https://example.com/?k=${WEBHOOK_9LIVES_K}",
            ]
        );
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.var.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("CRM_SYNC_TOKEN", "s3cr3t"),
                ("CRM_SYNC_V", "2"),
                ("CRM_SYNC_TOKEN_2", "other"),
                ("WEBHOOK_9LIVES_K", "v"),
            ]
        );
        assert_eq!(valued_keys(&hooks[1].url), ["token"]);
        assert!(valued_keys("https://example.com/?").is_empty());
    }
}
