//! The walking skeleton's promise: after one online visit a consultant can open the app and
//! search companies with no server at all.

use std::time::Duration;

use fantoccini::Locator;
use kontaktpunkt_domain::api::CompanyPage;
use kontaktpunkt_e2e::{Browser, LONG, TestServer};

/// One page of companies, read through the API the way the app's first version did.
async fn some_companies(server: &TestServer) -> CompanyPage {
    let token = server.login_token("konsulent").await;
    reqwest::Client::new()
        .get(server.url("/api/companies?limit=300"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("companies request")
        .error_for_status()
        .expect("companies answer")
        .json()
        .await
        .expect("company page")
}

#[tokio::test(flavor = "multi_thread")]
async fn companies_are_searchable_after_the_server_is_gone() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let page = some_companies(&server).await;
    assert!(page.total >= 5000, "the demo municipality has thousands of companies, got {}", page.total);
    let wanted = &page.companies[page.companies.len() / 2];

    let browser = Browser::start().await;
    browser.submit_login(&server, "konsulent", "kontaktpunkt").await;

    // Every company is cached locally before the app says it is ready.
    let count = browser.wait_for(r#"[data-testid="company-count"]"#, LONG).await;
    let cached: u64 = count
        .attr("data-count")
        .await
        .expect("read data-count")
        .and_then(|n| n.parse().ok())
        .expect("data-count is a number");
    assert_eq!(cached, page.total, "all companies are cached in IndexedDB");

    // The service worker controls the page, so the shell can come from its cache.
    browser.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;

    server.kill();
    let down = reqwest::get(server.url("/api/health")).await;
    assert!(down.is_err(), "the server must really be gone");

    browser.client.refresh().await.expect("reload with the server down");
    let search = browser.wait_for("input#company-search", LONG).await;
    search.send_keys(&wanted.name).await.expect("type a company name");

    let cvr_locator = r#"li[data-testid="company-result"] .company-cvr"#;
    let deadline = std::time::Instant::now() + LONG;
    loop {
        let shown = browser.client.find_all(Locator::Css(cvr_locator)).await.expect("query results");
        let mut cvrs = Vec::new();
        for element in shown {
            cvrs.push(element.text().await.unwrap_or_default());
        }
        if cvrs.iter().any(|text| text.contains(wanted.cvr.as_str())) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "searching `{}` offline never showed CVR {}; shown: {cvrs:?}",
            wanted.name,
            wanted.cvr
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let names = browser.client.find_all(Locator::Css(".company-name")).await.expect("names");
    let mut matched = false;
    for name in names {
        matched |= name.text().await.unwrap_or_default() == wanted.name;
    }
    assert!(matched, "the result shows the company's name `{}`", wanted.name);

    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_refused_in_danish() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;

    browser.submit_login(&server, "konsulent", "forkert-kode").await;
    let error = browser.wait_for(r#"[data-testid="login-error"]"#, LONG).await;
    let text = error.text().await.expect("error text");
    assert!(text.contains("Forkert brugernavn eller adgangskode"), "got `{text}`");
    // Still on the login screen, and nothing was downloaded.
    assert!(browser.client.find(Locator::Css("input#company-search")).await.is_err());

    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_is_installable_with_a_danish_manifest_and_icons() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let manifest: serde_json::Value = reqwest::get(server.url("/manifest.webmanifest"))
        .await
        .expect("manifest request")
        .error_for_status()
        .expect("manifest is served")
        .json()
        .await
        .expect("manifest is JSON");
    assert_eq!(manifest["lang"], "da");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    let icons = manifest["icons"].as_array().expect("icons listed");
    for size in ["192x192", "512x512"] {
        assert!(icons.iter().any(|i| i["sizes"] == size), "an icon of {size}");
    }
    assert!(
        icons.iter().any(|i| i["purpose"].as_str().is_some_and(|p| p.contains("maskable"))),
        "a maskable icon"
    );
    for icon in icons {
        let src = icon["src"].as_str().expect("icon src");
        let path = if src.starts_with('/') { src.to_owned() } else { format!("/{src}") };
        let answer = reqwest::get(server.url(&path)).await.expect("icon request");
        assert!(answer.status().is_success(), "{src} is served");
        let bytes = answer.bytes().await.expect("icon bytes");
        assert!(bytes.starts_with(b"\x89PNG"), "{src} is a PNG");
    }
}
