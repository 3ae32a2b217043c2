//! Start-up: demo seeding and database configuration.

use crate::common::{TestDirs, TestServer};
use kontaktpunkt_domain::api::Me;
use kontaktpunkt_server::{Config, prepare};

async fn counts(config: &Config) -> (u64, u64) {
    let state = prepare(config).await.expect("prepare");
    let counts = (
        state.store().count_companies().await.expect("companies"),
        state.store().count_users().await.expect("users"),
    );
    state.store().close().await;
    counts
}

#[tokio::test]
async fn seeding_happens_once_and_is_skipped_on_the_next_start() {
    let dirs = TestDirs::new();
    let config = Config { no_demo: false, ..dirs.config() };

    let first = prepare(&config).await.expect("first start");
    let demo = kontaktpunkt_demo::generate(config.demo_seed, chrono::Local::now().date_naive());
    assert_eq!(first.seeded_demo_users().len(), demo.users.len());
    let after_first = (
        first.store().count_companies().await.expect("companies"),
        first.store().count_users().await.expect("users"),
    );
    assert_eq!(after_first, (demo.companies.len() as u64, demo.users.len() as u64));
    first.store().close().await;

    let second = prepare(&config).await.expect("second start");
    assert!(second.seeded_demo_users().is_empty(), "the second start seeds nothing");
    second.store().close().await;
    assert_eq!(counts(&config).await, after_first, "no duplicates");
}

#[tokio::test]
async fn no_demo_leaves_the_database_empty() {
    let dirs = TestDirs::new();
    let config = Config { no_demo: true, ..dirs.config() };
    let state = prepare(&config).await.expect("prepare");
    assert!(state.seeded_demo_users().is_empty());
    state.store().close().await;
    assert_eq!(counts(&config).await, (0, 0));
}

#[tokio::test]
async fn the_data_dir_and_database_are_created_when_missing() {
    let dirs = TestDirs::new();
    let nested = dirs.data.path().join("not/yet/there");
    let config = Config { data_dir: nested.clone(), ..dirs.config() };
    let state = prepare(&config).await.expect("prepare");
    assert!(nested.join("kontaktpunkt.sqlite").is_file());
    state.store().close().await;
}

#[tokio::test]
async fn a_postgres_url_is_refused_at_start() {
    let dirs = TestDirs::new();
    let config =
        Config { database_url: Some("postgres://kp:hemmeligt@localhost/kp".into()), ..dirs.config() };
    let error = prepare(&config).await.err().expect("refused");
    let message = format!("{error:#}");
    assert!(message.contains("only SQLite is supported"), "{message}");
    assert!(!message.contains("hemmeligt"), "{message}");
}

#[tokio::test]
async fn an_explicit_sqlite_url_is_used() {
    let dirs = TestDirs::new();
    let file = dirs.data.path().join("elsewhere.sqlite");
    let config = Config { database_url: Some(format!("sqlite://{}", file.display())), ..dirs.config() };
    let state = prepare(&config).await.expect("prepare");
    assert!(file.is_file());
    state.store().close().await;
}

#[tokio::test]
async fn demo_users_log_in_with_the_demo_password() {
    let dirs = TestDirs::new();
    let config = Config { no_demo: false, ..dirs.config() };
    let server = TestServer::start_with(dirs, &config).await;
    // Robust to a demo generator that yields no users yet.
    for user in server.state.seeded_demo_users().iter().take(3) {
        let token = server.login(&user.username, kontaktpunkt_demo::DEMO_PASSWORD).await;
        let me: Me = server.get_with("/api/me", &token).await.json().await.expect("me");
        assert_eq!(&me.user, user);
    }
}
