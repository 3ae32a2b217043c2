//! Latency of the coordinator's overview endpoints on the demo municipality.
//!
//! `cargo run --release -p kontaktpunkt-server --example desk_bench [-- large]`
//!
//! Seeds the demo municipality (Randers, ~8,000 companies and ~10,000 contacts in four years;
//! with `large` the large demo, 20,000 companies and ~200,000 contacts) into a fresh SQLite file, serves it on 127.0.0.1 port 0 in this process, logs in as `koordinator` and
//! asks each `/api/desk/…` endpoint 20 times, printing p50 and max; then times the contact
//! plan's suggestion for next month (reading the facts and running the rule, then the whole
//! `POST /api/plans` that also stores the draft). Asserts nothing about time.

use kontaktpunkt_demo::DemoSize;
use kontaktpunkt_domain::plan;
use kontaktpunkt_server::{Config, prepare, router, serve};
use std::time::{Duration, Instant};

const ROUNDS: usize = 20;
const PATHS: [&str; 8] = [
    "/api/desk/parallel",
    "/api/desk/parallel?days=30&from=YEAR_AGO",
    "/api/desk/stale",
    "/api/desk/stale?format=csv",
    "/api/desk/coverage",
    "/api/desk/feedback",
    "/api/desk/do-not-contact",
    "/api/desk/do-not-contact?format=csv",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let size = match std::env::args().nth(1) {
        None => DemoSize::Standard,
        Some(name) => DemoSize::from_name(&name)
            .ok_or_else(|| anyhow::anyhow!("unknown demo size {name:?}: use standard or large"))?,
    };
    let dir = tempfile::TempDir::new()?;
    let config = Config {
        no_demo: false,
        demo_size: size,
        ..Config::with_dirs(dir.path().join("data"), dir.path().join("dist"))
    };
    let started = Instant::now();
    let state = prepare(&config).await?;
    println!(
        "{} demo seeded in {:.1} s: {} companies",
        size.name(),
        started.elapsed().as_secs_f64(),
        state.store().count_companies().await?
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = router(state.clone());
    tokio::spawn(async move { serve(listener, app, std::future::pending()).await });
    let client = reqwest::Client::builder().no_proxy().build()?;
    let login: serde_json::Value = client
        .post(format!("{base}/api/login"))
        .json(&serde_json::json!({"username": "koordinator", "password": kontaktpunkt_demo::DEMO_PASSWORD}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login["token"].as_str().ok_or_else(|| anyhow::anyhow!("no token"))?.to_owned();
    let year_ago = (chrono::Local::now().date_naive() - chrono::Duration::days(365)).to_string();
    for path in PATHS.map(|p| p.replace("YEAR_AGO", &year_ago)) {
        let path = path.as_str();
        let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS);
        let mut bytes = 0;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let response =
                client.get(format!("{base}{path}")).bearer_auth(&token).send().await?.error_for_status()?;
            bytes = response.bytes().await?.len();
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "RESULT {path:45} p50 {:7.1} ms  max {:7.1} ms  {:8} bytes",
            times[ROUNDS / 2].as_secs_f64() * 1e3,
            times[ROUNDS - 1].as_secs_f64() * 1e3,
            bytes
        );
    }
    plan_bench(&state, &client, &base, &token).await
}

/// The contact plan for the coming month, capacity 10 per consultant.
async fn plan_bench(
    state: &kontaktpunkt_server::AppState,
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> anyhow::Result<()> {
    const PLAN_ROUNDS: usize = 5;
    let today = chrono::Local::now().date_naive();
    let (from, to) = (today, today + chrono::Duration::days(30));
    let mut times = Vec::with_capacity(PLAN_ROUNDS);
    let mut count = 0;
    for _ in 0..PLAN_ROUNDS {
        let started = Instant::now();
        let suggestions = kontaktpunkt_server::plans::suggestions(state, today, from, to, 10)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(started.elapsed());
        count = suggestions.len();
    }
    times.sort();
    println!(
        "RESULT {:45} p50 {:7.1} ms  max {:7.1} ms  {count:8} rows",
        "plan suggestion (facts + rule)",
        times[PLAN_ROUNDS / 2].as_secs_f64() * 1e3,
        times[PLAN_ROUNDS - 1].as_secs_f64() * 1e3,
    );
    // The rule alone, over facts already in memory.
    let facts = kontaktpunkt_server::plans::plan_facts(state, today, from, to)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let settings =
        plan::PlanSettings { today, from, to, capacity: 10, recent_days: plan::DEFAULT_RECENT_DAYS };
    let mut times = Vec::with_capacity(PLAN_ROUNDS);
    let mut rows = Vec::new();
    for _ in 0..PLAN_ROUNDS {
        let started = Instant::now();
        rows = plan::suggest(&facts, &settings);
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "RESULT {:45} p50 {:7.1} ms  max {:7.1} ms  {:8} companies, {} contacts",
        "plan rule alone (suggest)",
        times[PLAN_ROUNDS / 2].as_secs_f64() * 1e3,
        times[PLAN_ROUNDS - 1].as_secs_f64() * 1e3,
        facts.companies.len(),
        facts.contacts.len(),
    );
    for row in rows.iter().take(3) {
        println!("  {} score {:3}: {}", row.company, row.score, plan::reasons_da(&row.reasons));
    }
    let mut times = Vec::with_capacity(PLAN_ROUNDS);
    let body = serde_json::json!({ "from": from.to_string(), "to": to.to_string(), "capacity": 10 });
    for _ in 0..PLAN_ROUNDS {
        let started = Instant::now();
        let response = client.post(format!("{base}/api/plans")).bearer_auth(token).json(&body).send().await?;
        let response = response.error_for_status()?;
        let _ = response.bytes().await?;
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "RESULT {:45} p50 {:7.1} ms  max {:7.1} ms",
        "POST /api/plans (draft stored)",
        times[PLAN_ROUNDS / 2].as_secs_f64() * 1e3,
        times[PLAN_ROUNDS - 1].as_secs_f64() * 1e3,
    );
    Ok(())
}
