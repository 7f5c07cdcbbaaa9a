//! Turning errors into what the user sees: the one mapping from errors to exit codes, and the
//! one place errors are printed (xh's `error_reporting`). Exit codes are documented in README
//! and `acwh --help`.

use std::io::Write;

use crate::api::ApiError;
use crate::cli::ColorChoice;
use crate::error::{Failure, Hinted, UsageError};
use crate::exit::ExitStatus;
use crate::output::Palette;

/// The exit code for an error: 2 usage, 4 for a 4xx, 5 for a 5xx, 130 for Ctrl-C at a
/// prompt, 1 otherwise.
pub(crate) fn exit_code(err: &anyhow::Error) -> u8 {
    if interruption(err).is_some() {
        return 130;
    }
    for cause in err.chain() {
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

/// The interruption (Ctrl-C, or Esc at a prompt) behind an error, if it is one.
pub(crate) fn interruption(err: &anyhow::Error) -> Option<&std::io::Error> {
    err.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .find(|e| e.kind() == std::io::ErrorKind::Interrupted)
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

/// Reports what clap stopped on and returns the exit code. Help and version are clap's text
/// as is (stdout, 0; for a bare `acwh`, the help on stderr, 2). A usage error reads like every
/// other error: `acwh: error: ...`, only the word coloured, every line escaped (it quotes the
/// user's arguments), then clap's tips and usage line; exit 2.
pub(crate) fn command_line(e: &clap::Error, choice: ColorChoice) -> u8 {
    use clap::error::ErrorKind;
    let palette = Palette::stderr(choice);
    // Nothing else has set it yet: `colored` would guess from the environment.
    colored::control::set_override(palette.enabled);
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    if !e.use_stderr() || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // A closed stdout (`acwh --help | head -1`) is no failure.
        let _ = e.print();
        return code;
    }
    let text = e.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let mut stderr = std::io::stderr().lock();
    let mut lines = text.lines();
    let first = crate::escape::line(lines.next().unwrap_or_default());
    let _ = writeln!(stderr, "acwh: {}: {first}", palette.error("error"));
    // The hint goes at the end of clap's message, before its usage line.
    let mut hint = command_line_hint(e);
    for line in lines {
        if line.is_empty()
            && let Some(h) = hint.take()
        {
            let _ = writeln!(stderr, "  hint: {h}");
        }
        let _ = writeln!(stderr, "{}", crate::escape::line(line));
    }
    if let Some(h) = hint {
        let _ = writeln!(stderr, "  hint: {h}");
    }
    code
}

/// What clap's message leaves out: where to find the names it wants.
fn command_line_hint(e: &clap::Error) -> Option<&'static str> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::MissingRequiredArgument {
        return None;
    }
    let missing = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::Strings(args)) => args.as_slice(),
        _ => &[],
    };
    missing
        .iter()
        .any(|a| a == "<EVENT>")
        .then_some("name one: `acwh events --offline` lists them")
}

/// The colour of clap's help (stdout), decided as for acwh's own output: `--color`,
/// NO_COLOR, CLICOLOR_FORCE, TERM=dumb, a terminal.
pub(crate) fn help_colour(choice: ColorChoice) -> clap::ColorChoice {
    if Palette::stdout(choice).enabled {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    }
}

fn hints(err: &anyhow::Error) -> Vec<String> {
    let mut out = Vec::new();
    for cause in err.chain() {
        if let Some(h) = cause.downcast_ref::<Hinted>() {
            out.push(h.hint.clone());
        }
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
