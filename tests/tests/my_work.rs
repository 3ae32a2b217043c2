//! My work (`/mit-arbejde`) on a phone: the consultant's overdue follow-ups as counted here
//! from the seeded change log, marking one done (it reaches the server), and the screen
//! offline after a reload.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use chrono::Local;
use kontaktpunkt_domain::Contact;
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use uuid::Uuid;

/// The user's contacts as the change log ends with them, and the follow-ups marked done.
fn contacts_of(records: &[SyncedRecord], user: Uuid) -> (Vec<Contact>, HashSet<Uuid>) {
    let mut contacts: BTreeMap<Uuid, Contact> = BTreeMap::new();
    let mut done = HashSet::new();
    for record in records {
        match record {
            SyncedRecord::Contact { contact } => {
                contacts.insert(contact.id, contact.clone());
            }
            SyncedRecord::ContactDeleted { id } => {
                contacts.remove(id);
            }
            SyncedRecord::FollowUpCompleted { contact_id, .. } => {
                done.insert(*contact_id);
            }
            _ => {}
        }
    }
    (contacts.into_values().filter(|c| c.user_id == user).collect(), done)
}

async fn overdue_count(browser: &Browser) -> u64 {
    browser.attr_of(r#"[data-testid="follow-ups-overdue"]"#, "data-count").await.parse().expect("a count")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_sees_and_completes_overdue_follow_ups_offline_too() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let me = server.login("konsulent").await.user.id;
    let (mine, done) = contacts_of(&server.records().await, me);
    let today = Local::now().date_naive();
    let overdue: Vec<&Contact> = mine
        .iter()
        .filter(|c| !done.contains(&c.id) && c.follow_up.as_ref().is_some_and(|f| f.due < today))
        .collect();
    assert!(!overdue.is_empty(), "the demo consultant has overdue follow-ups");

    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.wait_for("#open-my-work", LONG).await.click().await.expect("open my work");
    browser.wait_for(r#"[data-testid="my-work"]"#, LONG).await;
    browser.wait_for(r#"[data-testid="follow-ups-overdue"]"#, LONG).await;
    assert_eq!(overdue_count(&browser).await, overdue.len() as u64, "every overdue follow-up, none else");
    let recent = browser
        .client
        .execute("return document.querySelectorAll('[data-testid=my-recent] li').length;", vec![])
        .await
        .expect("recent");
    assert_eq!(recent.as_u64(), Some(mine.len().min(20) as u64), "my recent contacts");

    // Done: gone from the list at once, and on the server after the sync.
    let first =
        browser.wait_for(r#"[data-testid="follow-ups-overdue"] [data-testid="follow-up"]"#, LONG).await;
    let id: Uuid =
        first.attr("data-contact").await.ok().flatten().and_then(|s| s.parse().ok()).expect("contact id");
    first
        .find(fantoccini::Locator::Css(r#"[data-testid="follow-up-done"]"#))
        .await
        .expect("done button")
        .click()
        .await
        .expect("mark done");
    browser
        .wait_until_js(
            &format!(
                "document.querySelector('[data-testid=follow-ups-overdue]').dataset.count == '{}'",
                overdue.len() - 1
            ),
            LONG,
        )
        .await;
    let deadline = Instant::now() + LONG;
    loop {
        let (_, done) = contacts_of(&server.records().await, me);
        if done.contains(&id) {
            break;
        }
        assert!(Instant::now() < deadline, "the completed follow-up never reached the server");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // Offline: a reload shows the same screen from the device.
    server.kill();
    browser.client.goto(&server.url("/mit-arbejde")).await.expect("reload offline");
    browser.wait_for(r#"[data-testid="follow-ups-overdue"]"#, LONG).await;
    assert_eq!(overdue_count(&browser).await, overdue.len() as u64 - 1);
    browser.close().await;
}
