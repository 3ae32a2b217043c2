//! `GET /api/units`: the municipality's units; `PUT /api/units/{id}/liaison`: a unit's liaison
//! to the coordinator.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::store::LiaisonOutcome;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::Utc;
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::api::ErrorBody;
use serde::Deserialize;
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::ToSchema;
use uuid::Uuid;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/units", get(units)).route("/api/units/{id}/liaison", put(set_liaison))
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

/// Body of `PUT /api/units/{id}/liaison`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LiaisonRequest {
    /// A user of the unit; `null` clears the liaison.
    pub user_id: Option<Uuid>,
}

/// Names (or clears) the unit's liaison to the coordinator. Coordinators and admins only; the
/// liaison must be a user of the unit. Devices learn it at their next sync.
#[utoipa::path(
    put,
    path = "/api/units/{id}/liaison",
    tag = "organisation",
    params(("id" = Uuid, Path, description = "The unit")),
    request_body = LiaisonRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The unit with its liaison", body = Unit),
        (status = 400, description = "The body is not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not a coordinator or admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such unit (`not_found`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "Not a unit id, or the user is not a user of the unit (`invalid_input`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn set_liaison(
    State(state): State<AppState>,
    auth: AuthUser,
    id: Result<Path<Uuid>, PathRejection>,
    body: Result<Json<LiaisonRequest>, JsonRejection>,
) -> Result<Json<Unit>, ApiError> {
    if !auth.user.role.sees_desk() {
        return Err(ApiError::Forbidden);
    }
    let Path(id) = id.map_err(|rejection| ApiError::field("id", rejection.body_text()))?;
    let Json(body) = body?;
    match state.store().set_unit_liaison(id, body.user_id, Utc::now()).await? {
        LiaisonOutcome::Set(unit) => {
            tracing::info!(unit = %unit.id, liaison = ?unit.liaison, by = %auth.user.username, "liaison named");
            Ok(Json(unit))
        }
        LiaisonOutcome::NoSuchUnit => Err(ApiError::Refused {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: "Enheden findes ikke / No such unit".to_owned(),
            fields: BTreeMap::new(),
        }),
        LiaisonOutcome::NotInUnit => Err(ApiError::Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_input",
            message: "Kontaktpersonen skal være bruger i enheden / The liaison must be a user of the unit"
                .to_owned(),
            fields: BTreeMap::from([("user_id".to_owned(), "must be a user of the unit".to_owned())]),
        }),
    }
}
