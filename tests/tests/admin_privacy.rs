//! The admin's personal-data screen (`/admin/persondata`) in the browser: a contact person a
//! consultant's device recorded is found by name, everything about them downloads as a JSON
//! file that names them, and after an erasure with a reason neither the screen nor the
//! server's own data (its change log, as a device pulls it) holds their name, phone or e-mail,
//! while the contact with the company stays. A consultant never loads the screen's code.

use fantoccini::Locator;
use kontaktpunkt_domain::contact_person::ContactPerson;
use kontaktpunkt_domain::sync::{
    Change, ChangesPage, FieldEdit, Mutation, Outcome, PROTOCOL_VERSION, PushRequest, PushResponse,
    SharedField,
};
use kontaktpunkt_domain::{Contact, ContactKind, Purpose};
use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company, contacts_with_id};
use serde_json::Value;
use uuid::Uuid;

const NAME: &str = "Ingeborg Testrup";
const PHONE: &str = "+45 61 23 45 67";
const EMAIL: &str = "ingeborg.testrup@example.dk";
const REASON: &str = "Personens egen anmodning";

/// The change log's cursor as `token`'s device would reach it.
async fn cursor(server: &TestServer, token: &str) -> u64 {
    let mut since = 0;
    loop {
        let page: ChangesPage = reqwest::Client::new()
            .get(server.url(&format!("/api/sync/v1/changes?since={since}&limit=10000")))
            .bearer_auth(token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("pull")
            .json()
            .await
            .expect("changes page");
        since = page.cursor;
        if !page.has_more {
            return since;
        }
    }
}

/// Pushes `changes` as a device of `token`'s user would; each must be applied.
async fn push(server: &TestServer, token: &str, changes: Vec<Change>) {
    let mutations = changes.into_iter().map(|change| Mutation { id: Uuid::now_v7(), change }).collect();
    let request = PushRequest { protocol: PROTOCOL_VERSION, device_id: Uuid::now_v7(), mutations };
    let answer: PushResponse = reqwest::Client::new()
        .post(server.url("/api/sync/v1/push"))
        .bearer_auth(token)
        .json(&request)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("push")
        .json()
        .await
        .expect("push answer");
    for result in answer.results {
        assert!(matches!(result.outcome, Outcome::Applied { .. }), "{:?}", result.outcome);
    }
}

/// `GET path` with the bearer token: its status and JSON body.
async fn get(server: &TestServer, path: &str, token: &str) -> (u16, Value) {
    let response =
        reqwest::Client::new().get(server.url(path)).bearer_auth(token).send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css, LONG).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn type_into(browser: &Browser, css: &str, text: &str) {
    let input = browser.wait_for(css, LONG).await;
    input.clear().await.expect("clear");
    input.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// A consultant's device records a company's contact person and a visit that names her, as
/// it syncs them: the company and the visit.
async fn record_person(server: &TestServer) -> (kontaktpunkt_domain::Company, Contact) {
    let consultant = server.login("konsulent").await;
    let company = contactable_company(&server.records().await);
    let person =
        ContactPerson { name: NAME.into(), role: "HR-chef".into(), phone: PHONE.into(), email: EMAIL.into() };
    let visit = Contact {
        id: Uuid::now_v7(),
        company: company.cvr.clone(),
        unit_id: consultant.user.unit_id.expect("the consultant's unit"),
        user_id: consultant.user.id,
        kind: ContactKind::Visit,
        purposes: vec![Purpose::Recruitment],
        date: chrono::Utc::now().date_naive(),
        notes: format!("Talte med {NAME} om praktikpladser"),
        follow_up: None,
        do_not_contact_reason: None,
        notes_shared: false,
    };
    let base_seq = cursor(server, &consultant.token).await;
    let list = serde_json::to_string(&[person]).expect("the list's JSON");
    let persons = FieldEdit { field: SharedField::ContactPersons, value: Some(list) };
    let changes = vec![
        Change::CompanyFieldsEdited { company: company.cvr.clone(), base_seq, fields: vec![persons] },
        Change::ContactCreated { contact: visit.clone() },
    ];
    push(server, &consultant.token, changes).await;
    (company, visit)
}

/// Nothing on the screen reaches past a 360 px phone's edge.
const FITS: &str = "[...document.querySelectorAll('.app-header *, .admin-privacy *')].every(e => \
                    e.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5)";

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_finds_exports_and_erases_a_contact_person_and_the_server_forgets_them() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let (company, visit) = record_person(&server).await;

    // The admin, on a phone, opens Persondata from the header.
    let browser = Browser::start().await;
    browser.client.set_window_size(360, 800).await.expect("window size");
    browser.log_in(&server, "admin").await;
    click(&browser, "#open-admin-privacy").await;
    browser.wait_for(r#"[data-testid="admin-privacy"]"#, LONG).await;
    // The retention list starts at the server's default, 5 years; a new person is not on it.
    let retention = r#"[data-testid="retention-count"]"#;
    browser.wait_for_count(retention, |_| true, "the retention list").await;
    assert_eq!(browser.attr_of(retention, "data-years").await, "5");
    let rows = browser.client.find_all(Locator::Css(r#"[data-testid="retention-row"]"#)).await.expect("rows");
    for row in rows {
        assert!(!row.text().await.unwrap_or_default().contains(NAME), "a person changed today is not due");
    }
    // 0 years is refused in the admin's language, and the list stays as it was.
    type_into(&browser, "#retention-years", "0").await;
    click(&browser, "#retention-show").await;
    browser
        .wait_for_text(r#"#retention-form + [data-testid="privacy-error"]"#, "helt tal fra 1 til 50")
        .await;
    assert_eq!(browser.attr_of(retention, "data-years").await, "5");
    type_into(&browser, "#retention-years", "2").await;
    click(&browser, "#retention-show").await;
    browser.wait_for(r#"[data-testid="retention-count"][data-years="2"]"#, LONG).await;
    browser
        .wait_until_js(
            r#"document.querySelector('#retention-form + [data-testid="privacy-error"]').hidden"#,
            LONG,
        )
        .await;

    // Found by part of her name: one hit, with her company and phone.
    type_into(&browser, "#privacy-q", "testrup").await;
    click(&browser, "#privacy-search-submit").await;
    let count = r#"[data-testid="privacy-hit-count"]"#;
    browser.wait_for_count(count, |n| n == 1, "one hit").await;
    let hit = r#"[data-testid="privacy-hit"]"#;
    let shown = browser.wait_for(hit, LONG).await.text().await.expect("hit text");
    for held in [NAME, PHONE, EMAIL, company.cvr.as_str()] {
        assert!(shown.contains(held), "the hit shows {held}: {shown}");
    }
    let id = browser.attr_of(hit, "data-id").await;
    assert!(id.starts_with(company.cvr.as_str()), "{id}");
    // Every field has its label; the page fits the phone.
    browser
        .wait_until_js(
            "[...document.querySelectorAll('.admin-privacy input, .admin-privacy textarea')].every(e => e.labels.length > 0) \
             && document.querySelector('[data-testid=privacy-hit-count]').closest('[aria-live]') !== null",
            LONG,
        )
        .await;
    browser.wait_until_js(FITS, LONG).await;

    // The export: the file's text and name are caught on their way out.
    browser
        .client
        .execute(
            "window.__file = null; window.__names = []; const make = URL.createObjectURL; \
             URL.createObjectURL = blob => { blob.text().then(t => window.__file = t); return make(blob); }; \
             const click = HTMLAnchorElement.prototype.click; \
             HTMLAnchorElement.prototype.click = function () { window.__names.push(this.download); return click.call(this); };",
            vec![],
        )
        .await
        .expect("catch the download");
    click(&browser, &format!(r#"{hit} [data-testid="privacy-export"]"#)).await;
    browser.wait_until_js("window.__file !== null", LONG).await;
    let file = browser.client.execute("return window.__file;", vec![]).await.expect("the file");
    let file: Value = serde_json::from_str(file.as_str().expect("text")).expect("the file is JSON");
    assert_eq!(file["id"], id.as_str());
    assert_eq!(file["company"], company.cvr.as_str());
    assert_eq!(file["records"][0]["name"], NAME, "the file names the person: {file}");
    assert_eq!(file["records"][0]["email"], EMAIL);
    let contacts = file["contacts"].as_array().expect("contacts");
    let named = contacts.iter().find(|c| c["id"] == visit.id.to_string()).expect("the visit is exported");
    assert_eq!(named["mentions_person"], true);
    assert!(named["notes"].as_str().is_some_and(|n| n.contains(NAME)), "{named}");
    let audit = file["audit"].as_array().expect("audit");
    assert!(
        audit.iter().any(|a| a["action"] == "contact_person_exported"),
        "the export is audited: {audit:?}"
    );
    let names = browser.client.execute("return window.__names;", vec![]).await.expect("names");
    let file_name = format!("kontaktpunkt-kontaktperson-{id}.json");
    assert_eq!(names, serde_json::json!([file_name]), "the file is named by the id, not the name");
    browser.wait_for(&format!(r#"{hit} [data-testid="privacy-exported"]"#), LONG).await;

    // Erasure: the confirmation says what stays, and needs a reason.
    click(&browser, &format!(r#"{hit} [data-testid="privacy-erase"]"#)).await;
    let panel = browser.wait_for(&format!("{hit} form"), LONG).await.text().await.expect("panel");
    assert!(panel.contains("kontakterne med virksomheden fandt sted"), "says what stays: {panel}");
    browser.wait_until_js(FITS, LONG).await;
    click(&browser, &format!(r#"{hit} [data-testid="privacy-erase-confirm"]"#)).await;
    browser.wait_for_text(&format!(r#"{hit} [data-testid="privacy-error"]"#), "begrundelse").await;
    let admin = server.login_token("admin").await;
    let (_, found) = get(&server, "/api/admin/privacy/contact-persons?q=testrup", &admin).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "nothing erased without a reason");
    type_into(&browser, &format!(r#"{hit} [data-testid="privacy-erase-reason"]"#), REASON).await;
    click(&browser, &format!(r#"{hit} [data-testid="privacy-erase-confirm"]"#)).await;
    browser.wait_for(&format!(r#"{hit}[data-erased="true"] [data-testid="privacy-erased"]"#), LONG).await;

    // A new search finds nobody; neither does the server.
    click(&browser, "#privacy-search-submit").await;
    browser.wait_for_count(count, |n| n == 0, "no hit after the erasure").await;
    assert!(browser.client.find(Locator::Css(hit)).await.is_err(), "no hit is listed");
    let (_, found) = get(&server, "/api/admin/privacy/contact-persons?q=testrup", &admin).await;
    assert_eq!(found, serde_json::json!([]));
    let (status, _) = get(&server, &format!("/api/admin/privacy/contact-persons/{id}"), &admin).await;
    assert_eq!(status, 404, "nothing to export any more");

    // The server's data, as every device pulls it: no name, phone or e-mail anywhere; the
    // visit itself stays, its notes without her name.
    let records = server.records().await;
    let everything = serde_json::to_string(&records).expect("records as JSON");
    for personal in [NAME, "Testrup", PHONE, EMAIL] {
        assert!(!everything.contains(personal), "the change log still holds {personal}");
    }
    let kept = contacts_with_id(&records, &visit.id.to_string());
    assert_eq!(kept.len(), 1, "the contact with the company stays");
    assert!(kept[0].notes.contains("[slettet]"), "{}", kept[0].notes);
    // The erasure is in the audit log with its reason.
    let (_, log) = get(&server, "/api/admin/audit?action=contact_person_erased", &admin).await;
    let entry = &log["entries"][0];
    assert_eq!(entry["subject"], id.as_str(), "{log}");
    assert!(log.to_string().contains(REASON), "the reason is logged: {log}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_gets_no_personal_data_screen_and_never_loads_the_admin_chunk() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    assert!(
        browser.client.find(Locator::Css("#open-admin-privacy")).await.is_err(),
        "no link for a consultant"
    );
    browser.client.goto(&server.url("/admin/persondata")).await.expect("type the address");
    browser.wait_for(r#"[data-testid="admin-forbidden"]"#, LONG).await;
    assert!(browser.client.find(Locator::Css(r#"[data-testid="admin-privacy"]"#)).await.is_err());
    let names = browser.loaded_wasm().await;
    assert!(!names.is_empty(), "the shell's wasm is listed");
    assert!(!names.iter().any(|n| n.contains("admin-route")), "the admin chunk was loaded: {names:?}");
    let token = server.login_token("konsulent").await;
    let (status, body) = get(&server, "/api/admin/privacy/contact-persons?q=holm", &token).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")), "and the server refuses too");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_reads_the_contact_matters_of_the_audit_log_from_the_desk_and_nothing_else() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let (_, _) = record_person(&server).await;
    // The admin exports the person: a contact matter in the log, beside the logins.
    let admin = server.login_token("admin").await;
    let (_, found) = get(&server, "/api/admin/privacy/contact-persons?q=testrup", &admin).await;
    let id = found[0]["id"].as_str().expect("the person's id").to_owned();
    assert_eq!(get(&server, &format!("/api/admin/privacy/contact-persons/{id}"), &admin).await.0, 200);

    let browser = Browser::start().await;
    browser.log_in(&server, "koordinator").await;
    assert!(browser.client.find(Locator::Css("#open-admin-audit")).await.is_err(), "no admin links");
    click(&browser, "#open-desk").await;
    click(&browser, "#open-audit-log").await;
    let count = r#"[data-testid="audit-count"]"#;
    let shown = browser.wait_for_count(count, |n| n > 0, "the contact matters are listed").await;
    let actions = browser
        .client
        .execute(
            "return [...document.querySelectorAll('tr[data-testid=audit-row]')].map(r => r.dataset.action);",
            vec![],
        )
        .await
        .expect("rows");
    let actions: Vec<&str> = actions.as_array().expect("rows").iter().filter_map(Value::as_str).collect();
    assert_eq!(actions.len() as u64, shown);
    assert!(actions.contains(&"contact_person_exported"), "{actions:?}");
    assert!(
        actions.iter().all(|a| a.starts_with("do_not_contact_")
            || a.starts_with("contact_person_")
            || *a == "access_request_exported"),
        "{actions:?}"
    );
    // The admin's own log holds logins too: hidden here, not missing.
    let (_, all) = get(&server, "/api/admin/audit", &admin).await;
    assert!(all.to_string().contains("login_succeeded"), "{all}");
    // Only the contact matters are offered to narrow by, and the users are not a tab.
    let options = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#audit-action option')].map(o => o.value).filter(v => v);",
            vec![],
        )
        .await
        .expect("options");
    assert_eq!(
        options,
        serde_json::json!([
            "do_not_contact_set",
            "do_not_contact_lifted",
            "contact_person_exported",
            "contact_person_erased",
            "access_request_exported"
        ])
    );
    assert!(browser.client.find(Locator::Css("#tab-admin-users")).await.is_err(), "no users tab");
    // Every other admin screen stays closed, however it is reached.
    for path in ["/admin/brugere", "/admin/persondata"] {
        browser.client.goto(&server.url(path)).await.expect("type the address");
        browser.wait_for(r#"[data-testid="admin-forbidden"]"#, LONG).await;
    }
    browser.client.goto(&server.url("/admin/log")).await.expect("type the address");
    browser.wait_for_count(count, |n| n == shown, "the log again").await;
    browser
        .client
        .execute(
            "history.pushState(null, '', '/admin/apparater'); dispatchEvent(new PopStateEvent('popstate'));",
            vec![],
        )
        .await
        .expect("navigate in the app");
    browser.wait_for(r#"[data-testid="admin-forbidden"]"#, LONG).await;
    browser.close().await;
}
