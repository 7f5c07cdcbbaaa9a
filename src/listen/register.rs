//! `listen --register`: the webhook that lives as long as one `acwh listen`. Its name says
//! who made it and where (`acwh listen on HOST (pid PID)`), so a later run on the same host
//! can tell a webhook whose process is gone (left by a crash or a SIGKILL) and delete it,
//! never touching any other webhook.

use crate::api::webhooks::{self, Filters};
use crate::api::{ApiError, Client};

const PREFIX: &str = "acwh listen on ";

/// The name of the webhook this process registers.
pub(crate) fn hook_name(host: &str, pid: u32) -> String {
    format!("{PREFIX}{host} (pid {pid})")
}

/// The host and pid in a name [`hook_name`] made; None for any other name.
fn parse_name(name: &str) -> Option<(&str, u32)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(')')?;
    let (host, pid) = rest.rsplit_once(" (pid ")?;
    Some((host, pid.parse().ok()?))
}

/// This machine's name, as the webhook names carry it.
pub(crate) fn hostname() -> String {
    let uname = rustix::system::uname();
    let name = uname.nodename().to_string_lossy().into_owned();
    if name.is_empty() {
        "localhost".into()
    } else {
        name
    }
}

/// Whether a process with this pid exists on this host.
pub(crate) fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists, but belongs to someone else.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

/// A stale webhook found, and what became of deleting it.
pub(crate) struct Stale {
    pub(crate) id: String,
    pub(crate) pid: u32,
    pub(crate) deleted: Result<(), ApiError>,
}

/// Deletes the webhooks an earlier `acwh listen` on `host` registered and left behind: those
/// whose name carries `host` and the pid of a process that no longer exists.
pub(crate) async fn remove_stale(
    client: &Client,
    host: &str,
    alive: &dyn Fn(u32) -> bool,
) -> Result<Vec<Stale>, ApiError> {
    let all = webhooks::list(client, &Filters::default(), &mut |_, _| {}).await?;
    let mut out = Vec::new();
    for hook in all {
        let Some((h, pid)) = parse_name(&hook.name) else {
            continue;
        };
        if h != host || alive(pid) {
            continue;
        }
        let deleted = delete(client, &hook.id).await;
        out.push(Stale {
            id: hook.id,
            pid,
            deleted,
        });
    }
    Ok(out)
}

/// Deletes the webhook this run registered.
pub(crate) async fn delete(client: &Client, id: &str) -> Result<(), ApiError> {
    match id.trim().parse() {
        Ok(n) => webhooks::delete(client, n).await,
        Err(_) => Err(ApiError::Decode(format!(
            "webhook id '{id}' is not a number"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_nothing_else_parses() {
        let name = hook_name("lap top.local", 4240);
        assert_eq!(name, "acwh listen on lap top.local (pid 4240)");
        assert_eq!(parse_name(&name), Some(("lap top.local", 4240)));
        for other in [
            "acwh listen on host",
            "acwh listen on host (pid x)",
            "my acwh listen on host (pid 1)",
            "acwh listen on host (pid 1) copy",
            "Hook 3",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn this_process_is_alive_and_a_reaped_one_is_not() {
        assert!(alive(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!alive(pid));
        assert!(!hostname().is_empty());
    }
}
