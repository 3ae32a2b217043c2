//! Pinned JSON of sync messages as the server sends them, for the readers on both sides: the
//! tests below pin the domain types to this JSON, and the app's tests feed it through the
//! app's own readers, so a renamed field fails in seconds on either side.

/// A change-log page with a tombstone, a flag lift, a colleague, a shared field, a follow-up
/// and an entity this protocol version does not know (which readers must skip).
pub const CHANGES_PAGE: &str = r#"{
  "changes": [
    { "seq": 8, "record": { "entity": "contact_deleted", "id": "00000000-0000-0000-0000-000000000001" } },
    { "seq": 9, "record": { "entity": "do_not_contact_cleared", "company": "25052943" } },
    { "seq": 10, "record": { "entity": "colleague", "colleague": {
        "id": "00000000-0000-0000-0000-000000000002", "display_name": "Mette Holm", "unit_id": null } } },
    { "seq": 11, "record": { "entity": "company_field", "company": "25052943", "field": "tags", "value": "eksport" } },
    { "seq": 12, "record": { "entity": "follow_up_completed", "contact_id": "00000000-0000-0000-0000-000000000003",
        "done_on": "2026-11-30" } },
    { "seq": 13, "record": { "entity": "a_future_entity", "anything": true } }
  ],
  "cursor": 13,
  "has_more": false,
  "latest": 14
}"#;

/// The answer to a push: one mutation of each outcome.
pub const PUSH_RESPONSE: &str = r#"{ "results": [
  { "id": "00000000-0000-0000-0000-000000000001", "outcome": { "status": "applied", "seq": 5 } },
  { "id": "00000000-0000-0000-0000-000000000002", "outcome": { "status": "duplicate" } },
  { "id": "00000000-0000-0000-0000-000000000003", "outcome": {
      "status": "conflict", "seq": 6,
      "resolution": { "rule": "later_wins", "overwritten": [{ "field": "notes", "value": null }] } } },
  { "id": "00000000-0000-0000-0000-000000000004", "outcome": {
      "status": "rejected", "reason": { "code": "invalid_cvr", "da": "Ugyldigt CVR", "en": "Bad CVR" } } }
] }"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{ChangeEntry, Outcome, PushResponse, SyncedRecord};

    #[test]
    fn the_pinned_page_decodes_into_the_domain_types_but_its_unknown_entity() {
        let page: serde_json::Value = serde_json::from_str(CHANGES_PAGE).expect("valid JSON");
        let changes = page["changes"].as_array().expect("changes");
        let decoded: Vec<Result<ChangeEntry, _>> =
            changes.iter().map(|c| serde_json::from_value::<ChangeEntry>(c.clone())).collect();
        assert!(decoded[..5].iter().all(Result::is_ok), "{decoded:?}");
        assert!(decoded[5].is_err(), "a future entity is unknown to this version");
        let entry = decoded[3].as_ref().expect("company field");
        assert!(matches!(&entry.record, SyncedRecord::CompanyField { value: Some(v), .. } if v == "eksport"));
        // Encoding the known entries gives the pinned JSON back.
        for (typed, raw) in decoded[..5].iter().zip(changes) {
            let typed = typed.as_ref().expect("decoded");
            assert_eq!(&serde_json::to_value(typed).expect("encode"), raw);
        }
    }

    #[test]
    fn the_pinned_push_answer_decodes_into_the_domain_types() {
        let response: PushResponse = serde_json::from_str(PUSH_RESPONSE).expect("decode");
        assert!(matches!(response.results[0].outcome, Outcome::Applied { seq: 5 }));
        assert!(matches!(response.results[3].outcome, Outcome::Rejected { .. }));
    }
}
