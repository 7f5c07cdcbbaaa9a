//! The record of every request the sandbox has seen, for tests (`requests()`) and for the
//! `acwh sandbox` command's live log (`subscribe_log()`). Keeps data only: printing is the
//! subscriber's business.

use std::collections::VecDeque;
use std::sync::Mutex;

use tokio::sync::mpsc;

use super::state::lock;

/// Enough for any test and for a long interactive session, without growing for ever.
const KEEP: usize = 10_000;

/// One request as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub method: String,
    /// The path and query string, as received.
    pub path: String,
    pub api_token: Option<String>,
    /// The status sent; 0 while the request is in flight, and for a dropped connection.
    pub status: u16,
}

#[derive(Default)]
pub(super) struct RequestLog {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: VecDeque<Logged>,
    /// Sequence number of `entries[0]`: older entries have been let go.
    first: u64,
    subscribers: Vec<mpsc::UnboundedSender<Logged>>,
}

impl RequestLog {
    /// Records a request on arrival, so the log keeps arrival order even when a delayed
    /// request finishes after a later one. Returns its sequence number for [`Self::finish`].
    pub(super) fn arrive(&self, entry: Logged) -> u64 {
        let mut inner = lock(&self.inner);
        let seq = inner.first + inner.entries.len() as u64;
        inner.entries.push_back(entry);
        if inner.entries.len() > KEEP {
            inner.entries.pop_front();
            inner.first += 1;
        }
        seq
    }

    /// Records the status sent for request `seq` and tells the subscribers.
    pub(super) fn finish(&self, seq: u64, status: u16) {
        let mut inner = lock(&self.inner);
        let Some(index) = seq
            .checked_sub(inner.first)
            .and_then(|i| usize::try_from(i).ok())
        else {
            return;
        };
        let Some(entry) = inner.entries.get_mut(index) else {
            return;
        };
        entry.status = status;
        let entry = entry.clone();
        // A receiver that has been dropped is forgotten.
        inner
            .subscribers
            .retain(|tx| tx.send(entry.clone()).is_ok());
    }

    pub(super) fn all(&self) -> Vec<Logged> {
        lock(&self.inner).entries.iter().cloned().collect()
    }

    pub(super) fn subscribe(&self) -> mpsc::UnboundedReceiver<Logged> {
        let (tx, rx) = mpsc::unbounded_channel();
        lock(&self.inner).subscribers.push(tx);
        rx
    }
}

/// Finishes a log entry when dropped, so a request whose client hung up mid-way (its
/// future is dropped, for example during a delay) is still reported, with status 0.
pub(super) struct Finish<'a> {
    pub log: &'a RequestLog,
    pub seq: u64,
    pub status: u16,
}

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.log.finish(self.seq, self.status);
    }
}
