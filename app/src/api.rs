//! The HTTP client: the only module that talks to the server.
//!
//! Every failure becomes an [`ApiError`] the UI can explain in the user's language.

use crate::i18n::Key;
use gloo_net::http::{Request, Response};
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::api::{CompanyPage, ErrorBody, LoginRequest, LoginResponse};
use serde::de::DeserializeOwned;

/// Why a request did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server does not know this username/password.
    InvalidCredentials,
    /// The token is no longer valid; the user must log in again.
    Unauthorized,
    /// The request never reached the server (no signal, server down, DNS, …).
    Offline,
    /// The server answered, but not as agreed (5xx, unexpected status or body).
    Server(String),
}

impl ApiError {
    /// The text to show the user.
    pub fn key(&self) -> Key {
        match self {
            Self::InvalidCredentials => Key::ErrWrongCredentials,
            Self::Unauthorized => Key::ErrSessionExpired,
            Self::Offline => Key::ErrOffline,
            Self::Server(_) => Key::ErrServer,
        }
    }
}

/// `POST /api/login`.
pub async fn login(username: &str, password: &str) -> Result<LoginResponse, ApiError> {
    let body = LoginRequest { username: username.to_owned(), password: password.to_owned() };
    let request = Request::post("/api/login")
        .json(&body)
        .map_err(|e| ApiError::Server(format!("encoding login: {e}")))?;
    let response = request.send().await.map_err(|_| ApiError::Offline)?;
    decode(response).await
}

/// `GET /api/companies?after=…&limit=…`: the next page of companies after `after`.
pub async fn companies(token: &str, after: Option<&Cvr>, limit: u32) -> Result<CompanyPage, ApiError> {
    let url = match after {
        Some(cvr) => format!("/api/companies?after={cvr}&limit={limit}"),
        None => format!("/api/companies?limit={limit}"),
    };
    let response = Request::get(&url)
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| ApiError::Offline)?;
    decode(response).await
}

/// The body of a 2xx answer, or the error the status and [`ErrorBody`] describe.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response.json().await.map_err(|e| ApiError::Server(format!("unexpected body: {e}")));
    }
    let body: Option<ErrorBody> = response.json().await.ok();
    let code = body.as_ref().map_or("", |b| b.error.as_str());
    Err(match (status, code) {
        (401, "invalid_credentials") => ApiError::InvalidCredentials,
        (401, _) => ApiError::Unauthorized,
        // A proxy or the service worker answering for an unreachable server.
        (502..=504, _) if body.is_none() => ApiError::Offline,
        _ => ApiError::Server(format!("HTTP {status} {code}")),
    })
}
