//! Exit statuses for outcomes that are not errors: `apply --dry-run --exit-code` with changes
//! pending, a receiver answering 4xx or 5xx to `trigger` or `replay`. A command returns one
//! of these; only failures travel as errors. The codes are documented in README and in
//! `acwh --help`.

/// How a run ended, as the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExitStatus(u8);

impl ExitStatus {
    pub(crate) const SUCCESS: ExitStatus = ExitStatus(0);
    /// A runtime failure: what a failed step counts as when AC gave no status.
    pub(crate) const FAILURE: ExitStatus = ExitStatus(1);
    /// `apply --dry-run --exit-code`: the plan would change the account.
    pub(crate) const CHANGES_PENDING: ExitStatus = ExitStatus(3);

    /// The status for an HTTP answer: 4 for 4xx, 5 for 5xx, success otherwise.
    pub(crate) fn of_http(status: u16) -> ExitStatus {
        match status {
            400..=499 => ExitStatus(4),
            500..=599 => ExitStatus(5),
            _ => ExitStatus::SUCCESS,
        }
    }

    /// The status for an HTTP answer that made a command fail: 4 for 4xx, 5 for 5xx, and a
    /// runtime failure for anything else (a redirect that was not followed, say).
    pub(crate) fn of_failed_http(status: u16) -> ExitStatus {
        ExitStatus::of_http(status).merge(ExitStatus::FAILURE)
    }

    /// The status for a receiver's answer: success for 2xx, 4 for 4xx, 5 for 5xx, and a
    /// runtime failure for anything else (a redirect, which is never followed).
    pub(crate) fn of_receiver(status: u16) -> ExitStatus {
        match status {
            200..=299 => ExitStatus::SUCCESS,
            400..=599 => ExitStatus::of_http(status),
            _ => ExitStatus::FAILURE,
        }
    }

    /// The worse of two statuses: a 5xx outranks a 4xx, which outranks success.
    pub(crate) fn merge(self, other: ExitStatus) -> ExitStatus {
        ExitStatus(self.0.max(other.0))
    }

    pub(crate) fn code(self) -> u8 {
        self.0
    }
}

/// The worst of many statuses; success for none (fd's `merge_exitcodes`).
pub(crate) fn merge(statuses: impl IntoIterator<Item = ExitStatus>) -> ExitStatus {
    statuses
        .into_iter()
        .fold(ExitStatus::SUCCESS, ExitStatus::merge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_wins() {
        let (ok, c4, c5) = (
            ExitStatus::SUCCESS,
            ExitStatus::of_http(404),
            ExitStatus::of_http(503),
        );
        assert_eq!(merge([]), ok);
        assert_eq!(merge([ok, c4, ok]), c4);
        assert_eq!(merge([c5, c4]), c5);
        assert_eq!(merge([c4, c5, ok]).code(), 5);
        assert_eq!(ExitStatus::of_http(302), ok);
        assert_eq!(ExitStatus::of_http(200), ok);
        assert_eq!(ExitStatus::of_receiver(204), ok);
        assert_eq!(ExitStatus::of_receiver(302).code(), 1);
        assert_eq!(ExitStatus::of_receiver(404).code(), 4);
        assert_eq!(ExitStatus::of_receiver(503).code(), 5);
    }
}
