//! Reading the server's sync messages by the domain crate's contract.
//!
//! A push answer is read by [`PushAnswer`], checked against the domain's `PushResponse`. A change-log page is large
//! (a first sync is 100,000 companies), so its records go from the browser's `JSON.parse`
//! into IndexedDB without a copy through Rust structs: [`RecordKind`] names, for each
//! `SyncedRecord` variant, its `entity` tag and the fields the store reads. The tests below
//! check that table against the domain's serde JSON of every variant and its pinned page, so
//! a renamed field fails here in seconds, not only end to end.

use crate::outbox::Answer;
use kontaktpunkt_domain::sync::Reason;
use serde::Deserialize;
use uuid::Uuid;

/// The tag of a `SyncedRecord` in its JSON.
pub const ENTITY: &str = "entity";
/// A `ChangeEntry`'s fields: its sequence and its record.
pub const SEQ: &str = "seq";
pub const RECORD: &str = "record";
/// A `ChangesPage`'s list of entries.
pub const CHANGES: &str = "changes";

/// What a change-log record is, by its `entity` tag, and where its data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// `company`: a `Company`.
    Company,
    Unit,
    Colleague,
    Contact,
    /// `id` of the deleted contact.
    ContactDeleted,
    Feedback,
    /// `entry`: a `DoNotContact`.
    DoNotContact,
    /// `company` whose flag was lifted.
    DoNotContactCleared,
    /// `company`, `field`, `value`.
    CompanyField,
    /// `contact_id`, `done_on`.
    FollowUpCompleted,
    /// `item`: a published `PlannedContact` of the contact plan.
    PlannedContact,
}

impl RecordKind {
    /// The kind of an `entity` tag; `None` for one this version does not know (skipped).
    pub fn of(entity: &str) -> Option<Self> {
        Some(match entity {
            "company" => Self::Company,
            "unit" => Self::Unit,
            "colleague" => Self::Colleague,
            "contact" => Self::Contact,
            "contact_deleted" => Self::ContactDeleted,
            "feedback" => Self::Feedback,
            "do_not_contact" => Self::DoNotContact,
            "do_not_contact_cleared" => Self::DoNotContactCleared,
            "company_field" => Self::CompanyField,
            "follow_up_completed" => Self::FollowUpCompleted,
            "planned_contact" => Self::PlannedContact,
            _ => return None,
        })
    }

    /// The record's fields the store reads, in the order it reads them.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Company => &["company"],
            Self::Unit => &["unit"],
            Self::Colleague => &["colleague"],
            Self::Contact => &["contact"],
            Self::ContactDeleted => &["id"],
            Self::Feedback => &["feedback"],
            Self::DoNotContact => &["entry"],
            Self::DoNotContactCleared => &["company"],
            Self::CompanyField => &["company", "field", "value"],
            Self::FollowUpCompleted => &["contact_id", "done_on"],
            Self::PlannedContact => &["item"],
        }
    }
}

/// A change-log page but its entries (which stay JS objects): the domain's `ChangesPage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct PageHead {
    pub cursor: u64,
    pub has_more: bool,
    #[serde(default)]
    pub latest: u64,
    #[serde(default)]
    pub companies: Option<u64>,
}

/// The server's answer to a push (a `PushResponse`) as far as the outbox reads it: each
/// mutation's id, its outcome's `status` tag and, when rejected, the reason. Plain structs,
/// not the domain's tagged `Outcome`, whose buffered decoding costs the shell kilobytes; the
/// tests below read the domain's pinned answer with it.
#[derive(Debug, Deserialize)]
pub struct PushAnswer {
    results: Vec<PushResult>,
}

#[derive(Debug, Deserialize)]
struct PushResult {
    id: Uuid,
    outcome: PushOutcome,
}

#[derive(Debug, Deserialize)]
struct PushOutcome {
    status: String,
    #[serde(default)]
    reason: Option<Reason>,
}

impl PushAnswer {
    /// Per mutation id: acknowledged (applied, duplicate, conflict) or rejected with its
    /// reason. An outcome this version does not know is left out, so its entry stays queued.
    pub fn answers(self) -> Vec<(Uuid, Answer)> {
        self.results
            .into_iter()
            .filter_map(|PushResult { id, outcome }| {
                let answer = match (outcome.status.as_str(), outcome.reason) {
                    ("applied" | "duplicate" | "conflict", _) => Answer::Acknowledged,
                    ("rejected", Some(reason)) => Answer::Rejected(reason),
                    _ => return None,
                };
                Some((id, answer))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use kontaktpunkt_domain::sync::fixtures::{CHANGES_PAGE, PUSH_RESPONSE};
    use kontaktpunkt_domain::sync::{Outcome, PushResponse, SharedField, SyncedRecord};
    use kontaktpunkt_domain::{Colleague, Cvr, DoNotContact, Unit};
    use serde_json::Value;

    /// One record of every kind the app reads (the payloads' own shapes are pinned by the
    /// domain crate; here what matters is the tags and field names).
    fn one_of_each() -> Vec<SyncedRecord> {
        let cvr = Cvr::parse("25052943").expect("valid");
        let id = Uuid::from_u128(1);
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        let records = vec![
            SyncedRecord::Unit { unit: Unit { id, name: "Erhverv".into(), liaison: None } },
            SyncedRecord::Colleague {
                colleague: Colleague { id, display_name: "Mette".into(), unit_id: None },
            },
            SyncedRecord::ContactDeleted { id },
            SyncedRecord::DoNotContact {
                entry: DoNotContact {
                    company: cvr.clone(),
                    reason: "r".into(),
                    registered_by: id,
                    registered_on: day,
                    requested_by: None,
                    units: vec![],
                },
            },
            SyncedRecord::DoNotContactCleared { company: cvr.clone() },
            SyncedRecord::CompanyField { company: cvr, field: SharedField::Tags, value: None },
            SyncedRecord::FollowUpCompleted { contact_id: id, done_on: day },
        ];
        // The variants with large payloads, by their JSON (the domain pins their contents).
        for record in &records {
            match record {
                // Every variant is listed here, so a new one does not compile until it is read.
                SyncedRecord::Company { .. }
                | SyncedRecord::Unit { .. }
                | SyncedRecord::Colleague { .. }
                | SyncedRecord::Contact { .. }
                | SyncedRecord::ContactDeleted { .. }
                | SyncedRecord::Feedback { .. }
                | SyncedRecord::DoNotContact { .. }
                | SyncedRecord::DoNotContactCleared { .. }
                | SyncedRecord::CompanyField { .. }
                | SyncedRecord::FollowUpCompleted { .. }
                | SyncedRecord::PlannedContact { .. } => {}
            }
        }
        records
    }

    fn assert_readable(json: &Value) {
        let entity = json[ENTITY].as_str().expect("an entity tag");
        let kind = RecordKind::of(entity).unwrap_or_else(|| panic!("the app cannot read `{entity}`"));
        for field in kind.fields() {
            assert!(json.get(field).is_some(), "`{entity}` has no field `{field}`: {json}");
        }
    }

    #[test]
    fn an_outcome_this_version_does_not_know_keeps_its_entry() {
        let json = r#"{"results": [{"id": "00000000-0000-0000-0000-000000000009", "outcome": {"status": "postponed"}}]}"#;
        let answer: PushAnswer = serde_json::from_str(json).expect("decode");
        assert!(answer.answers().is_empty());
    }

    #[test]
    fn every_record_the_domain_sends_is_read_by_its_tag_and_field_names() {
        for record in one_of_each() {
            assert_readable(&serde_json::to_value(&record).expect("encode"));
        }
        // The payload-only variants, from their tag alone.
        for (entity, payload) in [("company", "company"), ("contact", "contact"), ("feedback", "feedback")] {
            assert_eq!(RecordKind::of(entity).map(RecordKind::fields), Some(&[payload][..]));
        }
    }

    #[test]
    fn the_pinned_changes_page_is_read_and_its_future_entity_skipped() {
        let page: Value = serde_json::from_str(CHANGES_PAGE).expect("JSON");
        let head: PageHead = serde_json::from_value(page.clone()).expect("head");
        assert_eq!(head, PageHead { cursor: 13, has_more: false, latest: 14, companies: None });
        let entries = page[CHANGES].as_array().expect("changes");
        let mut kinds = Vec::new();
        for entry in entries {
            assert!(entry[SEQ].as_u64().is_some(), "every entry has a sequence");
            let record = &entry[RECORD];
            match RecordKind::of(record[ENTITY].as_str().expect("tag")) {
                Some(kind) => {
                    assert_readable(record);
                    kinds.push(kind);
                }
                None => assert_eq!(record[ENTITY], "a_future_entity"),
            }
        }
        assert_eq!(
            kinds,
            [
                RecordKind::ContactDeleted,
                RecordKind::DoNotContactCleared,
                RecordKind::Colleague,
                RecordKind::CompanyField,
                RecordKind::FollowUpCompleted
            ]
        );
    }

    #[test]
    fn the_pinned_push_answer_acknowledges_all_but_the_rejected() {
        // The domain's own type reads the same JSON: the reader follows its contract.
        let typed: PushResponse = serde_json::from_str(PUSH_RESPONSE).expect("domain decode");
        let answer: PushAnswer = serde_json::from_str(PUSH_RESPONSE).expect("decode");
        let answers = answer.answers();
        assert_eq!(answers.len(), typed.results.len());
        for ((id, answer), result) in answers.iter().zip(&typed.results) {
            assert_eq!(*id, result.id);
            match (&result.outcome, answer) {
                (Outcome::Rejected { reason }, Answer::Rejected(read)) => assert_eq!(reason, read),
                (Outcome::Rejected { .. }, _) | (_, Answer::Rejected(_)) => {
                    panic!("{result:?} read as {answer:?}")
                }
                _ => {}
            }
        }
        assert_eq!(answers.len(), 4);
        assert!(answers[..3].iter().all(|(_, a)| *a == Answer::Acknowledged));
        let Answer::Rejected(reason) = &answers[3].1 else { panic!("rejected") };
        assert_eq!(reason.code, "invalid_cvr");
        assert_eq!(answers[3].0, Uuid::from_u128(4));
    }
}
