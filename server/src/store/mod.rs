//! SQL storage behind a small interface: the handlers never see SQL.
//!
//! Times are stored as RFC 3339 text in UTC with a fixed width, so text order is time order.

mod accounts;
pub(crate) mod audit;
pub(crate) mod change_log;
mod companies;
mod demo;
mod desk;
mod devices;
mod erasure;
mod imports;
mod plan_facts;
mod plans;
mod privacy;
mod reference;
mod register;
mod register_fields;
mod sync;
mod sync_apply;
mod sync_bulk;
mod sync_plan;
mod sync_shared;
mod sync_writer;
mod users;

pub use accounts::AccountUpdate;
pub use audit::{AuditFilter, NewAuditEntry};
pub use change_log::LogPage;
pub use desk::DoNotContactEntry;
pub use devices::Revoked;
pub use erasure::ErasureReport;
pub use imports::StoredImport;
pub use plans::{ItemEdit, NewPlan, PlanRefusal};
pub use privacy::{
    AccessContact, ContactPersonMatch, ExportedContact, ExportedFeedback, ExportedFollowUp, PersonFacts,
};
pub use reference::ReferenceLoaded;
pub use register::ApplyOptions;
pub use sync::{Incoming, PushContext, canonical_hash};
pub use users::{LiaisonOutcome, LoginCandidate, NewSession, SessionUser};

use crate::config::DatabaseTarget;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed the query.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored row does not make sense as a domain value.
    #[error("bad row in {table}: {reason}")]
    BadRow { table: &'static str, reason: String },
    /// A unique value is already taken.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    /// A register import was applied or discarded meanwhile.
    #[error("the import is no longer pending")]
    NotPending,
}

/// The server's storage: one SQLite pool and the queries over it.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// Sync pushes queue here (FIFO) for the one task that writes them, group by group,
    /// instead of polling in SQLite's busy handler.
    writer: sync_writer::SyncWriter,
}

impl Store {
    /// Opens (creating if missing) the database and brings its schema up to date.
    pub async fn open(target: &DatabaseTarget) -> Result<Self, StoreError> {
        let options = match target {
            DatabaseTarget::SqliteFile(path) => SqliteConnectOptions::new().filename(path),
            DatabaseTarget::SqliteUrl(url) => SqliteConnectOptions::from_str(url)?,
        };
        let options = options
            .create_if_missing(true)
            // WAL lets readers go on while one writer writes. FULL syncs the WAL at every
            // commit: a device drops an outbox entry once the push is acknowledged, so an
            // acknowledged commit must survive power loss too, not only a process crash.
            // Group commit (`sync_writer`) keeps that to one fsync per group of pushes.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        let writer = sync_writer::SyncWriter::start(pool.clone());
        Ok(Self { pool, writer })
    }

    /// Runs `select 1`: does the database answer?
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("select 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections (and queued sync pushes) to finish.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

/// Formats a time the way every table stores it.
pub(crate) fn timestamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Maps a unique-constraint violation to [`StoreError::Conflict`] on `field`.
fn conflict_on(field: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict { field },
        _ => StoreError::Database(error),
    }
}

/// Builds the error for a row whose column cannot be read as its domain type.
fn bad_row(table: &'static str, column: &str, problem: impl std::fmt::Display) -> StoreError {
    StoreError::BadRow { table, reason: format!("{column}: {problem}") }
}

/// A stored RFC 3339 timestamp; a bad one names its table and column.
fn parse_time(
    table: &'static str,
    column: &str,
    text: &str,
) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    chrono::DateTime::parse_from_rfc3339(text).map(|t| t.to_utc()).map_err(|e| bad_row(table, column, e))
}

/// Parses a UUID column.
fn parse_uuid(table: &'static str, column: &str, text: &str) -> Result<uuid::Uuid, StoreError> {
    uuid::Uuid::parse_str(text).map_err(|e| bad_row(table, column, e))
}
