//! `POST /api/sync/v1/push`: a device's outbox batch, applied at most once per mutation.
//!
//! The body is read in two steps so one bad mutation cannot fail the batch: the envelope
//! (protocol, device, mutation ids) must be well-formed, or the whole push is a 400; each
//! mutation body that does not parse (a bad CVR number, an unknown enum value) is answered
//! `rejected` on its own.

use super::reasons;
use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::store::{Incoming, PushContext, canonical_hash};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::sync::{
    MAX_PUSH_BATCH, Mutation, PROTOCOL_VERSION, PushRequest, PushResponse, Reason,
};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use tracing::instrument;
use uuid::Uuid;

/// The latest UTC offset in use (UTC+14): a date after "today" there is in the future for
/// every device, so a device's local date is never refused for its time zone.
const LATEST_UTC_OFFSET_HOURS: i64 = 14;

/// Just the protocol version, read before anything else so a newer client gets a clear
/// answer even if the rest of its message has changed shape.
#[derive(Deserialize)]
struct ProtocolProbe {
    protocol: Option<Value>,
}

/// The envelope with each mutation left unparsed.
#[derive(Deserialize)]
struct Envelope<'a> {
    device_id: Uuid,
    #[serde(borrow)]
    mutations: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct MutationId {
    id: Uuid,
}

/// Applies the mutations in order, each at most once, and answers each after commit.
///
/// Answers per mutation: `applied` (with its sequence), `duplicate` (applied before: drop
/// it from the outbox), `conflict` (applied, with how a concurrent change was decided) or
/// `rejected` (with a stable code and Danish and English texts; a retry gets the same answer).
#[utoipa::path(
    post,
    path = "/api/sync/v1/push",
    tag = "sync",
    request_body = PushRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One result per mutation, in order; sent only after commit", body = PushResponse),
        (status = 400, description = "Another protocol version (`unsupported_protocol`), more than 500 mutations, \
                                      or an unreadable envelope or mutation id (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid session; the outbox waits for the next login", body = ErrorBody),
        (status = 413, description = "The body is larger than 16 MiB (`payload_too_large`); send fewer mutations", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user = %auth.user.username))]
pub(crate) async fn push(
    State(state): State<AppState>,
    auth: AuthUser,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let body = body.map_err(body_rejection)?;
    let DecodedPush { device_id, incoming } = decode_push(&body)?;
    let now = Utc::now();
    let ctx = PushContext {
        user: auth.user,
        device_id,
        now,
        today: (now + Duration::hours(LATEST_UTC_OFFSET_HOURS)).date_naive(),
    };
    let count = incoming.len();
    let results = state.store().push(ctx, incoming).await?;
    tracing::debug!(count, "push applied");
    Ok(Json(PushResponse { results }))
}

/// A push body as far as it is read before the database: the device and each mutation.
#[derive(Debug)]
pub struct DecodedPush {
    pub device_id: Uuid,
    pub incoming: Vec<Incoming>,
}

/// Reads a push body: the protocol version first, then the envelope (a 400 when it is not
/// well-formed or too long), then each mutation on its own, so an unreadable one is kept with
/// its id to be answered `rejected`. Public for the fuzz target (`fuzz/`): it must never
/// panic, whatever the bytes.
pub fn decode_push(body: &[u8]) -> Result<DecodedPush, ApiError> {
    let probe: ProtocolProbe = serde_json::from_slice(body).map_err(bad_request)?;
    if probe.protocol.as_ref().and_then(Value::as_u64) != Some(u64::from(PROTOCOL_VERSION)) {
        return Err(unsupported_protocol(probe.protocol));
    }
    let envelope: Envelope = serde_json::from_slice(body).map_err(bad_request)?;
    if envelope.mutations.len() > MAX_PUSH_BATCH {
        return Err(ApiError::BadRequest {
            status: StatusCode::BAD_REQUEST,
            message: format!("at most {MAX_PUSH_BATCH} mutations per push; send the rest in the next one"),
        });
    }
    let mut incoming = Vec::with_capacity(envelope.mutations.len());
    for (index, raw) in envelope.mutations.iter().enumerate() {
        // Without an id there is nothing to answer to: the device is broken, not the record.
        let MutationId { id } = serde_json::from_str(raw.get())
            .map_err(|e| ApiError::field(&format!("mutations[{index}].id"), e.to_string()))?;
        incoming.push(match serde_json::from_str::<Mutation>(raw.get()) {
            Ok(mutation) => Incoming::Mutation(mutation),
            Err(error) => Incoming::Unreadable {
                id,
                reason: unreadable(raw, &error),
                body_hash: canonical_hash(&serde_json::from_str(raw.get()).unwrap_or(Value::Null)),
            },
        });
    }
    Ok(DecodedPush { device_id: envelope.device_id, incoming })
}

/// A body that could not be read: too large (413) or cut off; JSON like every other error.
fn body_rejection(rejection: BytesRejection) -> ApiError {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::Refused {
            status,
            code: "payload_too_large",
            message: format!(
                "the push is larger than {} MiB; send fewer mutations at a time",
                super::MAX_PUSH_BYTES / (1024 * 1024)
            ),
            fields: BTreeMap::new(),
        };
    }
    ApiError::BadRequest { status, message: format!("the body could not be read: {}", rejection.body_text()) }
}

fn bad_request(error: serde_json::Error) -> ApiError {
    ApiError::BadRequest { status: StatusCode::BAD_REQUEST, message: format!("not a push request: {error}") }
}

fn unsupported_protocol(got: Option<Value>) -> ApiError {
    let got = got.map_or_else(|| "none".to_owned(), |v| v.to_string());
    ApiError::Refused {
        status: StatusCode::BAD_REQUEST,
        code: "unsupported_protocol",
        message: format!(
            "this server speaks sync protocol {PROTOCOL_VERSION}, the request protocol {got}; update the app"
        ),
        fields: BTreeMap::from([("protocol".to_owned(), format!("must be {PROTOCOL_VERSION}"))]),
    }
}

/// Why a mutation body did not parse: a bad CVR number gets its own code, since devices
/// can let users type one; anything else means the app and server disagree.
fn unreadable(raw: &RawValue, error: &serde_json::Error) -> Reason {
    let value: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
    let change = &value["change"];
    let candidates = [&change["company"], &change["contact"]["company"], &change["feedback"]["company"]];
    for candidate in candidates {
        if let Some(Err(error)) = candidate.as_str().map(Cvr::parse) {
            return reasons::invalid_cvr(&error);
        }
    }
    reasons::malformed(&error.to_string())
}
