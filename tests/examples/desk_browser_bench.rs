//! Benchmark: the coordinator's desk in real headless Chromium at desktop size, computed from
//! IndexedDB on the device — from the click on "Overblik" until the parallel-contact count is
//! shown (reading every contact, answer and flag, then computing), and each view after a tab
//! click. Timed inside the page (a MutationObserver), so WebDriver's polling adds nothing.
//! Prints figures; asserts nothing about time.
//!
//! ```sh
//! cargo xtask build
//! cargo run --release -p kontaktpunkt-e2e --example desk_browser_bench [-- [large] [rounds]]
//! ```
//!
//! `large` seeds the large demo municipality (20,000 companies, ~200,000 contacts) instead of
//! the standard one; the device's first sync of it is waited for, not timed.

use kontaktpunkt_demo::DemoSize;
use kontaktpunkt_e2e::{Browser, LONG, TestServer, dist_dir};
use kontaktpunkt_server::{Config, prepare};
use std::time::{Duration, Instant};

/// True once a sync has ended and none runs.
const SYNC_IDLE: &str = "document.querySelector('[data-testid=last-sync]')?.dataset.time
     && document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false'";

/// Clicks `click` and answers the milliseconds until `selector` exists with text.
const TIME_CLICK: &str = r#"
const [selector, click, done] = arguments;
const start = performance.now();
const ready = () => { const el = document.querySelector(selector); return el && el.textContent.trim() !== ''; };
const observer = new MutationObserver(() => { if (ready()) { observer.disconnect(); done(performance.now() - start); } });
observer.observe(document.body, { subtree: true, childList: true, characterData: true });
document.querySelector(click).click();
"#;

async fn time_click(browser: &Browser, selector: &str, click: &str) -> f64 {
    browser
        .client
        .execute_async(TIME_CLICK, vec![selector.into(), click.into()])
        .await
        .expect("timed click")
        .as_f64()
        .expect("milliseconds")
}

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let p50 = ms[ms.len() / 2];
    let max = ms[ms.len() - 1];
    println!("{name:<44} p50 {p50:>7.1} ms   max {max:>7.1} ms   (n={})", ms.len());
}

#[tokio::main]
async fn main() {
    let mut rounds = 5;
    let mut size = DemoSize::Standard;
    for arg in std::env::args().skip(1) {
        match (arg.parse(), DemoSize::from_name(&arg)) {
            (Ok(n), _) => rounds = n,
            (_, Some(named)) => size = named,
            _ => panic!("unknown argument {arg:?}: a number of rounds, standard or large"),
        }
    }
    let data = tempfile::tempdir().expect("data dir");
    // Seeded before the server starts; the server then finds the database filled.
    let started = Instant::now();
    let config = Config { demo_size: size, ..Config::with_dirs(data.path(), dist_dir()) };
    drop(prepare(&config).await.expect("seed the demo"));
    println!("{} demo seeded in {:.1} s", size.name(), started.elapsed().as_secs_f64());
    let server = TestServer::start(data.path());
    let browser = Browser::start().await;
    browser.client.set_window_size(1280, 900).await.expect("desktop size");
    let started = Instant::now();
    browser.log_in(&server, "koordinator").await;
    // Everything on the device before the desk is opened: the first sync has ended.
    browser.wait_until_js(SYNC_IDLE, Duration::from_secs(30 * 60)).await;
    println!("first sync until done in {:.1} s (not a figure of the desk)", started.elapsed().as_secs_f64());
    // The chunk is fetched once; the figures are the desk's own work.
    browser.wait_for("#open-desk", LONG).await.click().await.expect("open the desk");
    browser.wait_for(r#"[data-testid="parallel-count"]"#, LONG).await;

    let views = [
        ("glemte", r#"[data-testid="stale-count"]"#),
        ("daekning", r#"[data-testid="coverage-share"]"#),
        ("feedback", r#"[data-testid="feedback-responses"]"#),
        ("frabedt", r#"[data-testid="dnc-count"]"#),
        ("parallelle", r#"[data-testid="parallel-count"]"#),
    ];
    // The app's own User Timing measures of the opening (`kp:desk-…`, see `app/src/js.rs`).
    browser.client.execute("window.kpTiming = true; return true;", vec![]).await.expect("timing on");
    let mut steps: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut open = Vec::new();
    let mut per_view: Vec<Vec<f64>> = vec![Vec::new(); views.len()];
    for _ in 0..rounds {
        browser.client.goto(&server.url("/")).await.expect("back to the search");
        browser.wait_for("#open-desk", LONG).await;
        // The start's sync done first: the figure is the desk's own work, not a sync's.
        browser.wait_until_js(SYNC_IDLE, LONG).await;
        browser
            .client
            .execute("window.kpTiming = true; performance.clearMeasures(); return true;", vec![])
            .await
            .expect("timing on");
        open.push(time_click(&browser, r#"[data-testid="parallel-count"]"#, "#open-desk").await);
        let measures = browser
            .client
            .execute(
                "return performance.getEntriesByType('measure').filter(m => m.name.startsWith('kp:desk'))\
                 .map(m => [m.name, m.duration]);",
                vec![],
            )
            .await
            .expect("the desk's measures");
        for measure in measures.as_array().into_iter().flatten() {
            if let (Some(name), Some(ms)) = (measure[0].as_str(), measure[1].as_f64()) {
                steps.entry(name.to_owned()).or_default().push(ms);
            }
        }
        for (i, (slug, figure)) in views.iter().enumerate() {
            let tab = format!(r#"[data-testid="desk-tab-{slug}"]"#);
            per_view[i].push(time_click(&browser, figure, &tab).await);
        }
    }
    let counts = browser
        .client
        .execute(
            "return [document.querySelector('[data-testid=parallel-count]').textContent,
                     document.querySelector('[data-testid=company-count]')?.textContent ?? ''];",
            vec![],
        )
        .await
        .expect("figures");
    println!("desk in headless Chromium, {} demo municipality ({counts})", size.name());
    summary("open the desk (read IndexedDB + parallel)", open);
    for (name, ms) in steps {
        summary(&format!("  of which {name}"), ms);
    }
    for ((slug, _), ms) in views.iter().zip(per_view) {
        summary(&format!("tab {slug}"), ms);
    }
    browser.close().await;
}
