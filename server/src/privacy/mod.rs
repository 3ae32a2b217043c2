//! `/api/admin/privacy/…`: the GDPR tools — find a contact person, export everything about
//! them, erase them, list those untouched for years — and the access-to-documents export
//! (aktindsigt) of all contacts with one company for a period ([`access_request`]).
//!
//! Contact persons are entries of each company's `contact_persons` shared field; a person's
//! id is the company's CVR number and a hash of the name ([`scrub::person_id`]), so audit
//! entries can name the person without holding their data. The person tools are for admins;
//! the access-to-documents export is also for coordinators. Exports and erasures are audited.

pub mod access_request;
pub mod scrub;

use crate::AppState;
use crate::access;
use crate::auth::{AuthUser, ClientAddr};
use crate::error::ApiError;
use crate::store::{ContactPersonMatch, ErasureReport, NewAuditEntry};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::accounts::AuditAction;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::contact_person::{
    DEFAULT_RETENTION_YEARS, MAX_RETENTION_YEARS, is_untouched, retention_cutoff,
};
use kontaktpunkt_domain::privacy::{ContactPersonExport, ErasureRequest, RetentionList};
use serde::Deserialize;
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::IntoParams;

/// Longest reason an erasure may carry.
pub const MAX_REASON_CHARS: usize = 500;
/// Shortest and longest search text.
const QUERY_CHARS: std::ops::RangeInclusive<usize> = 2..=100;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/privacy/contact-persons", get(find))
        .route("/api/admin/privacy/contact-persons/{id}", get(export))
        .route("/api/admin/privacy/contact-persons/{id}/erase", post(erase))
        .route("/api/admin/privacy/retention", get(retention))
        .route("/api/admin/privacy/access-request/{cvr}", get(access_request::access_request))
}

/// 403 for anyone but an admin.
fn require_admin(auth: &AuthUser) -> Result<(), ApiError> {
    if access::may_manage_personal_data(auth.user.role) {
        return Ok(());
    }
    Err(refused(
        StatusCode::FORBIDDEN,
        "forbidden",
        "Kun administratorer kan bruge databeskyttelsesværktøjerne. / Only admins use the data protection tools.",
    ))
}

pub(crate) fn refused(status: StatusCode, code: &'static str, message: &str) -> ApiError {
    ApiError::Refused { status, code, message: message.to_owned(), fields: BTreeMap::new() }
}

/// A problem with one field, in Danish and English.
pub(crate) fn field(fields: &mut BTreeMap<String, String>, name: &str, danish: &str, english: &str) {
    fields.insert(name.to_owned(), format!("{danish} / {english}"));
}

/// The audit entry of a list of contact persons shown to an admin: which list, and how many.
fn shown(auth: &AuthUser, client: &ClientAddr, list: &str, count: usize) -> NewAuditEntry {
    NewAuditEntry::new(AuditAction::ContactPersonsShown)
        .by(&auth.user)
        .from_address(client.0)
        .detail("list", list)
        .detail("shown", count.to_string())
}

fn no_such_person() -> ApiError {
    refused(StatusCode::NOT_FOUND, "not_found", "Kontaktpersonen findes ikke. / No such contact person.")
}

/// The `{id}` of a contact person's path: anything not of the id's form answers 400.
pub(crate) struct PersonId {
    id: String,
    cvr: Cvr,
}

impl<S: Send + Sync> FromRequestParts<S> for PersonId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let id = Path::<String>::from_request_parts(parts, state).await.ok().map(|Path(id)| id);
        match id.as_deref().and_then(|id| scrub::parse_person_id(id).map(|cvr| (id, cvr))) {
            Some((id, cvr)) => Ok(Self { id: id.to_owned(), cvr }),
            None => Err(ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "bad_request",
                message: "Id'et i adressen er ikke en kontaktpersons id. / The id in the path is not a \
                          contact person's id."
                    .to_owned(),
                fields: BTreeMap::from([("id".to_owned(), "CVR number, '-', 16 hex digits".to_owned())]),
            }),
        }
    }
}

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|rejection| ApiError::field("query", rejection.body_text()))
}

/// Query of `GET /api/admin/privacy/contact-persons`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FindQuery {
    /// Part of a name or e-mail address (case-insensitive), or 3+ digits of a phone number;
    /// 2–100 characters.
    q: Option<String>,
}

/// Contact persons matching a name, e-mail address or phone number (at most 100); audited
/// with the ids of those shown.
#[utoipa::path(
    get,
    path = "/api/admin/privacy/contact-persons",
    tag = "privacy",
    params(FindQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Matching contact persons, by company", body = Vec<ContactPersonMatch>),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 422, description = "`q` is missing, too short or too long (`invalid_input`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn find(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    q: Result<Query<FindQuery>, QueryRejection>,
) -> Result<Json<Vec<ContactPersonMatch>>, ApiError> {
    require_admin(&auth)?;
    let text = query(q)?.q.map(|q| q.trim().to_owned()).unwrap_or_default();
    if !QUERY_CHARS.contains(&text.chars().count()) {
        let mut fields = BTreeMap::new();
        field(&mut fields, "q", "skal være 2–100 tegn", "must be 2–100 characters");
        return Err(ApiError::InvalidInput(fields));
    }
    let found = state.store().find_contact_persons(&text).await?;
    // What was searched for is personal data itself; the entry names who was shown, by id.
    let ids: Vec<&str> = found.iter().map(|m| m.id.as_str()).collect();
    let entry = shown(&auth, &client, "search", found.len()).detail("persons", ids.join(" "));
    state.store().audit(&entry, Utc::now()).await?;
    Ok(Json(found))
}

/// Everything stored about one contact person (GDPR right of access); audited.
#[utoipa::path(
    get,
    path = "/api/admin/privacy/contact-persons/{id}",
    tag = "privacy",
    params(("id" = String, Path, description = "The person's id from a search or the retention list")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's data", body = ContactPersonExport),
        (status = 400, description = "The id is not a contact person's id (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such contact person (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn export(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    person: PersonId,
) -> Result<Json<ContactPersonExport>, ApiError> {
    require_admin(&auth)?;
    let facts =
        state.store().contact_person_facts(&person.cvr, &person.id).await?.ok_or_else(no_such_person)?;
    let entry = NewAuditEntry::new(AuditAction::ContactPersonExported)
        .by(&auth.user)
        .on(person.id.clone())
        .from_address(client.0)
        .detail("company", person.cvr.as_str());
    state.store().audit(&entry, Utc::now()).await?;
    tracing::info!(admin = %auth.user.username, person = %person.id, "contact person exported");
    let audit = state.store().audit_entries_about(&person.id).await?;
    let found = facts.found;
    Ok(Json(ContactPersonExport {
        id: found.id,
        company: found.company,
        company_name: found.company_name,
        records: facts.records,
        changed_at: found.changed_at,
        changed_by: facts.changed_by,
        last_contact: found.last_contact,
        contacts: facts.contacts,
        follow_ups: facts.follow_ups,
        feedback: facts.feedback,
        conflicts: facts.conflicts,
        company_note: facts.company_note,
        audit,
    }))
}

/// Erases a contact person: their entry leaves the company's list on every device at its
/// next pull, and their name, phone and e-mail are removed from every table (conflicts,
/// notes, comments, remembered push answers, the change log). The company's contacts stay.
#[utoipa::path(
    post,
    path = "/api/admin/privacy/contact-persons/{id}/erase",
    tag = "privacy",
    params(("id" = String, Path, description = "The person's id")),
    request_body = ErasureRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Erased; what changed", body = ErasureReport),
        (status = 400, description = "Not JSON, or the id is not a contact person's id (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such contact person (`not_found`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "No reason, or too long (`invalid_input`), or the body is not an erasure \
                                      request (`bad_request`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn erase(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    person: PersonId,
    payload: Result<Json<ErasureRequest>, JsonRejection>,
) -> Result<Json<ErasureReport>, ApiError> {
    require_admin(&auth)?;
    let Json(request) = payload?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control)
    {
        let mut fields = BTreeMap::new();
        field(
            &mut fields,
            "reason",
            "skal angives, højst 500 tegn uden styretegn",
            "required, at most 500 characters, no control characters",
        );
        return Err(ApiError::InvalidInput(fields));
    }
    let audit = NewAuditEntry::new(AuditAction::ContactPersonErased)
        .by(&auth.user)
        .on(person.id.clone())
        .from_address(client.0)
        .detail("company", person.cvr.as_str());
    let report = state
        .store()
        .erase_contact_person(&person.cvr, &person.id, &auth.user, audit, reason, Utc::now())
        .await?
        .ok_or_else(no_such_person)?;
    tracing::info!(admin = %auth.user.username, person = %person.id, "contact person erased");
    Ok(Json(report))
}

/// Query of `GET /api/admin/privacy/retention`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RetentionQuery {
    /// Years without a change of the company's contact persons and without a contact with
    /// the company; 1–50, default 5.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    years: Option<String>,
}

/// Contact persons untouched for `years`: neither their company's list of contact persons
/// nor any contact with the company changed since — candidates for erasure. Audited.
#[utoipa::path(
    get,
    path = "/api/admin/privacy/retention",
    tag = "privacy",
    params(RetentionQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The untouched contact persons, by company", body = RetentionList),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 422, description = "`years` is not a whole number from 1 to 50 (`invalid_input`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn retention(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    q: Result<Query<RetentionQuery>, QueryRejection>,
) -> Result<Json<RetentionList>, ApiError> {
    require_admin(&auth)?;
    let q = query(q)?;
    let years = match q.years.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => DEFAULT_RETENTION_YEARS,
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_RETENTION_YEARS).contains(&n) => n,
            _ => {
                let mut fields = BTreeMap::new();
                field(
                    &mut fields,
                    "years",
                    "skal være et helt tal fra 1 til 50",
                    "must be a whole number from 1 to 50",
                );
                return Err(ApiError::InvalidInput(fields));
            }
        },
    };
    let cutoff = retention_cutoff(crate::desk::today(), years);
    let persons = state
        .store()
        .contact_persons()
        .await?
        .into_iter()
        .filter(|p| is_untouched(p.changed_at.date_naive(), p.last_contact, cutoff))
        .collect::<Vec<_>>();
    let entry = shown(&auth, &client, "retention", persons.len()).detail("years", years.to_string());
    state.store().audit(&entry, Utc::now()).await?;
    Ok(Json(RetentionList { years, cutoff, persons }))
}
