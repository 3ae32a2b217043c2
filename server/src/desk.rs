//! `GET /api/desk/…`: the coordinator's overview — parallel contacts, companies not contacted
//! for long, coverage, feedback and the do-not-contact list. Coordinators and admins only.
//!
//! Every figure is computed by the domain's rules ([`kontaktpunkt_domain::overview`]) over
//! facts read from the store, so the app can compute the same from its local store.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::store::DoNotContactEntry;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Months, NaiveDate};
use kontaktpunkt_domain::EmployeeInterval;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::overview::{
    self, Coverage, DEFAULT_PARALLEL_DAYS, DEFAULT_STALE_MONTHS, FeedbackSummary, MonthCount, ParallelCase,
    StaleCompany, StaleFilter,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

/// Longest window of (A), in days.
pub const MAX_PARALLEL_DAYS: i64 = 366;
/// Longest period any overview covers, in days (five years).
pub const MAX_PERIOD_DAYS: i64 = 5 * 366;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/desk/parallel", get(parallel))
        .route("/api/desk/stale", get(stale))
        .route("/api/desk/coverage", get(coverage))
        .route("/api/desk/feedback", get(feedback))
        .route("/api/desk/do-not-contact", get(do_not_contact))
}

/// Today as the municipality's server sees it (the demo is generated with the same date).
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn require_desk(auth: &AuthUser) -> Result<(), ApiError> {
    if crate::access::may_review(auth.user.role) { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// Collects bad query parameters, then answers 400 with Danish and English text per field.
#[derive(Default)]
struct Problems(BTreeMap<String, String>);

impl Problems {
    fn add(&mut self, field: &str, danish: &str, english: &str) {
        self.0.insert(field.to_owned(), format!("{danish} / {english}"));
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(ApiError::Refused {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_query",
            message: "Ugyldige parametre i forespørgslen / Invalid query parameters".to_owned(),
            fields: self.0,
        })
    }

    fn date(&mut self, field: &str, text: Option<&str>) -> Option<NaiveDate> {
        let text = text.map(str::trim).filter(|t| !t.is_empty())?;
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.add(field, "skal være en dato som 2026-11-30", "must be a date such as 2026-11-30");
                None
            }
        }
    }

    fn number(
        &mut self,
        field: &str,
        text: Option<&str>,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let text = text.map(str::trim).filter(|t| !t.is_empty())?;
        match text.parse::<i64>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                let (lo, hi) = (range.start(), range.end());
                self.add(
                    field,
                    &format!("skal være et helt tal fra {lo} til {hi}"),
                    &format!("must be a whole number from {lo} to {hi}"),
                );
                None
            }
        }
    }

    /// A period: `to` defaults to today, `from` to `to` minus the default length; `from`
    /// after `to` or a period over five years is refused.
    fn period(&mut self, from: Option<&str>, to: Option<&str>, default: Months) -> (NaiveDate, NaiveDate) {
        let to = self.date("to", to).unwrap_or_else(today);
        let from = self.date("from", from).unwrap_or_else(|| to.checked_sub_months(default).unwrap_or(to));
        if from > to {
            self.add("from", "skal ligge før 'to'", "must not be after 'to'");
        } else if (to - from).num_days() > MAX_PERIOD_DAYS {
            self.add("from", "perioden må højst være fem år", "the period may be five years at most");
        }
        (from, to)
    }

    fn csv(&mut self, format: Option<&str>) -> bool {
        match format.map(str::trim) {
            None | Some("" | "json") => false,
            Some("csv") => true,
            Some(_) => {
                self.add("format", "skal være json eller csv", "must be json or csv");
                false
            }
        }
    }
}

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|rejection| ApiError::Refused {
        status: StatusCode::BAD_REQUEST,
        code: "invalid_query",
        message: format!("Ugyldig forespørgsel / Invalid query: {}", rejection.body_text()),
        fields: BTreeMap::new(),
    })
}

/// A CSV download (UTF-8 with a byte-order mark, so spreadsheet programs read æøå).
pub(crate) fn csv_response(name: &str, rows: Vec<Vec<String>>) -> Result<Response, ApiError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer.write_record(&row).map_err(|e| ApiError::Internal(e.into()))?;
    }
    let body = writer.into_inner().map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

/// Query of `GET /api/desk/parallel`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ParallelQuery {
    /// Window in days within which two units' contacts are parallel; default 30, 0–366.
    #[param(value_type = Option<u32>)]
    days: Option<String>,
    /// First day (YYYY-MM-DD); default `to` minus `days`.
    #[param(value_type = Option<String>, example = "2026-11-01")]
    from: Option<String>,
    /// Last day (YYYY-MM-DD); default today.
    #[param(value_type = Option<String>, example = "2026-11-30")]
    to: Option<String>,
}

/// (A) The answer of `GET /api/desk/parallel`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParallelOverview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    /// How many companies are in `cases`.
    pub count: u64,
    pub cases: Vec<ParallelCase>,
    /// Per calendar month of the period: companies with two or more units that month.
    pub trend: Vec<MonthCount>,
}

/// (A) Companies contacted by two or more different units within `days` of each other in the
/// period, with the contacts (unit, person, date, kind), and the monthly trend.
#[utoipa::path(
    get,
    path = "/api/desk/parallel",
    tag = "desk",
    params(ParallelQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Parallel cases by CVR number and the monthly trend", body = ParallelOverview),
        (status = 400, description = "A bad parameter (`invalid_query`, Danish / English per field)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn parallel(
    State(state): State<AppState>,
    auth: AuthUser,
    q: Result<Query<ParallelQuery>, QueryRejection>,
) -> Result<Json<ParallelOverview>, ApiError> {
    require_desk(&auth)?;
    let q = query(q)?;
    let mut problems = Problems::default();
    let days =
        problems.number("days", q.days.as_deref(), 0..=MAX_PARALLEL_DAYS).unwrap_or(DEFAULT_PARALLEL_DAYS);
    let to = problems.date("to", q.to.as_deref()).unwrap_or_else(today);
    let from = problems.date("from", q.from.as_deref()).unwrap_or(to - chrono::Duration::days(days));
    if from > to {
        problems.add("from", "skal ligge før 'to'", "must not be after 'to'");
    } else if (to - from).num_days() > MAX_PERIOD_DAYS {
        problems.add("from", "perioden må højst være fem år", "the period may be five years at most");
    }
    problems.finish()?;
    let (mut facts, planned) = tokio::try_join!(
        state.store().contact_facts(from, to),
        state.store().planned_contact_facts(from, to)
    )?;
    // Planned contacts (published plans, proposed or accepted) count as contacts here.
    facts.extend(planned);
    let cases = overview::parallel_cases(&facts, from, to, days);
    let trend = overview::parallel_by_month(&facts, from, to);
    Ok(Json(ParallelOverview { from, to, days, count: cases.len() as u64, cases, trend }))
}

/// Query of `GET /api/desk/stale`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct StaleQuery {
    /// Months without contact; default 12, 1–120.
    #[param(value_type = Option<u32>)]
    months: Option<String>,
    /// Employee intervals, comma-separated (`from10_to19,from20_to49`).
    #[param(value_type = Option<String>)]
    employees: Option<String>,
    /// Industry group 1–11 (Statistics Denmark's 10 groups, 11 "Uoplyst").
    #[param(value_type = Option<u8>)]
    industry_group: Option<String>,
    /// Four-digit postal code.
    #[param(value_type = Option<String>, example = "8900")]
    postal_code: Option<String>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>)]
    format: Option<String>,
}

/// (B) The answer of `GET /api/desk/stale`.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaleOverview {
    pub today: NaiveDate,
    pub months: u32,
    pub count: u64,
    /// How many of them were never contacted.
    pub never_contacted: u64,
    /// Never-contacted first, then the oldest last contact first.
    pub companies: Vec<StaleCompany>,
}

/// (B) Active companies without any contact for `months` months, never-contacted included
/// (ceased companies never), filtered; `format=csv` downloads the list.
#[utoipa::path(
    get,
    path = "/api/desk/stale",
    tag = "desk",
    params(StaleQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The companies (JSON, or CSV with `format=csv`)", body = StaleOverview),
        (status = 400, description = "A bad parameter (`invalid_query`, Danish / English per field)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn stale(
    State(state): State<AppState>,
    auth: AuthUser,
    q: Result<Query<StaleQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_desk(&auth)?;
    let q = query(q)?;
    let mut problems = Problems::default();
    let months =
        problems.number("months", q.months.as_deref(), 1..=120).unwrap_or(i64::from(DEFAULT_STALE_MONTHS));
    let industry_group = problems.number("industry_group", q.industry_group.as_deref(), 1..=11);
    let postal_code = q.postal_code.as_deref().map(str::trim).filter(|p| !p.is_empty());
    if postal_code.is_some_and(|p| p.len() != 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        problems.add(
            "postal_code",
            "skal være et postnummer med fire cifre",
            "must be a four-digit postal code",
        );
    }
    let mut employees = None;
    if let Some(list) = q.employees.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        let parsed: Vec<Option<EmployeeInterval>> = list
            .split(',')
            .map(|e| EmployeeInterval::ALL.into_iter().find(|i| i.as_str() == e.trim()))
            .collect();
        if parsed.iter().any(Option::is_none) {
            problems.add("employees", "ukendt interval af ansatte", "unknown employee interval");
        }
        employees = Some(parsed.into_iter().flatten().collect());
    }
    let csv = problems.csv(q.format.as_deref());
    problems.finish()?;
    let filter = StaleFilter {
        employees,
        industry_group: industry_group.and_then(|g| u8::try_from(g).ok()),
        postal_code: postal_code.map(str::to_owned),
    };
    let today = today();
    let months = u32::try_from(months).unwrap_or(DEFAULT_STALE_MONTHS);
    let (companies, last) =
        tokio::try_join!(state.store().company_facts(), state.store().last_contact_dates())?;
    let stale = overview::stale_companies(&companies, &last, today, months, &filter);
    if csv {
        let mut rows = vec![
            ["cvr", "navn", "postnr", "by", "branchekode", "branchegruppe", "ansatte", "seneste_kontakt"]
                .map(str::to_owned)
                .to_vec(),
        ];
        rows.extend(stale.iter().map(|s| {
            vec![
                s.cvr.to_string(),
                s.name.clone(),
                s.postal_code.clone(),
                s.town.clone(),
                s.industry_code.clone(),
                s.industry_group.to_string(),
                s.employees.label().to_owned(),
                s.last_contact.map(|d| d.to_string()).unwrap_or_default(),
            ]
        }));
        return csv_response("ikke-kontaktet.csv", rows);
    }
    let never_contacted = stale.iter().filter(|s| s.last_contact.is_none()).count() as u64;
    Ok(Json(StaleOverview { today, months, count: stale.len() as u64, never_contacted, companies: stale })
        .into_response())
}

/// Query of `GET /api/desk/coverage` and `GET /api/desk/feedback`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeriodQuery {
    /// First day (YYYY-MM-DD); default 12 months before `to`.
    #[param(value_type = Option<String>, example = "2025-12-01")]
    from: Option<String>,
    /// Last day (YYYY-MM-DD); default today.
    #[param(value_type = Option<String>, example = "2026-11-30")]
    to: Option<String>,
}

/// (C) The answer of `GET /api/desk/coverage`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageOverview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A group is `far_below` when its share is under this fraction of the municipality's.
    pub far_below_fraction: f64,
    #[serde(flatten)]
    pub coverage: Coverage,
}

/// (C) Share of active companies contacted in the period by industry group, DB07 section and
/// postal code; groups under half the municipality's share are `far_below`.
#[utoipa::path(
    get,
    path = "/api/desk/coverage",
    tag = "desk",
    params(PeriodQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Coverage of the period", body = CoverageOverview),
        (status = 400, description = "A bad parameter (`invalid_query`, Danish / English per field)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn coverage(
    State(state): State<AppState>,
    auth: AuthUser,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<CoverageOverview>, ApiError> {
    require_desk(&auth)?;
    let q = query(q)?;
    let mut problems = Problems::default();
    let (from, to) = problems.period(q.from.as_deref(), q.to.as_deref(), Months::new(12));
    problems.finish()?;
    let (companies, contacted) =
        tokio::try_join!(state.store().company_facts(), state.store().contacted_companies(from, to))?;
    let coverage = overview::coverage(&companies, &contacted);
    Ok(Json(CoverageOverview { from, to, far_below_fraction: overview::FAR_BELOW_FRACTION, coverage }))
}

/// The answer of `GET /api/desk/feedback`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackOverview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub summary: FeedbackSummary,
}

/// The companies' feedback submitted in the period: responses, average satisfaction and the
/// share finding the contact relevant, in total, by unit (of the contact) and by month.
#[utoipa::path(
    get,
    path = "/api/desk/feedback",
    tag = "desk",
    params(PeriodQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Feedback aggregates of the period", body = FeedbackOverview),
        (status = 400, description = "A bad parameter (`invalid_query`, Danish / English per field)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn feedback(
    State(state): State<AppState>,
    auth: AuthUser,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<FeedbackOverview>, ApiError> {
    require_desk(&auth)?;
    let q = query(q)?;
    let mut problems = Problems::default();
    let (from, to) = problems.period(q.from.as_deref(), q.to.as_deref(), Months::new(12));
    problems.finish()?;
    let answers = state.store().feedback_facts(from, to).await?;
    Ok(Json(FeedbackOverview { from, to, summary: overview::feedback_summary(&answers, from, to) }))
}

/// Query of `GET /api/desk/do-not-contact`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FormatQuery {
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>)]
    format: Option<String>,
}

/// Every current do-not-contact flag with company name, reason, who registered it and when,
/// by company name; `format=csv` downloads it. The flag's history is at
/// `/api/do-not-contact/{cvr}/history`.
#[utoipa::path(
    get,
    path = "/api/desk/do-not-contact",
    tag = "desk",
    params(FormatQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The flags (JSON, or CSV with `format=csv`)", body = Vec<DoNotContactEntry>),
        (status = 400, description = "A bad parameter (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn do_not_contact(
    State(state): State<AppState>,
    auth: AuthUser,
    q: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_desk(&auth)?;
    let q = query(q)?;
    let mut problems = Problems::default();
    let csv = problems.csv(q.format.as_deref());
    problems.finish()?;
    let list = state.store().do_not_contact_list().await?;
    if !csv {
        return Ok(Json(list).into_response());
    }
    let mut rows = vec![
        ["cvr", "navn", "begrundelse", "registreret_af", "registreret_den", "bedt_om_af", "gaelder_for"]
            .map(str::to_owned)
            .to_vec(),
    ];
    rows.extend(list.iter().map(|e| {
        vec![
            e.company.to_string(),
            e.company_name.clone(),
            e.reason.clone(),
            e.registered_by_name.clone(),
            e.registered_on.to_string(),
            e.requested_by.clone().unwrap_or_default(),
            if e.unit_names.is_empty() { "alle enheder".to_owned() } else { e.unit_names.join(", ") },
        ]
    }));
    csv_response("frabedt-kontakt.csv", rows)
}
