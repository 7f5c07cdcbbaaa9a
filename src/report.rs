//! Turning errors into what the user sees: the one mapping from errors to exit codes, and the
//! one place errors are printed (xh's `error_reporting`). Exit codes are documented in README
//! and `acwh --help`.

use std::io::Write;

use crate::api::ApiError;
use crate::error::{Failure, UsageError};
use crate::exit::ExitStatus;
use crate::output::Palette;

/// The exit code for an error: 2 usage, 4 for a 4xx, 5 for a 5xx, 130 for Ctrl-C at a
/// prompt, 1 otherwise.
pub(crate) fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::Interrupted)
        {
            return 130;
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
        if let Some(e) = cause.downcast_ref::<Failure>() {
            return e.code;
        }
        if let Some(ApiError::Status { status, .. }) = cause.downcast_ref::<ApiError>() {
            return ExitStatus::of_failed_http(*status).code();
        }
    }
    1
}

/// Whether the error is only stdout being closed early (`acwh list | head`): not a failure.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `acwh: error: ...`, one `caused by` line per cause, then hints, each escaped for
/// the terminal. Walks the chain itself so no backtrace or Debug formatting can reach the
/// user.
pub(crate) fn report(err: &anyhow::Error, palette: &Palette) {
    let mut stderr = std::io::stderr().lock();
    // Messages carry outside text (AC's answers, paths, URLs): escaped on the way out.
    let safe = |s: &dyn std::fmt::Display| crate::escape::line(&s.to_string()).into_owned();
    let _ = writeln!(stderr, "acwh: {}: {}", palette.error("error"), safe(err));
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {}", safe(cause));
    }
    for hint in hints(err) {
        let _ = writeln!(stderr, "  hint: {}", safe(&hint));
    }
}

fn hints(err: &anyhow::Error) -> Vec<String> {
    let mut out = Vec::new();
    for cause in err.chain() {
        if let Some(api) = cause.downcast_ref::<ApiError>() {
            match api {
                ApiError::Status { status: 401 | 403, .. } => out.push(
                    "check the key: set ACWH_API_KEY or pass --api-key (AC's Settings -> Developer shows it)"
                        .into(),
                ),
                ApiError::Transport { connect: true, .. } => out.push(
                    "check --api-url / ACWH_API_URL: it is your account's API URL from AC's Settings -> Developer"
                        .into(),
                ),
                ApiError::Redirect { .. } => out.push(
                    "use the API URL exactly as AC's Settings -> Developer shows it".into(),
                ),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::usage;

    #[test]
    fn codes() {
        assert_eq!(exit_code(&usage("x")), 2);
        let api = |status| {
            anyhow::Error::from(ApiError::Status {
                status,
                message: String::new(),
            })
        };
        assert_eq!(exit_code(&api(404)), 4);
        assert_eq!(exit_code(&api(422)), 4);
        assert_eq!(exit_code(&api(503)), 5);
        assert_eq!(exit_code(&anyhow::anyhow!("disk full")), 1);
        assert_eq!(
            exit_code(&api(500).context("could not create the webhook")),
            5
        );
        let exit = Failure {
            code: 3,
            message: "pending".into(),
        };
        assert_eq!(exit_code(&exit.into()), 3);
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::from(io).context("could not write");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
