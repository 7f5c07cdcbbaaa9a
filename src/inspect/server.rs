//! The inspector's HTTP side: its accept loop (on the inspector's own thread), the rules that
//! keep everyone but this machine's own browser tab out, and the replies' common headers.
//!
//! Who is refused, and why (docs: README's "The inspector"):
//! - a `Host` that is not a loopback name or address (403): a DNS-rebinding page reaches
//!   127.0.0.1 under its own name;
//! - `X-Forwarded-For`, `Forwarded` or `Cf-Connecting-Ip` (403): a tunnel or proxy passed it on;
//! - an `Origin` other than the inspector's own (403): any website can make the browser send
//!   requests to 127.0.0.1, and `Sec-Fetch-Site: cross-site` on the API likewise;
//! - a `POST` without `Content-Type: application/json` (415), which a cross-site form cannot
//!   send without a preflight, and the inspector answers no preflight and sends no CORS header.

use std::convert::Infallible;
use std::net::TcpListener as StdListener;
use std::sync::Arc;
use std::time::Duration;

use hyper::Request;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};

use super::Shared;
use super::reply::{Reply, error};

/// The page's policy: its own scripts and styles (inline, in the one file), nothing from
/// anywhere else, no framing, no forms posted anywhere.
const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Serves until the process ends (the inspector lives as long as `listen`).
pub(super) async fn serve(listener: StdListener, shared: Arc<Shared>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let limits = crate::httpd::Limits::default();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192) + 1024)
        .keep_alive(true);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let service = service_fn(move |req| {
            let shared = Arc::clone(&shared);
            async move { Ok::<_, Infallible>(handle(shared, req).await) }
        });
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
}

async fn handle(shared: Arc<Shared>, req: Request<hyper::body::Incoming>) -> Reply {
    let mut reply = match refusal(&req) {
        Some(refused) => refused,
        None => super::api::route(shared, req).await,
    };
    secure(reply.headers_mut());
    reply
}

/// The reply for a request the inspector must not serve, if it is one.
fn refusal<B>(req: &Request<B>) -> Option<Reply> {
    let h = req.headers();
    let text = |name: header::HeaderName| h.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = text(header::HOST).filter(|host| loopback_host(host)) else {
        return Some(error(
            403,
            "the inspector answers only to http://127.0.0.1, http://[::1] or http://localhost",
        ));
    };
    if ["x-forwarded-for", "forwarded", "cf-connecting-ip"]
        .iter()
        .any(|name| h.contains_key(*name))
    {
        return Some(error(
            403,
            "the inspector is not served through tunnels or proxies",
        ));
    }
    if let Some(origin) = h.get(header::ORIGIN) {
        let own = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !own {
            return Some(error(403, "requests from other sites are refused"));
        }
    }
    let api = api_path(req.uri().path());
    if api && text(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site") {
        return Some(error(403, "requests from other sites are refused"));
    }
    if req.method() == hyper::Method::POST && api {
        let json = text(header::CONTENT_TYPE).is_some_and(|ct| {
            ct.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        if !json {
            return Some(error(415, "send the request body as application/json"));
        }
    }
    None
}

/// Whether a path is the API's, however many slashes lead it (the router reads it so).
fn api_path(path: &str) -> bool {
    path.trim_start_matches('/').starts_with("api/")
}

/// Whether a `Host` header names this machine: `localhost`, an address in 127.0.0.0/8, or
/// `[::1]`, with or without a port.
pub(super) fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, port))
                if port.is_empty() || port.strip_prefix(':').is_some_and(valid_port) =>
            {
                ip
            }
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if valid_port(port) => name,
            Some(_) => return false,
            None => host,
        },
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn valid_port(port: &str) -> bool {
    !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())
}

/// The headers every reply carries: never cached, never sniffed, never framed, no referrer,
/// the page's content policy. No `Access-Control-*` header, ever.
fn secure(h: &mut HeaderMap) {
    for (name, value) in [
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("content-security-policy", CSP),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)], method: &str, path: &str) -> Request<()> {
        let mut b = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).unwrap()
    }

    fn status(headers: &[(&str, &str)], method: &str, path: &str) -> u16 {
        refusal(&req(headers, method, path)).map_or(0, |r| r.status().as_u16())
    }

    #[test]
    fn loopback_hosts() {
        for ok in [
            "127.0.0.1",
            "127.0.0.1:4080",
            "LOCALHOST:1",
            "[::1]:4080",
            "[::1]",
            "127.9.9.9:80",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:4080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "0.0.0.0:4080",
            "[::]:1",
            "127.0.0.1:",
            "127.0.0.1:80:80",
            "[::1]x",
            "[::1]4080",
            "",
            "10.0.0.1",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn who_is_refused() {
        let host = ("host", "127.0.0.1:4080");
        assert_eq!(status(&[host], "GET", "/"), 0);
        assert_eq!(status(&[], "GET", "/"), 403);
        assert_eq!(status(&[("host", "rebind.example:4080")], "GET", "/"), 403);
        for fwd in ["x-forwarded-for", "forwarded", "cf-connecting-ip"] {
            assert_eq!(status(&[host, (fwd, "1.2.3.4")], "GET", "/"), 403, "{fwd}");
        }
        let own = ("origin", "http://127.0.0.1:4080");
        assert_eq!(status(&[host, own], "GET", "/api/info"), 0);
        for other in [
            "http://evil.example",
            "null",
            "https://127.0.0.1:4080",
            "http://127.0.0.1:4081",
        ] {
            assert_eq!(
                status(&[host, ("origin", other)], "GET", "/api/info"),
                403,
                "{other}"
            );
        }
        let cross = ("sec-fetch-site", "cross-site");
        assert_eq!(status(&[host, cross], "GET", "/api/deliveries"), 403);
        assert_eq!(status(&[host, cross], "GET", "//api/deliveries"), 403);
        let json = ("content-type", "application/json; charset=utf-8");
        assert_eq!(
            status(&[host, own, json], "POST", "/api/deliveries/1/replay"),
            0
        );
        for ct in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ] {
            let p = "/api/deliveries/1/replay";
            assert_eq!(
                status(&[host, own, ("content-type", ct)], "POST", p),
                415,
                "{ct}"
            );
        }
        assert_eq!(
            status(&[host, own], "POST", "/api/deliveries/1/replay"),
            415
        );
    }
}
