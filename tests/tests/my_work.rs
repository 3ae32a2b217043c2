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

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_ends_a_login_left_on_another_device_from_my_work() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    // A login elsewhere (a phone left behind), then this browser's.
    let elsewhere = server.login_token("konsulent").await;
    let me =
        |token: &str| reqwest::Client::new().get(server.url("/api/me")).bearer_auth(token.to_owned()).send();
    assert!(me(&elsewhere).await.expect("me").status().is_success(), "the other login works");
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.wait_for("#open-my-work", LONG).await.click().await.expect("open my work");
    let sessions = r#"[data-testid="my-session-count"]"#;
    browser.wait_for_count(sessions, |n| n == 2, "this login and the other").await;
    let current = browser
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=my-session]')].map(li => li.dataset.current);",
            vec![],
        )
        .await
        .expect("rows");
    let marks: Vec<String> = serde_json::from_value(current).expect("marks");
    assert_eq!(marks.iter().filter(|m| *m == "true").count(), 1, "one is this device: {marks:?}");
    assert_eq!(
        browser
            .client
            .find_all(fantoccini::Locator::Css(r#"[data-testid="my-session-end"]"#))
            .await
            .expect("buttons")
            .len(),
        1,
        "only the other login can be ended here"
    );
    browser.wait_for(r#"[data-testid="my-session-end"]"#, LONG).await.click().await.expect("end it");
    browser.wait_for_count(sessions, |n| n == 1, "only this login is left").await;
    assert_eq!(
        me(&elsewhere).await.expect("me").status(),
        reqwest::StatusCode::UNAUTHORIZED,
        "its token is ended"
    );
    // This browser is still logged in and working.
    browser.wait_for(r#"[data-testid="my-session"][data-current="true"]"#, LONG).await;
    browser.close().await;
}
