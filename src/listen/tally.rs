//! The catcher's bookkeeping: sequence numbers, duplicate detection and the counts for the
//! closing summary. Pure, and with no lock of its own: `listen` keeps one behind a mutex,
//! asks it about each request in turn and reads the summary from it at the end; the refusals
//! ([`Refused`]) are counted by the handlers themselves, on atomics, without waiting.
//!
//! Everything kept is bounded, however many requests arrive and whatever they carry: the
//! duplicate window by [`WINDOW`], the per-event counts by [`EVENT_KEYS`] keys of at most
//! [`EVENT_KEY_BYTES`] bytes each.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Capture, Seen};

/// How many distinct bodies are remembered for duplicate marking. AC's repeats come close
/// together; this bounds memory at a few MiB.
pub(crate) const WINDOW: usize = 65_536;

/// How many distinct event names the summary counts; the rest are counted as "other".
pub(crate) const EVENT_KEYS: usize = 50;

/// How much of an event name is kept (cut on a character boundary): AC's names are short,
/// and a sender's `type` may be a megabyte.
pub(crate) const EVENT_KEY_BYTES: usize = 64;

/// The key the events past [`EVENT_KEYS`] are counted under.
const OTHER: &str = "other";

/// Requests refused before they were read whole. Counted by the handler that refuses them,
/// at once: a refusal is answered without waiting for the printer, whatever it is doing.
#[derive(Debug, Default)]
pub(crate) struct Refused {
    /// 401: the query lacked the `--secret` token.
    pub rejected: AtomicU64,
    /// 413: over `--max-body`.
    pub too_large: AtomicU64,
    /// 400/408: the body could not be read.
    pub bad: AtomicU64,
    /// Refusals whose note was not shown because the printer was too far behind.
    pub unshown: AtomicU64,
}

impl Refused {
    fn get(n: &AtomicU64) -> u64 {
        n.load(Ordering::Relaxed)
    }

    pub(crate) fn add(n: &AtomicU64) {
        n.fetch_add(1, Ordering::Relaxed);
    }
}

/// The 64-bit hash that duplicate detection compares, or None for an empty body. Computed by
/// the connection's handler before the tally's lock is taken, since a large body takes a
/// while to hash.
pub(crate) fn body_hash(raw: &[u8]) -> Option<u64> {
    if raw.is_empty() {
        return None;
    }
    let mut h = DefaultHasher::new();
    raw.hash(&mut h);
    Some(h.finish())
}

#[derive(Debug, Default)]
pub(crate) struct Tally {
    seq: u64,
    /// The seq before this run's first.
    first: u64,
    /// Body hash to the first seq that carried it, for the last [`WINDOW`] distinct bodies
    /// (oldest first in `order`). A 64-bit hash per body, and a bounded window, keep memory
    /// flat however long the catcher runs; a false match is a 1-in-2^64 event.
    bodies: HashMap<u64, u64>,
    order: VecDeque<u64>,
    /// Only these events are printed; empty = all.
    only: Vec<String>,
    pub printed: u64,
    pub by_event: Vec<(String, u64)>,
    pub duplicates: u64,
    pub filtered: u64,
    /// Shared with the handlers, which count what they refuse.
    pub refused: Arc<Refused>,
}

impl Tally {
    pub(crate) fn new(only: Vec<String>) -> Tally {
        Tally {
            only,
            ..Tally::default()
        }
    }

    /// Numbers from `after + 1` on (a save file that already holds seqs up to `after`).
    pub(crate) fn starting_after(mut self, after: u64) -> Tally {
        self.seq = after;
        self.first = after;
        self
    }

    /// [`Self::see_hashed`] with the hash computed here (the catcher computes it in the
    /// connection's handler, outside the lock; tests use this).
    #[cfg(test)]
    pub(crate) fn see(&mut self, cap: &Capture) -> (Seen, bool) {
        self.see_hashed(cap, body_hash(&cap.raw))
    }

    /// Whether a body with this hash was seen already: the next one will be a duplicate.
    pub(crate) fn knows(&self, hash: u64) -> bool {
        self.bodies.contains_key(&hash)
    }

    /// `Tally::see` (a test helper) with the body's [`body_hash`] already known.
    pub(crate) fn see_hashed(&mut self, cap: &Capture, hash: Option<u64>) -> (Seen, bool) {
        self.seq += 1;
        let duplicate_of = match hash {
            None => None,
            Some(hash) => match self.bodies.get(&hash) {
                Some(first) => Some(*first),
                None => {
                    self.bodies.insert(hash, self.seq);
                    self.order.push_back(hash);
                    if self.order.len() > WINDOW
                        && let Some(old) = self.order.pop_front()
                    {
                        self.bodies.remove(&old);
                    }
                    None
                }
            },
        };
        if duplicate_of.is_some() {
            self.duplicates += 1;
        }
        self.count_event(cap.kind().unwrap_or("(not AC)"));
        let print =
            self.only.is_empty() || cap.kind().is_some_and(|e| self.only.iter().any(|o| o == e));
        if !print {
            self.filtered += 1;
        }
        (
            Seen {
                seq: self.seq,
                duplicate_of,
            },
            print,
        )
    }

    /// Counts one request under its event name, cut to [`EVENT_KEY_BYTES`]; past
    /// [`EVENT_KEYS`] names, new ones are counted as "other".
    fn count_event(&mut self, event: &str) {
        let key = crate::escape::cut(event, EVENT_KEY_BYTES);
        if let Some((_, n)) = self.by_event.iter_mut().find(|(e, _)| e == key) {
            *n += 1;
            return;
        }
        let key = if self.by_event.len() < EVENT_KEYS {
            key
        } else {
            OTHER
        };
        match self.by_event.iter_mut().find(|(e, _)| e == key) {
            Some((_, n)) => *n += 1,
            None => self.by_event.push((key.to_string(), 1)),
        }
    }

    /// Requests caught (answered with the configured status).
    pub(crate) fn caught(&self) -> u64 {
        self.seq - self.first
    }

    /// "12 requests (subscribe 10, update 2); 1 duplicate; 2 rejected; 0 too large"
    pub(crate) fn summary(&self) -> String {
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = plural(self.caught(), "request", "requests");
        if !self.by_event.is_empty() {
            let parts: Vec<String> = self
                .by_event
                .iter()
                .map(|(e, n)| format!("{} {n}", crate::escape::line(e)))
                .collect();
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        let refused = &self.refused;
        let (rejected, too_large, bad, unshown) = (
            Refused::get(&refused.rejected),
            Refused::get(&refused.too_large),
            Refused::get(&refused.bad),
            Refused::get(&refused.unshown),
        );
        let extras = [
            (
                self.duplicates,
                plural(self.duplicates, "duplicate", "duplicates"),
            ),
            (
                self.filtered,
                format!("{} not printed (--event)", self.filtered),
            ),
            (rejected, format!("{rejected} rejected (--secret)")),
            (too_large, format!("{too_large} too large")),
            (bad, format!("{bad} unreadable")),
            (
                unshown,
                format!("{unshown} refusal notes not shown (output too slow)"),
            ),
        ];
        for (n, text) in extras {
            if n > 0 {
                s.push_str("; ");
                s.push_str(&text);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listen::Body;
    use bytes::Bytes;

    fn cap(body: &str, event: Option<&str>) -> Capture {
        Capture {
            received_at: chrono::Local::now(),
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers: vec![],
            remote: "127.0.0.1:1".parse().unwrap(),
            content_type: None,
            raw: Bytes::from(body.to_string()),
            body: match event {
                Some(e) => Body::Form {
                    pairs: vec![("type".into(), e.into())],
                    tree: serde_json::Value::Null,
                    notes: vec![],
                },
                None => Body::Empty,
            },
        }
    }

    #[test]
    fn numbers_and_marks_duplicates() {
        let mut t = Tally::new(vec![]);
        let (a, _) = t.see(&cap("type=subscribe", Some("subscribe")));
        let (b, _) = t.see(&cap("type=update", Some("update")));
        let (c, _) = t.see(&cap("type=subscribe", Some("subscribe")));
        let (d, _) = t.see(&cap("", None));
        let (e, _) = t.see(&cap("", None));
        assert_eq!((a.seq, b.seq, c.seq), (1, 2, 3));
        assert_eq!(c.duplicate_of, Some(1));
        assert_eq!(
            (a.duplicate_of, d.duplicate_of, e.duplicate_of),
            (None, None, None)
        );
        assert_eq!(
            t.summary(),
            "5 requests (subscribe 2, update 1, (not AC) 2); 1 duplicate"
        );
    }

    #[test]
    fn the_duplicate_window_is_bounded() {
        let mut t = Tally::new(vec![]);
        for i in 0..WINDOW + 10 {
            t.see(&cap(&format!("a={i}"), None));
        }
        assert_eq!(t.bodies.len(), WINDOW);
        assert_eq!(t.order.len(), WINDOW);
        // The oldest bodies fell out of the window; recent ones are still recognised.
        assert_eq!(t.see(&cap("a=0", None)).0.duplicate_of, None);
        let recent = format!("a={}", WINDOW + 5);
        assert!(t.see(&cap(&recent, None)).0.duplicate_of.is_some());
    }

    #[test]
    fn event_counts_are_bounded_in_keys_and_key_length() {
        let mut t = Tally::new(vec![]);
        // A megabyte-long name, cut inside a two-byte character: kept as 64 bytes at most.
        let long = format!(
            "{}é{}",
            "a".repeat(EVENT_KEY_BYTES - 1),
            "b".repeat(1 << 20)
        );
        t.see(&cap("x=1", Some(&long)));
        t.see(&cap("x=2", Some(&long)));
        assert_eq!(t.by_event.len(), 1);
        assert_eq!(t.by_event[0].0, "a".repeat(EVENT_KEY_BYTES - 1));
        assert_eq!(t.by_event[0].1, 2);
        for i in 0..1000 {
            t.see(&cap(
                &format!("n={i}"),
                Some(&format!("event-{i}\u{1b}[2J")),
            ));
        }
        assert_eq!(t.by_event.len(), EVENT_KEYS + 1);
        assert!(t.by_event.iter().all(|(e, _)| e.len() <= EVENT_KEY_BYTES));
        let other = t
            .by_event
            .iter()
            .find(|(e, _)| e == "other")
            .map(|(_, n)| *n);
        assert_eq!(other, Some(1001u64.saturating_sub(EVENT_KEYS as u64)));
        let summary = t.summary();
        assert!(summary.len() < 4096, "{} bytes", summary.len());
        assert!(!summary.contains('\u{1b}'), "{summary}");
        assert!(summary.contains("other 951"), "{summary}");
    }

    #[test]
    fn filter_by_event() {
        let mut t = Tally::new(vec!["update".into()]);
        assert!(!t.see(&cap("type=subscribe", Some("subscribe"))).1);
        assert!(t.see(&cap("type=update", Some("update"))).1);
        assert_eq!(t.filtered, 1);
    }
}
