//! Shared company data in a push: do-not-contact flags and per-field company data, and the
//! conflict records their concurrent changes leave for a coordinator.
//!
//! No decision uses a device clock: a device says which server sequence it had seen
//! (`seen_seq`, `base_seq`) and the server compares sequences. A claim above what the server
//! has handed the user in pulls ([`BatchFacts::served_seq`]) is clamped to that: a device
//! cannot have seen what it was never sent, so a forged huge `base_seq` still leaves a
//! conflict record.
//!
//! Do-not-contact flags keep their history (`do_not_contact_history`): setting a flag on a
//! company that is flagged already makes the new request the current one, and the earlier
//! registration (who, when, why) stays in the history; every lifting is recorded with who
//! lifted it and why (or that no reason was given).

use super::audit::NewAuditEntry;
use super::change_log::{self, Entity, seq_from_db, seq_to_db};
use super::sync::{BatchFacts, PushContext};
use super::sync_apply::{rejected, tombstone};
use super::{Store, StoreError, bad_row, parse_uuid};
use crate::access;
use crate::sync::reasons;
use kontaktpunkt_domain::accounts::AuditAction;
use kontaktpunkt_domain::contact::{MAX_COMMENT_CHARS, MAX_NOTES_CHARS, MAX_REQUESTED_BY_CHARS};
use kontaktpunkt_domain::contact_person::{ContactPerson, validate_contact_persons};
use kontaktpunkt_domain::sync::{
    ConflictRecord, ConflictSubject, FieldEdit, FieldMerge, Outcome, Resolution, SharedField, SyncedRecord,
    may_clear_do_not_contact, merge_field,
};
use kontaktpunkt_domain::{Cvr, DoNotContactEvent, FlagAction};
use sqlx::SqliteConnection;
use uuid::Uuid;

use kontaktpunkt_domain::sync::MAX_TAGS_CHARS;

/// What a device says when it sets a flag.
pub(super) struct Request<'a> {
    pub reason: &'a str,
    /// Who at the company asked.
    pub requested_by: Option<&'a str>,
    /// The units it holds for; empty: every unit.
    pub units: &'a [Uuid],
}

pub(super) async fn set_do_not_contact(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    facts: &BatchFacts,
    mutation_id: Uuid,
    company: &Cvr,
    request: Request<'_>,
    now: &str,
) -> Result<Outcome, StoreError> {
    let Request { reason, requested_by, units } = request;
    if reason.chars().count() > MAX_COMMENT_CHARS {
        return rejected(reasons::too_long("Begrundelsen", "reason", MAX_COMMENT_CHARS));
    }
    let requested_by = requested_by.map(str::trim).filter(|who| !who.is_empty());
    if requested_by
        .is_some_and(|who| who.chars().count() > MAX_REQUESTED_BY_CHARS || who.chars().any(char::is_control))
    {
        return rejected(reasons::too_long("Hvem der bad om det", "requested_by", MAX_REQUESTED_BY_CHARS));
    }
    if !facts.companies.contains(company.as_str()) {
        return rejected(reasons::unknown_company());
    }
    let mut named: Vec<Uuid> = units.to_vec();
    named.sort_unstable();
    named.dedup();
    let units_json = if named.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&named)
                .map_err(|e| StoreError::BadRow { table: "do_not_contact", reason: e.to_string() })?,
        )
    };
    // Every named unit must exist: one query for the whole list.
    if let Some(list) = &units_json {
        let known: i64 =
            sqlx::query_scalar("select count(*) from units where id in (select value from json_each(?))")
                .bind(list)
                .fetch_one(&mut *conn)
                .await?;
        if usize::try_from(known).ok() != Some(named.len()) {
            return rejected(reasons::unknown_unit());
        }
    }
    sqlx::query(
        "insert into do_not_contact (company_cvr, reason, registered_by, registered_on, created_at, requested_by, \
         units) values (?, ?, ?, ?, ?, ?, ?) on conflict (company_cvr) do update set reason = excluded.reason, \
         registered_by = excluded.registered_by, registered_on = excluded.registered_on, \
         requested_by = excluded.requested_by, units = excluded.units",
    )
    .bind(company.as_str())
    .bind(reason)
    .bind(ctx.user.id.to_string())
    .bind(ctx.now.date_naive().to_string())
    .bind(now)
    .bind(requested_by)
    .bind(&units_json)
    .execute(&mut *conn)
    .await?;
    let seq = change_log::append(conn, Entity::DoNotContact, company.as_str(), now).await?;
    sqlx::query("update do_not_contact set set_seq = ? where company_cvr = ?")
        .bind(seq_to_db(seq))
        .bind(company.as_str())
        .execute(&mut *conn)
        .await?;
    let event = FlagEvent {
        company: company.as_str(),
        action: "set",
        reason: Some(reason),
        seq,
        mutation_id,
        requested_by,
        units: units_json.as_deref(),
    };
    event.insert(conn, ctx, now).await?;
    Ok(Outcome::Applied { seq })
}

/// What a device says when it lifts a flag.
pub(super) struct Lifting<'a> {
    /// The sequence of the flag as the user saw it.
    pub seen_seq: u64,
    /// Why the company may be contacted again; today's app sends none.
    pub reason: Option<&'a str>,
}

/// One row of `do_not_contact_history`.
struct FlagEvent<'a> {
    company: &'a str,
    action: &'static str,
    reason: Option<&'a str>,
    seq: u64,
    mutation_id: Uuid,
    /// Who at the company asked (settings only).
    requested_by: Option<&'a str>,
    /// The named units as a JSON array; `None`: every unit.
    units: Option<&'a str>,
}

impl FlagEvent<'_> {
    async fn insert(
        self,
        conn: &mut SqliteConnection,
        ctx: &PushContext,
        now: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into do_not_contact_history (company_cvr, action, reason, user_id, seq, mutation_id, \
             created_at, requested_by, units) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(self.company)
        .bind(self.action)
        .bind(self.reason)
        .bind(ctx.user.id.to_string())
        .bind(seq_to_db(self.seq))
        .bind(self.mutation_id.to_string())
        .bind(now)
        .bind(self.requested_by)
        .bind(self.units)
        .execute(&mut *conn)
        .await?;
        // The audit log's entry, in the push's transaction: it exists exactly when the change does.
        let action =
            if self.action == "set" { AuditAction::DoNotContactSet } else { AuditAction::DoNotContactLifted };
        let mut audit = NewAuditEntry::new(action)
            .by(&ctx.user)
            .on(self.company)
            .detail("device_id", ctx.device_id.to_string())
            .detail("mutation_id", self.mutation_id.to_string());
        if self.action == "lifted" {
            audit = audit.detail("reason_given", if self.reason.is_some() { "yes" } else { "no" });
        }
        audit.append(conn, now).await?;
        Ok(())
    }
}

pub(super) async fn clear_do_not_contact(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    facts: &BatchFacts,
    mutation_id: Uuid,
    company: &Cvr,
    lifting: Lifting<'_>,
    now: &str,
) -> Result<Outcome, StoreError> {
    if !access::may_lift_do_not_contact(ctx.user.role) {
        return rejected(reasons::may_not_lift_flag());
    }
    let reason_given = lifting.reason.map(str::trim).filter(|r| !r.is_empty());
    if reason_given.is_some_and(|r| r.chars().count() > MAX_COMMENT_CHARS) {
        return rejected(reasons::too_long("Begrundelsen", "reason", MAX_COMMENT_CHARS));
    }
    if !facts.companies.contains(company.as_str()) {
        return rejected(reasons::unknown_company());
    }
    let seen_seq = facts.trusted_seq(lifting.seen_seq);
    let key = company.as_str();
    let flag: Option<(String, String, Option<i64>)> =
        sqlx::query_as("select reason, registered_by, set_seq from do_not_contact where company_cvr = ?")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    let cleared = tombstone(SyncedRecord::DoNotContactCleared { company: company.clone() })?;
    let Some((reason, registered_by, set_seq)) = flag else {
        // Nothing to lift (any more); the tombstone tells devices that still show a flag.
        let seq = change_log::append_tombstone(conn, Entity::DoNotContact, key, &cleared, now).await?;
        return Ok(Outcome::Applied { seq });
    };
    let flag_seq = match set_seq {
        Some(seq) => seq_from_db(seq),
        // Set before the log existed: its log entry's sequence; unlogged counts as unseen.
        None => change_log::seq_of(conn, Entity::DoNotContact, key).await?.unwrap_or(u64::MAX),
    };
    if may_clear_do_not_contact(Some(flag_seq), seen_seq) {
        sqlx::query("delete from do_not_contact where company_cvr = ?").bind(key).execute(&mut *conn).await?;
        let seq = change_log::append_tombstone(conn, Entity::DoNotContact, key, &cleared, now).await?;
        if reason_given.is_none() {
            tracing::warn!(user = %ctx.user.username, company = key, "do-not-contact flag lifted without a reason");
        }
        let event = FlagEvent {
            company: key,
            action: "lifted",
            reason: reason_given,
            seq,
            mutation_id,
            requested_by: None,
            units: None,
        };
        event.insert(conn, ctx, now).await?;
        return Ok(Outcome::Applied { seq });
    }
    // The flag was set again after what the user saw: it stays. Logging it anew sends it back
    // to the device that cleared it locally, whatever that device's cursor.
    let seq = change_log::append(conn, Entity::DoNotContact, key, now).await?;
    let conflict = NewConflict {
        seq,
        company: key,
        subject: "do_not_contact",
        kept_value: Some(&reason),
        lost_value: None,
        kept_mutation: None,
        kept_by: Some(&registered_by),
        lost_mutation: Some(mutation_id.to_string()),
        lost_by: Some(ctx.user.id.to_string()),
    };
    conflict.insert(conn, now).await?;
    Ok(Outcome::Conflict { seq, resolution: Resolution::DoNotContactKept })
}

#[allow(clippy::too_many_arguments)] // one per piece of the mutation; a struct would only rename them
pub(super) async fn edit_fields(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    facts: &BatchFacts,
    mutation_id: Uuid,
    company: &Cvr,
    base_seq: u64,
    fields: &[FieldEdit],
    now: &str,
) -> Result<Outcome, StoreError> {
    if let Some(reason) = check_fields(conn, fields).await? {
        return rejected(reason);
    }
    if !facts.companies.contains(company.as_str()) {
        return rejected(reasons::unknown_company());
    }
    let base_seq = facts.trusted_seq(base_seq);
    let (user_id, mutation) = (ctx.user.id.to_string(), mutation_id.to_string());
    let mut last_seq = None;
    let mut unchanged_seq = 0;
    let mut overwritten = Vec::new();
    for edit in fields {
        let field = field_name(edit.field);
        let current: Option<(Option<String>, i64, String, String)> = sqlx::query_as(
            "select value, seq, mutation_id, user_id from company_shared_fields where cvr = ? and field = ?",
        )
        .bind(company.as_str())
        .bind(field)
        .fetch_optional(&mut *conn)
        .await?;
        let (value, current_seq, by_mutation, by_user) = match current {
            Some((value, seq, m, u)) => (value, seq_from_db(seq), Some(m), Some(u)),
            None => (None, 0, None, None),
        };
        let merge = merge_field(value.as_deref(), current_seq, base_seq, edit.value.as_deref());
        if merge == FieldMerge::Unchanged {
            unchanged_seq = unchanged_seq.max(current_seq);
            continue;
        }
        sqlx::query(
            "insert into company_shared_fields (cvr, field, value, seq, mutation_id, user_id, updated_at) \
             values (?, ?, ?, 0, ?, ?, ?) on conflict (cvr, field) do update set value = excluded.value, \
             mutation_id = excluded.mutation_id, user_id = excluded.user_id, updated_at = excluded.updated_at",
        )
        .bind(company.as_str())
        .bind(field)
        .bind(edit.value.as_deref())
        .bind(&mutation)
        .bind(&user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        let key = format!("{}/{field}", company.as_str());
        let seq = change_log::append(conn, Entity::CompanyField, &key, now).await?;
        sqlx::query("update company_shared_fields set seq = ? where cvr = ? and field = ?")
            .bind(seq_to_db(seq))
            .bind(company.as_str())
            .bind(field)
            .execute(&mut *conn)
            .await?;
        last_seq = Some(seq);
        if let FieldMerge::ApplyOverConcurrent { overwritten: lost } = merge {
            let conflict = NewConflict {
                seq,
                company: company.as_str(),
                subject: field,
                kept_value: edit.value.as_deref(),
                lost_value: lost.as_deref(),
                kept_mutation: Some(mutation.clone()),
                kept_by: Some(&user_id),
                lost_mutation: by_mutation,
                lost_by: by_user,
            };
            conflict.insert(conn, now).await?;
            overwritten.push(FieldEdit { field: edit.field, value: lost });
        }
    }
    Ok(match last_seq {
        // Every field already held its value: the answer points at where that state is.
        None => Outcome::Applied { seq: unchanged_seq },
        Some(seq) if overwritten.is_empty() => Outcome::Applied { seq },
        Some(seq) => Outcome::Conflict { seq, resolution: Resolution::LaterWins { overwritten } },
    })
}

async fn check_fields(
    conn: &mut SqliteConnection,
    fields: &[FieldEdit],
) -> Result<Option<kontaktpunkt_domain::sync::Reason>, StoreError> {
    if fields.is_empty() {
        return Ok(Some(reasons::invalid_fields("Ingen felter er ændret.", "No field is edited.")));
    }
    let mut names: Vec<SharedField> = fields.iter().map(|f| f.field).collect();
    names.sort();
    names.dedup();
    if names.len() != fields.len() {
        return Ok(Some(reasons::invalid_fields("Et felt er ændret to gange.", "A field is edited twice.")));
    }
    for edit in fields {
        let Some(value) = edit.value.as_deref() else { continue };
        match edit.field {
            SharedField::Tags if value.chars().count() > MAX_TAGS_CHARS => {
                return Ok(Some(reasons::too_long("Mærkerne", "tag list", MAX_TAGS_CHARS)));
            }
            SharedField::Notes if value.chars().count() > MAX_NOTES_CHARS => {
                return Ok(Some(reasons::too_long("Noten", "note", MAX_NOTES_CHARS)));
            }
            SharedField::KeyAccount => {
                let known = match Uuid::parse_str(value) {
                    Ok(id) => {
                        sqlx::query_scalar("select exists (select 1 from users where id = ?)")
                            .bind(id.to_string())
                            .fetch_one(&mut *conn)
                            .await?
                    }
                    Err(_) => false,
                };
                if !known {
                    return Ok(Some(reasons::invalid_fields(
                        "Nøglekontoansvarlig skal være en bruger.",
                        "The key account manager must be a user.",
                    )));
                }
            }
            SharedField::ContactPersons => {
                let refusal = match serde_json::from_str::<Vec<ContactPerson>>(value) {
                    Ok(persons) => validate_contact_persons(&persons).err(),
                    Err(_) => return Ok(Some(reasons::invalid_contact_persons(None))),
                };
                if let Some(error) = refusal {
                    return Ok(Some(reasons::invalid_contact_persons(Some(&error))));
                }
            }
            SharedField::Tags | SharedField::Notes => {}
        }
    }
    Ok(None)
}

fn field_name(field: SharedField) -> &'static str {
    match field {
        SharedField::KeyAccount => "key_account",
        SharedField::Tags => "tags",
        SharedField::Notes => "notes",
        SharedField::ContactPersons => "contact_persons",
    }
}

fn parse_field(name: &str) -> Option<SharedField> {
    [SharedField::KeyAccount, SharedField::Tags, SharedField::Notes, SharedField::ContactPersons]
        .into_iter()
        .find(|f| field_name(*f) == name)
}

/// `do_not_contact_history` as read: action, reason, user, sequence, time, who asked, units.
type FlagEventRow = (String, Option<String>, String, Option<i64>, String, Option<String>, Option<String>);

/// A conflict record about to be stored.
struct NewConflict<'a> {
    seq: u64,
    company: &'a str,
    subject: &'a str,
    kept_value: Option<&'a str>,
    lost_value: Option<&'a str>,
    kept_mutation: Option<String>,
    kept_by: Option<&'a str>,
    lost_mutation: Option<String>,
    lost_by: Option<String>,
}

impl NewConflict<'_> {
    async fn insert(self, conn: &mut SqliteConnection, now: &str) -> Result<(), StoreError> {
        sqlx::query(
            "insert into conflicts (seq, company_cvr, subject, kept_value, lost_value, kept_mutation, kept_by, \
             lost_mutation, lost_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(seq_to_db(self.seq))
        .bind(self.company)
        .bind(self.subject)
        .bind(self.kept_value)
        .bind(self.lost_value)
        .bind(self.kept_mutation)
        .bind(self.kept_by)
        .bind(self.lost_mutation)
        .bind(self.lost_by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct ConflictRow {
    id: i64,
    seq: i64,
    company_cvr: String,
    subject: String,
    kept_value: Option<String>,
    lost_value: Option<String>,
    kept_mutation: Option<String>,
    kept_by: Option<String>,
    lost_mutation: Option<String>,
    lost_by: Option<String>,
    created_at: String,
}

impl TryFrom<ConflictRow> for ConflictRecord {
    type Error = StoreError;
    fn try_from(row: ConflictRow) -> Result<Self, StoreError> {
        const T: &str = "conflicts";
        let uuid = |column: &str, text: Option<String>| text.map(|t| parse_uuid(T, column, &t)).transpose();
        let subject = match row.subject.as_str() {
            "do_not_contact" => ConflictSubject::DoNotContact,
            name => ConflictSubject::Field {
                field: parse_field(name).ok_or_else(|| bad_row(T, "subject", name))?,
            },
        };
        Ok(ConflictRecord {
            id: seq_from_db(row.id),
            seq: seq_from_db(row.seq),
            company: Cvr::parse(&row.company_cvr).map_err(|e| bad_row(T, "company_cvr", e))?,
            subject,
            kept_value: row.kept_value,
            lost_value: row.lost_value,
            kept_mutation: uuid("kept_mutation", row.kept_mutation)?,
            kept_by: uuid("kept_by", row.kept_by)?,
            lost_mutation: uuid("lost_mutation", row.lost_mutation)?,
            lost_by: uuid("lost_by", row.lost_by)?,
            decided_at: chrono::DateTime::parse_from_rfc3339(&row.created_at)
                .map_err(|e| bad_row(T, "created_at", e))?
                .to_utc(),
        })
    }
}

/// Every conflict record of one company, oldest first (for the GDPR tools).
pub(super) async fn company_conflicts(
    conn: &mut SqliteConnection,
    company: &Cvr,
) -> Result<Vec<ConflictRecord>, StoreError> {
    let rows: Vec<ConflictRow> = sqlx::query_as(
        "select id, seq, company_cvr, subject, kept_value, lost_value, kept_mutation, kept_by, lost_mutation, \
         lost_by, created_at from conflicts where company_cvr = ? order by id",
    )
    .bind(company.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(ConflictRecord::try_from).collect()
}

impl Store {
    /// Every setting and lifting of the company's do-not-contact flag, oldest first.
    pub async fn do_not_contact_history(&self, company: &Cvr) -> Result<Vec<DoNotContactEvent>, StoreError> {
        const T: &str = "do_not_contact_history";
        let rows: Vec<FlagEventRow> = sqlx::query_as(
            "select action, reason, user_id, seq, created_at, requested_by, units from do_not_contact_history \
             where company_cvr = ? order by id",
        )
        .bind(company.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(action, reason, user_id, seq, at, requested_by, units)| {
                Ok(DoNotContactEvent {
                    action: match action.as_str() {
                        "set" => FlagAction::Set,
                        "lifted" => FlagAction::Lifted,
                        other => return Err(bad_row(T, "action", other)),
                    },
                    reason,
                    user_id: parse_uuid(T, "user_id", &user_id)?,
                    seq: seq.map(seq_from_db),
                    at: chrono::DateTime::parse_from_rfc3339(&at)
                        .map_err(|e| bad_row(T, "created_at", e))?
                        .to_utc(),
                    requested_by,
                    units: units
                        .map(|list| {
                            serde_json::from_str::<Vec<Uuid>>(&list).map_err(|e| bad_row(T, "units", e))
                        })
                        .transpose()?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Up to `limit` conflict records older than `before` (all when `None`), newest first,
    /// and whether older ones remain.
    pub async fn conflicts(
        &self,
        before: Option<u64>,
        limit: u32,
    ) -> Result<(Vec<ConflictRecord>, bool), StoreError> {
        let rows: Vec<ConflictRow> = sqlx::query_as(
            "select id, seq, company_cvr, subject, kept_value, lost_value, kept_mutation, kept_by, lost_mutation, \
             lost_by, created_at from conflicts where id < ? order by id desc limit ?",
        )
        .bind(before.map_or(i64::MAX, seq_to_db))
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() > limit as usize;
        let records =
            rows.into_iter().take(limit as usize).map(ConflictRecord::try_from).collect::<Result<_, _>>()?;
        Ok((records, more))
    }
}
