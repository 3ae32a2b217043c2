//! What the contact plan's rule reads: plain facts for [`kontaktpunkt_domain::plan::suggest`].

use super::{Store, StoreError, bad_row, parse_uuid};
use chrono::NaiveDate;
use kontaktpunkt_domain::overview::ContactFact;
use kontaktpunkt_domain::plan::Consultant;
use kontaktpunkt_domain::{ContactKind, Cvr};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

fn parse_cvr(table: &'static str, text: &str) -> Result<Cvr, StoreError> {
    Cvr::parse(text).map_err(|e| bad_row(table, "company_cvr", e))
}

impl Store {
    /// Planned contacts (proposed or accepted items of published plans) whose period
    /// overlaps `from..=to`, dated at their period's first day within `from..=to`. They count
    /// in the parallel-contact view, and the plan's rule skips their companies. Planned
    /// contacts have no kind of their own: they are reported as visits.
    pub async fn planned_contact_facts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ContactFact>, StoreError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "select i.company_cvr, i.unit_id, i.user_id, max(p.period_from, ?1) \
             from contact_plan_items i join contact_plans p on p.id = i.plan_id \
             where p.status = 'published' and i.status in ('proposed', 'accepted') \
               and p.period_from <= ?2 and p.period_to >= ?1",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        const T: &str = "contact_plan_items";
        rows.into_iter()
            .map(|(cvr, unit, user, date)| {
                Ok(ContactFact {
                    company: parse_cvr(T, &cvr)?,
                    unit_id: parse_uuid(T, "unit_id", &unit)?,
                    user_id: parse_uuid(T, "user_id", &user)?,
                    date: date.parse().map_err(|e| bad_row(T, "period_from", e))?,
                    kind: ContactKind::Visit,
                    planned: true,
                })
            })
            .collect()
    }

    /// Every company's key account manager (values that are not a user id are skipped: the
    /// field is free data merged from devices).
    pub async fn key_accounts(&self) -> Result<HashMap<Cvr, Uuid>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "select cvr, value from company_shared_fields where field = 'key_account' and value is not null",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(cvr, user)| Some((Cvr::parse(&cvr).ok()?, Uuid::parse_str(user.trim()).ok()?)))
            .collect())
    }

    /// Companies with a follow-up promised and not done.
    pub async fn open_follow_up_companies(&self) -> Result<HashSet<Cvr>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "select distinct company_cvr from contacts \
             where follow_up_due is not null and follow_up_done_on is null",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|cvr| parse_cvr("contacts", cvr)).collect()
    }

    /// Companies flagged do-not-contact.
    pub async fn do_not_contact_companies(&self) -> Result<HashSet<Cvr>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("select company_cvr from do_not_contact").fetch_all(&self.pool).await?;
        rows.iter().map(|cvr| parse_cvr("do_not_contact", cvr)).collect()
    }

    /// The consultants with a unit: who a plan assigns.
    pub async fn plan_consultants(&self) -> Result<Vec<Consultant>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "select id, unit_id from users where role = 'consultant' and unit_id is not null and active = 1 order by id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(user, unit)| {
                Ok(Consultant {
                    user_id: parse_uuid("users", "id", &user)?,
                    unit_id: parse_uuid("users", "unit_id", &unit)?,
                })
            })
            .collect()
    }
}
