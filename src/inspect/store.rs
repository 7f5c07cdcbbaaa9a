//! The deliveries the inspector keeps: the newest `keep`, in seq order, each with its summary
//! JSON made once, when first asked for (on the inspector's thread, never the catcher's; with
//! no page open, never).

use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::listen::render::summary_parts;
use crate::listen::{Answer, Capture, Seen};

/// One kept delivery.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) capture: Capture,
    pub(crate) seen: Seen,
    /// How it was answered; None for a saved line that does not say.
    pub(crate) answer: Option<Answer>,
    /// Its summary as JSON text, as `GET /api/deliveries` and the stream give it.
    summary: OnceLock<String>,
}

impl Entry {
    pub(crate) fn new(capture: Capture, seen: Seen, answer: Option<Answer>) -> Entry {
        Entry {
            capture,
            seen,
            answer,
            summary: OnceLock::new(),
        }
    }

    /// The summary, as JSON text (one line).
    pub(crate) fn summary(&self) -> &str {
        self.summary.get_or_init(|| {
            let s = Summary::of(&self.capture, self.seen, self.answer.as_ref());
            serde_json::to_string(&s).unwrap_or_default()
        })
    }

    /// The summary, to add to.
    pub(crate) fn summary_value(&self) -> Value {
        let s = Summary::of(&self.capture, self.seen, self.answer.as_ref());
        serde_json::to_value(&s).unwrap_or_default()
    }

    pub(crate) fn seq(&self) -> u64 {
        self.seen.seq
    }
}

/// The summary of one delivery: what a row of the page shows. Values are outside text, as
/// sent; the page shows them as text.
#[derive(serde::Serialize)]
struct Summary<'a> {
    seq: u64,
    received_at: String,
    method: &'a str,
    target: String,
    kind: Option<&'a str>,
    title: Option<String>,
    description: Option<String>,
    facts: Vec<String>,
    email: Option<&'a str>,
    status: Option<u16>,
    ms: Option<f64>,
    duplicate_of: Option<u64>,
    size: usize,
    content_type: Option<&'a str>,
}

impl<'a> Summary<'a> {
    fn of(cap: &'a Capture, seen: Seen, answer: Option<&Answer>) -> Summary<'a> {
        let (title, description, facts) = summary_parts(cap).unwrap_or_default();
        Summary {
            seq: seen.seq,
            received_at: cap
                .received_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
            method: &cap.method,
            target: cap.target(),
            kind: cap.kind(),
            title: (!title.is_empty()).then_some(title),
            description,
            facts,
            email: cap
                .body
                .tree()
                .and_then(|t| crate::form::get(t, &["contact", "email"]))
                .and_then(Value::as_str),
            status: answer.map(|a| a.status),
            ms: answer.map(|a| a.ms),
            duplicate_of: seen.duplicate_of,
            size: cap.raw.len(),
            content_type: cap.content_type.as_deref(),
        }
    }
}

/// How much memory the kept deliveries may take, as [`weight`] counts it: past it, the
/// oldest go before `keep` is reached, so a run of large bodies cannot take the machine's
/// memory. The newest delivery is always kept.
pub(crate) const KEEP_BYTES: usize = 256 * 1024 * 1024;

/// About what a kept delivery costs in memory: its raw body, and its decoded copy, whose
/// pairs and tree hold every key and value again with a few hundred bytes of bookkeeping
/// each (a form of 200,000 empty fields costs ~30 times its size).
pub(crate) fn weight(c: &Capture) -> usize {
    let decoded = match &c.body {
        crate::listen::Body::Form { pairs, .. } => pairs
            .iter()
            .map(|(k, v)| 2 * (k.len() + v.len()) + 320)
            .sum(),
        crate::listen::Body::Json(_) => 8 * c.raw.len(),
        _ => c.raw.len(),
    };
    c.raw.len() + decoded + 1024
}

/// The newest `keep` deliveries (fewer when their bodies pass `budget` bytes), oldest first.
#[derive(Debug)]
pub(crate) struct Store {
    keep: usize,
    budget: usize,
    bytes: usize,
    entries: VecDeque<Arc<Entry>>,
}

impl Store {
    pub(crate) fn new(keep: usize) -> Store {
        Store::with_budget(keep, KEEP_BYTES)
    }

    pub(crate) fn with_budget(keep: usize, budget: usize) -> Store {
        Store {
            keep: keep.max(1),
            budget,
            bytes: 0,
            entries: VecDeque::new(),
        }
    }

    /// Adds a delivery, dropping the oldest past `keep`. Seqs only grow: one that does not
    /// (a save file from another run, written out of order) is still kept, in place.
    pub(crate) fn push(&mut self, entry: Entry) {
        let at = self.entries.partition_point(|e| e.seq() <= entry.seq());
        self.bytes += weight(&entry.capture);
        self.entries.insert(at, Arc::new(entry));
        while self.entries.len() > self.keep || (self.bytes > self.budget && self.entries.len() > 1)
        {
            if let Some(old) = self.entries.pop_front() {
                self.bytes -= weight(&old.capture);
            }
        }
    }

    pub(crate) fn get(&self, seq: u64) -> Option<Arc<Entry>> {
        let at = self.entries.partition_point(|e| e.seq() < seq);
        self.entries.get(at).filter(|e| e.seq() == seq).cloned()
    }

    /// The entries after `seq`, oldest first.
    pub(crate) fn after(&self, seq: u64) -> Vec<Arc<Entry>> {
        let at = self.entries.partition_point(|e| e.seq() <= seq);
        self.entries.range(at..).cloned().collect()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn last_seq(&self) -> u64 {
        self.entries.back().map_or(0, |e| e.seq())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64) -> Entry {
        sized(seq, 0)
    }

    fn sized(seq: u64, size: usize) -> Entry {
        let capture = Capture {
            received_at: chrono::Local::now(),
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers: vec![],
            remote: "127.0.0.1:1".parse().unwrap(),
            content_type: None,
            raw: bytes::Bytes::from(vec![b'x'; size]),
            body: crate::listen::Body::Empty,
        };
        let seen = Seen {
            seq,
            duplicate_of: None,
        };
        Entry::new(capture, seen, None)
    }

    #[test]
    fn keeps_the_newest_in_seq_order() {
        let mut s = Store::new(3);
        for seq in [1, 2, 3, 4, 5] {
            s.push(entry(seq));
        }
        assert_eq!(s.len(), 3);
        let seqs: Vec<u64> = s.after(0).iter().map(|e| e.seq()).collect();
        assert_eq!(seqs, [3, 4, 5]);
        assert!(s.get(2).is_none());
        assert_eq!(s.get(4).map(|e| e.seq()), Some(4));
        assert_eq!(s.after(4).len(), 1);
        assert_eq!(s.last_seq(), 5);
        // Out of order is put in place.
        s.push(entry(4));
        let seqs: Vec<u64> = s.after(0).iter().map(|e| e.seq()).collect();
        assert_eq!(seqs, [4, 4, 5]);
    }

    #[test]
    fn a_form_of_many_small_fields_weighs_its_decoded_copy() {
        let raw: String = (0..1000).map(|i| format!("k{i}=&")).collect();
        let mut capture = sized(1, 0).capture;
        capture.raw = bytes::Bytes::from(raw);
        let ct = Some("application/x-www-form-urlencoded");
        capture.body = crate::listen::body::decode_now(ct, &capture.raw).unwrap();
        assert!(
            weight(&capture) > 30 * capture.raw.len(),
            "{}",
            weight(&capture)
        );
    }

    #[test]
    fn large_bodies_go_before_keep_is_reached_but_the_newest_stays() {
        let w = weight(&sized(1, 300).capture);
        let mut s = Store::with_budget(100, 3 * w + 10);
        for seq in 1..=5 {
            s.push(sized(seq, 300));
        }
        let seqs: Vec<u64> = s.after(0).iter().map(|e| e.seq()).collect();
        assert_eq!(seqs, [3, 4, 5]);
        s.push(sized(6, 50 * w));
        let seqs: Vec<u64> = s.after(0).iter().map(|e| e.seq()).collect();
        assert_eq!(seqs, [6]);
        s.push(sized(7, 10));
        assert_eq!(s.len(), 1, "{:?}", s.after(0).len());
    }
}
