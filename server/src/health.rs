//! `GET /api/health`: is the server up and does its database answer?

use crate::AppState;
use crate::error::ApiError;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kontaktpunkt_domain::api::{ErrorBody, Health};
use tracing::instrument;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/health", get(health))
}

/// Health of the server; needs no login so load balancers and the app can probe it.
#[utoipa::path(
    get,
    path = "/api/health",
    tag = "system",
    responses(
        (status = 200, description = "The server and its database answer", body = Health),
        (status = 503, description = "The database does not answer", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store().ping().await.map_err(ApiError::Unavailable)?;
    Ok(Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() }))
}
