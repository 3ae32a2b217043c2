//! The store on its own, in a real browser (headless Chromium through
//! `wasm-bindgen-test-runner`): pulled pages queued one behind another.

use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// A change-log page with one company, as `JSON.parse` gives it.
fn page_of(cvr: &str, seq: u64) -> js_sys::Array {
    let json = format!(
        r#"[{{"seq":{seq},"record":{{"entity":"company","company":{{"cvr":"{cvr}","name":"Firma {cvr}"}}}}}}]"#
    );
    js_sys::JSON::parse(&json).expect("a page").unchecked_into()
}

/// The store opened on a database deleted first.
async fn empty_store() -> Store {
    let factory = idb::Factory::new().expect("IndexedDB");
    let _ = factory.delete(DB_NAME).expect("delete").await;
    Store::open(|| {}).await.expect("open the store")
}

#[wasm_bindgen_test]
async fn a_page_queued_behind_a_lost_page_stores_nothing_and_pages_queued_in_a_row_all_arrive() {
    let store = empty_store().await;
    let user_id = uuid::Uuid::now_v7();
    let meta = |cursor| SyncMeta { user_id, cursor, complete: false, last_sync_at: None };
    let cursor = |store: &Store| {
        let store = store.clone();
        async move { store.sync_meta().await.expect("meta").map(|m| m.cursor) }
    };

    let first = store.store_changes(&page_of("10000001", 1), &meta(1), None).expect("queued");
    assert_eq!(first.stored().await.expect("stored").companies, 1);
    assert_eq!(cursor(&store).await, Some(1));

    // Queued behind a page that would have stored cursor 5: that page was lost, so this one
    // must not be kept either (its cursor would skip the lost page's changes).
    let behind_lost = store.store_changes(&page_of("10000002", 6), &meta(6), Some(5)).expect("queued");
    assert!(behind_lost.stored().await.is_err(), "refused behind a lost page");
    assert_eq!(store.company_count().await.expect("count"), 1, "nothing of it stored");
    assert_eq!(cursor(&store).await, Some(1), "the cursor stays where the last stored page left it");

    // Two pages queued before either is awaited, the second behind the first: both arrive.
    let second = store.store_changes(&page_of("10000003", 2), &meta(2), Some(1)).expect("queued");
    let third = store.store_changes(&page_of("10000004", 3), &meta(3), Some(2)).expect("queued");
    assert_eq!(third.stored().await.expect("the third stored").cursor, 3);
    assert_eq!(second.stored().await.expect("the second stored").cursor, 2);
    assert_eq!(store.company_count().await.expect("count"), 3);
    assert_eq!(cursor(&store).await, Some(3));
    store.close();
}

#[wasm_bindgen_test]
async fn a_recent_layer_is_read_only_beside_the_snapshot_it_was_kept_for() {
    use super::catalog::CompaniesStamp;
    let store = empty_store().await;
    let user_id = uuid::Uuid::now_v7();
    let meta = |cursor| SyncMeta { user_id, cursor, complete: true, last_sync_at: None };
    let read = |store: &Store| {
        let store = store.clone();
        async move { store.catalog_snapshot().await.expect("read").expect("a snapshot") }
    };
    let pulled = store.store_changes(&page_of("10000001", 1), &meta(1), None).expect("queued");
    pulled.stored().await.expect("stored");
    assert!(store.catalog_snapshot().await.expect("read").is_none(), "none kept yet");

    let base = store.save_catalog_snapshot(CompaniesStamp::at(1), &[1, 2, 3]).await.expect("kept");
    let kept = read(&store).await;
    assert_eq!((kept.bytes, kept.recent, kept.base, kept.fresh), (vec![1, 2, 3], None, base, true));

    // A sync changes a company: the snapshot alone is no longer what the companies are…
    let pulled = store.store_changes(&page_of("10000002", 2), &meta(2), Some(1)).expect("queued");
    pulled.stored().await.expect("stored");
    assert!(!read(&store).await.fresh);
    // …until the recent layer for them is kept beside it.
    store.save_catalog_recent(CompaniesStamp::at(2), base, &[9]).await.expect("kept");
    let kept = read(&store).await;
    assert_eq!((kept.bytes, kept.recent, kept.fresh), (vec![1, 2, 3], Some(vec![9]), true));

    // A recent layer kept for another snapshot (another tab's, say) is not read with this one.
    store.save_catalog_recent(CompaniesStamp::at(2), base + 1.0, &[8]).await.expect("kept");
    let kept = read(&store).await;
    assert_eq!((kept.recent, kept.fresh), (None, false));

    // A new snapshot replaces both.
    store.save_catalog_recent(CompaniesStamp::at(2), base, &[7]).await.expect("kept");
    let again = store.save_catalog_snapshot(CompaniesStamp::at(2), &[4, 5]).await.expect("kept");
    assert_ne!(again, base);
    let kept = read(&store).await;
    assert_eq!((kept.bytes, kept.recent, kept.base, kept.fresh), (vec![4, 5], None, again, true));
    store.close();
}

mod contact_facts {
    use super::super::*;
    use crate::outbox::{OutboxEntry, Undo};
    use chrono::NaiveDate;
    use kontaktpunkt_domain::sync::{Change, ChangeEntry, SyncedRecord};
    use kontaktpunkt_domain::{Contact, ContactKind, Cvr, Purpose};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn contact(n: u128, cvr: &str, unit: u128, date: &str) -> Contact {
        Contact {
            id: Uuid::from_u128(n),
            company: Cvr::parse(cvr).expect("a CVR number"),
            unit_id: Uuid::from_u128(unit),
            user_id: Uuid::from_u128(unit + 100),
            kind: ContactKind::Visit,
            purposes: vec![Purpose::Recruitment],
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date"),
            notes: "Noter, som skrivebordet aldrig læser".into(),
            follow_up: None,
            do_not_contact_reason: None,
            notes_shared: false,
        }
    }

    /// A change-log page of `records` from `seq` on, as `JSON.parse` gives it.
    fn page(seq: u64, records: Vec<SyncedRecord>) -> js_sys::Array {
        records
            .into_iter()
            .zip(seq..)
            .map(|(record, seq)| to_js(&ChangeEntry { seq, record }).expect("a change"))
            .collect()
    }

    async fn pull(store: &Store, changes: js_sys::Array, cursor: u64) {
        let meta = SyncMeta { user_id: Uuid::from_u128(1), cursor, complete: true, last_sync_at: None };
        store.store_changes(&changes, &meta, None).expect("queued").stored().await.expect("stored");
    }

    fn entry(change: Change, undo: Option<Undo>) -> OutboxEntry {
        OutboxEntry::new(Uuid::now_v7(), change, Uuid::from_u128(1), "2026-03-01T10:00:00Z".into(), undo)
    }

    /// The desk's contacts (from the facts log) are exactly the contacts store's, read whole;
    /// answers their ids.
    async fn facts_follow_contacts(store: &Store) -> Vec<Uuid> {
        let mut facts: Vec<(Uuid, kontaktpunkt_domain::overview::ContactFact)> =
            store.desk_facts().await.expect("facts").contacts.into_iter().map(|c| (c.id, c.fact)).collect();
        let whole = store.desk_records::<StoredContact>().await.expect("contacts").contacts;
        let mut expected: Vec<_> = whole.iter().filter_map(|c| Some((c.id, c.fact()?))).collect();
        facts.sort_by_key(|(id, _)| *id);
        expected.sort_by_key(|(id, _)| *id);
        assert_eq!(facts, expected, "the facts log says what the contacts store holds");
        facts.into_iter().map(|(id, _)| id).collect()
    }

    async fn log_records(store: &Store) -> u32 {
        let tx = store.db.transaction(&[CONTACT_FACTS], TransactionMode::ReadOnly).expect("tx");
        tx.object_store(CONTACT_FACTS).expect("store").count(None).expect("count").await.expect("counted")
    }

    #[wasm_bindgen_test]
    async fn the_contact_facts_follow_pulls_local_logs_edits_deletes_undos_compaction_and_logout() {
        let _ = idb::Factory::new().expect("IndexedDB").delete(DB_NAME).expect("delete").await;
        let store = Store::open(|| {}).await.expect("open the store");
        let ids = |ns: &[u128]| ns.iter().map(|&n| Uuid::from_u128(n)).collect::<Vec<_>>();

        // A pulled page: three contacts, one edited and one deleted in the same page.
        let mut edited = contact(2, "25052943", 8, "2026-02-02");
        pull(
            &store,
            page(
                1,
                vec![
                    SyncedRecord::Contact { contact: contact(1, "25052943", 7, "2026-02-01") },
                    SyncedRecord::Contact { contact: edited.clone() },
                    SyncedRecord::Contact { contact: contact(3, "10001161", 7, "2026-02-03") },
                    SyncedRecord::ContactDeleted { id: Uuid::from_u128(3) },
                ],
            ),
            4,
        )
        .await;
        edited.unit_id = Uuid::from_u128(9);
        edited.date = NaiveDate::from_ymd_opt(2026, 2, 20).expect("a date");
        pull(&store, page(5, vec![SyncedRecord::Contact { contact: edited.clone() }]), 5).await;
        assert_eq!(facts_follow_contacts(&store).await, ids(&[1, 2]));
        let desk = store.desk_facts().await.expect("facts");
        let two = desk.contacts.iter().find(|c| c.id == edited.id).expect("the edited contact");
        assert_eq!((two.fact.unit_id, two.fact.date), (edited.unit_id, edited.date), "the later version");

        // Logged on the device, then edited, then another deleted: each with its outbox entry.
        let mine = contact(10, "10001161", 7, "2026-03-01");
        let logged = entry(
            Change::ContactCreated { contact: mine.clone() },
            Some(Undo::DeleteContact { id: mine.id }),
        );
        store.record(&[LocalWrite::Contact(mine.clone(), None)], &logged).await.expect("logged");
        assert_eq!(facts_follow_contacts(&store).await, ids(&[1, 2, 10]));
        let mut changed = mine.clone();
        changed.kind = ContactKind::Phone;
        let edit = entry(
            Change::ContactUpdated { contact: changed.clone() },
            Some(Undo::RestoreContact { contact: mine.clone() }),
        );
        store.record(&[LocalWrite::Contact(changed.clone(), None)], &edit).await.expect("edited");
        let first = contact(1, "25052943", 7, "2026-02-01");
        let delete = entry(
            Change::ContactDeleted { id: first.id },
            Some(Undo::RestoreContact { contact: first.clone() }),
        );
        store.record(&[LocalWrite::DeleteContact(first.id)], &delete).await.expect("deleted");
        assert_eq!(facts_follow_contacts(&store).await, ids(&[2, 10]));
        let desk = store.desk_facts().await.expect("facts");
        assert_eq!(
            desk.contacts.iter().find(|c| c.id == mine.id).map(|c| c.fact.kind),
            Some(ContactKind::Phone)
        );

        // Discarded in reverse: the delete's undo puts the contact back, the edit's restores
        // the first version, the log's undo deletes it.
        let keys: Vec<u64> = store.outbox().await.expect("outbox").iter().map(|q| q.key).collect();
        assert_eq!(keys.len(), 3);
        store.discard(keys[2], None).await.expect("undo the delete");
        assert_eq!(facts_follow_contacts(&store).await, ids(&[1, 2, 10]));
        store.discard(keys[1], None).await.expect("undo the edit");
        let desk = store.desk_facts().await.expect("facts");
        assert_eq!(
            desk.contacts.iter().find(|c| c.id == mine.id).map(|c| c.fact.kind),
            Some(ContactKind::Visit)
        );
        store.discard(keys[0], None).await.expect("undo the log");
        assert_eq!(facts_follow_contacts(&store).await, ids(&[1, 2]));

        // A stored contact the desk cannot read (no date) counts as gone, also over its
        // earlier facts.
        let unreadable = js_sys::JSON::parse(&format!(
            r#"[{{"seq":6,"record":{{"entity":"contact","contact":{{"id":"{}","company":"25052943",
            "unit_id":"{}","user_id":"{}","kind":"visit","purposes":[],"date":"not a date"}}}}}}]"#,
            Uuid::from_u128(2),
            Uuid::from_u128(8),
            Uuid::from_u128(108)
        ))
        .expect("a page")
        .unchecked_into();
        pull(&store, unreadable, 6).await;
        assert_eq!(facts_follow_contacts(&store).await, ids(&[1]));

        // Many small pages make a long log; after compaction it is one record saying the same.
        for n in 0..70u64 {
            let c = contact(1000 + u128::from(n), "25052943", u128::from(n % 4), "2026-01-15");
            let mut records = vec![SyncedRecord::Contact { contact: c }];
            if n % 10 == 0 {
                records.push(SyncedRecord::ContactDeleted { id: Uuid::from_u128(1000 + u128::from(n)) });
            }
            pull(&store, page(100 + 2 * n, records), 101 + 2 * n).await;
        }
        assert!(log_records(&store).await > 64);
        let before = facts_follow_contacts(&store).await;
        assert_eq!(before.len(), 1 + 63);
        store.compact_contact_facts().await.expect("compacted");
        assert_eq!(log_records(&store).await, 1);
        assert_eq!(facts_follow_contacts(&store).await, before);
        // Short logs are left as they are; the next write still counts after a compaction.
        pull(&store, page(300, vec![SyncedRecord::ContactDeleted { id: Uuid::from_u128(1) }]), 300).await;
        store.compact_contact_facts().await.expect("nothing to compact");
        assert_eq!(log_records(&store).await, 2);
        assert_eq!(facts_follow_contacts(&store).await.len(), 63);

        // Logout forgets the facts with the contacts.
        store.forget_records().await.expect("forgotten");
        assert_eq!(facts_follow_contacts(&store).await, Vec::<Uuid>::new());
        assert_eq!(log_records(&store).await, 0);
        store.close();
    }
}
