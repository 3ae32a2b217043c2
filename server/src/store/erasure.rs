//! Erasing one contact person (GDPR art. 17), in one transaction with its audit entry.
//!
//! The person leaves the company's `contact_persons` list the way a device's edit would: the
//! field gets a new value and a new change-log entry, so every device replaces its copy at
//! its next pull (the sync contract's ordinary `company_field` record; no new message).
//! Their name, phone and e-mail (in the company's own texts also a capitalised part of the
//! name alone, see [`Erased`]) are then scrubbed from every stored copy and mention: conflict
//! records, remembered push outcomes, contact and follow-up notes, feedback comments, the
//! company's shared note and tags, do-not-contact reasons and their history, answers to
//! planned contacts, and any change-log record still holding them. Rows that devices pull are
//! logged anew in their scrubbed form. The contacts themselves stay (journal duty): only text
//! naming the person changes.
//!
//! The audit log is append-only and never holds the person's data: its entry names the person
//! by id and keeps the reason with the person's data scrubbed from it.

use super::audit::NewAuditEntry;
use super::change_log::{self, Entity, seq_to_db};
use super::privacy::{company_name, decode_persons};
use super::{Store, StoreError, timestamp};
use crate::privacy::scrub::{Erased, person_id};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::contact_person::ContactPerson;
use kontaktpunkt_domain::{Cvr, User};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::BTreeMap;

pub use kontaktpunkt_domain::privacy::ErasureReport;
use uuid::Uuid;

/// A table whose text columns may name a person, and how its rows reach devices.
struct TextTable {
    table: &'static str,
    /// The column holding the company's CVR number.
    company: &'static str,
    columns: &'static [&'static str],
    /// Further condition on the rows (SQL), e.g. which shared fields.
    only: &'static str,
    /// How a changed row is logged again: entity and the SQL expression of its log key.
    log: Option<(Entity, &'static str)>,
    /// Whether the row has `updated_at`.
    updated_at: bool,
    /// Whether the row keeps its change-log sequence in `seq` (shared fields).
    seq: bool,
}

/// Every table with free text about companies. Lists of contact persons are not here: other
/// companies' lists hold other people, and the person's own list is rewritten first.
const TEXT_TABLES: [TextTable; 6] = [
    TextTable {
        table: "contacts",
        company: "company_cvr",
        columns: &["notes", "follow_up_note", "do_not_contact_reason"],
        only: "1 = 1",
        log: Some((Entity::Contact, "id")),
        updated_at: true,
        seq: false,
    },
    TextTable {
        table: "feedback",
        company: "company_cvr",
        columns: &["comment"],
        only: "1 = 1",
        log: Some((Entity::Feedback, "id")),
        updated_at: false,
        seq: false,
    },
    TextTable {
        table: "company_shared_fields",
        company: "cvr",
        columns: &["value"],
        only: "field in ('notes', 'tags')",
        log: Some((Entity::CompanyField, "cvr || '/' || field")),
        updated_at: true,
        seq: true,
    },
    TextTable {
        table: "do_not_contact",
        company: "company_cvr",
        // Who at the company asked is often the very person being erased.
        columns: &["reason", "requested_by"],
        only: "1 = 1",
        log: Some((Entity::DoNotContact, "company_cvr")),
        updated_at: false,
        seq: false,
    },
    TextTable {
        table: "do_not_contact_history",
        company: "company_cvr",
        // The history keeps who asked for each setting too.
        columns: &["reason", "requested_by"],
        only: "1 = 1",
        log: None,
        updated_at: false,
        seq: false,
    },
    TextTable {
        table: "contact_plan_items",
        company: "company_cvr",
        columns: &["answer"],
        only: "1 = 1",
        log: Some((Entity::PlannedContact, "id")),
        updated_at: true,
        seq: false,
    },
];

impl Store {
    /// Erases the contact person `id` at `cvr` on behalf of `admin`, with `audit` (its reason
    /// scrubbed of the person's data) written in the same transaction. `None` if there is no
    /// such person (any more).
    pub async fn erase_contact_person(
        &self,
        cvr: &Cvr,
        id: &str,
        admin: &User,
        audit: NewAuditEntry,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ErasureReport>, StoreError> {
        let now_text = timestamp(now);
        let mut conn = self.pool.acquire().await?;
        // Deleted and overwritten content is zeroed in the database file, not only unlinked.
        sqlx::query("pragma secure_delete = on").execute(&mut *conn).await?;
        let result = erase(&mut conn, cvr, id, admin, audit, reason, &now_text).await;
        sqlx::query("pragma secure_delete = off").execute(&mut *conn).await?;
        let report = result?;
        if report.is_some() {
            // Old pages in the write-ahead log go once they are checkpointed; a busy reader
            // only delays that, so the answer is not checked.
            let _ = sqlx::query("pragma wal_checkpoint(truncate)").execute(&mut *conn).await;
        }
        Ok(report)
    }
}

async fn erase(
    conn: &mut SqliteConnection,
    cvr: &Cvr,
    id: &str,
    admin: &User,
    audit: NewAuditEntry,
    reason: &str,
    now: &str,
) -> Result<Option<ErasureReport>, StoreError> {
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "begin immediate").await?;
    let value: Option<Option<String>> = sqlx::query_scalar(
        "select value from company_shared_fields where cvr = ? and field = 'contact_persons'",
    )
    .bind(cvr.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let persons = value.flatten().map(|v| decode_persons(cvr.as_str(), &v)).unwrap_or_default();
    let (gone, kept): (Vec<ContactPerson>, Vec<ContactPerson>) =
        persons.into_iter().partition(|p| person_id(cvr, p) == id);
    if gone.is_empty() {
        return Ok(None);
    }
    let name = company_name(&mut tx, cvr).await?.unwrap_or_default();
    let erased = Erased::new(id, cvr, &name, &gone, &kept);
    let mut scrubbed = BTreeMap::new();

    // The list without the person, logged as any edit of the field is.
    let value = if kept.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&kept)
                .map_err(|e| StoreError::BadRow { table: "company_shared_fields", reason: e.to_string() })?,
        )
    };
    sqlx::query(
        "update company_shared_fields set value = ?, mutation_id = ?, user_id = ?, updated_at = ? \
         where cvr = ? and field = 'contact_persons'",
    )
    .bind(value)
    .bind(Uuid::now_v7().to_string())
    .bind(admin.id.to_string())
    .bind(now)
    .bind(cvr.as_str())
    .execute(&mut *tx)
    .await?;
    let key = format!("{}/contact_persons", cvr.as_str());
    let seq = change_log::append(&mut tx, Entity::CompanyField, &key, now).await?;
    sqlx::query("update company_shared_fields set seq = ? where cvr = ? and field = 'contact_persons'")
        .bind(seq_to_db(seq))
        .bind(cvr.as_str())
        .execute(&mut *tx)
        .await?;
    scrubbed.insert("company_shared_fields".to_owned(), 1);

    for table in &TEXT_TABLES {
        let changed = scrub_table(&mut tx, &erased, table, now).await?;
        if changed > 0 {
            *scrubbed.entry(table.table.to_owned()).or_insert(0) += changed;
        }
    }
    count(&mut scrubbed, "conflicts", scrub_conflicts(&mut tx, &erased).await?);
    count(&mut scrubbed, "applied_mutations", scrub_outcomes(&mut tx, &erased).await?);
    count(&mut scrubbed, "change_log", scrub_change_log(&mut tx, &erased, now).await?);

    let audit = audit
        .detail("reason", erased.scrub(reason))
        .detail("rows_scrubbed", scrubbed.values().sum::<u64>().to_string());
    audit.append(&mut tx, now).await?;
    tx.commit().await?;
    Ok(Some(ErasureReport { id: id.to_owned(), company: cvr.clone(), seq, scrubbed }))
}

fn count(scrubbed: &mut BTreeMap<String, u64>, table: &str, changed: u64) {
    if changed > 0 {
        scrubbed.insert(table.to_owned(), changed);
    }
}

/// The rows of `table` that may name the person: all of the person's company, and elsewhere
/// those holding an exact-case mention.
fn candidates<'a>(erased: &'a Erased, table: &TextTable, key: &str) -> QueryBuilder<'a, Sqlite> {
    let mut query = QueryBuilder::new(format!("select rowid, {key}, {} = ", table.company));
    query.push_bind(erased.company().as_str()).push(", ");
    let columns: Vec<String> = table.columns.iter().map(|c| format!("coalesce({c}, '')")).collect();
    query.push(columns.join(" || char(31) || "));
    query.push(format!(" from {} where ({}) and ({} = ", table.table, table.only, table.company));
    query.push_bind(erased.company().as_str());
    for text in erased.search_texts() {
        for column in table.columns {
            query.push(format!(" or instr({column}, ")).push_bind(text.as_str()).push(") > 0");
        }
    }
    query.push(")");
    query
}

/// Scrubs one table; how many rows changed.
async fn scrub_table(
    conn: &mut SqliteConnection,
    erased: &Erased,
    table: &TextTable,
    now: &str,
) -> Result<u64, StoreError> {
    let key = table.log.map_or("cast(rowid as text)", |(_, key)| key);
    let rows: Vec<(i64, String, bool, String)> =
        candidates(erased, table, key).build_query_as().fetch_all(&mut *conn).await?;
    let elsewhere = erased.elsewhere();
    let mut changed = 0;
    for (rowid, log_key, own_company, joined) in rows {
        let erased = if own_company { erased } else { &elsewhere };
        // The columns' texts, read joined by the unit separator (which no typed text holds).
        let texts: Vec<&str> = joined.split('\u{1f}').collect();
        let scrubbed: Vec<String> = texts.iter().map(|t| erased.scrub(t)).collect();
        if texts.iter().zip(&scrubbed).all(|(a, b)| a == b) {
            continue;
        }
        let mut update: QueryBuilder<Sqlite> = QueryBuilder::new(format!("update {} set ", table.table));
        {
            let mut set = update.separated(", ");
            for (column, (old, new)) in table.columns.iter().zip(texts.iter().zip(&scrubbed)) {
                if old != new {
                    set.push(format!("{column} = ")).push_bind_unseparated(new.clone());
                }
            }
            if table.updated_at {
                set.push("updated_at = ").push_bind_unseparated(now.to_owned());
            }
        }
        update.push(" where rowid = ").push_bind(rowid);
        update.build().execute(&mut *conn).await?;
        if let Some((entity, _)) = table.log
            && let Some(seq) = change_log::append_if_present(conn, entity, &log_key, now).await?
            && table.seq
        {
            sqlx::query(&format!("update {} set seq = ? where rowid = ?", table.table))
                .bind(seq_to_db(seq))
                .bind(rowid)
                .execute(&mut *conn)
                .await?;
        }
        changed += 1;
    }
    Ok(changed)
}

/// Conflict records of the person's company: lists lose the person, text loses mentions.
/// (Conflicts are read by coordinators, not pulled by devices.)
async fn scrub_conflicts(conn: &mut SqliteConnection, erased: &Erased) -> Result<u64, StoreError> {
    let rows: Vec<(i64, Option<String>, Option<String>)> =
        sqlx::query_as("select id, kept_value, lost_value from conflicts where company_cvr = ?")
            .bind(erased.company().as_str())
            .fetch_all(&mut *conn)
            .await?;
    let mut changed = 0;
    for (id, kept, lost) in rows {
        let scrub = |v: &Option<String>| v.as_deref().map(|v| erased.scrub_value(v));
        let (new_kept, new_lost) = (scrub(&kept), scrub(&lost));
        if new_kept != kept || new_lost != lost {
            sqlx::query("update conflicts set kept_value = ?, lost_value = ? where id = ?")
                .bind(new_kept)
                .bind(new_lost)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Remembered answers to pushes that met a conflict at the company keep the overwritten
/// values (`later_wins`): they lose the person too.
async fn scrub_outcomes(conn: &mut SqliteConnection, erased: &Erased) -> Result<u64, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select id, outcome from applied_mutations where id in \
         (select kept_mutation from conflicts where company_cvr = ? and kept_mutation is not null \
          union select lost_mutation from conflicts where company_cvr = ? and lost_mutation is not null)",
    )
    .bind(erased.company().as_str())
    .bind(erased.company().as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut changed = 0;
    for (id, outcome) in rows {
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&outcome) else { continue };
        if erased.scrub_json(&mut value) {
            sqlx::query("update applied_mutations set outcome = ? where id = ?")
                .bind(value.to_string())
                .bind(id)
                .execute(&mut *conn)
                .await?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Any change-log record that still names the person is scrubbed and logged anew, so devices
/// replace it. Register data (companies: a sole proprietorship bears its owner's name), units,
/// colleagues and other companies' contact-person lists (other people) are left alone.
async fn scrub_change_log(
    conn: &mut SqliteConnection,
    erased: &Erased,
    now: &str,
) -> Result<u64, StoreError> {
    let own_list = format!("{}/contact_persons", erased.company().as_str());
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
        "select entity, key, record from change_log where entity not in ('company', 'unit', 'colleague') \
         and not (entity = 'company_field' and key like '%/contact_persons' and key <> ",
    );
    query.push_bind(own_list).push(") and (0 = 1");
    for text in erased.search_texts() {
        query.push(" or instr(record, ").push_bind(text.as_str()).push(") > 0");
    }
    query.push(")");
    let rows: Vec<(String, String, String)> = query.build_query_as().fetch_all(&mut *conn).await?;
    // Records of the company's own rows were logged anew above; what is left is anywhere.
    let erased = erased.elsewhere();
    let mut changed = 0;
    for (entity, key, record) in rows {
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&record) else { continue };
        if erased.scrub_json(&mut value) {
            sqlx::query(
                "insert or replace into change_log (entity, key, record, created_at) values (?, ?, ?, ?)",
            )
            .bind(entity)
            .bind(key)
            .bind(value.to_string())
            .bind(now)
            .execute(&mut *conn)
            .await?;
            changed += 1;
        }
    }
    Ok(changed)
}
