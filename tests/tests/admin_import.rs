//! An admin imports the CVR register's own JSON from the app: upload, preview, confirm, summary.

use fantoccini::Locator;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, workspace_root};

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_previews_and_confirms_a_cvr_import() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let sample = workspace_root().join("server/register/tests/fixtures/cvr-company-sample.json");
    assert!(sample.is_file(), "the CVR sample fixture is in the repository");

    let browser = Browser::start().await;
    browser.log_in(&server, "admin").await;

    browser.wait_for("button#open-admin-import", LONG).await.click().await.expect("open import");
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
