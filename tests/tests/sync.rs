//! Nothing recorded on a phone is lost or duplicated: contacts and feedback recorded with the
//! server gone survive a reload, reach the server when it returns, and reach a second device.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use kontaktpunkt_domain::sync::{ChangesPage, SyncedRecord};
use kontaktpunkt_domain::{Contact, Feedback};
use kontaktpunkt_e2e::{Browser, LONG, TestServer};

/// Searches a company by name and opens its screen.
async fn open_company(browser: &Browser, name: &str, cvr: &str) {
    let search = browser.wait_for("input#company-search", LONG).await;
    search.clear().await.expect("clear search");
    search.send_keys(name).await.expect("type the name");
    let deadline = Instant::now() + LONG;
    loop {
        for row in
            browser.client.find_all(Locator::Css(r#"li[data-testid="company-result"]"#)).await.expect("rows")
        {
            let shown_cvr = match row.find(Locator::Css(".company-cvr")).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => continue,
            };
            if shown_cvr.contains(cvr) {
                row.find(Locator::Css(".company-open"))
                    .await
                    .expect("open button")
                    .click()
                    .await
                    .expect("open");
                browser.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{cvr}"]"#), LONG).await;
                return;
            }
        }
        assert!(Instant::now() < deadline, "company {cvr} never appeared when searching `{name}`");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Reads `data-count` of an element once it equals `expected`.
async fn wait_for_count(browser: &Browser, css: &str, expected: impl Fn(u64) -> bool, what: &str) -> u64 {
    let deadline = Instant::now() + LONG;
    loop {
        if let Ok(element) = browser.client.find(Locator::Css(css)).await {
            let count = element.attr("data-count").await.ok().flatten().and_then(|n| n.parse().ok());
            if let Some(count) = count.filter(|&n| expected(n)) {
                return count;
            }
        }
        assert!(Instant::now() < deadline, "{what} never happened");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Everything in the server's change log, read the way a device does.
async fn server_records(server: &TestServer) -> Vec<SyncedRecord> {
    let http = reqwest::Client::new();
    let token = server.login_token("koordinator").await;
    let mut since = 0;
    let mut records = Vec::new();
    loop {
        let page: ChangesPage = http
            .get(server.url(&format!("/api/sync/v1/changes?since={since}&limit=10000")))
            .bearer_auth(&token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("pull")
            .json()
            .await
            .expect("changes page");
        records.extend(page.changes.into_iter().map(|c| c.record));
        since = page.cursor;
        if !page.has_more {
            return records;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn contacts_and_feedback_recorded_offline_reach_the_server_and_another_device() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let before = server_records(&server).await;
    let do_not_contact: Vec<String> = before
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::DoNotContact { entry } => Some(entry.company.to_string()),
            _ => None,
        })
        .collect();
    let company = before
        .into_iter()
        .find_map(|record| match record {
            SyncedRecord::Company { company }
                if company.active && !do_not_contact.contains(&company.cvr.to_string()) =>
            {
                Some(company)
            }
            _ => None,
        })
        .expect("the demo has companies");
    let cvr = company.cvr.to_string();

    let phone = Browser::start().await;
    phone.log_in(&server, "konsulent").await;
    phone.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;

    // In a basement meeting room: no server at all.
    server.kill();
    open_company(&phone, &company.name, &cvr).await;
    let note = "Besøg uden net — e2e";
    phone.wait_for("select#contact-kind", LONG).await.select_by_value("visit").await.expect("kind");
    phone
        .wait_for(r#"input[name="purpose"][value="business_development"]"#, LONG)
        .await
        .click()
        .await
        .expect("purpose");
    phone.wait_for("textarea#contact-notes", LONG).await.send_keys(note).await.expect("notes");
    phone.wait_for("button#contact-save", LONG).await.click().await.expect("save contact");
    let item = phone.wait_for(r#"li[data-testid="contact-item"][data-pending="true"]"#, LONG).await;
    let contact_id = item.attr("data-id").await.expect("read id").expect("contact item has data-id");

    phone.wait_for("button#feedback-start", LONG).await.click().await.expect("start feedback");
    phone.wait_for(r#"input[name="satisfaction"][value="5"]"#, LONG).await.click().await.expect("5");
    phone.wait_for("input#feedback-relevant", LONG).await.click().await.expect("relevant");
    phone.wait_for("textarea#feedback-comment", LONG).await.send_keys("Godt møde").await.expect("comment");
    phone.wait_for("button#feedback-save", LONG).await.click().await.expect("save feedback");
    phone.wait_for(r#"[data-testid="feedback-item"][data-pending="true"]"#, LONG).await;
    wait_for_count(&phone, r#"[data-testid="pending-count"]"#, |n| n >= 2, "two pending records").await;

    // A reload with the server still gone keeps both, still pending.
    phone.client.refresh().await.expect("reload offline");
    wait_for_count(&phone, r#"[data-testid="pending-count"]"#, |n| n >= 2, "pending after reload").await;
    open_company(&phone, &company.name, &cvr).await;
    phone
        .wait_for(
            &format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"][data-pending="true"]"#),
            LONG,
        )
        .await;

    // Signal returns: the outbox drains.
    server.restart();
    phone.wait_for("button#sync-now", LONG).await.click().await.expect("sync now");
    wait_for_count(&phone, r#"[data-testid="pending-count"]"#, |n| n == 0, "the outbox emptying").await;
    phone
        .wait_for(
            &format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"][data-pending="false"]"#),
            LONG,
        )
        .await;

    // Exactly one copy of each on the server.
    let records = server_records(&server).await;
    let contacts: Vec<&Contact> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Contact { contact } if contact.id.to_string() == contact_id => Some(contact),
            _ => None,
        })
        .collect();
    assert_eq!(contacts.len(), 1, "the contact is on the server once");
    assert_eq!(contacts[0].notes, note);
    assert_eq!(contacts[0].company, company.cvr);
    let feedback: Vec<&Feedback> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Feedback { feedback } if feedback.contact_id.to_string() == contact_id => {
                Some(feedback)
            }
            _ => None,
        })
        .collect();
    assert_eq!(feedback.len(), 1, "the feedback is on the server once");
    assert_eq!(feedback[0].satisfaction, 5);
    assert!(feedback[0].relevant);

    // Another device (the coordinator's desktop) sees the consultant's contact.
    let desk = Browser::start().await;
    desk.log_in(&server, "koordinator").await;
    open_company(&desk, &company.name, &cvr).await;
    desk.wait_for(&format!(r#"li[data-testid="contact-item"][data-id="{contact_id}"]"#), LONG).await;

    phone.close().await;
    desk.close().await;
}
