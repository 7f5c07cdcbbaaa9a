//! Placeholder: replaced by the search module at merge.
use crate::listen::Capture;
pub(crate) struct Query(String);
impl Query {
    pub(crate) fn parse(q: &str) -> Query {
        Query(q.trim().to_lowercase())
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub(crate) fn matches(&self, cap: &Capture) -> bool {
        String::from_utf8_lossy(&cap.raw)
            .to_lowercase()
            .contains(&self.0)
    }
}
