//! Chaos test of the sync engine against the real server binary.
//!
//! Eight simulated devices each queue 1,000 records (contacts, and feedback on them) in an
//! in-memory outbox and push them in batches, retrying on any failure, while the test kills
//! the server with SIGKILL at random moments and restarts it on the same data directory and
//! port, and cuts requests short with client-side timeouts. Afterwards the server must hold
//! exactly the union of the outboxes: nothing missing, nothing twice, every outbox empty.
//! Randomness is seeded (`SYNC_CHAOS_SEED` overrides); the server only listens on 127.0.0.1.

use chrono::{Duration as Days, Utc};
use kontaktpunkt_domain::sync::{
    Change, ChangesPage, Mutation, Outcome, PROTOCOL_VERSION, PushRequest, PushResponse, SyncedRecord,
};
use kontaktpunkt_domain::{Company, Contact, ContactKind, Cvr, Feedback, Purpose, Role, Unit, User};
use kontaktpunkt_server::{Config, password, prepare};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tokio::process::{Child, Command};
use tokio::sync::watch;
use uuid::Uuid;

const DEVICES: usize = 8;
const RECORDS_PER_DEVICE: usize = 1000;
const PASSWORD: &str = "kaos-kodeord";
/// The whole run must end well before this; a hang fails the test instead of CI.
const DEADLINE: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_lose_and_duplicate_nothing_while_the_server_is_killed_and_connections_drop() {
    let seed: u64 = std::env::var("SYNC_CHAOS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(4_2026);
    let started = Instant::now();
    let data = TempDir::new().expect("data dir");
    let dist = TempDir::new().expect("dist dir");
    let (users, cvrs) = set_up_database(data.path(), dist.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().no_proxy().build().expect("client");

    let mut server = start_server(data.path(), dist.path(), port).await;
    wait_until_healthy(&client, &base).await;
    let mut tokens = Vec::new();
    for user in &users {
        tokens.push(login(&client, &base, &user.username).await);
    }

    let stats = Arc::new(Stats::default());
    let (done_tx, mut done_rx) = watch::channel(0usize);
    let done_tx = Arc::new(done_tx);
    let mut devices = Vec::new();
    let mut expected_contacts = BTreeSet::new();
    let mut expected_feedback = BTreeSet::new();
    for (index, (user, token)) in users.iter().zip(&tokens).enumerate() {
        let outbox = outbox(user, &cvrs);
        for m in &outbox {
            match &m.change {
                Change::ContactCreated { contact } => expected_contacts.insert(contact.id),
                Change::FeedbackCreated { feedback } => expected_feedback.insert(feedback.id),
                _ => unreachable!("the outbox holds creations only"),
            };
        }
        let device = Device {
            outbox,
            token: token.clone(),
            client: client.clone(),
            base: base.clone(),
            rng: StdRng::seed_from_u64(seed.wrapping_add(index as u64 + 1)),
            stats: stats.clone(),
        };
        let done_tx = done_tx.clone();
        devices.push(tokio::spawn(async move {
            let left = device.run().await;
            done_tx.send_modify(|done| *done += 1);
            left
        }));
    }

    // The chaos monkey: SIGKILL at random moments until every device is done.
    let mut rng = StdRng::seed_from_u64(seed);
    let mut kills = 0;
    loop {
        let pause = Duration::from_millis(rng.random_range(150..700));
        let all_done = tokio::time::timeout(pause, done_rx.wait_for(|done| *done == DEVICES)).await;
        if all_done.is_ok() {
            break;
        }
        assert!(started.elapsed() < DEADLINE, "the devices did not finish in time");
        server.start_kill().expect("SIGKILL the server");
        let _ = server.wait().await;
        kills += 1;
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..100))).await;
        server = start_server(data.path(), dist.path(), port).await;
    }
    for device in devices {
        assert_eq!(device.await.expect("device task"), 0, "every outbox is empty");
    }
    let pushing = started.elapsed();

    wait_until_healthy(&client, &base).await;
    let (pulled_contacts, pulled_feedback) = pull_everything(&client, &base, &tokens[0]).await;
    assert_eq!(pulled_contacts, expected_contacts, "pull: exactly the union of the contacts");
    assert_eq!(pulled_feedback, expected_feedback, "pull: exactly the union of the feedback");
    server.start_kill().expect("stop the server");
    let _ = server.wait().await;
    check_database(data.path(), &expected_contacts, &expected_feedback).await;

    println!(
        "sync chaos (seed {seed}): {} mutations from {DEVICES} devices in {:.1} s with {kills} SIGKILLs; \
         {} pushes, {} failed or cut short, {} answered duplicate; total {:.1} s",
        DEVICES * RECORDS_PER_DEVICE,
        pushing.as_secs_f64(),
        stats.pushes.load(Ordering::Relaxed),
        stats.failures.load(Ordering::Relaxed),
        stats.duplicates.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
    );
}

#[derive(Default)]
struct Stats {
    pushes: AtomicU64,
    failures: AtomicU64,
    duplicates: AtomicU64,
}

/// One simulated phone: an outbox, pushed in order until empty.
struct Device {
    outbox: VecDeque<Mutation>,
    token: String,
    client: reqwest::Client,
    base: String,
    rng: StdRng,
    stats: Arc<Stats>,
}

impl Device {
    /// Pushes until the outbox is empty; returns what is left (0).
    async fn run(mut self) -> usize {
        let device_id = Uuid::now_v7();
        while !self.outbox.is_empty() {
            let size = self.rng.random_range(20..=120).min(self.outbox.len());
            let batch: Vec<Mutation> = self.outbox.iter().take(size).cloned().collect();
            // Three pushes in ten are cut short, often while the server is still working.
            let timeout = if self.rng.random_bool(0.3) {
                Duration::from_millis(self.rng.random_range(1..40))
            } else {
                Duration::from_secs(10)
            };
            self.stats.pushes.fetch_add(1, Ordering::Relaxed);
            match self.send(device_id, batch, timeout).await {
                Some(answer) => self.acknowledge(answer),
                None => {
                    self.stats.failures.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(self.rng.random_range(5..60))).await;
                }
            }
        }
        self.outbox.len()
    }

    async fn send(
        &self,
        device_id: Uuid,
        mutations: Vec<Mutation>,
        timeout: Duration,
    ) -> Option<PushResponse> {
        let request = PushRequest { protocol: PROTOCOL_VERSION, device_id, mutations };
        let response = self
            .client
            .post(format!("{}/api/sync/v1/push", self.base))
            .bearer_auth(&self.token)
            .json(&request)
            .timeout(timeout)
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.json().await.ok()
    }

    /// Drops acknowledged entries from the front of the outbox, in order.
    fn acknowledge(&mut self, answer: PushResponse) {
        for result in answer.results {
            let front = self.outbox.front().map(|m| m.id);
            assert_eq!(front, Some(result.id), "results come in outbox order");
            match result.outcome {
                Outcome::Applied { .. } | Outcome::Conflict { .. } => {}
                Outcome::Duplicate => {
                    self.stats.duplicates.fetch_add(1, Ordering::Relaxed);
                }
                Outcome::Rejected { reason } => panic!("a valid record was rejected: {reason:?}"),
            }
            self.outbox.pop_front();
        }
    }
}

/// Contacts by `user`, every fourth record feedback on the contact before it.
fn outbox(user: &User, cvrs: &[Cvr]) -> VecDeque<Mutation> {
    let unit_id = user.unit_id.expect("consultants have a unit");
    let mut last: Option<Contact> = None;
    (0..RECORDS_PER_DEVICE)
        .map(|i| {
            let change = match (&last, i % 4) {
                (Some(contact), 3) => Change::FeedbackCreated {
                    feedback: Feedback {
                        id: Uuid::now_v7(),
                        contact_id: contact.id,
                        company: contact.company.clone(),
                        submitted_at: Utc::now(),
                        satisfaction: (i % 5 + 1) as u8,
                        relevant: i % 2 == 0,
                        comment: format!("Tilbagemelding {i}"),
                        questions: kontaktpunkt_domain::feedback::FIRST_QUESTIONS,
                        survey: None,
                    },
                },
                _ => {
                    let contact = Contact {
                        id: Uuid::now_v7(),
                        company: cvrs[i % cvrs.len()].clone(),
                        unit_id,
                        user_id: user.id,
                        kind: ContactKind::Phone,
                        purposes: vec![Purpose::Retention],
                        date: Utc::now().date_naive() - Days::days((i % 300) as i64),
                        notes: format!("Opkald nr. {i} fra {}", user.username),
                        follow_up: None,
                        do_not_contact_reason: None,
                        notes_shared: false,
                    };
                    last = Some(contact.clone());
                    Change::ContactCreated { contact }
                }
            };
            Mutation { id: Uuid::now_v7(), change }
        })
        .collect()
}

/// Companies, units and consultants, written through the library before the binary runs.
async fn set_up_database(data: &Path, dist: &Path) -> (Vec<User>, Vec<Cvr>) {
    let config = Config { no_demo: true, ..Config::with_dirs(data, dist) };
    let state = prepare(&config).await.expect("prepare the database");
    let store = state.store();
    let companies: Vec<Company> = kontaktpunkt_demo::numbered_companies(3_000_000, "Kaos").take(20).collect();
    store.insert_companies(&companies, Utc::now()).await.expect("companies");
    let hash = password::hash(PASSWORD).expect("hash");
    let mut users = Vec::new();
    for i in 0..DEVICES {
        let unit = Unit { id: Uuid::now_v7(), name: format!("Kaosenhed {i}"), liaison: None };
        store.create_unit(&unit, Utc::now()).await.expect("unit");
        let user = User {
            id: Uuid::now_v7(),
            username: format!("kaos-{i}"),
            display_name: format!("Kaos {i}"),
            role: Role::Consultant,
            unit_id: Some(unit.id),
        };
        store.create_user(&user, &hash, Utc::now()).await.expect("user");
        users.push(user);
    }
    store.close().await;
    (users, companies.into_iter().map(|c| c.cvr).collect())
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("address").port()
}

async fn start_server(data: &Path, dist: &Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kontaktpunkt"))
        .args(["--no-demo", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg("--data-dir")
        .arg(data)
        .arg("--dist-dir")
        .arg(dist)
        // A developer's environment must not point the server elsewhere.
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the server binary")
}

async fn wait_until_healthy(client: &reqwest::Client, base: &str) {
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until {
        let answer = client.get(format!("{base}/api/health")).timeout(Duration::from_secs(1)).send().await;
        if answer.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the server did not come up");
}

async fn login(client: &reqwest::Client, base: &str, username: &str) -> String {
    let body = serde_json::json!({ "username": username, "password": PASSWORD });
    let response = client.post(format!("{base}/api/login")).json(&body).send().await.expect("login");
    assert_eq!(response.status(), 200, "login as {username}");
    let answer: serde_json::Value = response.json().await.expect("login body");
    answer["token"].as_str().expect("token").to_owned()
}

/// Contact and feedback ids as a new device's first sync sees them; each must appear once.
async fn pull_everything(
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> (BTreeSet<Uuid>, BTreeSet<Uuid>) {
    let (mut contacts, mut feedback) = (BTreeSet::new(), BTreeSet::new());
    let mut cursor = 0;
    loop {
        let url = format!("{base}/api/sync/v1/changes?since={cursor}&limit=2500");
        let page: ChangesPage =
            client.get(url).bearer_auth(token).send().await.expect("pull").json().await.expect("page");
        for entry in page.changes {
            match entry.record {
                SyncedRecord::Contact { contact } => assert!(contacts.insert(contact.id), "contact twice"),
                SyncedRecord::Feedback { feedback: f } => assert!(feedback.insert(f.id), "feedback twice"),
                _ => {}
            }
        }
        assert!(page.cursor >= cursor);
        cursor = page.cursor;
        if !page.has_more {
            return (contacts, feedback);
        }
    }
}

/// The same check in SQL, straight from the database file.
async fn check_database(data: &Path, contacts: &BTreeSet<Uuid>, feedback: &BTreeSet<Uuid>) {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(data.join("kontaktpunkt.sqlite"));
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("open the database");
    let ids = |table: &'static str| {
        let pool = pool.clone();
        async move {
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("select id from {table}")).fetch_all(&pool).await.expect("ids");
            let total = rows.len();
            let set: BTreeSet<Uuid> = rows.iter().map(|id| Uuid::parse_str(id).expect("uuid")).collect();
            assert_eq!(set.len(), total, "no {table} row twice");
            set
        }
    };
    assert_eq!(&ids("contacts").await, contacts, "SQL: exactly the union of the contacts");
    assert_eq!(&ids("feedback").await, feedback, "SQL: exactly the union of the feedback");
    let remembered: i64 =
        sqlx::query_scalar("select count(*) from applied_mutations").fetch_one(&pool).await.expect("count");
    assert_eq!(remembered as usize, DEVICES * RECORDS_PER_DEVICE, "every mutation id remembered once");
    let (entries, distinct): (i64, i64) =
        sqlx::query_as("select count(*), count(distinct entity || '/' || key) from change_log")
            .fetch_one(&pool)
            .await
            .expect("log");
    assert_eq!(entries, distinct, "one log entry per record");
    pool.close().await;
}
