//! Applying one mutation inside a push transaction: contacts, feedback and follow-ups.
//!
//! Each function validates everything first and writes only when the mutation is accepted,
//! so a rejection needs no rollback (see [`super::sync`]). Rules: a contact's author and unit
//! are the pushing user's; who may change what is [`crate::access`]'s matrix, read against the
//! stored contact; feedback needs its contact; dates may not lie after the server's "today".

use super::change_log::{self, Entity};
use super::sync::{BatchFacts, PushContext};
use super::sync_shared;
use super::{StoreError, bad_row, parse_uuid, timestamp};
use crate::access::{self, ContactAction, ContactOwner};
use crate::sync::reasons;
use chrono::{Duration, NaiveDate};
use kontaktpunkt_domain::sync::{Change, Mutation, Outcome, SyncedRecord};
use kontaktpunkt_domain::{Contact, Feedback};
use sqlx::SqliteConnection;
use uuid::Uuid;

/// Applies one mutation or says why not.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    facts: &BatchFacts,
    mutation: &Mutation,
    now: &str,
) -> Result<Outcome, StoreError> {
    match &mutation.change {
        // Written in bulk by the caller; here only for completeness.
        Change::ContactCreated { contact } => match check_new_contact(ctx, facts, contact) {
            Some(reason) => rejected(reason),
            None => {
                let mut run = super::sync_bulk::PendingContacts::default();
                run.push(0, contact);
                Ok(run.flush(conn, now).await?.pop().map_or(Outcome::Duplicate, |(_, outcome)| outcome))
            }
        },
        Change::ContactUpdated { contact } => update_contact(conn, ctx, facts, contact, now).await,
        Change::ContactDeleted { id } => delete_contact(conn, ctx, *id, now).await,
        Change::FeedbackCreated { feedback } => create_feedback(conn, ctx, facts, feedback, now).await,
        Change::FollowUpCompleted { contact_id, done_on } => {
            complete_follow_up(conn, ctx, *contact_id, *done_on, now).await
        }
        Change::DoNotContactSet { company, reason, requested_by, units } => {
            let request = sync_shared::Request { reason, requested_by: requested_by.as_deref(), units };
            sync_shared::set_do_not_contact(conn, ctx, facts, mutation.id, company, request, now).await
        }
        Change::DoNotContactCleared { company, seen_seq, reason } => {
            let lifting = sync_shared::Lifting { seen_seq: *seen_seq, reason: reason.as_deref() };
            sync_shared::clear_do_not_contact(conn, ctx, facts, mutation.id, company, lifting, now).await
        }
        Change::CompanyFieldsEdited { company, base_seq, fields } => {
            sync_shared::edit_fields(conn, ctx, facts, mutation.id, company, *base_seq, fields, now).await
        }
        Change::PlannedContactAnswered { item, accepted, reason } => {
            super::sync_plan::answer(conn, ctx, *item, *accepted, reason.as_deref(), now).await
        }
    }
}

pub(super) fn rejected(reason: kontaktpunkt_domain::sync::Reason) -> Result<Outcome, StoreError> {
    Ok(Outcome::Rejected { reason })
}

/// The checks shared by creating and updating a contact.
fn check_contact(
    ctx: &PushContext,
    facts: &BatchFacts,
    contact: &Contact,
) -> Option<kontaktpunkt_domain::sync::Reason> {
    if let Err(errors) = contact.validate(ctx.today) {
        return Some(reasons::invalid_contact(&errors));
    }
    if !facts.companies.contains(contact.company.as_str()) {
        return Some(reasons::unknown_company());
    }
    if contact.user_id != ctx.user.id {
        return Some(reasons::wrong_author());
    }
    None
}

/// The rules for a new contact that need no database read beyond the batch's facts; the
/// contact is then written in bulk ([`super::sync_bulk`]).
///
/// A new contact on a company flagged do-not-contact (on or before the contact's date) needs
/// the reason it was made anyway. Edits are not held to it: a contact logged before the flag
/// came stays editable, and one logged after it carried its reason from the start.
pub(super) fn check_new_contact(
    ctx: &PushContext,
    facts: &BatchFacts,
    contact: &Contact,
) -> Option<kontaktpunkt_domain::sync::Reason> {
    // A request for named units holds only for contacts of those units.
    let flagged_since = facts
        .flagged
        .get(contact.company.as_str())
        .filter(|flag| kontaktpunkt_domain::flag_covers(&flag.units, Some(contact.unit_id)))
        .map(|flag| flag.since);
    check_contact(ctx, facts, contact)
        .or_else(|| (ctx.user.unit_id != Some(contact.unit_id)).then(reasons::wrong_unit))
        .or_else(|| {
            contact
                .check_do_not_contact(flagged_since)
                .err()
                .map(|_| reasons::do_not_contact_reason_missing())
        })
}

async fn update_contact(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    facts: &BatchFacts,
    contact: &Contact,
    now: &str,
) -> Result<Outcome, StoreError> {
    if let Some(reason) = check_contact(ctx, facts, contact) {
        return rejected(reason);
    }
    let Some(stored) = stored_contact(conn, contact.id).await? else {
        return rejected(reasons::unknown_contact());
    };
    if !access::may_act_on_contact(&ctx.user, stored.owner(), ContactAction::Update) {
        return rejected(reasons::not_own_contact());
    }
    // A contact keeps its unit, or moves to the author's present unit.
    if contact.unit_id != stored.unit_id && ctx.user.unit_id != Some(contact.unit_id) {
        return rejected(reasons::wrong_unit());
    }
    sqlx::query(
        "update contacts set company_cvr = ?, unit_id = ?, kind = ?, purposes = ?, contact_date = ?, notes = ?, \
         follow_up_due = ?, follow_up_note = ?, do_not_contact_reason = ?, notes_shared = ?, updated_at = ? \
         where id = ?",
    )
    .bind(contact.company.as_str())
    .bind(contact.unit_id.to_string())
    .bind(contact.kind.as_str())
    .bind(purposes_json(contact)?)
    .bind(contact.date.to_string())
    .bind(&contact.notes)
    .bind(contact.follow_up.as_ref().map(|f| f.due.to_string()))
    .bind(contact.follow_up.as_ref().map(|f| f.note.as_str()))
    .bind(contact.do_not_contact_reason.as_deref())
    .bind(contact.notes_shared)
    .bind(now)
    .bind(contact.id.to_string())
    .execute(&mut *conn)
    .await?;
    let seq = change_log::append(conn, Entity::Contact, &contact.id.to_string(), now).await?;
    Ok(Outcome::Applied { seq })
}

async fn delete_contact(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    id: Uuid,
    now: &str,
) -> Result<Outcome, StoreError> {
    let key = id.to_string();
    let Some(stored) = stored_contact(conn, id).await? else {
        // Deleted already (say, from the author's other device): the tombstone stands.
        return match change_log::seq_of(conn, Entity::Contact, &key).await? {
            Some(seq) => Ok(Outcome::Applied { seq }),
            None => rejected(reasons::unknown_contact()),
        };
    };
    if !access::may_act_on_contact(&ctx.user, stored.owner(), ContactAction::Delete) {
        return rejected(reasons::not_own_contact());
    }
    let has_feedback: bool =
        sqlx::query_scalar("select exists (select 1 from feedback where contact_id = ?)")
            .bind(&key)
            .fetch_one(&mut *conn)
            .await?;
    if has_feedback {
        return rejected(reasons::contact_has_feedback());
    }
    sqlx::query("delete from contacts where id = ?").bind(&key).execute(&mut *conn).await?;
    change_log::forget(conn, Entity::FollowUp, &key).await?;
    let seq = change_log::append_tombstone(
        conn,
        Entity::Contact,
        &key,
        &tombstone(SyncedRecord::ContactDeleted { id })?,
        now,
    )
    .await?;
    Ok(Outcome::Applied { seq })
}

async fn create_feedback(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    facts: &BatchFacts,
    feedback: &Feedback,
    now: &str,
) -> Result<Outcome, StoreError> {
    if let Err(errors) = feedback.validate() {
        return rejected(reasons::invalid_feedback(&errors));
    }
    // The submission time comes from a device clock: only plainly impossible values are refused.
    if feedback.submitted_at > ctx.now + Duration::days(1) {
        return rejected(reasons::date_in_future());
    }
    if !facts.companies.contains(feedback.company.as_str()) {
        return rejected(reasons::unknown_company());
    }
    let Some(contact) = stored_contact(conn, feedback.contact_id).await? else {
        return rejected(reasons::unknown_contact());
    };
    if !access::may_act_on_contact(&ctx.user, contact.owner(), ContactAction::GiveFeedback) {
        return rejected(reasons::not_own_unit());
    }
    if contact.company != feedback.company.as_str() {
        return rejected(reasons::company_mismatch());
    }
    // One feedback per contact: the company answers once, on the spot.
    let answered: bool = sqlx::query_scalar("select exists (select 1 from feedback where contact_id = ?)")
        .bind(feedback.contact_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if answered {
        return rejected(reasons::contact_has_feedback_already());
    }
    let survey = feedback
        .survey
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| bad_row("feedback", "survey", e))?;
    let done = sqlx::query(
        "insert into feedback (id, contact_id, company_cvr, submitted_at, satisfaction, relevant, comment, \
         questions, survey, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing",
    )
    .bind(feedback.id.to_string())
    .bind(feedback.contact_id.to_string())
    .bind(feedback.company.as_str())
    .bind(timestamp(feedback.submitted_at))
    .bind(i64::from(feedback.satisfaction))
    .bind(feedback.relevant)
    .bind(&feedback.comment)
    .bind(i64::from(feedback.questions))
    .bind(survey)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return rejected(reasons::feedback_exists());
    }
    let seq = change_log::append(conn, Entity::Feedback, &feedback.id.to_string(), now).await?;
    Ok(Outcome::Applied { seq })
}

async fn complete_follow_up(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    contact_id: Uuid,
    done_on: NaiveDate,
    now: &str,
) -> Result<Outcome, StoreError> {
    if done_on > ctx.today {
        return rejected(reasons::date_in_future());
    }
    let Some(stored) = stored_contact(conn, contact_id).await? else {
        return rejected(reasons::unknown_contact());
    };
    if !access::may_act_on_contact(&ctx.user, stored.owner(), ContactAction::CompleteFollowUp) {
        return rejected(reasons::not_own_follow_up());
    }
    if !stored.has_follow_up {
        return rejected(reasons::no_follow_up());
    }
    let key = contact_id.to_string();
    sqlx::query("update contacts set follow_up_done_on = ?, updated_at = ? where id = ?")
        .bind(done_on.to_string())
        .bind(now)
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    let seq = change_log::append(conn, Entity::FollowUp, &key, now).await?;
    Ok(Outcome::Applied { seq })
}

/// What the rules need to know about a stored contact.
struct StoredContact {
    user_id: Uuid,
    unit_id: Uuid,
    company: String,
    has_follow_up: bool,
}

impl StoredContact {
    fn owner(&self) -> ContactOwner {
        ContactOwner { author: self.user_id, unit: self.unit_id }
    }
}

async fn stored_contact(conn: &mut SqliteConnection, id: Uuid) -> Result<Option<StoredContact>, StoreError> {
    let row: Option<(String, String, String, bool)> = sqlx::query_as(
        "select user_id, unit_id, company_cvr, follow_up_due is not null from contacts where id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(user_id, unit_id, company, has_follow_up)| {
        Ok(StoredContact {
            user_id: parse_uuid("contacts", "user_id", &user_id)?,
            unit_id: parse_uuid("contacts", "unit_id", &unit_id)?,
            company,
            has_follow_up,
        })
    })
    .transpose()
}

fn purposes_json(contact: &Contact) -> Result<String, StoreError> {
    serde_json::to_string(&contact.purposes)
        .map_err(|e| StoreError::BadRow { table: "contacts", reason: format!("purposes: {e}") })
}

/// The stored JSON of a tombstone.
pub(super) fn tombstone(record: SyncedRecord) -> Result<String, StoreError> {
    serde_json::to_string(&record)
        .map_err(|e| StoreError::BadRow { table: "change_log", reason: e.to_string() })
}
