//! The HTTP client: the only module that talks to the server.
//!
//! Every failure becomes an [`ApiError`] the UI can explain in the user's language.

use crate::i18n::Key;
use crate::js::prop;
use crate::outbox::Answer;
use crate::wire::{CHANGES, PageHead, PushAnswer};
use gloo_net::http::{Request, Response};
use kontaktpunkt_domain::api::{ErrorBody, LoginRequest, LoginResponse};
use kontaktpunkt_domain::sync::PROTOCOL_VERSION;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

/// Why a request did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server does not know this username/password.
    InvalidCredentials,
    /// The token is no longer valid; the user must log in again.
    Unauthorized,
    /// An admin revoked this device (a lost phone): its local data must be wiped.
    DeviceRevoked,
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
            Self::DeviceRevoked => Key::DeviceRevoked,
            Self::Offline => Key::ErrOffline,
            Self::Server(_) => Key::ErrServer,
        }
    }
}

/// `POST /api/login`, naming this installation (`device_id`) so the session can be told apart
/// in the user's list of sessions.
pub async fn login(
    username: &str,
    password: &str,
    device_id: Option<Uuid>,
) -> Result<LoginResponse, ApiError> {
    let body = LoginRequest { username: username.to_owned(), password: password.to_owned(), device_id };
    // Encoded by the browser (`JSON.stringify`): the app carries no JSON library of its own.
    let text = serde_wasm_bindgen::to_value(&body)
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .ok_or_else(|| ApiError::Server("encoding login".into()))?;
    let request = Request::post("/api/login")
        .header("Content-Type", "application/json")
        .body(text)
        .map_err(|e| ApiError::Server(format!("encoding login: {e}")))?;
    let response = request.send().await.map_err(|_| ApiError::Offline)?;
    decode(response).await
}

/// `POST /api/logout`: ends the session on the server, so its token opens nothing any more.
/// An already ended session (401) counts as done.
pub async fn logout(token: &str) -> Result<(), ApiError> {
    let response = Request::post("/api/logout")
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| ApiError::Offline)?;
    match response.status() {
        200..=299 | 401 => Ok(()),
        _ => Err(decode::<()>(response).await.err().unwrap_or(ApiError::Server("unexpected success".into()))),
    }
}

/// `POST /api/sync/v1/push` of stored mutations (JS objects, sent as they were written), in
/// outbox order; the answer per mutation id. The body is a `PushRequest` of protocol 1.
pub async fn push(
    token: &str,
    device_id: Uuid,
    mutations: &[JsValue],
) -> Result<Vec<(Uuid, Answer)>, ApiError> {
    let body = js_sys::Object::new();
    let list: js_sys::Array = mutations.iter().collect();
    for (key, value) in [
        ("protocol", JsValue::from(PROTOCOL_VERSION)),
        ("device_id", JsValue::from_str(&device_id.to_string())),
        ("mutations", list.into()),
    ] {
        let _ = js_sys::Reflect::set(&body, &key.into(), &value);
    }
    let text = js_sys::JSON::stringify(&body).map_err(|_| ApiError::Server("encoding push".into()))?;
    let response = Request::post("/api/sync/v1/push")
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .body(text)
        .map_err(|e| ApiError::Server(format!("encoding push: {e}")))?
        .send()
        .await
        .map_err(|_| ApiError::Offline)?;
    let answer = json_body(response).await?;
    // An answer this version cannot read acknowledges nothing: every entry stays queued.
    let answer: PushAnswer =
        serde_wasm_bindgen::from_value(answer).map_err(|e| ApiError::Server(format!("push answer: {e}")))?;
    Ok(answer.answers())
}

/// The JSON body of a 2xx answer as the browser parses it (no copy through Rust).
async fn json_body(response: Response) -> Result<JsValue, ApiError> {
    if !response.ok() {
        return Err(decode::<()>(response)
            .await
            .err()
            .unwrap_or(ApiError::Server("unexpected success".into())));
    }
    let raw: web_sys::Response = response.into();
    let promise = raw.json().map_err(|_| ApiError::Server("no body".into()))?;
    // A connection dropped mid-body is the network's fault, not the server's.
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| ApiError::Offline)
}

/// One page of the change log as the browser parsed it: a `ChangesPage` as a JS object, so
/// its records can go into IndexedDB without a round trip through Rust.
pub struct RawChangesPage {
    pub changes: js_sys::Array,
    pub cursor: u64,
    pub has_more: bool,
    pub latest: u64,
    /// Companies in the server's whole log, while more pages follow.
    pub companies: Option<u64>,
}

/// `GET /api/sync/v1/changes?since=…&limit=…`, sent now (not when first awaited), so a page
/// downloads while the previous one is being stored.
pub fn changes_started(
    token: &str,
    since: u64,
    limit: u32,
) -> impl std::future::Future<Output = Result<RawChangesPage, ApiError>> + use<> {
    let sent = Request::get(&format!("/api/sync/v1/changes?since={since}&limit={limit}"))
        .header("Authorization", &format!("Bearer {token}"))
        .build()
        .ok()
        .and_then(|request| Some(web_sys::window()?.fetch_with_request(&request.into())));
    async move {
        let sent = sent.ok_or(ApiError::Offline)?;
        let response = wasm_bindgen_futures::JsFuture::from(sent).await.map_err(|_| ApiError::Offline)?;
        changes_page(Response::from(web_sys::Response::from(response))).await
    }
}

async fn changes_page(response: Response) -> Result<RawChangesPage, ApiError> {
    if !response.ok() {
        return Err(decode::<()>(response)
            .await
            .err()
            .unwrap_or(ApiError::Server("unexpected success".into())));
    }
    let unexpected = |what: &str| ApiError::Server(format!("changes page: {what}"));
    let raw: web_sys::Response = response.into();
    let promise = raw.json().map_err(|_| unexpected("no body"))?;
    // A connection dropped mid-body is the network's fault, not the server's.
    let page = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| ApiError::Offline)?;
    let head: PageHead =
        serde_wasm_bindgen::from_value(page.clone()).map_err(|e| unexpected(&e.to_string()))?;
    Ok(RawChangesPage {
        changes: prop(&page, CHANGES).dyn_into().map_err(|_| unexpected("changes is not a list"))?,
        cursor: head.cursor,
        has_more: head.has_more,
        latest: head.latest,
        companies: head.companies,
    })
}

/// The body of a 2xx answer, or the error the status and [`ErrorBody`] describe.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let ok = response.ok();
    // Parsed by the browser (`Response.json()`), read with serde_wasm_bindgen.
    let raw: web_sys::Response = response.into();
    let body = match raw.json() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    if ok {
        let body = body.ok_or_else(|| ApiError::Server("unexpected body".into()))?;
        return serde_wasm_bindgen::from_value(body)
            .map_err(|e| ApiError::Server(format!("unexpected body: {e}")));
    }
    let body: Option<ErrorBody> = body.and_then(|b| serde_wasm_bindgen::from_value(b).ok());
    let code = body.as_ref().map_or("", |b| b.error.as_str());
    Err(match (status, code) {
        (401, "invalid_credentials") => ApiError::InvalidCredentials,
        (401, "device_revoked") => ApiError::DeviceRevoked,
        (401, _) => ApiError::Unauthorized,
        // A proxy or the service worker answering for an unreachable server.
        (502..=504, _) if body.is_none() => ApiError::Offline,
        _ => ApiError::Server(format!("HTTP {status} {code}")),
    })
}
