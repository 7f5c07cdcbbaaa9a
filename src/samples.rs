//! Sample webhook bodies for every known event, shaped like AC's real deliveries (what AC's own
//! "Send Sample Data" button posts is not public: docs/activecampaign.md#send-sample-data).
//!
//! Owns the data behind `acwh trigger EVENT` and the local AC stand-in: for each event of
//! [`crate::events::EVENTS`], the ordered (key, value) pairs of the form body, with AC's
//! PHP-style bracket keys (`contact[email]`) left unencoded (encoding happens where the body
//! is sent). Pure: no I/O, and the only input besides the event name is [`SampleOptions`].
//!
//! The tables follow docs/activecampaign.md, which gives each event's evidence and public
//! sources under a heading named after the event (`#subscribe`, `#deal_update`, ...). Blocks
//! that several events share are defined once, and the `SAMPLES` table lists which blocks each
//! event gets, in the order AC sends them, so a reviewer can hold one against the other. Where
//! a real body was captured the sample follows its keys and order (`Provenance::Captured`);
//! elsewhere the field names come from consumer code (`Provenance::ConsumerCode`) or from
//! third-party descriptions, the AsyncAPI model and Hoppelite's structs
//! (`Provenance::Inferred`). Values nobody has shown or documented are listed in `GUESSED`,
//! so `trigger --print` can say so. docs/activecampaign.md#key-order lists every sample's keys
//! in order, and a test holds the two together.
//!
//! Values are invented but coherent: one contact (id 42, Jane Doe) who belongs to one account
//! (id 7, Example Inc), one deal (id 27) of hers, one campaign (id 12). Fixed dates use the
//! `-06:00` offset of the captured samples; only the envelope's `date_time` is "now".

use chrono::{DateTime, FixedOffset, SecondsFormat};

use crate::events;
use Provenance::{Captured, ConsumerCode, Inferred};

/// How well a sample's keys are known (docs/activecampaign.md#evidence-classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Provenance {
    /// Rebuilt from a real delivery's body, captured in that year.
    Captured(u16),
    /// Key names read by public code that handles AC's real deliveries; no values, no order.
    ConsumerCode,
    /// Described by a third party without a capture behind it, or acwh's own guess.
    Inferred,
}

impl Provenance {
    /// `captured 2024`, `consumer-code`, `inferred`: as `events --offline` and the docs say it.
    pub(crate) fn label(self) -> String {
        match self {
            Captured(year) => format!("captured {year}"),
            ConsumerCode => "consumer-code".into(),
            Inferred => "inferred".into(),
        }
    }

    /// The class alone, for `--json`.
    pub(crate) fn class(self) -> &'static str {
        match self {
            Captured(_) => "captured",
            ConsumerCode => "consumer-code",
            Inferred => "inferred",
        }
    }

    /// The capture's year, when there is one.
    pub(crate) fn year(self) -> Option<u16> {
        match self {
            Captured(year) => Some(year),
            _ => None,
        }
    }
}

/// What the caller may set in a sample; everything else is fixed data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// `initiated_from`; None = the usual source for the event.
    pub source: Option<String>,
    /// `list`; None = 0, or 1 for events that use a list (events::Event::uses_list).
    pub list: Option<u64>,
    /// `date_time`, formatted as ISO 8601 with offset, seconds precision, e.g. 2026-11-23T19:32:45+00:00.
    pub now: DateTime<FixedOffset>,
}

/// One block of a body: (key, value) pairs in the order AC sends them.
type Block = &'static [(&'static str, &'static str)];

// ---------------------------------------------------------------------------------------------
// Contact blocks (docs/activecampaign.md#the-contact-block). Two captured shapes exist, and
// they order the keys differently: the 2017 GearPlug captures (subscribe, deal_add) and the
// 2024 Activepieces ones (update, contact_tag_added, ...). Each event keeps the shape of the
// capture it comes from; third-party events use the 2024 shape, the current one.
// ---------------------------------------------------------------------------------------------

/// The 2017 shape (subscribe, unsubscribe): no `customer_acct_name`, `ip` last. The 2017
/// captures kept no key order, so this order is ours.
/// A new contact has no tags yet. The ip is a documentation address: the contact came
/// through a public form (the captures, made by an admin, show `0.0.0.0`).
const CONTACT_2017: Block = &[
    ("contact[id]", "42"),
    ("contact[email]", "jane.doe@example.com"),
    ("contact[first_name]", "Jane"),
    ("contact[last_name]", "Doe"),
    ("contact[phone]", "+1 312 555 0142"),
    ("contact[tags]", ""),
    ("contact[orgname]", ""),
    ("contact[ip]", "203.0.113.24"),
];

/// The 2024 shape, first part (update, contact_tag_added): `ip` before `tags`, and tags
/// as one comma-separated string. Followed by [`CONTACT_FIELDS`] when the contact has custom
/// fields, then by [`CONTACT_ACCT`] or [`CONTACT_ACCT_LINKED`].
const CONTACT: Block = &[
    ("contact[id]", "42"),
    ("contact[email]", "jane.doe@example.com"),
    ("contact[first_name]", "Jane"),
    ("contact[last_name]", "Doe"),
    ("contact[phone]", "+1 312 555 0142"),
    ("contact[ip]", "203.0.113.24"),
    ("contact[tags]", "vip, newsletter"),
];

/// Custom fields, keyed by numeric field id as the 2017 captures show (later captures went
/// through parsers that dropped the ids).
/// Real bodies carry every custom field of the account, empty ones included; these are the
/// four the sandbox serves at `/api/3/fields` (Favorite color, Interests, Contact owner, UTM
/// source), so `listen --field-names` can name them. Field 2 is a multi-select, whose values
/// AC wraps in `||` (docs/activecampaign.md#the-form-body).
const CONTACT_FIELDS: Block = &[
    ("contact[fields][1]", "Blue"),
    ("contact[fields][2]", "||Webinars||Product news||"),
    ("contact[fields][3]", "Alex Morgan"),
    ("contact[fields][4]", "newsletter"),
];

/// The same fields for a contact who just filled in a public form: what the form asked is
/// set, the rest is sent empty (subscribe).
const CONTACT_FIELDS_NEW: Block = &[
    ("contact[fields][1]", "Blue"),
    ("contact[fields][2]", ""),
    ("contact[fields][3]", ""),
    ("contact[fields][4]", "newsletter"),
];

/// The 2024 shape, last part, for a contact in no account (as captured for update).
const CONTACT_ACCT: Block = &[
    ("contact[customer_acct_name]", ""),
    ("contact[orgname]", ""),
];

/// The 2024 shape, last part, for a contact in account 7 (account_contact_* events; inferred:
/// the captures only show contacts without an account).
const CONTACT_ACCT_LINKED: Block = &[
    ("contact[customer_acct_name]", "Example Inc"),
    ("contact[orgname]", "Example Inc"),
];

// ---------------------------------------------------------------------------------------------
// Extra top-level keys that follow the contact block (docs/activecampaign.md#the-envelope).
// ---------------------------------------------------------------------------------------------

/// After the 2017 contact block (subscribe, unsubscribe).
const ORGNAME: Block = &[("orgname", "")];

/// After the 2024 contact block, for a contact in no account (update, contact_tag_added, the
/// deal events).
const CUSTOMER_ACCT: Block = &[
    ("customer_acct_name", ""),
    ("customer_acct_id", "0"),
    ("orgname", ""),
];

/// The same for a contact in account 7 (inferred).
const CUSTOMER_ACCT_LINKED: Block = &[
    ("customer_acct_name", "Example Inc"),
    ("customer_acct_id", "7"),
    ("orgname", "Example Inc"),
];

/// AC's own account number (captured on unsubscribe in 2017; the AsyncAPI model's open and
/// click).
const ACCOUNT_ID: Block = &[("account_id", "650321")];

// ---------------------------------------------------------------------------------------------
// Contact event extras (docs/activecampaign.md#tasks-notes-tags-and-changed-fields).
// ---------------------------------------------------------------------------------------------

/// subscriber_note: a plain `note` key, not a block.
const CONTACT_NOTE: Block = &[("note", "Prefers email over phone calls.")];

/// contact_tag_added: a plain `tag` key; the tag is already in `contact[tags]`.
const TAG_ADDED: Block = &[("tag", "vip")];

/// contact_tag_removed: same shape (assumed); the tag is gone from `contact[tags]`.
const TAG_REMOVED: Block = &[("tag", "trial")];

/// A task on the contact, in the order of the contact_task_add capture (`type_title` last).
const CONTACT_TASK: Block = &[
    ("task[id]", "30"),
    ("task[type_id]", "2"),
    ("task[title]", "Send onboarding guide"),
    ("task[note]", "Include the webinar schedule."),
    ("task[duedate]", "2026-11-24 10:00:00"),
    ("task[duedate_iso]", "2026-11-24T10:00:00-06:00"),
    ("task[edate]", "2026-11-24 10:15:00"),
    ("task[edate_iso]", "2026-11-24T10:15:00-06:00"),
    ("task[type_title]", "Email"),
];

/// Why a contact unsubscribed (consumer-code: docs/activecampaign.md#unsubscribe).
const UNSUBSCRIBE: Block = &[("unsubscribe[reason]", "Too many emails")];

// ---------------------------------------------------------------------------------------------
// Campaign and email blocks (docs/activecampaign.md#the-campaign-block): none captured.
// ---------------------------------------------------------------------------------------------

/// The campaign. Status 2 is "sending" in AC's campaign status codes: the events come
/// while the campaign goes out.
const CAMPAIGN: Block = &[
    ("campaign[id]", "12"),
    ("campaign[name]", "November newsletter"),
    ("campaign[status]", "2"),
    ("campaign[type]", "single"),
    ("campaign[recipients]", "1250"),
    ("campaign[message][id]", "15"),
    ("campaign[message][subject]", "Your November update"),
    (
        "campaign[webcopy_url]",
        "https://example.activehosted.com/index.php?action=social&chash=c20ad4d76fe97759aa27a0c99bff6710.15",
    ),
];

/// click: the link clicked (docs/activecampaign.md#click).
const LINK: Block = &[
    ("link[id]", "34"),
    ("link[url]", "https://www.example.com/pricing"),
];

/// forward (docs/activecampaign.md#forward).
const FORWARD: Block = &[("forward[count]", "1")];

/// share (docs/activecampaign.md#share).
const SHARE: Block = &[
    ("share[network]", "facebook"),
    ("share[network_id]", "1"),
    (
        "share[content]",
        "Worth a read: the November update from Example Inc",
    ),
];

/// reply: plain `result` and `message` keys (docs/activecampaign.md#reply). What `result`
/// holds is not described anywhere; "success" is a guess.
const REPLY: Block = &[
    ("result", "success"),
    ("message", "Thanks! Could you send me the pricing sheet?"),
];

/// bounce (docs/activecampaign.md#bounce): a hard bounce with its SMTP status.
const BOUNCE: Block = &[
    ("bounce[type]", "hard"),
    ("bounce[code]", "5.1.1"),
    (
        "bounce[description]",
        "The email account that you tried to reach does not exist",
    ),
];

// ---------------------------------------------------------------------------------------------
// Deal blocks (docs/activecampaign.md#the-deal-block and the deal_* events).
// ---------------------------------------------------------------------------------------------

/// The deal, in the key order of the 2024 captures. `value` is formatted with thousands
/// separators, `value_raw` is the bare number (docs/activecampaign.md#the-form-body). Its
/// contact is [`CONTACT`]'s, its organisation is account 7.
const DEAL: Block = &[
    ("deal[id]", "27"),
    ("deal[title]", "Example Inc annual plan"),
    ("deal[create_date]", "2026-11-02 09:14:05"),
    ("deal[create_date_iso]", "2026-11-02T09:14:05-06:00"),
    ("deal[orgid]", "7"),
    ("deal[orgname]", "Example Inc"),
    ("deal[stageid]", "2"),
    ("deal[stage_title]", "Qualified"),
    ("deal[pipelineid]", "1"),
    ("deal[pipeline_title]", "Sales Pipeline"),
    ("deal[value]", "12,500.00"),
    ("deal[value_raw]", "12500"),
    ("deal[currency]", "usd"),
    ("deal[currency_symbol]", "$"),
    ("deal[owner]", "1"),
    ("deal[owner_firstname]", "Alex"),
    ("deal[owner_lastname]", "Morgan"),
    ("deal[contactid]", "42"),
    ("deal[contact_email]", "jane.doe@example.com"),
    ("deal[contact_firstname]", "Jane"),
    ("deal[contact_lastname]", "Doe"),
    ("deal[status]", "0"),
];

/// Deal custom fields, `deal[fields][i][id|key|value]` with the label as key
/// (the 2024 captures: deal_update, deal_task_add, deal_note_add).
const DEAL_FIELDS: Block = &[
    ("deal[fields][0][id]", "1"),
    ("deal[fields][0][key]", "Forecasted Close Date"),
    ("deal[fields][0][value]", "2026-12-15 00:00:00"),
];

/// deal_update: names of the changed fields, as in the 2024 capture: one, the deal's value
/// (docs/activecampaign.md#deal_update).
const DEAL_UPDATED_FIELDS: Block = &[("updated_fields[0]", "value")];

/// deal_note_add: a `note[...]` block, unlike subscriber_note's plain key.
const DEAL_NOTE: Block = &[
    ("note[id]", "14"),
    ("note[text]", "Jane asked for a quote for 25 seats."),
];

/// A task on the deal, in the order of the 2024 deal_task_add capture: `type_title` last,
/// as on contact tasks (docs/activecampaign.md#deal_task_add).
const DEAL_TASK: Block = &[
    ("task[id]", "31"),
    ("task[type_id]", "1"),
    ("task[title]", "Follow-up call"),
    ("task[note]", "Walk Jane through the quote."),
    ("task[duedate]", "2026-11-25 11:00:00"),
    ("task[duedate_iso]", "2026-11-25T11:00:00-06:00"),
    ("task[edate]", "2026-11-25 11:15:00"),
    ("task[edate_iso]", "2026-11-25T11:15:00-06:00"),
    ("task[type_title]", "Call"),
];

/// deal_task_complete: when the task was done.
const TASK_DONE: Block = &[
    ("task[donedate]", "2026-11-25 11:20:13"),
    ("task[donedate_iso]", "2026-11-25T11:20:13-06:00"),
];

/// deal_pipeline_add (docs/activecampaign.md#deal_pipeline_add).
const PIPELINE: Block = &[("pipeline[id]", "2"), ("pipeline[title]", "Partnerships")];

/// deal_stage_add (docs/activecampaign.md#deal_stage_add). AC stores colours as bare hex.
const STAGE: Block = &[
    ("stage[id]", "6"),
    ("stage[title]", "Proposal sent"),
    ("stage[color]", "32B0FC"),
];

/// deal_tasktype_add (docs/activecampaign.md#deal_tasktype_add).
const TASKTYPE: Block = &[("tasktype[id]", "4"), ("tasktype[title]", "Demo")];

// ---------------------------------------------------------------------------------------------
// List, SMS and account blocks.
// ---------------------------------------------------------------------------------------------

/// list_add: the new list (docs/activecampaign.md#list_add). Next to the envelope's scalar
/// `list`, so `list` is both a value and a parent in the body; whether AC sends the scalar
/// too is not known, and the decoder must cope with both anyway.
const LIST: Block = &[
    ("list[id]", "3"),
    ("list[userid]", "1"),
    ("list[name]", "Webinar attendees"),
    ("list[sender_addr1]", "123 Example Street"),
    ("list[sender_addr2]", "Suite 400"),
    ("list[sender_city]", "Chicago"),
    ("list[sender_zip]", "60601"),
    ("list[sender_state]", "IL"),
    ("list[sender_country]", "United States"),
    (
        "list[fulladdress]",
        "Example Inc, 123 Example Street, Suite 400, Chicago, IL 60601, United States",
    ),
    ("list[sender_url]", "https://www.example.com"),
    (
        "list[sender_reminder]",
        "You are receiving this email because you registered for one of our webinars.",
    ),
];

/// sms_sent (inferred: docs/activecampaign.md#sms_sent). `comment` is assumed to hold a
/// failure reason, so it is empty on a successful send.
const SMS_SENT: Block = &[
    ("sms[id]", "88"),
    ("sms[recipient]", "+13125550142"),
    ("sms[successful]", "1"),
    ("sms[comment]", ""),
];

/// sms_reply (docs/activecampaign.md#sms_reply). `result` is one of the values consumer code
/// documents (subscribe, forward, unsub, resub): a reply that is no keyword is forwarded.
const SMS_REPLY: Block = &[
    ("sms[id]", "88"),
    ("sms[reply]", "Can we move the call to Friday?"),
    ("sms[result]", "forward"),
];

/// sms_unsub (inferred: docs/activecampaign.md#sms_unsub).
const SMS_UNSUB: Block = &[("sms[id]", "88"), ("sms[phone]", "+13125550142")];

/// The account, first part (as captured for account_update); the timestamps follow.
const ACCOUNT: Block = &[
    ("account[id]", "7"),
    ("account[name]", "Example Inc"),
    ("account[account_url]", "https://www.example.com"),
];

/// Timestamps of an account never changed since it was created (account_add).
const ACCOUNT_TIMES_NEW: Block = &[
    ("account[created_timestamp]", "2026-11-02 09:10:41"),
    ("account[updated_timestamp]", "2026-11-02 09:10:41"),
];

/// Timestamps of an account changed after it was created (account_update, account_contact_*).
const ACCOUNT_TIMES_UPDATED: Block = &[
    ("account[created_timestamp]", "2026-11-02 09:10:41"),
    ("account[updated_timestamp]", "2026-11-20 14:22:05"),
];

/// Account custom fields, `account[fields][i][id|key|value]`
/// (docs/activecampaign.md#the-account-block).
const ACCOUNT_FIELDS: Block = &[
    ("account[fields][0][id]", "1"),
    ("account[fields][0][key]", "Description"),
    ("account[fields][0][value]", "Maker of example widgets"),
];

/// account_update: names of the changed fields.
const ACCOUNT_UPDATED_FIELDS: Block = &[("updated_fields[0]", "name")];

/// account_contact_*: the link between contact 42 and account 7 (inferred, and its casing
/// unknown: docs/activecampaign.md#account_contact_add).
const ACCOUNT_CONTACT: Block = &[
    ("accountContact[id]", "5"),
    ("accountContact[account]", "7"),
    ("accountContact[contact]", "42"),
    ("accountContact[job_title]", "Marketing Manager"),
];

// ---------------------------------------------------------------------------------------------
// The table: which blocks each event gets, after the envelope.
// ---------------------------------------------------------------------------------------------

/// One event's sample: where its fields come from, its usual source, and its blocks in order.
struct Sample {
    event: &'static str,
    provenance: Provenance,
    source: &'static str,
    blocks: &'static [Block],
}

const fn s(
    event: &'static str,
    provenance: Provenance,
    source: &'static str,
    blocks: &'static [Block],
) -> Sample {
    Sample {
        event,
        provenance,
        source,
        blocks,
    }
}

// Sources (docs/activecampaign.md#event-sources): "public" when the contact caused the event,
// "system" for sends, "admin" for everything a user does in AC's interface (the captured
// samples all show admin).
const PUBLIC: &str = "public";
const SYSTEM: &str = "system";
const ADMIN: &str = "admin";

/// All events, in the order of [`events::EVENTS`]. Each row's evidence is under the event's
/// own heading in docs/activecampaign.md (`#subscribe`, ...).
const SAMPLES: &[Sample] = &[
    // Captured 2017, with every custom field as real subscribes carry them (consumer-code);
    // no form[id], which only AC's 2020 test data had.
    s(
        "subscribe",
        Captured(2017),
        PUBLIC,
        &[CONTACT_2017, CONTACT_FIELDS_NEW, ORGNAME],
    ),
    // Captured 2017 up to account_id; then the campaign whose unsubscribe link was used and
    // the reason, which no capture shows (consumer-code and inferred).
    s(
        "unsubscribe",
        Captured(2017),
        PUBLIC,
        &[CONTACT_2017, ORGNAME, ACCOUNT_ID, CAMPAIGN, UNSUBSCRIBE],
    ),
    // Captured 2024 (and 2023).
    s(
        "update",
        Captured(2024),
        ADMIN,
        &[CONTACT, CONTACT_FIELDS, CONTACT_ACCT, CUSTOMER_ACCT],
    ),
    // Captured 2024: `note` right after the envelope, then the contact block, as captured.
    s(
        "subscriber_note",
        Captured(2024),
        ADMIN,
        &[CONTACT_NOTE, CONTACT, CONTACT_ACCT, CUSTOMER_ACCT],
    ),
    // Captured 2024, same keys and order.
    s(
        "contact_tag_added",
        Captured(2024),
        ADMIN,
        &[CONTACT, CONTACT_ACCT, CUSTOMER_ACCT, TAG_ADDED],
    ),
    // No capture: inferred from contact_tag_added.
    s(
        "contact_tag_removed",
        Inferred,
        ADMIN,
        &[CONTACT, CONTACT_ACCT, CUSTOMER_ACCT, TAG_REMOVED],
    ),
    // Captured 2024: the contact block plus `task[...]`.
    s(
        "contact_task_add",
        Captured(2024),
        ADMIN,
        &[CONTACT, CONTACT_ACCT, CUSTOMER_ACCT, CONTACT_TASK],
    ),
    // Consumer-code; AsyncAPI CampaignSent: no contact, the campaign as a whole starts.
    s("sent", ConsumerCode, SYSTEM, &[CAMPAIGN]),
    // Consumer-code; AsyncAPI CampaignOpen (contact, campaign, customer_acct_*, orgname,
    // account_id).
    s(
        "open",
        ConsumerCode,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, CUSTOMER_ACCT, ACCOUNT_ID, CAMPAIGN],
    ),
    // Consumer-code; AsyncAPI CampaignClick: open's keys plus link[...].
    s(
        "click",
        ConsumerCode,
        PUBLIC,
        &[
            CONTACT,
            CONTACT_ACCT,
            CUSTOMER_ACCT,
            ACCOUNT_ID,
            CAMPAIGN,
            LINK,
        ],
    ),
    // Inferred; AsyncAPI CampaignForward.
    s(
        "forward",
        Inferred,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, CAMPAIGN, FORWARD],
    ),
    // Consumer-code; AsyncAPI CampaignShare.
    s(
        "share",
        ConsumerCode,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, CAMPAIGN, SHARE],
    ),
    // Inferred; AsyncAPI CampaignReply, Hoppelite ReplyRequest.
    s(
        "reply",
        Inferred,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, CAMPAIGN, REPLY],
    ),
    // Inferred; AsyncAPI CampaignBounce.
    s(
        "bounce",
        Inferred,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, CAMPAIGN, BOUNCE],
    ),
    // Keys captured 2017; laid out as the 2024 deal_update and deal_task_add captures are.
    s(
        "deal_add",
        Captured(2017),
        ADMIN,
        &[CONTACT, CONTACT_ACCT, CUSTOMER_ACCT, DEAL, DEAL_FIELDS],
    ),
    // Captured 2024: the contact, the customer_acct_* keys, the deal with its fields, then
    // updated_fields.
    s(
        "deal_update",
        Captured(2024),
        ADMIN,
        &[
            CONTACT,
            CONTACT_ACCT,
            CUSTOMER_ACCT,
            DEAL,
            DEAL_FIELDS,
            DEAL_UPDATED_FIELDS,
        ],
    ),
    // Captured 2024: no contact block.
    s(
        "deal_note_add",
        Captured(2024),
        ADMIN,
        &[DEAL_NOTE, DEAL, DEAL_FIELDS],
    ),
    // Consumer-code; AsyncAPI DealPipelineAdd.
    s("deal_pipeline_add", ConsumerCode, ADMIN, &[PIPELINE]),
    // Consumer-code; AsyncAPI DealStageAdd.
    s("deal_stage_add", ConsumerCode, ADMIN, &[STAGE]),
    // Captured 2024: deal_update's body without updated_fields, then the task.
    s(
        "deal_task_add",
        Captured(2024),
        ADMIN,
        &[
            CONTACT,
            CONTACT_ACCT,
            CUSTOMER_ACCT,
            DEAL,
            DEAL_FIELDS,
            DEAL_TASK,
        ],
    ),
    // Keys captured 2017 (with the contact's custom fields), laid out as deal_task_add's
    // 2024 capture, plus the done date.
    s(
        "deal_task_complete",
        Captured(2017),
        ADMIN,
        &[
            CONTACT,
            CONTACT_FIELDS,
            CONTACT_ACCT,
            CUSTOMER_ACCT,
            DEAL,
            DEAL_FIELDS,
            DEAL_TASK,
            TASK_DONE,
        ],
    ),
    // Inferred; AsyncAPI DealTaskTypeAdd.
    s("deal_tasktype_add", Inferred, ADMIN, &[TASKTYPE]),
    // Consumer-code and inferred; AsyncAPI ListAdd. The envelope `list` keeps its default (0):
    // the event is not scoped to a list, the block describes the new one.
    s("list_add", ConsumerCode, ADMIN, &[LIST]),
    // AsyncAPI SmsSent/SmsReply/SmsUnsub (sms_reply also consumer-code): the contact block
    // plus `sms[...]`.
    s(
        "sms_sent",
        Inferred,
        SYSTEM,
        &[CONTACT, CONTACT_ACCT, SMS_SENT],
    ),
    s(
        "sms_reply",
        ConsumerCode,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, SMS_REPLY],
    ),
    s(
        "sms_unsub",
        Inferred,
        PUBLIC,
        &[CONTACT, CONTACT_ACCT, SMS_UNSUB],
    ),
    // No capture: account_update's shape without updated_fields, inferred.
    s(
        "account_add",
        Inferred,
        ADMIN,
        &[ACCOUNT, ACCOUNT_TIMES_NEW, ACCOUNT_FIELDS],
    ),
    // Captured 2024 (a subset of its fields).
    s(
        "account_update",
        Captured(2024),
        ADMIN,
        &[
            ACCOUNT,
            ACCOUNT_TIMES_UPDATED,
            ACCOUNT_FIELDS,
            ACCOUNT_UPDATED_FIELDS,
        ],
    ),
    // Inferred; AsyncAPI AccountContactPayload: contact, account, the
    // customer_acct_* keys, accountContact[...]. The contact now belongs to the account.
    s(
        "account_contact_add",
        Inferred,
        ADMIN,
        &[
            CONTACT,
            CONTACT_ACCT_LINKED,
            CUSTOMER_ACCT_LINKED,
            ACCOUNT,
            ACCOUNT_TIMES_UPDATED,
            ACCOUNT_FIELDS,
            ACCOUNT_CONTACT,
        ],
    ),
    s(
        "account_contact_update",
        Inferred,
        ADMIN,
        &[
            CONTACT,
            CONTACT_ACCT_LINKED,
            CUSTOMER_ACCT_LINKED,
            ACCOUNT,
            ACCOUNT_TIMES_UPDATED,
            ACCOUNT_FIELDS,
            ACCOUNT_CONTACT,
        ],
    ),
];

/// Keys whose sample values are acwh's guesses: no capture shows them and no source documents
/// what AC puts there (docs/activecampaign.md, under each event's heading).
const GUESSED: &[(&str, &[&str])] = &[
    ("reply", &["result"]),
    (
        "bounce",
        &["bounce[type]", "bounce[code]", "bounce[description]"],
    ),
    (
        "sms_sent",
        &[
            "sms[id]",
            "sms[recipient]",
            "sms[successful]",
            "sms[comment]",
        ],
    ),
    ("sms_unsub", &["sms[id]", "sms[phone]"]),
];

/// Samples tagged captured of which only part is: what `trigger --print` says about them.
const PARTLY: &[(&str, &str)] = &[
    (
        "unsubscribe",
        "only the keys up to account_id were captured (2017); the campaign block and unsubscribe[reason] are consumer-code and inferred",
    ),
    (
        "deal_add",
        "its keys were captured in 2017; their layout, customer_acct_* and deal[fields] follow the 2024 captures of deal_update and deal_task_add",
    ),
    (
        "deal_task_complete",
        "its keys were captured in 2017; their layout, customer_acct_* and deal[fields] follow the 2024 capture of deal_task_add",
    ),
];

/// What is not captured in a sample tagged captured, if anything.
pub(crate) fn partly(event: &str) -> Option<&'static str> {
    PARTLY
        .iter()
        .find(|(name, _)| *name == event)
        .map(|(_, why)| *why)
}

/// The keys of `event`'s sample whose values are guesses (empty for most events).
pub(crate) fn guessed(event: &str) -> &'static [&'static str] {
    GUESSED
        .iter()
        .find(|(name, _)| *name == event)
        .map_or(&[], |(_, keys)| keys)
}

/// The table row of a known event. Requires the name in [`events::EVENTS`] too, so the two
/// tables cannot disagree about what exists.
fn lookup(event: &str) -> Option<(&'static events::Event, &'static Sample)> {
    let known = events::find(event)?;
    let sample = SAMPLES.iter().find(|s| s.event == known.name)?;
    Some((known, sample))
}

/// The name `trigger` knows the automation "Webhook" action's body by. It is not one of the
/// webhook events: an automation's Webhook step sends it, and no webhook can subscribe to it.
pub const AUTOMATION: &str = "automation";

/// The body an automation's "Webhook" step posts, in the wire order of the raw captures
/// (docs/activecampaign.md#the-automation-webhook-action): the contact's fields, with
/// `contact[ip4]` and custom fields keyed by personalisation tag, then `seriesid` (the
/// automation's id). No `type`, `date_time`, `initiated_*` or `list`.
const AUTOMATION_BODY: &[(&str, &str)] = &[
    ("contact[id]", "42"),
    ("contact[email]", "jane.doe@example.com"),
    ("contact[first_name]", "Jane"),
    ("contact[last_name]", "Doe"),
    ("contact[phone]", "+1 312 555 0142"),
    ("contact[orgname]", "Example Inc"),
    ("contact[customer_acct_name]", "Example Inc"),
    ("contact[tags]", "vip, newsletter"),
    ("contact[ip4]", "203.0.113.24"),
    ("contact[fields][contact_owner]", "Alex Morgan"),
    ("contact[fields][utm_source]", "newsletter"),
    ("seriesid", "929"),
];

/// The ordered pairs of the sample body for `event`, or None for a name not in events::EVENTS
/// (nor [`AUTOMATION`], whose body is fixed: `opts` does not apply to it).
///
/// The envelope comes first: `type`, `date_time`, `initiated_from`, `initiated_by`, `list`.
/// `initiated_by` repeats `initiated_from`: the captures only show `admin` for both, and no
/// source documents another value.
pub fn sample(event: &str, opts: &SampleOptions) -> Option<Vec<(String, String)>> {
    if event == AUTOMATION {
        let pairs = AUTOMATION_BODY
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()));
        return Some(pairs.collect());
    }
    let (known, sample) = lookup(event)?;
    let source = opts.source.as_deref().unwrap_or(sample.source);
    let list = opts.list.unwrap_or(u64::from(known.uses_list));
    let envelope = [
        ("type", known.name.to_owned()),
        (
            "date_time",
            opts.now.to_rfc3339_opts(SecondsFormat::Secs, false),
        ),
        ("initiated_from", source.to_owned()),
        ("initiated_by", source.to_owned()),
        ("list", list.to_string()),
    ];
    let body = sample.blocks.iter().flat_map(|block| block.iter());
    Some(
        envelope
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .chain(body.map(|&(k, v)| (k.to_owned(), v.to_owned())))
            .collect(),
    )
}

/// Applies `-d KEY=VALUE` (replace in place, or append) and `--remove KEY` (the key itself,
/// or every key under it: `deal` removes `deal[...]`) to a sample. A removal that matches
/// nothing is an error naming the key, since a typo would otherwise send the field anyway.
pub(crate) fn customize(
    pairs: &mut Vec<(String, String)>,
    set: &[(String, String)],
    remove: &[String],
) -> Result<(), String> {
    for key in remove {
        let before = pairs.len();
        let prefix = format!("{key}[");
        pairs.retain(|(k, _)| k != key && !k.starts_with(&prefix));
        if pairs.len() == before {
            return Err(format!(
                "--remove {key}: the sample has no such field (`acwh trigger EVENT --print` shows them)"
            ));
        }
    }
    for (key, value) in set {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.clone(),
            None => pairs.push((key.clone(), value.clone())),
        }
    }
    Ok(())
}

/// How well the sample's keys are known: `acwh events --offline` shows it, `trigger --print`
/// says it for anything not captured, and the tests hold it to `docs/activecampaign.md`.
pub(crate) fn provenance(event: &str) -> Option<Provenance> {
    if event == AUTOMATION {
        // Raw bodies published in 2025, one field value dated 2019
        // (docs/activecampaign.md#the-automation-webhook-action).
        return Some(Captured(2025));
    }
    lookup(event).map(|(_, s)| s.provenance)
}

/// The usual `initiated_from` for the event: what [`sample`] uses when no source is given.
#[cfg(test)]
fn default_source(event: &str) -> Option<&'static str> {
    lookup(event).map(|(_, s)| s.source)
}

#[cfg(test)]
mod customize_tests {
    use super::customize;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn set_replaces_in_place_or_appends_and_remove_takes_children() {
        let mut p = pairs(&[
            ("type", "deal_add"),
            ("deal[id]", "1"),
            ("deal[title]", "x"),
            ("list", "0"),
        ]);
        customize(
            &mut p,
            &pairs(&[("list", "3"), ("extra[a]", "b")]),
            &["deal".to_string()],
        )
        .unwrap();
        assert_eq!(
            p,
            pairs(&[("type", "deal_add"), ("list", "3"), ("extra[a]", "b")])
        );
        assert!(customize(&mut p, &[], &["nope".to_string()]).is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn opts() -> SampleOptions {
        let now = DateTime::parse_from_rfc3339("2026-11-23T19:32:45+00:00").expect("valid date");
        SampleOptions {
            source: None,
            list: None,
            now,
        }
    }

    fn body(event: &str, opts: &SampleOptions) -> Vec<(String, String)> {
        sample(event, opts).unwrap_or_else(|| panic!("no sample for {event}"))
    }

    fn get<'a>(body: &'a [(String, String)], key: &str) -> Option<&'a str> {
        body.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    #[test]
    fn every_event_has_a_well_formed_sample() {
        let envelope = [
            "type",
            "date_time",
            "initiated_from",
            "initiated_by",
            "list",
        ];
        for ev in events::EVENTS {
            let body = body(ev.name, &opts());
            let keys: Vec<&str> = body.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(keys.get(..5), Some(&envelope[..]), "{}", ev.name);
            assert_eq!(get(&body, "type"), Some(ev.name));
            assert!(keys.len() > 5, "{} has no blocks", ev.name);
            assert!(keys.iter().all(|k| !k.is_empty()), "{}", ev.name);
            let unique: HashSet<&str> = keys.iter().copied().collect();
            assert_eq!(unique.len(), keys.len(), "duplicate key in {}", ev.name);
            assert!(provenance(ev.name).is_some(), "{}", ev.name);
            assert!(default_source(ev.name).is_some(), "{}", ev.name);
        }
    }

    #[test]
    fn table_matches_the_event_list() {
        let names: Vec<&str> = SAMPLES.iter().map(|s| s.event).collect();
        let expected: Vec<&str> = events::EVENTS.iter().map(|e| e.name).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn unknown_events_have_nothing() {
        assert_eq!(sample("nope", &opts()), None);
        assert_eq!(provenance("nope"), None);
        assert_eq!(default_source("nope"), None);
        assert_eq!(sample("", &opts()), None);
    }

    #[test]
    fn source_and_list_options_land_in_the_envelope() {
        let custom = SampleOptions {
            source: Some("api".into()),
            list: Some(9),
            ..opts()
        };
        let body = body("deal_add", &custom);
        assert_eq!(get(&body, "initiated_from"), Some("api"));
        assert_eq!(get(&body, "initiated_by"), Some("api"));
        assert_eq!(get(&body, "list"), Some("9"));
    }

    #[test]
    fn defaults_follow_the_event() {
        let sub = body("subscribe", &opts());
        assert_eq!(get(&sub, "list"), Some("1"));
        assert_eq!(get(&sub, "initiated_from"), Some("public"));
        let deal = body("deal_add", &opts());
        assert_eq!(get(&deal, "list"), Some("0"));
        assert_eq!(get(&deal, "initiated_from"), Some("admin"));
        assert_eq!(get(&deal, "initiated_by"), Some("admin"));
        assert_eq!(default_source("sent"), Some("system"));
        assert_eq!(default_source("sms_sent"), Some("system"));
        assert_eq!(default_source("sms_unsub"), Some("public"));
        assert_eq!(default_source("account_add"), Some("admin"));
    }

    #[test]
    fn list_add_keeps_list_as_scalar_and_parent() {
        let body = body("list_add", &opts());
        assert_eq!(get(&body, "list"), Some("0"));
        assert_eq!(get(&body, "list[id]"), Some("3"));
    }

    #[test]
    fn deal_values_are_formatted_and_raw() {
        for ev in events::EVENTS
            .iter()
            .filter(|e| e.name.starts_with("deal_"))
        {
            let body = body(ev.name, &opts());
            let (Some(value), Some(raw)) =
                (get(&body, "deal[value]"), get(&body, "deal[value_raw]"))
            else {
                continue;
            };
            assert!(value.contains(','), "{}: {value}", ev.name);
            assert!(
                raw.chars().all(|c| c.is_ascii_digit()),
                "{}: {raw}",
                ev.name
            );
            assert_eq!(value.replace(',', ""), format!("{raw}.00"), "{}", ev.name);
        }
        assert!(get(&body("deal_add", &opts()), "deal[value]").is_some());
    }

    /// As captured in 2017: a completed deal task carries the contact's custom fields.
    #[test]
    fn deal_task_complete_has_the_contact_fields() {
        let body = body("deal_task_complete", &opts());
        assert!(get(&body, "contact[fields][1]").is_some());
        assert!(get(&body, "contact[fields][2]").is_some());
        assert!(get(&body, "task[donedate_iso]").is_some());
    }

    /// As captured in 2024: `note` right after the envelope, before the contact block.
    #[test]
    fn subscriber_note_puts_the_note_before_the_contact() {
        let body = body("subscriber_note", &opts());
        let keys: Vec<&str> = body.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys[..6],
            [
                "type",
                "date_time",
                "initiated_from",
                "initiated_by",
                "list",
                "note"
            ]
        );
        assert_eq!(keys[6], "contact[id]");
    }

    #[test]
    fn update_has_a_numeric_multi_value_field() {
        let body = body("update", &opts());
        let found = body.iter().any(|(k, v)| {
            k.strip_prefix("contact[fields][")
                .and_then(|rest| rest.strip_suffix(']'))
                .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
                && v.starts_with("||")
                && v.ends_with("||")
                && v.len() > 4
        });
        assert!(found);
        assert_eq!(get(&body, "contact[tags]"), Some("vip, newsletter"));
    }

    #[test]
    fn date_time_is_rfc3339_seconds_with_offset() {
        let body = body("subscribe", &opts());
        assert_eq!(get(&body, "date_time"), Some("2026-11-23T19:32:45+00:00"));
        let central = SampleOptions {
            now: DateTime::parse_from_rfc3339("2017-11-24T08:50:26.789-06:00").expect("valid"),
            ..opts()
        };
        let body = sample("subscribe", &central).expect("sample");
        assert_eq!(get(&body, "date_time"), Some("2017-11-24T08:50:26-06:00"));
    }

    /// Every sample's provenance is the "sample" column of docs/activecampaign.md#events, and
    /// nothing is marked captured without a capture of its own.
    #[test]
    fn provenance_is_the_docs_sample_column() {
        let docs = include_str!("../docs/activecampaign.md");
        let mut seen = 0;
        for line in docs.lines().filter(|l| l.starts_with("| [`")) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells[1].trim_start_matches("[`").split('`').next().unwrap();
            let Some(p) = provenance(name) else { continue };
            assert_eq!(cells[3], p.label(), "{name}");
            // A sample captured in a year stands on evidence of that year.
            if let Some(year) = p.year() {
                let evidence = cells[2];
                assert!(
                    evidence.starts_with("captured") && evidence.contains(&year.to_string()),
                    "{name}: sample {} but evidence {evidence}",
                    p.label()
                );
            }
            seen += 1;
        }
        assert_eq!(seen, events::EVENTS.len());
        for name in ["contact_tag_removed", "account_add"] {
            assert_eq!(provenance(name), Some(Provenance::Inferred), "{name}");
        }
        assert_eq!(provenance(AUTOMATION), Some(Provenance::Captured(2025)));
    }

    /// The code spans of a Markdown table cell: "`a`, `b`" gives ["a", "b"].
    fn spans(cell: &str) -> Vec<&str> {
        cell.split('`').skip(1).step_by(2).collect()
    }

    /// Every sample's keys, in order, are docs/activecampaign.md#key-order's: the sample's
    /// blocks expanded with the block table. One assertion per event, named.
    #[test]
    fn key_order_is_the_docs_table() {
        let docs = include_str!("../docs/activecampaign.md");
        let section = docs
            .split("\n## Key order\n")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("docs/activecampaign.md has a Key order section");
        let rows = section.lines().filter(|l| l.starts_with("| `")).map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (spans(cells[1])[0], spans(cells[2]))
        });
        let (mut blocks, mut events) = (Vec::new(), Vec::new());
        for (name, list) in rows {
            // A block lists keys; a sample lists blocks, which are named before it.
            if list.iter().all(|b| blocks.iter().any(|(n, _)| n == b)) {
                events.push((name, list));
            } else {
                blocks.push((name, list));
            }
        }
        let mut names: Vec<&str> = events::EVENTS.iter().map(|e| e.name).collect();
        names.push(AUTOMATION);
        let documented: Vec<&str> = events.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            documented, names,
            "one row per sample, in the event table's order"
        );
        for (event, list) in events {
            let expected: Vec<&str> = list
                .iter()
                .flat_map(|b| &blocks.iter().find(|(n, _)| n == b).expect("a block").1)
                .copied()
                .collect();
            let sample = body(event, &opts());
            let keys: Vec<&str> = sample.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(
                keys, expected,
                "{event}: keys or order differ from the docs"
            );
        }
    }

    /// The keys of a capture-based vector (tests/vectors/, rebuilt from the 2024 captures).
    fn captured_keys(vector: &str) -> Vec<String> {
        crate::form::decode(vector.as_bytes())
            .pairs
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    /// The samples that follow a 2024 capture have its keys in its order: held to the
    /// capture itself, not only to the docs.
    #[test]
    fn samples_have_the_keys_of_the_2024_captures() {
        let keys = |event: &str| -> Vec<String> {
            body(event, &opts()).into_iter().map(|(k, _)| k).collect()
        };
        for (event, vector) in [
            (
                "deal_update",
                include_str!("../tests/vectors/deal_update_2024.form"),
            ),
            (
                "deal_task_add",
                include_str!("../tests/vectors/deal_task_add_2024.form"),
            ),
        ] {
            assert_eq!(keys(event), captured_keys(vector), "{event}");
        }
        // update: the capture's two custom fields, ours four (every field of the sandbox).
        let extra = ["contact[fields][3]", "contact[fields][4]"];
        let ours: Vec<String> = keys("update")
            .into_iter()
            .filter(|k| !extra.contains(&k.as_str()))
            .collect();
        let update = include_str!("../tests/vectors/update_2024.form");
        assert_eq!(ours, captured_keys(update));
        // account_update: the capture's first field entry of 22, then updated_fields.
        let account = captured_keys(include_str!("../tests/vectors/account_update_2024.form"));
        let ours = keys("account_update");
        let first_field = ours.len() - 1;
        assert_eq!(ours[..first_field], account[..first_field]);
        assert_eq!(ours.last(), account.last());
    }

    /// What trigger --print calls guesses are keys the sample really has, on events whose
    /// keys are not captured either.
    #[test]
    fn guesses_name_keys_of_uncaptured_samples() {
        for (event, keys) in GUESSED {
            let sample = body(event, &opts());
            for key in *keys {
                assert!(get(&sample, key).is_some(), "{event}: {key}");
            }
            assert_eq!(
                provenance(event).and_then(Provenance::year),
                None,
                "{event}"
            );
        }
        assert!(guessed("subscribe").is_empty());
    }

    /// The 2024 deal layout (issue: deal events as AC sends them today): the contact with
    /// `customer_acct_name`, the top-level customer_acct_* keys, `deal[fields]`, and on
    /// deal_update the one `updated_fields` entry the capture has.
    #[test]
    fn deal_events_have_the_2024_layout() {
        for event in [
            "deal_add",
            "deal_update",
            "deal_task_add",
            "deal_task_complete",
        ] {
            let b = body(event, &opts());
            for key in [
                "contact[customer_acct_name]",
                "customer_acct_name",
                "customer_acct_id",
                "deal[fields][0][id]",
                "deal[fields][0][key]",
                "deal[fields][0][value]",
            ] {
                assert!(get(&b, key).is_some(), "{event}: {key}");
            }
        }
        let update = body("deal_update", &opts());
        assert_eq!(get(&update, "updated_fields[0]"), Some("value"));
        assert_eq!(get(&update, "updated_fields[1]"), None);
        let task = body("deal_task_add", &opts());
        assert_eq!(
            task.last().map(|(k, _)| k.as_str()),
            Some("task[type_title]")
        );
        for event in ["deal_update", "deal_task_add"] {
            assert_eq!(
                provenance(event),
                Some(Provenance::Captured(2024)),
                "{event}"
            );
        }
    }

    /// A subscribe carries every custom field by numeric id, empty ones included, and no
    /// form id, which only AC's 2020 test data had.
    #[test]
    fn subscribe_has_numeric_fields_and_no_form() {
        let b = body("subscribe", &opts());
        assert!(b.iter().all(|(k, _)| !k.starts_with("form")));
        let fields: Vec<&(String, String)> = b
            .iter()
            .filter(|(k, _)| k.starts_with("contact[fields]["))
            .collect();
        assert_eq!(fields.len(), 4);
        assert!(fields.iter().any(|(_, v)| v.is_empty()));
        assert!(fields.iter().any(|(_, v)| !v.is_empty()));
    }

    /// sms[result] is one of the values consumer code documents.
    #[test]
    fn sms_reply_result_is_a_documented_value() {
        let b = body("sms_reply", &opts());
        let result = get(&b, "sms[result]").expect("sms[result]");
        assert!(["subscribe", "forward", "unsub", "resub"].contains(&result));
    }

    #[test]
    fn public_events_match_the_documented_list() {
        let public: Vec<&str> = events::EVENTS
            .iter()
            .map(|e| e.name)
            .filter(|n| default_source(n) == Some("public"))
            .collect();
        assert_eq!(
            public,
            [
                "subscribe",
                "unsubscribe",
                "open",
                "click",
                "forward",
                "share",
                "reply",
                "bounce",
                "sms_reply",
                "sms_unsub",
            ]
        );
    }
}
