//! ActiveCampaign's v3 API, as acwh uses it: a client that paces, retries and maps errors,
//! and one module per resource. Returns data; never prints (notices go through a callback).

pub(crate) mod client;
mod credentials;
pub(crate) mod fields;
pub(crate) mod lists;
pub(crate) mod users;
pub(crate) mod webhooks;

pub(crate) use client::Client;
pub(crate) use credentials::{
    Credentials, Secret, check_key, display_api_url, normalize_api_url, shown_url,
};

/// What can go wrong talking to AC. Callers branch on it: exit codes and hints.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    /// AC answered with a non-2xx status.
    #[error("AC answered {status}{}: {message}", reason(*status))]
    Status { status: u16, message: String },
    /// The request never got an answer: DNS, refused, reset. `connect` is true when no
    /// connection could be made at all (then the URL is the likely culprit).
    #[error("could not reach {url}: {detail}")]
    Transport {
        url: String,
        detail: String,
        connect: bool,
    },
    /// No answer within the timeout.
    #[error("AC did not answer within {secs}s ({url}); --http-timeout sets the limit")]
    Timeout { url: String, secs: u64 },
    /// A 2xx whose body is not what AC sends.
    #[error("unexpected answer from AC: {0}")]
    Decode(String),
    /// An answer larger than [`client::MAX_ANSWER`]: no page of AC's comes near it, so
    /// whatever sent it is not AC, or is broken. Reading stopped there.
    #[error(
        "AC's answer to {path} was larger than {} MiB, far more than any page AC sends; reading stopped there (check that --api-url is your account's API URL)",
        client::MAX_ANSWER >> 20
    )]
    TooLarge { path: String },
    /// A redirect that was not followed: another host must never see the Api-Token.
    #[error(
        "AC answered {status} redirecting to {location}; not followed (acwh follows at most 5 redirects, and only within the API URL's host, so the key never leaves it)"
    )]
    Redirect { status: u16, location: String },
}

fn reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}

/// Reads a JSON value that AC sends as a string or a number ("1" or 1) as a string.
pub(crate) fn string_of(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads `meta.total`, a string on most endpoints and a number on `/webhook/events`.
pub(crate) fn meta_total(body: &serde_json::Value) -> Option<u64> {
    string_of(body.pointer("/meta/total"))?.trim().parse().ok()
}

/// Runs an API command's future on a current-thread runtime: one request at a time is all
/// AC's rate limit allows anyway.
pub(crate) fn block_on<T>(
    fut: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    use anyhow::Context as _;
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?
        .block_on(fut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn total_as_string_or_number() {
        assert_eq!(meta_total(&json!({"meta":{"total":"250"}})), Some(250));
        assert_eq!(meta_total(&json!({"meta":{"total":25}})), Some(25));
        assert_eq!(meta_total(&json!({"meta":{}})), None);
    }

    #[test]
    fn status_message_names_the_reason() {
        let e = ApiError::Status {
            status: 404,
            message: "No Result found for Webhook with id 9".into(),
        };
        assert_eq!(
            e.to_string(),
            "AC answered 404 Not Found: No Result found for Webhook with id 9"
        );
    }
}
