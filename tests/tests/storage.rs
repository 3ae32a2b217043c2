//! The device's storage across releases: a schema upgrade that another tab blocks waits with a
//! message, then migrates, and nothing the old release had queued is lost; a version-5 device
//! full of synced contacts upgrades, and its desk counts them from the new facts log.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, Local};
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company, contacts_with_id};
use serde_json::json;
use uuid::Uuid;

const PENDING: &str = r#"[data-testid="pending-count"]"#;

/// Writes a version-2 database the way the previous app release left it — a logged-in session
/// and one contact still in the outbox — and keeps that connection open, deaf to upgrade
/// requests, like a forgotten old tab.
const OLD_RELEASE_DATABASE: &str = r#"
const [session, contact, entry, done] = arguments;
const request = indexedDB.open('kontaktpunkt', 2);
request.onupgradeneeded = () => {
  const db = request.result;
  db.createObjectStore('companies', { keyPath: 'cvr' }).createIndex('name', 'name');
  db.createObjectStore('meta');
  db.createObjectStore('contacts', { keyPath: 'id' }).createIndex('company', 'company');
  const feedback = db.createObjectStore('feedback', { keyPath: 'id' });
  feedback.createIndex('company', 'company');
  feedback.createIndex('contact_id', 'contact_id');
  db.createObjectStore('do_not_contact', { keyPath: 'company' });
  db.createObjectStore('units', { keyPath: 'id' });
  db.createObjectStore('outbox', { keyPath: 'key', autoIncrement: true });
};
request.onerror = () => done('open failed: ' + request.error);
request.onsuccess = () => {
  const db = request.result;
  window.oldTab = db;
  const tx = db.transaction(['meta', 'contacts', 'outbox'], 'readwrite');
  tx.objectStore('meta').put(session, 'session');
  tx.objectStore('contacts').put(contact);
  tx.objectStore('outbox').add(entry);
  tx.oncomplete = () => done('ok');
  tx.onerror = () => done('write failed: ' + tx.error);
};
"#;

#[tokio::test(flavor = "multi_thread")]
async fn an_upgrade_blocked_by_an_old_tab_waits_with_a_message_then_keeps_the_old_outbox() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let login = server.login("konsulent").await;
    let user = &login.user;
    let (contact_id, mutation_id) = (Uuid::now_v7(), Uuid::now_v7());
    let note = "Skrevet af den gamle version";
    let contact = json!({
        "id": contact_id, "company": company.cvr, "unit_id": user.unit_id, "user_id": user.id,
        "kind": "visit", "purposes": ["business_development"], "date": "2026-01-15",
        "notes": note, "follow_up": null
    });
    let entry = json!({
        "mutation": { "id": mutation_id, "change": { "type": "contact_created", "contact": contact } },
        "owner": user.id, "status": "pending", "created_at": "2026-01-15T10:00:00Z",
        "undo": { "kind": "delete_contact", "id": contact_id },
        "id": mutation_id, "kind": "contact_created", "company": company.cvr, "record_id": contact_id
    });

    // The old release's tab: a page of the app's origin that does not run the app.
    let browser = Browser::start().await;
    browser.client.goto(&server.url("/api/health")).await.expect("a page of the origin");
    let old_tab = browser.client.window().await.expect("window handle");
    let session = serde_json::to_value(&login).expect("session json");
    let written = browser
        .client
        .execute_async(OLD_RELEASE_DATABASE, vec![session, contact, entry])
        .await
        .expect("write the old database");
    assert_eq!(written, json!("ok"));

    // The new release opens in another tab: the upgrade is blocked, and it says why.
    let new_tab = browser.client.new_window(true).await.expect("new tab").handle;
    browser.client.switch_to_window(new_tab.clone()).await.expect("to the new tab");
    browser.client.goto(&server.url("/")).await.expect("open the app");
    browser.wait_for_text("#boot", "anden fane").await;

    // The old tab goes away: the upgrade proceeds by itself, still logged in.
    browser.client.switch_to_window(old_tab).await.expect("to the old tab");
    browser.client.execute("window.oldTab.close(); return true;", vec![]).await.expect("close old tab");
    browser.client.switch_to_window(new_tab).await.expect("back to the app");
    browser.wait_for(r#"[data-testid="company-count"]"#, LONG).await;
    let stores: serde_json::Value = browser
        .client
        .execute_async(
            "const done = arguments[0]; const r = indexedDB.open('kontaktpunkt'); \
             r.onsuccess = () => { const db = r.result; const tx = db.transaction(['companies', 'feedback']); \
             const indexes = (name) => Array.from(tx.objectStore(name).indexNames); \
             done([db.version, Array.from(db.objectStoreNames), indexes('companies'), indexes('feedback')]); db.close(); };",
            vec![],
        )
        .await
        .expect("read the schema");
    assert_eq!(stores[0], json!(6), "upgraded to the current schema: {stores}");
    // Version 5 dropped the two indexes nothing read.
    assert_eq!(stores[2], json!([]), "companies keep no name index: {stores}");
    assert_eq!(stores[3], json!(["company"]), "feedback is found by company only: {stores}");
    for store in ["company_fields", "planned", "contact_facts"] {
        assert!(stores[1].as_array().is_some_and(|s| s.contains(&json!(store))), "{store}: {stores}");
    }

    // The old release's queued contact is pushed once and stays on the device.
    browser.wait_for_count(PENDING, |n| n == 0, "the migrated outbox emptying").await;
    let on_server = contacts_with_id(&server.records().await, &contact_id.to_string()).len();
    assert_eq!(on_server, 1, "the old outbox entry reached the server exactly once");
    browser.open_company(&company.name, company.cvr.as_str()).await;
    browser.wait_for(&format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"]"#), LONG).await;
    browser.close().await;
}

/// True once a sync has ended and none runs.
const SYNC_IDLE: &str = "document.querySelector('[data-testid=last-sync]')?.dataset.time
     && document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false'";

/// Turns the device's database back into what release 5 left: every store but the contact
/// facts log, with every record (and the `meta` keys), at version 5. Run in a page of the
/// origin that does not run the app, so no connection blocks the rewrite.
const BACK_TO_VERSION_5: &str = r#"
const done = arguments[0];
const fail = (what) => (event) => done(what + ': ' + (event.target.error || 'blocked'));
const current = indexedDB.open('kontaktpunkt');
current.onerror = fail('open');
current.onsuccess = () => {
  const db = current.result;
  const names = Array.from(db.objectStoreNames).filter((name) => name !== 'contact_facts');
  const tx = db.transaction(names);
  const stores = names.map((name) => {
    const store = tx.objectStore(name);
    const kept = { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement,
      indexes: Array.from(store.indexNames).map((i) => [i, store.index(i).keyPath]) };
    store.getAll().onsuccess = (e) => { kept.values = e.target.result; };
    store.getAllKeys().onsuccess = (e) => { kept.keys = e.target.result; };
    return kept;
  });
  tx.oncomplete = () => {
    db.close();
    const deleted = indexedDB.deleteDatabase('kontaktpunkt');
    deleted.onerror = fail('delete');
    deleted.onsuccess = () => {
      const old = indexedDB.open('kontaktpunkt', 5);
      old.onupgradeneeded = () => {
        for (const s of stores) {
          const options = s.keyPath === null ? { autoIncrement: s.autoIncrement } : { keyPath: s.keyPath, autoIncrement: s.autoIncrement };
          const store = old.result.createObjectStore(s.name, options);
          for (const [name, keyPath] of s.indexes) store.createIndex(name, keyPath);
        }
      };
      old.onerror = fail('open version 5');
      old.onsuccess = () => {
        const db = old.result;
        const write = db.transaction(names, 'readwrite');
        let contacts = 0;
        for (const s of stores) {
          const store = write.objectStore(s.name);
          s.values.forEach((value, i) => s.keyPath === null ? store.put(value, s.keys[i]) : store.put(value));
          if (s.name === 'contacts') contacts = s.values.length;
        }
        write.oncomplete = () => { db.close(); done([db.version, names, contacts]); };
        write.onerror = fail('write');
      };
    };
  };
};
"#;

/// Companies with contacts from two or more units in the last 30 days, from the change log's
/// final state (as the desk test counts them).
fn parallel_companies(records: &[SyncedRecord]) -> usize {
    let mut contacts = BTreeMap::new();
    for record in records {
        match record {
            SyncedRecord::Contact { contact } => drop(contacts.insert(contact.id, contact.clone())),
            SyncedRecord::ContactDeleted { id } => drop(contacts.remove(id)),
            _ => {}
        }
    }
    let today = Local::now().date_naive();
    let from = today.checked_sub_days(Days::new(30)).expect("a date");
    let mut units: HashMap<_, HashSet<_>> = HashMap::new();
    for contact in contacts.values().filter(|c| c.date >= from && c.date <= today) {
        units.entry(contact.company.clone()).or_default().insert(contact.unit_id);
    }
    units.values().filter(|u| u.len() >= 2).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_5_device_with_synced_contacts_upgrades_and_its_desk_counts_them() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let expected = parallel_companies(&server.records().await);
    assert!(expected > 0, "the demo has parallel contacts to count");

    // A coordinator's device synced everything; then its database is made a version-5 one
    // (the release before the facts log), with the sync's cursor: nothing is pulled again.
    let browser = Browser::start().await;
    browser.client.set_window_size(1280, 900).await.expect("desktop size");
    browser.log_in(&server, "koordinator").await;
    browser.wait_until_js(SYNC_IDLE, LONG).await;
    browser.client.goto(&server.url("/api/health")).await.expect("a page of the origin");
    let old = browser.client.execute_async(BACK_TO_VERSION_5, vec![]).await.expect("back to version 5");
    assert_eq!(old[0], json!(5), "a version-5 database: {old}");
    assert!(!old[1].as_array().is_some_and(|names| names.contains(&json!("contact_facts"))), "{old}");
    assert!(old[2].as_u64().is_some_and(|n| n > 100), "with the synced contacts: {old}");

    // The new release upgrades it; the desk's parallel count comes from the facts the
    // upgrade wrote for the contacts already there.
    browser.client.goto(&server.url("/")).await.expect("open the app");
    browser.wait_until_js(SYNC_IDLE, LONG).await;
    browser.wait_for("#open-desk", LONG).await.click().await.expect("open the desk");
    let shown = browser.wait_for_text(r#"[data-testid="parallel-count"]"#, &expected.to_string()).await;
    assert_eq!(shown.trim().replace('.', ""), expected.to_string());
    let version = browser
        .client
        .execute_async(
            "const done = arguments[0]; const r = indexedDB.open('kontaktpunkt'); \
             r.onsuccess = () => { done(r.result.version); r.result.close(); };",
            vec![],
        )
        .await
        .expect("the version");
    assert_eq!(version, json!(6));
    browser.close().await;
}
