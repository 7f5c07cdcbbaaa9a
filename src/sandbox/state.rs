//! The sandbox's data: its webhooks, the next id and the API key, plus saving them to and
//! loading them from the optional state file. Knows nothing of HTTP; the JSON it renders is
//! AC's resource shape, which [`super::api`] wraps in envelopes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The state file's format version, so that a later layout can tell old files apart.
const FORMAT: u32 = 1;

/// One webhook as the sandbox stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Hook {
    pub id: u64,
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
    pub sources: Vec<String>,
    pub listid: u64,
    pub cdate: String,
    /// AC deactivates a hook whose receiver answers 410. AC's API shows no such field, so
    /// this stays out of [`Hook::to_json`].
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Hook {
    /// AC's webhook object, keys in AC's order, ids and `listid` as strings.
    pub(super) fn to_json(&self) -> Value {
        json!({
            "cdate": self.cdate,
            "listid": self.listid.to_string(),
            "name": self.name,
            "url": self.url,
            "events": self.events,
            "sources": self.sources,
            "links": [],
            "id": self.id.to_string(),
        })
    }
}

/// Everything that survives a restart when a state file is given.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct State {
    #[serde(default)]
    pub format: u32,
    pub api_key: String,
    pub next_id: u64,
    /// Kept sorted by id: ids only grow, so appending keeps the order.
    pub webhooks: Vec<Hook>,
}

impl State {
    fn new(api_key: String) -> State {
        State {
            format: FORMAT,
            api_key,
            next_id: 1,
            webhooks: Vec::new(),
        }
    }

    pub(super) fn hook(&self, id: u64) -> Option<&Hook> {
        self.position(id).map(|i| &self.webhooks[i])
    }

    pub(super) fn hook_mut(&mut self, id: u64) -> Option<&mut Hook> {
        self.position(id).map(|i| &mut self.webhooks[i])
    }

    pub(super) fn remove(&mut self, id: u64) -> bool {
        match self.position(id) {
            Some(i) => {
                self.webhooks.remove(i);
                true
            }
            None => false,
        }
    }

    /// Gives `hook` the next id, stores it and returns the id.
    pub(super) fn insert(&mut self, mut hook: Hook) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        hook.id = id;
        self.webhooks.push(hook);
        id
    }

    fn position(&self, id: u64) -> Option<usize> {
        self.webhooks.binary_search_by_key(&id, |h| h.id).ok()
    }

    /// Restores the invariants a hand-edited or older file may break.
    fn normalise(&mut self) {
        self.webhooks.sort_by_key(|h| h.id);
        self.webhooks.dedup_by_key(|h| h.id);
        let after_last = self.webhooks.last().map_or(1, |h| h.id + 1);
        self.next_id = self.next_id.max(after_last);
        self.format = FORMAT;
    }
}

/// The state behind a lock, saved to `file` after every committed change.
pub(super) struct Store {
    state: Mutex<State>,
    file: Option<PathBuf>,
    save_error: Mutex<Option<String>>,
}

impl Store {
    /// Loads `file` if it exists (its key wins over `api_key`), otherwise starts empty and
    /// writes the file at once, so that a restart serves the same key even if nothing changed.
    pub(super) fn open(api_key: String, file: Option<PathBuf>) -> anyhow::Result<Store> {
        let state = match &file {
            Some(path) => match std::fs::read(path) {
                Ok(bytes) => {
                    let mut state: State = serde_json::from_slice(&bytes).with_context(|| {
                        format!("could not parse state file {}", path.display())
                    })?;
                    state.normalise();
                    state
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let state = State::new(api_key);
                    save(path, &state)?;
                    state
                }
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("could not read state file {}", path.display()));
                }
            },
            None => State::new(api_key),
        };
        anyhow::ensure!(
            !state.api_key.is_empty(),
            "the sandbox needs a non-empty API key"
        );
        Ok(Store {
            state: Mutex::new(state),
            file,
            save_error: Mutex::new(None),
        })
    }

    /// Reads the state under the lock.
    pub(super) fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&lock(&self.state))
    }

    /// Applies `f` to a copy of the state; if it succeeds, saves the copy and only then makes
    /// it current, so a failed save never leaves memory and file disagreeing. The lock is
    /// held across the (small, blocking) write so that saves cannot overtake one another.
    pub(super) fn update<R, E>(
        &self,
        f: impl FnOnce(&mut State) -> Result<R, E>,
    ) -> Result<Result<R, E>, anyhow::Error> {
        let mut current = lock(&self.state);
        let mut next = current.clone();
        let out = match f(&mut next) {
            Ok(out) => out,
            Err(e) => return Ok(Err(e)),
        };
        if let Some(path) = &self.file {
            let saved = save(path, &next);
            *lock(&self.save_error) = saved.as_ref().err().map(|e| format!("{e:#}"));
            saved?;
        }
        *current = next;
        Ok(Ok(out))
    }

    /// Marks webhook `id` active or not; true when that changed something and was saved.
    /// An unknown id, or one already in that state, changes (and saves) nothing.
    pub(super) fn set_active(&self, id: u64, active: bool) -> bool {
        let changed = self.update(|s| match s.hook_mut(id) {
            Some(h) if h.active != active => {
                h.active = active;
                Ok(())
            }
            _ => Err(()),
        });
        matches!(changed, Ok(Ok(())))
    }

    /// The last save failure, cleared by the next successful save.
    #[cfg(test)]
    pub(super) fn save_error(&self) -> Option<String> {
        lock(&self.save_error).clone()
    }
}

/// Writes `state` atomically and owner-only (it holds the key).
fn save(path: &Path, state: &State) -> anyhow::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(state).context("could not encode sandbox state")?;
    bytes.push(b'\n');
    let written = crate::fsutil::write_private_atomic(path, &bytes);
    written.with_context(|| format!("could not write state file {}", path.display()))
}

// Every critical section here leaves the data consistent even if a holder panicked.
pub(super) use crate::sync::lock;

/// The account's contact custom fields: the ids the samples' `contact[fields][N]` use, and a
/// personalisation tag each (what automation bodies key them by).
pub(super) fn fields() -> Vec<Value> {
    [
        (1, "Favorite color", "FAVORITE_COLOR"),
        (2, "Interests", "INTERESTS"),
        (3, "Contact owner", "CONTACT_OWNER"),
        (4, "UTM source", "UTM_SOURCE"),
    ]
    .into_iter()
    .map(|(id, title, perstag)| {
        json!({"id": id.to_string(), "title": title, "perstag": perstag, "type": "text"})
    })
    .collect()
}

/// The three lists every sandbox has, as `GET /lists` shows them.
pub(super) fn lists() -> Vec<Value> {
    [
        (1, "Newsletter", "newsletter"),
        (2, "Customers", "customers"),
        (3, "Trial users", "trial-users"),
    ]
    .into_iter()
    .map(|(id, name, stringid)| {
        json!({
            "id": id.to_string(),
            "name": name,
            "stringid": stringid,
            "cdate": "2024-01-15T09:00:00-00:00",
            "udate": null,
            "userid": "1",
            "user": "1",
            "private": "0",
            "links": {},
        })
    })
    .collect()
}

/// The user `GET /users/me` answers with.
pub(super) fn me() -> Value {
    json!({
        "user": {
            "username": "sandbox",
            "firstName": "Sandy",
            "lastName": "Box",
            "email": "sandbox@example.com",
            "phone": "",
            "signature": null,
            "links": {},
            "id": "1",
        }
    })
}

/// Now, in AC's date format (ISO 8601 with a `-05:00`-style offset).
pub(super) fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}
