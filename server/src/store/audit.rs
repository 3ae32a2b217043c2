//! The audit log: append-only (the table's triggers refuse updates and deletes).
//!
//! Entries are written in the transaction of what they record where there is one (user
//! changes, session ends, do-not-contact flags), so an entry exists exactly when the change
//! does. No entry ever holds a password or a token: the builder has no place for them.

use super::{Store, StoreError, bad_row, parse_uuid, timestamp};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::User;
use kontaktpunkt_domain::accounts::{AuditAction, AuditEntry, AuditPage};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;
use std::net::IpAddr;
use uuid::Uuid;

/// Longest name kept for an actor or subject (a typed username at a failed login).
const MAX_NAME_CHARS: usize = 100;

/// An entry about to be written.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    action: AuditAction,
    actor_id: Option<Uuid>,
    actor_name: Option<String>,
    subject: Option<String>,
    subject_name: Option<String>,
    address: Option<String>,
    details: BTreeMap<String, String>,
}

impl NewAuditEntry {
    pub fn new(action: AuditAction) -> Self {
        Self {
            action,
            actor_id: None,
            actor_name: None,
            subject: None,
            subject_name: None,
            address: None,
            details: BTreeMap::new(),
        }
    }

    /// Done by this user.
    pub fn by(mut self, user: &User) -> Self {
        self.actor_id = Some(user.id);
        self.actor_name = Some(user.username.clone());
        self
    }

    /// Done under a name that may match no user (a failed login); cut to a sane length.
    pub fn by_name(mut self, name: &str, id: Option<Uuid>) -> Self {
        self.actor_id = id;
        self.actor_name = Some(name.chars().take(MAX_NAME_CHARS).collect());
        self
    }

    /// Done to this user.
    pub fn on_user(mut self, user: &User) -> Self {
        self.subject = Some(user.id.to_string());
        self.subject_name = Some(user.username.clone());
        self
    }

    /// Done to something named by `subject` (a CVR number, an import's or a session's id).
    pub fn on(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// From this client address.
    pub fn from_address(mut self, address: Option<IpAddr>) -> Self {
        self.address = address.map(|a| a.to_string());
        self
    }

    /// A further fact.
    pub fn detail(mut self, key: &str, value: impl Into<String>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    /// Writes the entry on `conn` (inside the caller's transaction).
    pub(crate) async fn append(&self, conn: &mut SqliteConnection, now: &str) -> Result<(), StoreError> {
        let details = serde_json::to_string(&self.details)
            .map_err(|e| StoreError::BadRow { table: "audit_log", reason: e.to_string() })?;
        sqlx::query(
            "insert into audit_log (at, action, actor_id, actor_name, subject, subject_name, address, details) \
             values (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(now)
        .bind(self.action.as_str())
        .bind(self.actor_id.map(|id| id.to_string()))
        .bind(&self.actor_name)
        .bind(&self.subject)
        .bind(&self.subject_name)
        .bind(&self.address)
        .bind(details)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

/// Which entries to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// At or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub to: Option<DateTime<Utc>>,
    /// Entries by or about this username (case-insensitive).
    pub user: Option<String>,
    pub action: Option<AuditAction>,
    /// Only entries of these actions (a coordinator's contact matters); `None`: every action.
    pub within: Option<&'static [AuditAction]>,
    /// Entries older than this id (the previous page's `next_before`).
    pub before: Option<u64>,
    pub limit: u32,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: String,
    action: String,
    actor_id: Option<String>,
    actor_name: Option<String>,
    subject: Option<String>,
    subject_name: Option<String>,
    address: Option<String>,
    details: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;
    fn try_from(row: AuditRow) -> Result<Self, StoreError> {
        const T: &str = "audit_log";
        Ok(AuditEntry {
            id: u64::try_from(row.id).map_err(|e| bad_row(T, "id", e))?,
            at: DateTime::parse_from_rfc3339(&row.at).map_err(|e| bad_row(T, "at", e))?.with_timezone(&Utc),
            action: AuditAction::parse(&row.action).ok_or_else(|| bad_row(T, "action", &row.action))?,
            actor_id: row.actor_id.as_deref().map(|id| parse_uuid(T, "actor_id", id)).transpose()?,
            actor: row.actor_name,
            subject: row.subject,
            subject_user: row.subject_name,
            address: row.address,
            details: serde_json::from_str(&row.details).map_err(|e| bad_row(T, "details", e))?,
        })
    }
}

impl Store {
    /// Writes one entry in a transaction of its own (what it records wrote nothing, or wrote
    /// elsewhere: a failed login, an applied import).
    pub async fn audit(&self, entry: &NewAuditEntry, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        entry.append(&mut conn, &timestamp(now)).await
    }

    /// Every entry about `subject` (a contact person's id, a CVR number), and every search
    /// that showed that person, oldest first.
    pub async fn audit_entries_about(&self, subject: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "select id, at, action, actor_id, actor_name, subject, subject_name, address, details \
             from audit_log where subject = ? \
             or (action = 'contact_persons_shown' and instr(details, ?) > 0) order by id",
        )
        .bind(subject)
        .bind(subject)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// One page of entries matching `filter`, newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<AuditPage, StoreError> {
        let limit = filter.limit.max(1);
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "select id, at, action, actor_id, actor_name, subject, subject_name, address, details \
             from audit_log where 1 = 1",
        );
        if let Some(from) = filter.from {
            query.push(" and at >= ").push_bind(timestamp(from));
        }
        if let Some(to) = filter.to {
            query.push(" and at < ").push_bind(timestamp(to));
        }
        if let Some(user) = &filter.user {
            query.push(" and (actor_name = ").push_bind(user.clone());
            query.push(" or subject_name = ").push_bind(user.clone()).push(")");
        }
        if let Some(action) = filter.action {
            query.push(" and action = ").push_bind(action.as_str());
        }
        if let Some(within) = filter.within {
            let mut actions = query.push(" and action in (").separated(", ");
            for action in within {
                actions.push_bind(action.as_str());
            }
            // `in ()` is no SQL: an empty set matches nothing.
            actions.push_unseparated(if within.is_empty() { "null)" } else { ")" });
        }
        if let Some(before) = filter.before {
            query.push(" and id < ").push_bind(i64::try_from(before).unwrap_or(i64::MAX));
        }
        // One more than asked tells whether an older page exists.
        query.push(" order by id desc limit ").push_bind(i64::from(limit) + 1);
        let rows = query.build_query_as::<AuditRow>().fetch_all(&self.pool).await?;
        let mut entries = rows.into_iter().map(AuditEntry::try_from).collect::<Result<Vec<_>, _>>()?;
        let more = entries.len() > limit as usize;
        entries.truncate(limit as usize);
        let next_before = if more { entries.last().map(|e| e.id) } else { None };
        Ok(AuditPage { entries, next_before })
    }
}
