//! The one way shared state is locked: a lock a panicking thread poisoned still holds good
//! data (counts, a queue, a flag), so it is used, never unwrapped into a second panic.

use std::sync::{Mutex, MutexGuard};

/// The guard, poisoned or not.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
