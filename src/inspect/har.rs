//! Placeholder: replaced by the HAR module at merge.
use crate::listen::{Answer, Capture, Seen};
pub(crate) struct Entry<'a> {
    pub(crate) capture: &'a Capture,
    pub(crate) seen: Seen,
    pub(crate) answer: Option<&'a Answer>,
}
pub(crate) fn har(entries: &[Entry<'_>], base: &str) -> serde_json::Value {
    let _ = (
        entries.len(),
        base,
        entries
            .first()
            .map(|e| (e.capture.raw.len(), e.seen.seq, e.answer.is_some())),
    );
    serde_json::json!({"log": {"version": "1.2", "entries": []}})
}
