//! The change log: every change to a synced record gets the next sequence number.
//!
//! Design:
//! - One row per record (`unique (entity, key)`): a new change replaces the row with
//!   `insert or replace`, so the log holds the latest state of each record plus tombstones,
//!   and a first sync downloads each record once. Sequence numbers of replaced rows simply
//!   disappear: a cursor is "everything up to N", never "the N-th change".
//! - `seq` is an SQLite AUTOINCREMENT key assigned inside the writer's transaction. SQLite has
//!   one writer at a time, holding its lock until commit, so a reader never sees seq N+1
//!   committed while N is still in flight: a cursor can never skip a change.
//! - `record` is the contract's `SyncedRecord` JSON, written by SQLite from the
//!   `sync_*_records` views (migration 0003), so pull streams stored JSON without rebuilding it.
//!
//! Every write to a synced table must call [`append`] (or a bulk form here) in the same
//! transaction; [`backfill`] logs records that were written before the log existed.

use super::{Store, StoreError, timestamp};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::Cvr;
use serde_json::value::RawValue;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// Keys per `in (…)` list in bulk statements.
const KEYS_PER_STATEMENT: usize = 500;

/// A kind of synced record, and the view that renders its JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Unit,
    Colleague,
    Company,
    Contact,
    FollowUp,
    Feedback,
    DoNotContact,
    CompanyField,
    /// An item of a published contact plan.
    PlannedContact,
}

impl Entity {
    /// In backfill order: what a record refers to comes first.
    const ALL: [Self; 9] = [
        Self::Unit,
        Self::Colleague,
        Self::Company,
        Self::Contact,
        Self::FollowUp,
        Self::Feedback,
        Self::DoNotContact,
        Self::CompanyField,
        Self::PlannedContact,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::Colleague => "colleague",
            Self::Company => "company",
            Self::Contact => "contact",
            Self::FollowUp => "follow_up",
            Self::Feedback => "feedback",
            Self::DoNotContact => "do_not_contact",
            Self::CompanyField => "company_field",
            Self::PlannedContact => "planned_contact",
        }
    }

    fn view(self) -> &'static str {
        match self {
            Self::Unit => "sync_unit_records",
            Self::Colleague => "sync_colleague_records",
            Self::Company => "sync_company_records",
            Self::Contact => "sync_contact_records",
            Self::FollowUp => "sync_follow_up_records",
            Self::Feedback => "sync_feedback_records",
            Self::DoNotContact => "sync_do_not_contact_records",
            Self::CompanyField => "sync_company_field_records",
            Self::PlannedContact => "sync_planned_contact_records",
        }
    }
}

/// Logs the current state of one record (which must exist) and returns its new sequence.
pub(crate) async fn append(
    conn: &mut SqliteConnection,
    entity: Entity,
    key: &str,
    now: &str,
) -> Result<u64, StoreError> {
    let sql = format!(
        "insert or replace into change_log (entity, key, record, created_at) \
         select ?, key, record, ? from {} where key = ? returning seq",
        entity.view()
    );
    let seq: Option<i64> =
        sqlx::query_scalar(&sql).bind(entity.as_str()).bind(now).bind(key).fetch_optional(&mut *conn).await?;
    let seq = seq.ok_or_else(|| StoreError::BadRow {
        table: "change_log",
        reason: format!("no {} record {key} to log", entity.as_str()),
    })?;
    Ok(seq_from_db(seq))
}

/// Logs the current state of one record if its view renders it (a planned contact of a draft
/// plan is not synced); its new sequence, or `None`.
pub(crate) async fn append_if_present(
    conn: &mut SqliteConnection,
    entity: Entity,
    key: &str,
    now: &str,
) -> Result<Option<u64>, StoreError> {
    let sql = format!(
        "insert or replace into change_log (entity, key, record, created_at) \
         select ?, key, record, ? from {} where key = ? returning seq",
        entity.view()
    );
    let seq: Option<i64> =
        sqlx::query_scalar(&sql).bind(entity.as_str()).bind(now).bind(key).fetch_optional(&mut *conn).await?;
    Ok(seq.map(seq_from_db))
}

/// Logs a tombstone (`record` is the JSON of a `SyncedRecord` deletion variant).
pub(crate) async fn append_tombstone(
    conn: &mut SqliteConnection,
    entity: Entity,
    key: &str,
    record: &str,
    now: &str,
) -> Result<u64, StoreError> {
    let seq: i64 = sqlx::query_scalar(
        "insert or replace into change_log (entity, key, record, created_at) values (?, ?, ?, ?) \
         returning seq",
    )
    .bind(entity.as_str())
    .bind(key)
    .bind(record)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(seq_from_db(seq))
}

/// Removes a record's entry without a tombstone: for entries that only make sense with a
/// parent whose own tombstone tells devices to drop them (a deleted contact's follow-up).
pub(crate) async fn forget(conn: &mut SqliteConnection, entity: Entity, key: &str) -> Result<(), StoreError> {
    sqlx::query("delete from change_log where entity = ? and key = ?")
        .bind(entity.as_str())
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The sequence of a record's latest change, if it is logged.
pub(crate) async fn seq_of(
    conn: &mut SqliteConnection,
    entity: Entity,
    key: &str,
) -> Result<Option<u64>, StoreError> {
    let seq: Option<i64> = sqlx::query_scalar("select seq from change_log where entity = ? and key = ?")
        .bind(entity.as_str())
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(seq.map(seq_from_db))
}

/// Logs every record that has no log entry yet, in dependency order; returns how many.
///
/// Runs at start-up (records from before the log existed) and at the end of demo seeding.
/// With everything logged it is one index probe per record.
pub(crate) async fn backfill(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let now = timestamp(now);
    let mut logged = 0;
    for entity in Entity::ALL {
        let sql = format!(
            "insert into change_log (entity, key, record, created_at) \
             select ?, v.key, v.record, ? from {} v \
             where not exists (select 1 from change_log l where l.entity = ? and l.key = v.key) \
             order by v.key",
            entity.view()
        );
        let done = sqlx::query(&sql)
            .bind(entity.as_str())
            .bind(&now)
            .bind(entity.as_str())
            .execute(&mut *conn)
            .await?;
        logged += done.rows_affected();
    }
    Ok(logged)
}

/// Logs the stored state of these companies (bulk form of [`append`]).
pub(crate) async fn append_companies<'a>(
    conn: &mut SqliteConnection,
    cvrs: impl IntoIterator<Item = &'a Cvr>,
    now: &str,
) -> Result<(), StoreError> {
    let cvrs: Vec<&str> = cvrs.into_iter().map(Cvr::as_str).collect();
    for chunk in cvrs.chunks(KEYS_PER_STATEMENT) {
        let mut insert: QueryBuilder<Sqlite> =
            QueryBuilder::new("insert or replace into change_log (entity, key, record, created_at) select ");
        insert.push_bind(Entity::Company.as_str()).push(", key, record, ").push_bind(now);
        insert.push(" from sync_company_records where key in (");
        let mut keys = insert.separated(", ");
        for cvr in chunk {
            keys.push_bind(*cvr);
        }
        insert.push(") order by key");
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// One page of the log as stored: sequence and the record's JSON.
pub struct LogPage {
    pub entries: Vec<(u64, Box<RawValue>)>,
    /// More entries follow the last one.
    pub has_more: bool,
    /// The newest sequence in the log (0 when empty).
    pub latest: u64,
    /// Companies in the log, counted only when more pages follow (a download in progress).
    pub companies: Option<u64>,
}

impl Store {
    /// Logs the stored state of companies the caller has just inserted or changed, on the
    /// caller's transaction (the register import calls this next to its writes).
    ///
    /// Each company gets a new sequence; devices pull the company as it now is. Call it after
    /// the company rows are written and before commit; CVR numbers with no stored company are
    /// skipped.
    pub async fn log_company_changes<'a>(
        conn: &mut SqliteConnection,
        cvrs: impl IntoIterator<Item = &'a Cvr>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        append_companies(conn, cvrs, &timestamp(now)).await
    }

    /// Up to `limit` log entries with a sequence above `since`, in sequence order, as
    /// `viewer_unit` may see them: contacts and feedback of other units come without their
    /// free-text notes (unless their author shared them), follow-up note and comment (blank
    /// strings; see [`crate::access`]),
    /// planned contacts of other units without their answer's text (null).
    /// `None` (a user without a unit) sees no such text at all.
    ///
    /// One statement reads the page, so it is one consistent snapshot; the primary key makes
    /// it a range scan however long the log.
    pub async fn changes_since(
        &self,
        viewer_unit: Option<uuid::Uuid>,
        since: u64,
        limit: u32,
    ) -> Result<LogPage, StoreError> {
        let since = i64::try_from(since).unwrap_or(i64::MAX);
        let unit = viewer_unit.map(|u| u.to_string());
        let mut conn = self.pool.acquire().await?;
        // `json_replace` changes only paths that exist: a contact without a follow-up keeps
        // `"follow_up": null`. Feedback is blanked unless its contact is of the viewer's unit.
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "select l.seq, case \
               when l.entity = 'contact' and json_extract(l.record, '$.entity') = 'contact' \
                    and json_extract(l.record, '$.contact.unit_id') is not ?1 \
                    and coalesce(json_extract(l.record, '$.contact.notes_shared'), 0) = 0 \
                 then json_replace(l.record, '$.contact.notes', '', '$.contact.follow_up.note', '') \
               when l.entity = 'feedback' and (select c.unit_id from feedback f join contacts c on c.id = f.contact_id \
                                               where f.id = l.key) is not ?1 \
                 then json_replace(l.record, '$.feedback.comment', '') \
               when l.entity = 'planned_contact' and json_extract(l.record, '$.item.unit_id') is not ?1 \
                 then json_replace(l.record, '$.item.answer', null) \
               else l.record end \
             from change_log l where l.seq > ?2 order by l.seq limit ?3",
        )
        .bind(unit)
        .bind(since)
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *conn)
        .await?;
        let latest: Option<i64> =
            sqlx::query_scalar("select max(seq) from change_log").fetch_one(&mut *conn).await?;
        let has_more = rows.len() > limit as usize;
        let entries = rows
            .into_iter()
            .take(limit as usize)
            .map(|(seq, record)| {
                let record = RawValue::from_string(record).map_err(|e| StoreError::BadRow {
                    table: "change_log",
                    reason: format!("record {seq}: {e}"),
                })?;
                Ok((seq_from_db(seq), record))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let newest_read = entries.last().map_or(0, |(seq, _)| *seq);
        // Answered from the (entity, key) index; only downloads in progress need it.
        let companies = if has_more {
            let n: i64 = sqlx::query_scalar("select count(*) from change_log where entity = 'company'")
                .fetch_one(&mut *conn)
                .await?;
            Some(u64::try_from(n).unwrap_or(0))
        } else {
            None
        };
        Ok(LogPage {
            entries,
            has_more,
            latest: seq_from_db(latest.unwrap_or(0)).max(newest_read),
            companies,
        })
    }

    /// Records that `user` has been sent the log up to `seq` (never lowering it): the limit
    /// of the `base_seq`/`seen_seq` the user's devices are trusted with.
    pub async fn record_served(
        &self,
        user: uuid::Uuid,
        seq: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into user_sync_state (user_id, served_seq, updated_at) values (?, ?, ?) \
             on conflict (user_id) do update set served_seq = max(served_seq, excluded.served_seq), \
             updated_at = excluded.updated_at where excluded.served_seq > served_seq",
        )
        .bind(user.to_string())
        .bind(seq_to_db(seq))
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The highest sequence `user` has been sent (0: none).
    pub async fn served_seq(&self, user: uuid::Uuid) -> Result<u64, StoreError> {
        let served: Option<i64> =
            sqlx::query_scalar("select served_seq from user_sync_state where user_id = ?")
                .bind(user.to_string())
                .fetch_optional(&self.pool)
                .await?;
        Ok(served.map_or(0, seq_from_db))
    }
}

/// Sequences are positive integers below 2^63 in SQLite.
pub(crate) fn seq_from_db(seq: i64) -> u64 {
    u64::try_from(seq).unwrap_or(0)
}

/// The form a sequence is bound in.
pub(crate) fn seq_to_db(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// Logs every item of a contact plan as it now stands (the plan must be published, or the
/// view holds none of them); returns how many.
pub(crate) async fn append_plan_items(
    conn: &mut SqliteConnection,
    plan_id: &str,
    now: &str,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "insert or replace into change_log (entity, key, record, created_at) \
         select ?, v.key, v.record, ? from sync_planned_contact_records v \
         where v.key in (select id from contact_plan_items where plan_id = ?) order by v.key",
    )
    .bind(Entity::PlannedContact.as_str())
    .bind(now)
    .bind(plan_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
