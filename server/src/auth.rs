//! Login, logout, "who am I", and the extractor that guards every other endpoint.
//!
//! A session is a random 32-byte token the client keeps; the server stores only its SHA-256,
//! so a copy of the database opens no session. Sessions last long because devices work
//! offline for weeks and must still be able to sync afterwards: 90 days at most, and they end
//! earlier when unused for the configured idle time (`--session-idle-secs`, 14 days), which
//! every use renews. A deactivated user's sessions answer 401 at once.
//!
//! Logins (also failed ones, with the name typed and the client address), logouts and
//! session ends are written to the audit log; never a password or a token.

use crate::AppState;
use crate::error::ApiError;
use crate::password;
use crate::store::{NewAuditEntry, NewSession};
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration, Utc};
use kontaktpunkt_domain::User;
use kontaktpunkt_domain::accounts::AuditAction;
use kontaktpunkt_domain::api::{ErrorBody, LoginRequest, LoginResponse, Me};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;
use tracing::instrument;

/// How long a session stays valid after login.
pub const SESSION_DAYS: i64 = 90;
/// Longest username accepted, in characters.
const MAX_USERNAME_CHARS: usize = 100;
/// Longest password accepted, in bytes: bounds the hashing work one request can cause.
const MAX_PASSWORD_BYTES: usize = kontaktpunkt_domain::accounts::MAX_PASSWORD_BYTES;
/// Most characters of a `User-Agent` kept with a session.
const MAX_USER_AGENT_CHARS: usize = 300;
/// How long a login waits for a free password check before it is answered 503.
const PASSWORD_CHECK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
}

/// The user behind a valid `Authorization: Bearer <token>` header.
///
/// Extracting it answers 401 `unauthorized` when the token is missing, unknown, expired
/// (absolutely or by idling), or its user deactivated; `device_revoked` when an admin
/// revoked the device the session was made from.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// Who is logged in.
    pub user: User,
    /// Which session this is (its public id).
    pub session_id: uuid::Uuid,
    /// The hash of the session token, to end this session on logout.
    token_hash: String,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthorized)?;
        let token_hash = hash_token(token);
        let found = state.store().session_user(&token_hash, Utc::now(), state.session_idle()).await?;
        let Some(found) = found else {
            // Its app must learn that it was revoked, not that it should log in again.
            if state.store().token_of_revoked_device(&token_hash).await? {
                return Err(crate::devices::device_revoked());
            }
            return Err(ApiError::Unauthorized);
        };
        Ok(Self { user: found.user, session_id: found.session_id, token_hash })
    }
}

/// Where a request comes from: the peer address, or behind a proxy the last
/// `X-Forwarded-For` entry (the one the proxy wrote). `None` when unknown.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let forwarded = state.behind_proxy().then(|| forwarded_for(parts)).flatten();
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        Ok(Self(forwarded.or(peer)))
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(ip) => write!(f, "{ip}"),
            None => f.write_str("unknown"),
        }
    }
}

fn forwarded_for(parts: &Parts) -> Option<IpAddr> {
    let value = parts.headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
    value.rsplit(',').next()?.trim().parse().ok()
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
        (status = 400, description = "The body is not JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "Unknown username or wrong password (`invalid_credentials`), or the \
                                      device named was revoked (`device_revoked`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json` (`bad_request`)", body = ErrorBody),
        (status = 422, description = "Empty or over-long username or password (`invalid_input`)", body = ErrorBody),
        (status = 429, description = "Too many failed logins for this user name or address (`too_many_attempts`); \
                                      try again after `Retry-After` seconds", body = ErrorBody),
        (status = 503, description = "Too many logins at once (`busy`); try again after `Retry-After` seconds", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    payload: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(LoginRequest { username, password, device_id }) = payload?;
    let username = username.trim();
    validate_login(username, &password)?;

    // Checked before any password work, for known and unknown names alike.
    let limiter = state.login_limiter();
    if let Some(wait) = limiter.blocked_for(username, client.0, Instant::now()) {
        // `?username`: typed text is logged quoted and escaped, never raw.
        tracing::warn!(user = ?username, address = %client, "login refused: too many failed attempts");
        return Err(too_many_attempts(wait));
    }
    // Before any password work (after the rate limit): the app of a revoked device wipes
    // itself at this answer, whoever holds the phone and whatever they type.
    if let Some(device) = device_id
        && state.store().device_revoked(device).await?
    {
        tracing::warn!(user = ?username, address = %client, device = %device, "login refused: device revoked");
        let audit = NewAuditEntry::new(AuditAction::LoginFailed)
            .by_name(username, None)
            .from_address(client.0)
            .detail("reason", "device_revoked")
            .detail("device_id", device.to_string());
        // Counted as a failure, so guessing at device ids is rate-limited like passwords.
        limiter.failed(username, client.0, Instant::now());
        state.store().audit(&audit, Utc::now()).await?;
        return Err(crate::devices::device_revoked());
    }
    let found = state.store().user_for_login(username).await?;
    // An unknown user costs the same argon2 work as a known one, so timing tells nothing.
    let stored_hash = match &found {
        Some(candidate) => candidate.password_hash.clone(),
        None => state.dummy_password_hash().to_owned(),
    };
    let permit = tokio::time::timeout(PASSWORD_CHECK_WAIT, state.password_checks().acquire())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(busy)?;
    let matches = password::verify_blocking(password, stored_hash).await?;
    drop(permit);
    // Why a login failed is for the audit log only; the answer is the same for all three.
    let failure = match &found {
        None => Some("unknown_user"),
        Some(_) if !matches => Some("wrong_password"),
        Some(candidate) if !candidate.active => Some("deactivated"),
        Some(_) => None,
    };
    let user = match (found, failure) {
        (Some(candidate), None) => candidate.user,
        (found, reason) => {
            limiter.failed(username, client.0, Instant::now());
            tracing::warn!(user = ?username, address = %client, "login failed: unknown user name or wrong password");
            let audit = NewAuditEntry::new(AuditAction::LoginFailed)
                .by_name(username, found.map(|c| c.user.id))
                .from_address(client.0)
                .detail("reason", reason.unwrap_or("unknown"));
            state.store().audit(&audit, Utc::now()).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    limiter.succeeded(username);

    let token = new_token();
    let now = Utc::now();
    let token_hash = hash_token(&token);
    let user_agent = user_agent(&headers);
    let session = NewSession {
        token_hash: &token_hash,
        user_id: user.id,
        created_at: now,
        expires_at: now + Duration::days(SESSION_DAYS),
        device_id,
        user_agent: user_agent.as_deref(),
    };
    let mut audit = NewAuditEntry::new(AuditAction::LoginSucceeded).by(&user).from_address(client.0);
    if let Some(device) = device_id {
        audit = audit.detail("device_id", device.to_string());
    }
    let session_id = state.store().start_session(&session, &audit).await?;
    let unit = match user.unit_id {
        Some(id) => state.store().unit(id).await?,
        None => None,
    };
    tracing::info!(user = %user.username, address = %client, session = %session_id, "logged in");
    Ok(Json(LoginResponse { token, user, unit }))
}

/// The request's `User-Agent`, cut to a sane length; `None` when absent or not text.
fn user_agent(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::USER_AGENT)?.to_str().ok()?.trim();
    (!value.is_empty())
        .then(|| value.chars().filter(|c| !c.is_control()).take(MAX_USER_AGENT_CHARS).collect())
}

fn too_many_attempts(wait: std::time::Duration) -> ApiError {
    // Whole seconds, rounded up, at least one: `Retry-After: 0` would invite a retry loop.
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let minutes = seconds.div_ceil(60);
    ApiError::RetryLater {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "too_many_attempts",
        message: format!(
            "For mange forkerte forsøg. Prøv igen om {minutes} min. / \
             Too many failed attempts; try again in {seconds} seconds."
        ),
        retry_after_secs: seconds,
    }
}

fn busy() -> ApiError {
    ApiError::RetryLater {
        status: StatusCode::SERVICE_UNAVAILABLE,
        code: "busy",
        message: "Serveren har travlt. Prøv igen om lidt. / The server is busy; try again shortly."
            .to_owned(),
        retry_after_secs: 2,
    }
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
pub(crate) async fn logout(
    State(state): State<AppState>,
    client: ClientAddr,
    auth: AuthUser,
) -> Result<StatusCode, ApiError> {
    let audit = NewAuditEntry::new(AuditAction::Logout)
        .by(&auth.user)
        .on(auth.session_id.to_string())
        .from_address(client.0);
    state.store().end_session_audited(&auth.token_hash, &audit, Utc::now()).await?;
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
