//! `GET /api/admin/audit`: the audit log, searchable and paged, for admins; coordinators read
//! its contact matters only ([`AuditAction::CONTACT_MATTERS`], see [`access::audit_scope`]).
//!
//! What is recorded (see [`AuditAction`]): logins and failed logins (with the name typed and
//! the client address), logouts, account changes, password resets, session revocations and
//! ends, do-not-contact flags set and lifted (written in the push's transaction), and applied
//! register imports. Never a password or a token.

use crate::AppState;
use crate::access::{self, AuditScope};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::store::AuditFilter;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use kontaktpunkt_domain::accounts::{AuditAction, AuditPage};
use kontaktpunkt_domain::api::ErrorBody;
use serde::Deserialize;
use std::collections::BTreeMap;
use tracing::instrument;

/// Entries per page unless `limit` says otherwise, and the most one page holds.
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/admin/audit", get(audit_log))
}

/// The query of `GET /api/admin/audit`; every parameter is optional.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditQuery {
    /// From this day (`2026-11-30`, from its start in UTC) or instant (RFC 3339), inclusive.
    from: Option<String>,
    /// Up to this day (`2026-11-30`, through its end in UTC) or before this instant (RFC 3339).
    to: Option<String>,
    /// Entries by or about this username (case-insensitive).
    user: Option<String>,
    /// Only this action, e.g. `login_failed`, `do_not_contact_lifted`.
    action: Option<String>,
    /// Entries older than this id: the previous page's `next_before`.
    before: Option<u64>,
    /// Entries per page, 1–1000 (default 100).
    limit: Option<u32>,
}

/// A day or an instant; a day as `to` means through its end.
fn parse_time(text: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = if end_of_day { day.succ_opt()? } else { day };
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The audit log, newest first, filtered and paged.
#[utoipa::path(
    get,
    path = "/api/admin/audit",
    tag = "accounts",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of entries, newest first", body = AuditPage),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Neither an admin nor a coordinator, or a coordinator asking for an action \
                                      that is no contact matter (`forbidden`)", body = ErrorBody),
        (status = 422, description = "A parameter is invalid (`invalid_input` naming it)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn audit_log(
    State(state): State<AppState>,
    auth: AuthUser,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let Some(scope) = access::audit_scope(auth.user.role) else {
        return Err(ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: "Kun administratorer og koordinatorer kan læse revisionssporet. / Only admins and \
                      coordinators read the audit log."
                .to_owned(),
            fields: BTreeMap::new(),
        });
    };
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let mut fields = BTreeMap::new();
    let mut time = |name: &str, value: Option<&str>, end_of_day: bool| {
        let value = value?;
        let parsed = parse_time(value, end_of_day);
        if parsed.is_none() {
            fields.insert(name.to_owned(), "a date (YYYY-MM-DD) or an RFC 3339 time".to_owned());
        }
        parsed
    };
    let from = time("from", query.from.as_deref(), false);
    let to = time("to", query.to.as_deref(), true);
    let action = query.action.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let action = match action {
        Some(text) => {
            let parsed = AuditAction::parse(text);
            if parsed.is_none() {
                let known: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
                fields.insert("action".to_owned(), format!("one of {}", known.join(", ")));
            }
            parsed
        }
        None => None,
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        fields.insert("limit".to_owned(), format!("from 1 to {MAX_LIMIT}"));
    }
    if !fields.is_empty() {
        return Err(ApiError::InvalidInput(fields));
    }
    let user = query.user.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    let within = match scope {
        AuditScope::All => None,
        AuditScope::ContactMatters => {
            if action.is_some_and(|a| !a.is_contact_matter()) {
                return Err(ApiError::Refused {
                    status: StatusCode::FORBIDDEN,
                    code: "forbidden",
                    message:
                        "Koordinatorer læser kun loggens kontaktsager. / Coordinators read only the log's \
                              contact matters."
                            .to_owned(),
                    fields: BTreeMap::new(),
                });
            }
            Some(&AuditAction::CONTACT_MATTERS[..])
        }
    };
    let filter = AuditFilter { from, to, user, action, within, before: query.before, limit };
    Ok(Json(state.store().audit_entries(&filter).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_instants_bound_the_search() {
        let day = |s: &str, end| parse_time(s, end).map(|t| t.to_rfc3339());
        assert_eq!(day("2026-11-30", false).as_deref(), Some("2026-11-30T00:00:00+00:00"));
        assert_eq!(day("2026-11-30", true).as_deref(), Some("2026-12-01T00:00:00+00:00"));
        assert_eq!(day("2026-11-30T10:00:00+01:00", true).as_deref(), Some("2026-11-30T09:00:00+00:00"));
        assert_eq!(day("30.11.2026", false), None);
    }
}
