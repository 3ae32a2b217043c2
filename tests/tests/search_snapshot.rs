//! A start searches from the catalog's snapshot: the device keeps its companies and their
//! search index as one value, and after a sync that changes a few companies their layer
//! beside it; a start reads those instead of reading and indexing every company.

use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::api::CompanyPage;
use kontaktpunkt_e2e::{Browser, LONG, TestServer};
use serde_json::Value;

/// Empties the companies' object store, so only the snapshot can answer a search.
const CLEAR_COMPANIES: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('kontaktpunkt');
open.onerror = () => done(String(open.error));
open.onsuccess = () => {
  const tx = open.result.transaction('companies', 'readwrite');
  tx.objectStore('companies').clear();
  tx.oncomplete = () => { open.result.close(); done('cleared'); };
  tx.onerror = () => done(String(tx.error));
};
"#;

/// Waits until searching `typed` lists the company with this CVR number.
async fn search_finds(browser: &Browser, typed: &str, cvr: &str) {
    let search = browser.wait_for("input#company-search", LONG).await;
    search.clear().await.expect("clear the search");
    search.send_keys(typed).await.expect("type");
    browser
        .wait_until_js(
            &format!(
                "[...document.querySelectorAll('li[data-testid=\"company-result\"] .company-cvr')]\
                 .some(e => e.textContent.replace(/\\D/g, '') === '{cvr}')"
            ),
            LONG,
        )
        .await;
}

/// The JSON answer to `request`, which must succeed.
async fn answer(request: reqwest::RequestBuilder, what: &str) -> Value {
    let response = request.send().await.and_then(reqwest::Response::error_for_status);
    let response = response.unwrap_or_else(|e| panic!("{what}: {e}"));
    response.json().await.unwrap_or_else(|e| panic!("{what}: {e}"))
}

async fn cached_count(browser: &Browser) -> u64 {
    browser.wait_for(r#"[data-testid="company-count"]"#, LONG).await;
    browser.attr_of(r#"[data-testid="company-count"]"#, "data-count").await.parse().expect("a count")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_start_answers_from_the_snapshot_the_last_sync_made() {
    let data = tempfile::tempdir().expect("data dir");
    let mut server = TestServer::start(data.path());
    let http = reqwest::Client::new();
    let token = server.login_token("konsulent").await;
    let page =
        answer(http.get(server.url("/api/companies?limit=500")).bearer_auth(&token), "companies").await;
    let page: CompanyPage = serde_json::from_value(page).expect("a company page");
    let demo = &page.companies[page.companies.len() / 3];

    let browser = Browser::start().await;
    browser.log_in(&server, "konsulent").await;
    assert_eq!(cached_count(&browser).await, page.total);
    let first = browser.wait_for_fresh_snapshot(LONG).await;

    // The register brings a new company; the device's next sync makes a new snapshot.
    let cvr = (8_100_000..).find_map(Cvr::from_stem).expect("a CVR number").to_string();
    let csv = format!("CVR-nummer;Navn;Postnr;By\n{cvr};Øjebliksbilledet ApS;8900;Randers C\n");
    let summary = server.import_csv(csv).await;
    assert_eq!(summary["new"], 1, "{summary}");
    browser.client.refresh().await.expect("reload: the start syncs");
    search_finds(&browser, "oejebliksbilledet", &cvr).await;
    let second = browser.wait_for_fresh_snapshot(LONG).await;
    // Only the synced company's layer is kept again, beside the snapshot as it was.
    assert_eq!(first["recent"], 0, "{first}");
    assert_eq!(second["bytes"], first["bytes"], "the big snapshot is not written again: {second}");
    let recent = second["recent"].as_u64().unwrap_or(0);
    assert!(
        recent > 0 && recent * 20 < first["bytes"].as_u64().unwrap_or(0),
        "a small recent layer: {second}"
    );

    // Offline, with no company records left: only the snapshot can answer.
    browser.wait_until_js("navigator.serviceWorker && navigator.serviceWorker.controller", LONG).await;
    let cleared = browser.client.execute_async(CLEAR_COMPANIES, vec![]).await.expect("clear the companies");
    assert_eq!(cleared, Value::from("cleared"));
    server.kill();
    browser.client.refresh().await.expect("reload with the server down");
    assert_eq!(cached_count(&browser).await, page.total + 1);
    search_finds(&browser, "Øjebliksbilledet", &cvr).await;
    search_finds(&browser, &demo.name, demo.cvr.as_str()).await;
    // A start from a fresh snapshot needs none of the indexing code: its chunk was not fetched
    // (the pull's was, for the start's sync, which shows the count sees chunks from the cache).
    let fetched = |chunk: &str| {
        format!(
            "performance.getEntriesByType('resource').filter(e => /split-{chunk}.*\\.wasm$/.test(new URL(e.name).pathname)).length"
        )
    };
    browser.wait_until_js(&format!("{} > 0", fetched("sync-pull")), LONG).await;
    let indexing = browser
        .client
        .execute(&format!("return {};", fetched("catalog-build")), vec![])
        .await
        .expect("resources");
    assert_eq!(indexing.as_u64(), Some(0), "the start fetched the indexing chunk");
    // The company screen reads the company from the snapshot too.
    browser.client.goto(&server.url(&format!("/virksomhed/{cvr}"))).await.expect("open the company");
    browser.wait_for_text("#company-title", "Øjebliksbilledet ApS").await;
    browser.close().await;
}
