//! The outbox's rules as plain functions over plain data, so they are unit-tested natively:
//! which entries a push carries, what each answer does to an entry, and when to retry.
//!
//! Nothing here touches the browser; the store keeps entries, the sync service moves them.

use kontaktpunkt_domain::sync::{Change, Mutation, Reason};
use kontaktpunkt_domain::{Contact, Cvr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Waiting to be pushed (again).
    Pending,
    /// The server refused it; it stays until the user fixes or discards it.
    Rejected,
}

/// What kind of change an entry carries (the `type` of its [`Change`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    ContactCreated,
    ContactUpdated,
    ContactDeleted,
    FeedbackCreated,
    FollowUpCompleted,
    DoNotContactSet,
    DoNotContactCleared,
    CompanyFieldsEdited,
    PlannedContactAnswered,
}

/// One outbox entry as it is written: the mutation, its owner, how to undo it locally, and
/// a few plain fields copied out of the mutation so that reading the outbox never has to
/// decode a whole `Mutation` (that decoder would weigh more than the rest of the outbox code).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    /// The user who made it; only their token may push it.
    pub owner: Uuid,
    pub status: EntryStatus,
    /// When the user acted (ISO 8601, device clock; for display only).
    pub created_at: String,
    /// How to take the local effect back if the user discards the entry.
    pub undo: Option<Undo>,
    pub id: Uuid,
    pub kind: ChangeKind,
    pub company: Option<Cvr>,
    pub record_id: Option<Uuid>,
}

/// An entry as read back: the plain fields, without the mutation itself.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Queued {
    /// The store's auto-increment key: the order the user acted in.
    pub key: u64,
    /// The mutation id.
    pub id: Uuid,
    pub owner: Uuid,
    pub status: EntryStatus,
    #[serde(default)]
    pub reason: Option<Reason>,
    pub created_at: String,
    pub kind: ChangeKind,
    #[serde(default)]
    pub company: Option<Cvr>,
    #[serde(default)]
    pub record_id: Option<Uuid>,
}

/// The local state to restore when a never-acknowledged entry is discarded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Undo {
    DeleteContact {
        id: Uuid,
    },
    DeleteFeedback {
        id: Uuid,
    },
    /// Put the contact back as it was (e.g. before a follow-up was marked done).
    RestoreContact {
        contact: Contact,
    },
    /// Put the company's do-not-contact flag back as it was (`None`: no flag).
    RestoreDoNotContact {
        company: Cvr,
        previous: Option<LocalDoNotContact>,
    },
    /// Put the company's shared fields back as they were (`None`: none stored).
    RestoreCompanyFields {
        company: Cvr,
        previous: Option<crate::store::SharedFields>,
    },
}

/// A do-not-contact flag as the device keeps it: the record plus the change-log sequence
/// it was last set at (0 while only set on this device), which lifting it must quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalDoNotContact {
    pub company: Cvr,
    pub reason: String,
    pub registered_by: Uuid,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
    #[serde(default)]
    pub seq: u64,
    /// Who at the company asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    /// The units the request holds for; empty: every unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Uuid>,
}

impl OutboxEntry {
    /// A new pending entry for `change`, with mutation id `id`.
    pub fn new(id: Uuid, change: Change, owner: Uuid, created_at: String, undo: Option<Undo>) -> Self {
        let (kind, company, record_id) = describe(&change);
        Self {
            mutation: Mutation { id, change },
            owner,
            status: EntryStatus::Pending,
            created_at,
            undo,
            id,
            kind,
            company,
            record_id,
        }
    }
}

/// The kind, company and record (contact or feedback id) a change is about.
fn describe(change: &Change) -> (ChangeKind, Option<Cvr>, Option<Uuid>) {
    match change {
        Change::ContactCreated { contact } => {
            (ChangeKind::ContactCreated, Some(contact.company.clone()), Some(contact.id))
        }
        Change::ContactUpdated { contact } => {
            (ChangeKind::ContactUpdated, Some(contact.company.clone()), Some(contact.id))
        }
        Change::ContactDeleted { id } => (ChangeKind::ContactDeleted, None, Some(*id)),
        Change::FeedbackCreated { feedback } => {
            (ChangeKind::FeedbackCreated, Some(feedback.company.clone()), Some(feedback.id))
        }
        Change::FollowUpCompleted { contact_id, .. } => {
            (ChangeKind::FollowUpCompleted, None, Some(*contact_id))
        }
        Change::DoNotContactSet { company, .. } => (ChangeKind::DoNotContactSet, Some(company.clone()), None),
        Change::DoNotContactCleared { company, .. } => {
            (ChangeKind::DoNotContactCleared, Some(company.clone()), None)
        }
        Change::CompanyFieldsEdited { company, .. } => {
            (ChangeKind::CompanyFieldsEdited, Some(company.clone()), None)
        }
        Change::PlannedContactAnswered { item, .. } => {
            (ChangeKind::PlannedContactAnswered, None, Some(*item))
        }
    }
}

/// The next push: the `owner`'s pending entries, at most `max`, in the order given — the
/// store reads the outbox in key order, which is the order the user acted in.
/// Other users' entries are skipped (they wait for their owner); rejected ones wait for the user.
pub fn next_batch<T>(entries: &[(Queued, T)], owner: Uuid, max: usize) -> Vec<&(Queued, T)> {
    entries.iter().filter(|(e, _)| e.owner == owner && e.status == EntryStatus::Pending).take(max).collect()
}

/// The server's answer to one pushed mutation, as far as the outbox cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Applied, duplicate, or applied after a conflict: durably acknowledged.
    Acknowledged,
    Rejected(Reason),
}

/// What one answer does to one outbox entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Acknowledged durably (applied, duplicate, or applied after a conflict): remove it.
    Remove { key: u64 },
    /// Refused: keep it, marked with the reason.
    Reject { key: u64, reason: Reason },
    /// No answer for it: keep it pending for the next push.
    Keep { key: u64 },
}

/// Pairs the pushed entries (`(key, mutation id)`, in push order) with the server's answers
/// by mutation id, so a reordered or short answer can never remove the wrong entry.
pub fn decide(pushed: &[(u64, Uuid)], answers: &[(Uuid, Answer)]) -> Vec<Decision> {
    pushed
        .iter()
        .map(|&(key, id)| match answers.iter().find(|(a, _)| *a == id).map(|(_, answer)| answer) {
            Some(Answer::Acknowledged) => Decision::Remove { key },
            Some(Answer::Rejected(reason)) => Decision::Reject { key, reason: reason.clone() },
            None => Decision::Keep { key },
        })
        .collect()
}

/// How long to wait between syncs when all is well.
pub const PERIODIC_MS: u32 = 3 * 60 * 1000;
/// First retry after an error; doubles per further error.
pub const FIRST_RETRY_MS: u32 = 10_000;
/// Retries never wait longer than this.
pub const MAX_RETRY_MS: u32 = 10 * 60 * 1000;

/// The wait before the next sync after `failures` errors in a row (0 = the last one worked).
pub fn next_sync_delay_ms(failures: u32) -> u32 {
    if failures == 0 {
        return PERIODIC_MS;
    }
    let factor = 1u32.checked_shl(failures.saturating_sub(1).min(16)).unwrap_or(u32::MAX);
    FIRST_RETRY_MS.saturating_mul(factor).min(MAX_RETRY_MS)
}

/// How the pending and rejected entries split between the current user and others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// The current user's entries waiting to be pushed.
    pub pending: u32,
    /// The current user's entries the server refused.
    pub rejected: u32,
    /// Entries of another user, waiting for that user to log in on this device.
    pub other_users: u32,
}

pub fn counts(entries: &[Queued], owner: Option<Uuid>) -> Counts {
    let mut c = Counts::default();
    for e in entries {
        match (Some(e.owner) == owner, e.status) {
            (true, EntryStatus::Pending) => c.pending += 1,
            (true, EntryStatus::Rejected) => c.rejected += 1,
            (false, _) => c.other_users += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cvr() -> Cvr {
        Cvr::parse("25052943").expect("valid")
    }

    fn queued(key: u64, owner: Uuid, status: EntryStatus) -> (Queued, ()) {
        let queued = Queued {
            key,
            id: Uuid::from_u128(u128::from(key)),
            owner,
            status,
            reason: None,
            created_at: String::new(),
            kind: ChangeKind::DoNotContactSet,
            company: Some(cvr()),
            record_id: None,
        };
        (queued, ())
    }

    fn reason() -> Reason {
        Reason { code: "forbidden".into(), da: "Ikke tilladt".into(), en: "Not allowed".into() }
    }

    #[test]
    fn a_batch_holds_only_the_owners_pending_entries_in_outbox_order() {
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let entries = vec![
            queued(2, me, EntryStatus::Pending),
            queued(3, other, EntryStatus::Pending),
            queued(4, me, EntryStatus::Rejected),
            queued(5, me, EntryStatus::Pending),
            queued(9, me, EntryStatus::Pending),
        ];
        let keys: Vec<_> = next_batch(&entries, me, 10).iter().map(|(e, _)| e.key).collect();
        assert_eq!(keys, [2, 5, 9]);
        let keys: Vec<_> = next_batch(&entries, me, 2).iter().map(|(e, _)| e.key).collect();
        assert_eq!(keys, [2, 5]);
        assert!(next_batch(&entries, Uuid::from_u128(3), 10).is_empty());
    }

    #[test]
    fn acknowledged_entries_leave_rejected_stay_and_unanswered_wait() {
        let ids: Vec<_> = (1..=6u128).map(Uuid::from_u128).collect();
        let pushed: Vec<_> = ids.iter().enumerate().map(|(i, id)| (i as u64 + 10, *id)).collect();
        // Answered out of order, none for the last two.
        let answers = vec![
            (ids[3], Answer::Rejected(reason())),
            (ids[0], Answer::Acknowledged),
            (ids[1], Answer::Acknowledged),
            (ids[2], Answer::Acknowledged),
        ];
        assert_eq!(
            decide(&pushed, &answers),
            vec![
                Decision::Remove { key: 10 },
                Decision::Remove { key: 11 },
                Decision::Remove { key: 12 },
                Decision::Reject { key: 13, reason: reason() },
                Decision::Keep { key: 14 },
                Decision::Keep { key: 15 },
            ]
        );
    }

    #[test]
    fn a_result_for_an_unknown_mutation_removes_nothing() {
        let pushed = [(1, Uuid::from_u128(1))];
        let answers = [(Uuid::from_u128(99), Answer::Acknowledged)];
        assert_eq!(decide(&pushed, &answers), vec![Decision::Keep { key: 1 }]);
    }

    #[test]
    fn retries_back_off_exponentially_up_to_a_cap() {
        assert_eq!(next_sync_delay_ms(0), PERIODIC_MS);
        assert_eq!(next_sync_delay_ms(1), 10_000);
        assert_eq!(next_sync_delay_ms(2), 20_000);
        assert_eq!(next_sync_delay_ms(3), 40_000);
        assert_eq!(next_sync_delay_ms(7), 600_000);
        assert_eq!(next_sync_delay_ms(40), MAX_RETRY_MS);
    }

    #[test]
    fn counts_split_mine_from_other_users() {
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let entries: Vec<Queued> = [
            queued(1, me, EntryStatus::Pending),
            queued(2, me, EntryStatus::Rejected),
            queued(3, other, EntryStatus::Pending),
            queued(4, me, EntryStatus::Pending),
        ]
        .into_iter()
        .map(|(q, _)| q)
        .collect();
        assert_eq!(counts(&entries, Some(me)), Counts { pending: 2, rejected: 1, other_users: 1 });
        assert_eq!(counts(&entries, None), Counts { pending: 0, rejected: 0, other_users: 4 });
    }

    #[test]
    fn a_written_entry_reads_back_as_its_plain_fields() {
        let contact_id = Uuid::from_u128(7);
        let feedback = kontaktpunkt_domain::Feedback {
            id: contact_id,
            contact_id,
            company: cvr(),
            submitted_at: chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("valid"),
            satisfaction: 4,
            relevant: true,
            comment: String::new(),
            questions: kontaktpunkt_domain::feedback::FIRST_QUESTIONS,
            survey: None,
        };
        let entry = OutboxEntry::new(
            Uuid::from_u128(1),
            Change::FeedbackCreated { feedback },
            Uuid::from_u128(2),
            "2026-11-23T10:00:00Z".into(),
            Some(Undo::DeleteFeedback { id: contact_id }),
        );
        let mut json = serde_json::to_value(&entry).expect("serialises");
        assert_eq!(json["mutation"]["change"]["type"], "feedback_created");
        assert_eq!(json["undo"]["kind"], "delete_feedback");
        json["key"] = 3.into(); // IndexedDB adds the key.
        let read: Queued = serde_json::from_value(json).expect("reads back");
        assert_eq!(
            (read.key, read.id, read.kind, read.company, read.record_id, read.status),
            (
                3,
                Uuid::from_u128(1),
                ChangeKind::FeedbackCreated,
                Some(cvr()),
                Some(contact_id),
                EntryStatus::Pending
            )
        );
    }
}
