//! The catcher's bookkeeping: sequence numbers, duplicate detection and the counts for the
//! closing summary. Pure: the printer thread owns one and asks it about each request.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Capture, Seen};

/// How many distinct bodies are remembered for duplicate marking. AC's repeats come close
/// together; this bounds memory at a few MiB.
pub const WINDOW: usize = 65_536;

#[derive(Debug, Default)]
pub struct Tally {
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
    pub rejected: u64,
    pub too_large: u64,
    pub bad: u64,
}

impl Tally {
    pub fn new(only: Vec<String>) -> Tally {
        Tally {
            only,
            ..Tally::default()
        }
    }

    /// Numbers from `after + 1` on (a save file that already holds seqs up to `after`).
    pub fn starting_after(mut self, after: u64) -> Tally {
        self.seq = after;
        self.first = after;
        self
    }

    /// Numbers a caught request, notes whether its body came before, and says whether it
    /// should be printed (the `--event` filter).
    pub fn see(&mut self, cap: &Capture) -> (Seen, bool) {
        self.seq += 1;
        let duplicate_of = if cap.raw.is_empty() {
            None
        } else {
            let mut h = DefaultHasher::new();
            cap.raw.hash(&mut h);
            let hash = h.finish();
            match self.bodies.get(&hash) {
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
            }
        };
        if duplicate_of.is_some() {
            self.duplicates += 1;
        }
        let event = cap.event().unwrap_or("(not AC)").to_string();
        match self.by_event.iter_mut().find(|(e, _)| *e == event) {
            Some((_, n)) => *n += 1,
            None => self.by_event.push((event, 1)),
        }
        let print = self.only.is_empty()
            || cap
                .event()
                .is_some_and(|e| self.only.iter().any(|o| o == e));
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

    /// Requests caught (answered with the configured status).
    pub fn caught(&self) -> u64 {
        self.seq - self.first
    }

    /// "12 requests (subscribe 10, update 2); 1 duplicate; 2 rejected; 0 too large"
    pub fn summary(&self) -> String {
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = plural(self.caught(), "request", "requests");
        if !self.by_event.is_empty() {
            let parts: Vec<String> = self
                .by_event
                .iter()
                .map(|(e, n)| format!("{e} {n}"))
                .collect();
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        let extras = [
            (
                self.duplicates,
                plural(self.duplicates, "duplicate", "duplicates"),
            ),
            (
                self.filtered,
                format!("{} not printed (--event)", self.filtered),
            ),
            (
                self.rejected,
                format!("{} rejected (--secret)", self.rejected),
            ),
            (self.too_large, format!("{} too large", self.too_large)),
            (self.bad, format!("{} unreadable", self.bad)),
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
    fn filter_by_event() {
        let mut t = Tally::new(vec!["update".into()]);
        assert!(!t.see(&cap("type=subscribe", Some("subscribe"))).1);
        assert!(t.see(&cap("type=update", Some("update"))).1);
        assert_eq!(t.filtered, 1);
    }
}
