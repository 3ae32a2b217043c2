//! Reference data for the app's filters and the coverage overview: DB07 industry groups and
//! postal codes, loaded into the database at start-up from the files shipped in the repository.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::store::{ReferenceLoaded, Store, StoreError};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::reference::{IndustryGroup, PostalCode};
use serde::Deserialize;
use tracing::instrument;
use utoipa::IntoParams;

/// Fills the reference tables that are empty (a fresh database, or one from before they
/// existed); a filled table is left as it is.
pub async fn load_if_empty(store: &Store) -> Result<ReferenceLoaded, StoreError> {
    // Parsing takes a millisecond; skipping it when the tables are full is not worth a query.
    let industries = kontaktpunkt_demo::reference::db07_entries();
    let postal_codes = kontaktpunkt_demo::reference::all_postal_codes();
    store.load_reference_if_empty(&industries, &postal_codes).await
}

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/reference/industry-groups", get(industry_groups))
        .route("/api/reference/postal-codes", get(postal_codes))
}

/// Statistics Denmark's 10 industry groups and "Uoplyst" (11).
#[utoipa::path(
    get,
    path = "/api/reference/industry-groups",
    tag = "reference",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The 10+1 groups, by number", body = [IndustryGroup]),
        (status = 401, description = "No valid session", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn industry_groups(
    State(state): State<AppState>,
    _auth: AuthUser,
) -> Result<Json<Vec<IndustryGroup>>, ApiError> {
    Ok(Json(state.store().industry_groups().await?))
}

/// Query of `GET /api/reference/postal-codes`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PostalCodesQuery {
    /// Municipality code (Randers is 730); `all` or absent for the whole country.
    #[param(value_type = Option<String>, example = "730")]
    municipality: Option<String>,
}

/// Postal codes and towns, of one municipality or all.
#[utoipa::path(
    get,
    path = "/api/reference/postal-codes",
    tag = "reference",
    params(PostalCodesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Postal codes by code; a code spanning municipalities appears once per municipality", body = [PostalCode]),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 422, description = "`municipality` is not a municipality code", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn postal_codes(
    State(state): State<AppState>,
    _auth: AuthUser,
    query: Result<Query<PostalCodesQuery>, QueryRejection>,
) -> Result<Json<Vec<PostalCode>>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let municipality = match query.municipality.as_deref().map(str::trim) {
        None | Some("" | "all") => None,
        Some(text) => Some(
            text.parse::<u16>()
                .map_err(|_| ApiError::field("municipality", "must be a municipality code such as 730"))?,
        ),
    };
    Ok(Json(state.store().postal_codes(municipality).await?))
}
