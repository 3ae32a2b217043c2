//! What the coordinator's desk reads: plain facts for the domain's overview rules.

use super::{Store, StoreError, bad_row, parse_uuid};
use chrono::NaiveDate;
use kontaktpunkt_domain::feedback::Survey;
use kontaktpunkt_domain::overview::{CompanyFact, ContactFact, FeedbackFact};
use kontaktpunkt_domain::{ContactKind, Cvr, EmployeeInterval};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One current do-not-contact flag with its company and registrant, for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DoNotContactEntry {
    #[schema(value_type = String)]
    pub company: Cvr,
    pub company_name: String,
    pub reason: String,
    pub registered_by: uuid::Uuid,
    /// The registrant's display name (empty if the user is gone).
    pub registered_by_name: String,
    pub registered_on: NaiveDate,
    /// How many times the flag was set or lifted (its history).
    pub history_events: u64,
    /// Who at the company asked, if recorded.
    pub requested_by: Option<String>,
    /// The names of the units it holds for; empty: every unit.
    pub unit_names: Vec<String>,
}

/// cvr, company name, reason, registered_by, registrant's name, registered_on, history events,
/// requested by, unit names (a JSON array, null for every unit).
type FlagRow = (String, String, String, String, Option<String>, String, i64, Option<String>, Option<String>);

fn parse_cvr(table: &'static str, text: &str) -> Result<Cvr, StoreError> {
    Cvr::parse(text).map_err(|e| bad_row(table, "company_cvr", e))
}

fn parse_date(table: &'static str, column: &str, text: &str) -> Result<NaiveDate, StoreError> {
    text.get(..10).unwrap_or(text).parse().map_err(|e| bad_row(table, column, e))
}

impl Store {
    /// Contacts dated within `from..=to`, without notes.
    ///
    /// Read from the covering index `contacts_date_facts`, each row as one text of its five
    /// columns joined by the unit separator (which none of them holds): at 200,000 contacts
    /// sqlx's per-column cost made five columns take twice as long as one.
    pub async fn contact_facts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ContactFact>, StoreError> {
        const T: &str = "contacts";
        let rows: Vec<String> = sqlx::query_scalar(
            "select company_cvr || char(31) || unit_id || char(31) || user_id || char(31) || contact_date \
             || char(31) || kind from contacts where contact_date >= ?1 and contact_date <= ?2",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        // Few units and users: each id text is parsed once.
        let mut ids: HashMap<String, Uuid> = HashMap::new();
        let mut id = |column: &str, text: &str| -> Result<Uuid, StoreError> {
            if let Some(id) = ids.get(text) {
                return Ok(*id);
            }
            let id = parse_uuid(T, column, text)?;
            ids.insert(text.to_owned(), id);
            Ok(id)
        };
        rows.iter()
            .map(|row| {
                let mut parts = row.split('\u{1f}');
                let mut next = |column: &str| parts.next().ok_or_else(|| bad_row(T, column, "missing"));
                let (cvr, unit, user, date, kind) = (
                    next("company_cvr")?,
                    next("unit_id")?,
                    next("user_id")?,
                    next("contact_date")?,
                    next("kind")?,
                );
                Ok(ContactFact {
                    company: parse_cvr(T, cvr)?,
                    unit_id: id("unit_id", unit)?,
                    user_id: id("user_id", user)?,
                    date: parse_date(T, "contact_date", date)?,
                    kind: ContactKind::parse(kind).ok_or_else(|| bad_row(T, "kind", kind))?,
                    planned: false,
                })
            })
            .collect()
    }

    /// The companies with a contact dated within `from..=to` (from the index by date alone).
    pub async fn contacted_companies(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<HashSet<Cvr>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "select distinct company_cvr from contacts where contact_date >= ?1 and contact_date <= ?2",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|cvr| parse_cvr("contacts", cvr)).collect()
    }

    /// Every company (active and ceased) as the overview sees it.
    pub async fn company_facts(&self) -> Result<Vec<CompanyFact>, StoreError> {
        let rows: Vec<(String, String, String, String, String, String, bool)> = sqlx::query_as(
            "select cvr, name, postal_code, town, industry_code, employees, active from companies",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(cvr, name, postal_code, town, industry_code, employees, active)| {
                Ok(CompanyFact {
                    cvr: Cvr::parse(&cvr).map_err(|e| bad_row("companies", "cvr", e))?,
                    name,
                    postal_code,
                    town,
                    industry_code,
                    employees: EmployeeInterval::parse(&employees),
                    active,
                })
            })
            .collect()
    }

    /// Each company's latest contact date ever.
    pub async fn last_contact_dates(&self) -> Result<HashMap<Cvr, NaiveDate>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("select company_cvr, max(contact_date) from contacts group by company_cvr")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(cvr, date)| {
                Ok((parse_cvr("contacts", &cvr)?, parse_date("contacts", "contact_date", &date)?))
            })
            .collect()
    }

    /// Feedback submitted within `from..=to` with the unit of its contact.
    pub async fn feedback_facts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FeedbackFact>, StoreError> {
        // `submitted_at` is RFC 3339 text: the day after `to` bounds it from above.
        let until = to.succ_opt().unwrap_or(to).to_string();
        let rows: Vec<(String, String, i64, bool, Option<String>)> = sqlx::query_as(
            "select c.unit_id, f.submitted_at, f.satisfaction, f.relevant, f.survey \
             from feedback f join contacts c on c.id = f.contact_id \
             where f.submitted_at >= ?1 and f.submitted_at < ?2",
        )
        .bind(from.to_string())
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(unit, at, satisfaction, relevant, survey)| {
                let survey: Option<Survey> = survey
                    .map(|json| serde_json::from_str(&json))
                    .transpose()
                    .map_err(|e| bad_row("feedback", "survey", e))?;
                Ok(FeedbackFact {
                    unit_id: parse_uuid("feedback", "unit_id", &unit)?,
                    date: parse_date("feedback", "submitted_at", &at)?,
                    satisfaction: u8::try_from(satisfaction)
                        .map_err(|e| bad_row("feedback", "satisfaction", e))?,
                    // Version 2 keeps "no answer" apart from "no" in its survey.
                    relevant: survey.map_or(Some(relevant), |s| s.relevant.as_bool()),
                    survey,
                })
            })
            .collect()
    }

    /// Every current do-not-contact flag, by company name.
    pub async fn do_not_contact_list(&self) -> Result<Vec<DoNotContactEntry>, StoreError> {
        let rows: Vec<FlagRow> = sqlx::query_as(
            "select d.company_cvr, c.name, d.reason, d.registered_by, u.display_name, d.registered_on, \
                    (select count(*) from do_not_contact_history h where h.company_cvr = d.company_cvr), \
                    d.requested_by, \
                    (select json_group_array(un.name) from json_each(d.units) j join units un on un.id = j.value) \
             from do_not_contact d \
             join companies c on c.cvr = d.company_cvr \
             left join users u on u.id = d.registered_by \
             order by c.name, d.company_cvr",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(cvr, company_name, reason, by, by_name, on, events, requested_by, unit_names)| {
                Ok(DoNotContactEntry {
                    company: parse_cvr("do_not_contact", &cvr)?,
                    company_name,
                    reason,
                    registered_by: parse_uuid("do_not_contact", "registered_by", &by)?,
                    registered_by_name: by_name.unwrap_or_default(),
                    registered_on: parse_date("do_not_contact", "registered_on", &on)?,
                    history_events: u64::try_from(events).unwrap_or(0),
                    requested_by,
                    unit_names: match unit_names {
                        Some(names) => {
                            serde_json::from_str(&names).map_err(|e| bad_row("do_not_contact", "units", e))?
                        }
                        None => Vec::new(),
                    },
                })
            })
            .collect()
    }
}
