//! What the GDPR tools read: contact persons (entries of the companies' `contact_persons`
//! shared field), everything stored about one of them, the retention list's facts, and the
//! contacts with one company for an access-to-documents request (aktindsigt).

use super::sync_shared::company_conflicts;
use super::{Store, StoreError, bad_row, parse_time, parse_uuid};
use crate::privacy::scrub::{Erased, person_id};
use chrono::NaiveDate;
use kontaktpunkt_domain::contact_person::ContactPerson;
pub use kontaktpunkt_domain::privacy::{
    ContactPersonMatch, ExportedContact, ExportedFeedback, ExportedFollowUp,
};
use kontaktpunkt_domain::sync::ConflictRecord;
use kontaktpunkt_domain::{ContactKind, Cvr, Purpose};
use serde::Serialize;
use sqlx::SqliteConnection;
use uuid::Uuid;

/// Most matches one search answers.
pub const MAX_MATCHES: usize = 100;

/// What the store holds about one contact person (the audit entries are added by the caller).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonFacts {
    pub found: ContactPersonMatch,
    /// Every entry of the company's list with the person's id (normally one).
    pub records: Vec<ContactPerson>,
    /// Who last changed the company's list.
    pub changed_by: Option<Uuid>,
    pub contacts: Vec<ExportedContact>,
    pub follow_ups: Vec<ExportedFollowUp>,
    pub feedback: Vec<ExportedFeedback>,
    /// Conflict records whose values hold or name the person.
    pub conflicts: Vec<ConflictRecord>,
    /// The company's shared note, when it names the person.
    pub company_note: Option<String>,
}

/// One contact of an access-to-documents export, with its feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContact {
    pub id: Uuid,
    pub date: NaiveDate,
    pub kind: ContactKind,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub user_name: String,
    pub purposes: Vec<Purpose>,
    pub notes: String,
    pub follow_up_due: Option<NaiveDate>,
    pub follow_up_note: Option<String>,
    pub follow_up_done_on: Option<NaiveDate>,
    pub do_not_contact_reason: Option<String>,
    /// Its author shared the notes with every unit.
    pub notes_shared: bool,
    /// Satisfaction (1–5) and comment of each feedback on the contact.
    pub feedback: Vec<(u8, String)>,
}

/// cvr, company name, the list's JSON, updated_at, user_id, last contact date.
type ListRow = (String, String, String, String, String, Option<String>);

const T: &str = "company_shared_fields";

fn parse_date(table: &'static str, column: &str, text: &str) -> Result<NaiveDate, StoreError> {
    text.get(..10).unwrap_or(text).parse().map_err(|e| bad_row(table, column, e))
}

/// A stored list of contact persons; a list that does not decode counts as empty (it was
/// validated when pushed) and is logged.
pub(super) fn decode_persons(cvr: &str, value: &str) -> Vec<ContactPerson> {
    serde_json::from_str(value).unwrap_or_else(|error| {
        tracing::warn!(company = cvr, %error, "a stored contact-person list does not decode");
        Vec::new()
    })
}

/// Every person of every company's list, as matches.
fn matches(rows: Vec<ListRow>) -> Result<Vec<ContactPersonMatch>, StoreError> {
    let mut out = Vec::new();
    for (cvr, company_name, value, updated_at, _, last_contact) in rows {
        let company = Cvr::parse(&cvr).map_err(|e| bad_row(T, "cvr", e))?;
        let changed_at = parse_time(T, "updated_at", &updated_at)?;
        let last_contact = last_contact.map(|d| parse_date("contacts", "contact_date", &d)).transpose()?;
        let mut seen = std::collections::HashSet::new();
        for person in decode_persons(&cvr, &value) {
            let id = person_id(&company, &person);
            if seen.insert(id.clone()) {
                out.push(ContactPersonMatch {
                    id,
                    company: company.clone(),
                    company_name: company_name.clone(),
                    person,
                    changed_at,
                    last_contact,
                });
            }
        }
    }
    Ok(out)
}

const LIST_SELECT: &str = "select f.cvr, c.name, f.value, f.updated_at, f.user_id, \
     (select max(k.contact_date) from contacts k where k.company_cvr = f.cvr) \
     from company_shared_fields f join companies c on c.cvr = f.cvr \
     where f.field = 'contact_persons' and f.value is not null";

/// contact id, date, kind, unit id, unit name, user id, user name, purposes, notes,
/// follow-up due, follow-up note, follow-up done, do-not-contact reason, notes shared.
type ContactRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
);

const CONTACT_SELECT: &str = "select k.id, k.contact_date, k.kind, k.unit_id, coalesce(u.name, ''), k.user_id, \
     coalesce(us.display_name, ''), k.purposes, k.notes, k.follow_up_due, k.follow_up_note, k.follow_up_done_on, \
     k.do_not_contact_reason, k.notes_shared from contacts k left join units u on u.id = k.unit_id \
     left join users us on us.id = k.user_id where k.company_cvr = ?";

fn decode_contact(row: ContactRow) -> Result<AccessContact, StoreError> {
    const C: &str = "contacts";
    let (
        id,
        date,
        kind,
        unit_id,
        unit_name,
        _user_id,
        user_name,
        purposes,
        notes,
        due,
        note,
        done,
        reason,
        shared,
    ) = row;
    Ok(AccessContact {
        id: parse_uuid(C, "id", &id)?,
        date: parse_date(C, "contact_date", &date)?,
        kind: ContactKind::parse(&kind).ok_or_else(|| bad_row(C, "kind", &kind))?,
        unit_id: parse_uuid(C, "unit_id", &unit_id)?,
        unit_name,
        user_name,
        purposes: serde_json::from_str(&purposes).map_err(|e| bad_row(C, "purposes", e))?,
        notes,
        follow_up_due: due.map(|d| parse_date(C, "follow_up_due", &d)).transpose()?,
        follow_up_note: note,
        follow_up_done_on: done.map(|d| parse_date(C, "follow_up_done_on", &d)).transpose()?,
        do_not_contact_reason: reason,
        notes_shared: shared,
        feedback: Vec::new(),
    })
}

/// The company's list row, if it has one.
async fn list_of(conn: &mut SqliteConnection, cvr: &Cvr) -> Result<Option<ListRow>, StoreError> {
    let sql = format!("{LIST_SELECT} and f.cvr = ?");
    Ok(sqlx::query_as(&sql).bind(cvr.as_str()).fetch_optional(&mut *conn).await?)
}

/// The register name of company `cvr`; `None` if it is unknown.
pub(super) async fn company_name(
    conn: &mut SqliteConnection,
    cvr: &Cvr,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("select name from companies where cvr = ?")
        .bind(cvr.as_str())
        .fetch_optional(&mut *conn)
        .await?)
}

impl Store {
    /// Contact persons whose name or e-mail contains `query` (case-insensitive), or whose
    /// phone number contains its digits (three or more); at most [`MAX_MATCHES`], by company.
    pub async fn find_contact_persons(&self, query: &str) -> Result<Vec<ContactPersonMatch>, StoreError> {
        let sql = format!("{LIST_SELECT} order by f.cvr");
        let rows: Vec<ListRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        let needle = query.trim().to_lowercase();
        let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
        let hit = |p: &ContactPerson| {
            p.name.to_lowercase().contains(&needle)
                || p.email.to_lowercase().contains(&needle)
                || (digits.len() >= 3 && p.phone_link().contains(&digits))
        };
        let mut found: Vec<ContactPersonMatch> =
            matches(rows)?.into_iter().filter(|m| hit(&m.person)).collect();
        found.truncate(MAX_MATCHES);
        Ok(found)
    }

    /// Every contact person with the date their list last changed and the company's last
    /// contact (the facts of the retention rule).
    pub async fn contact_persons(&self) -> Result<Vec<ContactPersonMatch>, StoreError> {
        let sql = format!("{LIST_SELECT} order by f.cvr");
        let rows: Vec<ListRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        matches(rows)
    }

    /// Everything stored about the contact person `id` at `cvr`; `None` if there is no such
    /// person (any more).
    pub async fn contact_person_facts(&self, cvr: &Cvr, id: &str) -> Result<Option<PersonFacts>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let Some(row) = list_of(&mut conn, cvr).await? else { return Ok(None) };
        let changed_by = Uuid::parse_str(&row.4).ok();
        let (records, others): (Vec<ContactPerson>, Vec<ContactPerson>) =
            decode_persons(&row.0, &row.2).into_iter().partition(|p| person_id(cvr, p) == id);
        let Some(found) = matches(vec![row])?.into_iter().find(|m| m.id == id) else { return Ok(None) };
        let erased = Erased::new(id, cvr, &found.company_name, &records, &others);

        let rows: Vec<ContactRow> =
            sqlx::query_as(&format!("{CONTACT_SELECT} order by k.contact_date, k.id"))
                .bind(cvr.as_str())
                .fetch_all(&mut *conn)
                .await?;
        let mut contacts = Vec::new();
        let mut follow_ups = Vec::new();
        for row in rows {
            let user_id = parse_uuid("contacts", "user_id", &row.5)?;
            let contact = decode_contact(row)?;
            let names = |text: &Option<String>| text.as_deref().is_some_and(|t| erased.found_in(t));
            let mentions = erased.found_in(&contact.notes)
                || names(&contact.follow_up_note)
                || names(&contact.do_not_contact_reason);
            if let Some(due) = contact.follow_up_due {
                let note = contact.follow_up_note.clone().filter(|n| erased.found_in(n));
                follow_ups.push(ExportedFollowUp {
                    contact_id: contact.id,
                    due,
                    done_on: contact.follow_up_done_on,
                    note,
                });
            }
            contacts.push(ExportedContact {
                id: contact.id,
                date: contact.date,
                kind: contact.kind,
                unit_id: contact.unit_id,
                unit_name: contact.unit_name,
                user_id,
                user_name: contact.user_name,
                purposes: contact.purposes,
                mentions_person: mentions,
                notes: erased.found_in(&contact.notes).then_some(contact.notes),
            });
        }

        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "select id, contact_id, submitted_at, comment from feedback where company_cvr = ? order by submitted_at, id",
        )
        .bind(cvr.as_str())
        .fetch_all(&mut *conn)
        .await?;
        let mut feedback = Vec::new();
        for (id, contact_id, submitted_at, comment) in rows {
            if erased.found_in(&comment) {
                feedback.push(ExportedFeedback {
                    id: parse_uuid("feedback", "id", &id)?,
                    contact_id: parse_uuid("feedback", "contact_id", &contact_id)?,
                    submitted_at: parse_time("feedback", "submitted_at", &submitted_at)?,
                    comment,
                });
            }
        }

        let holds = |value: &Option<String>| value.as_deref().is_some_and(|v| erased.scrub_value(v) != v);
        let conflicts = company_conflicts(&mut conn, cvr)
            .await?
            .into_iter()
            .filter(|c| holds(&c.kept_value) || holds(&c.lost_value))
            .collect();

        let company_note: Option<String> = sqlx::query_scalar(
            "select value from company_shared_fields where cvr = ? and field = 'notes' and value is not null",
        )
        .bind(cvr.as_str())
        .fetch_optional(&mut *conn)
        .await?;
        let company_note = company_note.filter(|n| erased.found_in(n));
        Ok(Some(PersonFacts {
            found,
            records,
            changed_by,
            contacts,
            follow_ups,
            feedback,
            conflicts,
            company_note,
        }))
    }

    /// The company's name and its contacts dated `from..=to` (oldest first) with their
    /// feedback; `None` if the company is unknown.
    pub async fn access_request(
        &self,
        cvr: &Cvr,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<(String, Vec<AccessContact>)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let Some(name) = company_name(&mut conn, cvr).await? else { return Ok(None) };
        let sql = format!(
            "{CONTACT_SELECT} and k.contact_date >= ? and k.contact_date <= ? order by k.contact_date, k.id"
        );
        let rows: Vec<ContactRow> = sqlx::query_as(&sql)
            .bind(cvr.as_str())
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&mut *conn)
            .await?;
        let mut contacts = rows.into_iter().map(decode_contact).collect::<Result<Vec<_>, _>>()?;
        let feedback: Vec<(String, i64, String)> = sqlx::query_as(
            "select contact_id, satisfaction, comment from feedback where company_cvr = ? order by submitted_at, id",
        )
        .bind(cvr.as_str())
        .fetch_all(&mut *conn)
        .await?;
        for (contact_id, satisfaction, comment) in feedback {
            let contact_id = parse_uuid("feedback", "contact_id", &contact_id)?;
            let satisfaction =
                u8::try_from(satisfaction).map_err(|e| bad_row("feedback", "satisfaction", e))?;
            if let Some(contact) = contacts.iter_mut().find(|c| c.id == contact_id) {
                contact.feedback.push((satisfaction, comment));
            }
        }
        Ok(Some((name, contacts)))
    }
}
