//! Devices (installations of the app) and their revocation: what `/api/admin/devices` reads
//! and writes, and what the session check asks when a token is not a valid session.

use super::audit::NewAuditEntry;
use super::{Store, StoreError, parse_time, parse_uuid, timestamp};
use chrono::{DateTime, Duration, Utc};
use kontaktpunkt_domain::User;
use kontaktpunkt_domain::accounts::{DeviceInfo, DeviceRevocation};
use std::collections::BTreeMap;
use uuid::Uuid;

const T: &str = "sessions";

#[derive(sqlx::FromRow)]
struct DeviceSessionRow {
    device_id: String,
    user_id: String,
    username: String,
    display_name: String,
    user_agent: Option<String>,
    last_used_at: String,
    /// Neither past its absolute end nor idle too long.
    valid: bool,
}

#[derive(sqlx::FromRow)]
struct RevokedRow {
    device_id: String,
    revoked_at: String,
    revoked_by: Option<String>,
    reason: String,
    user_id: Option<String>,
    username: Option<String>,
    display_name: Option<String>,
    user_agent: Option<String>,
    last_used_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionOfDevice {
    user_id: String,
    user_agent: Option<String>,
    last_used_at: String,
}

/// What revoking a device did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// Revoked now; this many sessions ended.
    Now { ended: u64 },
    /// It had been revoked before; nothing changed.
    Already,
    /// No session ever named this device (or its user's sessions were all ended, e.g. on
    /// deactivation).
    Unknown,
}

impl Store {
    /// Every device a session names (valid or expired: a lost phone's login may have expired
    /// while the phone still holds data), and every revoked one; most recently used first.
    pub async fn devices(&self, now: DateTime<Utc>, idle: Duration) -> Result<Vec<DeviceInfo>, StoreError> {
        let sessions = sqlx::query_as::<_, DeviceSessionRow>(
            "select s.device_id, u.id as user_id, u.username, u.display_name, s.user_agent, s.last_used_at, \
             (s.expires_at > ? and s.last_used_at > ?) as valid \
             from sessions s join users u on u.id = s.user_id \
             where s.device_id is not null order by s.last_used_at desc",
        )
        .bind(timestamp(now))
        .bind(timestamp(now - idle))
        .fetch_all(&self.pool)
        .await?;
        let revoked = sqlx::query_as::<_, RevokedRow>(
            "select r.device_id, r.revoked_at, a.username as revoked_by, r.reason, r.user_id, u.username, \
             u.display_name, r.user_agent, r.last_used_at from revoked_devices r \
             left join users a on a.id = r.revoked_by left join users u on u.id = r.user_id",
        )
        .fetch_all(&self.pool)
        .await?;

        let mut devices: BTreeMap<Uuid, DeviceInfo> = BTreeMap::new();
        for row in sessions {
            let id = parse_uuid(T, "device_id", &row.device_id)?;
            let valid = u32::from(row.valid);
            if let Some(device) = devices.get_mut(&id) {
                // Rows come newest first: the first one names the device.
                device.active_sessions = device.active_sessions.saturating_add(valid);
                continue;
            }
            devices.insert(
                id,
                DeviceInfo {
                    device_id: id,
                    user_id: Some(parse_uuid(T, "user_id", &row.user_id)?),
                    username: Some(row.username),
                    display_name: Some(row.display_name),
                    user_agent: row.user_agent,
                    last_used_at: Some(parse_time(T, "last_used_at", &row.last_used_at)?),
                    active_sessions: valid,
                    revoked: None,
                },
            );
        }
        const R: &str = "revoked_devices";
        for row in revoked {
            let id = parse_uuid(R, "device_id", &row.device_id)?;
            let revocation = DeviceRevocation {
                at: parse_time(R, "revoked_at", &row.revoked_at)?,
                by: row.revoked_by,
                reason: row.reason,
            };
            // A revoked device has no valid session: it can never log in again.
            devices.insert(
                id,
                DeviceInfo {
                    device_id: id,
                    user_id: row.user_id.as_deref().map(|u| parse_uuid(R, "user_id", u)).transpose()?,
                    username: row.username,
                    display_name: row.display_name,
                    user_agent: row.user_agent,
                    last_used_at: row
                        .last_used_at
                        .as_deref()
                        .map(|t| parse_time(R, "last_used_at", t))
                        .transpose()?,
                    active_sessions: 0,
                    revoked: Some(revocation),
                },
            );
        }
        let mut devices: Vec<DeviceInfo> = devices.into_values().collect();
        devices.sort_by(|a, b| b.last_used_at.cmp(&a.last_used_at).then(a.device_id.cmp(&b.device_id)));
        Ok(devices)
    }

    /// Revokes the device: ends its sessions (keeping their token hashes, so its app learns
    /// why), records who did it and why, and writes the audit entry, in one transaction.
    pub async fn revoke_device(
        &self,
        device: Uuid,
        by: &User,
        reason: &str,
        audit: &NewAuditEntry,
        now: DateTime<Utc>,
    ) -> Result<Revoked, StoreError> {
        let now = timestamp(now);
        let device_id = device.to_string();
        let mut tx = self.pool.begin().await?;
        let already: Option<(String,)> =
            sqlx::query_as("select device_id from revoked_devices where device_id = ?")
                .bind(&device_id)
                .fetch_optional(&mut *tx)
                .await?;
        if already.is_some() {
            return Ok(Revoked::Already);
        }
        // Its latest session names the device in the list once the sessions are gone.
        let latest = sqlx::query_as::<_, SessionOfDevice>(
            "select user_id, user_agent, last_used_at from sessions where device_id = ? \
             order by last_used_at desc limit 1",
        )
        .bind(&device_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(latest) = latest else { return Ok(Revoked::Unknown) };
        sqlx::query(
            "insert into revoked_devices (device_id, revoked_at, revoked_by, reason, user_id, user_agent, \
             last_used_at) values (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&device_id)
        .bind(&now)
        .bind(by.id.to_string())
        .bind(reason)
        .bind(&latest.user_id)
        .bind(&latest.user_agent)
        .bind(&latest.last_used_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert or ignore into revoked_tokens (token_hash, device_id, revoked_at) \
             select token_hash, device_id, ? from sessions where device_id = ?",
        )
        .bind(&now)
        .bind(&device_id)
        .execute(&mut *tx)
        .await?;
        let ended = sqlx::query("delete from sessions where device_id = ?")
            .bind(&device_id)
            .execute(&mut *tx)
            .await?;
        audit.append(&mut tx, &now).await?;
        tx.commit().await?;
        Ok(Revoked::Now { ended: ended.rows_affected() })
    }

    /// Whether this token belonged to a session of a device that was revoked since.
    pub async fn token_of_revoked_device(&self, token_hash: &str) -> Result<bool, StoreError> {
        let found: Option<(String,)> =
            sqlx::query_as("select device_id from revoked_tokens where token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    /// Whether an admin revoked this device.
    pub async fn device_revoked(&self, device: Uuid) -> Result<bool, StoreError> {
        let found: Option<(String,)> =
            sqlx::query_as("select device_id from revoked_devices where device_id = ?")
                .bind(device.to_string())
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }
}
