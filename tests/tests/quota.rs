//! A full device: saving a contact when the browser's storage quota is used up tells the user
//! in plain Danish and keeps what they typed; once there is room, the same form saves and the
//! contact reaches the server once.

use fantoccini::Locator;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company};

/// The origin's storage quota for this test: the demo municipality needs about 8 MB.
const QUOTA_BYTES: f64 = 60_000_000.0;

/// Fills the origin's storage with incompressible data in another database until the browser
/// refuses even 512 bytes more, as photos and other apps would on a real phone.
const FILL_STORAGE: &str = r#"
const done = arguments[arguments.length - 1];
const request = indexedDB.open('filler', 1);
request.onupgradeneeded = () => request.result.createObjectStore('blobs', { autoIncrement: true });
request.onerror = () => done('open failed: ' + String(request.error));
request.onsuccess = () => {
  const db = request.result;
  let size = 1 << 20;
  let refusals = [];
  const add = () => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
    const tx = db.transaction('blobs', 'readwrite');
    tx.objectStore('blobs').add(bytes);
    tx.oncomplete = add;
    tx.onabort = () => {
      refusals.push(tx.error && tx.error.name);
      size = size / 2;
      if (size >= 512) add(); else { db.close(); done(refusals); }
    };
  };
  add();
};
"#;

const FREE_STORAGE: &str = r#"
const done = arguments[arguments.length - 1];
const request = indexedDB.deleteDatabase('filler');
request.onsuccess = () => done('ok');
request.onerror = () => done('delete failed: ' + String(request.error));
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_full_device_is_explained_and_the_typed_contact_is_kept() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let cvr = company.cvr.to_string();

    let phone = Browser::start().await;
    // Chromium honours a quota override only for an origin that has not stored anything yet.
    phone
        .devtools(
            "Storage.overrideQuotaForOrigin",
            serde_json::json!({ "origin": server.url(""), "quotaSize": QUOTA_BYTES }),
        )
        .await;
    phone.log_in(&server, "konsulent").await;
    phone.open_company(&company.name, &cvr).await;

    let refusals = phone.client.execute_async(FILL_STORAGE, vec![]).await.expect("fill the storage");
    let refusals: Vec<Option<String>> = serde_json::from_value(refusals).expect("the filler's refusals");
    assert!(
        !refusals.is_empty() && refusals.iter().all(|r| r.as_deref() == Some("QuotaExceededError")),
        "the browser refused more data for the quota: {refusals:?}"
    );

    let note = "Vigtigt møde om nye lokaler — må ikke gå tabt";
    phone.save_contact("meeting", note).await;

    // Told why, in Danish; the form still holds the text; nothing half-saved.
    phone.wait_for_text(r#"#contact-form [data-testid="form-error"]"#, "ikke mere lagerplads").await;
    let kept = phone.wait_for("textarea#contact-notes", LONG).await.prop("value").await.expect("read notes");
    assert_eq!(kept.as_deref(), Some(note), "the typed notes stay in the form");
    let items =
        phone.client.find_all(Locator::Css(r#"li[data-testid="contact-item"]"#)).await.expect("items");
    assert!(items.is_empty(), "no contact was shown as saved");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n == 0, "an outbox still empty").await;

    // Room again (the user deleted something): the same form saves, and the contact syncs.
    let freed = phone.client.execute_async(FREE_STORAGE, vec![]).await.expect("free the storage");
    assert_eq!(freed, serde_json::json!("ok"));
    phone.wait_for("button#contact-save", LONG).await.click().await.expect("save again");
    let contact_id = phone.attr_of(r#"li[data-testid="contact-item"]"#, "data-id").await;
    let error = phone.client.find_all(Locator::Css(r#"#contact-form [data-testid="form-error"]"#)).await;
    assert!(error.map(|e| e.is_empty()).unwrap_or(true), "the storage message is gone after a save");
    phone.wait_for_count(r#"[data-testid="pending-count"]"#, |n| n == 0, "the outbox emptying").await;

    let notes: Vec<String> =
        server.wait_for_contact(&contact_id).await.into_iter().map(|c| c.notes).collect();
    assert_eq!(notes, [note], "the server holds the contact once, as typed");

    phone.close().await;
}
