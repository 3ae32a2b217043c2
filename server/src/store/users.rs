//! Units, users and login sessions.

use super::audit::NewAuditEntry;
use super::{Store, StoreError, bad_row, conflict_on, parse_uuid, timestamp};
use chrono::{DateTime, Duration, Utc};
use kontaktpunkt_domain::{Role, Unit, User};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct UnitRow {
    id: String,
    name: String,
    liaison_user_id: Option<String>,
}

impl TryFrom<UnitRow> for Unit {
    type Error = StoreError;
    fn try_from(row: UnitRow) -> Result<Self, StoreError> {
        let liaison =
            row.liaison_user_id.map(|id| parse_uuid("units", "liaison_user_id", &id)).transpose()?;
        Ok(Unit { id: parse_uuid("units", "id", &row.id)?, name: row.name, liaison })
    }
}

/// What naming a unit's liaison came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiaisonOutcome {
    Set(Unit),
    NoSuchUnit,
    /// The user is not a user of the unit (or no user at all).
    NotInUnit,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            id: parse_uuid("users", "id", &row.id)?,
            username: row.username,
            display_name: row.display_name,
            role: Role::parse(&row.role).ok_or_else(|| bad_row("users", "role", &row.role))?,
            unit_id: row.unit_id.as_deref().map(|id| parse_uuid("users", "unit_id", id)).transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
    active: bool,
}

/// A user found by name at login, with what the login checks.
#[derive(Debug, Clone)]
pub struct LoginCandidate {
    pub user: User,
    pub password_hash: String,
    /// A deactivated user's right password still opens no session.
    pub active: bool,
}

/// A session about to start.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: Uuid,
    pub created_at: DateTime<Utc>,
    /// The absolute end, however much the session is used.
    pub expires_at: DateTime<Utc>,
    pub device_id: Option<Uuid>,
    pub user_agent: Option<&'a str>,
}

/// The user behind a valid session, and which session it is.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub session_id: Uuid,
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    session_id: String,
    last_used_at: String,
}

/// How stale a session's `last_used_at` may get before a request writes it anew: a write per
/// request would cost an fsync each, and the idle limit needs no finer grain.
fn touch_after(idle: Duration) -> Duration {
    (idle / 10).min(Duration::seconds(60))
}

impl Store {
    /// Every unit, by name.
    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        sqlx::query_as::<_, UnitRow>("select id, name, liaison_user_id from units order by name, id")
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(Unit::try_from)
            .collect()
    }

    /// One unit by id.
    pub async fn unit(&self, id: Uuid) -> Result<Option<Unit>, StoreError> {
        sqlx::query_as::<_, UnitRow>("select id, name, liaison_user_id from units where id = ?")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(Unit::try_from)
            .transpose()
    }

    /// Names the unit's liaison to the coordinator (`None` clears it), in the change log so
    /// every device learns it. The liaison must be a user of the unit.
    pub async fn set_unit_liaison(
        &self,
        unit: Uuid,
        liaison: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<LiaisonOutcome, StoreError> {
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        let exists: Option<String> = sqlx::query_scalar("select id from units where id = ?")
            .bind(unit.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(LiaisonOutcome::NoSuchUnit);
        }
        if let Some(user) = liaison {
            let unit_of_user: Option<Option<String>> =
                sqlx::query_scalar("select unit_id from users where id = ?")
                    .bind(user.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            if unit_of_user.flatten() != Some(unit.to_string()) {
                return Ok(LiaisonOutcome::NotInUnit);
            }
        }
        sqlx::query("update units set liaison_user_id = ? where id = ?")
            .bind(liaison.map(|id| id.to_string()))
            .bind(unit.to_string())
            .execute(&mut *tx)
            .await?;
        super::change_log::append(&mut tx, super::change_log::Entity::Unit, &unit.to_string(), &now).await?;
        tx.commit().await?;
        match self.unit(unit).await? {
            Some(unit) => Ok(LiaisonOutcome::Set(unit)),
            None => Ok(LiaisonOutcome::NoSuchUnit),
        }
    }

    /// Adds a unit; a taken name is a [`StoreError::Conflict`] on `name`.
    pub async fn create_unit(&self, unit: &Unit, now: DateTime<Utc>) -> Result<(), StoreError> {
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query("insert into units (id, name, created_at) values (?, ?, ?)")
            .bind(unit.id.to_string())
            .bind(&unit.name)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .map_err(conflict_on("name"))?;
        super::change_log::append(&mut tx, super::change_log::Entity::Unit, &unit.id.to_string(), &now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a user with an argon2 `password_hash` (see [`crate::password::hash`]).
    ///
    /// A taken username (case-insensitively) is a [`StoreError::Conflict`] on `username`.
    pub async fn create_user(
        &self,
        user: &User,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        insert_user(&mut tx, user, password_hash, &now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`Self::create_user`], with its audit entry in the same transaction.
    pub async fn create_user_audited(
        &self,
        user: &User,
        password_hash: &str,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        insert_user(&mut tx, user, password_hash, &now).await?;
        audit.append(&mut tx, &now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user with this username (case-insensitive), their password hash and whether the
    /// account is active.
    pub async fn user_for_login(&self, username: &str) -> Result<Option<LoginCandidate>, StoreError> {
        let row = sqlx::query_as::<_, LoginRow>(
            "select id, username, display_name, role, unit_id, password_hash, active from users \
             where username = ?",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(LoginCandidate {
                user: User::try_from(row.user)?,
                password_hash: row.password_hash,
                active: row.active,
            })
        })
        .transpose()
    }

    /// How many users there are.
    pub async fn count_users(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&self.pool).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Stores a session under the hash of its token, made from no particular device.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Uuid,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let session = NewSession {
            token_hash,
            user_id,
            created_at: now,
            expires_at,
            device_id: None,
            user_agent: None,
        };
        let mut conn = self.pool.acquire().await?;
        insert_session(&mut conn, &session).await
    }

    /// A successful login: stores the session, notes the user's last login and writes the
    /// audit entry, in one transaction. Returns the session's id.
    pub async fn start_session(
        &self,
        session: &NewSession<'_>,
        audit: &NewAuditEntry,
    ) -> Result<Uuid, StoreError> {
        let now = timestamp(session.created_at);
        let mut tx = self.pool.begin().await?;
        let id = insert_session(&mut tx, session).await?;
        sqlx::query("update users set last_login_at = ? where id = ?")
            .bind(&now)
            .bind(session.user_id.to_string())
            .execute(&mut *tx)
            .await?;
        audit.append(&mut tx, &now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The active user of a session that is neither past its absolute end nor unused for
    /// `idle`; using it renews the idle limit.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: Duration,
    ) -> Result<Option<SessionUser>, StoreError> {
        let row = sqlx::query_as::<_, SessionUserRow>(
            "select u.id, u.username, u.display_name, u.role, u.unit_id, s.id as session_id, s.last_used_at \
             from sessions s join users u on u.id = s.user_id \
             where s.token_hash = ? and s.expires_at > ? and s.last_used_at > ? and u.active = 1",
        )
        .bind(token_hash)
        .bind(timestamp(now))
        .bind(timestamp(now - idle))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        // Read first, written only when stale: most requests write nothing.
        if row.last_used_at < timestamp(now - touch_after(idle)) {
            sqlx::query("update sessions set last_used_at = ? where token_hash = ? and last_used_at < ?")
                .bind(timestamp(now))
                .bind(token_hash)
                .bind(timestamp(now))
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(SessionUser {
            session_id: parse_uuid("sessions", "id", &row.session_id)?,
            user: User::try_from(row.user)?,
        }))
    }

    /// Ends a session; ending one that does not exist is not an error.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("delete from sessions where token_hash = ?").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Ends the session with this token hash and writes the audit entry, in one transaction.
    pub async fn end_session_audited(
        &self,
        token_hash: &str,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("delete from sessions where token_hash = ?").bind(token_hash).execute(&mut *tx).await?;
        audit.append(&mut tx, &timestamp(now)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes sessions past their absolute end or unused for `idle`; returns how many. Each
    /// device keeps its latest session, expired or not: the token its app still holds, so an
    /// admin can find the device and revoke it, and its app then hears why (a lost phone is
    /// often found after its login has expired).
    pub async fn delete_expired_sessions(
        &self,
        now: DateTime<Utc>,
        idle: Duration,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "delete from sessions where (expires_at <= ? or last_used_at <= ?) \
             and (device_id is null or exists (select 1 from sessions newer \
             where newer.device_id = sessions.device_id and (newer.last_used_at > sessions.last_used_at \
             or (newer.last_used_at = sessions.last_used_at and newer.id > sessions.id))))",
        )
        .bind(timestamp(now))
        .bind(timestamp(now - idle))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}

/// Inserts a user and logs them as a colleague for every device.
async fn insert_user(
    conn: &mut sqlx::SqliteConnection,
    user: &User,
    password_hash: &str,
    now: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into users (id, username, display_name, role, unit_id, password_hash, created_at, \
         updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(user.id.to_string())
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(user.unit_id.map(|id| id.to_string()))
    .bind(password_hash)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(conflict_on("username"))?;
    let key = user.id.to_string();
    super::change_log::append(conn, super::change_log::Entity::Colleague, &key, now).await?;
    Ok(())
}

/// Inserts a session with a fresh id, last used now.
async fn insert_session(
    conn: &mut sqlx::SqliteConnection,
    session: &NewSession<'_>,
) -> Result<Uuid, StoreError> {
    let id = Uuid::now_v7();
    let created = timestamp(session.created_at);
    sqlx::query(
        "insert into sessions (id, token_hash, user_id, created_at, last_used_at, expires_at, device_id, \
         user_agent) values (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(session.token_hash)
    .bind(session.user_id.to_string())
    .bind(&created)
    .bind(&created)
    .bind(timestamp(session.expires_at))
    .bind(session.device_id.map(|d| d.to_string()))
    .bind(session.user_agent)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}
