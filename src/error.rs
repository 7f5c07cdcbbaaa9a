//! Error types that callers branch on. A leaf: it imports nothing of the crate's. Turning
//! errors into lines and exit codes is `report`'s.

/// Bad input from the user: a missing or invalid value. Exits 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub(crate) String);

/// A failure that carries its own exit code, e.g. the sandbox refusing `fire`'s key (4) or
/// an `apply` that stopped half-way because AC answered 5xx.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

/// An error that knows how to fix itself: `report` prints the message, its cause, then the
/// hint as a `hint:` line.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Hinted {
    pub(crate) message: String,
    pub(crate) hint: String,
    #[source]
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// Shorthand for a usage error inside an `anyhow::Result`.
pub(crate) fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// The innermost cause of an error: what a user can act on ("Connection refused"), without
/// the outer layers that repeat the URL.
pub(crate) fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    std::iter::successors(Some(e), |e| e.source())
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}
