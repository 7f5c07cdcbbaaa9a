//! Making the catcher reachable by AC for one run: the public URL (`--public-url`, or the
//! tunnel's), and with `--register` the webhook that points at it, removed again at the end.
//! Everything it prints goes to stderr; the URL's token is never shown.

use std::net::SocketAddr;

use url::Url;

use super::register;
use super::tunnel::{Kind, Tunnel};
use crate::api::webhooks::WebhookSpec;
use crate::api::{ApiError, Client};
use crate::error::{Failure, usage};
use crate::exit::ExitStatus;
use crate::output::{Palette, warn};
use crate::token;

/// How long the tunnel is left running after the catcher has stopped, so that answers it is
/// still relaying reach their senders.
const RELAY_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// What the flags ask for.
pub(crate) struct Plan {
    pub(crate) tunnel: Option<Kind>,
    pub(crate) public_url: Option<Url>,
    pub(crate) ngrok_api: String,
    pub(crate) register: Option<Registration>,
}

/// The webhook to register.
pub(crate) struct Registration {
    pub(crate) client: Client,
    pub(crate) events: Vec<String>,
    pub(crate) sources: Vec<String>,
    pub(crate) list: u64,
    pub(crate) path: String,
    pub(crate) keep_stale: bool,
    /// The `acwh` command, with the flags that reach this account (`--profile`, `--api-url`),
    /// for the hint when the webhook cannot be deleted.
    pub(crate) acwh: String,
}

/// `acwh`, with the global flags that pick the account this run used: what a user must type
/// to reach the same webhook again. Never the key.
pub(crate) fn acwh_command(profile: Option<&str>, api_url: Option<&str>) -> String {
    match (profile, api_url) {
        (Some(p), _) => format!("acwh --profile {}", crate::escape::shell_word(p)),
        (None, Some(u)) => format!(
            "acwh --api-url {}",
            crate::escape::shell_word(&crate::api::shown_url(u))
        ),
        (None, None) => "acwh".into(),
    }
}

impl Plan {
    /// Checks what can be checked before anything starts: a `--public-url` that is a URL,
    /// and `--register` with somewhere public to point at.
    pub(crate) fn check(
        public_url: Option<&str>,
        tunnel: Option<&str>,
        register: bool,
        ngrok_api: &str,
    ) -> anyhow::Result<(Option<Url>, Option<Kind>)> {
        let public = public_url
            .map(|u| {
                Url::parse(u.trim())
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
                    .ok_or_else(|| usage(format!("--public-url '{}' is not an http(s) URL: give e.g. https://hooks.example.com", crate::escape::line(u))))
            })
            .transpose()?;
        let kind = tunnel.map(Kind::parse).transpose().map_err(usage)?;
        if kind == Some(Kind::Ngrok) && ngrok_api.parse::<SocketAddr>().is_err() {
            return Err(usage(format!(
                "--ngrok-api '{}' is not an IP address and port: give e.g. 127.0.0.1:4040",
                crate::escape::line(ngrok_api)
            )));
        }
        if register && public.is_none() && kind.is_none() {
            return Err(usage(
                "--register needs a public URL: AC delivers only to public https on port 443, never to 127.0.0.1; add --tunnel cloudflared (or ngrok), or --public-url URL for a tunnel you run yourself",
            ));
        }
        Ok((public, kind))
    }
}

/// The running exposure: its tunnel and webhook, undone by [`Exposed::finish`] (and the
/// tunnel, by its own drop, on any other way out).
pub(crate) struct Exposed {
    tunnel: Option<Tunnel>,
    hook: Option<(Client, String, String)>,
}

/// Starts the tunnel (if any), then registers (if asked). `secret` is the token the URL gets.
pub(crate) fn start(
    plan: Plan,
    origin: SocketAddr,
    secret: &str,
    p: &Palette,
    spinner: bool,
    interrupted: &dyn Fn() -> bool,
) -> anyhow::Result<Exposed> {
    let mut exposed = Exposed {
        tunnel: None,
        hook: None,
    };
    if let Some(kind) = &plan.tunnel {
        let t = Tunnel::start(kind, origin, &plan.ngrok_api, spinner, interrupted, secret)?;
        crate::note!(
            "Tunnel: {} -> http://{origin} ({}, pid {})",
            crate::escape::line(t.url()),
            t.label(),
            t.pid()
        );
        exposed.tunnel = Some(t);
    }
    let public = match (plan.public_url, &exposed.tunnel) {
        (Some(u), _) => u,
        (None, Some(t)) => Url::parse(t.url())?,
        (None, None) => return Ok(exposed),
    };
    if public.scheme() != "https" || public.port_or_known_default() != Some(443) {
        warn(
            p,
            &format!(
                "{} is not https on port 443: AC itself would not deliver there (the sandbox does)",
                crate::escape::line(public.as_str())
            ),
        );
    }
    let Some(reg) = plan.register else {
        return Ok(exposed);
    };
    let host = register::hostname();
    if !reg.keep_stale {
        let stale = crate::api::block_on(async {
            Ok(register::remove_stale(&reg.client, &host, &register::alive).await?)
        })?;
        for s in stale {
            match s.deleted {
                Ok(()) => crate::note!(
                    "Deleted stale webhook {} (left by acwh listen, pid {}, no longer running)",
                    crate::escape::line(&s.id),
                    s.pid
                ),
                Err(e) => warn(p, &format!("could not delete stale webhook {}: {e}", s.id)),
            }
        }
    }
    let url = registered_url(&public, &reg.path, secret);
    let spec = WebhookSpec {
        name: register::hook_name(&host, std::process::id()),
        url: url.to_string(),
        events: reg.events,
        sources: reg.sources,
        listid: reg.list,
    };
    let hook =
        crate::api::block_on(async { Ok(crate::api::webhooks::create(&reg.client, &spec).await) })?
            .map_err(|e| redacted(&e, secret, "AC refused the webhook"))?;
    crate::note!(
        "Registered webhook {} \"{}\": {} from {} at {}",
        crate::escape::line(&hook.id),
        crate::escape::line(&spec.name),
        crate::escape::line(&spec.events.join(", ")),
        crate::escape::line(&spec.sources.join(", ")),
        crate::escape::line(&token::redact_url(&url, secret))
    );
    crate::note!(
        "  {} In AC: Settings -> Developer -> Webhooks -> that webhook -> Send Sample Data",
        p.dim("hint:")
    );
    exposed.hook = Some((reg.client, hook.id, reg.acwh));
    Ok(exposed)
}

impl Exposed {
    /// Resolves with the reason if the tunnel dies; never without a tunnel.
    pub(crate) fn watchdog(
        &self,
    ) -> Option<std::pin::Pin<Box<dyn std::future::Future<Output = String> + Send>>> {
        self.tunnel.as_ref().map(|t| Box::pin(t.watchdog()) as _)
    }

    /// Deletes the webhook and stops the tunnel, saying so on one line. A webhook that could
    /// not be deleted is an error that names the command to delete it by hand.
    pub(crate) fn finish(mut self) -> anyhow::Result<()> {
        let mut said = Vec::new();
        let mut failed = None;
        if let Some((client, id, acwh)) = self.hook.take() {
            match crate::api::block_on(async { Ok(register::delete(&client, &id).await) })? {
                Ok(()) => said.push(format!("Deleted webhook {}.", crate::escape::line(&id))),
                Err(e) => failed = Some((id, acwh, e)),
            }
        }
        if let Some(mut t) = self.tunnel.take() {
            // The last answers may still be on their way back through the tunnel.
            std::thread::sleep(RELAY_GRACE);
            t.stop();
            said.push("Tunnel stopped.".into());
        }
        if !said.is_empty() {
            crate::note!("{}", said.join(" "));
        }
        match failed {
            None => Ok(()),
            Some((id, acwh, e)) => {
                let id = crate::escape::line(&id).into_owned();
                let code = code_of(&e);
                Err(anyhow::Error::new(e).context(Failure {
                    code,
                    message: format!(
                        "could not delete webhook {id}: delete it with `{acwh} delete {id}`"
                    ),
                }))
            }
        }
    }
}

impl Drop for Exposed {
    /// On a way out that skipped [`Exposed::finish`] (an error while listening), the webhook
    /// is still deleted; the tunnel stops itself.
    fn drop(&mut self) {
        if let Some((client, id, acwh)) = self.hook.take() {
            let shown = crate::escape::line(&id).into_owned();
            match crate::api::block_on(async { Ok(register::delete(&client, &id).await?) }) {
                Ok(()) => crate::note!("Deleted webhook {shown}."),
                Err(e) => crate::note!(
                    "acwh: could not delete webhook {shown} ({}): delete it with `{acwh} delete {shown}`",
                    crate::escape::line(&e.to_string())
                ),
            }
        }
    }
}

/// `public` + `path`, with `token=SECRET` added to its query.
fn registered_url(public: &Url, path: &str, secret: &str) -> Url {
    let mut url = public.clone();
    let extra = path.trim_start_matches('/');
    if !extra.is_empty() {
        let joined = format!("{}/{extra}", public.path().trim_end_matches('/'));
        url.set_path(&joined);
    }
    url.query_pairs_mut().append_pair("token", secret);
    url
}

/// An API failure as an error whose text never holds the secret (AC may echo the URL).
fn redacted(e: &ApiError, secret: &str, what: &str) -> anyhow::Error {
    let text = token::redact_text(&e.to_string(), secret);
    Failure {
        code: code_of(e),
        message: format!("{what}: {text}"),
    }
    .into()
}

fn code_of(e: &ApiError) -> u8 {
    match e {
        ApiError::Status { status, .. } => ExitStatus::of_failed_http(*status).code(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registered_url_keeps_both_paths_and_adds_the_token() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            registered_url(&u("https://x.trycloudflare.com"), "/", "t0k").as_str(),
            "https://x.trycloudflare.com/?token=t0k"
        );
        assert_eq!(
            registered_url(&u("https://h.example/base/?a=1"), "/ac/hooks", "t0k").as_str(),
            "https://h.example/base/ac/hooks?a=1&token=t0k"
        );
    }

    #[test]
    fn checks() {
        assert!(Plan::check(None, None, true, "127.0.0.1:4040").is_err());
        assert!(Plan::check(Some("ftp://x"), None, false, "127.0.0.1:4040").is_err());
        assert!(Plan::check(Some("https://x.example"), None, true, "127.0.0.1:4040").is_ok());
        assert!(Plan::check(None, Some("ngrok"), true, "127.0.0.1:4040").is_ok());
        assert!(Plan::check(None, Some("ngrok"), false, "localhost:4040").is_err());
    }
}
