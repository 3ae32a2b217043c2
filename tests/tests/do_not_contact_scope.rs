//! A company asks one unit, not the municipality, to stop contacting it: the consultant
//! records who asked and for which unit; other units are told it does not apply to them and
//! log contacts without the do-not-contact confirmation; the coordinator's list shows both.

use fantoccini::Locator;
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn a_request_for_the_jobcenter_only_names_who_asked_and_spares_the_business_unit() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let unit_of = |records: &[SyncedRecord], name: &str| {
        records
            .iter()
            .find_map(|r| match r {
                SyncedRecord::Unit { unit } if unit.name.starts_with(name) => Some(unit.id),
                _ => None,
            })
            .unwrap_or_else(|| panic!("the demo has a unit named {name}"))
    };
    let jobcenter = unit_of(&server.records().await, "Jobcenter");

    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.open_company(&company.name, company.cvr.as_str()).await;
    browser.wait_for("#dnc-start", LONG).await.click().await.expect("start the request");
    browser
        .wait_for("textarea#dnc-reason", LONG)
        .await
        .send_keys("Ønsker ikke flere praktikhenvendelser")
        .await
        .expect("reason");
    browser
        .wait_for("input#dnc-requested-by", LONG)
        .await
        .send_keys("Mette Holm, direktør")
        .await
        .expect("who");
    browser
        .wait_for(&format!(r#"input[name="dnc_unit"][value="{jobcenter}"]"#), LONG)
        .await
        .click()
        .await
        .expect("the jobcenter only");
    browser.wait_for("button#dnc-save", LONG).await.click().await.expect("save");

    // The banner says who asked and that it is the jobcenter's, not this (business) unit's.
    browser.wait_for_text(r#"[data-testid="dnc-requested-by"]"#, "Mette Holm, direktør").await;
    let scope = browser.wait_for_text(r#"[data-testid="dnc-scope"]"#, "Jobcenter").await;
    assert!(scope.contains("Gælder ikke din enhed"), "{scope}");

    // The server has it as recorded.
    let deadline = Instant::now() + LONG;
    loop {
        let flag = server.records().await.into_iter().find_map(|r| match r {
            SyncedRecord::DoNotContact { entry } if entry.company == company.cvr => Some(entry),
            _ => None,
        });
        if let Some(flag) = flag {
            assert_eq!(flag.requested_by.as_deref(), Some("Mette Holm, direktør"));
            assert_eq!(flag.units, [jobcenter]);
            break;
        }
        assert!(Instant::now() < deadline, "the request never reached the server");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The business unit logs a visit with no do-not-contact confirmation, and the server takes it.
    browser.wait_for(r#"[data-testid="log-contact"]"#, LONG).await.click().await.expect("log contact");
    browser.wait_for("select#contact-kind", LONG).await;
    assert!(
        browser.client.find(Locator::Css(r#"[data-testid="dnc-confirm"]"#)).await.is_err(),
        "no confirmation for a unit the request does not name"
    );
    browser.save_contact("visit", "Besøg om eksport").await;
    browser.wait_for_text(".notice.saved", "gemt").await;
    browser.wait_for(r#"li[data-testid="contact-item"][data-pending="false"]"#, LONG).await;
    browser.close().await;

    // The coordinator's list shows who asked and the unit.
    let desk = Browser::start().await;
    desk.client.set_window_size(1280, 900).await.expect("desktop size");
    desk.log_in(&server, "koordinator").await;
    desk.client.goto(&server.url("/koordinator/frabedt")).await.expect("open the list");
    let row = format!(r#"tr[data-testid="dnc-row"][data-cvr="{}"]"#, company.cvr.as_str());
    desk.wait_for_text(&format!(r#"{row} [data-testid="dnc-row-requested-by"]"#), "Mette Holm, direktør")
        .await;
    desk.wait_for_text(&format!(r#"{row} [data-testid="dnc-row-scope"]"#), "Jobcenter").await;

    // Its history, from the server when opened, keeps who asked, the unit and who registered it.
    // Opened from the page, again until shown: a sync may redraw the list meanwhile.
    let open_history = format!(
        "const history = document.querySelector('{row} [data-testid=dnc-history]');
         if (history && !history.open) history.open = true;
         const event = document.querySelector('{row} [data-testid=dnc-history-event][data-action=set]');
         return event ? event.textContent : null;"
    );
    let deadline = Instant::now() + LONG;
    let event = loop {
        let text = desk.client.execute(&open_history, vec![]).await.expect("open the history");
        if let Some(text) = text.as_str() {
            break text.to_owned();
        }
        assert!(Instant::now() < deadline, "the flag's history never showed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(event.contains("Karen Konsulent"), "who registered it: {event}");
    let asked =
        desk.wait_for_text(&format!(r#"{row} [data-testid="dnc-history-requested-by"]"#), "Mette").await;
    assert_eq!(asked, "Mette Holm, direktør");
    let scope = desk.wait_for_text(&format!(r#"{row} [data-testid="dnc-history-scope"]"#), "Jobcenter").await;
    assert!(!scope.contains("alle enheder"), "{scope}");
    desk.close().await;
}
