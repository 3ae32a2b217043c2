use super::*;
use crate::contact::{ContactKind, Purpose};
use serde_json::json;

fn cvr() -> Cvr {
    Cvr::parse("25052943").expect("valid")
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn contact() -> Contact {
    Contact {
        id: id(1),
        company: cvr(),
        unit_id: id(2),
        user_id: id(3),
        kind: ContactKind::Visit,
        purposes: vec![Purpose::Recruitment],
        date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        notes: "Besøg".into(),
        follow_up: None,
        do_not_contact_reason: None,
        notes_shared: false,
    }
}

/// Lifting a flag got an optional reason after v1 shipped: the old shape still decodes (as
/// no reason), and a reason travels as one more field.
#[test]
fn lifting_a_flag_carries_an_optional_reason_and_the_old_shape_still_decodes() {
    let old = json!({ "type": "do_not_contact_cleared", "company": "25052943", "seen_seq": 42 });
    let decoded: Change = serde_json::from_value(old.clone()).expect("the shape of today's app");
    assert_eq!(decoded, Change::DoNotContactCleared { company: cvr(), seen_seq: 42, reason: None });
    assert_eq!(serde_json::to_value(&decoded).expect("serialise"), old, "no reason, no field");
    let with_reason = Change::DoNotContactCleared {
        company: cvr(),
        seen_seq: 42,
        reason: Some("Ønsker besøg igen".into()),
    };
    let expected = json!({
        "type": "do_not_contact_cleared", "company": "25052943", "seen_seq": 42, "reason": "Ønsker besøg igen"
    });
    assert_eq!(serde_json::to_value(&with_reason).expect("serialise"), expected);
    assert_eq!(serde_json::from_value::<Change>(expected).expect("deserialise"), with_reason);
}

/// Devices in the field speak this JSON; a rename anywhere must fail here first.
#[test]
fn push_request_keeps_its_json_shape() {
    let request = PushRequest {
        protocol: PROTOCOL_VERSION,
        device_id: id(9),
        mutations: vec![
            Mutation { id: id(10), change: Change::ContactCreated { contact: contact() } },
            Mutation {
                id: id(11),
                change: Change::DoNotContactCleared { company: cvr(), seen_seq: 42, reason: None },
            },
            Mutation {
                id: id(12),
                change: Change::CompanyFieldsEdited {
                    company: cvr(),
                    base_seq: 7,
                    fields: vec![FieldEdit { field: SharedField::Tags, value: Some("eksport".into()) }],
                },
            },
        ],
    };
    let expected = json!({
        "protocol": 1,
        "device_id": "00000000-0000-0000-0000-000000000009",
        "mutations": [
            {
                "id": "00000000-0000-0000-0000-00000000000a",
                "change": {
                    "type": "contact_created",
                    "contact": {
                        "id": "00000000-0000-0000-0000-000000000001",
                        "company": "25052943",
                        "unit_id": "00000000-0000-0000-0000-000000000002",
                        "user_id": "00000000-0000-0000-0000-000000000003",
                        "kind": "visit",
                        "purposes": ["recruitment"],
                        "date": "2026-11-20",
                        "notes": "Besøg",
                        "follow_up": null
                    }
                }
            },
            {
                "id": "00000000-0000-0000-0000-00000000000b",
                "change": { "type": "do_not_contact_cleared", "company": "25052943", "seen_seq": 42 }
            },
            {
                "id": "00000000-0000-0000-0000-00000000000c",
                "change": {
                    "type": "company_fields_edited",
                    "company": "25052943",
                    "base_seq": 7,
                    "fields": [{ "field": "tags", "value": "eksport" }]
                }
            }
        ]
    });
    assert_eq!(serde_json::to_value(&request).expect("serialise"), expected);
    let back: PushRequest = serde_json::from_value(expected).expect("deserialise");
    assert_eq!(back, request);
}

#[test]
fn push_response_keeps_its_json_shape() {
    let response = PushResponse {
        results: vec![
            MutationResult { id: id(1), outcome: Outcome::Applied { seq: 5 } },
            MutationResult { id: id(2), outcome: Outcome::Duplicate },
            MutationResult {
                id: id(3),
                outcome: Outcome::Conflict {
                    seq: 6,
                    resolution: Resolution::LaterWins {
                        overwritten: vec![FieldEdit { field: SharedField::Notes, value: None }],
                    },
                },
            },
            MutationResult {
                id: id(4),
                outcome: Outcome::Rejected {
                    reason: Reason {
                        code: "invalid_cvr".into(),
                        da: "Ugyldigt CVR".into(),
                        en: "Bad CVR".into(),
                    },
                },
            },
        ],
    };
    assert_eq!(
        serde_json::to_value(&response).expect("serialise"),
        json!({ "results": [
            { "id": "00000000-0000-0000-0000-000000000001", "outcome": { "status": "applied", "seq": 5 } },
            { "id": "00000000-0000-0000-0000-000000000002", "outcome": { "status": "duplicate" } },
            { "id": "00000000-0000-0000-0000-000000000003", "outcome": {
                "status": "conflict", "seq": 6,
                "resolution": { "rule": "later_wins", "overwritten": [{ "field": "notes", "value": null }] }
            } },
            { "id": "00000000-0000-0000-0000-000000000004", "outcome": {
                "status": "rejected", "reason": { "code": "invalid_cvr", "da": "Ugyldigt CVR", "en": "Bad CVR" }
            } }
        ] })
    );
}

#[test]
fn changes_page_keeps_its_json_shape_including_tombstones() {
    let page = ChangesPage {
        changes: vec![
            ChangeEntry { seq: 8, record: SyncedRecord::ContactDeleted { id: id(1) } },
            ChangeEntry { seq: 9, record: SyncedRecord::DoNotContactCleared { company: cvr() } },
            ChangeEntry {
                seq: 10,
                record: SyncedRecord::Colleague {
                    colleague: Colleague { id: id(2), display_name: "Mette Holm".into(), unit_id: None },
                },
            },
        ],
        cursor: 10,
        has_more: false,
        latest: 12,
        companies: None,
    };
    assert_eq!(
        serde_json::to_value(&page).expect("serialise"),
        json!({
            "changes": [
                { "seq": 8, "record": { "entity": "contact_deleted", "id": "00000000-0000-0000-0000-000000000001" } },
                { "seq": 9, "record": { "entity": "do_not_contact_cleared", "company": "25052943" } },
                { "seq": 10, "record": { "entity": "colleague", "colleague": {
                    "id": "00000000-0000-0000-0000-000000000002", "display_name": "Mette Holm", "unit_id": null
                } } }
            ],
            "cursor": 10,
            "has_more": false,
            "latest": 12
        })
    );
}

#[test]
fn the_cursor_never_moves_backwards() {
    let empty = ChangesPage { changes: vec![], cursor: 0, has_more: false, latest: 40, companies: None };
    assert_eq!(advance_cursor(40, &empty), 40);
    let page = ChangesPage {
        changes: vec![ChangeEntry { seq: 41, record: SyncedRecord::ContactDeleted { id: id(1) } }],
        cursor: 45,
        has_more: true,
        latest: 50,
        companies: Some(3),
    };
    assert_eq!(advance_cursor(40, &page), 45);
    let lagging_cursor = ChangesPage { cursor: 10, ..page };
    assert_eq!(advance_cursor(40, &lagging_cursor), 41);
}

#[test]
fn an_edit_on_an_untouched_field_applies() {
    assert_eq!(merge_field(Some("a"), 5, 5, Some("b")), FieldMerge::Apply);
    assert_eq!(merge_field(None, 0, 3, Some("b")), FieldMerge::Apply);
}

#[test]
fn a_concurrent_edit_loses_by_server_order_but_is_kept() {
    assert_eq!(
        merge_field(Some("from device A"), 8, 5, Some("from device B")),
        FieldMerge::ApplyOverConcurrent { overwritten: Some("from device A".into()) }
    );
}

#[test]
fn the_same_value_twice_is_no_change() {
    assert_eq!(merge_field(Some("x"), 8, 5, Some("x")), FieldMerge::Unchanged);
    assert_eq!(merge_field(None, 8, 5, None), FieldMerge::Unchanged);
}

#[test]
fn a_do_not_contact_flag_set_again_survives_an_old_clear() {
    assert!(may_clear_do_not_contact(Some(10), 10));
    assert!(may_clear_do_not_contact(Some(10), 12));
    assert!(!may_clear_do_not_contact(Some(11), 10));
    assert!(may_clear_do_not_contact(None, 0));
}

#[test]
fn typed_tags_are_trimmed_and_deduplicated_ignoring_case() {
    assert_eq!(normalize_tags("eksport,  Eksport , ,grøn").as_deref(), Some("eksport, grøn"));
    assert_eq!(normalize_tags("Ærø").as_deref(), Some("Ærø"));
    assert_eq!(normalize_tags(" , ,"), None);
    assert_eq!(normalize_tags(""), None);
}

/// The contact plan's additions to v1: answering a planned contact, and the planned contact
/// every device pulls.
#[test]
fn planned_contacts_and_their_answers_keep_their_json_shape() {
    use crate::plan::{PlanReason, PlannedContact, PlannedStatus};
    let accepted = Change::PlannedContactAnswered { item: id(5), accepted: true, reason: None };
    let json = json!({ "type": "planned_contact_answered", "item": "00000000-0000-0000-0000-000000000005",
                       "accepted": true });
    assert_eq!(serde_json::to_value(&accepted).expect("serialise"), json, "no reason, no field");
    assert_eq!(serde_json::from_value::<Change>(json).expect("deserialise"), accepted);
    let declined =
        Change::PlannedContactAnswered { item: id(5), accepted: false, reason: Some("Lukket ned".into()) };
    let json = json!({ "type": "planned_contact_answered", "item": "00000000-0000-0000-0000-000000000005",
                       "accepted": false, "reason": "Lukket ned" });
    assert_eq!(serde_json::to_value(&declined).expect("serialise"), json);
    assert_eq!(serde_json::from_value::<Change>(json).expect("deserialise"), declined);

    let record = SyncedRecord::PlannedContact {
        item: PlannedContact {
            id: id(5),
            plan_id: id(6),
            company: cvr(),
            unit_id: id(2),
            user_id: id(3),
            from: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            to: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            reasons: vec![PlanReason::NeverContacted, PlanReason::Workload],
            status: PlannedStatus::Accepted,
            answer: None,
        },
    };
    let json = json!({ "entity": "planned_contact", "item": {
        "id": "00000000-0000-0000-0000-000000000005",
        "plan_id": "00000000-0000-0000-0000-000000000006",
        "company": "25052943",
        "unit_id": "00000000-0000-0000-0000-000000000002",
        "user_id": "00000000-0000-0000-0000-000000000003",
        "from": "2026-12-01",
        "to": "2026-12-31",
        "reasons": [{ "kind": "never_contacted" }, { "kind": "workload" }],
        "status": "accepted",
        "answer": null
    } });
    assert_eq!(serde_json::to_value(&record).expect("serialise"), json);
    assert_eq!(serde_json::from_value::<SyncedRecord>(json).expect("deserialise"), record);
}
