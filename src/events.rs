//! The built-in table of ActiveCampaign's webhook events and sources.
//!
//! One table serves `events --offline`, validation of `--event`, the completions' value
//! descriptions, the interactive pickers, `trigger` and the sandbox. Pure data: no I/O.
//! Names are AC's, verbatim (reference §4.6); the 25 of `GET /webhook/events` plus
//! `contact_task_add` and the four `account_*` events.

/// What kind of object an event is about, for grouping in tables and pickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Contact,
    Campaign,
    Email,
    Deal,
    List,
    Sms,
    Account,
}

impl Group {
    /// Every group, in the order tables and pickers show them.
    pub const ALL: [Group; 7] = [
        Group::Contact,
        Group::Campaign,
        Group::Email,
        Group::Deal,
        Group::List,
        Group::Sms,
        Group::Account,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Contact => "contact",
            Group::Campaign => "campaign",
            Group::Email => "email",
            Group::Deal => "deal",
            Group::List => "list",
            Group::Sms => "sms",
            Group::Account => "account",
        }
    }
}

/// One webhook event AC knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// AC's name, as sent in `type=` and in the `events` array.
    pub name: &'static str,
    /// What happened, in a few words ("Contact added").
    pub description: &'static str,
    pub group: Group,
    /// Whether a webhook's `listid` restricts this event (reference §4.1 lists the ones it
    /// has no effect on).
    pub uses_list: bool,
}

const fn ev(name: &'static str, description: &'static str, group: Group, uses_list: bool) -> Event {
    Event {
        name,
        description,
        group,
        uses_list,
    }
}

/// All 30 known events, grouped, in the order they are shown.
pub const EVENTS: [Event; 30] = [
    ev("subscribe", "Contact added", Group::Contact, true),
    ev("unsubscribe", "Contact unsubscribed", Group::Contact, true),
    ev("update", "Contact updated", Group::Contact, true),
    ev(
        "subscriber_note",
        "Note added to a contact",
        Group::Contact,
        false,
    ),
    ev(
        "contact_tag_added",
        "Tag added to a contact",
        Group::Contact,
        false,
    ),
    ev(
        "contact_tag_removed",
        "Tag removed from a contact",
        Group::Contact,
        false,
    ),
    ev(
        "contact_task_add",
        "Task added to a contact",
        Group::Contact,
        false,
    ),
    ev("sent", "Campaign starts sending", Group::Campaign, true),
    ev("open", "Campaign opened", Group::Email, true),
    ev("click", "Campaign link clicked", Group::Email, true),
    ev("forward", "Campaign forwarded", Group::Email, true),
    ev("share", "Campaign shared", Group::Email, true),
    ev("reply", "Campaign replied to", Group::Email, true),
    ev("bounce", "Campaign bounced", Group::Email, true),
    ev("deal_add", "Deal added", Group::Deal, false),
    ev("deal_update", "Deal updated", Group::Deal, false),
    ev("deal_note_add", "Note added to a deal", Group::Deal, false),
    ev(
        "deal_pipeline_add",
        "Deal pipeline added",
        Group::Deal,
        false,
    ),
    ev("deal_stage_add", "Deal stage added", Group::Deal, false),
    ev("deal_task_add", "Task added to a deal", Group::Deal, false),
    ev(
        "deal_task_complete",
        "Deal task completed",
        Group::Deal,
        false,
    ),
    ev(
        "deal_tasktype_add",
        "Deal task type added",
        Group::Deal,
        false,
    ),
    ev("list_add", "List added", Group::List, false),
    ev("sms_sent", "SMS sent", Group::Sms, false),
    ev("sms_reply", "SMS replied to", Group::Sms, false),
    ev(
        "sms_unsub",
        "Contact unsubscribed from SMS",
        Group::Sms,
        false,
    ),
    ev("account_add", "Account added", Group::Account, false),
    ev("account_update", "Account updated", Group::Account, false),
    ev(
        "account_contact_add",
        "Contact added to an account",
        Group::Account,
        false,
    ),
    ev(
        "account_contact_update",
        "Account contact updated",
        Group::Account,
        false,
    ),
];

/// Looks an event up by AC's exact name.
pub fn find(name: &str) -> Option<&'static Event> {
    EVENTS.iter().find(|e| e.name == name)
}

/// The description of an event, or `None` for a name the table does not know (AC accounts
/// can have more, such as custom-object events).
pub fn describe(name: &str) -> Option<&'static str> {
    find(name).map(|e| e.description)
}

/// One of AC's webhook sources: who or what caused the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub name: &'static str,
    pub description: &'static str,
}

/// The four sources, in AC's order (reference §4.1).
pub const SOURCES: [Source; 4] = [
    Source {
        name: "public",
        description: "By a contact (subscribing, opening a campaign, ...)",
    },
    Source {
        name: "admin",
        description: "By an admin user, in AC's interface",
    },
    Source {
        name: "api",
        description: "By an API call",
    },
    Source {
        name: "system",
        description: "By system processes, such as automations",
    },
];

/// The closest known name to `input`, for "did you mean" hints.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(input, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_thirty_unique_snake_case_events() {
        let mut names: Vec<_> = EVENTS.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 30);
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
    }

    #[test]
    fn list_scoped_events_match_the_reference() {
        let scoped: Vec<_> = EVENTS
            .iter()
            .filter(|e| e.uses_list)
            .map(|e| e.name)
            .collect();
        assert_eq!(
            scoped,
            [
                "subscribe",
                "unsubscribe",
                "update",
                "sent",
                "open",
                "click",
                "forward",
                "share",
                "reply",
                "bounce"
            ]
        );
    }

    #[test]
    fn subscribe_is_contact_added() {
        assert_eq!(describe("subscribe"), Some("Contact added"));
        assert!(find("deal_task_add").is_some());
    }

    #[test]
    fn suggests_close_names_only() {
        let names = EVENTS.iter().map(|e| e.name);
        assert_eq!(suggest("subscibe", names.clone()), Some("subscribe"));
        assert_eq!(
            suggest("deal-task-add", names.clone()),
            Some("deal_task_add")
        );
        assert_eq!(suggest("zzzzzzzzzzzzzzzzzzzz", names), None);
    }
}
