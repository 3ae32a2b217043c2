//! Steps several end-to-end tests take: pick a demo company, open it in the app, wait for a
//! counter, and read the server's change log the way a device does.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use kontaktpunkt_domain::sync::{ChangesPage, SyncedRecord};
use kontaktpunkt_domain::{Company, Contact, Feedback};

use crate::{Browser, LONG, TestServer};

impl Browser {
    /// The wasm files this page loaded itself (the service worker's precache does not show
    /// here): which lazy chunks a screen pulled in.
    pub async fn loaded_wasm(&self) -> Vec<String> {
        let loaded = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm'));",
                vec![],
            )
            .await
            .expect("resources");
        loaded.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
    }

    /// Searches a company by name and opens its screen.
    pub async fn open_company(&self, name: &str, cvr: &str) {
        let search = self.wait_for("input#company-search", LONG).await;
        search.clear().await.expect("clear search");
        search.send_keys(name).await.expect("type the name");
        let deadline = Instant::now() + LONG;
        loop {
            let rows = self
                .client
                .find_all(Locator::Css(r#"li[data-testid="company-result"]"#))
                .await
                .expect("rows");
            for row in rows {
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
                    self.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{cvr}"]"#), LONG)
                        .await;
                    return;
                }
            }
            assert!(Instant::now() < deadline, "company {cvr} never appeared when searching `{name}`");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Fills the contact form with a `kind` (its option value), the business-development
    /// purpose and `notes`, and presses save; returns without waiting for the outcome.
    pub async fn save_contact(&self, kind: &str, notes: &str) {
        self.wait_for("select#contact-kind", LONG).await.select_by_value(kind).await.expect("kind");
        self.wait_for(r#"input[name="purpose"][value="business_development"]"#, LONG)
            .await
            .click()
            .await
            .expect("purpose");
        self.wait_for("textarea#contact-notes", LONG).await.send_keys(notes).await.expect("notes");
        self.wait_for("button#contact-save", LONG).await.click().await.expect("save contact");
    }

    /// The id of the contact on the company screen whose text holds `notes`, once it shows
    /// (online it may sync at once: found by its notes, pending or not).
    pub async fn contact_id_by_notes(&self, notes: &str) -> String {
        let find = format!(
            "[...document.querySelectorAll('li[data-testid=contact-item]')].find(li => li.textContent.includes('{notes}'))"
        );
        self.wait_until_js(&format!("!!{find}"), LONG).await;
        self.client
            .execute(&format!("return {find}.dataset.id;"), vec![])
            .await
            .expect("the new contact")
            .as_str()
            .expect("its id")
            .to_owned()
    }

    /// Logs a visit with `notes` and waits until it shows as not yet synced; its id.
    pub async fn log_pending_visit(&self, notes: &str) -> String {
        self.save_contact("visit", notes).await;
        self.attr_of(r#"li[data-testid="contact-item"][data-pending="true"]"#, "data-id").await
    }

    /// The attribute `name` of the first element matching `css`, once there is one that has
    /// it. Read in one step in the page, so a list redrawn meanwhile cannot leave a stale handle.
    pub async fn attr_of(&self, css: &str, name: &str) -> String {
        let deadline = Instant::now() + LONG;
        loop {
            let value = self
                .client
                .execute(
                    "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
                    vec![serde_json::json!(css), serde_json::json!(name)],
                )
                .await
                .ok();
            if let Some(value) = value.as_ref().and_then(|v| v.as_str()) {
                return value.to_owned();
            }
            assert!(Instant::now() < deadline, "no `{css}` with `{name}` appeared");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Reads `data-count` of an element once `expected` holds for it.
    pub async fn wait_for_count(&self, css: &str, expected: impl Fn(u64) -> bool, what: &str) -> u64 {
        let deadline = Instant::now() + LONG;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                let count = element.attr("data-count").await.ok().flatten().and_then(|n| n.parse().ok());
                if let Some(count) = count.filter(|&n| expected(n)) {
                    return count;
                }
            }
            assert!(Instant::now() < deadline, "{what} never happened");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits until the element's text contains `expected`; returns the text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + LONG;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                let text = element.text().await.unwrap_or_default();
                if text.contains(expected) {
                    return text;
                }
            }
            assert!(Instant::now() < deadline, "`{css}` never showed `{expected}`");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl TestServer {
    /// Everything in the server's change log, read the way a device does (as the coordinator).
    pub async fn records(&self) -> Vec<SyncedRecord> {
        let http = reqwest::Client::new();
        let token = self.login_token("koordinator").await;
        let mut since = 0;
        let mut records = Vec::new();
        loop {
            let page: ChangesPage = http
                .get(self.url(&format!("/api/sync/v1/changes?since={since}&limit=10000")))
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
}

impl TestServer {
    /// Waits until the server holds the contact `id`; every copy of it (one, if all is well).
    pub async fn wait_for_contact(&self, id: &str) -> Vec<Contact> {
        let deadline = Instant::now() + LONG;
        loop {
            let copies: Vec<Contact> =
                contacts_with_id(&self.records().await, id).into_iter().cloned().collect();
            if !copies.is_empty() {
                return copies;
            }
            assert!(Instant::now() < deadline, "contact {id} never reached the server");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// The copies of the contact `id` among change-log records.
pub fn contacts_with_id<'a>(records: &'a [SyncedRecord], id: &str) -> Vec<&'a Contact> {
    records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Contact { contact } if contact.id.to_string() == id => Some(contact),
            _ => None,
        })
        .collect()
}

/// The feedback given on the contact `id` among change-log records.
pub fn feedback_on_contact<'a>(records: &'a [SyncedRecord], id: &str) -> Vec<&'a Feedback> {
    records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::Feedback { feedback } if feedback.contact_id.to_string() == id => Some(feedback),
            _ => None,
        })
        .collect()
}

/// An active demo company nobody has asked not to be contacted.
pub fn contactable_company(records: &[SyncedRecord]) -> Company {
    let flagged: Vec<String> = records
        .iter()
        .filter_map(|r| match r {
            SyncedRecord::DoNotContact { entry } => Some(entry.company.to_string()),
            _ => None,
        })
        .collect();
    records
        .iter()
        .find_map(|record| match record {
            SyncedRecord::Company { company }
                if company.active && !flagged.contains(&company.cvr.to_string()) =>
            {
                Some(company.clone())
            }
            _ => None,
        })
        .expect("the demo has contactable companies")
}
