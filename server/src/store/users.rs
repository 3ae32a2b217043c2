//! Units, users and login sessions.

use super::{Store, StoreError, bad_row, conflict_on, parse_uuid, timestamp};
use chrono::{DateTime, Utc};
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
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(conflict_on("username"))?;
        let key = user.id.to_string();
        super::change_log::append(&mut tx, super::change_log::Entity::Colleague, &key, &now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user with this username (case-insensitive) and their password hash.
    pub async fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query_as::<_, LoginRow>(
            "select id, username, display_name, role, unit_id, password_hash from users \
             where username = ?",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((User::try_from(row.user)?, row.password_hash))).transpose()
    }

    /// How many users there are.
    pub async fn count_users(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&self.pool).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Stores a session under the hash of its token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Uuid,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("insert into sessions (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user_id.to_string())
            .bind(timestamp(now))
            .bind(timestamp(expires_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The user of an unexpired session, if there is one.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        sqlx::query_as::<_, UserRow>(
            "select u.id, u.username, u.display_name, u.role, u.unit_id \
             from sessions s join users u on u.id = s.user_id \
             where s.token_hash = ? and s.expires_at > ?",
        )
        .bind(token_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await?
        .map(User::try_from)
        .transpose()
    }

    /// Ends a session; ending one that does not exist is not an error.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("delete from sessions where token_hash = ?").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Removes sessions that expired before `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = sqlx::query("delete from sessions where expires_at <= ?")
            .bind(timestamp(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
