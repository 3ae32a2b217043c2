//! The visit moment on a phone (390×844): warned before saving. A consultant sees the
//! do-not-contact mark in the search results and the banner on the company, cannot log a
//! contact there without confirming it with a reason (which reaches the server with the
//! contact), and is told before saving which other unit was in contact within 30 days.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fantoccini::Locator;
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_domain::{Company, Contact, Cvr};
use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use serde_json::json;
use uuid::Uuid;

/// "23.11.2026", as the app writes dates.
fn danish(date: NaiveDate) -> String {
    use chrono::Datelike as _;
    format!("{}.{}.{}", date.day(), date.month(), date.year())
}

/// The browser's local date, which the app calls today.
async fn browser_today(browser: &Browser) -> NaiveDate {
    let text = browser
        .client
        .execute(
            "const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') \
             + '-' + String(d.getDate()).padStart(2, '0');",
            vec![],
        )
        .await
        .expect("read the date");
    text.as_str().and_then(|t| t.parse().ok()).expect("a date")
}

async fn js(browser: &Browser, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
    browser.client.execute(script, args).await.unwrap_or_else(|e| panic!("`{script}` failed: {e}"))
}

/// Searches `company` and waits for its result card; returns whether it carries the
/// do-not-contact mark and its last-contact text, once `ready` holds for them.
async fn result_card(
    browser: &Browser,
    company: &Company,
    ready: impl Fn(bool, &str) -> bool,
) -> (bool, String) {
    let search = browser.wait_for("input#company-search", LONG).await;
    search.clear().await.expect("clear search");
    search.send_keys(&company.name).await.expect("type the name");
    let deadline = Instant::now() + LONG;
    loop {
        let card = js(
            browser,
            "for (const li of document.querySelectorAll('li[data-testid=company-result]')) {
               const cvr = li.querySelector('.company-cvr');
               if (cvr && cvr.textContent.includes(arguments[0])) {
                 const last = li.querySelector('div:not([hidden]) > .company-last-contact');
                 return [!!li.querySelector('[data-testid=dnc-mark]:not([hidden])'), last ? last.textContent : ''];
               }
             }
             return null;",
            vec![json!(company.cvr.as_str())],
        )
        .await;
        if let Some([flagged, last]) = card.as_array().map(Vec::as_slice) {
            let (flagged, last) =
                (flagged.as_bool().unwrap_or(false), last.as_str().unwrap_or("").to_owned());
            if ready(flagged, &last) {
                return (flagged, last);
            }
        }
        assert!(Instant::now() < deadline, "the result card of {} never got ready: {card}", company.cvr);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What the demo holds that the test needs, read the way a device does.
struct Demo {
    records: Vec<SyncedRecord>,
}

impl Demo {
    fn company(&self, cvr: &Cvr) -> Company {
        self.records
            .iter()
            .find_map(|r| match r {
                SyncedRecord::Company { company } if &company.cvr == cvr => Some(company.clone()),
                _ => None,
            })
            .expect("the company is in the demo")
    }

    fn flagged(&self) -> Vec<Cvr> {
        self.records
            .iter()
            .filter_map(|r| match r {
                SyncedRecord::DoNotContact { entry } => Some(entry.company.clone()),
                _ => None,
            })
            .collect()
    }

    fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.records.iter().filter_map(|r| match r {
            SyncedRecord::Contact { contact } => Some(contact),
            _ => None,
        })
    }

    fn unit_name(&self, id: Uuid) -> String {
        self.records
            .iter()
            .find_map(|r| match r {
                SyncedRecord::Unit { unit } if unit.id == id => Some(unit.name.clone()),
                _ => None,
            })
            .expect("the unit is in the demo")
    }

    fn person(&self, id: Uuid) -> String {
        self.records
            .iter()
            .find_map(|r| match r {
                SyncedRecord::Colleague { colleague } if colleague.id == id => {
                    Some(colleague.display_name.clone())
                }
                _ => None,
            })
            .expect("the author is in the demo")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_is_warned_before_saving_on_a_phone() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let demo = Demo { records: server.records().await };
    let me = server.login("konsulent").await;
    let my_unit = me.user.unit_id.expect("the demo consultant has a unit");

    let browser = Browser::start().await;
    // A phone: 390×844 CSS pixels, touch.
    let phone = json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true });
    browser.devtools("Emulation.setDeviceMetricsOverride", phone).await;
    browser
        .devtools("Emulation.setTouchEmulationEnabled", json!({ "enabled": true, "maxTouchPoints": 5 }))
        .await;
    browser.log_in(&server, "konsulent").await;
    let width = js(&browser, "return window.innerWidth;", vec![]).await;
    assert!(width.as_u64().is_some_and(|w| w <= 390), "a phone's viewport, got {width}");
    let today = browser_today(&browser).await;

    // --- A company that asked not to be contacted: marked in the results, bannered, guarded.
    let flagged = demo.company(demo.flagged().first().expect("the demo has flagged companies"));
    let (marked, _) = result_card(&browser, &flagged, |flagged, _| flagged).await;
    assert!(marked, "the search result shows the do-not-contact mark");
    // The whole card is the tap target: its address, far from the name, lies under the link.
    let under_address = js(
        &browser,
        "for (const li of document.querySelectorAll('li[data-testid=company-result]')) {
           if (!li.querySelector('.company-cvr').textContent.includes(arguments[0])) continue;
           li.scrollIntoView({ block: 'center' });
           const r = li.querySelector('.company-address').getBoundingClientRect();
           const hit = document.elementFromPoint(r.right - 4, r.top + r.height / 2);
           return !!(hit && hit.closest('a.company-open')) && li.getBoundingClientRect().height >= 48;
         }
         return false;",
        vec![json!(flagged.cvr.as_str())],
    )
    .await;
    assert_eq!(under_address, json!(true), "a tap anywhere on the card opens the company");
    browser.open_company(&flagged.name, flagged.cvr.as_str()).await;

    let banner = browser.wait_for_text(r#"[data-testid="do-not-contact"]"#, "frabedt sig kontakt").await;
    let registered_by = browser.wait_for(r#"[data-testid="dnc-registered-by"]"#, LONG).await;
    assert!(!registered_by.text().await.expect("who").trim().is_empty(), "the banner says who: {banner}");
    assert!(
        browser.client.find(Locator::Css("#dnc-lift")).await.is_err(),
        "a consultant is not offered lifting the flag"
    );

    // "Log kontakt" near the top: a full touch target, and the form opens as a visit today.
    let log = browser.wait_for(r#"[data-testid="log-contact"]"#, LONG).await;
    let height = js(
        &browser,
        "return document.querySelector('[data-testid=log-contact]').getBoundingClientRect().height;",
        vec![],
    )
    .await;
    assert!(height.as_f64().is_some_and(|h| h >= 48.0), "the button is at least 48 px tall: {height}");
    log.click().await.expect("log contact");
    let defaults = js(
        &browser,
        "return [document.querySelector('select#contact-kind').value, document.querySelector('input#contact-date').value];",
        vec![],
    )
    .await;
    assert_eq!(defaults, json!(["visit", today.to_string()]), "a visit, today");

    browser.wait_for(r#"[data-testid="dnc-confirm"]"#, LONG).await;
    browser.save_contact("visit", "Kom forbi med materiale").await;
    let refusal = browser.wait_for_text("#dnc-confirm-error", "frabedt sig kontakt").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pending =
        js(&browser, "return document.querySelectorAll('li[data-pending=true]').length;", vec![]).await;
    assert_eq!(pending, json!(0), "without confirmation nothing is saved ({refusal})");

    let reason = "Virksomheden ringede selv og bad om et besøg";
    browser.wait_for("#dnc-confirm-check", LONG).await.click().await.expect("confirm");
    // Confirmed but not explained: still refused, now for the reason.
    browser.wait_for("button#contact-save", LONG).await.click().await.expect("save");
    browser.wait_for_text("#dnc-confirm-reason-error", "hvorfor").await;
    browser.wait_for("textarea#dnc-confirm-reason", LONG).await.send_keys(reason).await.expect("reason");
    browser.wait_for("button#contact-save", LONG).await.click().await.expect("save");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let state = js(
        &browser,
        "return [...document.querySelectorAll('.error:not([hidden])')].map(e => e.id + ': ' + e.textContent);",
        vec![],
    )
    .await;
    assert_eq!(state, json!([]), "no errors after confirming with a reason");
    browser.wait_for_text(r#"[data-testid="dnc-override"]"#, reason).await;
    // Saved on the device (and marked until the server has it), then synced.
    let id = browser
        .attr_of(r#"li[data-testid="contact-item"]:has([data-testid="dnc-override"])"#, "data-id")
        .await;
    let copies = server.wait_for_contact(&id).await;
    assert_eq!(copies.len(), 1, "synced exactly once");
    assert_eq!(copies[0].do_not_contact_reason.as_deref(), Some(reason), "the reason reached the server");
    assert_eq!(copies[0].company, flagged.cvr);

    // --- A company another unit contacted lately: named before anything is saved.
    let flags = demo.flagged();
    let recent = demo
        .contacts()
        .filter(|c| c.unit_id != my_unit && !flags.contains(&c.company))
        .filter(|c| (1..=25).contains(&(today - c.date).num_days()))
        .max_by_key(|c| c.date)
        .expect("the demo has parallel contacts of other units in the last weeks")
        .clone();
    let busy = demo.company(&recent.company);
    browser.wait_for("#back-to-search", LONG).await.click().await.expect("back to the search");
    let (marked, last) = result_card(&browser, &busy, |_, last| !last.is_empty()).await;
    assert!(!marked, "no do-not-contact mark on a company that did not ask");
    let newest = demo.contacts().filter(|c| c.company == busy.cvr).map(|c| c.date).max().expect("contacts");
    assert_eq!(last, danish(newest), "the result shows the last contact date");
    browser.open_company(&busy.name, busy.cvr.as_str()).await;

    let unit = demo.unit_name(recent.unit_id);
    let person = demo.person(recent.user_id);
    browser.wait_for_text(r#"[data-testid="also-in-contact"]"#, &unit).await;
    browser.wait_for(r#"[data-testid="log-contact"]"#, LONG).await.click().await.expect("log contact");
    let warning = browser.wait_for_text(r#"[data-testid="parallel-warning"]"#, &unit).await;
    assert!(warning.contains(&person), "the warning names the person: {warning}");
    assert!(warning.contains(&danish(recent.date)), "the warning names the date: {warning}");
    let pending =
        js(&browser, "return document.querySelectorAll('li[data-pending=true]').length;", vec![]).await;
    assert_eq!(pending, json!(0), "the warning comes before anything is saved");
    assert!(
        browser.client.find(Locator::Css(r#"[data-testid="dnc-confirm"]"#)).await.is_err(),
        "no do-not-contact confirmation where none is needed"
    );
    browser.save_contact("visit", "Besøg trods parallel kontakt").await;
    browser.wait_for_text(".notice.saved", "gemt").await;

    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_lifts_a_flag_only_with_a_reason_and_the_server_records_it() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let demo = Demo { records: server.records().await };
    let flagged = demo.company(demo.flagged().last().expect("the demo has flagged companies"));

    let browser = Browser::start().await;
    let phone = json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true });
    browser.devtools("Emulation.setDeviceMetricsOverride", phone).await;
    browser.log_in(&server, "koordinator").await;
    browser.open_company(&flagged.name, flagged.cvr.as_str()).await;
    browser.wait_for(r#"[data-testid="do-not-contact"]"#, LONG).await;

    browser.wait_for("#dnc-lift", LONG).await.click().await.expect("lift");
    browser.wait_for("#dnc-lift-confirm", LONG).await.click().await.expect("lift without a reason");
    browser.wait_for_text("#dnc-lift-reason-error", "begrundelse").await;
    assert!(
        browser.client.find(Locator::Css(r#"[data-testid="do-not-contact"]"#)).await.is_ok(),
        "without a reason the flag stays"
    );
    let reason = "Virksomheden ønsker igen besøg af jobcentret";
    browser.wait_for("textarea#dnc-lift-reason", LONG).await.send_keys(reason).await.expect("reason");
    browser.wait_for("#dnc-lift-confirm", LONG).await.click().await.expect("lift");
    browser.wait_for("#dnc-start", LONG).await;

    // The server's history of the flag has the lifting, by this coordinator, with the reason.
    let token = server.login_token("koordinator").await;
    let deadline = Instant::now() + LONG;
    loop {
        let history: Vec<kontaktpunkt_domain::DoNotContactEvent> = reqwest::Client::new()
            .get(server.url(&format!("/api/do-not-contact/{}/history", flagged.cvr)))
            .bearer_auth(&token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("flag history")
            .json()
            .await
            .expect("history JSON");
        if let Some(last) = history.last().filter(|e| e.action == kontaktpunkt_domain::FlagAction::Lifted) {
            assert_eq!(last.reason.as_deref(), Some(reason));
            break;
        }
        assert!(Instant::now() < deadline, "the lifting never reached the server: {history:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.close().await;
}
