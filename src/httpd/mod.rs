//! Serving, for `listen` and `sandbox` alike (hyper, not tiny_http: see README's design
//! note): starting a server ([`start`]), the one HTTP/1 loop that owns accepting,
//! per-connection timeouts and graceful shutdown, and reading a body under a cap ([`read`]).
//! What a request means is the caller's [`Handler`]. Prints nothing.

pub(crate) mod read;
mod signals;
mod start;

pub(crate) use start::{Ended, Server, bind_ip};

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

/// A response with its whole body in memory: every answer either server gives is small.
pub(crate) type Reply = Response<Full<Bytes>>;

/// Put in a reply's extensions to close the connection without answering at all: how the
/// AC stand-in imitates a reset connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Abort;

#[derive(Debug)]
struct Aborted;

impl std::fmt::Display for Aborted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection aborted by the handler")
    }
}

impl std::error::Error for Aborted {}

/// A reply that makes the server drop the connection unanswered.
pub(crate) fn abort() -> Reply {
    let mut resp = text(500, "");
    resp.extensions_mut().insert(Abort);
    resp
}

/// What a server does with one request.
pub(crate) trait Handler: Send + Sync + 'static {
    fn handle(
        self: Arc<Self>,
        req: Request<Incoming>,
        remote: SocketAddr,
    ) -> impl Future<Output = Reply> + Send;
}

/// Connection-level limits.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// A client must send its whole request head within this time (slowloris guard; also
    /// closes keep-alive connections that sit idle this long before their next request).
    pub(crate) header_timeout: Duration,
    /// The largest request head accepted; larger gets 431.
    pub(crate) max_header_bytes: usize,
    /// How long in-flight requests may take to finish once shutdown starts.
    pub(crate) drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_header_bytes: 64 * 1024,
            drain: Duration::from_secs(2),
        }
    }
}

/// Serves `listener` until `shutdown` completes, then lets in-flight requests finish for at
/// most `limits.drain`.
pub(crate) async fn serve<H: Handler>(
    listener: TcpListener,
    handler: Arc<H>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192) + 1024)
        .max_header_size(limits.max_header_bytes)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // EMFILE and friends: back off briefly instead of spinning, keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let handler = Arc::clone(&handler);
        let service = service_fn(move |req| {
            let handler = Arc::clone(&handler);
            async move {
                let resp = handler.handle(req, remote).await;
                // An error from the service makes hyper close the connection unanswered.
                match resp.extensions().get::<Abort>() {
                    Some(_) => Err(Aborted),
                    None => Ok(resp),
                }
            }
        });
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that hangs up or sends garbage is its own problem; hyper has already
            // answered 400/431 where HTTP allows it.
            let _ = conn.await;
        });
    }
    let _ = tokio::time::timeout(limits.drain, graceful.shutdown()).await;
}

/// Raises the soft limit on open files to the hard limit, so a server that many clients reach
/// at once runs out of descriptors as late as the system allows. Best effort: a limit that
/// cannot be read or raised is left as it is, and the server still runs.
pub(crate) fn raise_fd_limit() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        if limit.current.is_some() && limit.current != limit.maximum {
            let _ = setrlimit(
                Resource::Nofile,
                Rlimit {
                    current: limit.maximum,
                    maximum: limit.maximum,
                },
            );
        }
    }
}

/// A plain-text reply with `status`.
pub(crate) fn text(status: u16, body: impl Into<Bytes>) -> Reply {
    reply(status, "text/plain; charset=utf-8", body)
}

/// A reply with `status`, a content type and a body.
pub(crate) fn reply(status: u16, content_type: &str, body: impl Into<Bytes>) -> Reply {
    let mut resp = Response::new(Full::new(body.into()));
    *resp.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    resp
}
