//! Benchmark: the company search at municipal scale in real headless Chromium at a phone
//! viewport (390×844) — the app against two reference pages that read the same IndexedDB, in
//! one run on the same data. Prints figures; asserts nothing about time (it fails only when
//! something does not work, e.g. a page lists nothing for a query the rules match).
//!
//! ```sh
//! cargo xtask build
//! cargo run --release -p kontaktpunkt-e2e --example search_browser_bench [-- 10000 100000]
//! ```
//!
//! Each size gets a fresh database: the demo municipality plus generated companies up to the
//! size. `konsulent` logs in and waits until every company is on the device; then, for each
//! page, at CPU throttling ×1 and ×4 (DevTools `Emulation.setCPUThrottlingRate`):
//!
//! - **start**: a navigation to the page, until a search box that answers: a script injected
//!   before the page's own (DevTools `Page.addScriptToEvaluateOnNewDocument`) types a demo
//!   company's full name into `#company-search` the moment the box exists, and the figure is
//!   `performance.now()` (milliseconds since the navigation started) when that company's CVR
//!   number is listed. One untimed start first, then the median of `SEARCH_BENCH_RUNS` (3).
//! - **keystroke → list updated**: the fixed queries below typed letter by letter. Each letter
//!   sets the box's value and dispatches an `input` event; a MutationObserver on the results
//!   region timestamps every change of its signature (result count + CVR numbers listed); the
//!   figure is the time from just before the dispatch to the last such change, once the region
//!   has been quiet for 400 ms; p50/p95 are over the letters that changed the list. A letter
//!   that changes nothing (a typed space, a longer prefix with the same matches) is printed
//!   apart, timed to the end of the page's work for the event: the first task after the
//!   dispatch (a MessageChannel message), which runs once the handlers and their microtasks are
//!   done. The first animation frame after the change is printed too.
//! - **memory**: the JS heap in use after a forced GC (DevTools `Runtime.getHeapUsage`) plus the
//!   page's WebAssembly memory (the injected script remembers every instantiated memory).
//! - **a sync while searching** (the app only, at ×1 and ×4): the server comes back, an admin
//!   imports a register file that renames 1,000 of the companies, the search box shows the new
//!   word, and "Synkronisér nu" is clicked. Printed: when the renamed companies are listed,
//!   when the device's snapshot is saved, and every main-thread task of 50 ms or more meanwhile
//!   (the Long Tasks API): the longest a keystroke typed during the sync could wait.
//!
//! Before the starts, the benchmark waits until the device holds a fresh snapshot of its
//! companies (read from IndexedDB), as a device has it the morning after its first sync.
//!
//! `SEARCH_BENCH_VERBOSE=1` prints every keystroke's figure, when its list changed and the
//! app's `kp:` steps meanwhile (e.g. `["search", 4.7, 16.9]`: the index started 4.7 ms after
//! the dispatch and took 16.9 ms).
//! `SEARCH_BENCH_PAGES=naive,minisearch` or `=app` measures only those pages (no
//! table then); `SEARCH_BENCH_PROFILE=<file.cpuprofile>` records a DevTools CPU profile of the
//! app's keystrokes at ×1 and prints its top functions (`KONTAKTPUNKT_WASM_NAMES=1 cargo xtask
//! build` keeps the wasm's function names).
//!
//! The pages: **the app**, offline (the server is stopped; its service worker serves the
//! shell), and two pages the benchmark adds to its own copy of `dist/` under `/bench/` (never
//! the product's): **naive** (getAll, every company's folded search text in an array, filtered
//! with `includes` per keystroke, up to 50 rendered in store order) and **MiniSearch** from npm
//! (installed into `~/.cache/kontaktpunkt/bench-npm`, or `SEARCH_BENCH_NPM_DIR`; its index built
//! after the getAll; prefix AND search, BM25 order). Both render the app's card markup with the
//! app's stylesheet. They are measured online, before the server stops: the service worker
//! answers every navigation offline with the app's shell, so a reference page cannot start
//! offline; its start includes fetching its HTML and JS from 127.0.0.1 (a few milliseconds), and
//! its data comes from IndexedDB like the app's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use kontaktpunkt_domain::Company;
use kontaktpunkt_domain::search::{SearchQuery, company_search_text, normalize};
use kontaktpunkt_e2e::{
    Browser, DEMO_PASSWORD, GENERATED_COMPANY_LABEL, TestServer, dist_dir, seed_demo_up_to,
};
use serde_json::{Value, json};

/// The JS search library of the third row, pinned.
const MINISEARCH: &str = "minisearch@7.2.0";

const PROBE_JS: &str = include_str!("search_bench_pages/probe.js");
const KEYSTROKE_JS: &str = include_str!("search_bench_pages/keystroke.js");
const COMMON_JS: &str = include_str!("search_bench_pages/common.js");
const NAIVE_JS: &str = include_str!("search_bench_pages/naive.js");
const LIBRARY_JS: &str = include_str!("search_bench_pages/library.js");
const SYNC_JS: &str = include_str!("search_bench_pages/sync.js");

/// How many companies the register changes for the app's sync while searching.
const SYNCED_CHANGES: usize = 1_000;

/// What consultants type, letter by letter: partial names, Danish letters typed both ways,
/// street + town, trade + town, and the generated companies' stem; a CVR prefix of a demo
/// company is added after "jensen".
const TYPED: &[&str] = &[
    "møller",
    "moeller",
    "kjær",
    "kjaer",
    "århus",
    "aarhus",
    "gudenå",
    "gudenaa",
    "vestergade randers",
    "tømrer langå",
    "jensen",
    "måle 12",
    "maale 12",
];

/// Quiet time after a change of the results before a keystroke counts as answered; how long a
/// keystroke with no change at all is waited for; the most any keystroke may take.
const QUIET_MS: u64 = 400;
const IDLE_MS: u64 = 1_000;
const CAP_MS: u64 = 300_000;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    App,
    Naive,
    Library,
}

struct Page {
    kind: Kind,
    label: &'static str,
    path: &'static str,
}

const PAGES: [Page; 3] = [
    Page { kind: Kind::Naive, label: "naive page (online)", path: "/bench/naive.html" },
    Page { kind: Kind::Library, label: "MiniSearch 7.2.0 (online)", path: "/bench/minisearch.html" },
    Page { kind: Kind::App, label: "app (offline)", path: "/" },
];

/// One timed keystroke as the page answered it.
#[derive(Debug, Clone)]
struct Key {
    ms: Option<f64>,
    frame: Option<f64>,
    count: Option<u64>,
    changed: bool,
    capped: bool,
    /// For `SEARCH_BENCH_VERBOSE`: when the list changed, and the app's steps meanwhile.
    changes: Value,
    steps: Value,
}

/// Everything measured on one page.
#[derive(Default)]
struct Figures {
    /// Median start (ms) at ×1 and ×4.
    start: [f64; 2],
    /// Median time until the search box existed (ms) at ×1 and ×4.
    box_at: [f64; 2],
    keys: [Vec<Key>; 2],
    /// The result count after each complete query (at ×1).
    counts: Vec<Option<u64>>,
    js_heap: Option<f64>,
    wasm: f64,
    /// A fixed JS loop after a throttled navigation, ms at ×1 and ×4 (the throttling check).
    loop_ms: [f64; 2],
    /// The reference pages' own phases (IndexedDB read, build) at the last ×1 start.
    ready: Option<Value>,
}

/// The app's search rules run natively over the same companies: the expected result counts.
struct Rules {
    entries: Vec<(String, String)>,
}

impl Rules {
    fn new(companies: &[Company]) -> Self {
        Self { entries: companies.iter().map(|c| (normalize(&c.name), company_search_text(c))).collect() }
    }

    fn count(&self, typed: &str) -> usize {
        let query = SearchQuery::new(typed);
        if query.is_empty() {
            return 0;
        }
        self.entries.iter().filter(|(name, text)| query.rank(name, text).is_some()).count()
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

fn median(values: &[f64]) -> f64 {
    percentile(&sorted(values.iter().copied()), 50.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// MiniSearch's browser build from npm, installed once into the cache dir.
fn minisearch_js() -> PathBuf {
    let dir = std::env::var_os("SEARCH_BENCH_NPM_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        home.join(".cache/kontaktpunkt/bench-npm")
    });
    let package = dir.join("node_modules/minisearch");
    let file = package.join("dist/umd/index.js");
    let wanted = MINISEARCH.rsplit('@').next().unwrap_or_default();
    let installed = std::fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(str::to_owned));
    if installed.as_deref() != Some(wanted) || !file.is_file() {
        std::fs::create_dir_all(&dir).expect("npm cache dir");
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(MINISEARCH)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm to install {MINISEARCH}: {e}"));
        assert!(status.success(), "npm install {MINISEARCH} failed: {status}");
        assert!(file.is_file(), "{} missing after npm install", file.display());
    }
    file
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A reference page: the app's stylesheet and a search box, results list and count with the
/// app's ids, then its scripts (no inline script: the server's CSP allows none but the app's).
fn page_html(title: &str, stylesheet: Option<&str>, scripts: &[&str]) -> String {
    let css = stylesheet.map(|href| format!(r#"<link rel="stylesheet" href="{href}">"#)).unwrap_or_default();
    let scripts: String = scripts.iter().map(|src| format!(r#"<script src="{src}"></script>"#)).collect();
    format!(
        r#"<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>{css}</head>
<body><main><section class="companies"><div class="search">
<label for="company-search">Søg</label><input id="company-search" type="search" autocomplete="off">
</div>
<p class="result-count" aria-live="polite" data-testid="result-count" data-count="0"></p>
<ul id="company-results" class="results"></ul>
</section></main>{scripts}</body>
</html>
"#
    )
}

/// The benchmark's own copy of `dist/`, with the reference pages under `bench/`.
fn bench_dist() -> tempfile::TempDir {
    let minisearch = minisearch_js();
    let dir = tempfile::tempdir().expect("dist copy dir");
    let dist = dist_dir();
    copy_dir(&dist, dir.path());
    let index = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
    let stylesheet = index
        .split(r#"<link rel="stylesheet" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned);
    let bench = dir.path().join("bench");
    std::fs::create_dir_all(&bench).expect("bench dir");
    let write = |name: &str, text: &str| {
        std::fs::write(bench.join(name), text).unwrap_or_else(|e| panic!("write bench/{name}: {e}"))
    };
    write("common.js", COMMON_JS);
    write("naive.js", NAIVE_JS);
    write("library.js", LIBRARY_JS);
    std::fs::copy(&minisearch, bench.join("minisearch.js")).expect("copy minisearch");
    let css = stylesheet.as_deref();
    write("naive.html", &page_html("naive", css, &["/bench/common.js", "/bench/naive.js"]));
    write(
        "minisearch.html",
        &page_html("minisearch", css, &["/bench/minisearch.js", "/bench/common.js", "/bench/library.js"]),
    );
    dir
}

impl Kind {
    fn column(self) -> usize {
        match self {
            Kind::App => 0,
            Kind::Naive => 1,
            Kind::Library => 2,
        }
    }
}

async fn set_rate(browser: &Browser, rate: f64) {
    browser.devtools("Emulation.setCPUThrottlingRate", json!({ "rate": rate })).await;
}

async fn js(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser.client.execute(script, args).await.unwrap_or_else(|e| panic!("script `{script}`: {e}"))
}

/// Waits until the app shows `total` companies on the device (the first sync at 100,000
/// takes minutes on a shared machine).
async fn wait_for_companies(browser: &Browser, total: u64) {
    let deadline = Instant::now() + Duration::from_secs(30 * 60);
    loop {
        let count = js(
            browser,
            "const e = document.querySelector('[data-testid=company-count]'); return e ? Number(e.dataset.count) : null;",
            vec![],
        )
        .await
        .as_u64();
        if count.is_some_and(|n| n >= total) {
            return;
        }
        assert!(Instant::now() < deadline, "the app never showed {total} companies (last {count:?})");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// One navigation to `url` with the injected script typing `job.query` as soon as the box
/// exists; the page's `__benchStart` times.
async fn timed_start(browser: &Browser, url: &str, job: &Value) -> Value {
    js(
        browser,
        "sessionStorage.setItem('kp-bench-start', arguments[0]); return true;",
        vec![job.to_string().into()],
    )
    .await;
    browser.client.goto(url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(15 * 60);
    loop {
        let answer = browser
            .client
            .execute(
                "return window.__benchError ? { error: String(window.__benchError) } : (window.__benchStart || null);",
                vec![],
            )
            .await
            .unwrap_or(Value::Null);
        if let Some(error) = answer.get("error") {
            panic!("{url} failed to start: {error}");
        }
        if !answer.is_null() {
            return answer;
        }
        assert!(
            Instant::now() < deadline,
            "{url} never listed CVR {} for `{}` after a start",
            job["cvr"],
            job["query"]
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn keystroke(browser: &Browser, value: &str) -> Key {
    let answer = browser
        .client
        .execute_async(KEYSTROKE_JS, vec![value.into(), QUIET_MS.into(), IDLE_MS.into(), CAP_MS.into()])
        .await
        .unwrap_or_else(|e| panic!("keystroke `{value}`: {e}"));
    if let Some(error) = answer.get("error") {
        panic!("keystroke `{value}`: {error}");
    }
    Key {
        ms: answer["ms"].as_f64(),
        frame: answer["frame"].as_f64(),
        count: answer["count"].as_u64(),
        changed: answer["changed"].as_bool().unwrap_or(false),
        capped: answer["capped"].as_bool().unwrap_or(false),
        changes: answer["changes"].clone(),
        steps: answer["steps"].clone(),
    }
}

/// Whether every keystroke is printed (`SEARCH_BENCH_VERBOSE=1`).
fn verbose() -> bool {
    std::env::var_os("SEARCH_BENCH_VERBOSE").is_some()
}

/// Types every query letter by letter (after clearing the box, untimed); every keystroke, and
/// the result count after each complete query.
async fn type_queries(browser: &Browser, queries: &[String]) -> (Vec<Key>, Vec<Option<u64>>) {
    let mut keys = Vec::new();
    let mut counts = Vec::new();
    for query in queries {
        keystroke(browser, "").await;
        let mut last = None;
        for (at, letter) in query.char_indices() {
            let typed = &query[..at + letter.len_utf8()];
            let key = keystroke(browser, typed).await;
            if verbose() {
                eprintln!(
                    "    {typed:?}: {:?} ms, {:?} listed, changed {}, changes at {}, app steps {}",
                    key.ms, key.count, key.changed, key.changes, key.steps
                );
            }
            last = key.count;
            keys.push(key);
        }
        counts.push(last);
    }
    (keys, counts)
}

async fn measure(browser: &Browser, url: &str, job: &Value, queries: &[String], runs: usize) -> Figures {
    let mut figures = Figures::default();
    set_rate(browser, 1.0).await;
    timed_start(browser, url, job).await; // Warm: service worker, HTTP and code caches.
    for (i, rate) in [1.0, 4.0].into_iter().enumerate() {
        set_rate(browser, rate).await;
        let mut answered = Vec::new();
        let mut boxes = Vec::new();
        for _ in 0..runs {
            let start = timed_start(browser, url, job).await;
            answered.push(start["answered_ms"].as_f64().expect("answered_ms"));
            if verbose() {
                eprintln!(
                    "    start at ×{rate}: box {} ms, answered {} ms, app steps [name, at, ms] {}",
                    start["box_ms"], start["answered_ms"], start["steps"]
                );
            }
            boxes.push(start["box_ms"].as_f64().expect("box_ms"));
        }
        figures.start[i] = median(&answered);
        eprintln!("  {url}: start ×{rate} {answered:.0?} ms");
        figures.box_at[i] = median(&boxes);
        if i == 0 {
            figures.ready = Some(js(browser, "return window.__benchReady || null;", vec![]).await);
        }
        let check = "const t = performance.now(); let x = 0; for (let i = 0; i < 2e7; i++) x += i % 7; \
                     return [performance.now() - t, x];";
        figures.loop_ms[i] = js(browser, check, vec![]).await[0].as_f64().unwrap_or(f64::NAN);
    }
    let profile = std::env::var_os("SEARCH_BENCH_PROFILE").filter(|_| url.ends_with('/'));
    for (i, rate) in [1.0, 4.0].into_iter().enumerate() {
        set_rate(browser, rate).await;
        let profiled = profile.as_ref().filter(|_| i == 0);
        if profiled.is_some() {
            browser.devtools("Profiler.enable", json!({})).await;
            browser.devtools("Profiler.setSamplingInterval", json!({ "interval": 100 })).await;
            browser.devtools("Profiler.start", json!({})).await;
        }
        let (keys, counts) = type_queries(browser, queries).await;
        if verbose() {
            // The app's own `kp:search` step: the index's share of each keystroke.
            let script = "const d = performance.getEntriesByName('kp:search').map(m => m.duration); \
                          performance.clearMeasures('kp:search'); return d;";
            let searched = sorted(
                js(browser, script, vec![]).await.as_array().into_iter().flatten().filter_map(Value::as_f64),
            );
            if !searched.is_empty() {
                eprintln!(
                    "    the index's share (kp:search) at ×{rate}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms over {}",
                    percentile(&searched, 50.0),
                    percentile(&searched, 95.0),
                    searched.last().copied().unwrap_or(f64::NAN),
                    searched.len()
                );
            }
        }
        if let Some(path) = profiled {
            let stopped = browser.devtools("Profiler.stop", json!({})).await;
            std::fs::write(path, stopped["profile"].to_string()).expect("write the profile");
            kontaktpunkt_e2e::print_profile_summary(&stopped["profile"]);
        }
        let timed = sorted(keys.iter().filter(|k| k.changed).filter_map(|k| k.ms));
        eprintln!(
            "  {url}: {} keystrokes that changed the list at ×{rate}, p50 {:.1} ms, p95 {:.1} ms",
            timed.len(),
            percentile(&timed, 50.0),
            percentile(&timed, 95.0)
        );
        figures.keys[i] = keys;
        if i == 0 {
            figures.counts = counts;
        }
    }
    set_rate(browser, 1.0).await;
    let _ = browser.try_devtools("HeapProfiler.collectGarbage", json!({})).await;
    figures.js_heap = browser
        .try_devtools("Runtime.getHeapUsage", json!({}))
        .await
        .ok()
        .and_then(|usage| usage["usedSize"].as_f64());
    figures.wasm = js(browser, "return window.__benchWasmBytes ? window.__benchWasmBytes() : 0;", vec![])
        .await
        .as_f64()
        .unwrap_or(0.0);
    if verbose() {
        let mb = |bytes: f64| bytes / 1e6;
        eprintln!(
            "    memory: JS heap {:.1} MB, wasm {:.1} MB",
            mb(figures.js_heap.unwrap_or(f64::NAN)),
            mb(figures.wasm)
        );
    }
    figures
}

/// The register renames `SYNCED_CHANGES` companies (a CSV import by an admin) and the app,
/// showing a search for the new word, syncs them: prints when they are listed, when the
/// snapshot is saved and the main thread's long tasks meanwhile.
async fn sync_while_searching(
    browser: &Browser,
    server: &TestServer,
    companies: &[Company],
    rate: f64,
    round: usize,
) {
    let word = format!("fornyet{}", ["a", "b", "c"][round % 3]);
    let step = (companies.len() / SYNCED_CHANGES).max(1);
    let renamed: Vec<&Company> = companies.iter().step_by(step).take(SYNCED_CHANGES).collect();
    let mut csv = String::from("CVR-nummer;Navn;Postnr;By\n");
    for company in &renamed {
        let name = format!("{} {word}", company.name).replace(';', " ");
        csv.push_str(&format!(
            "{};{name};{};{}\n",
            company.cvr.as_str(),
            company.address.postal_code,
            company.address.town
        ));
    }
    let summary = server.import_csv(csv).await;
    assert_eq!(summary["changed"], renamed.len(), "{summary}");
    set_rate(browser, rate).await;
    let found = browser
        .client
        .execute_async(SYNC_JS, vec![json!(word), json!(renamed.len())])
        .await
        .expect("the sync script");
    set_rate(browser, 1.0).await;
    assert_eq!(found["listed"], renamed.len(), "the renamed companies are found: {found}");
    let long: Vec<u64> =
        found["long_tasks"].as_array().into_iter().flatten().filter_map(|t| t[1].as_u64()).collect();
    println!(
        "  a sync of {} changed companies while searching, ×{rate}: listed after {:.0} ms, snapshot saved after {} ms; \
         main-thread tasks ≥ 50 ms: {}, longest {} ms, {} ms in all",
        renamed.len(),
        found["searchable_ms"].as_f64().unwrap_or(f64::NAN),
        found["saved_ms"],
        long.len(),
        long.iter().max().copied().unwrap_or(0),
        long.iter().sum::<u64>()
    );
    eprintln!("    long tasks [at, ms] {}; app steps [name, at, ms] {}", found["long_tasks"], found["steps"]);
}

/// Every company in the server's database, in CVR order.
async fn all_companies(state: &kontaktpunkt_server::AppState) -> Vec<Company> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let (page, more) =
            state.store().companies_after(after.as_ref(), 10_000).await.expect("read companies");
        after = page.last().map(|c| c.cvr.clone());
        all.extend(page);
        if !more {
            return all;
        }
    }
}

struct Row {
    start: [f64; 2],
    p50: [f64; 2],
    p95: [f64; 2],
    heap: f64,
}

fn row(figures: &Figures) -> Row {
    let timed = |i: usize| sorted(figures.keys[i].iter().filter(|k| k.changed).filter_map(|k| k.ms));
    let (one, four) = (timed(0), timed(1));
    Row {
        start: figures.start,
        p50: [percentile(&one, 50.0), percentile(&four, 50.0)],
        p95: [percentile(&one, 95.0), percentile(&four, 95.0)],
        heap: figures.js_heap.unwrap_or(f64::NAN) + figures.wasm,
    }
}

async fn run(size: usize, dist: &Path, runs: usize) {
    let load_before = load_average();
    let data = tempfile::tempdir().expect("data dir");
    let state = seed_demo_up_to(data.path(), dist, size).await;
    let companies = all_companies(&state).await;
    drop(state);
    let total = companies.len() as u64;

    // The start query: the full name of a demo company that 1–3 companies match.
    let rules = Rules::new(&companies);
    let demo: Vec<&Company> =
        companies.iter().filter(|c| !c.name.starts_with(GENERATED_COMPANY_LABEL)).collect();
    let target = demo
        .iter()
        .skip(demo.len() / 3)
        .filter(|c| c.name.split_whitespace().count() >= 2)
        .take(500)
        .find(|c| (1..=3).contains(&rules.count(&c.name)))
        .expect("a demo company with a distinctive name");
    let job = json!({ "query": target.name, "cvr": target.cvr.as_str() });
    let mut queries: Vec<String> = TYPED.iter().map(|q| (*q).to_owned()).collect();
    let cvr_prefix = target.cvr.as_str()[..6].to_owned();
    let at = queries.iter().position(|q| q == "jensen").map_or(queries.len(), |i| i + 1);
    queries.insert(at, cvr_prefix);
    let expected: Vec<usize> = queries.iter().map(|q| rules.count(q)).collect();

    let mut server = TestServer::start_serving(data.path(), dist);
    // A page left stays in the back/forward cache, and its heap then counts in the next
    // page's figure (the app measured after MiniSearch showed MiniSearch's 186 MB).
    let browser = Browser::start_with(&["--disable-features=BackForwardCache"]).await;
    browser
        .client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_millis(CAP_MS + 60_000)),
            Some(Duration::from_secs(600)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("WebDriver timeouts");
    browser.devtools("Page.addScriptToEvaluateOnNewDocument", json!({ "source": PROBE_JS })).await;
    let sync_started = Instant::now();
    browser.submit_login(&server, "konsulent", DEMO_PASSWORD).await;
    wait_for_companies(&browser, total).await;
    // The starts measure a device as a consultant has it the next morning, not one whose
    // snapshot write a reload cut off.
    browser.wait_for_fresh_snapshot(Duration::from_secs(5 * 60)).await;
    println!(
        "\n{total} companies on the device after {:.1} s; start query {:?} (CVR {})",
        sync_started.elapsed().as_secs_f64(),
        target.name,
        target.cvr.as_str()
    );

    let mut figures: [Option<Figures>; 3] = [None, None, None];
    let chosen = std::env::var("SEARCH_BENCH_PAGES").unwrap_or_default();
    let chosen = |page: &Page| {
        chosen.is_empty() || chosen.split(',').any(|c| page.label.to_lowercase().starts_with(c.trim()))
    };
    for page in PAGES.iter().filter(|page| chosen(page)) {
        if page.kind == Kind::App {
            // Offline: the server is gone; the service worker serves the shell.
            server.kill();
        }
        let url = server.url(page.path);
        let measured = measure(&browser, &url, &job, &queries, runs).await;
        if page.kind == Kind::App {
            server.restart();
            for (round, rate) in [1.0, 4.0].into_iter().enumerate() {
                sync_while_searching(&browser, &server, &companies, rate, round).await;
            }
            server.kill();
        }
        for ((query, &want), got) in queries.iter().zip(&expected).zip(&measured.counts) {
            assert!(
                want == 0 || got.is_some_and(|n| n > 0),
                "{}: `{query}` lists nothing ({got:?}) though {want} companies match",
                page.label
            );
        }
        figures[page.kind.column()] = Some(measured);
    }
    browser.close().await;
    drop(server);
    let [Some(app), Some(naive), Some(library)] = figures else {
        println!("(only some pages measured: their figures are above, no table)");
        return;
    };
    report(total, runs, &queries, &expected, [&app, &naive, &library], &load_before);
}

fn report(
    total: u64,
    runs: usize,
    queries: &[String],
    expected: &[usize],
    pages: [&Figures; 3],
    load_before: &str,
) {
    let labels = [PAGES[2].label, PAGES[0].label, PAGES[1].label];
    let rows = pages.map(row);
    let changed = |figures: &Figures, i: usize| figures.keys[i].iter().filter(|k| k.changed).count();
    println!(
        "\nsearch at {total} companies, headless Chromium 390×844; start = median of {runs}; {} keystrokes per rate, \
         p50/p95 over those that changed the list (app {}/{}, naive {}/{}, MiniSearch {}/{} at ×1/×4)",
        pages[0].keys[0].len(),
        changed(pages[0], 0),
        changed(pages[0], 1),
        changed(pages[1], 0),
        changed(pages[1], 1),
        changed(pages[2], 0),
        changed(pages[2], 1),
    );
    println!(
        "{:<28}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>14}",
        "", "start ×1", "start ×4", "p50 ×1", "p95 ×1", "p50 ×4", "p95 ×4", "heap JS+wasm"
    );
    for (label, r) in labels.iter().zip(&rows) {
        println!(
            "{label:<28}{:>8.2} s{:>8.2} s{:>7.1} ms{:>7.1} ms{:>7.1} ms{:>7.1} ms{:>11.1} MB",
            r.start[0] / 1e3,
            r.start[1] / 1e3,
            r.p50[0],
            r.p95[0],
            r.p50[1],
            r.p95[1],
            r.heap / 1e6
        );
    }
    let app = &rows[0];
    for (label, reference) in labels.iter().zip(&rows).skip(1) {
        let ratio = |a: f64, b: f64| a / b;
        println!(
            "{:<28}{:>9.2}×{:>9.2}×{:>9.2}×{:>9.2}×{:>9.2}×{:>9.2}×{:>12.2}×",
            format!("app / {}", label.split(' ').next().unwrap_or_default()),
            ratio(app.start[0], reference.start[0]),
            ratio(app.start[1], reference.start[1]),
            ratio(app.p50[0], reference.p50[0]),
            ratio(app.p95[0], reference.p95[0]),
            ratio(app.p50[1], reference.p50[1]),
            ratio(app.p95[1], reference.p95[1]),
            ratio(app.heap, reference.heap)
        );
    }
    println!("(ratios below 1 mean the app is faster or smaller)");
    for (label, figures) in labels.iter().zip(pages) {
        let frames = |i: usize| {
            let f = sorted(figures.keys[i].iter().filter_map(|k| k.frame));
            format!("p50 {:.1} / p95 {:.1} ms", percentile(&f, 50.0), percentile(&f, 95.0))
        };
        let unchanged = |i: usize| {
            let ms = sorted(figures.keys[i].iter().filter(|k| !k.changed).filter_map(|k| k.ms));
            format!(
                "{} at ×{}: p50 {:.1} / p95 {:.1} ms",
                ms.len(),
                [1, 4][i],
                percentile(&ms, 50.0),
                percentile(&ms, 95.0)
            )
        };
        let capped: usize = figures.keys.iter().flatten().filter(|k| k.capped).count();
        let ready = figures.ready.as_ref().filter(|r| !r.is_null()).map_or(String::new(), |r| {
            format!(
                "; IndexedDB getAll {:.0} ms + build {:.0} ms (×1)",
                r["read_ms"].as_f64().unwrap_or(f64::NAN),
                r["build_ms"].as_f64().unwrap_or(f64::NAN)
            )
        });
        println!(
            "{label}: box at {:.0} / {:.0} ms{ready}; to the next frame ×1 {}, ×4 {}; JS heap {:.1} MB, wasm {:.1} MB; \
             keystrokes that left the list as it was (not in the table; to the end of their task) {}, {}{}; \
             CPU check (a fixed JS loop) {:.0} / {:.0} ms",
            figures.box_at[0],
            figures.box_at[1],
            frames(0),
            frames(1),
            figures.js_heap.unwrap_or(f64::NAN) / 1e6,
            figures.wasm / 1e6,
            unchanged(0),
            unchanged(1),
            if capped > 0 { format!(", {capped} hit the {CAP_MS} ms cap") } else { String::new() },
            figures.loop_ms[0],
            figures.loop_ms[1],
        );
    }
    println!("result counts after each query (the rules natively / app / naive / MiniSearch):");
    let shown = |n: Option<u64>| n.map_or("?".to_owned(), |n| n.to_string());
    let line: Vec<String> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            format!(
                "{q:?} {}/{}/{}/{}",
                expected[i],
                shown(pages[0].counts.get(i).copied().flatten()),
                shown(pages[1].counts.get(i).copied().flatten()),
                shown(pages[2].counts.get(i).copied().flatten())
            )
        })
        .collect();
    println!("  {}", line.join(", "));
    println!(
        "load average before {load_before}, after {}, on {} CPUs",
        load_average(),
        std::thread::available_parallelism().map_or(0, usize::from)
    );
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    let runs = std::env::var("SEARCH_BENCH_RUNS").ok().and_then(|n| n.parse().ok()).unwrap_or(3).max(1);
    let dist = bench_dist();
    for size in sizes {
        run(size, dist.path(), runs).await;
    }
}
