//! The demo municipality, put into an empty database at start-up.

use crate::password;
use crate::store::Store;
use kontaktpunkt_demo::DemoSize;
use kontaktpunkt_domain::User;
use std::time::Instant;

/// Seeds the demo municipality if the database is empty; returns the demo users it inserted.
///
/// "Empty" means no companies and no users, so a real installation whose admin has created
/// users but not yet imported companies never receives demo data.
pub async fn seed_demo_if_empty(store: &Store, seed: u64, size: DemoSize) -> anyhow::Result<Vec<User>> {
    if !store.is_empty().await? {
        return Ok(Vec::new());
    }
    let started = Instant::now();
    let today = chrono::Local::now().date_naive();
    let (demo, password_hash) = tokio::try_join!(
        async {
            tokio::task::spawn_blocking(move || kontaktpunkt_demo::generate_sized(seed, today, size))
                .await
                .map_err(anyhow::Error::from)
        },
        // One hash shared by every demo user: they all have the same password, and hashing
        // once per user would make start-up take seconds.
        password::hash_blocking(kontaktpunkt_demo::DEMO_PASSWORD.to_owned()),
    )?;
    let generated = started.elapsed();
    if !store.seed_demo(&demo, &password_hash, chrono::Utc::now()).await? {
        return Ok(Vec::new());
    }
    tracing::info!(
        size = size.name(),
        units = demo.units.len(),
        users = demo.users.len(),
        companies = demo.companies.len(),
        contacts = demo.contacts.len(),
        feedback = demo.feedback.len(),
        do_not_contact = demo.do_not_contact.len(),
        generate_ms = generated.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "seeded the demo municipality"
    );
    Ok(demo.users)
}
