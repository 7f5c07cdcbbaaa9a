//! The catcher's request handler, the only part of `listen` that knows hyper. It reads each
//! request under a body cap and a read deadline, understands the body off the runtime's
//! workers, hands an owned [`Capture`] to the printer through the [`Outbox`] and answers only
//! once the printer has kept it, so nothing that was answered can be lost. It prints nothing
//! itself and never waits on output: refusals (401, 413, 400, 408) are answered at once.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, header};
use tokio::sync::{mpsc, oneshot};

use super::tally::{self, Refused};
use super::{Capture, body};
use crate::capture::{self, Answer, Forwarded};
use crate::httpd::{self, Handler, Reply};

/// What may be read and thrown away after a 413 before the connection is closed: enough that
/// ordinary clients see the 413 rather than a reset, small enough to bound the work.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(30);

/// How the catcher answers.
#[derive(Debug, Clone)]
pub struct Options {
    /// The largest body read; larger gets 413.
    pub max_body: usize,
    /// The status every accepted request gets; None = 200, or the app's with `forward`.
    pub status: Option<u16>,
    /// Where to pass requests on, by path prefix (longest wins; "" matches all).
    pub forward: Vec<Route>,
    /// When set, a request whose query lacks `token=SECRET` gets 401.
    pub secret: Option<String>,
    /// The whole body must arrive within this time; else 408.
    pub body_timeout: Duration,
    /// Only the human view will read the decoded body (no `--json`, no `--save`): long form
    /// keys and values are cut to what it shows (see [`body::decode`]).
    pub preview: bool,
}

/// One `--forward-to`: requests whose path starts with `prefix` go to `url`, with the
/// prefix taken off and the rest of the path and the query appended.
#[derive(Debug, Clone)]
pub struct Route {
    pub prefix: String,
    pub url: url::Url,
}

/// How much of the app's answer is passed back to the sender.
const APP_BODY_LIMIT: usize = 64 * 1024;

/// How many caught requests may wait for the printer; past that, handlers wait for room.
const CAUGHT_QUEUE: usize = 64;

/// How many refusal notes may wait for the printer; past that, they are counted, not shown.
const REFUSED_QUEUE: usize = 256;

/// A caught request on its way to the printer.
#[derive(Debug)]
pub struct Caught {
    pub capture: Box<Capture>,
    /// The body's [`tally::body_hash`], computed by the handler.
    pub hash: Option<u64>,
    pub answer: Answer,
    /// The printer sends true once the request is printed (and, with `--save`, kept), false
    /// when it was not; only then is the sender answered.
    pub kept: oneshot::Sender<bool>,
}

/// A request refused before it was read whole, for the printer's note on stderr.
#[derive(Debug)]
pub enum Refusal {
    /// Refused with 401 by `--secret`.
    Rejected {
        method: String,
        path: String,
        remote: SocketAddr,
    },
    /// Refused with 413.
    TooLarge {
        method: String,
        path: String,
        remote: SocketAddr,
        declared: Option<u64>,
    },
    /// The body could not be read (client went away, too slow).
    BadBody {
        method: String,
        path: String,
        remote: SocketAddr,
        status: u16,
        reason: String,
    },
}

/// The handlers' side of the way to the printer. A caught request waits (asynchronously) for
/// room and for the printer's word; a refusal never waits: it is counted at once, and its
/// note is dropped, and counted, when the printer is that far behind.
pub struct Outbox {
    caught: mpsc::Sender<Caught>,
    refused: mpsc::Sender<Refusal>,
    counts: Arc<Refused>,
}

/// The printer's side: what the handlers send, in the order they sent it.
pub struct Inbox {
    pub caught: mpsc::Receiver<Caught>,
    pub refused: mpsc::Receiver<Refusal>,
}

impl Outbox {
    /// Both sides, with refusals counted into `counts`.
    pub fn new(counts: Arc<Refused>) -> (Outbox, Inbox) {
        let (caught, caught_rx) = mpsc::channel(CAUGHT_QUEUE);
        let (refused, refused_rx) = mpsc::channel(REFUSED_QUEUE);
        let outbox = Outbox {
            caught,
            refused,
            counts,
        };
        let inbox = Inbox {
            caught: caught_rx,
            refused: refused_rx,
        };
        (outbox, inbox)
    }

    /// Hands a caught request to the printer; true once it is printed and kept.
    async fn keep(&self, capture: Capture, hash: Option<u64>, answer: Answer) -> bool {
        let (kept, heard) = oneshot::channel();
        let caught = Caught {
            capture: Box::new(capture),
            hash,
            answer,
            kept,
        };
        if self.caught.send(caught).await.is_err() {
            return false;
        }
        heard.await.unwrap_or(false)
    }

    /// Counts a refusal and passes its note on, without waiting.
    fn refuse(&self, refusal: Refusal) {
        let c = &self.counts;
        Refused::add(match &refusal {
            Refusal::Rejected { .. } => &c.rejected,
            Refusal::TooLarge { .. } => &c.too_large,
            Refusal::BadBody { .. } => &c.bad,
        });
        if self.refused.try_send(refusal).is_err() {
            Refused::add(&c.unshown);
        }
    }
}

pub struct Catcher {
    opts: Options,
    outbox: Outbox,
    http: reqwest::Client,
}

impl Catcher {
    pub fn new(opts: Options, outbox: Outbox) -> anyhow::Result<Catcher> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Catcher { opts, outbox, http })
    }

    fn route(&self, path: &str) -> Option<&Route> {
        self.opts
            .forward
            .iter()
            .filter(|r| path.starts_with(&r.prefix))
            .max_by_key(|r| r.prefix.len())
    }

    /// Passes the request on to `url`, byte for byte, and reports what the app said.
    async fn forward(&self, url: url::Url, cap: &Capture) -> (Forwarded, Option<AppReply>) {
        let started = std::time::Instant::now();
        let method =
            reqwest::Method::from_bytes(cap.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut req = self.http.request(method, url.clone()).body(cap.raw.clone());
        for (k, v) in cap.headers.iter().filter(|(k, _)| capture::passes(k)) {
            req = req.header(k.as_str(), v.as_str());
        }
        let result = async {
            let mut resp = req.send().await?;
            let status = resp.status().as_u16();
            let content_type = resp
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            // Only the start of the app's answer is passed back, so only that is read.
            let mut body = Vec::new();
            while body.len() < APP_BODY_LIMIT {
                match resp.chunk().await? {
                    Some(chunk) => body.extend_from_slice(&chunk),
                    None => break,
                }
            }
            body.truncate(APP_BODY_LIMIT);
            Ok::<_, reqwest::Error>((status, content_type, Bytes::from(body)))
        }
        .await;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok((status, content_type, body)) => {
                let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).into_owned();
                let fwd = Forwarded {
                    url: url.to_string(),
                    status: Some(status),
                    error: None,
                    ms,
                    body_head: head,
                };
                let body = body.slice(..body.len().min(APP_BODY_LIMIT));
                (
                    fwd,
                    Some(AppReply {
                        status,
                        content_type,
                        body,
                    }),
                )
            }
            Err(e) => {
                let root = crate::error::root_cause(&e);
                let fwd = Forwarded {
                    url: url.to_string(),
                    status: None,
                    error: Some(root),
                    ms,
                    body_head: String::new(),
                };
                (fwd, None)
            }
        }
    }

    fn reply(&self, answer: &Answer, app: Option<AppReply>) -> Reply {
        match (self.opts.status, app) {
            (None, Some(app)) => httpd::reply(
                app.status,
                app.content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream"),
                app.body,
            ),
            (None, None) if answer.forward.is_some() => {
                httpd::text(502, "acwh listen could not reach the app (--forward-to)\n")
            }
            (None, None) => httpd::text(200, "ok\n"),
            (Some(code), _) => {
                httpd::text(code, format!("acwh listen answers {code} (--status)\n"))
            }
        }
    }
}

impl Catcher {
    /// Refuses a body over `--max-body` with 413 and reports it. The rest of the body, if
    /// the client is sending it (`read` bytes so far), is drained in the background.
    fn too_large(
        &self,
        body: Option<(Incoming, u64)>,
        method: String,
        path: String,
        remote: SocketAddr,
        declared: Option<u64>,
    ) -> Reply {
        if let Some((body, read)) = body {
            drain(body, read);
        }
        self.outbox.refuse(Refusal::TooLarge {
            method,
            path,
            remote,
            declared,
        });
        let max = self.opts.max_body;
        httpd::text(
            413,
            format!("body larger than {max} bytes (acwh listen --max-body)\n"),
        )
    }
}

impl Catcher {
    /// Answers a request refused once its head was read (a body that could not be read, a
    /// path that would leave the `--forward-to` base), and reports it.
    fn bad_body(
        &self,
        status: u16,
        reason: String,
        method: String,
        path: String,
        remote: SocketAddr,
    ) -> Reply {
        let reply = httpd::text(status, format!("{reason}\n"));
        self.outbox.refuse(Refusal::BadBody {
            method,
            path,
            remote,
            status,
            reason,
        });
        reply
    }
}

/// The app's answer to a forwarded request, passed back to the sender.
struct AppReply {
    status: u16,
    content_type: Option<String>,
    body: Bytes,
}

impl Handler for Catcher {
    async fn handle(self: Arc<Self>, req: Request<Incoming>, remote: SocketAddr) -> Reply {
        let (parts, mut body) = req.into_parts();
        let method = parts.method.to_string();
        let path = parts.uri.path().to_string();
        let query = parts.uri.query().unwrap_or("").to_string();

        if let Some(secret) = &self.opts.secret
            && !has_token(&query, secret)
        {
            self.outbox.refuse(Refusal::Rejected {
                method,
                path,
                remote,
            });
            return httpd::text(401, "missing or wrong token\n");
        }

        // Where it goes on to, decided from the head alone: a path that would leave the
        // route's base is refused before its body is read, never forwarded.
        let forward_to = match self.route(&path) {
            None => None,
            Some(route) => {
                let target = match query.as_str() {
                    "" => path.clone(),
                    q => format!("{path}?{q}"),
                };
                match capture::join_target(&route.url, &target[route.prefix.len()..]) {
                    Ok(url) => Some(url),
                    Err(why) => {
                        drain(body, 0);
                        self.outbox.refuse(Refusal::BadBody {
                            method,
                            path,
                            remote,
                            status: 400,
                            reason: format!("not forwarded: {why}"),
                        });
                        // The note says why; the sender learns nothing of the route.
                        return httpd::text(
                            400,
                            "acwh listen forwards no path with a dot segment\n",
                        );
                    }
                }
            }
        };

        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let expects_continue = parts
            .headers
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        if declared.is_some_and(|n| n > self.opts.max_body as u64) {
            // A client waiting on 100-continue has sent nothing: answer and let it go.
            let body = (!expects_continue).then_some((body, 0));
            return self.too_large(body, method, path, remote, declared);
        }

        let capacity = declared.unwrap_or(0).min(self.opts.max_body as u64) as usize;
        let mut buf = BytesMut::with_capacity(capacity);
        let deadline = tokio::time::Instant::now() + self.opts.body_timeout;
        loop {
            match tokio::time::timeout_at(deadline, body.frame()).await {
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        if buf.len() + data.len() > self.opts.max_body {
                            let read = (buf.len() + data.len()) as u64;
                            return self.too_large(
                                Some((body, read)),
                                method,
                                path,
                                remote,
                                declared,
                            );
                        }
                        buf.extend_from_slice(&data);
                    }
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => {
                    let (status, reason) = (400, format!("the body could not be read: {e}"));
                    return self.bad_body(status, reason, method, path, remote);
                }
                Err(_) => {
                    let secs = self.opts.body_timeout.as_secs();
                    let (status, reason) = (408, format!("the body did not arrive within {secs}s"));
                    return self.bad_body(status, reason, method, path, remote);
                }
            }
        }

        let raw: Bytes = buf.freeze();
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let (decoded, hash) = understand(content_type.as_deref(), &raw, self.opts.preview).await;
        let headers = parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let capture = Capture {
            received_at: chrono::Local::now(),
            method,
            path,
            query,
            headers,
            remote,
            content_type,
            raw,
            body: decoded,
        };
        let (forwarded, app) = match forward_to {
            Some(url) => {
                let (f, app) = self.forward(url, &capture).await;
                (Some(f), app)
            }
            None => (None, None),
        };
        let status = match (self.opts.status, &app, &forwarded) {
            (Some(code), _, _) => code,
            (None, Some(app), _) => app.status,
            (None, None, Some(_)) => 502,
            (None, None, None) => 200,
        };
        let answer = Answer {
            status,
            forward: forwarded,
        };
        let kept = self.outbox.keep(capture, hash, answer.clone()).await;
        if !kept {
            // Not printed (stdout closed, past --count, the save file failed): say so rather
            // than claim a delivery that nobody kept.
            return httpd::text(503, "acwh listen is stopping\n");
        }
        self.reply(&answer, app)
    }
}

/// Decodes a body and hashes it (for duplicate marking). A large one is done side by side on
/// the blocking pool, so the runtime's workers keep answering others meanwhile.
async fn understand(
    content_type: Option<&str>,
    raw: &Bytes,
    preview: bool,
) -> (body::Body, Option<u64>) {
    if raw.len() <= body::OFFLOAD_BYTES {
        let decoded = body::decode(content_type, raw, preview).await;
        return (decoded, tally::body_hash(raw));
    }
    let hashed = {
        let raw = raw.clone();
        tokio::task::spawn_blocking(move || tally::body_hash(&raw))
    };
    let decoded = body::decode(content_type, raw, preview);
    let (decoded, hash) = tokio::join!(decoded, hashed);
    // The hash cannot panic; were the task lost, the body is simply not marked a duplicate.
    (decoded, hash.unwrap_or(None))
}

/// Reads and discards the rest of a refused body in the background, so the client reads the
/// 413 instead of a reset. Bounded in bytes and time; hyper's own buffer is reused per read.
fn drain(mut body: Incoming, mut read: u64) {
    tokio::spawn(async move {
        let _ = tokio::time::timeout(DRAIN_TIME, async {
            while read < DRAIN_LIMIT {
                match body.frame().await {
                    Some(Ok(frame)) => {
                        read += frame.data_ref().map_or(0, |d| d.len() as u64);
                    }
                    _ => break,
                }
            }
        })
        .await;
    });
}

/// Whether the query carries `token=SECRET`. Compares without an early exit, so the time taken
/// says nothing about how much of a guess was right.
fn has_token(query: &str, secret: &str) -> bool {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "token")
        .fold(false, |found, (_, v)| {
            let (a, b) = (v.as_bytes(), secret.as_bytes());
            let same =
                a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
            found | same
        })
}

#[cfg(test)]
mod tests {
    use super::has_token;

    #[test]
    fn token_check() {
        assert!(has_token("token=s3cret", "s3cret"));
        assert!(has_token("a=1&token=s3cret", "s3cret"));
        assert!(has_token("token=x&token=s3cret", "s3cret"));
        assert!(!has_token("token=s3cre", "s3cret"));
        assert!(!has_token("", "s3cret"));
        assert!(!has_token("tok=s3cret", "s3cret"));
    }
}
