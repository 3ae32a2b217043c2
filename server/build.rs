//! `sqlx::migrate!()` embeds `migrations/` at compile time; without this, adding a migration
//! file rebuilds nothing and the server runs without it.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
