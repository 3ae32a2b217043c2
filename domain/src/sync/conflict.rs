//! Conflict records: how the server decided concurrent changes, for a coordinator to review.

use super::SharedField;
use crate::cvr::Cvr;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most conflict records one `GET /api/sync/v1/conflicts` answer holds.
pub const MAX_CONFLICT_PAGE: u32 = 1000;

/// What the concurrent changes were about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConflictSubject {
    /// Two edits of one shared company field; the later in server order was kept.
    Field { field: SharedField },
    /// Lifting a do-not-contact flag that had been set again meanwhile; the flag was kept.
    DoNotContact,
}

/// One decided conflict: which value was kept, which lost, and whose changes they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictRecord {
    /// Increasing with time; pass the smallest seen as `before` for older records.
    pub id: u64,
    /// The change-log sequence at which the conflict was decided.
    pub seq: u64,
    pub company: Cvr,
    pub subject: ConflictSubject,
    /// The value that stands (for a do-not-contact flag: its reason).
    pub kept_value: Option<String>,
    /// The value that lost (`None`: a cleared field, or the lifting of a flag).
    pub lost_value: Option<String>,
    /// The mutation and user behind the kept value, when known.
    pub kept_mutation: Option<Uuid>,
    pub kept_by: Option<Uuid>,
    /// The mutation and user behind the value that lost, when known.
    pub lost_mutation: Option<Uuid>,
    pub lost_by: Option<Uuid>,
    /// When the server decided it (server clock).
    pub decided_at: DateTime<Utc>,
}

/// `GET /api/sync/v1/conflicts?before=<id>&limit=<n>`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictList {
    pub conflicts: Vec<ConflictRecord>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{ChangeEntry, SyncedRecord};
    use chrono::NaiveDate;
    use serde_json::json;

    fn cvr() -> Cvr {
        Cvr::parse("25052943").expect("valid")
    }

    /// The records added to v1 after its first release keep their JSON shape too.
    #[test]
    fn company_field_and_follow_up_entries_keep_their_json_shape() {
        let entries = vec![
            ChangeEntry {
                seq: 3,
                record: SyncedRecord::CompanyField {
                    company: cvr(),
                    field: SharedField::KeyAccount,
                    value: None,
                },
            },
            ChangeEntry {
                seq: 4,
                record: SyncedRecord::FollowUpCompleted {
                    contact_id: Uuid::from_u128(1),
                    done_on: NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
                },
            },
        ];
        let expected = json!([
            { "seq": 3, "record": { "entity": "company_field", "company": "25052943", "field": "key_account", "value": null } },
            { "seq": 4, "record": {
                "entity": "follow_up_completed",
                "contact_id": "00000000-0000-0000-0000-000000000001",
                "done_on": "2026-11-24"
            } }
        ]);
        assert_eq!(serde_json::to_value(&entries).expect("serialise"), expected);
        let back: Vec<ChangeEntry> = serde_json::from_value(expected).expect("deserialise");
        assert_eq!(back, entries);
    }

    #[test]
    fn conflict_lists_keep_their_json_shape() {
        let list = ConflictList {
            conflicts: vec![ConflictRecord {
                id: 2,
                seq: 17,
                company: cvr(),
                subject: ConflictSubject::Field { field: SharedField::Tags },
                kept_value: Some("eksport".into()),
                lost_value: None,
                kept_mutation: Some(Uuid::from_u128(5)),
                kept_by: Some(Uuid::from_u128(6)),
                lost_mutation: None,
                lost_by: None,
                decided_at: DateTime::from_timestamp(1_790_000_000, 0).expect("time"),
            }],
            next_before: None,
        };
        let expected = json!({
            "conflicts": [{
                "id": 2,
                "seq": 17,
                "company": "25052943",
                "subject": { "kind": "field", "field": "tags" },
                "kept_value": "eksport",
                "lost_value": null,
                "kept_mutation": "00000000-0000-0000-0000-000000000005",
                "kept_by": "00000000-0000-0000-0000-000000000006",
                "lost_mutation": null,
                "lost_by": null,
                "decided_at": "2026-09-21T14:13:20Z"
            }],
            "next_before": null
        });
        assert_eq!(serde_json::to_value(&list).expect("serialise"), expected);
        assert_eq!(
            serde_json::to_value(ConflictSubject::DoNotContact).expect("serialise"),
            json!({ "kind": "do_not_contact" })
        );
    }
}
