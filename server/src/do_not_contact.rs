//! `GET /api/do-not-contact/{cvr}/history`: who set and lifted a company's flag, and why.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::{Cvr, DoNotContactEvent};
use tracing::instrument;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/do-not-contact/{cvr}/history", get(history))
}

/// Every setting and lifting of the company's do-not-contact flag, oldest first, with who did
/// it and why (a lifting from an app that asked no reason has none); a setting also says who at
/// the company asked (`requested_by`) and the units it held for (`units`), each only when given
/// (absent: nobody named, every unit). Coordinators and admins.
#[utoipa::path(
    get,
    path = "/api/do-not-contact/{cvr}/history",
    tag = "sync",
    params(("cvr" = String, Path, description = "The company's CVR number")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The flag's history, oldest first", body = Vec<DoNotContactEvent>),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 422, description = "Not a valid CVR number", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn history(
    State(state): State<AppState>,
    auth: AuthUser,
    cvr: Result<Path<String>, PathRejection>,
) -> Result<Json<Vec<DoNotContactEvent>>, ApiError> {
    if !crate::access::may_review(auth.user.role) {
        return Err(ApiError::Forbidden);
    }
    let Path(cvr) = cvr.map_err(|rejection| ApiError::field("cvr", rejection.body_text()))?;
    let cvr = Cvr::parse(&cvr).map_err(|e| ApiError::field("cvr", e.to_string()))?;
    Ok(Json(state.store().do_not_contact_history(&cvr).await?))
}
