//! Uploaded imports waiting for the admin's word, and the history of applied ones.

use super::{Store, StoreError, bad_row, parse_uuid, timestamp};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::import::{ImportEntry, ImportFormat, ImportPreview, ImportStatus, ImportSummary};
use kontaktpunkt_register::ColumnMapping;
use sqlx::SqliteConnection;
use uuid::Uuid;

/// An import as stored.
#[derive(Debug, Clone)]
pub struct StoredImport {
    pub id: Uuid,
    pub format: ImportFormat,
    pub full: bool,
    pub municipality_code: Option<u16>,
    pub status: ImportStatus,
    pub preview: ImportPreview,
    /// CSV: the columns the fields are read from; `None`: detect them from the header.
    pub column_mapping: Option<ColumnMapping>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    format: String,
    full_refresh: bool,
    status: String,
    display_name: String,
    uploaded_at: String,
    finished_at: Option<String>,
    file_bytes: i64,
    summary: String,
}

const T: &str = "imports";

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| bad_row(T, "json", e))
}

fn time(column: &str, text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|e| bad_row(T, column, e))
}

impl Store {
    /// Records an uploaded, previewed import as pending, with the CSV columns it was read with.
    pub async fn insert_import(
        &self,
        preview: &ImportPreview,
        municipality_code: Option<u16>,
        column_mapping: Option<&ColumnMapping>,
        uploaded_by: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = timestamp(now);
        sqlx::query(
            "insert into imports (id, format, full_refresh, municipality_code, file_bytes, uploaded_by, \
             uploaded_at, status, preview, summary, column_mapping, created_at, updated_at) \
             values (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
        )
        .bind(preview.id.to_string())
        .bind(preview.format.as_str())
        .bind(preview.full)
        .bind(municipality_code.map(i64::from))
        .bind(i64::try_from(preview.file_bytes).unwrap_or(i64::MAX))
        .bind(uploaded_by.to_string())
        .bind(&now)
        .bind(json(preview)?)
        .bind(json(&preview.summary)?)
        .bind(column_mapping.map(json).transpose()?)
        .bind(&now)
        .bind(&now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Replaces a pending import's preview and CSV columns (the admin chose other columns);
    /// false when it is no longer pending.
    pub async fn update_import_mapping(
        &self,
        preview: &ImportPreview,
        column_mapping: &ColumnMapping,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "update imports set preview = ?, summary = ?, column_mapping = ?, updated_at = ? \
             where id = ? and status = 'pending'",
        )
        .bind(json(preview)?)
        .bind(json(&preview.summary)?)
        .bind(json(column_mapping)?)
        .bind(timestamp(now))
        .bind(preview.id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks every import still pending that was uploaded before `before` discarded; returns
    /// their ids (their files are the caller's to delete).
    pub async fn discard_pending_imports_before(
        &self,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>, StoreError> {
        let now = timestamp(now);
        let ids: Vec<String> = sqlx::query_scalar(
            "update imports set status = 'discarded', finished_at = ?, updated_at = ? \
             where status = 'pending' and uploaded_at < ? returning id",
        )
        .bind(&now)
        .bind(&now)
        .bind(timestamp(before))
        .fetch_all(&self.pool)
        .await?;
        ids.iter().map(|id| parse_uuid(T, "id", id)).collect()
    }

    /// One import, if it exists.
    pub async fn import(&self, id: Uuid) -> Result<Option<StoredImport>, StoreError> {
        type Row = (String, String, bool, Option<i64>, String, String, Option<String>);
        let row: Option<Row> = sqlx::query_as(
            "select id, format, full_refresh, municipality_code, status, preview, column_mapping \
             from imports where id = ?",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, format, full, municipality_code, status, preview, column_mapping)) = row else {
            return Ok(None);
        };
        let status = ImportStatus::parse(&status).ok_or_else(|| bad_row(T, "status", &status))?;
        let mut preview: ImportPreview =
            serde_json::from_str(&preview).map_err(|e| bad_row(T, "preview", e))?;
        preview.status = status;
        Ok(Some(StoredImport {
            id: parse_uuid(T, "id", &id)?,
            format: ImportFormat::parse(&format).ok_or_else(|| bad_row(T, "format", &format))?,
            full,
            municipality_code: municipality_code.and_then(|m| u16::try_from(m).ok()),
            status,
            preview,
            column_mapping: column_mapping
                .map(|m| serde_json::from_str(&m).map_err(|e| bad_row(T, "column_mapping", e)))
                .transpose()?,
        }))
    }

    /// Marks a pending import discarded; false when it was not pending.
    pub async fn discard_import(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let now = timestamp(now);
        let done = sqlx::query(
            "update imports set status = 'discarded', finished_at = ?, updated_at = ? \
             where id = ? and status = 'pending'",
        )
        .bind(&now)
        .bind(&now)
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The most recent imports, newest first, with their summaries.
    pub async fn recent_imports(&self, limit: u32) -> Result<Vec<ImportEntry>, StoreError> {
        let rows: Vec<EntryRow> = sqlx::query_as(
            "select i.id, i.format, i.full_refresh, i.status, u.display_name, i.uploaded_at, i.finished_at, \
                    i.file_bytes, i.summary \
             from imports i join users u on u.id = i.uploaded_by \
             order by i.uploaded_at desc, i.id desc limit ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let summary: ImportSummary =
                    serde_json::from_str(&row.summary).map_err(|e| bad_row(T, "summary", e))?;
                Ok(ImportEntry {
                    id: parse_uuid(T, "id", &row.id)?,
                    format: ImportFormat::parse(&row.format)
                        .ok_or_else(|| bad_row(T, "format", &row.format))?,
                    full: row.full_refresh,
                    status: ImportStatus::parse(&row.status)
                        .ok_or_else(|| bad_row(T, "status", &row.status))?,
                    uploaded_by: row.display_name,
                    uploaded_at: time("uploaded_at", &row.uploaded_at)?,
                    finished_at: row.finished_at.as_deref().map(|t| time("finished_at", t)).transpose()?,
                    file_bytes: u64::try_from(row.file_bytes).unwrap_or(0),
                    summary,
                })
            })
            .collect()
    }
}

/// Marks a pending import applied with its final summary, inside the import's transaction;
/// fails with [`StoreError::NotPending`] (and the caller's transaction rolls back) when it was
/// applied or discarded meanwhile.
pub(super) async fn mark_applied(
    conn: &mut SqliteConnection,
    id: Uuid,
    summary: &ImportSummary,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let now = timestamp(now);
    let done = sqlx::query(
        "update imports set status = 'applied', finished_at = ?, summary = ?, updated_at = ? \
         where id = ? and status = 'pending'",
    )
    .bind(&now)
    .bind(json(summary)?)
    .bind(&now)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 { Ok(()) } else { Err(StoreError::NotPending) }
}
