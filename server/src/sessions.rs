//! `GET /api/sessions` and `DELETE /api/sessions/{id}`: where I am logged in, and ending one
//! of those sessions (a lost phone) from another device.

use crate::AppState;
use crate::accounts::PathId;
use crate::auth::{AuthUser, ClientAddr};
use crate::error::ApiError;
use crate::store::NewAuditEntry;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use chrono::Utc;
use kontaktpunkt_domain::accounts::{AuditAction, SessionInfo};
use kontaktpunkt_domain::api::ErrorBody;
use std::collections::BTreeMap;
use tracing::instrument;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/sessions", get(my_sessions)).route("/api/sessions/{id}", delete(end_session))
}

/// My sessions that are still valid, most recently used first; `current` marks this one.
#[utoipa::path(
    get,
    path = "/api/sessions",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My valid sessions", body = Vec<SessionInfo>),
        (status = 401, description = "No valid session", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn my_sessions(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<Vec<SessionInfo>>, ApiError> {
    let sessions =
        state.store().sessions_of(auth.user.id, auth.session_id, Utc::now(), state.session_idle()).await?;
    Ok(Json(sessions))
}

/// Ends one of my sessions: its token answers 401 from now on.
#[utoipa::path(
    delete,
    path = "/api/sessions/{id}",
    tag = "auth",
    params(("id" = Uuid, Path, description = "The session's id from `GET /api/sessions`")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Session ended"),
        (status = 400, description = "The id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 404, description = "No such session of mine (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn end_session(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    PathId(id): PathId,
) -> Result<StatusCode, ApiError> {
    let audit = NewAuditEntry::new(AuditAction::SessionEnded)
        .by(&auth.user)
        .on(id.to_string())
        .from_address(client.0);
    // Another user's session is "not found" too: ids of others' sessions tell nothing.
    if !state.store().end_own_session(&auth.user, id, &audit, Utc::now()).await? {
        return Err(ApiError::Refused {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: "Sessionen findes ikke (eller er allerede afsluttet). / No such session of yours."
                .to_owned(),
            fields: BTreeMap::new(),
        });
    }
    tracing::info!(user = %auth.user.username, session = %id, "session ended by its user");
    Ok(StatusCode::NO_CONTENT)
}
