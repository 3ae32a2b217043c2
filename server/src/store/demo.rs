//! Putting the demo municipality into an empty database, all in one transaction.

use super::companies::{INSERT_CHUNK, insert_companies};
use super::{Store, StoreError, timestamp};
use chrono::{DateTime, Utc};
use kontaktpunkt_demo::DemoMunicipality;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

impl Store {
    /// True when the database holds neither companies nor users: a fresh installation.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        is_empty(&mut *self.pool.acquire().await?).await
    }

    /// Inserts the demo municipality if the database is still empty; returns whether it did.
    ///
    /// All demo users get the same `password_hash` (of the demo password), so start-up
    /// hashes once instead of once per user. Either everything is inserted or nothing.
    pub async fn seed_demo(
        &self,
        demo: &DemoMunicipality,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Checked again inside the transaction: another process may have seeded meanwhile.
        if !is_empty(&mut tx).await? {
            return Ok(false);
        }
        let stamp = timestamp(now);
        insert_units(&mut tx, demo, &stamp).await?;
        insert_users(&mut tx, demo, password_hash, &stamp).await?;
        insert_companies(&mut tx, &demo.companies, now).await?;
        insert_contacts(&mut tx, demo, &stamp).await?;
        insert_feedback(&mut tx, demo, &stamp).await?;
        insert_do_not_contact(&mut tx, demo, &stamp).await?;
        super::change_log::backfill(&mut tx, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

async fn is_empty(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    let any: bool =
        sqlx::query_scalar("select exists (select 1 from companies) or exists (select 1 from users)")
            .fetch_one(&mut *conn)
            .await?;
    Ok(!any)
}

async fn insert_units(
    conn: &mut SqliteConnection,
    demo: &DemoMunicipality,
    now: &str,
) -> Result<(), StoreError> {
    for chunk in demo.units.chunks(INSERT_CHUNK) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new("insert into units (id, name, created_at) ");
        insert.push_values(chunk, |mut row, unit| {
            row.push_bind(unit.id.to_string()).push_bind(&unit.name).push_bind(now);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_users(
    conn: &mut SqliteConnection,
    demo: &DemoMunicipality,
    password_hash: &str,
    now: &str,
) -> Result<(), StoreError> {
    for chunk in demo.users.chunks(INSERT_CHUNK) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "insert into users (id, username, display_name, role, unit_id, password_hash, created_at, \
             updated_at) ",
        );
        insert.push_values(chunk, |mut row, user| {
            row.push_bind(user.id.to_string())
                .push_bind(&user.username)
                .push_bind(&user.display_name)
                .push_bind(user.role.as_str())
                .push_bind(user.unit_id.map(|id| id.to_string()))
                .push_bind(password_hash)
                .push_bind(now)
                .push_bind(now);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_contacts(
    conn: &mut SqliteConnection,
    demo: &DemoMunicipality,
    now: &str,
) -> Result<(), StoreError> {
    for chunk in demo.contacts.chunks(INSERT_CHUNK) {
        // Purposes are stored as a JSON array of their codes.
        let purposes = chunk
            .iter()
            .map(|c| serde_json::to_string(&c.purposes))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::BadRow { table: "contacts", reason: format!("purposes: {e}") })?;
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "insert into contacts (id, company_cvr, unit_id, user_id, kind, purposes, contact_date, notes, \
             follow_up_due, follow_up_note, created_at, updated_at) ",
        );
        insert.push_values(chunk.iter().zip(purposes), |mut row, (contact, purposes)| {
            row.push_bind(contact.id.to_string())
                .push_bind(contact.company.as_str())
                .push_bind(contact.unit_id.to_string())
                .push_bind(contact.user_id.to_string())
                .push_bind(contact.kind.as_str())
                .push_bind(purposes)
                .push_bind(contact.date.to_string())
                .push_bind(&contact.notes)
                .push_bind(contact.follow_up.as_ref().map(|f| f.due.to_string()))
                .push_bind(contact.follow_up.as_ref().map(|f| f.note.as_str()))
                .push_bind(now)
                .push_bind(now);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_feedback(
    conn: &mut SqliteConnection,
    demo: &DemoMunicipality,
    now: &str,
) -> Result<(), StoreError> {
    for chunk in demo.feedback.chunks(INSERT_CHUNK) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "insert into feedback (id, contact_id, company_cvr, submitted_at, satisfaction, relevant, \
             comment, questions, survey, created_at) ",
        );
        insert.push_values(chunk, |mut row, feedback| {
            row.push_bind(feedback.id.to_string())
                .push_bind(feedback.contact_id.to_string())
                .push_bind(feedback.company.as_str())
                .push_bind(timestamp(feedback.submitted_at))
                .push_bind(i64::from(feedback.satisfaction))
                .push_bind(feedback.relevant)
                .push_bind(&feedback.comment)
                .push_bind(i64::from(feedback.questions))
                .push_bind(feedback.survey.as_ref().and_then(|s| serde_json::to_string(s).ok()))
                .push_bind(now);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_do_not_contact(
    conn: &mut SqliteConnection,
    demo: &DemoMunicipality,
    now: &str,
) -> Result<(), StoreError> {
    for chunk in demo.do_not_contact.chunks(INSERT_CHUNK) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "insert into do_not_contact (company_cvr, reason, registered_by, registered_on, created_at) ",
        );
        insert.push_values(chunk, |mut row, entry| {
            row.push_bind(entry.company.as_str())
                .push_bind(&entry.reason)
                .push_bind(entry.registered_by.to_string())
                .push_bind(entry.registered_on.to_string())
                .push_bind(now);
        });
        insert.build().execute(&mut *conn).await?;
    }
    // The flags' history starts with their registration, as for flags set through the app.
    sqlx::query(
        "insert into do_not_contact_history (company_cvr, action, reason, user_id, seq, mutation_id, created_at, \
         requested_by, units) \
         select company_cvr, 'set', reason, registered_by, set_seq, null, created_at, requested_by, units \
         from do_not_contact order by created_at, company_cvr",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
