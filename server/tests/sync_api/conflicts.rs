//! Concurrent changes to shared company data: decided by server order, never hidden.

use crate::fixture::*;
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::sync::{
    Change, ConflictList, ConflictSubject, FieldEdit, Outcome, Resolution, SharedField, SyncedRecord,
};

fn tags(value: &str) -> Vec<FieldEdit> {
    vec![FieldEdit { field: SharedField::Tags, value: Some(value.into()) }]
}

#[tokio::test]
async fn concurrent_field_edits_keep_the_later_and_show_the_lost_value_to_a_coordinator() {
    let f = Fixture::start().await;
    let (other, other_token) = f.user("konsulent-b", Role::Consultant).await;
    let company = f.cvrs[0].clone();
    let base = f.head().await;

    let first = mutation(Change::CompanyFieldsEdited {
        company: company.clone(),
        base_seq: base,
        fields: tags("eksport"),
    });
    let first_seq = applied_seq(&f.push(std::slice::from_ref(&first)).await[0]);
    // The other device began editing before it saw the first edit.
    let second = mutation(Change::CompanyFieldsEdited {
        company: company.clone(),
        base_seq: base,
        fields: tags("turisme"),
    });
    let outcome = push_as(&f.server, &other_token, std::slice::from_ref(&second)).await.remove(0);
    let Outcome::Conflict { seq, resolution } = outcome else {
        panic!("expected a conflict, got {outcome:?}")
    };
    assert!(seq > first_seq);
    assert_eq!(
        resolution,
        Resolution::LaterWins {
            overwritten: vec![FieldEdit { field: SharedField::Tags, value: Some("eksport".into()) }]
        }
    );
    // An edit from a device that had pulled the latest value is no conflict.
    f.catch_up(&f.token).await;
    let informed = mutation(Change::CompanyFieldsEdited {
        company: company.clone(),
        base_seq: seq,
        fields: tags("begge"),
    });
    applied_seq(&f.push(&[informed]).await[0]);

    let entries = f.pull_all(0, 1000).await;
    let fields: Vec<_> =
        entries.iter().filter(|e| matches!(e.record, SyncedRecord::CompanyField { .. })).collect();
    assert_eq!(fields.len(), 1, "one entry per field");
    assert_eq!(
        fields[0].record,
        SyncedRecord::CompanyField {
            company: company.clone(),
            field: SharedField::Tags,
            value: Some("begge".into())
        }
    );

    assert_eq!(
        f.server.get_with("/api/sync/v1/conflicts", &f.token).await.status(),
        403,
        "consultants do not"
    );
    let (_, coordinator) = f.user("koordinator", Role::Coordinator).await;
    let list: ConflictList =
        f.server.get_with("/api/sync/v1/conflicts", &coordinator).await.json().await.expect("conflicts");
    assert_eq!(list.conflicts.len(), 1);
    let record = &list.conflicts[0];
    assert_eq!(record.subject, ConflictSubject::Field { field: SharedField::Tags });
    assert_eq!(
        (record.kept_value.as_deref(), record.lost_value.as_deref()),
        (Some("turisme"), Some("eksport"))
    );
    assert_eq!((record.kept_by, record.lost_by), (Some(other.id), Some(f.user.id)));
    assert_eq!((record.kept_mutation, record.lost_mutation), (Some(second.id), Some(first.id)));
    assert_eq!(record.company, company);
}

#[tokio::test]
async fn a_do_not_contact_flag_set_again_survives_a_stale_clear() {
    let f = Fixture::start().await;
    let (_, coordinator) = f.user("koordinator", Role::Coordinator).await;
    let (_, lifter) = f.user("koordinator-b", Role::Coordinator).await;
    let company = f.cvrs[1].clone();
    let set = |reason: &str| {
        mutation(Change::DoNotContactSet {
            company: company.clone(),
            reason: reason.into(),
            requested_by: None,
            units: vec![],
        })
    };
    let seen = applied_seq(&f.push(&[set("Ønsker ingen opkald")]).await[0]);
    f.catch_up(&lifter).await;
    // Set again elsewhere while the coordinator's device, offline, lifts the flag it saw.
    let again = applied_seq(&push_as(&f.server, &coordinator, &[set("Gentaget ønske")]).await[0]);
    let stale =
        mutation(Change::DoNotContactCleared { company: company.clone(), seen_seq: seen, reason: None });
    let outcome = push_as(&f.server, &lifter, &[stale]).await.remove(0);
    let Outcome::Conflict { seq, resolution } = outcome else {
        panic!("expected a conflict, got {outcome:?}")
    };
    assert_eq!(resolution, Resolution::DoNotContactKept);
    assert!(seq > again, "the kept flag is logged again so the clearing device gets it back");

    let after_clear = f.pull_all(again, 100).await;
    assert_eq!(after_clear.len(), 1);
    let SyncedRecord::DoNotContact { entry } = &after_clear[0].record else { panic!("{after_clear:?}") };
    assert_eq!(entry.reason, "Gentaget ønske");

    let list: ConflictList =
        f.server.get_with("/api/sync/v1/conflicts", &coordinator).await.json().await.expect("conflicts");
    assert_eq!(list.conflicts[0].subject, ConflictSubject::DoNotContact);
    assert_eq!(list.conflicts[0].kept_value.as_deref(), Some("Gentaget ønske"));

    // Having pulled the flag as it is now, the coordinator may lift it; it goes as a tombstone.
    f.catch_up(&lifter).await;
    let informed = mutation(Change::DoNotContactCleared {
        company: company.clone(),
        seen_seq: again,
        reason: Some("Virksomheden har selv ringet".into()),
    });
    let cleared = applied_seq(&push_as(&f.server, &lifter, &[informed]).await[0]);
    let tail = f.pull_all(seq, 100).await;
    assert_eq!(tail.len(), 1);
    assert_eq!((tail[0].seq, &tail[0].record), (cleared, &SyncedRecord::DoNotContactCleared { company }));
}

#[tokio::test]
async fn contact_persons_are_a_shared_field_checked_by_the_rules() {
    let f = Fixture::start().await;
    let company = f.cvrs[1].clone();
    let persons = |value: &str| Change::CompanyFieldsEdited {
        company: company.clone(),
        base_seq: 0,
        fields: vec![FieldEdit { field: SharedField::ContactPersons, value: Some(value.into()) }],
    };
    let good = r#"[{"name":"Mette Holm","role":"Direktør","phone":"+45 12 34 56 78","email":"mh@firma.dk"}]"#;
    let bad_email = r#"[{"name":"Mette Holm","role":"","phone":"","email":"mh@firma"},{"name":"B"}]"#;
    let nameless = r#"[{"name":"Ok"},{"name":" ","phone":"86420000"}]"#;
    let outcomes = f
        .push(&[
            mutation(persons(good)),
            mutation(persons(bad_email)),
            mutation(persons(nameless)),
            mutation(persons("Mette Holm, direktør")),
        ])
        .await;
    applied_seq(&outcomes[0]);
    let reasons: Vec<_> = outcomes[1..]
        .iter()
        .map(|o| match o {
            Outcome::Rejected { reason } => (reason.code.as_str(), reason.da.as_str()),
            other => panic!("expected a rejection, got {other:?}"),
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("invalid_fields", "Kontaktperson 1 har en ugyldig e-mailadresse."),
            ("invalid_fields", "Kontaktperson 2 mangler et navn."),
            ("invalid_fields", "Kontaktpersonerne kunne ikke læses."),
        ]
    );

    let entries = f.pull_all(0, 1000).await;
    let stored: Vec<_> = entries
        .iter()
        .filter_map(|e| match &e.record {
            SyncedRecord::CompanyField { company: c, field: SharedField::ContactPersons, value }
                if *c == company =>
            {
                Some(value.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(stored, [Some(good.to_owned())], "the valid list travels as it was written");
}
