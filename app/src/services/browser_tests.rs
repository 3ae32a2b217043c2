//! The sync service on its own, in a real browser (headless Chromium through
//! `wasm-bindgen-test-runner`): a real IndexedDB, the real outbox, and a server that is not
//! there (the runner's origin has no API), so every push fails the way a dead network does.

use super::*;
use crate::i18n::Key;
use crate::outbox::EntryStatus;
use kontaktpunkt_domain::{Contact, ContactKind, Cvr, Purpose, Role, User};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: u32) {
    crate::js::sleep(ms as i32).await;
}

/// Polls `condition` for up to ten seconds.
async fn eventually(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        sleep(100).await;
    }
    panic!("{what} never happened");
}

/// A fresh database and the services over it, logged in as a consultant of one unit.
async fn services_for_a_consultant() -> (Owner, Records, SyncService, Uuid, Uuid) {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let factory = idb::Factory::new().expect("IndexedDB");
    let _ = factory.delete(crate::store::DB_NAME).expect("delete").await;
    let store = Store::open(|| {}).await.expect("open the store");
    let (user_id, unit_id) = (Uuid::now_v7(), Uuid::now_v7());
    let user = User {
        id: user_id,
        username: "karen".into(),
        display_name: "Karen".into(),
        role: Role::Consultant,
        unit_id: Some(unit_id),
    };
    let session = Session { token: "not-a-real-token".into(), user, unit: None };
    store.save_session(&session).await.expect("save the session");
    let owner = Owner::new();
    owner.set();
    provide(store, Some(session));
    (owner, expect_context::<Records>(), expect_context::<SyncService>(), user_id, unit_id)
}

fn visit(user_id: Uuid, unit_id: Uuid) -> Contact {
    Contact {
        id: Uuid::now_v7(),
        company: Cvr::parse("25052943").expect("valid CVR"),
        unit_id,
        user_id,
        kind: ContactKind::Visit,
        purposes: vec![Purpose::Recruitment],
        date: crate::services::records::today(),
        notes: "Møde i kantinen".into(),
        follow_up: None,
        do_not_contact_reason: None,
        notes_shared: false,
    }
}

// One test: the services live as long as the page (as in the app), and their timers would
// outlive a second test's owner.
#[wasm_bindgen_test]
async fn a_saved_contact_waits_in_the_outbox_while_no_server_answers_and_a_discard_takes_it_back() {
    let (owner, records, sync, user_id, unit_id) = services_for_a_consultant().await;
    std::mem::forget(owner);
    let contact = visit(user_id, unit_id);
    records.log_contact(contact.clone()).await.expect("saved on the device");

    // Saved locally at once: the contact is on the company and its entry in the outbox.
    let stored = records.company_records(contact.company.clone()).await.expect("read back");
    assert!(stored.contacts.iter().any(|c| c.id == contact.id), "the contact is on the device");
    // The push that followed the save found no server: the entry stays, and the bar says why.
    eventually("a failed push", || untrack(|| !sync.running() && sync.problem().is_some())).await;
    assert_eq!(untrack(|| sync.problem()), Some(Key::ErrServer));
    let mut entries = records.outbox_entries().await.expect("outbox");
    assert_eq!(entries.len(), 1, "one entry for one contact");
    assert_eq!(entries[0].status, EntryStatus::Pending);
    assert_eq!(entries[0].record_id, Some(contact.id));
    assert_eq!(untrack(|| sync.counts()).pending, 1);
    assert_eq!(sync.unsynced(), 1, "logging out now would strand it");

    // The user discards it: the contact leaves the device with its entry.
    records.discard(entries.remove(0)).await.expect("discard");
    let stored = records.company_records(contact.company.clone()).await.expect("read back");
    assert!(stored.contacts.is_empty(), "the discarded contact is gone from the device");
    assert!(records.outbox_entries().await.expect("outbox").is_empty());
    eventually("an empty count", || untrack(|| sync.counts()).pending == 0).await;
}
