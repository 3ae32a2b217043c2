//! `GET /api/admin/privacy/access-request/{cvr}`: every contact with one company for a
//! period, for an access-to-documents request (aktindsigt), as CSV (default) or JSON.
//!
//! Admins and coordinators. An admin gets the notes of every contact (the request is
//! answered from the full journal); a coordinator gets the notes of their own unit's contacts
//! and the rest marked as withheld, as everywhere else ([`crate::access`]). Audited.

use super::{field, refused};
use crate::AppState;
use crate::access;
use crate::auth::{AuthUser, ClientAddr};
use crate::desk::csv_response;
use crate::error::ApiError;
use crate::store::{AccessContact, NewAuditEntry};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use kontaktpunkt_domain::accounts::AuditAction;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::privacy::{
    ACCESS_REQUEST_CSV_HEADER, AccessFeedback, AccessRequestContact, AccessRequestExport,
    access_request_csv_row,
};
use kontaktpunkt_domain::{Cvr, User};
use serde::Deserialize;
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::IntoParams;

/// Query of the export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AccessRequestQuery {
    /// First day of the period (YYYY-MM-DD), required.
    #[param(value_type = String, example = "2026-01-01")]
    from: Option<String>,
    /// Last day of the period (YYYY-MM-DD), required, not before `from`.
    #[param(value_type = String, example = "2026-12-31")]
    to: Option<String>,
    /// `csv` (default) or `json`.
    #[param(value_type = Option<String>)]
    format: Option<String>,
}

/// The contact as `viewer` may read it.
fn shown(viewer: &User, contact: AccessContact) -> AccessRequestContact {
    let notes_visible = access::sees_notes_in_access_request(viewer, contact.unit_id);
    let visible = |text: String| notes_visible.then_some(text);
    // Shared notes are every unit's to read; the company's comments never are.
    let notes = |text: String| (notes_visible || contact.notes_shared).then_some(text);
    AccessRequestContact {
        id: contact.id,
        date: contact.date,
        kind: contact.kind,
        unit_id: contact.unit_id,
        unit_name: contact.unit_name,
        user_name: contact.user_name,
        purposes: contact.purposes,
        notes: notes(contact.notes),
        follow_up_due: contact.follow_up_due,
        follow_up_note: contact.follow_up_note.and_then(notes),
        follow_up_done_on: contact.follow_up_done_on,
        do_not_contact_reason: contact.do_not_contact_reason,
        feedback: contact
            .feedback
            .into_iter()
            .map(|(satisfaction, comment)| AccessFeedback { satisfaction, comment: visible(comment) })
            .collect(),
    }
}

/// Every contact with a company in a period (aktindsigt), as CSV (UTF-8 with a byte-order
/// mark, `;`-separated, a download) or with `format=json` as JSON. Admins and coordinators;
/// audited.
#[utoipa::path(
    get,
    path = "/api/admin/privacy/access-request/{cvr}",
    tag = "privacy",
    params(("cvr" = String, Path, description = "The company's CVR number"), AccessRequestQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The contacts, oldest first", content(
            (String = "text/csv"),
            (AccessRequestExport = "application/json"),
        )),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin or coordinator (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such company (`not_found`)", body = ErrorBody),
        (status = 422, description = "An invalid CVR number, date or format (`invalid_input` naming it)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn access_request(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    cvr: Result<Path<String>, PathRejection>,
    q: Result<Query<AccessRequestQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if !access::may_answer_access_request(auth.user.role) {
        return Err(refused(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Kun administratorer og koordinatorer kan besvare aktindsigt. / Only admins and coordinators \
             answer access requests.",
        ));
    }
    let q = super::query(q)?;
    let mut fields = BTreeMap::new();
    let cvr = cvr.map(|Path(cvr)| cvr).unwrap_or_default();
    let cvr = match Cvr::parse(&cvr) {
        Ok(cvr) => Some(cvr),
        Err(error) => {
            field(&mut fields, "cvr", "ugyldigt CVR-nummer", &error.to_string());
            None
        }
    };
    let mut date = |name: &str, text: Option<&str>| {
        let parsed = text.map(str::trim).and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
        if parsed.is_none() {
            field(&mut fields, name, "skal være en dato som 2026-11-30", "must be a date such as 2026-11-30");
        }
        parsed
    };
    let from = date("from", q.from.as_deref());
    let to = date("to", q.to.as_deref());
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        field(&mut fields, "from", "skal ligge før 'to'", "must not be after 'to'");
    }
    let csv = match q.format.as_deref().map(str::trim) {
        None | Some("" | "csv") => true,
        Some("json") => false,
        Some(_) => {
            field(&mut fields, "format", "skal være csv eller json", "must be csv or json");
            false
        }
    };
    let (Some(cvr), Some(from), Some(to), true) = (cvr, from, to, fields.is_empty()) else {
        return Err(ApiError::InvalidInput(fields));
    };
    let (company_name, contacts) = state.store().access_request(&cvr, from, to).await?.ok_or_else(|| {
        refused(StatusCode::NOT_FOUND, "not_found", "Virksomheden findes ikke. / No such company.")
    })?;
    let contacts: Vec<AccessRequestContact> = contacts.into_iter().map(|c| shown(&auth.user, c)).collect();
    let entry = NewAuditEntry::new(AuditAction::AccessRequestExported)
        .by(&auth.user)
        .on(cvr.as_str())
        .from_address(client.0)
        .detail("from", from.to_string())
        .detail("to", to.to_string())
        .detail("format", if csv { "csv" } else { "json" })
        .detail("contacts", contacts.len().to_string());
    state.store().audit(&entry, Utc::now()).await?;
    tracing::info!(user = %auth.user.username, company = cvr.as_str(), "access request exported");
    if csv {
        let mut rows = vec![ACCESS_REQUEST_CSV_HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
        rows.extend(contacts.iter().map(access_request_csv_row));
        return csv_response(&format!("aktindsigt-{}-{from}-{to}.csv", cvr.as_str()), rows);
    }
    Ok(axum::Json(AccessRequestExport { company: cvr, company_name, from, to, contacts }).into_response())
}
