//! The one error type at the HTTP edge and its stable JSON body.

use crate::store::StoreError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kontaktpunkt_domain::api::ErrorBody;
use std::collections::BTreeMap;

/// Everything a handler can answer instead of success.
///
/// Client errors carry what the client needs; server errors carry details for the log only.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No valid session: the token is missing, unknown or expired.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// Unknown user or wrong password; deliberately the same answer for both.
    #[error("unknown username or wrong password")]
    InvalidCredentials,
    /// The input failed validation; field name → problem.
    #[error("the input is invalid")]
    InvalidInput(BTreeMap<String, String>),
    /// The body could not be read as the JSON this endpoint expects.
    #[error("{message}")]
    BadRequest { status: StatusCode, message: String },
    /// Logged in, but the role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// A request refused for a reason the user can act on: a stable code, a readable
    /// (Danish, where it is the parser's text for the admin) message, per-field details.
    #[error("{message}")]
    Refused { status: StatusCode, code: &'static str, message: String, fields: BTreeMap<String, String> },
    /// Too many failed logins, or the server is too busy: try again after `retry_after_secs`
    /// (sent as `Retry-After`). `message` is Danish and English.
    #[error("{message}")]
    RetryLater { status: StatusCode, code: &'static str, message: String, retry_after_secs: u64 },
    /// No such API endpoint.
    #[error("no such API endpoint")]
    NotFound,
    /// The endpoint exists but not for this method.
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// The database does not answer.
    #[error("the database is unavailable")]
    Unavailable(#[source] StoreError),
    /// Storage failed; logged, never sent.
    #[error("storage failed")]
    Store(#[from] StoreError),
    /// Anything else that went wrong on our side; logged, never sent.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// An input error on one field.
    pub fn field(name: &str, problem: impl Into<String>) -> Self {
        Self::InvalidInput(BTreeMap::from([(name.to_owned(), problem.into())]))
    }

    /// The HTTP status and stable code of this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            Self::InvalidInput(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            Self::BadRequest { status, .. } => (*status, "bad_request"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::Refused { status, code, .. } | Self::RetryLater { status, code, .. } => (*status, code),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Self::Store(StoreError::Conflict { .. }) => (StatusCode::CONFLICT, "conflict"),
            Self::Store(StoreError::NotPending) => (StatusCode::CONFLICT, "not_pending"),
            Self::Store(_) | Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            // `{:#}` on anyhow prints the cause chain; sqlx errors never hold bound values.
            match &self {
                Self::Internal(error) => tracing::error!(error = format!("{error:#}"), "request failed"),
                Self::Store(error) | Self::Unavailable(error) => {
                    tracing::error!(%error, "request failed")
                }
                _ => tracing::error!(error = %self, "request failed"),
            }
        }
        let retry_after = match &self {
            Self::RetryLater { retry_after_secs, .. } => Some(*retry_after_secs),
            _ => None,
        };
        let fields = match self {
            Self::InvalidInput(ref fields) | Self::Refused { ref fields, .. } => fields.clone(),
            Self::Store(StoreError::Conflict { field }) => {
                BTreeMap::from([(field.to_owned(), "already taken".to_owned())])
            }
            _ => BTreeMap::new(),
        };
        let body = ErrorBody { error: code.to_owned(), message: self.to_string(), fields };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // The rejection text describes the JSON problem (missing field, wrong type), not secrets.
        Self::BadRequest { status: rejection.status(), message: rejection.body_text() }
    }
}

/// Makes every API error answer JSON: an error some layer or extractor answered in plain text
/// (a body timeout, a body limit) gets the stable body with a code for its status.
pub async fn json_error_bodies(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_input",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ if status.is_server_error() => "internal",
        _ => "error",
    };
    let message = status.canonical_reason().unwrap_or("error").to_owned();
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let body = ErrorBody { error: code.to_owned(), message, fields: BTreeMap::new() };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(json))
}

/// Fallback for `/api/...` paths that match no route.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

/// Fallback for API routes called with the wrong method.
pub async fn api_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_do_not_leak_their_details() {
        let error = ApiError::Internal(anyhow::anyhow!("disk /secret/path is full"));
        assert_eq!(error.to_string(), "internal error");
        assert_eq!(error.status_and_code(), (StatusCode::INTERNAL_SERVER_ERROR, "internal"));
    }

    #[test]
    fn conflicts_name_the_field() {
        let response = ApiError::Store(StoreError::Conflict { field: "username" }).into_response();
        assert_eq!(response.status(), StatusCode::CONFLICT);
    }
}
