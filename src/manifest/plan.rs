//! The plan of `acwh apply`: what it takes to make the account's webhooks match the file.
//! Pure: webhooks in, a plan (and its renderings) out; `cmd::apply` carries it out.
//!
//! The name is a webhook's identity: an entry matches the account's webhook of the same name
//! (ignoring spaces around it). Then url, events, sources and list are compared; events and
//! sources as sets, since AC may give them back in another order.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::Redactor;
use crate::api::webhooks::{Webhook, WebhookSpec};
use crate::output::Palette;

/// One write, in the order they are carried out: file order for creates and updates, then
/// deletes in the account's order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    Create(WebhookSpec),
    /// PUT the whole `spec` to webhook `id`.
    Update {
        id: String,
        spec: WebhookSpec,
        changes: Vec<Change>,
    },
    Delete {
        id: String,
        name: String,
    },
}

impl Action {
    pub(crate) fn verb(&self) -> &'static str {
        match self {
            Action::Create(_) => "create",
            Action::Update { .. } => "update",
            Action::Delete { .. } => "delete",
        }
    }

    pub(crate) fn name(&self) -> &str {
        match self {
            Action::Create(s) | Action::Update { spec: s, .. } => &s.name,
            Action::Delete { name, .. } => name,
        }
    }

    /// The account's id of the webhook, `None` before it is created.
    pub(crate) fn id(&self) -> Option<&str> {
        match self {
            Action::Create(_) => None,
            Action::Update { id, .. } | Action::Delete { id, .. } => Some(id),
        }
    }

    /// The plan's view of the action, without its outcome.
    pub(crate) fn to_json(&self, r: &Redactor) -> Value {
        let mut v = json!({"action": self.verb(), "name": r.apply(self.name())});
        if let Some(id) = self.id() {
            v["id"] = json!(id);
        }
        match self {
            Action::Create(spec) => v["webhook"] = r.value(&fields(spec)),
            Action::Update { changes, .. } => {
                let map = changes
                    .iter()
                    .map(|c| {
                        (
                            c.field.to_string(),
                            json!({"old": r.value(&c.old), "new": r.value(&c.new)}),
                        )
                    })
                    .collect::<serde_json::Map<_, _>>();
                v["changes"] = Value::Object(map);
            }
            Action::Delete { .. } => {}
        }
        v
    }
}

/// One field that differs: its old value (the account's) and its new one (the file's).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// A webhook of the account, by id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Existing {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Plan {
    pub actions: Vec<Action>,
    pub unchanged: Vec<Existing>,
    /// In the account but not in the file, and left alone (no `--prune`).
    pub kept: Vec<Existing>,
}

/// Several account webhooks share the name of one entry: there is no telling which one the
/// entry means. Each name, with the ids that carry it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", ambiguity_message(.0))]
pub(crate) struct Ambiguous(pub Vec<(String, Vec<String>)>);

fn ambiguity_message(names: &[(String, Vec<String>)]) -> String {
    let each: Vec<String> = names
        .iter()
        .map(|(n, ids)| {
            format!(
                "{} webhooks named '{n}' (ids {})",
                ids.len(),
                ids.join(", ")
            )
        })
        .collect();
    format!(
        "the account has {}, and the file has one: apply matches webhooks by name, so it cannot tell which one the file means. Delete the extra one (`acwh delete ID`) or rename it (`acwh update ID --name NEW`), then apply again",
        each.join(" and ")
    )
}

/// Compares the file's webhooks with the account's. `prune` also deletes the account's
/// webhooks that the file does not name.
pub(crate) fn plan(
    desired: &[WebhookSpec],
    current: &[Webhook],
    prune: bool,
) -> Result<Plan, Ambiguous> {
    let named = |name: &str| -> Vec<&Webhook> {
        current.iter().filter(|w| w.name.trim() == name).collect()
    };
    let ambiguous: Vec<(String, Vec<String>)> = desired
        .iter()
        .filter_map(|spec| {
            let same = named(&spec.name);
            (same.len() > 1).then(|| {
                (
                    spec.name.clone(),
                    same.iter().map(|w| w.id.clone()).collect(),
                )
            })
        })
        .collect();
    if !ambiguous.is_empty() {
        return Err(Ambiguous(ambiguous));
    }
    let mut plan = Plan::default();
    for spec in desired {
        match named(&spec.name).first() {
            None => plan.actions.push(Action::Create(spec.clone())),
            Some(w) => {
                let changes = diff(w, spec);
                if changes.is_empty() {
                    plan.unchanged.push(existing(w));
                } else {
                    plan.actions.push(Action::Update {
                        id: w.id.clone(),
                        spec: spec.clone(),
                        changes,
                    });
                }
            }
        }
    }
    for w in current {
        if desired.iter().any(|s| s.name == w.name.trim()) {
            continue;
        }
        if prune {
            plan.actions.push(Action::Delete {
                id: w.id.clone(),
                name: w.name.clone(),
            });
        } else {
            plan.kept.push(existing(w));
        }
    }
    Ok(plan)
}

fn existing(w: &Webhook) -> Existing {
    Existing {
        id: w.id.clone(),
        name: w.name.clone(),
    }
}

/// The fields of `spec` that differ from `w`.
fn diff(w: &Webhook, spec: &WebhookSpec) -> Vec<Change> {
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
    let mut out = Vec::new();
    let mut field = |field, differs: bool, old: Value, new: Value| {
        if differs {
            out.push(Change { field, old, new });
        }
    };
    // Only spaces around the name can differ here; the PUT tidies them.
    field("name", w.name != spec.name, json!(w.name), json!(spec.name));
    field("url", w.url != spec.url, json!(w.url), json!(spec.url));
    field(
        "events",
        set(&w.events) != set(&spec.events),
        json!(w.events),
        json!(spec.events),
    );
    field(
        "sources",
        set(&w.sources) != set(&spec.sources),
        json!(w.sources),
        json!(spec.sources),
    );
    field(
        "list",
        w.list_number() != spec.listid,
        json!(w.list_number()),
        json!(spec.listid),
    );
    out
}

fn fields(spec: &WebhookSpec) -> Value {
    json!({
        "name": spec.name,
        "url": spec.url,
        "events": spec.events,
        "sources": spec.sources,
        "list": spec.listid,
    })
}

impl Redactor {
    /// `apply` on every string inside a JSON value.
    pub(crate) fn value(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.apply(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.value(x)).collect()),
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, x)| (k.clone(), self.value(x))).collect())
            }
            other => other.clone(),
        }
    }
}

impl Plan {
    /// Whether anything would be written.
    pub(crate) fn pending(&self) -> bool {
        !self.actions.is_empty()
    }

    pub(crate) fn count(&self, verb: &str) -> usize {
        self.actions.iter().filter(|a| a.verb() == verb).count()
    }

    pub(crate) fn deletes(&self) -> impl Iterator<Item = &Action> {
        self.actions
            .iter()
            .filter(|a| matches!(a, Action::Delete { .. }))
    }

    /// `Plan: 1 to create, 0 to update, 0 to delete, 2 unchanged`.
    pub(crate) fn summary(&self) -> String {
        format!(
            "Plan: {} to create, {} to update, {} to delete, {} unchanged",
            self.count("create"),
            self.count("update"),
            self.count("delete"),
            self.unchanged.len()
        )
    }

    /// The plan for a terminal or a log: `+ create`, `~ update` with `- old` / `+ new` per
    /// field, `- delete`, `= N unchanged`, then the summary line.
    pub(crate) fn render(&self, p: &Palette, r: &Redactor) -> String {
        // Names, URLs and the account's values come from the file and from AC.
        let r = |s: &str| r.shown(s);
        let mut out = String::new();
        let row = |out: &mut String, label: &str, text: &str| {
            out.push_str(&format!("    {} {text}\n", p.key(&format!("{label:<8}"))));
        };
        for a in &self.actions {
            let id = a.id().map(|i| format!(" (id {i})")).unwrap_or_default();
            let name = r(a.name());
            match a {
                Action::Create(spec) => {
                    out.push_str(&format!("{} {}\n", p.value("+ create"), p.bold(&name)));
                    for (k, v) in fields(spec).as_object().into_iter().flatten().skip(1) {
                        row(&mut out, k, &r(&shown(v)));
                    }
                }
                Action::Update { changes, .. } => {
                    out.push_str(&format!("{} {}{id}\n", p.warn("~ update"), p.bold(&name)));
                    for c in changes {
                        row(
                            &mut out,
                            c.field,
                            &p.error(&format!("- {}", r(&shown(&c.old)))),
                        );
                        row(&mut out, "", &p.value(&format!("+ {}", r(&shown(&c.new)))));
                    }
                }
                Action::Delete { .. } => {
                    out.push_str(&format!("{} {}{id}\n", p.error("- delete"), p.bold(&name)));
                }
            }
        }
        if !self.unchanged.is_empty() {
            out.push_str(&p.dim(&format!("= {} unchanged\n", self.unchanged.len())));
        }
        if !self.kept.is_empty() {
            let names: Vec<String> = self
                .kept
                .iter()
                .map(|e| format!("{} (id {})", r(&e.name), e.id))
                .collect();
            out.push_str(&format!(
                "  {} in the account but not in the file, left alone (--prune deletes them): {}\n",
                self.kept.len(),
                names.join(", ")
            ));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
}

/// A field's value as one line: lists comma-separated.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
