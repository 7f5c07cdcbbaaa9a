//! `acwh sandbox fire`: ask a running sandbox to deliver an event, wait until every matching
//! delivery has been attempted, and print one line per delivery on stdout.
//!
//! The sandbox is found, and its key taken, exactly as every command finds AC: `--api-url`
//! and `--api-key`, else `ACWH_API_URL` and `ACWH_API_KEY`, else the profile. There is no
//! default URL: whoever holds a well-known local port could be anyone, and must never be
//! sent a key the user meant for somewhere else. With no URL, `fire` exits 2. For the same
//! reason a profile's key goes only with the profile's URL, never with a URL given by
//! `--api-url` or `ACWH_API_URL`.
//!
//! A delivery that fails (the receiver answers 500, or nobody listens) is a result, printed
//! like any other, not an error: `fire` exits 0 once the sandbox has attempted every delivery,
//! and also when no webhook matched (said on stderr). It exits 1 when no sandbox answers, and
//! 4 when the sandbox refuses (missing or wrong key, unknown event).

use std::time::Duration;

use crate::cli::FireArgs;
use crate::context::Context;
use crate::error::{Failure, usage};
use crate::exit::ExitStatus;
use crate::output::Out;
use crate::sandbox::FireRequest;
use crate::sandbox::remote::{self, RemoteError};

/// The least `fire` waits: each delivery may take 10 s, and a duplicate is sent after it.
const FIRE_WAIT: Duration = Duration::from_secs(25);

pub(crate) fn run(args: FireArgs, ctx: &Context) -> anyhow::Result<()> {
    let (base, key) = crate::config::resolve(ctx)?;
    // A URL from the flag or the environment (a sandbox on some local port) never gets the
    // key saved in a profile: that key belongs with the profile's own URL.
    let given = |v: &Option<String>| crate::config::pick(v.as_deref(), None).is_some();
    let key = key.filter(|_| given(&ctx.api_key) || !given(&ctx.api_url));
    let Some(base) = base else {
        return Err(usage(
            "no API URL for the sandbox: start one with `acwh sandbox` and export the two lines it prints \
             (ACWH_API_URL and ACWH_API_KEY), or pass --api-url and --api-key",
        ));
    };
    let url = remote::fire_url(&base)?;
    let base = crate::api::shown_url(&base);
    let request = FireRequest {
        event: args.event.clone(),
        source: args.source.clone(),
        list: args.list,
        data: args.data.clone(),
    };
    let timeout = ctx.http_timeout.max(FIRE_WAIT);
    let key = key.as_ref().map(crate::api::Secret::expose);
    let report =
        crate::api::block_on(async { Ok(remote::fire(&url, key, &request, timeout).await) })?
            .map_err(|e| fire_error(e, &base, key.is_some()))?;

    let mut out = Out::default();
    for d in &report.deliveries {
        if args.json {
            out.line(&crate::escape::json_line(d))?;
        } else {
            out.line(&super::delivery_line(d, &ctx.palette_out))?;
        }
    }
    for id in &report.skipped {
        crate::output::note(&format!(
            "skipped #{id}: inactive since its receiver answered 410 (delete and recreate it to deliver again)"
        ));
    }
    if report.deliveries.is_empty() {
        let active = if report.skipped.is_empty() {
            ""
        } else {
            "active "
        };
        crate::output::note(&format!(
            "no {active}webhook matches {} from {} on list {}",
            report.event, report.source, report.list
        ));
    }
    Ok(())
}

fn fire_error(e: RemoteError, base: &str, had_key: bool) -> anyhow::Error {
    match e {
        RemoteError::Unreachable(why) => anyhow::anyhow!(crate::escape::line(&why).into_owned()).context(format!(
            "could not reach a sandbox at {base}: start one with `acwh sandbox` and export the two lines it prints"
        )),
        RemoteError::Status { status: 401 | 403, message } => {
            let message = crate::escape::line(&message);
            let what = if had_key { "refused the key" } else { "needs its key" };
            Failure {
                code: 4,
                message: format!(
                    "the sandbox at {base} {what} ({message}): export the two lines `acwh sandbox` printed (ACWH_API_URL and ACWH_API_KEY)"
                ),
            }
            .into()
        }
        RemoteError::Status { status: 404, .. } => Failure {
            code: 4,
            message: format!(
                "{base} has no fire endpoint (404): ACWH_API_URL must point at a running `acwh sandbox`, not at AC"
            ),
        }
        .into(),
        RemoteError::Status { status, message } => Failure {
            code: ExitStatus::of_failed_http(status).code(),
            message: format!(
                "the sandbox answered {status}: {}",
                crate::escape::line(&message)
            ),
        }
        .into(),
        RemoteError::Decode(why) => anyhow::anyhow!(crate::escape::line(&why).into_owned()).context(format!(
            "{base} did not answer like a sandbox: ACWH_API_URL must point at a running `acwh sandbox`"
        )),
    }
}
