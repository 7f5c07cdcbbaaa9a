//! `acwh sandbox fire`: ask a running sandbox to deliver an event, wait until every matching
//! delivery has been attempted, and print one line per delivery on stdout.
//!
//! The sandbox is found, and its key taken, exactly as every command finds AC: `--api-url`
//! and `--api-key`, else `ACWH_API_URL` and `ACWH_API_KEY`, else the profile. There is no
//! default URL: whoever holds a well-known local port could be anyone, and must never be
//! sent a key the user meant for somewhere else. With no URL, `fire` exits 2. For the same
//! reason a profile's key goes only with the profile's URL: a URL given by `--api-url` or
//! `ACWH_API_URL` gets it only when it is that same URL (`acwh login` against the sandbox,
//! then the sandbox's export lines minus the key).
//!
//! Every delivery is printed, failed ones too; then `fire` exits like `trigger`: 0 when every
//! receiver answered 2xx, 4 or 5 for the worst receiver's 4xx or 5xx, and 1 when a delivery
//! got no answer or was skipped, or when nothing was delivered at all (no webhook matched, or
//! only inactive ones did), said in one line on stderr. It also exits 1 when no sandbox
//! answers, and 4 when the sandbox refuses (missing or wrong key, unknown event).

use std::time::Duration;

use crate::cli::FireArgs;
use crate::context::Context;
use crate::error::{Failure, usage};
use crate::exit::{self, ExitStatus};
use crate::output::Out;
use crate::sandbox::remote::{self, RemoteError};
use crate::sandbox::{Delivery, FireRequest};

/// The least `fire` waits: each delivery may take 10 s, and a duplicate is sent after it.
const FIRE_WAIT: Duration = Duration::from_secs(25);

pub(crate) fn run(args: FireArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let (base, key) = crate::config::resolve(ctx)?;
    // A URL from the flag or the environment (a sandbox on some local port) gets the key
    // saved in a profile only when it is that profile's own URL.
    let given = |v: &Option<String>| crate::config::pick(v.as_deref(), None).is_some();
    let key = if given(&ctx.api_key) || !given(&ctx.api_url) {
        key
    } else {
        key.filter(|_| same_as_profile(ctx, base.as_deref()))
    };
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
            "nothing delivered: no {active}webhook matches {} from {} on list {} (`acwh list` shows their events, sources and lists)",
            crate::escape::line(&report.event),
            crate::escape::line(&report.source),
            crate::escape::line(&report.list)
        ));
        return Ok(ExitStatus::FAILURE);
    }
    if !report.deliveries.iter().any(delivered) {
        crate::output::note(&format!(
            "nothing delivered: no receiver of the {} matching webhook(s) answered 2xx",
            report.deliveries.iter().filter(|d| !d.duplicate).count()
        ));
    }
    Ok(exit::merge(report.deliveries.iter().map(outcome)))
}

/// Whether `url` (from the flag or the environment) is the profile's own URL, so that the
/// profile's key may go with it.
fn same_as_profile(ctx: &Context, url: Option<&str>) -> bool {
    let profile_only = Context {
        api_url: None,
        ..ctx.clone()
    };
    let Ok((Some(saved), _)) = crate::config::resolve(&profile_only) else {
        return false;
    };
    let normal = |u: &str| crate::api::normalize_api_url(u).ok();
    url.and_then(normal)
        .is_some_and(|u| normal(&saved) == Some(u))
}

/// Whether the receiver took the delivery (answered 2xx).
fn delivered(d: &Delivery) -> bool {
    d.status.is_some_and(|s| (200..300).contains(&s))
}

/// A delivery's share of the exit status: the receiver's answer as `trigger` counts it, and a
/// runtime failure when nothing answered or nothing was sent.
fn outcome(d: &Delivery) -> ExitStatus {
    match (d.status, &d.skipped) {
        (Some(s), None) => ExitStatus::of_receiver(s),
        _ => ExitStatus::FAILURE,
    }
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
