//! Pulling the change log: paging, tombstones, and records exactly as the contract has them.

use crate::common::{TestDirs, TestServer};
use crate::fixture::*;
use kontaktpunkt_domain::sync::{Change, ChangeEntry, ChangesPage, SyncedRecord};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

#[tokio::test]
async fn paging_with_small_limits_visits_every_entry_once_across_tombstones() {
    let f = Fixture::start().await;
    let contacts: Vec<_> = (0..10).map(|i| contact(&f.user, &f.cvrs[i % 5])).collect();
    f.push(&contacts.iter().map(created).collect::<Vec<_>>()).await;
    let deleted: Vec<Uuid> = contacts[..3].iter().map(|c| c.id).collect();
    let mut later: Vec<_> = deleted.iter().map(|id| mutation(Change::ContactDeleted { id: *id })).collect();
    later.push(mutation(Change::ContactUpdated {
        contact: kontaktpunkt_domain::Contact { notes: "Ændret".into(), ..contacts[5].clone() },
    }));
    f.push(&later).await;

    let whole = f.pull_all(0, 10_000).await;
    for limit in [1, 2, 3, 7] {
        let paged = f.pull_all(0, limit).await;
        assert_eq!(paged, whole, "pages of {limit} see the same log as one page");
    }
    let seqs: Vec<u64> = whole.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "strictly increasing: {seqs:?}");

    let tombstones: BTreeSet<Uuid> = whole
        .iter()
        .filter_map(|e| match e.record {
            SyncedRecord::ContactDeleted { id } => Some(id),
            _ => None,
        })
        .collect();
    assert_eq!(tombstones, deleted.iter().copied().collect(), "each delete travels as a tombstone");
    let live: BTreeMap<Uuid, String> = whole
        .iter()
        .filter_map(|e| match &e.record {
            SyncedRecord::Contact { contact } => Some((contact.id, contact.notes.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(live.len(), 7, "deleted contacts appear only as tombstones");
    assert_eq!(live.get(&contacts[5].id).map(String::as_str), Some("Ændret"));
}

#[tokio::test]
async fn the_cursor_stays_put_past_the_end_and_a_delete_reaches_a_device_that_synced_before() {
    let f = Fixture::start().await;
    let c = contact(&f.user, &f.cvrs[0]);
    f.push(&[created(&c)]).await;
    let synced = f.pull_all(0, 100).await;
    let cursor = synced.last().map(|e| e.seq).expect("entries");
    let empty = f.page(cursor, 100).await;
    assert_eq!((empty.changes.len(), empty.cursor, empty.has_more, empty.latest), (0, cursor, false, cursor));

    f.push(&[mutation(Change::ContactDeleted { id: c.id })]).await;
    let after: Vec<ChangeEntry> = f.pull_all(cursor, 100).await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].record, SyncedRecord::ContactDeleted { id: c.id });
}

#[tokio::test]
async fn records_come_back_exactly_as_pushed() {
    let f = Fixture::start().await;
    let c = kontaktpunkt_domain::Contact {
        follow_up: Some(kontaktpunkt_domain::FollowUp { due: today(), note: "Send tilbud".into() }),
        purposes: vec![kontaktpunkt_domain::Purpose::JobTraining, kontaktpunkt_domain::Purpose::Other],
        notes: "Citat: \"fint\" – æøå\nny linje".into(),
        ..contact(&f.user, &f.cvrs[0])
    };
    let fb = feedback(&c, 3);
    f.push(&[created(&c), mutation(Change::FeedbackCreated { feedback: fb.clone() })]).await;
    let records: Vec<SyncedRecord> = f.pull_all(0, 100).await.into_iter().map(|e| e.record).collect();
    assert!(records.contains(&SyncedRecord::Contact { contact: c }));
    assert!(records.contains(&SyncedRecord::Feedback { feedback: fb }));
    let units: Vec<_> = records.iter().filter(|r| matches!(r, SyncedRecord::Unit { .. })).collect();
    assert_eq!(units.len(), 1, "units travel too");
    let author = kontaktpunkt_domain::Colleague {
        id: f.user.id,
        display_name: f.user.display_name.clone(),
        unit_id: f.user.unit_id,
    };
    assert!(
        records.contains(&SyncedRecord::Colleague { colleague: author }),
        "the author travels as a colleague"
    );
}

#[tokio::test]
async fn a_first_sync_gets_the_whole_demo_municipality_in_the_contract_shape() {
    let dirs = TestDirs::new();
    let config = kontaktpunkt_server::Config { no_demo: false, ..dirs.config() };
    let server = TestServer::start_with(dirs, &config).await;
    let user = server.state.seeded_demo_users().first().expect("demo users").clone();
    let token = server.login(&user.username, kontaktpunkt_demo::DEMO_PASSWORD).await;

    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    let mut cursor = 0;
    loop {
        let response = server
            .client
            .get(server.url(&format!("/api/sync/v1/changes?since={cursor}&limit=10000")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("pull");
        // Typed parsing checks every record the database wrote against the contract.
        let page: ChangesPage = response.json().await.expect("a page in the contract's shape");
        for entry in &page.changes {
            let kind = match entry.record {
                SyncedRecord::Company { .. } => "company",
                SyncedRecord::Unit { .. } => "unit",
                SyncedRecord::Colleague { .. } => "colleague",
                SyncedRecord::Contact { .. } => "contact",
                SyncedRecord::Feedback { .. } => "feedback",
                SyncedRecord::DoNotContact { .. } => "do_not_contact",
                _ => "other",
            };
            *counts.entry(kind).or_default() += 1;
        }
        cursor = page.cursor;
        if !page.has_more {
            assert_eq!(page.latest, cursor);
            break;
        }
    }
    let store = server.state.store();
    assert_eq!(counts.get("company").copied(), Some(store.count_companies().await.expect("count")));
    assert!(counts.get("contact").copied().unwrap_or(0) > 1000, "{counts:?}");
    assert!(counts.get("feedback").copied().unwrap_or(0) > 0, "{counts:?}");
    assert!(counts.get("do_not_contact").copied().unwrap_or(0) > 0, "{counts:?}");
    assert!(counts.get("unit").copied().unwrap_or(0) > 0, "{counts:?}");
    let users = server.state.seeded_demo_users().len() as u64;
    assert!(counts.get("colleague").copied().unwrap_or(0) >= users, "{counts:?}");
    assert_eq!(counts.get("other"), None);
}

#[tokio::test]
async fn large_pages_are_compressed() {
    let f = Fixture::start().await;
    let response = f
        .server
        .client
        .get(f.server.url("/api/sync/v1/changes?limit=10000"))
        .bearer_auth(&f.token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("pull");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
}

#[tokio::test]
async fn the_sync_endpoints_and_messages_are_in_the_openapi_document() {
    let f = Fixture::start().await;
    let document: serde_json::Value = f.server.get("/api/openapi.json").await.json().await.expect("openapi");
    for (path, method) in
        [("/api/sync/v1/push", "post"), ("/api/sync/v1/changes", "get"), ("/api/sync/v1/conflicts", "get")]
    {
        assert!(document["paths"][path][method]["security"].is_array(), "{method} {path}");
    }
    for schema in
        ["PushRequest", "PushResponse", "Outcome", "Reason", "ChangesPage", "SyncedRecord", "ConflictList"]
    {
        assert!(document["components"]["schemas"][schema].is_object(), "schema {schema} missing");
    }
}
