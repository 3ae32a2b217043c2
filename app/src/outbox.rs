//! The outbox's rules as plain functions over plain data, so they are unit-tested natively:
//! which entries a push carries, what each answer does to an entry, and when to retry.
//!
//! Nothing here touches the browser; the store keeps entries, the sync service moves them.

use kontaktpunkt_domain::sync::{Change, Mutation, Outcome, PushResponse, Reason};
use kontaktpunkt_domain::{Contact, Cvr};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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

/// One queued mutation as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The store's auto-increment key: the order the user acted in. `None` before it is added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<u64>,
    pub mutation: Mutation,
    /// The user who made it; only their token may push it.
    pub owner: Uuid,
    pub status: EntryStatus,
    #[serde(default)]
    pub reason: Option<Reason>,
    /// When the user acted (ISO 8601, device clock; for display only).
    pub created_at: String,
    /// How to take the local effect back if the user discards the entry.
    #[serde(default)]
    pub undo: Option<Undo>,
}

/// The local state to restore when a never-acknowledged entry is discarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// A do-not-contact flag as the device keeps it: the record plus the change-log sequence
/// it was last set at (0 while only set on this device), which lifting it must quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalDoNotContact {
    pub company: Cvr,
    pub reason: String,
    pub registered_by: Uuid,
    pub registered_on: chrono::NaiveDate,
    #[serde(default)]
    pub seq: u64,
}

impl OutboxEntry {
    /// A new pending entry for `change`, with a fresh mutation id.
    pub fn new(id: Uuid, change: Change, owner: Uuid, created_at: String, undo: Option<Undo>) -> Self {
        Self {
            key: None,
            mutation: Mutation { id, change },
            owner,
            status: EntryStatus::Pending,
            reason: None,
            created_at,
            undo,
        }
    }

    /// The id of the contact or feedback this entry is about, to mark the record pending.
    pub fn record_id(&self) -> Option<Uuid> {
        match &self.mutation.change {
            Change::ContactCreated { contact } | Change::ContactUpdated { contact } => Some(contact.id),
            Change::ContactDeleted { id } => Some(*id),
            Change::FollowUpCompleted { contact_id, .. } => Some(*contact_id),
            Change::FeedbackCreated { feedback } => Some(feedback.id),
            _ => None,
        }
    }

    /// The company the entry concerns, for the outbox view.
    pub fn company(&self) -> Option<&Cvr> {
        match &self.mutation.change {
            Change::ContactCreated { contact } | Change::ContactUpdated { contact } => Some(&contact.company),
            Change::FeedbackCreated { feedback } => Some(&feedback.company),
            Change::DoNotContactSet { company, .. }
            | Change::DoNotContactCleared { company, .. }
            | Change::CompanyFieldsEdited { company, .. } => Some(company),
            Change::ContactDeleted { .. } | Change::FollowUpCompleted { .. } => None,
        }
    }
}

/// The next push: the `owner`'s pending entries in outbox order, at most `max`.
/// Other users' entries are skipped (they wait for their owner); rejected ones wait for the user.
pub fn next_batch(entries: &[OutboxEntry], owner: Uuid, max: usize) -> Vec<&OutboxEntry> {
    let mut batch: Vec<&OutboxEntry> =
        entries.iter().filter(|e| e.owner == owner && e.status == EntryStatus::Pending).collect();
    batch.sort_by_key(|e| e.key);
    batch.truncate(max);
    batch
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

/// Pairs the pushed entries (`(key, mutation id)`, in push order) with the server's results
/// by mutation id, so a reordered or short answer can never remove the wrong entry.
pub fn decide(pushed: &[(u64, Uuid)], response: &PushResponse) -> Vec<Decision> {
    let outcomes: HashMap<Uuid, &Outcome> = response.results.iter().map(|r| (r.id, &r.outcome)).collect();
    pushed
        .iter()
        .map(|&(key, id)| match outcomes.get(&id) {
            Some(Outcome::Applied { .. } | Outcome::Duplicate | Outcome::Conflict { .. }) => {
                Decision::Remove { key }
            }
            Some(Outcome::Rejected { reason }) => Decision::Reject { key, reason: reason.clone() },
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

pub fn counts(entries: &[OutboxEntry], owner: Option<Uuid>) -> Counts {
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
    use kontaktpunkt_domain::sync::{MutationResult, Resolution};

    fn cvr() -> Cvr {
        Cvr::parse("25052943").expect("valid")
    }

    fn entry(key: u64, owner: Uuid, status: EntryStatus) -> OutboxEntry {
        let change = Change::DoNotContactSet { company: cvr(), reason: format!("r{key}") };
        OutboxEntry {
            key: Some(key),
            status,
            ..OutboxEntry::new(Uuid::from_u128(u128::from(key)), change, owner, String::new(), None)
        }
    }

    fn reason() -> Reason {
        Reason { code: "forbidden".into(), da: "Ikke tilladt".into(), en: "Not allowed".into() }
    }

    #[test]
    fn a_batch_holds_only_the_owners_pending_entries_in_outbox_order() {
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let entries = vec![
            entry(5, me, EntryStatus::Pending),
            entry(2, me, EntryStatus::Pending),
            entry(3, other, EntryStatus::Pending),
            entry(4, me, EntryStatus::Rejected),
            entry(9, me, EntryStatus::Pending),
        ];
        let keys: Vec<_> = next_batch(&entries, me, 10).iter().map(|e| e.key).collect();
        assert_eq!(keys, [Some(2), Some(5), Some(9)]);
        let keys: Vec<_> = next_batch(&entries, me, 2).iter().map(|e| e.key).collect();
        assert_eq!(keys, [Some(2), Some(5)]);
        assert!(next_batch(&entries, Uuid::from_u128(3), 10).is_empty());
    }

    #[test]
    fn acknowledged_entries_leave_rejected_stay_and_unanswered_wait() {
        let ids: Vec<_> = (1..=5u128).map(Uuid::from_u128).collect();
        let pushed: Vec<_> = ids.iter().enumerate().map(|(i, id)| (i as u64 + 10, *id)).collect();
        let result = |i: usize, outcome| MutationResult { id: ids[i], outcome };
        // Answered out of order, and without an answer for the fifth.
        let response = PushResponse {
            results: vec![
                result(3, Outcome::Rejected { reason: reason() }),
                result(0, Outcome::Applied { seq: 7 }),
                result(1, Outcome::Duplicate),
                result(2, Outcome::Conflict { seq: 8, resolution: Resolution::DoNotContactKept }),
            ],
        };
        assert_eq!(
            decide(&pushed, &response),
            vec![
                Decision::Remove { key: 10 },
                Decision::Remove { key: 11 },
                Decision::Remove { key: 12 },
                Decision::Reject { key: 13, reason: reason() },
                Decision::Keep { key: 14 },
            ]
        );
    }

    #[test]
    fn a_result_for_an_unknown_mutation_removes_nothing() {
        let pushed = [(1, Uuid::from_u128(1))];
        let response = PushResponse {
            results: vec![MutationResult { id: Uuid::from_u128(99), outcome: Outcome::Duplicate }],
        };
        assert_eq!(decide(&pushed, &response), vec![Decision::Keep { key: 1 }]);
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
        let entries = vec![
            entry(1, me, EntryStatus::Pending),
            entry(2, me, EntryStatus::Rejected),
            entry(3, other, EntryStatus::Pending),
            entry(4, me, EntryStatus::Pending),
        ];
        assert_eq!(counts(&entries, Some(me)), Counts { pending: 2, rejected: 1, other_users: 1 });
        assert_eq!(counts(&entries, None), Counts { pending: 0, rejected: 0, other_users: 4 });
    }

    #[test]
    fn entries_round_trip_through_json_without_a_key_before_they_are_added() {
        let e = OutboxEntry::new(
            Uuid::from_u128(1),
            Change::DoNotContactCleared { company: cvr(), seen_seq: 4 },
            Uuid::from_u128(2),
            "2026-11-23T10:00:00Z".into(),
            Some(Undo::RestoreDoNotContact { company: cvr(), previous: None }),
        );
        let json = serde_json::to_value(&e).expect("serialises");
        assert!(json.get("key").is_none(), "an absent key lets IndexedDB assign one");
        assert_eq!(json["status"], "pending");
        assert_eq!(serde_json::from_value::<OutboxEntry>(json).expect("parses"), e);
    }
}
