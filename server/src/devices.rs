//! `/api/admin/devices`: the installations of the app, and revoking one (a lost or stolen
//! phone). Admins only; revoking is audited.
//!
//! A revoked device's sessions end at once. Its token then answers 401 `device_revoked`
//! (not `unauthorized`), and so does a login that names the device: the app takes that as
//! the order to wipe its local data (IndexedDB, caches) — even before anyone logs in.

use crate::AppState;
use crate::accounts::PathId;
use crate::auth::{AuthUser, ClientAddr};
use crate::error::ApiError;
use crate::store::{NewAuditEntry, Revoked};
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use kontaktpunkt_domain::accounts::{
    AuditAction, DeviceInfo, RevokeDevice, SessionsEnded, validate_revoke_reason,
};
use kontaktpunkt_domain::api::ErrorBody;
use std::collections::BTreeMap;
use tracing::instrument;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/devices", get(list_devices))
        .route("/api/admin/devices/{id}/revoke", post(revoke_device))
}

/// The answer to a token or login of a revoked device.
pub fn device_revoked() -> ApiError {
    ApiError::Refused {
        status: StatusCode::UNAUTHORIZED,
        code: "device_revoked",
        message: "Denne enhed er spærret af en administrator; dens data slettes. / \
                  This device was revoked by an admin; its data is being wiped."
            .to_owned(),
        fields: BTreeMap::new(),
    }
}

fn require_admin(auth: &AuthUser) -> Result<(), ApiError> {
    crate::accounts::require_admin_for(
        auth,
        "Kun administratorer kan spærre enheder. / Only admins manage devices.",
    )
}

/// Every device with a valid session, and every revoked one, most recently used first.
#[utoipa::path(
    get,
    path = "/api/admin/devices",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The devices, most recently used first", body = Vec<DeviceInfo>),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn list_devices(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    require_admin(&auth)?;
    Ok(Json(state.store().devices(Utc::now(), state.session_idle()).await?))
}

/// Revokes a device: its sessions end, and at its next contact the app wipes its data.
#[utoipa::path(
    post,
    path = "/api/admin/devices/{id}/revoke",
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The device's id from `GET /api/admin/devices`")),
    request_body = RevokeDevice,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Revoked; this many sessions ended", body = SessionsEnded),
        (status = 400, description = "The id is not a UUID, or the body not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No session ever named this device (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already revoked (`already_revoked`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "The reason is missing or too long (`invalid_input`, field `reason`), \
                                      or the body is not a revocation (`bad_request`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn revoke_device(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    PathId(device): PathId,
    payload: Result<Json<RevokeDevice>, JsonRejection>,
) -> Result<Json<SessionsEnded>, ApiError> {
    require_admin(&auth)?;
    let Json(RevokeDevice { reason }) = payload?;
    let reason = reason.trim();
    if let Err(error) = validate_revoke_reason(reason) {
        return Err(ApiError::InvalidInput(BTreeMap::from([("reason".to_owned(), error.to_string())])));
    }
    let audit = NewAuditEntry::new(AuditAction::DeviceRevoked)
        .by(&auth.user)
        .on(device.to_string())
        .from_address(client.0)
        .detail("reason", reason);
    match state.store().revoke_device(device, &auth.user, reason, &audit, Utc::now()).await? {
        Revoked::Now { ended } => {
            tracing::info!(admin = %auth.user.username, device = %device, ended, "device revoked");
            Ok(Json(SessionsEnded { ended }))
        }
        Revoked::Already => Err(ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: "already_revoked",
            message: "Enheden er allerede spærret. / The device is already revoked.".to_owned(),
            fields: BTreeMap::new(),
        }),
        Revoked::Unknown => Err(ApiError::Refused {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: "Ingen gyldig session kender denne enhed. / No session names this device.".to_owned(),
            fields: BTreeMap::new(),
        }),
    }
}
