//! Login, logout, "who am I", and the extractor that guards every other endpoint.
//!
//! A session is a random 32-byte token the client keeps; the server stores only its SHA-256,
//! so a copy of the database opens no session. Sessions last long because devices work
//! offline for weeks and must still be able to sync afterwards.

use crate::AppState;
use crate::error::ApiError;
use crate::password;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration, Utc};
use kontaktpunkt_domain::User;
use kontaktpunkt_domain::api::{ErrorBody, LoginRequest, LoginResponse, Me};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use tracing::instrument;

/// How long a session stays valid after login.
pub const SESSION_DAYS: i64 = 90;
/// Longest username accepted, in characters.
const MAX_USERNAME_CHARS: usize = 100;
/// Longest password accepted, in bytes: bounds the hashing work one request can cause.
const MAX_PASSWORD_BYTES: usize = 1024;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
}

/// The user behind a valid `Authorization: Bearer <token>` header.
///
/// Extracting it answers 401 `unauthorized` when the token is missing, unknown or expired.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// Who is logged in.
    pub user: User,
    /// The hash of the session token, to end this session on logout.
    token_hash: String,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthorized)?;
        let token_hash = hash_token(token);
        let user =
            state.store().session_user(&token_hash, Utc::now()).await?.ok_or(ApiError::Unauthorized)?;
        Ok(Self { user, token_hash })
    }
}

/// The token of a well-formed bearer header: 64 lowercase hex digits.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    let well_formed = scheme.eq_ignore_ascii_case("bearer")
        && token.len() == 64
        && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    well_formed.then_some(token)
}

/// What the sessions table keys a token by.
fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh session token: 32 random bytes from the OS-seeded CSPRNG, as hex.
fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// Logs in and starts a session.
#[utoipa::path(
    post,
    path = "/api/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 401, description = "Unknown username or wrong password (`invalid_credentials`)", body = ErrorBody),
        (status = 422, description = "Empty or over-long username or password (`invalid_input`)", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn login(
    State(state): State<AppState>,
    payload: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(LoginRequest { username, password }) = payload?;
    let username = username.trim();
    validate_login(username, &password)?;

    let found = state.store().user_for_login(username).await?;
    // An unknown user costs the same argon2 work as a known one, so timing tells nothing.
    let (user, stored_hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, state.dummy_password_hash().to_owned()),
    };
    let matches = password::verify_blocking(password, stored_hash).await?;
    let Some(user) = user.filter(|_| matches) else {
        tracing::info!("login refused");
        return Err(ApiError::InvalidCredentials);
    };

    let token = new_token();
    let now = Utc::now();
    state
        .store()
        .create_session(&hash_token(&token), user.id, now, now + Duration::days(SESSION_DAYS))
        .await?;
    let unit = match user.unit_id {
        Some(id) => state.store().unit(id).await?,
        None => None,
    };
    tracing::info!(user = %user.username, "logged in");
    Ok(Json(LoginResponse { token, user, unit }))
}

fn validate_login(username: &str, password: &str) -> Result<(), ApiError> {
    let mut fields = BTreeMap::new();
    if username.is_empty() {
        fields.insert("username".to_owned(), "required".to_owned());
    } else if username.chars().count() > MAX_USERNAME_CHARS {
        fields.insert("username".to_owned(), format!("at most {MAX_USERNAME_CHARS} characters"));
    }
    if password.is_empty() {
        fields.insert("password".to_owned(), "required".to_owned());
    } else if password.len() > MAX_PASSWORD_BYTES {
        fields.insert("password".to_owned(), format!("at most {MAX_PASSWORD_BYTES} bytes"));
    }
    if fields.is_empty() { Ok(()) } else { Err(ApiError::InvalidInput(fields)) }
}

/// Ends the caller's session.
#[utoipa::path(
    post,
    path = "/api/logout",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Session ended"),
        (status = 401, description = "No valid session", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn logout(State(state): State<AppState>, auth: AuthUser) -> Result<StatusCode, ApiError> {
    state.store().delete_session(&auth.token_hash).await?;
    tracing::info!(user = %auth.user.username, "logged out");
    Ok(StatusCode::NO_CONTENT)
}

/// The user behind the token, with their unit.
#[utoipa::path(
    get,
    path = "/api/me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The logged-in user", body = Me),
        (status = 401, description = "No valid session", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn me(State(state): State<AppState>, auth: AuthUser) -> Result<Json<Me>, ApiError> {
    let unit = match auth.user.unit_id {
        Some(id) => state.store().unit(id).await?,
        None => None,
    };
    Ok(Json(Me { user: auth.user, unit }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts_with(authorization: &str) -> Parts {
        let request = Request::builder().header(header::AUTHORIZATION, authorization).body(());
        request.map(|r| r.into_parts().0).unwrap_or_else(|_| Request::new(()).into_parts().0)
    }

    #[test]
    fn only_well_formed_bearer_tokens_are_looked_up() {
        let token = new_token();
        assert_eq!(bearer_token(&parts_with(&format!("Bearer {token}"))), Some(token.as_str()));
        assert_eq!(bearer_token(&parts_with(&format!("bearer {token}"))), Some(token.as_str()));
        assert_eq!(bearer_token(&parts_with(&format!("Basic {token}"))), None);
        assert_eq!(bearer_token(&parts_with("Bearer abc")), None);
        assert_eq!(bearer_token(&parts_with(&format!("Bearer {}", token.to_uppercase()))), None);
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_a_hash() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(hash_token(&a), a);
        assert_eq!(hash_token(&a), hash_token(&a));
    }
}
