//! New contacts of a push written in bulk: the common case of an outbox is a run of
//! `ContactCreated`, and one multi-row statement per run costs far less than two per contact.
//!
//! A run is validated contact by contact as it is read (nothing a new contact's rules read
//! changes within the run), and written when the batch reaches a mutation of another kind, or
//! its end, so later mutations see it. Sequences within a run follow the database's order, not
//! necessarily the outbox's: the records are independent, and the run still commits as one.

use super::change_log::{Entity, seq_from_db};
use super::{StoreError, parse_uuid};
use crate::sync::reasons;
use kontaktpunkt_domain::Contact;
use kontaktpunkt_domain::sync::Outcome;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Rows per statement: 13 columns × 400 rows stays below SQLite's variable limit.
const ROWS: usize = 400;

/// Validated new contacts waiting to be written, with the index of their mutation.
#[derive(Default)]
pub(super) struct PendingContacts<'a> {
    rows: Vec<(usize, &'a Contact)>,
    ids: HashSet<Uuid>,
}

impl<'a> PendingContacts<'a> {
    /// Queues a contact; `false` if the run already creates one with this id.
    pub fn push(&mut self, index: usize, contact: &'a Contact) -> bool {
        if !self.ids.insert(contact.id) {
            return false;
        }
        self.rows.push((index, contact));
        true
    }

    /// Writes the run and logs it; returns each queued mutation's outcome by index.
    pub async fn flush(
        &mut self,
        conn: &mut SqliteConnection,
        now: &str,
    ) -> Result<Vec<(usize, Outcome)>, StoreError> {
        let mut outcomes = Vec::with_capacity(self.rows.len());
        for chunk in self.rows.chunks(ROWS) {
            let inserted = insert(conn, chunk, now).await?;
            let seqs = log(conn, &inserted, now).await?;
            for (index, contact) in chunk {
                outcomes.push((
                    *index,
                    match seqs.get(&contact.id) {
                        Some(seq) => Outcome::Applied { seq: *seq },
                        // A contact with this id was stored before the batch.
                        None => Outcome::Rejected { reason: reasons::contact_exists() },
                    },
                ));
            }
        }
        self.rows.clear();
        self.ids.clear();
        Ok(outcomes)
    }
}

/// Inserts the contacts that are new; returns their ids.
async fn insert(
    conn: &mut SqliteConnection,
    chunk: &[(usize, &Contact)],
    now: &str,
) -> Result<Vec<Uuid>, StoreError> {
    let purposes = chunk
        .iter()
        .map(|(_, c)| serde_json::to_string(&c.purposes))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::BadRow { table: "contacts", reason: format!("purposes: {e}") })?;
    let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
        "insert into contacts (id, company_cvr, unit_id, user_id, kind, purposes, contact_date, notes, \
         follow_up_due, follow_up_note, do_not_contact_reason, notes_shared, created_at, updated_at) ",
    );
    insert.push_values(chunk.iter().zip(purposes), |mut row, ((_, c), purposes)| {
        row.push_bind(c.id.to_string())
            .push_bind(c.company.as_str())
            .push_bind(c.unit_id.to_string())
            .push_bind(c.user_id.to_string())
            .push_bind(c.kind.as_str())
            .push_bind(purposes)
            .push_bind(c.date.to_string())
            .push_bind(&c.notes)
            .push_bind(c.follow_up.as_ref().map(|f| f.due.to_string()))
            .push_bind(c.follow_up.as_ref().map(|f| f.note.as_str()))
            .push_bind(c.do_not_contact_reason.as_deref())
            .push_bind(c.notes_shared)
            .push_bind(now)
            .push_bind(now);
    });
    insert.push(" on conflict (id) do nothing returning id");
    let ids: Vec<String> = insert.build_query_scalar().fetch_all(&mut *conn).await?;
    ids.iter().map(|id| parse_uuid("contacts", "id", id)).collect()
}

/// Logs the inserted contacts; returns each one's sequence.
async fn log(conn: &mut SqliteConnection, ids: &[Uuid], now: &str) -> Result<HashMap<Uuid, u64>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut insert: QueryBuilder<Sqlite> =
        QueryBuilder::new("insert or replace into change_log (entity, key, record, created_at) select ");
    insert.push_bind(Entity::Contact.as_str()).push(", key, record, ").push_bind(now);
    insert.push(" from sync_contact_records where key in (");
    let mut keys = insert.separated(", ");
    for id in ids {
        keys.push_bind(id.to_string());
    }
    insert.push(") returning key, seq");
    let rows: Vec<(String, i64)> = insert.build_query_as().fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|(key, seq)| Ok((parse_uuid("change_log", "key", &key)?, seq_from_db(seq))))
        .collect()
}
