//! The municipality's own data on a company (key account manager, contact persons, tags,
//! shared note) is edited on the device first, reaches the server and other devices, and
//! concurrent edits of one field are decided by server order with the losing value kept for
//! the coordinator.

use kontaktpunkt_domain::contact_person::ContactPerson;
use kontaktpunkt_domain::sync::{ConflictList, ConflictSubject, SharedField, SyncedRecord};
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company};

const PENDING: &str = r#"[data-testid="pending-count"]"#;

/// The shared field's value in the server's change log.
fn field_value(records: &[SyncedRecord], cvr: &str, wanted: SharedField) -> Option<String> {
    records.iter().rev().find_map(|record| match record {
        SyncedRecord::CompanyField { company, field, value }
            if company.as_str() == cvr && *field == wanted =>
        {
            Some(value.clone().unwrap_or_default())
        }
        _ => None,
    })
}

/// Opens the edit form, fills what is given, and saves.
async fn edit(browser: &Browser, key_account: Option<&str>, tags: Option<&str>, notes: Option<&str>) {
    browser.wait_for("button#shared-edit", LONG).await.click().await.expect("edit");
    if let Some(id) = key_account {
        browser.wait_for("select#shared-key-account", LONG).await.select_by_value(id).await.expect("choose");
    }
    for (css, value) in [("input#shared-tags", tags), ("textarea#shared-notes", notes)] {
        if let Some(value) = value {
            let field = browser.wait_for(css, LONG).await;
            field.clear().await.expect("clear");
            field.send_keys(value).await.expect("type");
        }
    }
    browser.wait_for("button#shared-save", LONG).await.click().await.expect("save");
    browser.wait_for("button#shared-edit", LONG).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shared_company_fields_are_edited_offline_merged_by_server_order_and_reach_other_devices() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let cvr = company.cvr.to_string();
    let consultant = server.login("konsulent").await.user;

    let phone = Browser::start().await;
    phone.log_in(&server, "konsulent").await;
    phone.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;

    // Offline: make myself key account manager and tag the company; typed repeats collapse.
    server.kill();
    phone.open_company(&company.name, &cvr).await;
    let me_id = consultant.id.to_string();
    edit(&phone, Some(&me_id), Some("eksport, Eksport ,grøn omstilling"), Some("Ring før besøg")).await;
    phone.wait_for_text(r#"[data-testid="tags"]"#, "grøn omstilling").await;
    let tags = phone.wait_for(r#"[data-testid="tags"]"#, LONG).await.text().await.expect("tags");
    assert_eq!(tags.matches("ksport").count(), 1, "a repeated tag is kept once: {tags}");
    phone.wait_for_text(r#"[data-testid="key-account"]"#, &consultant.display_name).await;
    phone.wait_for(r#"[data-testid="shared-status"] .badge-pending"#, LONG).await;
    phone.wait_for_count(PENDING, |n| n == 1, "one pending edit").await;

    // Back online: the edit drains and the server holds each field.
    server.restart();
    phone.wait_for("button#sync-now", LONG).await.click().await.expect("sync now");
    phone.wait_for_count(PENDING, |n| n == 0, "the outbox emptying").await;
    let records = server.records().await;
    assert_eq!(field_value(&records, &cvr, SharedField::Tags).as_deref(), Some("eksport, grøn omstilling"));
    assert_eq!(field_value(&records, &cvr, SharedField::KeyAccount).as_deref(), Some(me_id.as_str()));
    assert_eq!(field_value(&records, &cvr, SharedField::Notes).as_deref(), Some("Ring før besøg"));

    // The coordinator's desktop sees them, the key account manager by name.
    let desk = Browser::start().await;
    desk.log_in(&server, "koordinator").await;
    desk.open_company(&company.name, &cvr).await;
    desk.wait_for_text(r#"[data-testid="key-account"]"#, &consultant.display_name).await;
    desk.wait_for_text(r#"[data-testid="shared-notes"]"#, "Ring før besøg").await;

    // Concurrent edits of the note: the consultant opens the form on the old note, the
    // coordinator saves first; the consultant's later save wins by server order and the
    // coordinator's note is kept in a conflict record.
    phone.wait_for("button#shared-edit", LONG).await.click().await.expect("consultant starts editing");
    phone.wait_for("textarea#shared-notes", LONG).await;
    edit(&desk, None, None, Some("Koordinatorens note")).await;
    desk.wait_for("button#sync-now", LONG).await.click().await.expect("desk syncs");
    desk.wait_for_count(PENDING, |n| n == 0, "the coordinator's edit on the server").await;
    let notes = phone.wait_for("textarea#shared-notes", LONG).await;
    notes.clear().await.expect("clear");
    notes.send_keys("Konsulentens note").await.expect("type");
    phone.wait_for("button#shared-save", LONG).await.click().await.expect("save");
    phone.wait_for("button#sync-now", LONG).await.click().await.expect("phone syncs");
    phone.wait_for_count(PENDING, |n| n == 0, "the consultant's edit on the server").await;

    let records = server.records().await;
    assert_eq!(field_value(&records, &cvr, SharedField::Notes).as_deref(), Some("Konsulentens note"));
    let conflicts: ConflictList = reqwest::Client::new()
        .get(server.url("/api/sync/v1/conflicts"))
        .bearer_auth(server.login_token("koordinator").await)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("conflicts")
        .json()
        .await
        .expect("conflict list");
    let conflict = conflicts
        .conflicts
        .iter()
        .find(|c| {
            c.company.as_str() == cvr && c.subject == ConflictSubject::Field { field: SharedField::Notes }
        })
        .expect("the concurrent note edit is recorded");
    assert_eq!(conflict.kept_value.as_deref(), Some("Konsulentens note"));
    assert_eq!(conflict.lost_value.as_deref(), Some("Koordinatorens note"));
    assert_eq!(conflict.kept_by, Some(consultant.id));

    // Both devices converge on the winner; the tags nobody touched are unchanged.
    desk.wait_for("button#sync-now", LONG).await.click().await.expect("desk pulls");
    desk.wait_for_text(r#"[data-testid="shared-notes"]"#, "Konsulentens note").await;
    desk.wait_for_text(r#"[data-testid="tags"]"#, "grøn omstilling").await;

    phone.close().await;
    desk.close().await;
}

/// The stored contact persons of the company on the server, by name.
fn person_names(records: &[SyncedRecord], cvr: &str) -> Vec<String> {
    let value = field_value(records, cvr, SharedField::ContactPersons).unwrap_or_default();
    if value.is_empty() {
        return Vec::new();
    }
    let persons: Vec<ContactPerson> = serde_json::from_str(&value).expect("the field holds a list of people");
    persons.into_iter().map(|p| p.name).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn contact_persons_are_added_checked_and_removed_in_the_form() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let cvr = company.cvr.to_string();

    let phone = Browser::start().await;
    phone.client.set_window_size(360, 800).await.expect("phone width");
    phone.log_in(&server, "konsulent").await;
    phone.open_company(&company.name, &cvr).await;
    phone.wait_for("button#shared-edit", LONG).await.click().await.expect("edit");

    // The form offers one empty row; a second is added with the button, the cursor in it.
    let row = |n: usize, field: &str| {
        format!("#shared-person-rows .person-row:nth-child({n}) input[name=person_{field}]")
    };
    let add_row = || async {
        let add = phone.wait_for(r#"button[data-action="shared-add-person"]"#, LONG).await;
        add.click().await.expect("add a row")
    };
    let remove_row = |n: usize| {
        let (phone, css) = (
            &phone,
            format!(
                r#"#shared-person-rows .person-row:nth-child({n}) button[data-action="shared-remove-person"]"#
            ),
        );
        async move { phone.wait_for(&css, LONG).await.click().await.expect("remove the row") }
    };
    for (field, value) in
        [("name", "Mette Holm"), ("role", "Direktør"), ("phone", "+45 12 34 56 78"), ("email", "mh@firma")]
    {
        phone.wait_for(&row(1, field), LONG).await.send_keys(value).await.expect("type");
    }
    add_row().await;
    phone
        .wait_until_js("document.activeElement === document.querySelector('#shared-person-rows .person-row:nth-child(2) input[name=person_name]')", LONG)
        .await;
    phone.wait_for(&row(2, "name"), LONG).await.send_keys("Jens Berg").await.expect("type");
    phone.wait_for(&row(2, "phone"), LONG).await.send_keys("86 42 00 00").await.expect("type");

    // A bad address is named by its row, in Danish, and the cursor goes to that person.
    phone.wait_for("button#shared-save", LONG).await.click().await.expect("save");
    phone.wait_for_text("#shared-persons-error", "Kontaktperson 1 har en ugyldig e-mailadresse.").await;
    phone
        .wait_until_js("document.activeElement === document.querySelector('#shared-person-rows .person-row:nth-child(1) input[name=person_name]')", LONG)
        .await;
    let email = phone.wait_for(&row(1, "email"), LONG).await;
    email.clear().await.expect("clear");
    email.send_keys("mh@firma.dk").await.expect("type");

    // Two people with one name would be one person to erasure: the second must differ.
    add_row().await;
    phone.wait_for(&row(3, "name"), LONG).await.send_keys(" mette HOLM").await.expect("type");
    phone.wait_for("button#shared-save", LONG).await.click().await.expect("save");
    phone
        .wait_for_text(
            "#shared-persons-error",
            "Kontaktperson 3 har samme navn som en anden — skriv fx mellemnavn eller efternavn.",
        )
        .await;
    remove_row(3).await;
    phone.wait_for("button#shared-save", LONG).await.click().await.expect("save");

    // Shown as cards whose numbers call; the list reaches the server.
    phone.wait_for("button#shared-edit", LONG).await;
    phone.wait_for_text(r#"[data-testid="contact-persons"]"#, "Jens Berg").await;
    // Read in one go: the panel re-renders whenever a sync lands.
    phone
        .wait_until_js(
            "document.querySelector('[data-testid=contact-person] a[href^=\"tel:\"]')?.getAttribute('href') === 'tel:+4512345678'",
            LONG,
        )
        .await;
    let fits = "const panel = document.querySelector('[data-testid=shared-fields]'); \
                return panel.scrollWidth <= panel.clientWidth;";
    assert_eq!(
        phone.client.execute(fits, vec![]).await.expect("measure"),
        serde_json::json!(true),
        "fits 360 px"
    );
    phone.wait_for_count(PENDING, |n| n == 0, "the outbox emptying").await;
    assert_eq!(person_names(&server.records().await, &cvr), ["Mette Holm", "Jens Berg"]);

    // Removing a row removes the person.
    phone.wait_for("button#shared-edit", LONG).await.click().await.expect("edit again");
    remove_row(1).await;
    phone.wait_for("button#shared-save", LONG).await.click().await.expect("save");
    phone.wait_for("button#shared-edit", LONG).await;
    phone.wait_for_count(PENDING, |n| n == 0, "the outbox emptying").await;
    let deadline = std::time::Instant::now() + LONG;
    while person_names(&server.records().await, &cvr) != ["Jens Berg"] {
        assert!(std::time::Instant::now() < deadline, "the removal never reached the server");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let shown = phone
        .client
        .execute("return document.querySelector('[data-testid=contact-persons]').textContent;", vec![])
        .await
        .expect("read the persons");
    let shown = shown.as_str().unwrap_or_default();
    assert!(!shown.contains("Mette Holm") && shown.contains("Jens Berg"), "{shown}");

    phone.close().await;
}
