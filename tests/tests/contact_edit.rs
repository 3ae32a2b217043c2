//! Editing one's own contact in the app: "Ret" fills the form with it, the save replaces it on
//! the device and reaches the server as an edit of the same contact (same id, same author),
//! and another device sees the new text.

use std::time::{Duration, Instant};

use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company, contacts_with_id};

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_edits_an_own_contact_and_the_server_gets_the_edit() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.open_company(&company.name, company.cvr.as_str()).await;
    let notes = "Besøg med en tastefjl";
    browser.save_contact("visit", notes).await;
    let id = browser.contact_id_by_notes(notes).await;
    let first = server.wait_for_contact(&id).await;
    let item = format!(r#"li[data-testid="contact-item"][data-id="{id}"]"#);
    browser.wait_for(&format!(r#"{item}[data-pending="false"]"#), LONG).await;

    browser
        .wait_for(&format!(r#"{item} [data-testid="contact-edit"]"#), LONG)
        .await
        .click()
        .await
        .expect("edit");
    browser.wait_for_text("#contact-form-title", "Ret kontakt").await;
    let filled = browser
        .client
        .execute("return document.querySelector('textarea#contact-notes').value;", vec![])
        .await
        .expect("the notes field");
    assert_eq!(filled.as_str(), Some(notes), "the form holds the contact being edited");
    let field = browser.wait_for("textarea#contact-notes", LONG).await;
    field.clear().await.expect("clear notes");
    let fixed = "Besøg uden tastefejl";
    field.send_keys(fixed).await.expect("type notes");
    browser.wait_for("button#contact-save", LONG).await.click().await.expect("save the edit");
    browser.wait_for_text(&item, fixed).await;
    browser.wait_for_text("#contact-form-title", "Log kontakt").await;

    let deadline = Instant::now() + LONG;
    loop {
        let records = server.records().await;
        let copies = contacts_with_id(&records, &id);
        if let Some(latest) = copies.last().filter(|c| c.notes == fixed) {
            assert_eq!(latest.user_id, first[0].user_id, "the edit keeps the author");
            assert_eq!(latest.unit_id, first[0].unit_id, "and the unit");
            assert_eq!(latest.date, first[0].date, "and the date");
            break;
        }
        assert!(Instant::now() < deadline, "the edit never reached the server: {copies:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // Another device of the same consultant: the edited text, once.
    let other = Browser::start().await;
    other.log_in(&server, "konsulent").await;
    other.open_company(&company.name, company.cvr.as_str()).await;
    other.wait_for_text(&item, fixed).await;
    let shown = other
        .client
        .execute(
            &format!("return document.querySelectorAll('{}').length;", item.replace('\'', "\\'")),
            vec![],
        )
        .await
        .expect("items");
    assert_eq!(shown.as_u64(), Some(1), "one contact, edited, not two");
    other.close().await;
    browser.close().await;
}
