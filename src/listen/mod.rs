//! The catcher behind `acwh listen`: what a caught request is ([`Capture`]), how its body is
//! understood ([`body`]), how it is shown ([`render`]), and the hyper handler that catches it
//! ([`server`]). Decoding lives apart from rendering so the human view, `--json` and later
//! features share one decoder.

pub mod body;
pub mod render;
pub mod saved;
pub mod server;
pub mod tally;

use std::net::SocketAddr;

use bytes::Bytes;
use chrono::{DateTime, Local};

pub use body::Body;

/// One request as it arrived, with its body already understood. Owned and free of hyper
/// types, so everything after the server is plain synchronous code.
#[derive(Debug, Clone)]
pub struct Capture {
    pub received_at: DateTime<Local>,
    pub method: String,
    /// The path without the query, as sent.
    pub path: String,
    /// The raw query string, without `?` (empty when there is none).
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub remote: SocketAddr,
    pub content_type: Option<String>,
    pub raw: Bytes,
    pub body: Body,
}

impl Capture {
    /// The query's decoded pairs.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The request target as sent: path, then `?query` when there is one.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// AC's event name: the `type` field of a form or JSON body.
    pub fn event(&self) -> Option<&str> {
        self.body.field("type")
    }
}

/// What the printer adds to a capture: its place in the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// 1 for the first request printed or counted in this run.
    pub seq: u64,
    /// The seq of an earlier request with the same body (AC delivers at least once).
    pub duplicate_of: Option<u64>,
}
