//! The secret in a registered webhook's URL (`?token=…`): made fresh from the OS's random
//! source, and kept out of everything acwh shows or saves.

use std::io::Read as _;

/// 32 lowercase hex characters (128 bits) from `/dev/urandom`.
pub(crate) fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What stands for the token wherever a query or URL is shown or saved.
pub(crate) const REDACTED: &str = "REDACTED";

/// `query` with the value of every `token` parameter that equals `secret` replaced by
/// [`REDACTED`]; everything else kept byte for byte.
pub(crate) fn redact_query(query: &str, secret: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if decoded(k) == "token" && decoded(v) == secret => {
                format!("{k}={REDACTED}")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A URL for the terminal: its `token` value, if any, redacted.
pub(crate) fn redact_url(url: &url::Url, secret: &str) -> String {
    let mut shown = url.clone();
    if let Some(q) = url.query() {
        shown.set_query(Some(&redact_query(q, secret)));
    }
    shown.to_string()
}

/// Free text (an error from AC, a tunnel's log line, a URL) with the secret replaced
/// wherever it appears: as it is, form-encoded and percent-encoded, and the value of any
/// `token=` query parameter that decodes to it.
pub(crate) fn redact_text(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_string();
    }
    let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent = form.replace('+', "%20");
    let mut out = text.to_string();
    for spelling in [secret, form.as_str(), percent.as_str()] {
        out = out.replace(spelling, REDACTED);
    }
    out
}

fn decoded(v: &str) -> String {
    form_urlencoded::parse(format!("x={v}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_hex() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn only_the_secret_is_redacted() {
        assert_eq!(
            redact_query("a=1&token=s3cret&token=other&b=token", "s3cret"),
            "a=1&token=REDACTED&token=other&b=token"
        );
        assert_eq!(redact_query("token=s%33cret", "s3cret"), "token=REDACTED");
        assert_eq!(redact_query("tok%65n=s3cret", "s3cret"), "tok%65n=REDACTED");
        let odd = "my secret/with&chars";
        let said = "URL https://h.example/?token=my+secret%2Fwith%26chars and my%20secret%2Fwith%26chars, my secret/with&chars";
        let shown = redact_text(said, odd);
        assert!(!shown.contains("secret"), "{shown}");
        let url = url::Url::parse("https://h.example/p?token=s3cret").unwrap();
        assert_eq!(
            redact_url(&url, "s3cret"),
            "https://h.example/p?token=REDACTED"
        );
    }
}
