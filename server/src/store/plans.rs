//! Contact plans: drafts computed by the domain's rule, edited, published into the change log.

use super::change_log;
use super::{Store, StoreError, bad_row, parse_time, parse_uuid, timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::plan::{
    self, PlanDetail, PlanItem, PlanReason, PlanStatus, PlanSummary, PlannedStatus, Suggestion,
};
use uuid::Uuid;

/// A new draft: its period and capacity, who made it.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub capacity: u32,
    pub created_by: Uuid,
}

/// What a coordinator does to one item of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemEdit {
    /// Give it to this user in this unit.
    Reassign { unit_id: Uuid, user_id: Uuid },
    /// Take it out of the draft.
    Remove,
}

/// Why a plan could not be changed (the handler words these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRefusal {
    UnknownPlan,
    UnknownItem,
    /// Published plans are no longer edited nor published again.
    Published,
}

/// A plan's status as stored.
fn parse_status(text: &str) -> Result<PlanStatus, StoreError> {
    PlanStatus::parse(text).ok_or_else(|| bad_row("contact_plans", "status", text))
}

type SummaryRow =
    (String, String, String, String, i64, String, Option<String>, String, Option<String>, i64, i64, i64);

const SUMMARY_SQL: &str = "select p.id, p.period_from, p.period_to, p.status, p.capacity, p.created_by, \
       u.display_name, p.created_at, p.published_at, \
       (select count(*) from contact_plan_items i where i.plan_id = p.id), \
       (select count(*) from contact_plan_items i where i.plan_id = p.id and i.status = 'accepted'), \
       (select count(*) from contact_plan_items i where i.plan_id = p.id and i.status = 'declined') \
     from contact_plans p left join users u on u.id = p.created_by";

fn summary(row: SummaryRow) -> Result<PlanSummary, StoreError> {
    const T: &str = "contact_plans";
    let (id, from, to, status, capacity, by, by_name, at, published_at, items, accepted, declined) = row;
    Ok(PlanSummary {
        id: parse_uuid(T, "id", &id)?,
        from: from.parse().map_err(|e| bad_row(T, "period_from", e))?,
        to: to.parse().map_err(|e| bad_row(T, "period_to", e))?,
        status: parse_status(&status)?,
        capacity: u32::try_from(capacity).map_err(|e| bad_row(T, "capacity", e))?,
        created_by: parse_uuid(T, "created_by", &by)?,
        created_by_name: by_name.unwrap_or_default(),
        created_at: parse_time(T, "created_at", &at)?,
        published_at: published_at.as_deref().map(|t| parse_time(T, "published_at", t)).transpose()?,
        item_count: u64::try_from(items).unwrap_or(0),
        accepted: u64::try_from(accepted).unwrap_or(0),
        declined: u64::try_from(declined).unwrap_or(0),
    })
}

fn reasons_json(reasons: &[PlanReason]) -> Result<String, StoreError> {
    serde_json::to_string(reasons).map_err(|e| bad_row("contact_plan_items", "reasons", e))
}

impl Store {
    /// Stores a new draft with the rule's suggestions, in their order; returns its id.
    pub async fn create_plan(
        &self,
        new: &NewPlan,
        suggestions: &[Suggestion],
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        let now = timestamp(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "insert into contact_plans (id, period_from, period_to, status, capacity, created_by, created_at, \
             updated_at) values (?, ?, ?, 'draft', ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(new.from.to_string())
        .bind(new.to.to_string())
        .bind(i64::from(new.capacity))
        .bind(new.created_by.to_string())
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let rows: Vec<(usize, &Suggestion, String)> = suggestions
            .iter()
            .enumerate()
            .map(|(position, s)| Ok((position, s, reasons_json(&s.reasons)?)))
            .collect::<Result<_, StoreError>>()?;
        // 11 binds a row, under SQLite's 32,766 per statement.
        for chunk in rows.chunks(500) {
            let mut insert: sqlx::QueryBuilder<sqlx::Sqlite> = sqlx::QueryBuilder::new(
                "insert into contact_plan_items (id, plan_id, company_cvr, unit_id, user_id, score, position, \
                 reasons, status, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut row, (position, s, reasons)| {
                row.push_bind(Uuid::now_v7().to_string())
                    .push_bind(id.to_string())
                    .push_bind(s.company.as_str())
                    .push_bind(s.unit_id.to_string())
                    .push_bind(s.user_id.to_string())
                    .push_bind(i64::from(s.score))
                    .push_bind(i64::try_from(*position).unwrap_or(i64::MAX))
                    .push_bind(reasons.as_str())
                    .push_bind("proposed")
                    .push_bind(&now)
                    .push_bind(&now);
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Every plan, newest first.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let sql = format!("{SUMMARY_SQL} order by p.created_at desc, p.id desc");
        let rows: Vec<SummaryRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(summary).collect()
    }

    /// One plan with its items, or `None`.
    pub async fn plan(&self, id: Uuid) -> Result<Option<PlanDetail>, StoreError> {
        let sql = format!("{SUMMARY_SQL} where p.id = ?");
        let row: Option<SummaryRow> =
            sqlx::query_as(&sql).bind(id.to_string()).fetch_optional(&self.pool).await?;
        let Some(row) = row else { return Ok(None) };
        let plan = summary(row)?;
        type ItemRow = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<ItemRow> = sqlx::query_as(
            "select i.id, i.company_cvr, coalesce(c.name, ''), i.unit_id, coalesce(n.name, ''), i.user_id, \
                    coalesce(u.display_name, ''), i.score, i.reasons, i.status, i.answer, i.answered_at \
             from contact_plan_items i \
             left join companies c on c.cvr = i.company_cvr \
             left join units n on n.id = i.unit_id \
             left join users u on u.id = i.user_id \
             where i.plan_id = ? order by i.position, i.id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        const T: &str = "contact_plan_items";
        let items = rows
            .into_iter()
            .map(
                |(
                    id,
                    cvr,
                    company_name,
                    unit,
                    unit_name,
                    user,
                    user_name,
                    score,
                    reasons,
                    status,
                    answer,
                    at,
                )| {
                    let reasons: Vec<PlanReason> =
                        serde_json::from_str(&reasons).map_err(|e| bad_row(T, "reasons", e))?;
                    Ok(PlanItem {
                        id: parse_uuid(T, "id", &id)?,
                        company: Cvr::parse(&cvr).map_err(|e| bad_row(T, "company_cvr", e))?,
                        company_name,
                        unit_id: parse_uuid(T, "unit_id", &unit)?,
                        unit_name,
                        user_id: parse_uuid(T, "user_id", &user)?,
                        user_name,
                        score: u32::try_from(score).map_err(|e| bad_row(T, "score", e))?,
                        reasons_da: plan::reasons_da(&reasons),
                        reasons_en: plan::reasons_en(&reasons),
                        reasons,
                        status: PlannedStatus::parse(&status).ok_or_else(|| bad_row(T, "status", &status))?,
                        answer,
                        answered_at: at.as_deref().map(|t| parse_time(T, "answered_at", t)).transpose()?,
                    })
                },
            )
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(PlanDetail { plan, items }))
    }

    /// Reassigns or removes one item of a draft.
    pub async fn edit_plan_item(
        &self,
        plan: Uuid,
        item: Uuid,
        edit: ItemEdit,
        now: DateTime<Utc>,
    ) -> Result<Result<(), PlanRefusal>, StoreError> {
        let mut tx = self.pool.begin_with("begin immediate").await?;
        if let Err(refusal) = draft(&mut tx, plan).await? {
            return Ok(Err(refusal));
        }
        let (plan, item) = (plan.to_string(), item.to_string());
        let done = match edit {
            ItemEdit::Remove => {
                sqlx::query("delete from contact_plan_items where id = ? and plan_id = ?")
                    .bind(&item)
                    .bind(&plan)
                    .execute(&mut *tx)
                    .await?
            }
            ItemEdit::Reassign { unit_id, user_id } => {
                sqlx::query(
                    "update contact_plan_items set unit_id = ?, user_id = ?, updated_at = ? \
                     where id = ? and plan_id = ?",
                )
                .bind(unit_id.to_string())
                .bind(user_id.to_string())
                .bind(timestamp(now))
                .bind(&item)
                .bind(&plan)
                .execute(&mut *tx)
                .await?
            }
        };
        if done.rows_affected() == 0 {
            return Ok(Err(PlanRefusal::UnknownItem));
        }
        sqlx::query("update contact_plans set updated_at = ? where id = ?")
            .bind(timestamp(now))
            .bind(&plan)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Publishes a draft: its items enter the change log, so every device pulls them.
    /// Returns how many items went out.
    pub async fn publish_plan(
        &self,
        plan: Uuid,
        by: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Result<u64, PlanRefusal>, StoreError> {
        let mut tx = self.pool.begin_with("begin immediate").await?;
        if let Err(refusal) = draft(&mut tx, plan).await? {
            return Ok(Err(refusal));
        }
        let (plan, now) = (plan.to_string(), timestamp(now));
        sqlx::query(
            "update contact_plans set status = 'published', published_by = ?, published_at = ?, updated_at = ? \
             where id = ?",
        )
        .bind(by.to_string())
        .bind(&now)
        .bind(&now)
        .bind(&plan)
        .execute(&mut *tx)
        .await?;
        let logged = change_log::append_plan_items(&mut tx, &plan, &now).await?;
        tx.commit().await?;
        Ok(Ok(logged))
    }

    /// The user's unit if the user exists (`Some(None)`: a user without a unit).
    pub async fn unit_of_user(&self, user: Uuid) -> Result<Option<Option<Uuid>>, StoreError> {
        let row: Option<(Option<String>,)> = sqlx::query_as("select unit_id from users where id = ?")
            .bind(user.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(unit,)| unit.as_deref().map(|u| parse_uuid("users", "unit_id", u)).transpose()).transpose()
    }
}

/// `Ok` when `plan` exists and is a draft.
async fn draft(conn: &mut sqlx::SqliteConnection, plan: Uuid) -> Result<Result<(), PlanRefusal>, StoreError> {
    let status: Option<String> = sqlx::query_scalar("select status from contact_plans where id = ?")
        .bind(plan.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match status.as_deref().map(parse_status).transpose()? {
        None => Err(PlanRefusal::UnknownPlan),
        Some(PlanStatus::Published) => Err(PlanRefusal::Published),
        Some(PlanStatus::Draft) => Ok(()),
    })
}
