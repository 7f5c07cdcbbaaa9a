//! `acwh sandbox`: serve the AC stand-in of `crate::sandbox` until Ctrl-C or SIGTERM (both a
//! clean exit 0), announcing its URL and the two `export` lines, then logging each API call
//! and each delivery on stderr. And `acwh sandbox fire`, which asks a running sandbox to
//! deliver an event and prints one line per delivery on stdout (in `fire`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use crate::cli::{SandboxAction, SandboxArgs, SandboxServeArgs};
use crate::context::Context;
use crate::escape;
use crate::exit::ExitStatus;
use crate::httpd::{Limits, Server};
use crate::output::Palette;
use crate::sandbox::{Delivery, Logged, Options, Sandbox, random_key};

mod fire;

/// AC's limit, which the sandbox keeps unless `--no-rate-limit`.
const RATE_LIMIT: u32 = 5;

pub(crate) fn run(args: SandboxArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    match args.action {
        Some(SandboxAction::Fire(fire_args)) => fire::run(fire_args, ctx),
        None => serve(&args.serve, ctx).map(|()| ExitStatus::SUCCESS),
    }
}

fn serve(args: &SandboxServeArgs, ctx: &Context) -> anyhow::Result<()> {
    crate::httpd::bind_ip(&args.host)?;
    let sandbox = Arc::new(Sandbox::new(Options {
        // A key from --api-key or ACWH_API_KEY is the user's AC key: never reuse or show it.
        api_key: random_key(),
        rate_limit: (!args.no_rate_limit).then_some(RATE_LIMIT),
        state_file: args.state.clone(),
        duplicate_rate: args.duplicate_rate,
        allow_remote_delivery: args.allow_remote_delivery,
    })?);
    let busy = " (is another sandbox running?)";
    let server = Server::bind(&args.host, args.port, busy)?;
    let requests = sandbox.subscribe_log();
    let deliveries = sandbox.subscribe_deliveries();
    announce(server.addr(), &sandbox.api_key(), args, ctx);
    let perr = ctx.palette_err;
    server.serve(
        sandbox,
        Limits::default(),
        std::future::pending(),
        |ended| print_activity(requests, deliveries, ended, perr),
    );
    crate::note!("{} stopped", perr.bold("acwh sandbox:"));
    Ok(())
}

fn announce(addr: SocketAddr, key: &str, args: &SandboxServeArgs, ctx: &Context) {
    let p = &ctx.palette_err;
    // A sandbox on all interfaces is still reached from here through loopback.
    let reach = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    };
    let limit = if args.no_rate_limit {
        "no rate limit".to_string()
    } else {
        format!("{RATE_LIMIT} requests/s")
    };
    let state = args
        .state
        .as_ref()
        .map_or("state in memory".to_string(), |f| {
            format!("state in {}", escape::path(f))
        });
    crate::note!(
        "{} AC's v3 API on http://{reach}/api/3 ({limit}, {state})",
        p.bold("acwh sandbox:")
    );
    crate::note!("export ACWH_API_URL=http://{reach}");
    crate::note!("export ACWH_API_KEY={key}");
    crate::note!(
        "  {} run the two export lines in your shell, create a webhook, then `acwh sandbox fire subscribe`",
        p.dim("hint:")
    );
    if ctx.api_key.is_some() {
        crate::output::warn(
            p,
            "the sandbox ignores --api-key / ACWH_API_KEY and uses its own key: export the line above",
        );
    }
    if !addr.ip().is_loopback() {
        crate::output::warn(
            p,
            &format!("serving on {} is reachable from other machines", addr.ip()),
        );
    }
    if args.allow_remote_delivery {
        crate::output::warn(
            p,
            "--allow-remote-delivery: deliveries go to any address a webhook names, private and link-local ones included",
        );
    } else {
        // A production webhook file applied here must not send fake contacts (and its real
        // URL tokens) to production: say up front where deliveries go.
        // Laid out to stderr's width: "  note: " then the text, wrapped under itself.
        let text = "deliveries go only to loopback receivers (127.0.0.0/8, ::1); others are skipped with the reason (--allow-remote-delivery lifts this)";
        crate::note!(
            "  {} {}",
            p.dim("note:"),
            crate::output::wrap_words(text, crate::output::width_err(), 8, 8)
        );
    }
}

/// Prints each API call and each delivery on stderr until the server stops, then what is
/// still queued.
async fn print_activity(
    mut requests: mpsc::UnboundedReceiver<Logged>,
    mut deliveries: mpsc::UnboundedReceiver<Delivery>,
    mut stop: watch::Receiver<bool>,
    p: Palette,
) {
    loop {
        tokio::select! {
            Some(r) = requests.recv() => log_request(&r, &p),
            Some(d) = deliveries.recv() => log_delivery(&d, &p),
            _ = stop.wait_for(|s| *s) => break,
        }
    }
    while let Ok(d) = deliveries.try_recv() {
        log_delivery(&d, &p);
    }
    while let Ok(r) = requests.try_recv() {
        log_request(&r, &p);
    }
}

fn log_request(r: &Logged, p: &Palette) {
    let status = match r.status {
        0 => p.warn("dropped").into_owned(),
        s => p.status(s),
    };
    crate::note!(
        "{} {} {status}",
        p.method(&escape::line(&r.method)),
        escape::line(&r.path)
    );
}

fn log_delivery(d: &Delivery, p: &Palette) {
    crate::note!(
        "{} {} -> {}",
        p.dim("deliver"),
        p.event(&escape::line(&d.event)),
        delivery_line(d, p)
    );
    if d.deactivated {
        crate::output::warn(
            p,
            &format!(
                "webhook #{} is now inactive: its receiver answered 410, so it gets no more deliveries",
                d.webhook
            ),
        );
    }
}

/// `#3 http://127.0.0.1:8080/ 200 1.4 ms (duplicate)`, or
/// `#4 https://10.0.0.1/ skipped: 10.0.0.1 is not a loopback address: ...`. The URL and the
/// reasons come from the sandbox (and its state file), so they are escaped.
pub(super) fn delivery_line(d: &Delivery, p: &Palette) -> String {
    let (id, url) = (escape::line(&d.webhook), escape::line(&d.url));
    if let Some(why) = &d.skipped {
        return format!("#{id} {url} {}: {}", p.warn("skipped"), escape::line(why));
    }
    let result = match (d.status, &d.error) {
        (Some(s), _) => p.status(s),
        (None, Some(e)) => format!("{}: {}", p.error("failed"), escape::line(e)),
        (None, None) => p.error("failed").into_owned(),
    };
    let mut line = format!("#{id} {url} {result} {:.1} ms", d.ms);
    if d.duplicate {
        line.push_str(&format!(" {}", p.warn("(duplicate)")));
    }
    if d.deactivated {
        line.push_str(&format!(" {}", p.warn("(webhook deactivated)")));
    }
    line
}
