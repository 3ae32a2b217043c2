//! `/api/plans…`: the contact plan (kontaktplan). Coordinators and admins compute a draft
//! from the store's facts with the domain's rule ([`kontaktpunkt_domain::plan::suggest`]),
//! reassign or remove its rows, and publish it; publishing puts every row into the change log
//! as a `planned_contact` record, and the assigned consultants accept or decline their rows
//! offline through sync (`planned_contact_answered`).

use crate::AppState;
use crate::auth::AuthUser;
use crate::desk::{csv_response, today};
use crate::error::ApiError;
use crate::store::{ItemEdit, NewPlan, PlanRefusal};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono::{Months, NaiveDate, Utc};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::overview::{self, ContactFact};
use kontaktpunkt_domain::plan::{
    self, DEFAULT_CAPACITY, DEFAULT_RECENT_DAYS, MAX_CAPACITY, MAX_PERIOD_DAYS, PlanError, PlanFacts,
    PlanSettings,
};
use kontaktpunkt_domain::plan::{PlanDetail, PlanSummary};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/plans", post(create).get(list))
        .route("/api/plans/{id}", get(show))
        .route("/api/plans/{id}/items/{item}", patch(edit_item))
        .route("/api/plans/{id}/publish", post(publish))
}

fn require_planner(auth: &AuthUser) -> Result<(), ApiError> {
    if auth.user.role.sees_desk() { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// Body of `POST /api/plans`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePlan {
    /// First day of the period (YYYY-MM-DD).
    #[schema(example = "2026-12-01")]
    pub from: Option<String>,
    /// Last day of the period (YYYY-MM-DD); at most 92 days after `from`, not before today.
    #[schema(example = "2026-12-31")]
    pub to: Option<String>,
    /// Most planned contacts per consultant, 1–200; default 10.
    pub capacity: Option<i64>,
}

/// Body of `PATCH /api/plans/{id}/items/{item}`: either `remove`, or a new consultant.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EditItem {
    /// Take the row out of the draft.
    #[serde(default)]
    pub remove: bool,
    /// The consultant (or any user with a unit) who should make the contact.
    pub user_id: Option<Uuid>,
    /// Their unit; defaults to the user's unit and must be it.
    pub unit_id: Option<Uuid>,
}

/// Query of `GET /api/plans/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PlanQuery {
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>)]
    format: Option<String>,
}

/// One field's problem in Danish and English, the desk's way.
fn problem(fields: &mut BTreeMap<String, String>, field: &str, danish: &str, english: &str) {
    fields.insert(field.to_owned(), format!("{danish} / {english}"));
}

fn date(fields: &mut BTreeMap<String, String>, field: &str, text: Option<&str>) -> Option<NaiveDate> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        problem(fields, field, "skal angives", "is required");
        return None;
    };
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if parsed.is_none() {
        problem(fields, field, "skal være en dato som 2026-12-01", "must be a date such as 2026-12-01");
    }
    parsed
}

/// The period and capacity of a new plan, or 422 with Danish / English per field.
fn settings(body: &CreatePlan, today: NaiveDate) -> Result<(NaiveDate, NaiveDate, u32), ApiError> {
    let mut fields = BTreeMap::new();
    let from = date(&mut fields, "from", body.from.as_deref());
    let to = date(&mut fields, "to", body.to.as_deref());
    let capacity = body.capacity.unwrap_or(i64::from(DEFAULT_CAPACITY));
    let capacity_u32 = u32::try_from(capacity).unwrap_or(0);
    let (Some(from), Some(to)) = (from, to) else {
        return Err(ApiError::InvalidInput(fields));
    };
    for error in plan::validate(from, to, capacity_u32, today) {
        match error {
            PlanError::PeriodReversed => {
                problem(&mut fields, "from", "skal ligge før 'to'", "must not be after 'to'")
            }
            PlanError::PeriodTooLong => problem(
                &mut fields,
                "to",
                &format!("perioden må højst være {MAX_PERIOD_DAYS} dage"),
                &format!("the period may be {MAX_PERIOD_DAYS} days at most"),
            ),
            PlanError::PeriodInThePast => {
                problem(&mut fields, "to", "perioden er allerede slut", "the period has already ended")
            }
            PlanError::CapacityOutOfRange => problem(
                &mut fields,
                "capacity",
                &format!("skal være et helt tal fra 1 til {MAX_CAPACITY}"),
                &format!("must be a whole number from 1 to {MAX_CAPACITY}"),
            ),
        }
    }
    if fields.is_empty() { Ok((from, to, capacity_u32)) } else { Err(ApiError::InvalidInput(fields)) }
}

/// The facts the rule reads for a plan of `from..=to`, from the store.
pub async fn plan_facts(
    state: &AppState,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PlanFacts, ApiError> {
    let store = state.store();
    let history_from = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let planned_from = from - chrono::Duration::days(DEFAULT_RECENT_DAYS);
    let (companies, mut contacts, planned, do_not_contact, key_accounts, open_follow_ups, consultants) = tokio::try_join!(
        store.company_facts(),
        store.contact_facts(history_from, today),
        store.planned_contact_facts(planned_from, to),
        store.do_not_contact_companies(),
        store.key_accounts(),
        store.open_follow_up_companies(),
        store.plan_consultants(),
    )?;
    // Coverage of the last 12 months decides which industry groups are under-covered.
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let contacted: HashSet<_> =
        contacts.iter().filter(|c: &&ContactFact| c.date >= year_ago).map(|c| c.company.clone()).collect();
    let under_covered = plan::under_covered_groups(&overview::coverage(&companies, &contacted));
    contacts.extend(planned);
    Ok(PlanFacts {
        companies,
        contacts,
        do_not_contact,
        key_accounts,
        open_follow_ups,
        consultants,
        under_covered,
    })
}

/// Reads the store's facts and runs the rule: the suggestions of a plan for `from..=to`.
pub async fn suggestions(
    state: &AppState,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    capacity: u32,
) -> Result<Vec<plan::Suggestion>, ApiError> {
    let facts = plan_facts(state, today, from, to).await?;
    let settings = PlanSettings { today, from, to, capacity, recent_days: DEFAULT_RECENT_DAYS };
    Ok(plan::suggest(&facts, &settings))
}

/// Computes a draft plan for the period from the store's facts: who should contact which
/// companies, with the reasons, at most `capacity` per consultant.
#[utoipa::path(
    post,
    path = "/api/plans",
    tag = "plans",
    request_body = CreatePlan,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The draft with its suggested rows", body = PlanDetail),
        (status = 400, description = "The body is not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "A bad period or capacity (`invalid_input`, Danish / English per field)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    body: Result<Json<CreatePlan>, JsonRejection>,
) -> Result<Response, ApiError> {
    require_planner(&auth)?;
    let Json(body) = body?;
    let today = today();
    let (from, to, capacity) = settings(&body, today)?;
    let suggestions = suggestions(&state, today, from, to, capacity).await?;
    let new = NewPlan { from, to, capacity, created_by: auth.user.id };
    let id = state.store().create_plan(&new, &suggestions, Utc::now()).await?;
    let detail = state.store().plan(id).await?.ok_or(ApiError::NotFound)?;
    tracing::info!(%id, items = detail.items.len(), "contact plan drafted");
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

/// Every plan, newest first, with counts of rows and answers.
#[utoipa::path(
    get,
    path = "/api/plans",
    tag = "plans",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The plans", body = Vec<PlanSummary>),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    require_planner(&auth)?;
    Ok(Json(state.store().plans().await?))
}

fn plan_id(path: Result<Path<String>, PathRejection>) -> Result<Uuid, ApiError> {
    let Path(id) = path.map_err(|_| ApiError::NotFound)?;
    Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)
}

/// One plan with its rows (company names, unit, consultant, reasons, answers), in the
/// suggested order; `format=csv` downloads it.
#[utoipa::path(
    get,
    path = "/api/plans/{id}",
    tag = "plans",
    params(("id" = Uuid, Path, description = "The plan's id"), PlanQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The plan (JSON, or CSV with `format=csv`)", body = PlanDetail),
        (status = 400, description = "A bad parameter (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such plan (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn show(
    State(state): State<AppState>,
    auth: AuthUser,
    path: Result<Path<String>, PathRejection>,
    q: Result<Query<PlanQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_planner(&auth)?;
    let id = plan_id(path)?;
    let csv = match q.ok().and_then(|Query(q)| q.format).as_deref().map(str::trim) {
        None | Some("" | "json") => false,
        Some("csv") => true,
        Some(_) => {
            return Err(ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_query",
                message: "Ugyldige parametre i forespørgslen / Invalid query parameters".to_owned(),
                fields: BTreeMap::from([(
                    "format".to_owned(),
                    "skal være json eller csv / must be json or csv".to_owned(),
                )]),
            });
        }
    };
    let detail = state.store().plan(id).await?.ok_or(ApiError::NotFound)?;
    if !csv {
        return Ok(Json(detail).into_response());
    }
    let mut rows = vec![
        ["prioritet", "cvr", "navn", "enhed", "konsulent", "point", "status", "begrundelse", "svar"]
            .map(str::to_owned)
            .to_vec(),
    ];
    rows.extend(detail.items.iter().enumerate().map(|(n, item)| {
        vec![
            (n + 1).to_string(),
            item.company.to_string(),
            item.company_name.clone(),
            item.unit_name.clone(),
            item.user_name.clone(),
            item.score.to_string(),
            item.status.as_str().to_owned(),
            item.reasons_da.clone(),
            item.answer.clone().unwrap_or_default(),
        ]
    }));
    csv_response(&format!("kontaktplan-{}-{}.csv", detail.plan.from, detail.plan.to), rows)
}

fn refused(refusal: PlanRefusal) -> ApiError {
    match refusal {
        PlanRefusal::UnknownPlan | PlanRefusal::UnknownItem => ApiError::NotFound,
        PlanRefusal::Published => ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: "plan_published",
            message: "Planen er offentliggjort og kan ikke længere ændres / \
                      The plan is published and can no longer be changed"
                .to_owned(),
            fields: BTreeMap::new(),
        },
    }
}

/// Reassigns a row of a draft to another user (and their unit), or removes it
/// (`{"remove": true}`); answers the plan as it now is.
#[utoipa::path(
    patch,
    path = "/api/plans/{id}/items/{item}",
    tag = "plans",
    params(("id" = Uuid, Path, description = "The plan's id"), ("item" = Uuid, Path, description = "The row's id")),
    request_body = EditItem,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The plan after the change", body = PlanDetail),
        (status = 400, description = "The body is not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such plan or row (`not_found`)", body = ErrorBody),
        (status = 409, description = "The plan is published (`plan_published`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "An unknown user, a user without that unit, or nothing to do (`invalid_input`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn edit_item(
    State(state): State<AppState>,
    auth: AuthUser,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<EditItem>, JsonRejection>,
) -> Result<Json<PlanDetail>, ApiError> {
    require_planner(&auth)?;
    let Path((id, item)) = path.map_err(|_| ApiError::NotFound)?;
    let (id, item) = match (Uuid::parse_str(&id), Uuid::parse_str(&item)) {
        (Ok(id), Ok(item)) => (id, item),
        _ => return Err(ApiError::NotFound),
    };
    let Json(body) = body?;
    let mut fields = BTreeMap::new();
    let edit = match (body.remove, body.user_id) {
        (true, None) => ItemEdit::Remove,
        (true, Some(_)) => {
            problem(&mut fields, "remove", "fjern eller tildel, ikke begge", "remove or reassign, not both");
            return Err(ApiError::InvalidInput(fields));
        }
        (false, None) => {
            problem(&mut fields, "user_id", "skal angives (eller remove)", "is required (or remove)");
            return Err(ApiError::InvalidInput(fields));
        }
        (false, Some(user_id)) => match state.store().unit_of_user(user_id).await? {
            None => {
                problem(&mut fields, "user_id", "ukendt bruger", "unknown user");
                return Err(ApiError::InvalidInput(fields));
            }
            Some(None) => {
                problem(&mut fields, "user_id", "brugeren hører ikke til en enhed", "the user has no unit");
                return Err(ApiError::InvalidInput(fields));
            }
            Some(Some(unit_id)) if body.unit_id.is_none_or(|u| u == unit_id) => {
                ItemEdit::Reassign { unit_id, user_id }
            }
            Some(Some(_)) => {
                problem(&mut fields, "unit_id", "skal være brugerens enhed", "must be the user's unit");
                return Err(ApiError::InvalidInput(fields));
            }
        },
    };
    state.store().edit_plan_item(id, item, edit, Utc::now()).await?.map_err(refused)?;
    Ok(Json(state.store().plan(id).await?.ok_or(ApiError::NotFound)?))
}

/// Publishes a draft: every row enters the sync change log as a `planned_contact`, so each
/// consultant's devices get their planned contacts (offline too) and other units see them
/// as planned. A published plan is not edited any more.
#[utoipa::path(
    post,
    path = "/api/plans/{id}/publish",
    tag = "plans",
    params(("id" = Uuid, Path, description = "The plan's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The published plan", body = PlanDetail),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such plan (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already published (`plan_published`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn publish(
    State(state): State<AppState>,
    auth: AuthUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<PlanDetail>, ApiError> {
    require_planner(&auth)?;
    let id = plan_id(path)?;
    let logged = state.store().publish_plan(id, auth.user.id, Utc::now()).await?.map_err(refused)?;
    tracing::info!(%id, logged, "contact plan published");
    Ok(Json(state.store().plan(id).await?.ok_or(ApiError::NotFound)?))
}
