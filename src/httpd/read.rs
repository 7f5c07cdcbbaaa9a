//! Reading a request body under a cap and a deadline, and draining what a refused one still
//! sends, bounded in bytes and time, so the client reads the refusal instead of a reset.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt as _;
use hyper::body::Incoming;

/// What may be read and thrown away after a refusal before the connection is closed: enough
/// that ordinary clients see the answer rather than a reset, small enough to bound the work.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(30);

/// Why a body was not read whole.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Over the cap, after `read` bytes: the rest is the caller's to [`drain`].
    TooLarge { body: Incoming, read: u64 },
    /// The client hung up or sent a bad chunk.
    Broken(hyper::Error),
    /// The whole body did not arrive in time.
    TimedOut,
}

/// Reads the whole body, at most `max` bytes, within `deadline`. `declared` (the
/// Content-Length, when sent) sizes the buffer once.
pub(crate) async fn read_capped(
    mut body: Incoming,
    max: usize,
    declared: Option<u64>,
    deadline: tokio::time::Instant,
) -> Result<Bytes, BodyError> {
    let capacity = declared.unwrap_or(0).min(max as u64) as usize;
    let mut buf = BytesMut::with_capacity(capacity);
    loop {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if buf.len() + data.len() > max {
                        let read = (buf.len() + data.len()) as u64;
                        return Err(BodyError::TooLarge { body, read });
                    }
                    buf.extend_from_slice(&data);
                }
            }
            Ok(None) => return Ok(buf.freeze()),
            Ok(Some(Err(e))) => return Err(BodyError::Broken(e)),
            Err(_) => return Err(BodyError::TimedOut),
        }
    }
}

/// Reads and discards the rest of a refused body in the background (`read` bytes of it were
/// read already). Bounded in bytes and time; hyper's own buffer is reused per read.
pub(crate) fn drain(mut body: Incoming, mut read: u64) {
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
