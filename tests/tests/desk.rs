//! The coordinator's desk in real Chromium at desktop size: the demo's parallel contacts with
//! the count computed here, independently, from the seeded change log; the do-not-contact
//! list, and lifting a flag with a reason that reaches the flag's history on the server; the
//! units with their contacts in the period and a liaison named on the server; the
//! desk offline; and a consultant who neither sees the desk nor downloads its code.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::{Days, Local, Months};
use kontaktpunkt_domain::contact::{DoNotContactEvent, FlagAction};
use kontaktpunkt_domain::sync::SyncedRecord;
use kontaktpunkt_domain::{Contact, Cvr, DoNotContact};
use kontaktpunkt_e2e::{Browser, LONG, TestServer};

/// The contacts and flags the change log ends with (later records replace earlier ones).
fn final_state(records: &[SyncedRecord]) -> (Vec<Contact>, Vec<DoNotContact>) {
    let mut contacts: BTreeMap<String, Contact> = BTreeMap::new();
    let mut flags: BTreeMap<Cvr, DoNotContact> = BTreeMap::new();
    for record in records {
        match record {
            SyncedRecord::Contact { contact } => {
                contacts.insert(contact.id.to_string(), contact.clone());
            }
            SyncedRecord::ContactDeleted { id } => {
                contacts.remove(&id.to_string());
            }
            SyncedRecord::DoNotContact { entry } => {
                flags.insert(entry.company.clone(), entry.clone());
            }
            SyncedRecord::DoNotContactCleared { company } => {
                flags.remove(company);
            }
            _ => {}
        }
    }
    (contacts.into_values().collect(), flags.into_values().collect())
}

/// Companies with contacts from two or more units in the last 30 days: with the default
/// 30-day window, any two contacts of that 31-day period are close enough to be parallel.
fn parallel_companies(contacts: &[Contact]) -> usize {
    let today = Local::now().date_naive();
    let from = today.checked_sub_days(Days::new(30)).expect("a date");
    let mut units: HashMap<&Cvr, HashSet<_>> = HashMap::new();
    for contact in contacts.iter().filter(|c| c.date >= from && c.date <= today) {
        units.entry(&contact.company).or_default().insert(contact.unit_id);
    }
    units.values().filter(|u| u.len() >= 2).count()
}

async fn text_of(browser: &Browser, css: &str) -> String {
    browser.wait_for(css, LONG).await.text().await.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_coordinator_sees_parallel_contacts_lifts_a_flag_with_a_reason_and_names_a_liaison() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let (contacts, flags) = final_state(&server.records().await);
    let expected_parallel = parallel_companies(&contacts);
    assert!(expected_parallel > 0, "the demo has parallel contacts to show");
    assert!(!flags.is_empty(), "the demo has do-not-contact flags");

    let browser = Browser::start().await;
    browser.client.set_window_size(1280, 900).await.expect("desktop size");
    browser.log_in(&server, "koordinator").await;
    browser.wait_for("#open-desk", LONG).await.click().await.expect("open the desk");

    // (A) the same count as computed here from the change log, and one row per company.
    let shown =
        browser.wait_for_text(r#"[data-testid="parallel-count"]"#, &expected_parallel.to_string()).await;
    assert_eq!(shown.trim().replace('.', ""), expected_parallel.to_string());
    let rows = browser
        .client
        .execute("return document.querySelectorAll('[data-testid=parallel-case]').length;", vec![])
        .await
        .expect("count rows");
    assert_eq!(rows.as_u64(), Some(expected_parallel as u64), "one row per parallel company");

    // The do-not-contact list: every flag; lifting needs a reason.
    browser.wait_for(r#"[data-testid="desk-tab-frabedt"]"#, LONG).await.click().await.expect("tab");
    let count = text_of(&browser, r#"[data-testid="dnc-count"]"#).await;
    assert_eq!(count.replace('.', ""), flags.len().to_string(), "every flag is listed");
    let first = browser.wait_for(r#"tr[data-testid="dnc-row"]"#, LONG).await;
    let cvr = first.attr("data-cvr").await.ok().flatten().expect("the row names its company");
    first
        .find(fantoccini::Locator::Css(r#"[data-testid="dnc-lift"]"#))
        .await
        .expect("lift")
        .click()
        .await
        .expect("click");
    browser.wait_for(r#"[data-testid="dnc-lift-confirm"]"#, LONG).await.click().await.expect("confirm");
    browser.wait_for(r#"[data-testid="dnc-row"] [role="alert"]"#, LONG).await;
    let reason = "Virksomheden ringede selv og ønsker kontakt igen";
    browser
        .wait_for(r#"[data-testid="dnc-lift-reason"]"#, LONG)
        .await
        .send_keys(reason)
        .await
        .expect("type the reason");
    browser.wait_for(r#"[data-testid="dnc-lift-confirm"]"#, LONG).await.click().await.expect("confirm");
    browser
        .wait_until_js(
            &format!("!document.querySelector('tr[data-testid=dnc-row][data-cvr=\"{cvr}\"]')"),
            LONG,
        )
        .await;

    // The server keeps the lifting, with the reason, in the flag's history.
    let token = server.login_token("koordinator").await;
    let deadline = Instant::now() + LONG;
    loop {
        let history: Vec<DoNotContactEvent> = reqwest::Client::new()
            .get(server.url(&format!("/api/do-not-contact/{cvr}/history")))
            .bearer_auth(&token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("history")
            .json()
            .await
            .expect("history answer");
        if history.iter().any(|e| e.action == FlagAction::Lifted && e.reason.as_deref() == Some(reason)) {
            break;
        }
        assert!(Instant::now() < deadline, "the lifting never reached the server: {history:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // A remaining flag's history, from the server, when opened.
    // Opened in the page (the list may be redrawn by the sync meanwhile, so again until shown).
    let deadline = Instant::now() + LONG;
    loop {
        let shown = browser
            .client
            .execute(
                "if (document.querySelector('[data-testid=dnc-history-event][data-action=set]')) return true;
                 const history = document.querySelector('tr[data-testid=dnc-row] [data-testid=dnc-history]');
                 if (history && !history.open) history.open = true;
                 return false;",
                vec![],
            )
            .await
            .expect("open the history");
        if shown == serde_json::Value::Bool(true) {
            break;
        }
        if Instant::now() > deadline {
            let html = browser
                .client
                .execute("return document.querySelector('tr[data-testid=dnc-row] [data-testid=dnc-history]')?.outerHTML ?? 'none';", vec![])
                .await
                .expect("html");
            panic!("the flag's history never showed: {html}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The units: each unit's contacts in the last 12 months as counted here; name a liaison.
    browser.wait_for(r#"[data-testid="desk-tab-enheder"]"#, LONG).await.click().await.expect("tab");
    let row = browser.wait_for(r#"tr[data-testid="unit-row"]"#, LONG).await;
    let unit = row.attr("data-unit").await.ok().flatten().expect("the row names its unit");
    let year_ago = Local::now().date_naive().checked_sub_months(Months::new(12)).expect("a date");
    let expected = contacts.iter().filter(|c| c.unit_id.to_string() == unit && c.date >= year_ago).count();
    let shown = text_of(&browser, &format!(r#"tr[data-unit="{unit}"] [data-testid="unit-contacts"]"#)).await;
    assert_eq!(shown.replace('.', ""), expected.to_string(), "the unit's contacts in the period");
    let select =
        row.find(fantoccini::Locator::Css(r#"[data-testid="liaison-select"]"#)).await.expect("select");
    let member = select
        .find(fantoccini::Locator::Css("option:nth-of-type(2)"))
        .await
        .expect("the unit has a user")
        .attr("value")
        .await
        .ok()
        .flatten()
        .expect("a user id");
    select.select_by_value(&member).await.expect("choose the liaison");
    row.find(fantoccini::Locator::Css(r#"[data-testid="liaison-save"]"#))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    browser.wait_for_text(&format!(r#"tr[data-unit="{unit}"] [data-testid="liaison-status"]"#), "Gemt").await;
    let units: Vec<serde_json::Value> = reqwest::Client::new()
        .get(server.url("/api/units"))
        .bearer_auth(&token)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("units")
        .json()
        .await
        .expect("units answer");
    let saved = units.iter().find(|u| u["id"] == unit.as_str()).expect("the unit");
    assert_eq!(saved["liaison"], member.as_str(), "the server keeps the liaison");

    // Offline: the desk still computes its views from the device.
    server.kill();
    browser.client.goto(&server.url("/koordinator/daekning")).await.expect("reload the desk offline");
    let share = text_of(&browser, r#"[data-testid="coverage-share"]"#).await;
    assert!(share.ends_with('%'), "coverage offline: {share}");
    browser.wait_for(r#"[data-testid="desk-tab-glemte"]"#, LONG).await.click().await.expect("tab");
    let stale = text_of(&browser, r#"[data-testid="stale-count"]"#).await;
    assert!(stale.replace('.', "").parse::<u64>().is_ok_and(|n| n > 0), "stale companies offline: {stale}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_gets_no_desk_and_never_loads_its_code() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    let link = browser.client.find(fantoccini::Locator::Css("#open-desk")).await;
    assert!(link.is_err(), "no desk link for a consultant");

    browser.client.goto(&server.url("/koordinator")).await.expect("type the desk's address");
    browser.wait_for(r#"[data-testid="desk-forbidden"]"#, LONG).await;
    let names = browser.loaded_wasm().await;
    assert!(!names.is_empty(), "the shell's wasm is listed");
    assert!(!names.iter().any(|n| n.contains("desk-page")), "the desk's chunk was loaded: {names:?}");
    let denied = reqwest::Client::new()
        .get(server.url("/api/desk/parallel"))
        .bearer_auth(server.login_token("konsulent").await)
        .send()
        .await
        .expect("desk endpoint");
    assert_eq!(denied.status(), reqwest::StatusCode::FORBIDDEN);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desk_keeps_the_coordinators_choices_when_a_sync_brings_new_records() {
    use kontaktpunkt_domain::sync::{Change, Mutation, PROTOCOL_VERSION, PushRequest};
    use kontaktpunkt_domain::{ContactKind, Purpose};

    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.client.set_window_size(1280, 900).await.expect("desktop size");
    browser.log_in(&server, "koordinator").await;
    browser.client.goto(&server.url("/koordinator/glemte")).await.expect("the stale view");

    // Two years without contact, sorted by name.
    let months = browser.wait_for("#stale-months", LONG).await;
    months.clear().await.expect("clear");
    months.send_keys("24").await.expect("type");
    let by_name = r#"[data-testid="stale-list"] th:first-child"#;
    browser.wait_for(&format!("{by_name} button"), LONG).await.click().await.expect("sort by name");
    browser
        .wait_until_js(&format!("document.querySelector('{by_name}').ariaSort === 'ascending'"), LONG)
        .await;
    // The count as soon as it reads as a number: while the view redraws (typed months, a
    // sort, a sync's new records) the element can be empty or replaced for a moment.
    let count = || async {
        let deadline = Instant::now() + LONG;
        loop {
            let text = text_of(&browser, r#"[data-testid="stale-count"]"#).await;
            if let Ok(count) = text.trim().replace('.', "").parse::<u64>() {
                return count;
            }
            assert!(Instant::now() < deadline, "the stale count never read as a number: {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let before = count().await;
    // The first listed company that may be contacted (a flagged one would need a reason).
    let (_, flags) = final_state(&server.records().await);
    let flagged: HashSet<Cvr> = flags.into_iter().map(|flag| flag.company).collect();
    browser.wait_for(r#"tr[data-testid="stale-company"]"#, LONG).await;
    let listed = browser
        .client
        .execute(
            "return [...document.querySelectorAll('tr[data-testid=stale-company]')].map(r => r.dataset.cvr);",
            vec![],
        )
        .await
        .expect("the listed CVRs");
    let cvr = listed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().and_then(|c| Cvr::parse(c).ok()))
        .find(|c| !flagged.contains(c))
        .expect("a listed company without a flag");

    // A consultant visits that company yesterday; the coordinator's device syncs it.
    let consultant = server.login("konsulent").await;
    let contact = Contact {
        id: uuid::Uuid::now_v7(),
        company: cvr.clone(),
        unit_id: consultant.user.unit_id.expect("the consultant has a unit"),
        user_id: consultant.user.id,
        kind: ContactKind::Visit,
        purposes: vec![Purpose::Recruitment],
        date: Local::now().date_naive() - Days::new(1),
        notes: "Besøg".into(),
        follow_up: None,
        do_not_contact_reason: None,
        notes_shared: false,
    };
    let push = PushRequest {
        protocol: PROTOCOL_VERSION,
        device_id: uuid::Uuid::now_v7(),
        mutations: vec![Mutation { id: uuid::Uuid::now_v7(), change: Change::ContactCreated { contact } }],
    };
    reqwest::Client::new()
        .post(server.url("/api/sync/v1/push"))
        .bearer_auth(&consultant.token)
        .json(&push)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("push the visit");
    browser.wait_for("#sync-now", LONG).await.click().await.expect("sync now");
    let deadline = Instant::now() + LONG;
    while count().await != before - 1 {
        assert!(Instant::now() < deadline, "the visited company never left the list of {before}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The view was rebuilt from the new records with the same choices.
    let kept = browser.client.execute("return document.querySelector('#stale-months').value;", vec![]).await;
    assert_eq!(kept.expect("months").as_str(), Some("24"), "the months stay");
    let sorted = format!("return document.querySelector('{by_name}').ariaSort;");
    assert_eq!(browser.client.execute(&sorted, vec![]).await.expect("sort").as_str(), Some("ascending"));
    let gone = format!(
        "return document.querySelector('tr[data-testid=stale-company][data-cvr=\"{cvr}\"]') === null;"
    );
    assert_eq!(
        browser.client.execute(&gone, vec![]).await.expect("row").as_bool(),
        Some(true),
        "{cvr} left the list"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_coordinator_answers_an_access_request_with_other_units_notes_withheld() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let (contacts, _) = final_state(&server.records().await);
    let coordinator = server.login("koordinator").await;
    let own_unit = coordinator.user.unit_id;
    // The company with most contacts in the last 12 months, among those that own-unit and
    // other units both contacted.
    let today = Local::now().date_naive();
    let year_ago = today.checked_sub_months(Months::new(12)).expect("a date");
    let mut per_company: BTreeMap<&Cvr, Vec<&Contact>> = BTreeMap::new();
    for contact in contacts.iter().filter(|c| c.date >= year_ago && c.date <= today) {
        per_company.entry(&contact.company).or_default().push(contact);
    }
    let (cvr, chosen) = per_company
        .iter()
        .filter(|(_, list)| {
            list.iter().any(|c| Some(c.unit_id) == own_unit)
                && list.iter().any(|c| Some(c.unit_id) != own_unit)
        })
        .max_by_key(|(_, list)| list.len())
        .expect("a company both the coordinator's unit and another unit contacted");
    let others = chosen.iter().filter(|c| Some(c.unit_id) != own_unit).count();

    let browser = Browser::start().await;
    browser.client.set_window_size(1280, 900).await.expect("desktop size");
    browser.log_in(&server, "koordinator").await;
    browser.client.goto(&server.url("/koordinator/aktindsigt")).await.expect("the access request view");

    // Not a CVR number: said so, nothing fetched.
    let field = browser.wait_for("#access-cvr", LONG).await;
    field.send_keys("1234").await.expect("type");
    browser.wait_for(r#"[data-testid="access-fetch"]"#, LONG).await.click().await.expect("fetch");
    browser.wait_for_text(r#"[data-testid="access-error"]"#, "CVR").await;

    field.clear().await.expect("clear");
    field.send_keys(cvr.as_str()).await.expect("type the CVR");
    browser.wait_for(r#"[data-testid="access-fetch"]"#, LONG).await.click().await.expect("fetch");
    let shown = browser
        .wait_for_count(r#"[data-testid="access-count"]"#, |_| true, "the access request's contacts")
        .await;
    assert_eq!(shown, chosen.len() as u64, "every contact with {cvr} in the last 12 months");
    let withheld = browser
        .client
        .execute(
            "return document.querySelectorAll('tr[data-testid=access-row][data-withheld=true]').length;",
            vec![],
        )
        .await
        .expect("withheld rows");
    assert_eq!(withheld.as_u64(), Some(others as u64), "other units' notes are withheld from a coordinator");
    let heading = text_of(&browser, r#"[data-testid="access-company"]"#).await;
    assert!(heading.contains(cvr.as_str()), "the page names the company: {heading}");

    // Printed, only the answer goes on paper: no header, tabs, form or buttons.
    browser.devtools("Emulation.setEmulatedMedia", serde_json::json!({ "media": "print" })).await;
    let on_paper = browser
        .client
        .execute(
            "const shown = (css) => { const e = document.querySelector(css); return !!e && e.getClientRects().length > 0; }; \
             return ['header', '.desk-tabs', '.desk-controls', '[data-testid=access-print]', \
                     '[data-testid=access-company]', '[data-testid=access-count]', '[data-testid=access-list]'].map(shown);",
            vec![],
        )
        .await
        .expect("the printed layout");
    assert_eq!(
        on_paper,
        serde_json::json!([false, false, false, false, true, true, true]),
        "on paper: the company, the count and the table only"
    );
    browser.close().await;
}
