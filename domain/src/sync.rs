//! The sync protocol (version 1) between a device and the server — one typed contract.
//!
//! A device writes every change locally together with a [`Mutation`] in its outbox, then
//! pushes mutations in order ([`PushRequest`]); the server applies each at most once (the
//! mutation id is the idempotency key) and answers per mutation ([`Outcome`]). The device
//! pulls the server's numbered change log ([`ChangesPage`]) from its cursor on. No decision
//! here relies on a device clock: order is the server's sequence.

use crate::company::Company;
use crate::contact::{Contact, DoNotContact};
use crate::cvr::Cvr;
use crate::feedback::Feedback;
use crate::org::{Colleague, Unit};
use crate::plan::PlannedContact;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Version of this contract; a server refuses a push of another version with a clear reason.
pub const PROTOCOL_VERSION: u16 = 1;
/// Most mutations one push may carry.
pub const MAX_PUSH_BATCH: usize = 500;
/// Most change-log entries one pull page holds.
pub const MAX_PULL_PAGE: u32 = 10_000;

/// One change made on a device, queued until the server has acknowledged it durably.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// UUIDv7 made on the device; the server applies a mutation id at most once.
    pub id: Uuid,
    pub change: Change,
}

/// What a mutation changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// A new contact; its author and unit must be the pushing user's.
    ContactCreated { contact: Contact },
    /// An edit of the author's own contact.
    ContactUpdated { contact: Contact },
    /// The author withdraws a contact; travels to other devices as a tombstone.
    ContactDeleted { id: Uuid },
    /// The company's answer to the feedback form.
    FeedbackCreated { feedback: Feedback },
    /// A follow-up promised on a contact is done.
    FollowUpCompleted { contact_id: Uuid, done_on: NaiveDate },
    /// The company asked not to be contacted: why, who at the company asked, and which
    /// units it holds for (empty: every unit). `requested_by` and `units` were added to v1
    /// later, so they are optional on the wire (absent when `None` / empty).
    DoNotContactSet {
        company: Cvr,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        requested_by: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        units: Vec<Uuid>,
    },
    /// The request is lifted (coordinators and admins only). `seen_seq` is the sequence of
    /// the flag the user saw lifting: a flag set again since then survives (a do-not-contact
    /// flag is never lost by a merge). `reason` says why it may be contacted again; it was
    /// added to v1 later, so it is optional on the wire (absent when `None`).
    DoNotContactCleared {
        company: Cvr,
        seen_seq: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Shared company data edited field by field. `base_seq` is the device's cursor when the
    /// user began editing; fields changed on the server since then are concurrent edits.
    CompanyFieldsEdited { company: Cvr, base_seq: u64, fields: Vec<FieldEdit> },
    /// The assigned consultant answers a planned contact of a published plan (added to v1
    /// with the contact plan). Answering again replaces the answer. `reason` says why it was
    /// declined (or notes the acceptance); absent when `None`.
    PlannedContactAnswered {
        item: Uuid,
        accepted: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// Longest tag list (the comma-separated text) a company may carry.
pub const MAX_TAGS_CHARS: usize = 500;

/// Tags as typed ("eksport,  Eksport , ,grøn") in their stored form ("eksport, grøn"):
/// trimmed, empty ones dropped, repeats (ignoring case) kept once in first-seen order.
/// `None` when no tag is left, which clears the field.
pub fn normalize_tags(typed: &str) -> Option<String> {
    let mut tags: Vec<&str> = Vec::new();
    for tag in typed.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag);
        }
    }
    (!tags.is_empty()).then(|| tags.join(", "))
}

/// Company data the municipality keeps itself (not from the register); merged per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SharedField {
    /// The user id of the company's key account manager.
    KeyAccount,
    /// Tags as a comma-separated list.
    Tags,
    /// The municipality's shared note on the company.
    Notes,
    /// The company's own contact persons: a JSON array of
    /// [`ContactPerson`](crate::contact_person::ContactPerson).
    ContactPersons,
}

/// A new value for one shared field; `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldEdit {
    pub field: SharedField,
    pub value: Option<String>,
}

/// `POST /api/sync/v1/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub protocol: u16,
    /// Stable id of the device (made once per browser profile), for the audit trail.
    pub device_id: Uuid,
    /// In outbox order; at most [`MAX_PUSH_BATCH`].
    pub mutations: Vec<Mutation>,
}

/// The answer to a push: one result per mutation, in the same order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationResult {
    pub id: Uuid,
    pub outcome: Outcome,
}

/// What the server did with one mutation. Every variant except `Rejected` lets the device
/// drop the outbox entry; a rejected entry stays visible until the user fixes or discards it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied now; `seq` is its place in the change log.
    Applied { seq: u64 },
    /// Applied before (a retry of a push whose answer was lost).
    Duplicate,
    /// Applied, but it met a concurrent change; how that was decided.
    Conflict { seq: u64, resolution: Resolution },
    /// Not applied, with a reason the user can read.
    Rejected { reason: Reason },
}

/// How a conflict was decided, recorded where a coordinator can see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Resolution {
    /// Later in server order wins; the overwritten values are kept in the conflict record.
    LaterWins { overwritten: Vec<FieldEdit> },
    /// The do-not-contact flag was set again after the version the user lifted: it stays.
    DoNotContactKept,
}

/// Why a mutation was refused: a stable code and texts in Danish and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub code: String,
    pub da: String,
    pub en: String,
}

/// `GET /api/sync/v1/changes?since=<seq>&limit=<n>`: the change log after `since`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    pub changes: Vec<ChangeEntry>,
    /// Store this as the new cursor, in the same transaction as the changes.
    pub cursor: u64,
    /// More entries wait after `cursor`.
    pub has_more: bool,
    /// The newest sequence on the server when the page was read, so a device can show
    /// how far a first download has come (`cursor` of `latest`).
    pub latest: u64,
    /// How many companies the whole log holds (the municipality's register as the server
    /// has it), sent while more pages follow, so a first download can say "N of M companies".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companies: Option<u64>,
}

/// One numbered entry of the change log: the record's state after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeEntry {
    pub seq: u64,
    pub record: SyncedRecord,
}

/// A record as it now is, or a tombstone saying it is gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "entity", rename_all = "snake_case")]
pub enum SyncedRecord {
    Company {
        company: Company,
    },
    Unit {
        unit: Unit,
    },
    /// A user, as colleagues see them (added in protocol v1; older apps skip it).
    Colleague {
        colleague: Colleague,
    },
    Contact {
        contact: Contact,
    },
    ContactDeleted {
        id: Uuid,
    },
    Feedback {
        feedback: Feedback,
    },
    DoNotContact {
        entry: DoNotContact,
    },
    DoNotContactCleared {
        company: Cvr,
    },
    /// One shared company field as it now is; `value: None` means cleared.
    CompanyField {
        company: Cvr,
        field: SharedField,
        value: Option<String>,
    },
    /// The follow-up promised on a contact is done.
    FollowUpCompleted {
        contact_id: Uuid,
        done_on: NaiveDate,
    },
    /// A planned contact of a published contact plan, as it now stands (added to v1 with the
    /// contact plan; older apps skip it).
    PlannedContact {
        item: PlannedContact,
    },
}

/// The cursor after storing a page: never moves backwards, even for an empty page.
pub fn advance_cursor(current: u64, page: &ChangesPage) -> u64 {
    let highest = page.changes.iter().map(|c| c.seq).max().unwrap_or(0);
    current.max(page.cursor).max(highest)
}

/// What happens to one shared field when an edit arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldMerge {
    /// Nobody else changed the field since the editor's base: plain update.
    Apply,
    /// Another change landed after the editor's base; this later one wins by server order,
    /// and the value it overwrites must be kept in a conflict record.
    ApplyOverConcurrent { overwritten: Option<String> },
    /// The field already holds this value: nothing to do.
    Unchanged,
}

/// Decides one field of a [`Change::CompanyFieldsEdited`]; `current_seq` is the sequence of
/// the field's last change on the server.
pub fn merge_field(current: Option<&str>, current_seq: u64, base_seq: u64, edit: Option<&str>) -> FieldMerge {
    if current == edit {
        FieldMerge::Unchanged
    } else if current_seq > base_seq {
        FieldMerge::ApplyOverConcurrent { overwritten: current.map(str::to_owned) }
    } else {
        FieldMerge::Apply
    }
}

/// Whether lifting a do-not-contact flag may proceed: only if the user saw the flag as it
/// now is. `flag_seq` is the sequence of the flag's last setting, `None` when not set.
pub fn may_clear_do_not_contact(flag_seq: Option<u64>, seen_seq: u64) -> bool {
    flag_seq.is_none_or(|set_at| set_at <= seen_seq)
}

mod conflict;
pub mod fixtures;
pub use conflict::{ConflictList, ConflictRecord, ConflictSubject, MAX_CONFLICT_PAGE};

#[cfg(test)]
mod tests;
