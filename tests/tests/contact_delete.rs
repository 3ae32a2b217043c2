//! Deleting one's own contact in the app: gone on the device at once, a tombstone on the server
//! after the sync; a contact with the company's feedback offers no delete and says why.

use std::time::{Duration, Instant};

use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company};

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_deletes_an_own_contact_but_not_one_with_feedback() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let records = server.records().await;
    let company = contactable_company(&records);
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.open_company(&company.name, company.cvr.as_str()).await;
    let notes = "Besøg der skal slettes igen";
    browser.save_contact("visit", notes).await;
    // Online it may sync at once: find it by its notes, pending or not.
    browser
        .wait_until_js(
            &format!("[...document.querySelectorAll('li[data-testid=contact-item]')].some(li => li.textContent.includes('{notes}'))"),
            LONG,
        )
        .await;
    let id = browser
        .client
        .execute(
            &format!("return [...document.querySelectorAll('li[data-testid=contact-item]')].find(li => li.textContent.includes('{notes}')).dataset.id;"),
            vec![],
        )
        .await
        .expect("the new contact")
        .as_str()
        .expect("its id")
        .to_owned();
    server.wait_for_contact(&id).await;
    let item = format!(r#"li[data-testid="contact-item"][data-id="{id}"]"#);
    browser.wait_for(&format!(r#"{item}[data-pending="false"]"#), LONG).await;

    browser
        .wait_for(&format!(r#"{item} [data-testid="contact-delete"]"#), LONG)
        .await
        .click()
        .await
        .expect("delete");
    browser
        .wait_for(&format!(r#"{item} [data-testid="contact-delete-confirm"]"#), LONG)
        .await
        .click()
        .await
        .expect("confirm");
    browser.wait_until_js(&format!("!document.querySelector('{}')", item.replace('\'', "\\'")), LONG).await;

    let deadline = Instant::now() + LONG;
    loop {
        let gone =
            server.records().await.iter().any(
                |r| matches!(r, SyncedRecord::ContactDeleted { id: deleted } if deleted.to_string() == id),
            );
        if gone {
            break;
        }
        assert!(Instant::now() < deadline, "the deletion never reached the server");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // A demo contact of this consultant with feedback: no delete, a reason instead.
    let me = server.login("konsulent").await.user.id;
    let answered: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Feedback { feedback } => Some(feedback.contact_id),
            _ => None,
        })
        .collect();
    let (contact, with_feedback) = records
        .iter()
        .find_map(|r| match r {
            SyncedRecord::Contact { contact } if contact.user_id == me && answered.contains(&contact.id) => {
                records.iter().find_map(|c| match c {
                    SyncedRecord::Company { company } if company.cvr == contact.company => {
                        Some((contact.clone(), company.clone()))
                    }
                    _ => None,
                })
            }
            _ => None,
        })
        .expect("the demo consultant has a contact with feedback");
    browser.client.goto(&server.url(&format!("/virksomhed/{}", with_feedback.cvr))).await.expect("open");
    let item = format!(r#"li[data-testid="contact-item"][data-id="{}"]"#, contact.id);
    browser.wait_for(&format!(r#"{item} [data-testid="contact-undeletable"]"#), LONG).await;
    let offered = browser
        .client
        .find(fantoccini::Locator::Css(&format!(r#"{item} [data-testid="contact-delete"]"#)))
        .await;
    assert!(offered.is_err(), "no delete for a contact with feedback");
    browser.close().await;
}
