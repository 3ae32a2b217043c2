//! `/api/admin/users`: accounts — list, create, change (name, role, unit, active), set a new
//! password, end all of a user's sessions. Admins only; everything is audited.
//!
//! Accounts are deactivated, never deleted: contacts keep naming their author. Deactivating
//! a user, setting their password and revoking their sessions all end every session of the
//! user at once, so a lost phone's token answers 401 at its next request. The last active
//! admin cannot be deactivated or demoted, and nobody deactivates themselves, so the
//! installation always keeps someone who can manage it.

use crate::AppState;
use crate::auth::{AuthUser, ClientAddr};
use crate::error::ApiError;
use crate::password;
use crate::store::{AccountUpdate, NewAuditEntry};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono::Utc;
use kontaktpunkt_domain::accounts::{
    AccountError, AuditAction, NewPassword, NewUser, SessionsEnded, UserAccount, UserChanges,
    validate_display_name, validate_new_password, validate_role_unit, validate_username,
};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::{Role, User};
use std::collections::BTreeMap;
use tracing::instrument;
use uuid::Uuid;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/users", get(list_users).post(create_user))
        .route("/api/admin/users/{id}", patch(update_user))
        .route("/api/admin/users/{id}/password", post(set_password))
        .route("/api/admin/users/{id}/sessions/revoke", post(revoke_sessions))
}

/// The `{id}` of a path; anything but a UUID answers 400 with the usual [`ErrorBody`].
pub(crate) struct PathId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<Uuid>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(rejection) => Err(ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "bad_request",
                message: "Id'et i adressen er ikke et gyldigt UUID. / The id in the path is not a UUID."
                    .to_owned(),
                fields: BTreeMap::from([("id".to_owned(), rejection.body_text())]),
            }),
        }
    }
}

/// 403 for anyone but an admin.
fn require_admin(auth: &AuthUser) -> Result<(), ApiError> {
    require_admin_for(auth, "Kun administratorer kan administrere brugere. / Only admins manage users.")
}

/// 403 with `message` ("dansk / English") for anyone but an admin.
pub(crate) fn require_admin_for(auth: &AuthUser, message: &str) -> Result<(), ApiError> {
    if auth.user.role == Role::Admin {
        return Ok(());
    }
    Err(ApiError::Refused {
        status: StatusCode::FORBIDDEN,
        code: "forbidden",
        message: message.to_owned(),
        fields: BTreeMap::new(),
    })
}

fn no_such_user() -> ApiError {
    ApiError::Refused {
        status: StatusCode::NOT_FOUND,
        code: "not_found",
        message: "Brugeren findes ikke. / No such user.".to_owned(),
        fields: BTreeMap::new(),
    }
}

fn refused(status: StatusCode, code: &'static str, message: &str) -> ApiError {
    ApiError::Refused { status, code, message: message.to_owned(), fields: BTreeMap::new() }
}

fn problem(fields: &mut BTreeMap<String, String>, field: &str, error: AccountError) {
    fields.insert(field.to_owned(), error.to_string());
}

/// The unit must exist; a problem goes into `fields`.
async fn check_unit(
    state: &AppState,
    unit: Option<Uuid>,
    fields: &mut BTreeMap<String, String>,
) -> Result<(), ApiError> {
    if let Some(id) = unit
        && state.store().unit(id).await?.is_none()
    {
        fields.insert("unit_id".to_owned(), "no such unit".to_owned());
    }
    Ok(())
}

/// Every account, by username.
#[utoipa::path(
    get,
    path = "/api/admin/users",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every account, by username", body = Vec<UserAccount>),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn list_users(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<Vec<UserAccount>>, ApiError> {
    require_admin(&auth)?;
    Ok(Json(state.store().accounts(Utc::now(), state.session_idle()).await?))
}

/// Creates an account with an initial password.
#[utoipa::path(
    post,
    path = "/api/admin/users",
    tag = "accounts",
    request_body = NewUser,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = UserAccount),
        (status = 400, description = "Not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 409, description = "The username is taken (`conflict`, field `username`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "A field is invalid (`invalid_input` naming the fields), or the body is \
                                      not a new user (`bad_request`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn create_user(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    payload: Result<Json<NewUser>, JsonRejection>,
) -> Result<(StatusCode, Json<UserAccount>), ApiError> {
    require_admin(&auth)?;
    let Json(new) = payload?;
    let username = new.username.trim().to_owned();
    let display_name = new.display_name.trim().to_owned();
    let mut fields = BTreeMap::new();
    if let Err(e) = validate_username(&username) {
        problem(&mut fields, "username", e);
    }
    if let Err(e) = validate_display_name(&display_name) {
        problem(&mut fields, "display_name", e);
    }
    if let Err(e) = validate_new_password(&new.password) {
        problem(&mut fields, "password", e);
    }
    if let Err(e) = validate_role_unit(new.role, new.unit_id) {
        problem(&mut fields, "unit_id", e);
    }
    check_unit(&state, new.unit_id, &mut fields).await?;
    if !fields.is_empty() {
        return Err(ApiError::InvalidInput(fields));
    }
    let user = User { id: Uuid::now_v7(), username, display_name, role: new.role, unit_id: new.unit_id };
    let hash = password::hash_blocking(new.password).await?;
    let audit = NewAuditEntry::new(AuditAction::UserCreated)
        .by(&auth.user)
        .on_user(&user)
        .from_address(client.0)
        .detail("role", user.role.as_str());
    let now = Utc::now();
    state.store().create_user_audited(&user, &hash, &audit, now).await?;
    tracing::info!(admin = %auth.user.username, user = %user.username, "user created");
    let account =
        state.store().account(user.id, now, state.session_idle()).await?.ok_or_else(no_such_user)?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// Changes an account's display name, role, unit or active state; `active: false` ends its
/// sessions at once.
#[utoipa::path(
    patch,
    path = "/api/admin/users/{id}",
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = UserChanges,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account as it is now", body = UserAccount),
        (status = 400, description = "Not JSON, or the id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such user (`not_found`)", body = ErrorBody),
        (status = 409, description = "It would leave no active admin (`last_admin`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "A field is invalid (`invalid_input`), or the body is not a change \
                                      (`bad_request`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn update_user(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    PathId(id): PathId,
    payload: Result<Json<UserChanges>, JsonRejection>,
) -> Result<Json<UserAccount>, ApiError> {
    require_admin(&auth)?;
    let Json(changes) = payload?;
    let idle = state.session_idle();
    let current = state.store().account(id, Utc::now(), idle).await?.ok_or_else(no_such_user)?;
    let update = AccountUpdate {
        display_name: changes
            .display_name
            .as_deref()
            .map_or(current.display_name.clone(), |n| n.trim().to_owned()),
        role: changes.role.unwrap_or(current.role),
        unit_id: changes.unit_id.unwrap_or(current.unit_id),
        active: changes.active.unwrap_or(current.active),
    };
    let mut fields = BTreeMap::new();
    if let Err(e) = validate_display_name(&update.display_name) {
        problem(&mut fields, "display_name", e);
    }
    if let Err(e) = validate_role_unit(update.role, update.unit_id) {
        problem(&mut fields, "unit_id", e);
    }
    if update.unit_id != current.unit_id {
        check_unit(&state, update.unit_id, &mut fields).await?;
    }
    if id == auth.user.id && !update.active {
        fields.insert("active".to_owned(), "you cannot deactivate yourself".to_owned());
    }
    if !fields.is_empty() {
        return Err(ApiError::InvalidInput(fields));
    }
    let stays_admin = update.role == Role::Admin && update.active;
    let was_admin = current.role == Role::Admin && current.active;
    if was_admin && !stays_admin && state.store().other_active_admins(id).await? == 0 {
        return Err(refused(
            StatusCode::CONFLICT,
            "last_admin",
            "Den sidste aktive administrator kan ikke deaktiveres eller fratages rollen. / \
             The last active admin cannot be deactivated or lose the admin role.",
        ));
    }

    let mut changed = BTreeMap::new();
    if update.display_name != current.display_name {
        changed.insert("display_name", format!("{} → {}", current.display_name, update.display_name));
    }
    if update.role != current.role {
        changed.insert("role", format!("{} → {}", current.role.as_str(), update.role.as_str()));
    }
    if update.unit_id != current.unit_id {
        let unit = |u: Option<Uuid>| u.map_or_else(|| "-".to_owned(), |u| u.to_string());
        changed.insert("unit_id", format!("{} → {}", unit(current.unit_id), unit(update.unit_id)));
    }
    if update.active != current.active {
        changed.insert("active", format!("{} → {}", current.active, update.active));
    }
    if changed.is_empty() {
        return Ok(Json(current));
    }
    let action = match (current.active, update.active) {
        (true, false) => AuditAction::UserDeactivated,
        (false, true) => AuditAction::UserReactivated,
        _ => AuditAction::UserUpdated,
    };
    let subject = User {
        id,
        username: current.username.clone(),
        display_name: current.display_name.clone(),
        role: current.role,
        unit_id: current.unit_id,
    };
    let mut audit = NewAuditEntry::new(action).by(&auth.user).on_user(&subject).from_address(client.0);
    for (field, change) in changed {
        audit = audit.detail(field, change);
    }
    let now = Utc::now();
    let ended = state.store().update_account(id, &update, &audit, now).await?;
    tracing::info!(admin = %auth.user.username, user = %current.username, action = action.as_str(), ended, "user changed");
    let account = state.store().account(id, now, idle).await?.ok_or_else(no_such_user)?;
    Ok(Json(account))
}

/// The user behind `id`, or 404.
async fn subject(state: &AppState, id: Uuid) -> Result<User, ApiError> {
    let account =
        state.store().account(id, Utc::now(), state.session_idle()).await?.ok_or_else(no_such_user)?;
    Ok(User {
        id,
        username: account.username,
        display_name: account.display_name,
        role: account.role,
        unit_id: account.unit_id,
    })
}

/// Sets a new password for the user and ends every session they have.
#[utoipa::path(
    post,
    path = "/api/admin/users/{id}/password",
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = NewPassword,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Password set; this many sessions ended", body = SessionsEnded),
        (status = 400, description = "Not JSON, or the id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such user (`not_found`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "Too short or too long (`invalid_input`, field `password`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn set_password(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    PathId(id): PathId,
    payload: Result<Json<NewPassword>, JsonRejection>,
) -> Result<Json<SessionsEnded>, ApiError> {
    require_admin(&auth)?;
    let Json(NewPassword { password }) = payload?;
    if let Err(e) = validate_new_password(&password) {
        return Err(ApiError::field("password", e.to_string()));
    }
    let user = subject(&state, id).await?;
    let hash = password::hash_blocking(password).await?;
    let audit =
        NewAuditEntry::new(AuditAction::PasswordReset).by(&auth.user).on_user(&user).from_address(client.0);
    let ended = state.store().set_password(id, &hash, &audit, Utc::now()).await?;
    tracing::info!(admin = %auth.user.username, user = %user.username, ended, "password set by an admin");
    Ok(Json(SessionsEnded { ended }))
}

/// Ends every session of the user (a lost phone): their tokens answer 401 from now on.
#[utoipa::path(
    post,
    path = "/api/admin/users/{id}/sessions/revoke",
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The user's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "This many sessions ended", body = SessionsEnded),
        (status = 400, description = "The id is not a UUID (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Not an admin (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such user (`not_found`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn revoke_sessions(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
    PathId(id): PathId,
) -> Result<Json<SessionsEnded>, ApiError> {
    require_admin(&auth)?;
    let user = subject(&state, id).await?;
    let audit =
        NewAuditEntry::new(AuditAction::SessionsRevoked).by(&auth.user).on_user(&user).from_address(client.0);
    let ended = state.store().revoke_sessions(id, &audit, Utc::now()).await?;
    tracing::info!(admin = %auth.user.username, user = %user.username, ended, "sessions revoked");
    Ok(Json(SessionsEnded { ended }))
}
