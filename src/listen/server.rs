//! The catcher's request handler, the only part of `listen` that knows hyper. It reads each
//! request under a body cap and a read deadline, understands the body off the runtime's
//! workers, hands an owned [`Capture`] to the printer through the [`Outbox`] and answers only
//! once the printer has kept it, so nothing that was answered can be lost. It prints nothing
//! itself and never waits on output: refusals (401, 413, 400, 408) are answered at once.
//! The answer's status is decided in one place, [`Catcher::answer`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::{Request, header};
use tokio::sync::{mpsc, oneshot};

use super::forward::Forwarder;
use super::tally::{self, Refused};
use super::{Answer, Capture, Forwarded, Policy, body};
use crate::httpd::read::{BodyError, drain, read_capped};
use crate::httpd::{self, Handler, Reply};
use crate::relay;

/// How many caught requests may wait for the printer; past that, handlers wait for room.
const CAUGHT_QUEUE: usize = 64;

/// How many refusal notes may wait for the printer; past that, they are counted, not shown.
const REFUSED_QUEUE: usize = 256;

/// A caught request on its way to the printer.
#[derive(Debug)]
pub(super) struct Caught {
    pub(super) capture: Box<Capture>,
    /// The body's [`tally::body_hash`], computed by the handler.
    pub(super) hash: Option<u64>,
    pub(super) answer: Answer,
    /// The human view's parts the handler rendered (see [`super::Prerender`]).
    pub(super) prerendered: Option<super::Prerendered>,
    /// The printer sends true once the request is printed (and, with `--save`, kept), false
    /// when it was not; only then is the sender answered. The capture comes back with it
    /// when nothing else wants it, to be freed on a worker, not on the printer's one thread.
    pub(super) kept: oneshot::Sender<(bool, Option<Box<Capture>>)>,
}

/// A request refused before it was read whole, for the printer's note on stderr.
#[derive(Debug)]
pub(super) enum Refusal {
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
pub(super) struct Outbox {
    caught: mpsc::Sender<Caught>,
    refused: mpsc::Sender<Refusal>,
    counts: Arc<Refused>,
}

/// The printer's side: what the handlers send, in the order they sent it.
pub(super) struct Inbox {
    pub(super) caught: mpsc::Receiver<Caught>,
    pub(super) refused: mpsc::Receiver<Refusal>,
}

impl Outbox {
    /// Both sides, with refusals counted into `counts`.
    pub(super) fn new(counts: Arc<Refused>) -> (Outbox, Inbox) {
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
    async fn keep(
        &self,
        capture: Capture,
        hash: Option<u64>,
        answer: Answer,
        prerendered: Option<super::Prerendered>,
    ) -> bool {
        let (kept, heard) = oneshot::channel();
        let caught = Caught {
            capture: Box::new(capture),
            hash,
            answer,
            prerendered,
            kept,
        };
        if self.caught.send(caught).await.is_err() {
            return false;
        }
        match heard.await {
            // The capture, if it came back, is dropped here, on this worker.
            Ok((kept, _capture)) => kept,
            Err(_) => false,
        }
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

pub(super) struct Catcher {
    policy: Policy,
    /// How much of each body the run reads (see [`body::Need`]).
    need: body::Need,
    /// The human view, rendered here rather than on the printer's one thread.
    prerender: Option<super::Prerender>,
    outbox: Outbox,
    forwarder: Forwarder,
}

impl Catcher {
    pub(super) fn new(
        mut policy: Policy,
        need: body::Need,
        prerender: Option<super::Prerender>,
        outbox: Outbox,
    ) -> anyhow::Result<Catcher> {
        let forwarder = Forwarder::new(std::mem::take(&mut policy.forward), policy.secret.clone())?;
        Ok(Catcher {
            policy,
            need,
            prerender,
            outbox,
            forwarder,
        })
    }

    /// How an accepted request is answered, decided once: `--status` wins; else the app's
    /// own answer with `--forward-to`, or 502 when the app could not be reached; else 200.
    fn answer(
        &self,
        forward: Option<Forwarded>,
        app: Option<relay::Response>,
        started: Instant,
        unrouted: bool,
    ) -> (Answer, Reply) {
        let reply = match (self.policy.status, app, &forward) {
            (Some(code), _, _) => {
                httpd::text(code, format!("acwh listen answers {code} (--status)\n"))
            }
            (None, Some(app), _) => httpd::reply(
                app.status,
                app.content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream"),
                app.body,
            ),
            (None, None, Some(_)) => {
                httpd::text(502, "acwh listen could not reach the app (--forward-to)\n")
            }
            (None, None, None) => httpd::text(200, "ok\n"),
        };
        let status = reply.status().as_u16();
        let ms = super::micros(started.elapsed());
        let answer = Answer {
            status,
            forward,
            ms,
            unrouted,
        };
        (answer, reply)
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
        let max = self.policy.max_body;
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

impl Handler for Catcher {
    async fn handle(self: Arc<Self>, req: Request<Incoming>, remote: SocketAddr) -> Reply {
        let started = Instant::now();
        let (parts, body) = req.into_parts();
        let method = parts.method.to_string();
        let path = parts.uri.path().to_string();
        let query = parts.uri.query().unwrap_or("").to_string();

        if let Some(secret) = &self.policy.secret
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
        let forward_to = match self.forwarder.target(&path, &query) {
            None => None,
            Some(Ok(url)) => Some(url),
            Some(Err(why)) => {
                drain(body, 0);
                self.outbox.refuse(Refusal::BadBody {
                    method,
                    path,
                    remote,
                    status: 400,
                    reason: format!("not forwarded: {why}"),
                });
                // The note says why; the sender learns nothing of the route.
                return httpd::text(400, "acwh listen forwards no path with a dot segment\n");
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
        if declared.is_some_and(|n| n > self.policy.max_body as u64) {
            // A client waiting on 100-continue has sent nothing: answer and let it go.
            let body = (!expects_continue).then_some((body, 0));
            return self.too_large(body, method, path, remote, declared);
        }

        let deadline = tokio::time::Instant::now() + self.policy.body_timeout;
        let raw: Bytes = match read_capped(body, self.policy.max_body, declared, deadline).await {
            Ok(raw) => raw,
            Err(BodyError::TooLarge { body, read }) => {
                return self.too_large(Some((body, read)), method, path, remote, declared);
            }
            Err(BodyError::Broken(e)) => {
                let (status, reason) = (400, format!("the body could not be read: {e}"));
                return self.bad_body(status, reason, method, path, remote);
            }
            Err(BodyError::TimedOut) => {
                let secs = self.policy.body_timeout.as_secs();
                let (status, reason) = (408, format!("the body did not arrive within {secs}s"));
                return self.bad_body(status, reason, method, path, remote);
            }
        };
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let (decoded, hash) = understand(content_type.as_deref(), &raw, self.need).await;
        let headers = parts
            .headers
            .iter()
            .map(|(k, v)| {
                // Visible ASCII (nearly every header) is copied as it is.
                let v = match v.to_str() {
                    Ok(text) => text.to_owned(),
                    Err(_) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
                };
                (k.as_str().to_string(), v)
            })
            .collect();
        let capture = Capture {
            received_at: chrono::Local::now(),
            method,
            path,
            // The token let the request in; it is not shown, saved or counted anywhere.
            query: match &self.policy.secret {
                Some(secret) => crate::token::redact_query(&query, secret),
                None => query,
            },
            headers,
            remote,
            content_type,
            raw,
            body: decoded,
        };
        let (forwarded, app) = match forward_to {
            Some(url) => {
                let (f, app) = self.forwarder.forward(url, &capture).await;
                (Some(f), app)
            }
            None => (None, None),
        };
        let unrouted = forwarded.is_none() && self.forwarder.has_routes();
        let (answer, reply) = self.answer(forwarded, app, started, unrouted);
        let prerendered = self
            .prerender
            .as_ref()
            .and_then(|r| r.render(&capture, hash, &answer));
        let kept = self.outbox.keep(capture, hash, answer, prerendered).await;
        if !kept {
            // Not printed (stdout closed, past --count, the save file failed): say so rather
            // than claim a delivery that nobody kept.
            return httpd::text(503, "acwh listen is stopping\n");
        }
        reply
    }
}

/// Decodes a body and hashes it (for duplicate marking). A large one is done side by side on
/// the blocking pool, so the runtime's workers keep answering others meanwhile.
async fn understand(
    content_type: Option<&str>,
    raw: &Bytes,
    need: body::Need,
) -> (body::Body, Option<u64>) {
    if raw.len() <= body::OFFLOAD_BYTES {
        let decoded = body::decode(content_type, raw, need).await;
        return (decoded, tally::body_hash(raw));
    }
    let hashed = {
        let raw = raw.clone();
        tokio::task::spawn_blocking(move || tally::body_hash(&raw))
    };
    let decoded = body::decode(content_type, raw, need);
    let (decoded, hash) = tokio::join!(decoded, hashed);
    // The hash cannot panic; were the task lost, the body is simply not marked a duplicate.
    (decoded, hash.unwrap_or(None))
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
