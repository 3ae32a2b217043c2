//! An admin imports the company register from the app: upload, preview (choosing a
//! spreadsheet's columns where needed), confirm with progress, summary.

use fantoccini::Locator;
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, workspace_root};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_previews_and_confirms_a_cvr_import() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let sample = workspace_root().join("server/register/tests/fixtures/cvr-company-sample.json");
    assert!(sample.is_file(), "the CVR sample fixture is in the repository");

    let browser = Browser::start().await;
    browser.log_in(&server, "admin").await;

    browser.wait_for("#open-admin-import", LONG).await.click().await.expect("open import");
    browser.wait_for(r#"[data-testid="admin-import"]"#, LONG).await;
    browser.wait_for("select#import-format", LONG).await.select_by_value("cvr").await.expect("format");
    // The sample company is in Copenhagen (101), not in the demo's Randers (730).
    browser.wait_for("select#import-municipality", LONG).await.select_by_value("all").await.expect("all");
    browser
        .wait_for("input#import-file", LONG)
        .await
        .send_keys(&sample.to_string_lossy())
        .await
        .expect("choose the file");
    browser.wait_for("button#import-upload", LONG).await.click().await.expect("upload");

    // Nothing is imported before the admin confirms.
    let preview = browser.wait_for(r#"[data-testid="import-preview"]"#, LONG).await;
    assert!(preview.text().await.expect("preview text").contains("MAGENTA"), "the preview shows the company");
    let http = reqwest::Client::new();
    let token = server.login_token("konsulent").await;
    assert!(!company_exists(&http, &server, &token, "25052943").await, "not imported before apply");

    browser.wait_for("button#import-apply", LONG).await.click().await.expect("apply");
    let summary = browser.wait_for(r#"[data-testid="import-summary"]"#, LONG).await;
    assert_eq!(summary.attr("data-new").await.expect("data-new").as_deref(), Some("1"));
    assert!(company_exists(&http, &server, &token, "25052943").await, "imported after apply");

    // The real sample is valid: no rejected rows were reported.
    assert!(browser.client.find(Locator::Css(r#"[data-testid="import-row-error"]"#)).await.is_err());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_chooses_an_unrecognised_name_column_and_applies_with_progress() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    // CVR numbers outside the demo's range (its stems stop at 4,500,000).
    let cvrs: Vec<String> = (8_000_000..).filter_map(Cvr::from_stem).take(2).map(|c| c.to_string()).collect();
    let csv = data.path().join("firmaer.csv");
    std::fs::write(
        &csv,
        format!(
            "CVR-nummer;Firma;Postnr;By\n{};Kolonnevalg ApS;8900;Randers C\n{};Andet Kolonnevalg ApS;8960;Randers SØ\n",
            cvrs[0], cvrs[1]
        ),
    )
    .expect("write the CSV");

    let browser = Browser::start().await;
    // The narrowest phone the screen is made for.
    browser.client.set_window_size(360, 800).await.expect("window size");
    browser.log_in(&server, "admin").await;
    browser.wait_for("#open-admin-import", LONG).await.click().await.expect("open import");
    browser.wait_for(r#"[data-testid="admin-import"]"#, LONG).await;
    browser.wait_for("input#import-file", LONG).await.send_keys(&csv.to_string_lossy()).await.expect("file");
    browser.wait_until_js("document.querySelector('#import-format').value === 'csv'", LONG).await;
    browser.wait_for("button#import-upload", LONG).await.click().await.expect("upload");

    // "Firma" is no header the app knows for the name: the preview says so and waits.
    let preview = browser.wait_for(r#"[data-testid="import-preview"][data-can-apply="false"]"#, LONG).await;
    assert!(preview.text().await.expect("text").contains("Kolonnevalg ApS"), "the rows are shown");
    let blocked = browser.wait_for(r#"[data-testid="import-blocked"]"#, LONG).await;
    assert!(blocked.text().await.expect("text").contains("Navn"), "the unmapped field is named");
    assert!(
        browser.wait_for("button#import-apply", LONG).await.attr("disabled").await.expect("attr").is_some()
    );
    // A real label names each select, for keyboards and screen readers.
    browser
        .wait_until_js(
            "document.querySelector('label[for=\"import-map-name\"]').textContent.startsWith('Navn') \
             && document.querySelector('#import-map-cvr').value === '0' \
             && document.querySelector('#import-map-name').value === ''",
            LONG,
        )
        .await;
    // Nothing of the screen, header included (the admin's has the most buttons), sticks out
    // sideways; only the tables scroll inside their boxes.
    browser
        .wait_until_js(
            "[...document.querySelectorAll('.app-header *, .admin-import *')].every(e => e.closest('.table-scroll') \
             || e.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5)",
            LONG,
        )
        .await;

    browser.wait_for("select#import-map-name", LONG).await.select_by_value("1").await.expect("choose Firma");
    browser.wait_for(r#"[data-testid="import-preview"][data-can-apply="true"]"#, LONG).await;
    let dry_run = browser.wait_for(r#"[data-testid="import-dry-run"]"#, LONG).await;
    assert_eq!(dry_run.attr("data-new").await.expect("data-new").as_deref(), Some("2"));
    browser
        .wait_until_js("document.activeElement && document.activeElement.id === 'import-map-name'", LONG)
        .await;
    assert!(browser.client.find(Locator::Css(r#"[data-testid="import-blocked"]"#)).await.is_err());

    // Hold the database so the apply waits (at most the server's 5 s busy timeout) while the
    // bar shows the server's figures.
    let db = format!("sqlite://{}", data.path().join("kontaktpunkt.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&db).await.expect("open the database");
    let mut lock = pool.acquire().await.expect("connection");
    sqlx::query("begin immediate").execute(&mut *lock).await.expect("write lock");
    browser.wait_for("button#import-apply", LONG).await.click().await.expect("apply");
    browser
        .wait_until_js(
            "!document.querySelector('#import-apply-status').hidden \
             && document.querySelector('label[for=\"import-apply-progress\"]').textContent.length > 0 \
             && /%/.test(document.querySelector('[data-testid=\"import-apply-progress-text\"]').textContent)",
            Duration::from_secs(4),
        )
        .await;
    sqlx::query("rollback").execute(&mut *lock).await.expect("release");
    drop(lock);

    let summary = browser.wait_for(r#"[data-testid="import-summary"]"#, LONG).await;
    assert_eq!(summary.attr("data-new").await.expect("data-new").as_deref(), Some("2"));
    let http = reqwest::Client::new();
    let token = server.login_token("konsulent").await;
    for cvr in &cvrs {
        assert!(company_exists(&http, &server, &token, cvr).await, "{cvr} imported");
    }
    browser.close().await;
}

/// Whether the company is on the server, read through the public company pager.
async fn company_exists(http: &reqwest::Client, server: &TestServer, token: &str, cvr: &str) -> bool {
    let mut after: Option<String> = None;
    loop {
        let query = after.as_ref().map_or(String::new(), |a| format!("&after={a}"));
        let page: serde_json::Value = http
            .get(server.url(&format!("/api/companies?limit=5000{query}")))
            .bearer_auth(token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("companies")
            .json()
            .await
            .expect("page");
        let companies = page["companies"].as_array().cloned().unwrap_or_default();
        if companies.iter().any(|c| c["cvr"] == cvr) {
            return true;
        }
        match page["next_after"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => return false,
        }
    }
}
