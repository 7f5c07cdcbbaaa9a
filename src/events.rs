//! The built-in table of ActiveCampaign's webhook events and sources.
//!
//! One table serves `events --offline`, validation of `--event`, the completions' value
//! descriptions, the interactive pickers, `trigger` and the sandbox. Pure data: no I/O.
//! Names are AC's, verbatim: the 25 that `GET /webhook/events` documents plus
//! `contact_task_add` and the four `account_*` events (docs/activecampaign.md#the-event-list).
//! Nothing else states how many there are: count [`EVENTS`].

/// What kind of object an event is about, for grouping in tables and pickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
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
    pub(crate) const ALL: [Group; 7] = [
        Group::Contact,
        Group::Campaign,
        Group::Email,
        Group::Deal,
        Group::List,
        Group::Sms,
        Group::Account,
    ];

    pub(crate) fn label(self) -> &'static str {
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
    pub(crate) description: &'static str,
    pub(crate) group: Group,
    /// Whether a webhook's `listid` restricts this event (AC names the ones it has no effect
    /// on: docs/activecampaign.md#the-list-filter).
    pub(crate) uses_list: bool,
}

const fn ev(name: &'static str, description: &'static str, group: Group, uses_list: bool) -> Event {
    Event {
        name,
        description,
        group,
        uses_list,
    }
}

/// All known events, grouped, in the order they are shown.
pub const EVENTS: &[Event] = &[
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
pub(crate) fn find(name: &str) -> Option<&'static Event> {
    EVENTS.iter().find(|e| e.name == name)
}

/// The description of an event, or `None` for a name the table does not know (AC accounts
/// can have more, such as custom-object events).
pub(crate) fn describe(name: &str) -> Option<&'static str> {
    find(name).map(|e| e.description)
}

/// One of AC's webhook sources: who or what caused the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source {
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
}

/// The four sources, in AC's order (docs/activecampaign.md#event-sources).
pub(crate) const SOURCES: [Source; 4] = [
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
pub(crate) fn suggest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
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
    fn table_has_unique_snake_case_events() {
        let mut names: Vec<_> = EVENTS.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EVENTS.len());
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
    }

    /// The table holds exactly the documented list and the five events known besides it
    /// (docs/activecampaign.md#the-event-list), so its size is pinned without a number.
    #[test]
    fn table_is_the_documented_events_plus_the_known_extras() {
        let documented = [
            "bounce",
            "click",
            "contact_tag_added",
            "contact_tag_removed",
            "deal_add",
            "deal_note_add",
            "deal_pipeline_add",
            "deal_stage_add",
            "deal_task_add",
            "deal_task_complete",
            "deal_tasktype_add",
            "deal_update",
            "forward",
            "list_add",
            "open",
            "reply",
            "sent",
            "share",
            "sms_reply",
            "sms_sent",
            "sms_unsub",
            "subscribe",
            "subscriber_note",
            "unsubscribe",
            "update",
        ];
        let extras = [
            "contact_task_add",
            "account_add",
            "account_update",
            "account_contact_add",
            "account_contact_update",
        ];
        let mut expected: Vec<&str> = documented.into_iter().chain(extras).collect();
        expected.sort_unstable();
        let mut names: Vec<&str> = EVENTS.iter().map(|e| e.name).collect();
        names.sort_unstable();
        assert_eq!(names, expected);
    }

    /// The events the list filter applies to: all but those AC's reference exempts
    /// (docs/activecampaign.md#the-list-filter).
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
