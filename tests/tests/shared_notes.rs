//! A consultant shares a contact's notes with every unit: another unit's consultant sees that
//! note on their own device, and still not the notes the author kept for the unit.

use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company};

/// Saves a visit with `notes` (shared or not) and returns its id once the server has it.
async fn log_visit(browser: &Browser, server: &TestServer, notes: &str, shared: bool) -> String {
    if shared {
        browser.wait_for("input#contact-notes-shared", LONG).await.click().await.expect("share the notes");
    }
    browser.save_contact("visit", notes).await;
    let id = browser.contact_id_by_notes(notes).await;
    let stored = server.wait_for_contact(&id).await;
    assert_eq!(stored.last().map(|c| c.notes_shared), Some(shared), "stored as chosen: {stored:?}");
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_note_reaches_another_units_device_and_an_unshared_one_does_not() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let karen = Browser::start().await;
    karen.log_in(&server, "konsulent").await;
    karen.open_company(&company.name, company.cvr.as_str()).await;
    let shared_note = "Søger tre lærlinge til foråret";
    let kept_note = "Medarbejder sygemeldt, fleksjob drøftet";
    let shared = log_visit(&karen, &server, shared_note, true).await;
    // The form starts afresh: the next contact is not shared unless ticked again.
    let ticked = karen
        .client
        .execute("return document.querySelector('input#contact-notes-shared').checked;", vec![])
        .await
        .expect("checkbox");
    assert_eq!(ticked.as_bool(), Some(false));
    let kept = log_visit(&karen, &server, kept_note, false).await;

    // Henrik is in the jobcenter, another unit.
    let henrik = Browser::start().await;
    henrik.log_in(&server, "henrik.madsen").await;
    henrik.open_company(&company.name, company.cvr.as_str()).await;
    let item = |id: &str| format!(r#"li[data-testid="contact-item"][data-id="{id}"]"#);
    let shared_text = henrik.wait_for(&item(&shared), LONG).await.text().await.expect("text");
    assert!(shared_text.contains(shared_note), "the shared note is shown: {shared_text}");
    let kept_text = henrik.wait_for(&item(&kept), LONG).await.text().await.expect("text");
    assert!(kept_text.contains("Karen"), "the contact itself is shown: {kept_text}");
    let page = henrik.client.source().await.expect("page source");
    assert!(!page.contains(kept_note), "the unshared note never reaches the other unit's page");
    // Nor its device: the note is not in Henrik's IndexedDB.
    let stored: serde_json::Value = henrik
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const open = indexedDB.open('kontaktpunkt');
               open.onsuccess = () => { const db = open.result;
                 const all = db.transaction(['contacts']).objectStore('contacts').getAll();
                 all.onsuccess = () => { db.close(); done(JSON.stringify(all.result)); }; };"#,
            vec![],
        )
        .await
        .expect("read contacts");
    let stored = stored.as_str().expect("JSON text");
    assert!(
        stored.contains(shared_note) && !stored.contains(kept_note),
        "the device holds only the shared note"
    );

    karen.close().await;
    henrik.close().await;
}
