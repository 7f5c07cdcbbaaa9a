//! Where the sandbox may deliver. Unless started with `--allow-remote-delivery`, it delivers
//! only to loopback addresses (127.0.0.0/8, ::1); any other target is skipped with the reason,
//! before a connection is tried. The decision is made on the addresses a host name resolves
//! to, every one of which must be loopback, and the delivery connects to exactly those
//! addresses (the client's resolver is [`LoopbackOnly`]), so DNS cannot answer differently
//! between the check and the connection.

use std::net::{IpAddr, SocketAddr};

use crate::relay::is_loopback_ip as is_loopback;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// The hint that ends every skip reason.
const HINT: &str = "start the sandbox with --allow-remote-delivery to deliver there";

/// A target that is not loopback, found when resolving its host.
#[derive(Debug, thiserror::Error)]
#[error("{host} is {addr}, not a loopback address: {HINT}")]
pub(crate) struct NotLoopback {
    host: String,
    addr: IpAddr,
}

/// Why the sandbox will not deliver to `url` when only loopback is allowed, for a URL whose
/// host is an IP address (a host name is checked by [`LoopbackOnly`] once resolved). None
/// when the address is loopback, or the URL has a host name or does not parse.
pub(crate) fn literal_refusal(url: &str) -> Option<String> {
    let ip = match url::Url::parse(url).ok()?.host()? {
        url::Host::Ipv4(ip) => IpAddr::V4(ip),
        url::Host::Ipv6(ip) => IpAddr::V6(ip),
        url::Host::Domain(_) => return None,
    };
    (!is_loopback(ip)).then(|| format!("{ip} is not a loopback address: {HINT}"))
}

/// Whether every address `host` resolved to is loopback; the first that is not, if any.
pub(crate) fn check_resolved(host: &str, addrs: &[SocketAddr]) -> Result<(), NotLoopback> {
    match addrs.iter().find(|a| !is_loopback(a.ip())) {
        Some(a) => Err(NotLoopback {
            host: host.to_owned(),
            addr: a.ip(),
        }),
        None => Ok(()),
    }
}

/// The skip reason in a failed delivery's error chain, if a resolved host was refused.
pub(crate) fn refused_in(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    std::iter::successors(Some(e), |e| e.source())
        .find_map(|e| e.downcast_ref::<NotLoopback>())
        .map(ToString::to_string)
}

/// A resolver that answers only with loopback addresses: a host name that resolves to any
/// other address fails with [`NotLoopback`], so no connection is tried.
pub(crate) struct LoopbackOnly;

impl Resolve for LoopbackOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            check_resolved(&host, &addrs)?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_are_loopback() {
        for ip in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert!(is_loopback(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "8.8.8.8",
            "fd00::1",
            "fdff::1",
            "fe80::1",
            "::",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "2001:db8::1",
        ] {
            assert!(!is_loopback(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn literal_targets_are_judged_without_resolving() {
        for url in [
            "http://10.0.0.1/",
            "https://172.16.0.1/",
            "https://192.168.0.10/hook",
            "http://169.254.169.254/latest/meta-data/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://0.0.0.0:8080/",
            "http://0x0a000001/",
        ] {
            let why = literal_refusal(url).unwrap_or_default();
            assert!(why.contains("not a loopback address"), "{url}: {why:?}");
            assert!(why.contains("--allow-remote-delivery"), "{url}: {why:?}");
        }
        for url in [
            "http://127.0.0.1:8080/",
            "http://127.1/",
            "http://[::1]:3000/",
            "http://localhost:8080/",
            "https://example.com/",
            "not a url",
        ] {
            assert_eq!(literal_refusal(url), None, "{url}");
        }
    }

    #[test]
    fn a_name_must_resolve_to_loopback_only() {
        let at = |ips: &[&str]| -> Vec<SocketAddr> {
            ips.iter()
                .map(|ip| SocketAddr::new(ip.parse().unwrap(), 0))
                .collect()
        };
        assert!(check_resolved("localhost", &at(&["127.0.0.1", "::1"])).is_ok());
        for ips in [
            &["10.0.0.1"][..],
            &["127.0.0.1", "169.254.169.254"],
            &["::1", "fd00::1"],
            &["192.168.1.1", "127.0.0.1"],
        ] {
            let err = check_resolved("evil.test", &at(ips)).unwrap_err();
            let text = err.to_string();
            assert!(text.starts_with("evil.test is "), "{text}");
            assert!(text.contains("not a loopback address"), "{text}");
            let wrapped = anyhow::Error::from(err).context("delivery failed");
            assert_eq!(refused_in(wrapped.as_ref()), Some(text));
        }
    }
}
