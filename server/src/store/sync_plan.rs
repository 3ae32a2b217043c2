//! Applying a consultant's answer to a planned contact inside a push transaction.
//!
//! Like [`super::sync_apply`]: everything is checked before anything is written. Only the
//! consultant the item is assigned to answers it, and only once its plan is published; a new
//! answer replaces the previous one and enters the change log, so every device (the
//! coordinator's desk included) sees it.

use super::change_log::{self, Entity};
use super::sync::PushContext;
use super::sync_apply::rejected;
use super::{StoreError, parse_uuid};
use crate::sync::reasons;
use kontaktpunkt_domain::plan::{MAX_ANSWER_CHARS, PlannedStatus};
use kontaktpunkt_domain::sync::Outcome;
use sqlx::SqliteConnection;
use uuid::Uuid;

/// Applies `planned_contact_answered` or says why not.
pub(super) async fn answer(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    item: Uuid,
    accepted: bool,
    reason: Option<&str>,
    now: &str,
) -> Result<Outcome, StoreError> {
    let answer = reason.map(str::trim).filter(|r| !r.is_empty());
    if answer.is_some_and(|a| a.chars().count() > MAX_ANSWER_CHARS) {
        return rejected(reasons::too_long("Begrundelsen", "reason", MAX_ANSWER_CHARS));
    }
    let key = item.to_string();
    let row: Option<(String, String)> = sqlx::query_as(
        "select i.user_id, p.status from contact_plan_items i join contact_plans p on p.id = i.plan_id \
         where i.id = ?",
    )
    .bind(&key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((user_id, plan_status)) = row else {
        return rejected(reasons::unknown_planned_contact());
    };
    if plan_status != "published" {
        return rejected(reasons::plan_not_published());
    }
    if parse_uuid("contact_plan_items", "user_id", &user_id)? != ctx.user.id {
        return rejected(reasons::not_your_planned_contact());
    }
    let status = if accepted { PlannedStatus::Accepted } else { PlannedStatus::Declined };
    sqlx::query(
        "update contact_plan_items set status = ?, answer = ?, answered_by = ?, answered_at = ?, updated_at = ? \
         where id = ?",
    )
    .bind(status.as_str())
    .bind(answer)
    .bind(ctx.user.id.to_string())
    .bind(now)
    .bind(now)
    .bind(&key)
    .execute(&mut *conn)
    .await?;
    let seq = change_log::append(conn, Entity::PlannedContact, &key, now).await?;
    Ok(Outcome::Applied { seq })
}
