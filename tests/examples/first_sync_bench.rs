//! Benchmark: a new device's first sync in real headless Chromium — from pressing "Log ind"
//! until every company is in IndexedDB and searchable — for 10,000 and 100,000 companies.
//! Prints figures; asserts nothing about time.
//!
//! ```sh
//! cargo xtask build
//! cargo run --release -p kontaktpunkt-e2e --example first_sync_bench [-- 10000 100000]
//! ```
//!
//! Each size gets a fresh database: the demo municipality (8,000 companies with a year of
//! contacts, feedback and do-not-contact flags) plus generated companies up to the size.

use std::time::{Duration, Instant};

use kontaktpunkt_e2e::{Browser, DEMO_PASSWORD, TestServer, dist_dir, seed_demo_up_to};

const COMPANY_COUNT: &str = r#"[data-testid="company-count"]"#;

async fn measure(size: usize) {
    let data = tempfile::tempdir().expect("data dir");
    let state = seed_demo_up_to(data.path(), &dist_dir(), size).await;
    let total = state.store().count_companies().await.expect("count");
    drop(state);

    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    // Load the shell first, so the figure is the sync itself, not the first wasm download.
    browser.client.goto(&server.url("/")).await.expect("open app");
    browser.wait_for("form#login-form input#username", Duration::from_secs(60)).await;
    browser
        .wait_for("input#username", Duration::from_secs(5))
        .await
        .send_keys("konsulent")
        .await
        .expect("type");
    browser
        .wait_for("input#password", Duration::from_secs(5))
        .await
        .send_keys(DEMO_PASSWORD)
        .await
        .expect("type");
    let page_clock = |v: serde_json::Value| v.as_f64().unwrap_or(0.0);
    let clicked_at =
        page_clock(browser.client.execute("return performance.now()", vec![]).await.expect("clock"));
    let start = Instant::now();
    browser.wait_for("button#login-submit", Duration::from_secs(5)).await.click().await.expect("log in");
    let shown = browser.wait_for_count(COMPANY_COUNT, |n| n >= total, "every company on the device").await;
    let elapsed = start.elapsed();
    // Where the time went, from the page's own resource timings (ms after the click).
    let api: Vec<(String, f64, f64)> = serde_json::from_value(
        browser
            .client
            .execute(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))\
                 .map(e => [new URL(e.name).pathname, e.startTime, e.responseEnd])",
                vec![],
            )
            .await
            .expect("resource timings"),
    )
    .unwrap_or_default();
    let after = |t: f64| (t - clicked_at) / 1e3;
    // Each API request from the click on: start → end (a page's end waits for the app to read
    // its body, so it includes the storing of the page before it).
    let timeline: Vec<String> = api
        .iter()
        .filter(|(_, start, _)| *start >= clicked_at)
        .map(|(path, start, end)| format!("{path} {:.2}→{:.2}", after(*start), after(*end)))
        .collect();
    let usage = browser
        .client
        .execute_async(
            "const done = arguments[0]; navigator.storage.estimate().then(e => done(e.usageDetails.indexedDB || e.usage));",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    println!(
        "first sync of {shown:>7} companies (+ demo contacts, feedback, flags): {:>6.2} s, {:>7.0} companies/s, IndexedDB {:.1} MB",
        elapsed.as_secs_f64(),
        shown as f64 / elapsed.as_secs_f64(),
        usage / 1e6
    );
    println!("  requests (s after the click): {}", timeline.join(", "));
    browser.close().await;
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    for size in sizes {
        measure(size).await;
    }
}
