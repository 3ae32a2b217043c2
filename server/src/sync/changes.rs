//! `GET /api/sync/v1/changes`: the change log after a cursor, in pages.

use super::query_number;
use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::sync::{ChangesPage, MAX_PULL_PAGE};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use tracing::instrument;
use utoipa::IntoParams;

/// Page size when the client does not ask for one.
pub const DEFAULT_PULL_PAGE: u32 = 1000;

/// Query of the changes endpoint; read as text so a bad value gets a field-level 422.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ChangesQuery {
    /// The device's cursor: changes with a higher sequence follow. Default 0 (everything).
    #[param(value_type = Option<u64>, minimum = 0)]
    since: Option<String>,
    /// Page size; default 1000, clamped to 1..=10000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 10000)]
    limit: Option<String>,
}

impl ChangesQuery {
    fn parse(&self) -> Result<(u64, u32), ApiError> {
        let mut fields = BTreeMap::new();
        let since = query_number("since", self.since.as_deref(), &mut fields).unwrap_or(0);
        // Out-of-range sizes are clamped, not refused: they are harmless.
        let limit = query_number("limit", self.limit.as_deref(), &mut fields)
            .map_or(DEFAULT_PULL_PAGE, |n| u32::try_from(n).unwrap_or(u32::MAX).clamp(1, MAX_PULL_PAGE));
        if fields.is_empty() { Ok((since, limit)) } else { Err(ApiError::InvalidInput(fields)) }
    }
}

/// [`ChangesPage`] with the records as the stored JSON, so a page of 10,000 records is
/// written out without being parsed into domain values and back.
#[derive(Serialize)]
struct RawChangesPage {
    changes: Vec<RawEntry>,
    cursor: u64,
    has_more: bool,
    latest: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    companies: Option<u64>,
}

#[derive(Serialize)]
struct RawEntry {
    seq: u64,
    record: Box<RawValue>,
}

/// Changes after `since` in sequence order: each record as it now is, or a tombstone.
///
/// Contacts and feedback of other units than the caller's come without their free-text
/// notes, follow-up note and feedback comment (empty strings): other units see that a
/// contact happened, not what was written about it.
///
/// Store the page and `cursor` in one local transaction; ask again from `cursor` while
/// `has_more`. `latest` (the newest sequence) lets a first download show its progress.
/// A record changed several times appears once, at its latest sequence, so sequences
/// have gaps. Large pages are compressed (`Accept-Encoding: br` or `gzip`).
#[utoipa::path(
    get,
    path = "/api/sync/v1/changes",
    tag = "sync",
    params(ChangesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changes after `since`, oldest first", body = ChangesPage),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 422, description = "`since` or `limit` is not a whole number", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub(crate) async fn changes(
    State(state): State<AppState>,
    auth: AuthUser,
    query: Result<Query<ChangesQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::field("query", rejection.body_text()))?;
    let (since, limit) = query.parse()?;
    let page = state.store().changes_since(auth.user.unit_id, since, limit).await?;
    let cursor = page.entries.last().map_or(since, |(seq, _)| *seq);
    // Recorded before answering: a device never holds a cursor the server does not know it sent.
    // A `since` past the end does not count: only what exists can have been sent.
    state.record_served(auth.user.id, cursor.min(page.latest)).await?;
    let body = RawChangesPage {
        changes: page.entries.into_iter().map(|(seq, record)| RawEntry { seq, record }).collect(),
        cursor,
        has_more: page.has_more,
        latest: page.latest.max(cursor),
        companies: page.companies,
    };
    let json = serde_json::to_vec(&body).map_err(anyhow::Error::from)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(since: Option<&str>, limit: Option<&str>) -> ChangesQuery {
        ChangesQuery { since: since.map(Into::into), limit: limit.map(Into::into) }
    }

    #[test]
    fn since_defaults_to_zero_and_limits_clamp() {
        assert_eq!(query(None, None).parse().ok(), Some((0, DEFAULT_PULL_PAGE)));
        assert_eq!(query(Some("7"), Some("0")).parse().ok(), Some((7, 1)));
        assert_eq!(query(None, Some("99999999999")).parse().ok(), Some((0, MAX_PULL_PAGE)));
    }

    #[test]
    fn bad_numbers_name_their_field() {
        let Err(ApiError::InvalidInput(fields)) = query(Some("-1"), Some("x")).parse() else {
            panic!("expected invalid input");
        };
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["limit", "since"]);
    }
}
