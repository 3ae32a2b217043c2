//! Benchmark: a new device's first sync in real headless Chromium — from pressing "Log ind"
//! until every company is in IndexedDB and searchable — for 10,000 and 100,000 companies.
//! Prints figures; asserts nothing about time.
//!
//! ```sh
//! cargo xtask build
//! cargo run --release -p kontaktpunkt-e2e --example first_sync_bench [-- 10000 100000]
//! ```
//!
//! With `FIRST_SYNC_PROFILE=<file.cpuprofile>` it also records a DevTools CPU profile of the
//! page from the click until searchable, writes it (open it in DevTools' Performance panel) and
//! prints the functions with the most self and total time. `KONTAKTPUNKT_WASM_NAMES=1 cargo
//! xtask build` keeps the wasm's function names for it.
//!
//! Each size gets a fresh database: the demo municipality (8,000 companies with a year of
//! contacts, feedback and do-not-contact flags) plus generated companies up to the size.

use std::time::{Duration, Instant};

use kontaktpunkt_e2e::{Browser, DEMO_PASSWORD, TestServer, dist_dir, seed_demo_up_to};

const COMPANY_COUNT: &str = r#"[data-testid="company-count"]"#;

/// Turns on the app's User Timing measures (`kpTiming`), and records in the page when "Log ind" is clicked (`kpClicked`) and when the company count first
/// says that all `arguments[0]` companies are searchable (`kpSearchable`), by `performance.now()`.
const WATCH_FOR_SEARCHABLE: &str = r#"
const total = arguments[0];
window.kpTiming = true;
window.kpClicked = null;
window.kpSearchable = null;
document.addEventListener('click', (event) => {
  if (window.kpClicked === null && event.target.closest('#login-submit')) window.kpClicked = performance.now();
}, true);
const watcher = new MutationObserver(() => {
  const count = document.querySelector('[data-testid="company-count"]');
  if (count && Number(count.dataset.count) >= total) {
    window.kpSearchable = performance.now();
    watcher.disconnect();
  }
});
watcher.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
"#;

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
    // The page clocks the click and the moment the count shows every company itself: polling
    // from here would add up to a poll interval, and cannot run while the page is busy.
    browser.client.execute(WATCH_FOR_SEARCHABLE, vec![serde_json::json!(total)]).await.expect("watch");
    let profile = std::env::var_os("FIRST_SYNC_PROFILE");
    if profile.is_some() {
        browser.devtools("Profiler.enable", serde_json::json!({})).await;
        browser.devtools("Profiler.setSamplingInterval", serde_json::json!({ "interval": 200 })).await;
        browser.devtools("Profiler.start", serde_json::json!({})).await;
    }
    let start = Instant::now();
    browser.wait_for("button#login-submit", Duration::from_secs(5)).await.click().await.expect("log in");
    let shown = browser.wait_for_count(COMPANY_COUNT, |n| n >= total, "every company on the device").await;
    let observed = start.elapsed();
    let clocks = browser
        .client
        .execute("return [window.kpClicked, window.kpSearchable]", vec![])
        .await
        .expect("the page's clocks");
    let page_clock = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    let (clicked_at, searchable_at) = (page_clock(&clocks[0]), page_clock(&clocks[1]));
    assert!(clicked_at.is_finite() && searchable_at.is_finite(), "the page's clocks: {clocks}");
    let elapsed = Duration::from_secs_f64((searchable_at - clicked_at).max(0.0) / 1e3);
    if let Some(path) = profile {
        let stopped = browser.devtools("Profiler.stop", serde_json::json!({})).await;
        let profile = &stopped["profile"];
        std::fs::write(&path, profile.to_string()).expect("write the profile");
        kontaktpunkt_e2e::print_profile_summary(profile);
    }
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
    // The app's own User Timing measures (`kp:…`, see `app/src/js.rs`): page waited for,
    // queued into IndexedDB, committed; the catalog read, built and saved.
    let measures: Vec<(String, f64, f64)> = serde_json::from_value(
        browser
            .client
            .execute(
                "return performance.getEntriesByType('measure').filter(m => m.name.startsWith('kp:'))\
                 .map(m => [m.name.slice(3), m.startTime, m.duration])",
                vec![],
            )
            .await
            .expect("user timings"),
    )
    .unwrap_or_default();
    let steps: Vec<String> = measures
        .iter()
        .filter(|(_, start, _)| *start >= clicked_at)
        .map(|(name, start, ms)| format!("{name} {:.2}+{:.2}", after(*start), ms / 1e3))
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
        "first sync of {shown:>7} companies (+ demo contacts, feedback, flags): {:>6.2} s, {:>7.0} companies/s, IndexedDB {:.1} MB (seen by the driver after {:.2} s)",
        elapsed.as_secs_f64(),
        shown as f64 / elapsed.as_secs_f64(),
        usage / 1e6,
        observed.as_secs_f64()
    );
    println!("  requests (s after the click): {}", timeline.join(", "));
    println!("  app steps (s after the click + s taken): {}", steps.join(", "));
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
