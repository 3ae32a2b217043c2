//! `GET /api/companies`: the company register in pages, for devices to keep offline.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::api::{CompanyPage, ErrorBody, MAX_COMPANY_PAGE};
use serde::Deserialize;
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::IntoParams;

/// Page size when the client does not ask for one.
pub const DEFAULT_COMPANY_PAGE: u32 = 1000;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/companies", get(companies))
}

/// Query of `GET /api/companies`. Read as text so a bad value gets a field-level 422.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CompaniesQuery {
    /// Start after this CVR number (the previous page's `next_after`); absent for the first page.
    #[param(value_type = Option<String>, example = "25052943")]
    after: Option<String>,
    /// Page size; default 1000, clamped to 1..=5000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 5000)]
    limit: Option<String>,
}

impl CompaniesQuery {
    fn parse(&self) -> Result<(Option<Cvr>, u32), ApiError> {
        let mut fields = BTreeMap::new();
        let after = match self.after.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            None => None,
            Some(text) => match Cvr::parse(text) {
                Ok(cvr) => Some(cvr),
                Err(error) => {
                    fields.insert("after".to_owned(), error.to_string());
                    None
                }
            },
        };
        let limit = match self.limit.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => DEFAULT_COMPANY_PAGE,
            // Out-of-range numbers are clamped rather than refused: they are harmless.
            Some(text) => match text.parse::<u64>() {
                Ok(n) => u32::try_from(n).unwrap_or(u32::MAX).clamp(1, MAX_COMPANY_PAGE),
                Err(_) => {
                    fields.insert("limit".to_owned(), "must be a whole number".to_owned());
                    DEFAULT_COMPANY_PAGE
                }
            },
        };
        if fields.is_empty() { Ok((after, limit)) } else { Err(ApiError::InvalidInput(fields)) }
    }
}

/// One page of companies in CVR order (keyset pagination on the CVR number).
#[utoipa::path(
    get,
    path = "/api/companies",
    tag = "companies",
    params(CompaniesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Companies with a CVR number above `after`, in CVR order", body = CompanyPage),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 422, description = "`after` is not a CVR number or `limit` not a number", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn companies(
    State(state): State<AppState>,
    _auth: AuthUser,
    query: Result<Query<CompaniesQuery>, QueryRejection>,
) -> Result<Json<CompanyPage>, ApiError> {
    // All fields are optional text, so only a malformed query string (a repeated key) fails here.
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let (after, limit) = query.parse()?;
    let (companies, more) = state.store().companies_after(after.as_ref(), limit).await?;
    let next_after = if more { companies.last().map(|c| c.cvr.clone()) } else { None };
    let total = state.store().count_companies().await?;
    Ok(Json(CompanyPage { companies, next_after, total }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(after: Option<&str>, limit: Option<&str>) -> CompaniesQuery {
        CompaniesQuery { after: after.map(Into::into), limit: limit.map(Into::into) }
    }

    #[test]
    fn limits_default_and_clamp() {
        assert_eq!(query(None, None).parse().ok(), Some((None, DEFAULT_COMPANY_PAGE)));
        assert_eq!(query(None, Some("0")).parse().ok(), Some((None, 1)));
        assert_eq!(query(None, Some("99999999999")).parse().ok(), Some((None, MAX_COMPANY_PAGE)));
    }

    #[test]
    fn bad_values_name_their_field() {
        let Err(ApiError::InvalidInput(fields)) = query(Some("123"), Some("many")).parse() else {
            panic!("expected invalid input");
        };
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["after", "limit"]);
    }
}
