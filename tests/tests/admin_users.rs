//! The admin's accounts screens in the browser: users are created, deactivated, given a new
//! password and logged out everywhere from `/admin/brugere`, and the server (asked through
//! the API, as the user's own device would) agrees at once; `/admin/log` lists what happened
//! and narrows it by action; a consultant never loads the screens' code.

use fantoccini::Locator;
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::accounts::{AuditAction, AuditPage};
use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use serde_json::json;

/// The new user's first password and the one the admin sets later.
const FIRST_PASSWORD: &str = "et-langt-kodeord-1";
const SECOND_PASSWORD: &str = "et-andet-kodeord-2";

/// The status of `POST /api/login` for `username` with `password`.
async fn login_status(server: &TestServer, username: &str, password: &str) -> u16 {
    reqwest::Client::new()
        .post(server.url("/api/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login request")
        .status()
        .as_u16()
}

/// A bearer token of `username` with `password`.
async fn token_of(server: &TestServer, username: &str, password: &str) -> String {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("login")
        .json()
        .await
        .expect("login answer");
    answer["token"].as_str().expect("token").to_owned()
}

/// `GET path` with the bearer token: its status and body.
async fn get(server: &TestServer, path: &str, token: &str) -> (u16, String) {
    let response =
        reqwest::Client::new().get(server.url(path)).bearer_auth(token).send().await.expect("request");
    (response.status().as_u16(), response.text().await.expect("body"))
}

/// The element of `css` inside the panel under the row of `username`.
fn in_panel(username: &str, css: &str) -> String {
    format!(r#"tr[data-username="{username}"] + tr.user-panel {css}"#)
}

/// The button `testid` of the row of `username`.
fn row_button(username: &str, testid: &str) -> String {
    format!(r#"tr[data-username="{username}"] [data-testid="{testid}"]"#)
}

async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css, LONG).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn type_into(browser: &Browser, css: &str, text: &str) {
    let input = browser.wait_for(css, LONG).await;
    input.clear().await.expect("clear");
    input.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_creates_deactivates_and_resets_a_user_and_the_server_agrees_at_once() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let admin = server.login_token("admin").await;
    let (_, units) = get(&server, "/api/units", &admin).await;
    let units: Vec<Unit> = serde_json::from_str(&units).expect("units");
    let (_, users) = get(&server, "/api/admin/users", &admin).await;
    let listed = serde_json::from_str::<Vec<serde_json::Value>>(&users).expect("users").len() as u64;

    let browser = Browser::start().await;
    browser.log_in(&server, "admin").await;
    click(&browser, "#open-admin-users").await;
    let shown =
        browser.wait_for_count(r#"[data-testid="user-count"]"#, |n| n > 0, "the users are listed").await;
    assert_eq!(shown, listed, "every account of the server is a row");
    assert!(
        browser
            .client
            .find(Locator::Css(r#"tr[data-testid="user-row"][data-username="konsulent"]"#))
            .await
            .is_ok()
    );

    // A password that is too short: the server's problem, in Danish, next to the field.
    type_into(&browser, "#new-user-username", "tove.test").await;
    type_into(&browser, "#new-user-name", "Tove Testbruger").await;
    browser.wait_for("#new-user-role", LONG).await.select_by_value("consultant").await.expect("role");
    let unit = units[0].id.to_string();
    browser.wait_for("#new-user-unit", LONG).await.select_by_value(&unit).await.expect("unit");
    type_into(&browser, "#new-user-password", "kort").await;
    click(&browser, "#new-user-create").await;
    browser.wait_for_text("#new-user-password-error", "mindst 12 tegn").await;
    browser
        .wait_until_js(
            "document.querySelector('#new-user-password').getAttribute('aria-invalid') === 'true'",
            LONG,
        )
        .await;
    assert_eq!(login_status(&server, "tove.test", "kort").await, 401, "nothing was created");

    type_into(&browser, "#new-user-password", FIRST_PASSWORD).await;
    click(&browser, "#new-user-create").await;
    browser
        .wait_for(r#"tr[data-testid="user-row"][data-username="tove.test"][data-active="true"]"#, LONG)
        .await;
    browser.wait_for_text(r#"[data-testid="accounts-notice"]"#, "tove.test er oprettet").await;
    browser
        .wait_for_count(r#"[data-testid="user-count"]"#, |n| n == listed + 1, "the new row is counted")
        .await;
    assert_eq!(login_status(&server, "tove.test", FIRST_PASSWORD).await, 200, "the new user logs in");
    // The same username again: taken, said next to the field.
    type_into(&browser, "#new-user-username", "tove.test").await;
    type_into(&browser, "#new-user-name", "Tove Igen").await;
    browser.wait_for("#new-user-unit", LONG).await.select_by_value(&unit).await.expect("unit");
    type_into(&browser, "#new-user-password", FIRST_PASSWORD).await;
    click(&browser, "#new-user-create").await;
    browser.wait_for_text("#new-user-username-error", "allerede i brug").await;

    // Deactivated after a confirmation: the login is refused, and a token held stops working.
    let held = token_of(&server, "tove.test", FIRST_PASSWORD).await;
    click(&browser, &row_button("tove.test", "user-active")).await;
    assert_eq!(login_status(&server, "tove.test", FIRST_PASSWORD).await, 200, "not before the confirmation");
    click(&browser, &in_panel("tove.test", r#"[data-testid="user-confirm"]"#)).await;
    browser.wait_for(r#"tr[data-username="tove.test"][data-active="false"]"#, LONG).await;
    assert_eq!(
        login_status(&server, "tove.test", FIRST_PASSWORD).await,
        401,
        "a deactivated user cannot log in"
    );
    assert_eq!(get(&server, "/api/units", &held).await.0, 401, "nor use a session it had");

    // Reactivated, then a new password: the old one stops working, the new one works.
    click(&browser, &row_button("tove.test", "user-active")).await;
    browser.wait_for(r#"tr[data-username="tove.test"][data-active="true"]"#, LONG).await;
    assert_eq!(login_status(&server, "tove.test", FIRST_PASSWORD).await, 200, "reactivated");
    click(&browser, &row_button("tove.test", "user-password")).await;
    type_into(&browser, &in_panel("tove.test", r#"[data-testid="user-password-input"]"#), SECOND_PASSWORD)
        .await;
    click(&browser, &in_panel("tove.test", r#"[data-testid="user-password-save"]"#)).await;
    browser.wait_for_text(r#"[data-testid="accounts-notice"]"#, "Ny adgangskode til tove.test").await;
    assert_eq!(login_status(&server, "tove.test", SECOND_PASSWORD).await, 200, "the new password works");
    assert_eq!(login_status(&server, "tove.test", FIRST_PASSWORD).await, 401, "the old one does not");

    // Logged out everywhere: a session of the user's phone ends.
    let phone = token_of(&server, "tove.test", SECOND_PASSWORD).await;
    click(&browser, &row_button("tove.test", "user-revoke")).await;
    click(&browser, &in_panel("tove.test", r#"[data-testid="user-confirm"]"#)).await;
    browser.wait_for_text(r#"[data-testid="accounts-notice"]"#, "tove.test:").await;
    assert_eq!(get(&server, "/api/units", &phone).await.0, 401, "the phone's session ended");
    browser.wait_for(r#"tr[data-username="tove.test"] [data-testid="user-sessions"]"#, LONG).await;
    browser
        .wait_until_js(
            r#"document.querySelector('tr[data-username="tove.test"] [data-testid="user-sessions"]').textContent === '0'"#,
            LONG,
        )
        .await;

    // The role and the name change in the row's form.
    click(&browser, &row_button("tove.test", "user-edit")).await;
    let form = in_panel("tove.test", r#"[data-testid="user-edit-form"]"#);
    type_into(&browser, &format!("{form} input"), "Tove Koordinator").await;
    browser
        .wait_for(&format!("{form} select"), LONG)
        .await
        .select_by_value("coordinator")
        .await
        .expect("role");
    click(&browser, &in_panel("tove.test", r#"[data-testid="user-save"]"#)).await;
    browser.wait_for(r#"tr[data-username="tove.test"][data-role="coordinator"]"#, LONG).await;
    browser
        .wait_for_text(r#"tr[data-username="tove.test"] [data-testid="user-name"]"#, "Tove Koordinator")
        .await;

    // The server's refusals, in the admin's language: nobody deactivates themselves, and the
    // last admin keeps the role.
    click(&browser, &row_button("admin", "user-active")).await;
    click(&browser, &in_panel("admin", r#"[data-testid="user-confirm"]"#)).await;
    browser
        .wait_for_text(&in_panel("admin", r#"[data-testid="user-error"]"#), "Du kan ikke deaktivere dig selv")
        .await;
    // Escape closes the panel and gives the focus back to the button that opened it.
    browser
        .wait_for(&in_panel("admin", r#"[data-testid="user-confirm"]"#), LONG)
        .await
        .send_keys("\u{e00c}")
        .await
        .expect("escape");
    browser
        .wait_until_js(
            r#"document.activeElement === document.querySelector('tr[data-username="admin"] [data-testid="user-active"]')
               && !document.querySelector('tr[data-username="admin"] + tr.user-panel')"#,
            LONG,
        )
        .await;
    click(&browser, &row_button("admin", "user-edit")).await;
    let form = in_panel("admin", r#"[data-testid="user-edit-form"]"#);
    browser
        .wait_for(&format!("{form} select"), LONG)
        .await
        .select_by_value("coordinator")
        .await
        .expect("role");
    browser
        .wait_for(&format!(r#"{form} select[id$="-unit"]"#), LONG)
        .await
        .select_by_value(&unit)
        .await
        .expect("unit");
    click(&browser, &in_panel("admin", r#"[data-testid="user-save"]"#)).await;
    browser
        .wait_for_text(&in_panel("admin", r#"[data-testid="user-error"]"#), "sidste aktive administrator")
        .await;
    assert!(
        browser.client.find(Locator::Css(r#"tr[data-username="admin"][data-role="admin"]"#)).await.is_ok()
    );

    // In English, the same refusal in English.
    click(&browser, "#language-switch").await;
    browser.wait_for_text(&in_panel("admin", r#"[data-testid="user-error"]"#), "last active admin").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_lists_account_changes_newest_first_narrows_by_action_and_pages() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let admin = server.login_token("admin").await;
    let (_, units) = get(&server, "/api/units", &admin).await;
    let units: Vec<Unit> = serde_json::from_str(&units).expect("units");
    // More new users than one page of the screen holds (50).
    let http = reqwest::Client::new();
    for n in 0..55 {
        let body = json!({
            "username": format!("bruger.{n:02}"), "display_name": format!("Bruger {n}"),
            "role": "consultant", "unit_id": units[0].id, "password": FIRST_PASSWORD
        });
        let response = http
            .post(server.url("/api/admin/users"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .expect("create");
        assert_eq!(response.status(), 201, "user {n} created");
    }
    assert_eq!(login_status(&server, "bruger.00", "forkert-kodeord").await, 401);

    let browser = Browser::start().await;
    browser.log_in(&server, "admin").await;
    click(&browser, "#open-admin-audit").await;
    browser.wait_for_count(r#"[data-testid="audit-count"]"#, |n| n == 50, "the first page is shown").await;
    browser.wait_for(r#"tr[data-testid="audit-row"][data-action="login_failed"]"#, LONG).await;
    // Newest first: the admin's own login in this browser heads the list.
    let first = browser.wait_for(r#"tr[data-testid="audit-row"]"#, LONG).await;
    assert_eq!(first.attr("data-action").await.expect("attr").as_deref(), Some("login_succeeded"));

    // Only the created users: the server's answer to the same question, row for row.
    let (status, body) = get(&server, "/api/admin/audit?action=user_created&limit=1000", &admin).await;
    assert_eq!(status, 200);
    let expected: AuditPage = serde_json::from_str(&body).expect("audit page");
    assert_eq!(expected.entries.len(), 55);
    browser
        .wait_for("#audit-action", LONG)
        .await
        .select_by_value(AuditAction::UserCreated.as_str())
        .await
        .expect("action");
    click(&browser, "#audit-search").await;
    browser
        .wait_for_count(r#"[data-testid="audit-count"]"#, |n| n == 50, "the first page of the search")
        .await;
    browser
        .wait_until_js(
            r#"[...document.querySelectorAll('tr[data-testid="audit-row"]')].every(r => r.dataset.action === 'user_created')"#,
            LONG,
        )
        .await;
    click(&browser, "#audit-more").await;
    browser.wait_for_count(r#"[data-testid="audit-count"]"#, |n| n == 55, "the next page is appended").await;
    let ids = browser
        .client
        .execute(
            r#"return [...document.querySelectorAll('tr[data-testid="audit-row"]')].map(r => Number(r.dataset.id));"#,
            vec![],
        )
        .await
        .expect("ids");
    let ids: Vec<u64> = ids.as_array().expect("array").iter().filter_map(serde_json::Value::as_u64).collect();
    let wanted: Vec<u64> = expected.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, wanted, "the same entries as the server's, newest first");
    browser.wait_until_js("document.querySelector('#audit-more').closest('[hidden]') !== null", LONG).await;

    // By user: the failed login of bruger.00 and its creation.
    browser.wait_for("#audit-action", LONG).await.select_by_value("").await.expect("all actions");
    type_into(&browser, "#audit-user", "bruger.00").await;
    click(&browser, "#audit-search").await;
    browser.wait_for_count(r#"[data-testid="audit-count"]"#, |n| n == 2, "the user's two entries").await;
    browser.wait_for(r#"tr[data-testid="audit-row"][data-action="login_failed"]"#, LONG).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consultant_gets_no_accounts_screens_and_never_loads_their_code() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    for link in ["#open-admin-users", "#open-admin-audit"] {
        assert!(browser.client.find(Locator::Css(link)).await.is_err(), "no {link} for a consultant");
    }

    for path in ["/admin/brugere", "/admin/log"] {
        browser.client.goto(&server.url(path)).await.expect("type the address");
        browser.wait_for(r#"[data-testid="admin-forbidden"]"#, LONG).await;
    }
    let names = browser.loaded_wasm().await;
    assert!(!names.is_empty(), "the shell's wasm is listed");
    assert!(!names.iter().any(|n| n.contains("admin-route")), "the admin chunk was loaded: {names:?}");
    let token = server.login_token("konsulent").await;
    assert_eq!(get(&server, "/api/admin/users", &token).await.0, 403, "and the server refuses too");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_on_a_phone_reaches_the_screens_and_only_the_tables_scroll_sideways() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.client.set_window_size(360, 800).await.expect("window size");
    browser.log_in(&server, "admin").await;
    click(&browser, "#open-admin-users").await;
    browser.wait_for_count(r#"[data-testid="user-count"]"#, |n| n > 0, "the users are listed").await;
    let fits = "[...document.querySelectorAll('.app-header *, .admin-accounts *')].every(e => e.closest('.table-scroll') \
                || e.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5)";
    browser.wait_until_js(fits, LONG).await;
    // Every field has its label, every column its header.
    browser
        .wait_until_js(
            "[...document.querySelectorAll('.admin-accounts input, .admin-accounts select')].every(e => e.labels.length > 0) \
             && [...document.querySelectorAll('.admin-accounts thead th')].every(th => th.scope === 'col')",
            LONG,
        )
        .await;
    click(&browser, "#tab-admin-audit").await;
    browser.wait_for_count(r#"[data-testid="audit-count"]"#, |n| n > 0, "the log is listed").await;
    browser.wait_until_js(fits, LONG).await;
    browser.close().await;
}
