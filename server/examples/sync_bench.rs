//! Benchmark of the sync engine on loopback: push ingest and a first-sync download.
//!
//! `cargo run --release -p kontaktpunkt-server --example sync_bench [-- SCENARIO...]`
//!
//! Runs the server in this process on 127.0.0.1 with a fresh SQLite file and prints:
//! 1. `queued`: one device pushing 1,000 queued records until all are acknowledged;
//! 2. `saturation`: 100 clients pushing 100-mutation batches back to back: mutations/s and
//!    batch latency (a closed loop: latency ≈ clients × batch ÷ throughput, by Little's law);
//! 3. `paced`: 100 clients each pushing one 100-mutation batch per second (10,000
//!    mutations/s offered): batch latency at that load (the goal is p99 ≤ 50 ms);
//! 4. `first-sync`: a first sync of 100,000 companies in pages of 10,000, per encoding.
//!
//! Name scenarios to run only those (in the order above; later ones see the data earlier
//! ones pushed). Each push scenario ends in one `RESULT` line: mutations/s and batch latency
//! p50/p95/p99/max. It asserts nothing about time. Client and server share the machine's
//! cores, and so does anything else running: the load average is printed before and after.

use chrono::{Duration as Days, Utc};
use kontaktpunkt_domain::sync::{
    Change, ChangesPage, MAX_PULL_PAGE, MAX_PUSH_BATCH, Mutation, Outcome, PROTOCOL_VERSION, PushRequest,
    PushResponse,
};
use kontaktpunkt_domain::{Company, Contact, ContactKind, Cvr, Purpose, Role, Unit, User};
use kontaktpunkt_server::{AppState, Config, password, prepare, router, serve};
use std::time::{Duration, Instant};
use uuid::Uuid;

const CLIENTS: usize = 100;
const BATCH: usize = 100;
const SATURATION_ROUNDS: usize = 10;
const PACED_SECONDS: usize = 10;
const FIRST_SYNC_COMPANIES: usize = 100_000;
const PASSWORD: &str = "bench-kodeord";
const SCENARIOS: [&str; 4] = ["queued", "saturation", "paced", "first-sync"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let named: Vec<String> = std::env::args().skip(1).collect();
    for name in &named {
        anyhow::ensure!(SCENARIOS.contains(&name.as_str()), "unknown scenario {name}; known: {SCENARIOS:?}");
    }
    let run = |scenario: &str| named.is_empty() || named.iter().any(|n| n == scenario);
    println!("load average before: {}", load_average());
    let dir = tempfile::TempDir::new()?;
    let config =
        Config { no_demo: true, ..Config::with_dirs(dir.path().join("data"), dir.path().join("dist")) };
    let state = prepare(&config).await?;
    let cvrs = insert_companies(&state, 20, 2_000_000).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = router(state.clone());
    tokio::spawn(async move { serve(listener, app, std::future::pending()).await });
    let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(CLIENTS).build()?;
    let users = make_users(&state, &client, &base, CLIENTS).await?;

    // 1. One device, 1,000 queued records.
    for batch in [MAX_PUSH_BATCH, 100].into_iter().filter(|_| run("queued")) {
        let (user, token) = &users[0];
        let outbox: Vec<Mutation> = (0..1000).map(|i| contact_created(user, &cvrs, i)).collect();
        let started = Instant::now();
        for chunk in outbox.chunks(batch) {
            push(&client, &base, token, chunk).await?;
        }
        println!(
            "1,000 queued records until acknowledged, batches of {batch}: {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }

    // 2. Saturation: every client pushes back to back.
    if run("saturation") {
        let started = Instant::now();
        let latencies = run_clients(&client, &base, &users, &cvrs, SATURATION_ROUNDS, None).await?;
        let elapsed = started.elapsed().as_secs_f64();
        let total = CLIENTS * BATCH * SATURATION_ROUNDS;
        println!(
            "saturation, {CLIENTS} clients × {SATURATION_ROUNDS} batches of {BATCH} back to back: \
             {total} mutations in {elapsed:.2} s"
        );
        println!(
            "RESULT saturation: {:>6.0} mutations/s; batch latency {}",
            total as f64 / elapsed,
            percentiles(latencies)
        );
    }

    // 3. Paced: one batch per client per second, starts spread over the second.
    if run("paced") {
        let started = Instant::now();
        let latencies =
            run_clients(&client, &base, &users, &cvrs, PACED_SECONDS, Some(Duration::from_secs(1))).await?;
        let elapsed = started.elapsed().as_secs_f64();
        let total = CLIENTS * BATCH * PACED_SECONDS;
        println!(
            "paced, {CLIENTS} clients × 1 batch of {BATCH} per second for {PACED_SECONDS} s ({} mutations/s offered)",
            CLIENTS * BATCH
        );
        println!(
            "RESULT paced:      {:>6.0} mutations/s; batch latency {}",
            total as f64 / elapsed,
            percentiles(latencies)
        );
    }

    println!("load average after push scenarios: {}", load_average());
    if !run("first-sync") {
        return Ok(());
    }

    // 4. First sync of a large register.
    let started = Instant::now();
    insert_companies(&state, FIRST_SYNC_COMPANIES, 5_000_000).await?;
    println!(
        "inserted and logged {FIRST_SYNC_COMPANIES} companies in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let token = &users[0].1;
    // The uncompressed run is parsed for its cursors; the compressed runs ask for the same pages.
    let mut cursors = Vec::new();
    for encoding in ["identity", "gzip", "br"] {
        let started = Instant::now();
        let (mut cursor, mut bytes, mut pages) = (0, 0, 0);
        loop {
            let response = client
                .get(format!("{base}/api/sync/v1/changes?since={cursor}&limit={MAX_PULL_PAGE}"))
                .bearer_auth(token)
                .header("accept-encoding", encoding)
                .send()
                .await?;
            let body = response.bytes().await?;
            bytes += body.len();
            let more = if encoding == "identity" {
                let page: ChangesPage = serde_json::from_slice(&body)?;
                cursors.push(page.cursor);
                page.has_more
            } else {
                pages + 1 < cursors.len()
            };
            cursor = cursors.get(pages).copied().unwrap_or(cursor);
            pages += 1;
            if !more {
                break;
            }
        }
        println!(
            "first sync (everything: companies and pushed contacts), {encoding:>8}: {pages} pages, \
             {:.1} MB on the wire, {:.2} s",
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Runs every client for `rounds` batches; with `period`, each client starts one batch per
/// period (spread over the period) instead of pushing back to back. Returns batch latencies.
async fn run_clients(
    client: &reqwest::Client,
    base: &str,
    users: &[(User, String)],
    cvrs: &[Cvr],
    rounds: usize,
    period: Option<Duration>,
) -> anyhow::Result<Vec<Duration>> {
    let mut tasks = Vec::new();
    for (index, (user, token)) in users.iter().enumerate() {
        let (client, base, user, token, cvrs) =
            (client.clone(), base.to_owned(), user.clone(), token.clone(), cvrs.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(rounds);
            let start = tokio::time::Instant::now()
                + period.map_or(Duration::ZERO, |p| p * index as u32 / users_len(CLIENTS));
            for round in 0..rounds {
                if let Some(period) = period {
                    tokio::time::sleep_until(start + period * round as u32).await;
                }
                let batch: Vec<Mutation> = (0..BATCH).map(|i| contact_created(&user, &cvrs, i)).collect();
                let sent = Instant::now();
                push(&client, &base, &token, &batch).await?;
                latencies.push(sent.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(all)
}

fn users_len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

async fn push(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    mutations: &[Mutation],
) -> anyhow::Result<()> {
    let request =
        PushRequest { protocol: PROTOCOL_VERSION, device_id: Uuid::now_v7(), mutations: mutations.to_vec() };
    let response =
        client.post(format!("{base}/api/sync/v1/push")).bearer_auth(token).json(&request).send().await?;
    anyhow::ensure!(response.status().is_success(), "push answered {}", response.status());
    let answer: PushResponse = response.json().await?;
    for result in answer.results {
        anyhow::ensure!(
            matches!(result.outcome, Outcome::Applied { .. }),
            "not applied: {:?}",
            result.outcome
        );
    }
    Ok(())
}

fn contact_created(user: &User, cvrs: &[Cvr], i: usize) -> Mutation {
    let contact = Contact {
        id: Uuid::now_v7(),
        company: cvrs[i % cvrs.len()].clone(),
        unit_id: user.unit_id.unwrap_or_default(),
        user_id: user.id,
        kind: ContactKind::Visit,
        purposes: vec![Purpose::Recruitment, Purpose::JobTraining],
        date: Utc::now().date_naive() - Days::days((i % 100) as i64),
        notes: "Besøg hos virksomheden; talte om praktikpladser og rekruttering til efteråret.".into(),
        follow_up: None,
        do_not_contact_reason: None,
        notes_shared: false,
    };
    Mutation { id: Uuid::now_v7(), change: Change::ContactCreated { contact } }
}

async fn insert_companies(state: &AppState, count: usize, first_stem: u32) -> anyhow::Result<Vec<Cvr>> {
    let companies: Vec<Company> =
        kontaktpunkt_demo::numbered_companies(first_stem, "Bench").take(count).collect();
    state.store().insert_companies(&companies, Utc::now()).await?;
    Ok(companies.into_iter().map(|c| c.cvr).collect())
}

async fn make_users(
    state: &AppState,
    client: &reqwest::Client,
    base: &str,
    count: usize,
) -> anyhow::Result<Vec<(User, String)>> {
    let hash = password::hash(PASSWORD)?;
    let mut users = Vec::with_capacity(count);
    for i in 0..count {
        let unit = Unit { id: Uuid::now_v7(), name: format!("Benchenhed {i}"), liaison: None };
        state.store().create_unit(&unit, Utc::now()).await?;
        let user = User {
            id: Uuid::now_v7(),
            username: format!("bench-{i}"),
            display_name: format!("Bench {i}"),
            role: Role::Consultant,
            unit_id: Some(unit.id),
        };
        state.store().create_user(&user, &hash, Utc::now()).await?;
        let body = serde_json::json!({ "username": user.username, "password": PASSWORD });
        let answer: serde_json::Value =
            client.post(format!("{base}/api/login")).json(&body).send().await?.json().await?;
        let token = answer["token"].as_str().ok_or_else(|| anyhow::anyhow!("no token"))?.to_owned();
        users.push((user, token));
    }
    Ok(users)
}

fn percentiles(mut latencies: Vec<Duration>) -> String {
    latencies.sort();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q).ceil() as usize)
            .saturating_sub(1)
            .min(latencies.len().saturating_sub(1));
        latencies.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    format!(
        "p50 {:5.1} ms, p95 {:5.1} ms, p99 {:5.1} ms, max {:5.1} ms ({} batches)",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0),
        latencies.len()
    )
}

/// The 1-, 5- and 15-minute load averages, to judge whether other work skewed a run.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}
