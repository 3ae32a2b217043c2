//! Account management and a user's sessions: what `/api/admin/users` and `/api/sessions` read
//! and write. Every change is written with its audit entry in one transaction.

use super::audit::NewAuditEntry;
use super::change_log::{self, Entity};
use super::{Store, StoreError, bad_row, parse_time, parse_uuid, timestamp};
use chrono::{DateTime, Duration, Utc};
use kontaktpunkt_domain::accounts::{SessionInfo, UserAccount};
use kontaktpunkt_domain::{Role, User};
use sqlx::SqliteConnection;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<String>,
    active: bool,
    last_login_at: Option<String>,
    active_sessions: i64,
    created_at: String,
    updated_at: String,
}

impl TryFrom<AccountRow> for UserAccount {
    type Error = StoreError;
    fn try_from(row: AccountRow) -> Result<Self, StoreError> {
        const T: &str = "users";
        Ok(UserAccount {
            id: parse_uuid(T, "id", &row.id)?,
            username: row.username,
            display_name: row.display_name,
            role: Role::parse(&row.role).ok_or_else(|| bad_row(T, "role", &row.role))?,
            unit_id: row.unit_id.as_deref().map(|id| parse_uuid(T, "unit_id", id)).transpose()?,
            active: row.active,
            last_login_at: row
                .last_login_at
                .as_deref()
                .map(|t| parse_time(T, "last_login_at", t))
                .transpose()?,
            active_sessions: u32::try_from(row.active_sessions).unwrap_or(u32::MAX),
            created_at: parse_time(T, "created_at", &row.created_at)?,
            updated_at: parse_time(T, "updated_at", &row.updated_at)?,
        })
    }
}

/// The account columns; `?1` is now, `?2` the idle cut-off (sessions used after it count).
const ACCOUNT_COLUMNS: &str = "select u.id, u.username, u.display_name, u.role, u.unit_id, u.active, \
     u.last_login_at, (select count(*) from sessions s where s.user_id = u.id and s.expires_at > ?1 \
     and s.last_used_at > ?2) as active_sessions, u.created_at, u.updated_at from users u";

/// An account's new state, decided by the handler from the stored one and the request.
#[derive(Debug, Clone)]
pub struct AccountUpdate {
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<Uuid>,
    pub active: bool,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    created_at: String,
    last_used_at: String,
    expires_at: String,
    device_id: Option<String>,
    user_agent: Option<String>,
}

impl Store {
    /// Every account, by username.
    pub async fn accounts(&self, now: DateTime<Utc>, idle: Duration) -> Result<Vec<UserAccount>, StoreError> {
        sqlx::query_as::<_, AccountRow>(&format!("{ACCOUNT_COLUMNS} order by u.username, u.id"))
            .bind(timestamp(now))
            .bind(timestamp(now - idle))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(UserAccount::try_from)
            .collect()
    }

    /// One account by id.
    pub async fn account(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        idle: Duration,
    ) -> Result<Option<UserAccount>, StoreError> {
        sqlx::query_as::<_, AccountRow>(&format!("{ACCOUNT_COLUMNS} where u.id = ?3"))
            .bind(timestamp(now))
            .bind(timestamp(now - idle))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(UserAccount::try_from)
            .transpose()
    }

    /// How many active admins there are besides `except`.
    pub async fn other_active_admins(&self, except: Uuid) -> Result<u64, StoreError> {
        let count: i64 =
            sqlx::query_scalar("select count(*) from users where role = 'admin' and active = 1 and id <> ?")
                .bind(except.to_string())
                .fetch_one(&self.pool)
                .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Writes an account's new state; a deactivation ends its sessions. Returns how many
    /// sessions ended.
    pub async fn update_account(
        &self,
        id: Uuid,
        update: &AccountUpdate,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "update users set display_name = ?, role = ?, unit_id = ?, active = ?, updated_at = ? where id = ?",
        )
        .bind(&update.display_name)
        .bind(update.role.as_str())
        .bind(update.unit_id.map(|u| u.to_string()))
        .bind(update.active)
        .bind(&now)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        // Devices name authors by the colleague record: a new name or unit travels with it.
        change_log::append(&mut tx, Entity::Colleague, &id.to_string(), &now).await?;
        let ended = if update.active { 0 } else { end_sessions_of(&mut tx, id).await? };
        audit.append(&mut tx, &now).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Sets a new password hash and ends every session of the user. Returns how many ended.
    pub async fn set_password(
        &self,
        id: Uuid,
        password_hash: &str,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query("update users set password_hash = ?, updated_at = ? where id = ?")
            .bind(password_hash)
            .bind(&now)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        let ended = end_sessions_of(&mut tx, id).await?;
        audit.append(&mut tx, &now).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Ends every session of the user. Returns how many ended.
    pub async fn revoke_sessions(
        &self,
        id: Uuid,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let ended = end_sessions_of(&mut tx, id).await?;
        audit.append(&mut tx, &timestamp(now)).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// The user's sessions that are still valid, most recently used first. `current` marks
    /// the session asking.
    pub async fn sessions_of(
        &self,
        user: Uuid,
        current: Uuid,
        now: DateTime<Utc>,
        idle: Duration,
    ) -> Result<Vec<SessionInfo>, StoreError> {
        const T: &str = "sessions";
        let rows = sqlx::query_as::<_, SessionRow>(
            "select id, created_at, last_used_at, expires_at, device_id, user_agent from sessions \
             where user_id = ? and expires_at > ? and last_used_at > ? order by last_used_at desc, id",
        )
        .bind(user.to_string())
        .bind(timestamp(now))
        .bind(timestamp(now - idle))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let id = parse_uuid(T, "id", &row.id)?;
                let last_used_at = parse_time(T, "last_used_at", &row.last_used_at)?;
                let absolute = parse_time(T, "expires_at", &row.expires_at)?;
                Ok(SessionInfo {
                    id,
                    created_at: parse_time(T, "created_at", &row.created_at)?,
                    last_used_at,
                    expires_at: absolute.min(last_used_at + idle),
                    device_id: row.device_id.as_deref().map(|d| parse_uuid(T, "device_id", d)).transpose()?,
                    user_agent: row.user_agent,
                    current: id == current,
                })
            })
            .collect()
    }

    /// Ends the session `id` if it is `user`'s; whether it was.
    pub async fn end_own_session(
        &self,
        user: &User,
        id: Uuid,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("delete from sessions where id = ? and user_id = ?")
            .bind(id.to_string())
            .bind(user.id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        audit.append(&mut tx, &timestamp(now)).await?;
        tx.commit().await?;
        Ok(true)
    }
}

async fn end_sessions_of(conn: &mut SqliteConnection, user: Uuid) -> Result<u64, StoreError> {
    let done =
        sqlx::query("delete from sessions where user_id = ?").bind(user.to_string()).execute(conn).await?;
    Ok(done.rows_affected())
}
