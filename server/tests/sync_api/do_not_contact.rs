//! Contacts with a company that has asked not to be contacted: refused without the reason the
//! contact was made anyway, stored and pulled with it.

use crate::fixture::*;
use kontaktpunkt_domain::sync::{Change, Outcome, SyncedRecord};
use kontaktpunkt_domain::{Contact, DoNotContactEvent, FlagAction, Role};

fn pulled_contact(records: &[SyncedRecord], id: uuid::Uuid) -> Option<&Contact> {
    records.iter().find_map(|r| match r {
        SyncedRecord::Contact { contact } if contact.id == id => Some(contact),
        _ => None,
    })
}

#[tokio::test]
async fn a_contact_on_a_flagged_company_is_rejected_without_a_reason_and_stored_and_pulled_with_one() {
    let f = Fixture::start().await;
    let company = f.cvrs[0].clone();
    let flag = Change::DoNotContactSet {
        company: company.clone(),
        reason: "Ønsker ingen opkald".into(),
        requested_by: None,
        units: vec![],
    };
    assert!(matches!(f.push(&[mutation(flag)]).await[0], Outcome::Applied { .. }));

    let today_visit = Contact { date: today(), ..contact(&f.user, &company) };
    let blank = Contact { do_not_contact_reason: Some("   ".into()), ..contact(&f.user, &company) };
    let blank = Contact { date: today(), ..blank };
    let outcomes = f.push(&[created(&today_visit), created(&blank)]).await;
    for outcome in &outcomes {
        assert_eq!(rejection_code(outcome), "do_not_contact");
    }
    let Outcome::Rejected { reason } = &outcomes[0] else { unreachable!() };
    assert!(reason.da.contains("frabedt sig kontakt"), "Danish text: {}", reason.da);
    assert!(reason.en.contains("asked not to be contacted"), "English text: {}", reason.en);

    let confirmed = Contact {
        id: uuid::Uuid::now_v7(),
        do_not_contact_reason: Some("Virksomheden ringede selv".into()),
        ..today_visit.clone()
    };
    applied_seq(&f.push(&[created(&confirmed)]).await[0]);

    // Another unit's consultant pulls it with the reason (the flag is the municipality's).
    let (_, other) = f.user("konsulent-b", Role::Consultant).await;
    let mut records = Vec::new();
    let mut since = 0;
    loop {
        let page: kontaktpunkt_domain::sync::ChangesPage = f
            .server
            .get_with(&format!("/api/sync/v1/changes?since={since}&limit=10000"), &other)
            .await
            .json()
            .await
            .expect("changes page");
        records.extend(page.changes.into_iter().map(|c| c.record));
        since = page.cursor;
        if !page.has_more {
            break;
        }
    }
    let pulled = pulled_contact(&records, confirmed.id).expect("the confirmed contact is pulled");
    assert_eq!(pulled.do_not_contact_reason.as_deref(), Some("Virksomheden ringede selv"));
    assert!(pulled_contact(&records, today_visit.id).is_none(), "a rejected contact is not stored");
    // Its author's own pull has it exactly as pushed.
    let own: Vec<SyncedRecord> = f.pull_all(0, 10_000).await.into_iter().map(|e| e.record).collect();
    assert_eq!(pulled_contact(&own, confirmed.id), Some(&confirmed));
}

#[tokio::test]
async fn a_contact_dated_before_the_flag_or_on_an_unflagged_company_needs_no_reason() {
    let f = Fixture::start().await;
    let company = f.cvrs[1].clone();
    let flag = Change::DoNotContactSet {
        company: company.clone(),
        reason: "Ingen besøg".into(),
        requested_by: None,
        units: vec![],
    };
    // The flag set in the same push counts for the contacts after it, not before it.
    let before_flag_in_batch = Contact { date: today(), ..contact(&f.user, &company) };
    let after_flag_in_batch = Contact { date: today(), ..contact(&f.user, &company) };
    let outcomes =
        f.push(&[created(&before_flag_in_batch), mutation(flag), created(&after_flag_in_batch)]).await;
    applied_seq(&outcomes[0]);
    assert_eq!(rejection_code(&outcomes[2]), "do_not_contact");

    // Dated yesterday: the visit happened before the company asked.
    let yesterday = contact(&f.user, &company);
    applied_seq(&f.push(&[created(&yesterday)]).await[0]);
    let elsewhere = Contact { date: today(), ..contact(&f.user, &f.cvrs[2]) };
    applied_seq(&f.push(&[created(&elsewhere)]).await[0]);
}

#[tokio::test]
async fn once_the_flag_is_lifted_a_contact_needs_no_reason() {
    let f = Fixture::start().await;
    let company = f.cvrs[3].clone();
    let set = f
        .push(&[mutation(Change::DoNotContactSet {
            company: company.clone(),
            reason: "Nej tak".into(),
            requested_by: None,
            units: vec![],
        })])
        .await;
    let seen_seq = applied_seq(&set[0]);
    let (_, coordinator) = f.user("koordinator-x", Role::Coordinator).await;
    f.catch_up(&coordinator).await;
    let lift = Change::DoNotContactCleared {
        company: company.clone(),
        seen_seq,
        reason: Some("Ringede og ville besøges".into()),
    };
    applied_seq(&push_as(&f.server, &coordinator, &[mutation(lift)]).await[0]);
    let visit = Contact { date: today(), ..contact(&f.user, &company) };
    applied_seq(&f.push(&[created(&visit)]).await[0]);
}

#[tokio::test]
async fn a_request_for_named_units_says_who_asked_and_holds_only_for_those_units() {
    let f = Fixture::start().await;
    let company = f.cvrs[2].clone();
    // A jobcenter consultant hears the company ask the jobcenter, not the municipality.
    let (jobcenter, jobcenter_token) = f.user("jobcenter", Role::Consultant).await;
    let jobcenter_unit = jobcenter.unit_id.expect("a unit");
    let flag = Change::DoNotContactSet {
        company: company.clone(),
        reason: "Ønsker ikke flere henvendelser om praktik".into(),
        requested_by: Some("  Mette Holm, direktør ".into()),
        units: vec![jobcenter_unit, jobcenter_unit],
    };
    applied_seq(&push_as(&f.server, &jobcenter_token, &[mutation(flag)]).await[0]);

    // Every device learns who asked and for which unit; duplicates and blanks are tidied.
    let records: Vec<SyncedRecord> = f.pull_all(0, 10_000).await.into_iter().map(|e| e.record).collect();
    let entry = records
        .iter()
        .find_map(|r| match r {
            SyncedRecord::DoNotContact { entry } if entry.company == company => Some(entry),
            _ => None,
        })
        .expect("the flag is pulled");
    assert_eq!(entry.requested_by.as_deref(), Some("Mette Holm, direktør"));
    assert_eq!(entry.units, [jobcenter_unit]);
    assert!(!entry.covers(f.user.unit_id) && entry.covers(Some(jobcenter_unit)));

    // The jobcenter needs the reason; the business unit (not named) contacts it as usual.
    let theirs = Contact { date: today(), ..contact(&jobcenter, &company) };
    assert_eq!(
        rejection_code(&push_as(&f.server, &jobcenter_token, &[created(&theirs)]).await[0]),
        "do_not_contact"
    );
    let ours = Contact { date: today(), ..contact(&f.user, &company) };
    applied_seq(&f.push(&[created(&ours)]).await[0]);

    // A unit that does not exist, or an over-long name, is refused.
    let unknown = Change::DoNotContactSet {
        company: company.clone(),
        reason: "x".into(),
        requested_by: None,
        units: vec![uuid::Uuid::now_v7()],
    };
    let too_long = Change::DoNotContactSet {
        company: company.clone(),
        reason: "x".into(),
        requested_by: Some("x".repeat(201)),
        units: vec![],
    };
    let outcomes = f.push(&[mutation(unknown), mutation(too_long)]).await;
    assert_eq!(rejection_code(&outcomes[0]), "unknown_unit");
    assert_eq!(rejection_code(&outcomes[1]), "too_long");

    // The coordinator's list names who asked and the unit, in JSON and in the CSV.
    let (_, coordinator) = f.member("koordinator-x", Role::Coordinator, f.user.unit_id).await;
    let list: serde_json::Value =
        f.server.get_with("/api/desk/do-not-contact", &coordinator).await.json().await.expect("list");
    let row = list
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["company"] == company.as_str()))
        .expect("the flag is listed");
    assert_eq!(row["requested_by"], "Mette Holm, direktør");
    assert_eq!(row["unit_names"].as_array().map(Vec::len), Some(1), "{row}");
    let csv = f
        .server
        .get_with("/api/desk/do-not-contact?format=csv", &coordinator)
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("bedt_om_af") && csv.contains("Mette Holm, direktør"), "{csv}");

    // Asked again, now of every unit and by nobody named: the history keeps both requests, each
    // with who asked and its units, and the JSON of the second has neither field.
    let again = Change::DoNotContactSet {
        company: company.clone(),
        reason: "Ingen henvendelser overhovedet".into(),
        requested_by: None,
        units: vec![],
    };
    applied_seq(&push_as(&f.server, &jobcenter_token, &[mutation(again)]).await[0]);
    let path = format!("/api/do-not-contact/{company}/history");
    let history: Vec<DoNotContactEvent> =
        f.server.get_with(&path, &coordinator).await.json().await.expect("history");
    let summary: Vec<_> =
        history.iter().map(|e| (e.action, e.requested_by.as_deref(), e.units.clone(), e.user_id)).collect();
    assert_eq!(
        summary,
        [
            (FlagAction::Set, Some("Mette Holm, direktør"), vec![jobcenter_unit], jobcenter.id),
            (FlagAction::Set, None, vec![], jobcenter.id),
        ]
    );
    let raw: serde_json::Value = f.server.get_with(&path, &coordinator).await.json().await.expect("json");
    assert_eq!(raw[0]["requested_by"], "Mette Holm, direktør");
    assert_eq!(raw[0]["units"], serde_json::json!([jobcenter_unit]));
    let second = raw[1].as_object().expect("an object");
    assert!(!second.contains_key("requested_by") && !second.contains_key("units"), "{second:?}");
}
