//! One URL per screen: Back and Forward move between screens and restore the search, a reload
//! or a deep link shows the same screen (online and with the server gone), an unknown CVR is
//! explained, and the admin's lazily loaded import screen opens offline after one online visit.

use std::time::Duration;

use kontaktpunkt_e2e::{Browser, LONG, TestServer, contactable_company};

/// The current path and query of the page.
async fn location(browser: &Browser) -> String {
    let value = browser
        .client
        .execute("return location.pathname + location.search;", vec![])
        .await
        .expect("read location");
    value.as_str().unwrap_or_default().to_owned()
}

async fn search_value(browser: &Browser) -> String {
    let value = browser
        .client
        .execute("return document.querySelector('input#company-search').value;", vec![])
        .await
        .expect("read search");
    value.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn back_and_forward_move_between_screens_and_keep_the_search() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;

    browser.open_company(&company.name, company.cvr.as_str()).await;
    assert_eq!(
        location(&browser).await,
        format!("/virksomhed/{}", company.cvr),
        "the company has its own URL"
    );

    // Back: the search with the same query and results; the app is still open.
    browser.client.back().await.expect("back");
    browser.wait_for(r#"li[data-testid="company-result"]"#, LONG).await;
    assert!(
        location(&browser).await.starts_with("/?q="),
        "the query is in the URL: {}",
        location(&browser).await
    );
    assert_eq!(search_value(&browser).await, company.name, "the search box shows the query again");

    // Forward: the company again.
    browser.client.forward().await.expect("forward");
    browser.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{}"]"#, company.cvr), LONG).await;

    // The outbox is a screen of its own, and Back leaves it for the company, not the app.
    browser.wait_for("#open-outbox", LONG).await.click().await.expect("open outbox");
    browser.wait_for(r#"[data-testid="outbox"]"#, LONG).await;
    assert_eq!(location(&browser).await, "/udbakke");
    browser.client.back().await.expect("back");
    browser.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{}"]"#, company.cvr), LONG).await;

    // Deep in a long result list, after "Vis flere": Back from a company lands where the
    // user was, with as many results shown.
    browser.client.back().await.expect("back to the search");
    let search = browser.wait_for("input#company-search", LONG).await;
    search.clear().await.expect("clear");
    search.send_keys("a").await.expect("a broad search");
    browser.wait_for("#show-more", LONG).await.click().await.expect("show more");
    browser
        .wait_until_js("document.querySelectorAll('li[data-testid=company-result]').length >= 40", LONG)
        .await;
    let scrolled = browser
        .client
        .execute(
            "const row = document.querySelectorAll('li[data-testid=company-result]')[35];
             row.scrollIntoView(); return [window.scrollY, row.querySelector('.company-cvr').textContent];",
            vec![],
        )
        .await
        .expect("scroll");
    let y = scrolled[0].as_f64().expect("scrollY");
    let deep_cvr = scrolled[1].as_str().expect("cvr").trim().to_owned();
    assert!(y > 500.0, "the list scrolled ({y})");
    tokio::time::sleep(Duration::from_millis(300)).await;
    browser
        .client
        .execute("document.querySelectorAll('li[data-testid=company-result]')[35].querySelector('.company-open').click();", vec![])
        .await
        .expect("open the deep result");
    browser.wait_for(&format!(r#"[data-testid="company-detail"][data-cvr="{deep_cvr}"]"#), LONG).await;
    browser.client.back().await.expect("back");
    browser
        .wait_until_js("document.querySelectorAll('li[data-testid=company-result]').length === 40", LONG)
        .await;
    browser.wait_until_js(&format!("Math.abs(window.scrollY - {y}) < 80"), LONG).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_typed_query_reaches_the_url_once_typing_pauses_and_a_reload_keeps_it() {
    let data = tempfile::tempdir().expect("data dir");
    let server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    let typed: String = company.name.chars().take(6).collect();
    let search = browser.wait_for("input#company-search", LONG).await;
    search.send_keys(&typed).await.expect("type");
    // The list answers each letter; the URL gets the query when typing pauses, without a
    // click or leaving the box.
    browser.wait_for(r#"li[data-testid="company-result"]"#, LONG).await;
    let literal = serde_json::to_string(&typed).expect("a JS string");
    browser
        .wait_until_js(
            &format!(
                "location.pathname === '/' && new URLSearchParams(location.search).get('q') === {literal}"
            ),
            LONG,
        )
        .await;
    let wanted = location(&browser).await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for(r#"li[data-testid="company-result"]"#, LONG).await;
    assert_eq!(search_value(&browser).await, typed, "the reload searches the same query");
    assert_eq!(location(&browser).await, wanted);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_company_link_opens_that_company_after_reload_and_offline_in_a_new_tab() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let company = contactable_company(&server.records().await);
    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    browser.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;
    let detail = format!(r#"[data-testid="company-detail"][data-cvr="{}"]"#, company.cvr);
    let link = server.url(&format!("/virksomhed/{}", company.cvr));

    // Online: a deep link, then a reload, show the company.
    browser.client.goto(&link).await.expect("deep link");
    let title = browser.wait_for(&format!("{detail} h1#company-title"), LONG).await;
    assert_eq!(title.text().await.expect("title"), company.name);
    browser.client.refresh().await.expect("reload");
    browser.wait_for(&format!("{detail} h1#company-title"), LONG).await;

    // Offline: the same link in a new tab still shows the company, from the device alone.
    server.kill();
    assert!(reqwest::get(server.url("/api/health")).await.is_err(), "the server must really be gone");
    let tab = browser.client.new_window(true).await.expect("new tab");
    browser.client.switch_to_window(tab.handle).await.expect("switch tab");
    browser.client.goto(&link).await.expect("deep link offline");
    let title = browser.wait_for(&format!("{detail} h1#company-title"), LONG).await;
    assert_eq!(title.text().await.expect("title"), company.name, "the company screen offline");

    // A CVR number that is not on the device says so instead of showing a blank screen.
    browser.client.goto(&server.url("/virksomhed/12345674")).await.expect("unknown company");
    browser.wait_for(r#"[data-testid="company-not-found"]"#, LONG).await;
    browser.client.goto(&server.url("/findes-ikke")).await.expect("unknown path");
    browser.wait_for(r#"[data-testid="not-found"]"#, LONG).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lazy_import_screen_opens_offline_after_one_online_visit() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.log_in(&server, "admin").await;
    browser.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;

    // The import screen's code is not part of the start: its chunk was not fetched yet (the
    // first sync's own chunks were: the pull and the catalog's indexing).
    let chunk_requests = "performance.getEntriesByType('resource').filter(e => /kontaktpunkt-app-split---admin-route.*\\.wasm$/.test(new URL(e.name).pathname)).length";
    let before =
        browser.client.execute(&format!("return {chunk_requests};"), vec![]).await.expect("resources");
    assert_eq!(before.as_u64(), Some(0), "the start fetched no chunk of the import screen");

    // The service worker has precached the chunks after the start, so they work offline.
    browser
        .wait_until_js(
            "caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.keys())))).then(lists => window.__chunks = lists.flat().filter(r => /split.*\\.wasm$/.test(r.url)).length) && window.__chunks > 0",
            LONG,
        )
        .await;
    server.kill();
    assert!(reqwest::get(server.url("/api/health")).await.is_err(), "the server must really be gone");
    browser.client.refresh().await.expect("reload offline");
    browser.wait_for(r#"[data-testid="company-count"]"#, LONG).await;
    browser.wait_for("#open-admin-import", LONG).await.click().await.expect("open import");
    browser.wait_for(r#"[data-testid="admin-import"]"#, LONG).await;
    let after =
        browser.client.execute(&format!("return {chunk_requests};"), vec![]).await.expect("resources");
    assert!(after.as_u64().unwrap_or(0) >= 1, "opening the screen loaded its chunk (from the cache)");
    tokio::time::sleep(Duration::from_millis(100)).await;
    browser.close().await;
}
