//! `GET /api/units`: the municipality's units.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::api::ErrorBody;
use tracing::instrument;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/units", get(units))
}

/// Every unit, by name.
#[utoipa::path(
    get,
    path = "/api/units",
    tag = "organisation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All units, by name", body = Vec<Unit>),
        (status = 401, description = "No valid session", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn units(
    State(state): State<AppState>,
    _auth: AuthUser,
) -> Result<Json<Vec<Unit>>, ApiError> {
    Ok(Json(state.store().units().await?))
}
